"""The fixed facts of the synthetic world: traits, countries, content categories, rhythms.

Everything the generator draws from lives here, so that the causal story (latent trait ->
behaviour) can be read in one place and the dbt project can document the same names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The planted latent traits, in a fixed order (the order of TRAIT_CORRELATION's rows).
TRAITS: tuple[str, ...] = (
    "compulsive_use",
    "outrage_susceptibility",
    "impulsivity",
    "notification_reactivity",
    "ad_persuadability",
    "echo_chamber",
)

# Correlation between the latent traits before demographic shifts. Loosely follows the
# finding that problematic use, FOMO and impulsivity go together, and that negativity bias
# and a narrow news diet go together.
TRAIT_CORRELATION = np.array(
    [
        # comp  outr  impu  noti  ad    echo
        [1.00, 0.10, 0.35, 0.45, 0.15, 0.10],
        [0.10, 1.00, 0.25, 0.10, 0.05, 0.40],
        [0.35, 0.25, 1.00, 0.20, 0.35, 0.05],
        [0.45, 0.10, 0.20, 1.00, 0.15, 0.00],
        [0.15, 0.05, 0.35, 0.15, 1.00, 0.05],
        [0.10, 0.40, 0.05, 0.00, 0.05, 1.00],
    ]
)

# Mean shift of each trait per +15 years of age around 35: younger users are more
# compulsive and notification-driven, older users more outrage-prone and echo-chambered.
TRAIT_AGE_SLOPE = np.array([-0.35, 0.15, -0.20, -0.25, 0.10, 0.25])


@dataclass(frozen=True)
class Country:
    code: str
    locale: str
    utc_offset_minutes: int
    weight: float


# Offsets ignore daylight saving time: one fixed offset per country keeps local time exact.
COUNTRIES: tuple[Country, ...] = (
    Country("US", "en_US", -300, 0.30),
    Country("GB", "en_GB", 0, 0.10),
    Country("DE", "de_DE", 60, 0.10),
    Country("FR", "fr_FR", 60, 0.07),
    Country("BR", "pt_BR", -180, 0.12),
    Country("IN", "en_IN", 330, 0.14),
    Country("JP", "ja_JP", 540, 0.07),
    Country("MX", "es_MX", -360, 0.10),
)

GENDERS: tuple[str, ...] = ("female", "male", "non_binary")
GENDER_WEIGHTS = np.array([0.48, 0.48, 0.04])

DEVICE_OS: tuple[str, ...] = ("android", "ios", "web")
DEVICE_WEIGHTS = np.array([0.55, 0.35, 0.10])


@dataclass(frozen=True)
class Category:
    name: str
    popularity: float  # share of the catalogue and of a neutral feed
    outrage_mean: float  # mean outrage score (0-1) of its content


CATEGORIES: tuple[Category, ...] = (
    Category("politics", 0.10, 0.70),
    Category("hot_takes", 0.07, 0.85),
    Category("news", 0.08, 0.45),
    Category("sports", 0.10, 0.25),
    Category("entertainment", 0.12, 0.15),
    Category("music", 0.08, 0.08),
    Category("gaming", 0.08, 0.15),
    Category("tech", 0.07, 0.12),
    Category("fashion", 0.07, 0.10),
    Category("food", 0.09, 0.05),
    Category("travel", 0.07, 0.05),
    Category("pets", 0.07, 0.03),
)

EVENT_TYPES: tuple[str, ...] = (
    "app_open",
    "impression",
    "like",
    "comment",
    "share",
    "rage_click",
    "app_close",
)

NOTIFICATION_TYPES: tuple[str, ...] = ("like", "comment", "follow", "trending", "reminder")
NOTIFICATION_TYPE_WEIGHTS = np.array([0.35, 0.15, 0.10, 0.25, 0.15])

AD_CATEGORIES: tuple[str, ...] = ("retail", "gaming", "finance", "travel", "beauty", "food")

# Every AD_SLOT_EVERY-th feed position is an ad slot instead of a post.
AD_SLOT_EVERY = 6


def _normalise(weights: list[float]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


# fmt: off
# Local hour-of-day profile of ordinary (not late-night) sessions, by kind of day.
WEEKDAY_HOURS = _normalise(
    [0.2, 0.1, 0.05, 0.05, 0.1, 0.4, 1.5, 3.0, 3.5, 2.0, 1.6, 2.0,
     3.2, 2.6, 1.8, 1.8, 2.2, 3.0, 3.6, 4.0, 4.4, 4.6, 3.6, 1.2]
)
WEEKEND_HOURS = _normalise(
    [0.6, 0.3, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.6, 2.6, 3.4, 3.8,
     3.8, 3.4, 3.0, 3.0, 3.0, 3.2, 3.4, 3.8, 4.2, 4.4, 4.0, 2.0]
)
# Hours a late-night session starts at: the "1 a.m. doomscroll".
LATE_NIGHT_HOURS = _normalise(
    [0.26, 0.2, 0.12, 0.07, 0.03, 0, 0, 0, 0, 0, 0, 0,
     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.06, 0.26]
)
# When the platform sends notifications (local time).
# A notification left unopened this long is gone from the phone's notification list: it is
# never opened. Without a limit the long tail of open latencies (a log-normal) put app opens
# days after the world's last day, outside its known period.
NOTIFICATION_EXPIRY_MS = 48 * 3_600_000
NOTIFICATION_HOURS = _normalise(
    [0, 0, 0, 0, 0, 0, 0.2, 0.8, 1.2, 1.2, 1.0, 1.0,
     1.4, 1.2, 1.0, 1.0, 1.2, 1.4, 1.6, 1.8, 1.8, 1.4, 0.8, 0.2]
)
# fmt: on
