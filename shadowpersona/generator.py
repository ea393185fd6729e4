"""Vectorised generator of a synthetic social platform whose users have planted latent traits.

The causal story: each user gets demographics, then correlated latent traits (z-scores whose
means depend on age), then behaviour drawn from those traits plus noise. Nothing downstream
sees the traits except the evaluation models, so the dbt project's profiling can be measured
against the truth.

Determinism: users are processed in fixed blocks of BLOCK_SIZE. Every random draw comes from
a generator seeded by (seed, block, day), so the output depends only on the arguments, not on
how the work is scheduled, and a later day never changes an earlier one.

Loads: the clickstream, notifications and ad impressions are written as daily loads,
`<table>/load_date=YYYY-MM-DD/part-0.parquet` (Hive-style partitions). The load of day D holds
the activity of day D that arrived on time, plus late deliveries from earlier days and
duplicate deliveries (both chosen by a hash of the event id, so they draw nothing from the
random streams). A world can therefore be continued a day at a time (`append`): generating
D days at once and D - 1 days plus one appended day give the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

from shadowpersona import world
from shadowpersona.realism import (
    DEFAULT_REALISM,
    DEVICE_PUSH_DISABLED_EXTRA,
    DEVICE_RAGE_LOGIT,
    DEVICE_SCROLL_LOG,
    REALISM_LEVELS,
    Realism,
    realism,
)

BLOCK_SIZE = 2048
MS_PER_DAY = 86_400_000
SIGNUP_HORIZON_DAYS = 30
# Structured ids: (day + 1) * 10^12 + block * 10^7 + sequence within the block-day, so an id
# is unique, deterministic and independent of every other block and day.
ID_DAY = 10**12
ID_BLOCK = 10**7

# Stream names for seeding: one independent random stream per purpose.
STREAM_USERS = 0
STREAM_DAY = 1
STREAM_CONTENT = 2
STREAM_SURVEY = 3
# The realism effects draw from streams of their own, so that the easy world (all of them
# off) is the original world draw for draw.
STREAM_HABITS = 4
STREAM_STATE = 5
STREAM_RESPONSE_STYLE = 6
# The share of users in the survey panel of the original world; --panel-share moves the
# joining logit by the difference of logits from it.
DEFAULT_PANEL_SHARE = 0.10

TABLES_IN_FOLDERS = ("events", "notifications", "ad_impressions")
SINGLE_FILE_TABLES = ("users", "content", "latent_traits", "survey_responses", "incidents")
# The world's arguments, written beside the data so that `append` can continue it.
WORLD_FILE = "_world.json"
# Parquet row groups of the load files: small late and duplicate pieces are buffered up to this
# many rows before they are written, so that a file is not thousands of tiny row groups.
ROW_GROUP_ROWS = 131_072
# Salts of the hashes that pick late and duplicate deliveries (any fixed, distinct values).
SALT_LATE = 0x5EED_1A7E
SALT_LATE_DAYS = 0x5EED_DA75
SALT_DUPLICATE = 0x5EED_D0B1
SALT_DUPLICATE_DAY = 0x5EED_D0DA
MAX_LATE_DAYS_LIMIT = 30

# Planted incidents: the ground truth for the anomaly detector (marts.eval_anomaly_detection).
# An outage takes the app down from OUTAGE_UTC_HOURS[0] to OUTAGE_UTC_HOURS[1] UTC on its day:
# no session can start and no notification can be opened then. A viral outrage event
# multiplies that day's organic sessions by VIRAL_SESSION_LIFT and makes high-outrage posts
# more shareable (VIRAL_SHARE_LOGIT_LIFT x outrage_score on the logit).
INCIDENT_KINDS = ("outage", "viral")
OUTAGE_UTC_HOURS = (12, 20)
VIRAL_SESSION_LIFT = 1.8
VIRAL_SHARE_LOGIT_LIFT = 1.0


class GeneratorError(Exception):
    """A problem the user can fix (bad argument, unwritable output); shown as one line."""


@dataclass(frozen=True)
class Incident:
    """A platform-wide incident planted on one day (0 = the first day of the window)."""

    kind: str
    day: int


# The default world plants one outage, so that `make run` shows the detector finding it. An
# incident on a day beyond --days is simply not in the window (and not in incidents.parquet).
DEFAULT_INCIDENTS = (Incident("outage", 20),)


@dataclass(frozen=True)
class GeneratorConfig:
    users: int
    days: int
    seed: int
    start_date: date
    incidents: tuple[Incident, ...] = DEFAULT_INCIDENTS
    # Share of events delivered 1 to max_late_days days late (in a later daily load), and
    # share delivered twice (the copy in the same or the next load).
    late_share: float = 0.0
    duplicate_share: float = 0.0
    max_late_days: int = 3
    # The first daily load to write: 0 for a whole world, the number of days already loaded
    # when a world is continued (`append`).
    first_load: int = 0
    # How hard the world is to read (shadowpersona.realism) and the survey panel's share.
    realism: str = DEFAULT_REALISM
    panel_share: float = DEFAULT_PANEL_SHARE

    @property
    def effects(self) -> Realism:
        return realism(self.realism)

    def validate(self) -> None:
        if self.realism not in REALISM_LEVELS:
            raise GeneratorError(
                f"--realism must be one of {', '.join(REALISM_LEVELS)}, got {self.realism!r}"
            )
        if not 0.01 <= self.panel_share <= 0.9:
            raise GeneratorError(f"--panel-share must be from 0.01 to 0.9, got {self.panel_share}")
        if self.users <= 0:
            raise GeneratorError(f"--users must be a positive integer, got {self.users}")
        if self.days <= 0:
            raise GeneratorError(f"--days must be a positive integer, got {self.days}")
        if self.days >= 9000:
            raise GeneratorError(f"--days must be below 9000, got {self.days}")
        if self.seed < 0:
            raise GeneratorError(f"--seed must be zero or positive, got {self.seed}")
        if self.users >= BLOCK_SIZE * 100_000:
            raise GeneratorError(f"--users must be below {BLOCK_SIZE * 100_000:,}")
        for incident in self.incidents:
            if incident.kind not in INCIDENT_KINDS:
                raise GeneratorError(
                    f"--incident kind must be one of {', '.join(INCIDENT_KINDS)}, "
                    f"got {incident.kind!r}"
                )
            if incident.day < 0:
                raise GeneratorError(f"--incident day must be zero or positive, got {incident.day}")
        days = [incident.day for incident in self.incidents]
        if len(days) != len(set(days)):
            raise GeneratorError("--incident: at most one incident per day")
        for name in ("late_share", "duplicate_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 0.5:
                raise GeneratorError(
                    f"--{name.replace('_', '-')} must be from 0 to 0.5, got {value}"
                )
        if not 1 <= self.max_late_days <= MAX_LATE_DAYS_LIMIT:
            raise GeneratorError(
                f"--max-late-days must be from 1 to {MAX_LATE_DAYS_LIMIT}, got {self.max_late_days}"
            )
        if not 0 <= self.first_load < self.days:
            raise GeneratorError(
                f"internal: first load {self.first_load} outside 0..{self.days - 1}"
            )

    def load_date(self, load: int) -> date:
        return self.start_date + timedelta(days=load)

    def to_json(self) -> dict:
        return {
            "users": self.users,
            "days": self.days,
            "seed": self.seed,
            "start_date": self.start_date.isoformat(),
            "incidents": [f"{i.kind}:{i.day}" for i in self.incidents],
            "late_share": self.late_share,
            "duplicate_share": self.duplicate_share,
            "max_late_days": self.max_late_days,
            "realism": self.realism,
            "panel_share": self.panel_share,
        }

    @classmethod
    def from_json(cls, data: dict) -> GeneratorConfig:
        incidents = []
        for text in data["incidents"]:
            kind, _, day = text.partition(":")
            incidents.append(Incident(kind, int(day)))
        return cls(
            users=int(data["users"]),
            days=int(data["days"]),
            seed=int(data["seed"]),
            start_date=date.fromisoformat(data["start_date"]),
            incidents=tuple(incidents),
            late_share=float(data["late_share"]),
            duplicate_share=float(data["duplicate_share"]),
            max_late_days=int(data["max_late_days"]),
            # Worlds written before the knob existed were the easy world.
            realism=str(data.get("realism", "easy")),
            panel_share=float(data.get("panel_share", DEFAULT_PANEL_SHARE)),
        )

    def incident_on(self, day: int) -> str | None:
        return next((i.kind for i in self.incidents if i.day == day), None)

    def during_outage(self, at_ms: np.ndarray) -> np.ndarray:
        """Whether each time (ms since the epoch) falls inside a planted outage."""
        down = np.zeros(at_ms.shape, dtype=bool)
        for incident in self.incidents:
            if incident.kind == "outage":
                day_start = self.start_ms + incident.day * MS_PER_DAY
                down |= (at_ms >= day_start + OUTAGE_UTC_HOURS[0] * 3_600_000) & (
                    at_ms < day_start + OUTAGE_UTC_HOURS[1] * 3_600_000
                )
        return down

    @property
    def n_blocks(self) -> int:
        return -(-self.users // BLOCK_SIZE)

    @property
    def start_ms(self) -> int:
        start = datetime(
            self.start_date.year, self.start_date.month, self.start_date.day, tzinfo=UTC
        )
        return int(start.timestamp() * 1000)

    @property
    def n_content(self) -> int:
        return int(np.clip(self.users * 3, 2_000, 200_000))


def rng_for(seed: int, stream: int, *keys: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream, *keys])


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------


@dataclass
class NamePools:
    """Faker-made pools per country; users draw from them with NumPy (fast and seeded)."""

    first: list[np.ndarray]
    last: list[np.ndarray]
    handle: list[np.ndarray]
    city: list[np.ndarray]
    domain: np.ndarray

    @classmethod
    def build(cls, seed: int, size: int = 300) -> NamePools:
        first, last, handle, city = [], [], [], []
        domains: set[str] = set()
        for index, country in enumerate(world.COUNTRIES):
            fake = Faker(country.locale)
            fake.seed_instance(seed * 1000 + index)
            first.append(np.array([fake.first_name() for _ in range(size)], dtype=object))
            last.append(np.array([fake.last_name() for _ in range(size)], dtype=object))
            # user_name() is ASCII in every locale, so handles and emails stay ASCII.
            handle.append(np.array([fake.user_name() for _ in range(size)], dtype=object))
            city.append(np.array(sorted({fake.city() for _ in range(40)}), dtype=object))
            domains.update(fake.free_email_domain() for _ in range(10))
        return cls(first, last, handle, city, np.array(sorted(domains), dtype=object))


@dataclass
class Habits:
    """Per-user effects on behaviour that are independent of the traits (all zero in the easy
    world). Each is on the scale of the channel it moves: a logit or a log."""

    style: np.ndarray  # shared engagement style (z-score times style_sd)
    late_night: np.ndarray  # chronotype (with age) on the late-night logit
    dwell: np.ndarray  # reading speed on log dwell
    scroll: np.ndarray  # log feed items per session (habit and device)
    topic: np.ndarray  # interest in provocative topics: log dwell and feed tilt
    tap: np.ndarray  # rage-click logit (tap style and device)
    act: np.ndarray  # time-to-act logit (motor habit)
    notif_open: np.ndarray  # open logit (habit, push permission)
    notif_latency: np.ndarray  # log open latency
    ad: np.ndarray  # ad relevance on the click and conversion logits
    churn_day: np.ndarray  # the day the user leaves for good (inf: never)


@dataclass
class UserBlock:
    """One block of users: attributes, latent traits and behavioural parameters."""

    block: int
    user_id: np.ndarray  # int64
    country: np.ndarray  # index into world.COUNTRIES
    offset_ms: np.ndarray  # local time = UTC + offset
    signup_ms: np.ndarray
    traits: np.ndarray  # (n, 6) z-scores, columns in world.TRAITS order
    activity: np.ndarray  # multiplier on how often the user opens the app
    category_cdf: np.ndarray  # (n, n_categories) cumulative feed preference
    table: pa.Table  # the users table rows (with PII)
    habits: Habits
    preference: np.ndarray  # (n, n_categories) the feed preference before it adapts
    adapt_tilt: np.ndarray  # how far the feed leans into outrage once it has adapted
    adapt_narrow: np.ndarray  # how far it narrows onto the user's favourite topics

    @property
    def size(self) -> int:
        return len(self.user_id)


def make_user_block(cfg: GeneratorConfig, block: int, pools: NamePools) -> UserBlock:
    rng = rng_for(cfg.seed, STREAM_USERS, block)
    first_id = block * BLOCK_SIZE + 1
    n = min(BLOCK_SIZE, cfg.users - block * BLOCK_SIZE)
    user_id = np.arange(first_id, first_id + n, dtype=np.int64)

    weights = np.array([c.weight for c in world.COUNTRIES])
    country = rng.choice(len(world.COUNTRIES), size=n, p=weights / weights.sum())
    offset_min = np.array([c.utc_offset_minutes for c in world.COUNTRIES])[country]
    # Age: a young-skewed platform, 13 to 80.
    age = np.clip(np.round(14 + rng.gamma(shape=2.2, scale=8.5, size=n)), 13, 80).astype(np.int16)
    gender = rng.choice(len(world.GENDERS), size=n, p=world.GENDER_WEIGHTS)
    device = rng.choice(len(world.DEVICE_OS), size=n, p=world.DEVICE_WEIGHTS)
    # Most users signed up in the two years before the window; 8 % sign up during its first
    # SIGNUP_HORIZON_DAYS days. The horizon does not depend on --days, so that simulating more
    # days never changes the users (a shorter run simply ends before some of them join).
    signup_offset_days = np.where(
        rng.random(n) < 0.08,
        rng.uniform(0, SIGNUP_HORIZON_DAYS, n),
        -rng.uniform(1, 730, n),
    )
    signup_ms = cfg.start_ms + (signup_offset_days * MS_PER_DAY).astype(np.int64)

    chol = np.linalg.cholesky(world.TRAIT_CORRELATION)
    traits = rng.standard_normal((n, len(world.TRAITS))) @ chol.T
    traits += np.outer((age - 35) / 15, world.TRAIT_AGE_SLOPE)

    # Activity: log-normal, higher for compulsive and notification-driven users; about 8 % are
    # near-inactive accounts that open the app once a week or less.
    effects = cfg.effects
    habits_rng = rng_for(cfg.seed, STREAM_HABITS, block)
    log_activity = 0.30 * traits[:, 0] + 0.15 * traits[:, 3] + rng.normal(0, 0.45, n)
    is_inactive = rng.random(n) < 0.08
    if effects.activity_sd != 0.45 or effects.inactive_share != 0.08:
        # Wider spread and more near-inactive accounts, from the habits stream; the easy
        # world keeps the original draws.
        log_activity = (
            0.30 * traits[:, 0] + 0.15 * traits[:, 3] + habits_rng.normal(0, effects.activity_sd, n)
        )
        is_inactive = habits_rng.random(n) < effects.inactive_share
    habits = make_habits(effects, habits_rng, age, device, n)
    log_activity = log_activity + 0.25 * habits.style
    activity = np.exp(log_activity) * np.where(is_inactive, 0.06, 1.0)

    # Feed preference over categories: a Dirichlet draw whose concentration falls with the
    # echo-chamber trait (a narrow diet), tilted toward outrage for outrage-susceptible users
    # (the ranking algorithm learns what they linger on).
    popularity = np.array([c.popularity for c in world.CATEGORIES])
    outrage = np.array([c.outrage_mean for c in world.CATEGORIES])
    # The easy world's diet is always drawn from the main stream: a gamma draw consumes a
    # variable number of random numbers, and the names drawn after it must match at every
    # level. The other levels then draw their own diet from the habits stream.
    concentration = np.exp(1.6 - 1.1 * traits[:, 5])[:, None]
    tilt = np.exp(0.9 * traits[:, 1][:, None] * (outrage[None, :] - 0.3))
    preference = rng.gamma(concentration * popularity[None, :] * len(popularity) * tilt) + 1e-9
    lean = effects.trait_effect * traits[:, 1] + habits.topic
    if cfg.realism != "easy":
        breadth = habits_rng.normal(0, effects.interest_breadth_sd, n)
        concentration = np.exp(1.6 - 1.1 * effects.trait_effect * traits[:, 5] + breadth)
        tilt = np.exp(0.9 * lean[:, None] * (outrage[None, :] - 0.3))
        alpha = concentration[:, None] * popularity[None, :] * len(popularity) * tilt
        preference = habits_rng.gamma(alpha) + 1e-9
    preference /= preference.sum(axis=1, keepdims=True)
    category_cdf = _cdf(preference)
    # The feedback loop: what the user engages with (outrage susceptibility, topic interest,
    # engagement style), plus the ranking algorithm's own per-user exploration, sets how far
    # the feed leans into outrage and narrows as it learns the user.
    engagement = lean + habits.style
    adapt_tilt = effects.feed_adaptation * (engagement + habits_rng.normal(0, 0.5, n))
    adapt_narrow = effects.feed_adaptation * np.maximum(
        0.0, 0.5 + 0.3 * effects.trait_effect * traits[:, 5] + habits_rng.normal(0, 0.3, n)
    )

    table = _users_table(rng, pools, user_id, country, age, gender, device, signup_ms, offset_min)
    return UserBlock(
        block,
        user_id,
        country,
        offset_min.astype(np.int64) * 60_000,
        signup_ms,
        traits,
        activity,
        category_cdf,
        table,
        habits,
        preference,
        adapt_tilt,
        adapt_narrow,
    )


def _cdf(preference: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(preference, axis=1)
    cdf[:, -1] = 1.0
    return cdf


def make_habits(
    effects: Realism, rng: np.random.Generator, age: np.ndarray, device: np.ndarray, n: int
) -> Habits:
    """The trait-free per-user effects of one block (drawn whatever the level, so that every
    level consumes the habits stream alike; the level only scales them)."""
    z = rng.standard_normal((n, 10))
    style = effects.style_sd * z[:, 0]
    on = 1.0 if effects.device_effects else 0.0
    push_off = rng.random(n) < np.clip(
        effects.push_disabled_share + on * np.array(DEVICE_PUSH_DISABLED_EXTRA)[device], 0, 1
    ) * (effects.push_disabled_share > 0)
    churn_day = np.full(n, np.inf)
    if effects.churn_hazard > 0:
        churn_day = rng.geometric(effects.churn_hazard, n).astype(float) - 1
    return Habits(
        style=style,
        late_night=effects.chronotype_sd * z[:, 1]
        + effects.age_chronotype * (age.astype(float) - 35) / 15,
        dwell=effects.reading_speed_sd * z[:, 2],
        scroll=effects.scroll_depth_sd * z[:, 3]
        + 0.5 * style
        + on * np.array(DEVICE_SCROLL_LOG)[device],
        topic=effects.topic_interest_sd * z[:, 4],
        tap=effects.tap_style_sd * z[:, 5] + 0.8 * style + on * np.array(DEVICE_RAGE_LOGIT)[device],
        act=effects.tap_style_sd * z[:, 6] - 0.5 * style,
        notif_open=effects.notification_habit_sd * z[:, 7]
        + 0.6 * style
        + effects.push_disabled_logit * push_off,
        notif_latency=effects.notification_habit_sd * z[:, 8] + 0.8 * push_off * (on > 0),
        ad=effects.ad_relevance_sd * z[:, 9] + 0.5 * style,
        churn_day=churn_day,
    )


def _users_table(rng, pools, user_id, country, age, gender, device, signup_ms, offset_min):
    n = len(user_id)
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    handle = np.empty(n, dtype=object)
    city = np.empty(n, dtype=object)
    for index in range(len(world.COUNTRIES)):
        members = np.flatnonzero(country == index)
        first[members] = rng.choice(pools.first[index], members.size)
        last[members] = rng.choice(pools.last[index], members.size)
        handle[members] = rng.choice(pools.handle[index], members.size)
        city[members] = rng.choice(pools.city[index], members.size)
    # The user id suffix keeps handles and emails unique, as a real platform enforces.
    handle = handle + "_" + user_id.astype(str).astype(object)
    email = handle + "@" + rng.choice(pools.domain, n)
    return pa.table(
        {
            "user_id": pa.array(user_id, pa.int64()),
            "full_name": pa.array(first + " " + last, pa.string()),
            "handle": pa.array(handle, pa.string()),
            "email": pa.array(email, pa.string()),
            "age": pa.array(age, pa.int16()),
            "gender": pa.array(np.array(world.GENDERS)[gender], pa.string()),
            "country_code": pa.array(
                np.array([c.code for c in world.COUNTRIES])[country], pa.string()
            ),
            "city": pa.array(city, pa.string()),
            "device_os": pa.array(np.array(world.DEVICE_OS)[device], pa.string()),
            "utc_offset_minutes": pa.array(offset_min, pa.int16()),
            "signed_up_at": pa.array(signup_ms, pa.timestamp("ms")),
        }
    )


def latent_traits_table(users: UserBlock) -> pa.Table:
    n_traits = len(world.TRAITS)
    return pa.table(
        {
            "user_id": pa.array(np.repeat(users.user_id, n_traits), pa.int64()),
            "trait": pa.array(np.tile(np.array(world.TRAITS), users.size), pa.string()),
            "latent_score": pa.array(users.traits.ravel(), pa.float64()),
        }
    )


def incidents_table(cfg: GeneratorConfig) -> pa.Table:
    """The planted incidents inside the window: ground truth for the anomaly detector."""
    planted = sorted((i for i in cfg.incidents if i.day < cfg.days), key=lambda i: i.day)
    day_start = np.array([cfg.start_ms + i.day * MS_PER_DAY for i in planted], np.int64)
    hours = np.array(
        [OUTAGE_UTC_HOURS if i.kind == "outage" else (0, 24) for i in planted], np.int64
    ).reshape(-1, 2)
    return pa.table(
        {
            "incident_id": pa.array(np.arange(1, len(planted) + 1), pa.int64()),
            "incident_type": pa.array([i.kind for i in planted], pa.string()),
            "incident_date": pa.array(
                [cfg.start_date + timedelta(days=i.day) for i in planted], pa.date32()
            ),
            "started_at": pa.array(day_start + hours[:, 0] * 3_600_000, pa.timestamp("ms")),
            "ended_at": pa.array(day_start + hours[:, 1] * 3_600_000, pa.timestamp("ms")),
        }
    )


# Traits a respondent is reluctant to admit to (social desirability): their high scorers
# under-report.
UNDESIRABLE_TRAITS = ("compulsive_use", "outrage_susceptibility", "impulsivity")


def survey_table(cfg: GeneratorConfig, users: UserBlock) -> pa.Table:
    """The survey panel: about --panel-share of users (more of the active ones, as volunteers
    are, and in the realistic world more of the persuadable) answered a questionnaire; their
    self-reports are the latent traits seen through noise and response styles. A skipped
    answer has no row."""
    effects = cfg.effects
    rng = rng_for(cfg.seed, STREAM_SURVEY, users.block)
    shift = np.log(cfg.panel_share / (1 - cfg.panel_share)) - np.log(
        DEFAULT_PANEL_SHARE / (1 - DEFAULT_PANEL_SHARE)
    )
    persuadable = users.traits[:, world.TRAITS.index("ad_persuadability")]
    p_panel = sigmoid(
        -2.2 + shift + 0.5 * np.log(users.activity) + effects.panel_trait_selection * persuadable
    )
    in_panel = rng.random(users.size) < p_panel
    members = np.flatnonzero(in_panel)
    n_traits = len(world.TRAITS)
    latent = users.traits[members]
    # Validity 0.8 in the easy world (a decent 10-item Likert scale against a true score);
    # survey_validity and the response styles below in the others.
    noisy = effects.survey_validity * latent + effects.survey_noise_sd * rng.standard_normal(
        latent.shape
    )
    style_rng = rng_for(cfg.seed, STREAM_RESPONSE_STYLE, users.block)
    acquiescence = effects.acquiescence_sd * style_rng.standard_normal((members.size, 1))
    spread = np.exp(effects.extreme_style_sd * style_rng.standard_normal((members.size, 1)))
    undesirable = np.isin(np.array(world.TRAITS), UNDESIRABLE_TRAITS)
    admitted = noisy - effects.under_reporting * undesirable * np.maximum(latent, 0.0)
    answer = (admitted + acquiescence) * spread
    score = np.clip(np.round(3.0 + 0.7 * answer, 1), 1.0, 5.0)
    answered = style_rng.random(latent.shape) >= effects.missing_answer_share
    responded_ms = cfg.start_ms + (rng.uniform(0, cfg.days, members.size) * MS_PER_DAY)
    responded_ms = np.maximum(responded_ms.astype(np.int64), users.signup_ms[members])
    keep = answered.ravel()
    return pa.table(
        {
            "user_id": pa.array(np.repeat(users.user_id[members], n_traits)[keep], pa.int64()),
            "trait": pa.array(np.tile(np.array(world.TRAITS), members.size)[keep], pa.string()),
            "self_report_score": pa.array(score.ravel()[keep], pa.float64()),
            "responded_at": pa.array(np.repeat(responded_ms, n_traits)[keep], pa.timestamp("ms")),
        }
    )


# --------------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------------


@dataclass
class Catalogue:
    category_start: np.ndarray  # first content index of each category (content sorted by it)
    category_size: np.ndarray
    outrage: np.ndarray  # per content index
    sentiment: np.ndarray
    table: pa.Table


def make_catalogue(cfg: GeneratorConfig, pools: NamePools) -> Catalogue:
    rng = rng_for(cfg.seed, STREAM_CONTENT)
    popularity = np.array([c.popularity for c in world.CATEGORIES])
    sizes = np.maximum(1, np.round(popularity / popularity.sum() * cfg.n_content)).astype(int)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    category = np.repeat(np.arange(len(sizes)), sizes)
    n = len(category)
    outrage_mean = np.array([c.outrage_mean for c in world.CATEGORIES])[category]
    # Beta draws around the category mean: most posts near it, a few far off.
    outrage = rng.beta(outrage_mean * 6 + 0.3, (1 - outrage_mean) * 6 + 0.3)
    sentiment = np.clip(0.45 - 1.2 * outrage + rng.normal(0, 0.25, n), -1, 1)
    published_ms = cfg.start_ms - rng.uniform(0, 60, n) * MS_PER_DAY
    creators = np.concatenate(pools.handle)
    table = pa.table(
        {
            "content_id": pa.array(np.arange(1, n + 1), pa.int64()),
            "category": pa.array(
                np.array([c.name for c in world.CATEGORIES])[category], pa.string()
            ),
            "outrage_score": pa.array(np.round(outrage, 4), pa.float64()),
            "sentiment_score": pa.array(np.round(sentiment, 4), pa.float64()),
            "creator_handle": pa.array(rng.choice(creators, n), pa.string()),
            "published_at": pa.array(published_ms.astype(np.int64), pa.timestamp("ms")),
        }
    )
    return Catalogue(starts, sizes, outrage, sentiment, table)


# --------------------------------------------------------------------------------------------
# One day of behaviour for one block of users
# --------------------------------------------------------------------------------------------


@dataclass
class DayTables:
    events: pa.Table
    notifications: pa.Table
    ad_impressions: pa.Table


def _hours_to_ms(rng: np.random.Generator, profile: np.ndarray, n: int) -> np.ndarray:
    hours = rng.choice(24, size=n, p=profile)
    return (hours * 3_600_000 + rng.integers(0, 3_600_000, n)).astype(np.int64)


def _within_group_index(counts: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each consecutive group of the given sizes."""
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(counts.sum()) - starts


def _bend(x: np.ndarray, share: float) -> np.ndarray:
    """A trait's effect with `share` of it acting only above the mean (a hinge scaled to keep
    the same mean and about the same spread): 0 gives x itself."""
    if share == 0:
        return x
    return (1 - share) * x + share * (2.0 * np.maximum(x, 0.0) - 0.8)


def adapted_feed(effects: Realism, users: UserBlock, day: int) -> np.ndarray:
    """The day's cumulative feed preference: the ranking algorithm learns each user over the
    first weeks (progress 1 - e^(-day/10)), leaning into provocative posts for those who
    engage with them and narrowing onto their favourite topics."""
    if effects.feed_adaptation == 0:
        return users.category_cdf
    progress = 1.0 - np.exp(-day / 10.0)
    outrage = np.array([c.outrage_mean for c in world.CATEGORIES])
    preference = users.preference ** (1.0 + progress * users.adapt_narrow[:, None])
    preference = preference * np.exp(
        progress * users.adapt_tilt[:, None] * (outrage[None, :] - 0.3)
    )
    preference /= preference.sum(axis=1, keepdims=True)
    return _cdf(preference)


def simulate_day(
    cfg: GeneratorConfig, users: UserBlock, catalogue: Catalogue, day: int
) -> DayTables:
    rng = rng_for(cfg.seed, STREAM_DAY, users.block, day)
    effects = cfg.effects
    habits = users.habits
    # The traits' effects, scaled by the level; impulsivity and notification reactivity act
    # partly through a threshold (the non-linear structure a linear score misses).
    compulsive, outrage_s, impulsive, reactive, persuadable, _ = (
        effects.trait_effect * users.traits.T
    )
    impulsive = _bend(impulsive, effects.threshold_share)
    reactive = _bend(reactive, effects.threshold_share)
    # Day-to-day state, from a stream of its own: busy days and mood.
    state_rng = rng_for(cfg.seed, STREAM_STATE, users.block, day)
    busy = effects.busy_day_sd * state_rng.standard_normal(users.size)
    mood = effects.mood_sd * state_rng.standard_normal(users.size)
    day_start = cfg.start_ms + day * MS_PER_DAY
    is_weekend = (cfg.start_date + timedelta(days=day)).weekday() >= 5  # Sat, Sun
    id_base = (day + 1) * ID_DAY + users.block * ID_BLOCK
    # A user is on the platform from the local day after signing up. The day's activity is
    # laid out in local time from local midnight (day_start - offset in UTC), so comparing
    # with UTC midnight let users east of UTC act a few hours before their signup.
    present = (users.signup_ms < day_start - users.offset_ms) & (day < habits.churn_day)
    category_cdf = adapted_feed(effects, users, day)

    # --- notifications: the platform nudges engaged users more; reactive users open fast.
    n_notif = rng.poisson(2.5 * np.sqrt(users.activity)) * present
    notif_user = np.repeat(np.arange(users.size), n_notif)
    n_sent = notif_user.size
    sent_ms = (
        day_start
        - users.offset_ms[notif_user]
        + _hours_to_ms(rng, world.NOTIFICATION_HOURS, n_sent)
    )
    p_open = sigmoid(
        -0.7
        + 1.4 * reactive[notif_user]
        + 0.3 * np.log(users.activity[notif_user])
        + habits.notif_open[notif_user]
    )
    opened = rng.random(n_sent) < p_open
    latency_ms = np.exp(
        np.log(900_000)
        - 1.1 * reactive[notif_user]
        + habits.notif_latency[notif_user]
        + rng.normal(0, 1.1, n_sent)
    ).astype(np.int64)
    opened_ms = sent_ms + latency_ms
    opened &= ~cfg.during_outage(opened_ms)
    opened &= latency_ms <= world.NOTIFICATION_EXPIRY_MS
    notification_id = id_base + np.arange(n_sent, dtype=np.int64)
    notif_type = rng.choice(
        len(world.NOTIFICATION_TYPES), n_sent, p=world.NOTIFICATION_TYPE_WEIGHTS
    )
    notifications = pa.table(
        {
            "notification_id": pa.array(notification_id, pa.int64()),
            "user_id": pa.array(users.user_id[notif_user], pa.int64()),
            "notification_type": pa.array(
                np.array(world.NOTIFICATION_TYPES)[notif_type], pa.string()
            ),
            "sent_at": pa.array(sent_ms, pa.timestamp("ms")),
            "opened_at": pa.array(opened_ms, pa.timestamp("ms"), mask=~opened),
        }
    )

    # --- sessions: organic ones (with a late-night share driven by compulsive use) plus one
    # per opened notification.
    weekend_lift = 1.15 if is_weekend else 1.0
    is_viral = cfg.incident_on(day) == "viral"
    if is_viral:
        weekend_lift *= VIRAL_SESSION_LIFT
    n_organic = rng.poisson(2.0 * users.activity * np.exp(0.30 * compulsive + busy) * weekend_lift)
    n_organic = n_organic * present
    org_user = np.repeat(np.arange(users.size), n_organic)
    # Late-night use: compulsive use, chronotype (and age), and a low mood that day.
    is_late = rng.random(org_user.size) < sigmoid(
        -3.6 + 1.6 * compulsive[org_user] + habits.late_night[org_user] - mood[org_user]
    )
    day_profile = world.WEEKEND_HOURS if is_weekend else world.WEEKDAY_HOURS
    local_ms = np.where(
        is_late,
        _hours_to_ms(rng, world.LATE_NIGHT_HOURS, org_user.size),
        _hours_to_ms(rng, day_profile, org_user.size),
    )
    org_start = day_start - users.offset_ms[org_user] + local_ms
    sess_user = np.concatenate([org_user, notif_user[opened]])
    sess_start = np.concatenate([org_start, opened_ms[opened]])
    sess_notif = np.concatenate([np.full(org_user.size, -1, np.int64), notification_id[opened]])
    app_is_up = ~cfg.during_outage(sess_start)
    sess_user, sess_start, sess_notif = (
        sess_user[app_is_up],
        sess_start[app_is_up],
        sess_notif[app_is_up],
    )
    n_sess = sess_user.size

    # Heavy-tailed session length in feed items; compulsive users scroll much further.
    from_notif = sess_notif >= 0
    log_items = (
        np.log(6.0)
        + 0.55 * compulsive[sess_user]
        + habits.scroll[sess_user]
        - 0.3 * from_notif
        + rng.normal(0, 0.9, n_sess)
    )
    n_items = np.minimum(1 + np.floor(np.exp(log_items)), 300).astype(np.int64)

    # --- feed slots: every AD_SLOT_EVERY-th position is an ad, the rest are posts.
    slot_sess = np.repeat(np.arange(n_sess), n_items)
    n_slots = slot_sess.size
    position = _within_group_index(n_items) + 1
    slot_user = sess_user[slot_sess]
    is_ad = position % world.AD_SLOT_EVERY == 0

    # Posts: category from the user's preference, then a post from that category with a
    # popularity skew (the head of each category is seen far more often).
    draw = rng.random(n_slots)
    category = (category_cdf[slot_user] < draw[:, None]).sum(axis=1)
    category = np.minimum(category, len(world.CATEGORIES) - 1)
    within = np.floor(catalogue.category_size[category] * rng.random(n_slots) ** 2.5)
    content_index = catalogue.category_start[category] + within.astype(np.int64)
    content_outrage = catalogue.outrage[content_index]

    # Dwell: fast scrolling for compulsive users, lingering on outrage for susceptible ones.
    log_dwell = (
        np.log(3_200)
        - 0.30 * compulsive[slot_user]
        + habits.dwell[slot_user]
        + (0.4 + 1.0 * outrage_s[slot_user] + habits.topic[slot_user]) * (content_outrage - 0.35)
        + rng.normal(0, 0.65, n_slots)
    )
    ad_dwell = np.exp(np.log(1_500) + rng.normal(0, 0.5, n_slots))
    dwell = np.clip(np.where(is_ad, ad_dwell, np.exp(log_dwell)), 200, 600_000).astype(np.int64)

    # Slot start times: each slot starts after the previous one's dwell plus a scroll gap.
    step = dwell + 300 + rng.exponential(400, n_slots).astype(np.int64)
    cumulative = np.cumsum(step) - step
    session_first_slot = np.cumsum(n_items) - n_items
    slot_ms = sess_start[slot_sess] + cumulative - cumulative[session_first_slot][slot_sess]
    session_last_slot = session_first_slot + n_items - 1
    session_end = slot_ms[session_last_slot] + dwell[session_last_slot]

    # --- actions on posts.
    post = ~is_ad
    out_s = outrage_s[slot_user]
    dwell_z = (np.log(dwell) - np.log(3_200)) / 0.65
    # The engagement style moves likes, comments and shares (trait-free companions) as well as
    # the trait channels below, so a model that sees all features can take it out.
    style = habits.style[slot_user]
    p_like = sigmoid(-2.7 + 0.35 * dwell_z - 0.6 * content_outrage + 1.2 * style)
    p_comment = sigmoid(
        -4.4 + 1.1 * out_s * content_outrage + 0.25 * impulsive[slot_user] + 1.0 * style
    )
    share_lift = 0.8 + (VIRAL_SHARE_LOGIT_LIFT if is_viral else 0.0)
    p_share = sigmoid(
        -4.6 + 1.5 * out_s * content_outrage + share_lift * content_outrage + 1.0 * style
    )
    # Rage clicks: impulsivity, tap style and device; on a bad day the impulsive click more.
    p_rage = sigmoid(
        -5.2
        + 1.4 * impulsive[slot_user]
        + habits.tap[slot_user]
        + (mood[slot_user] * (impulsive[slot_user] > 0))
    )
    # Impulsive users act early in their dwell: time-to-act is a fraction of the dwell.
    act_fraction = sigmoid(
        0.4 - 1.0 * impulsive[slot_user] + habits.act[slot_user] + rng.normal(0, 0.6, n_slots)
    )
    act_ms = slot_ms + (dwell * act_fraction).astype(np.int64)

    action_parts = []
    for name, p in (
        ("like", p_like),
        ("comment", p_comment),
        ("share", p_share),
        ("rage_click", p_rage),
    ):
        hit = np.flatnonzero(post & (rng.random(n_slots) < p))
        action_parts.append((name, hit))

    # --- ads: persuadable users click and convert; impulsive ones click fast.
    ad_slot = np.flatnonzero(is_ad)
    ad_user = slot_user[ad_slot]
    clicked = rng.random(ad_slot.size) < sigmoid(
        -3.9 + 1.2 * persuadable[ad_user] + 0.35 * impulsive[ad_user] + habits.ad[ad_user]
    )
    click_delay = np.exp(
        np.log(2_600) - 0.45 * impulsive[ad_user] + rng.normal(0, 0.5, ad_slot.size)
    ).astype(np.int64)
    converted = clicked & (
        rng.random(ad_slot.size) < sigmoid(-2.0 + 1.1 * persuadable[ad_user] + habits.ad[ad_user])
    )
    ad_ids = rng.integers(1, 301, ad_slot.size)
    ad_impressions = pa.table(
        {
            "ad_impression_id": pa.array(
                id_base + np.arange(ad_slot.size, dtype=np.int64), pa.int64()
            ),
            "user_id": pa.array(users.user_id[ad_user], pa.int64()),
            "ad_id": pa.array(ad_ids, pa.int64()),
            "ad_category": pa.array(
                np.array(world.AD_CATEGORIES)[ad_ids % len(world.AD_CATEGORIES)], pa.string()
            ),
            "shown_at": pa.array(slot_ms[ad_slot], pa.timestamp("ms")),
            "clicked_at": pa.array(
                slot_ms[ad_slot] + click_delay, pa.timestamp("ms"), mask=~clicked
            ),
            "is_converted": pa.array(converted, pa.bool_()),
        }
    )

    # --- assemble the clickstream.
    closes = rng.random(n_sess) < 0.85  # some sessions just time out, with no close event
    post_slots = np.flatnonzero(post)
    parts = [
        ("app_open", sess_user, sess_start, None, sess_notif, None, None),
        (
            "impression",
            slot_user[post_slots],
            slot_ms[post_slots],
            content_index[post_slots],
            None,
            position[post_slots],
            dwell[post_slots],
        ),
    ]
    for name, hit in action_parts:
        parts.append((name, slot_user[hit], act_ms[hit], content_index[hit], None, None, None))
    parts.append(("app_close", sess_user[closes], session_end[closes], None, None, None, None))
    events = _events_table(users, parts, id_base)
    return DayTables(events, notifications, ad_impressions)


def _events_table(users: UserBlock, parts, id_base: int) -> pa.Table:
    type_codes, user_idx, at, content, notif, position, dwell = [], [], [], [], [], [], []
    for name, u, t, c, nid, pos, dw in parts:
        n = u.size
        type_codes.append(np.full(n, world.EVENT_TYPES.index(name), np.int8))
        user_idx.append(u)
        at.append(t)
        content.append(c if c is not None else np.full(n, -1, np.int64))
        notif.append(nid if nid is not None else np.full(n, -1, np.int64))
        position.append(pos if pos is not None else np.full(n, -1, np.int64))
        dwell.append(dw if dw is not None else np.full(n, -1, np.int64))
    type_code = np.concatenate(type_codes)
    user_idx = np.concatenate(user_idx)
    at = np.concatenate(at)
    content = np.concatenate(content)
    notif = np.concatenate(notif)
    position = np.concatenate(position)
    dwell = np.concatenate(dwell)
    # Order by user, time and event type, so that the ids follow the clickstream.
    order = np.lexsort((type_code, at, user_idx))
    n = order.size
    if n >= ID_BLOCK:
        raise GeneratorError("internal: more than 10^7 events in one block-day")
    content, notif, position, dwell = content[order], notif[order], position[order], dwell[order]
    event_id = id_base + np.arange(n, dtype=np.int64)
    return pa.table(
        {
            "event_id": pa.array(event_id, pa.int64()),
            "user_id": pa.array(users.user_id[user_idx[order]], pa.int64()),
            "event_at": pa.array(at[order], pa.timestamp("ms")),
            "received_at": pa.array(at[order] + upload_delay_ms(event_id), pa.timestamp("ms")),
            "event_type": pa.DictionaryArray.from_arrays(
                pa.array(type_code[order], pa.int8()), pa.array(world.EVENT_TYPES, pa.string())
            ),
            "content_id": pa.array(content + 1, pa.int64(), mask=content < 0),
            "notification_id": pa.array(notif, pa.int64(), mask=notif < 0),
            "feed_position": pa.array(position, pa.int32(), mask=position < 0),
            "dwell_ms": pa.array(dwell, pa.int32(), mask=dwell < 0),
        }
    )


def _mix64(event_id: np.ndarray, salt: int = 0) -> np.ndarray:
    """splitmix64 of each id (plus a salt): a fixed pseudo-random 64-bit value per event."""
    x = event_id.astype(np.uint64) + np.uint64((0x9E3779B97F4A7C15 + salt) % 2**64)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _unit(event_id: np.ndarray, salt: int) -> np.ndarray:
    """A fixed uniform [0, 1) value per event id."""
    return (_mix64(event_id, salt) >> np.uint64(11)).astype(np.float64) / float(2**53)


def upload_delay_ms(event_id: np.ndarray) -> np.ndarray:
    """Server receive delay of each event, 50 ms to 30 s: a hash of the event id (splitmix64),
    so that adding the column draws nothing from the random streams and changes no other value."""
    return (np.uint64(50) + _mix64(event_id) % np.uint64(29_950)).astype(np.int64)


def deliveries(cfg: GeneratorConfig, day: int, events: pa.Table) -> Iterator[tuple[int, pa.Table]]:
    """The day's events as (load, rows) pieces: most arrive in the day's own load; a
    late_share of them 1 to max_late_days loads later (received_at moves with them), and a
    duplicate_share arrive a second time, as an identical copy received 1 s to 2 min after
    the first delivery, in the same load or the next one. All choices hash the event id."""
    if cfg.late_share == 0 and cfg.duplicate_share == 0:
        yield day, events
        return
    event_id = events["event_id"].to_numpy()
    received = events["received_at"].cast(pa.int64()).to_numpy()
    late_days = np.where(
        _unit(event_id, SALT_LATE) < cfg.late_share,
        1 + (_mix64(event_id, SALT_LATE_DAYS) % np.uint64(cfg.max_late_days)).astype(np.int64),
        0,
    )
    received = received + late_days * MS_PER_DAY
    events = events.set_column(
        events.schema.get_field_index("received_at"),
        "received_at",
        pa.array(received, pa.timestamp("ms")),
    )
    copied = np.flatnonzero(_unit(event_id, SALT_DUPLICATE) < cfg.duplicate_share)
    copy_mix = _mix64(event_id[copied], SALT_DUPLICATE_DAY)
    copy_days = (copy_mix % np.uint64(2)).astype(np.int64)
    retry_ms = 1_000 + (copy_mix >> np.uint64(1)) % np.uint64(119_000)
    copies = events.take(copied)
    copies = copies.set_column(
        copies.schema.get_field_index("received_at"),
        "received_at",
        pa.array(
            received[copied] + copy_days * MS_PER_DAY + retry_ms.astype(np.int64),
            pa.timestamp("ms"),
        ),
    )
    for lateness in range(cfg.max_late_days + 1):
        rows = np.flatnonzero(late_days == lateness)
        if rows.size:
            yield day + lateness, events.take(rows)
    copy_load = late_days[copied] + copy_days
    for lateness in np.unique(copy_load):
        yield day + int(lateness), copies.take(np.flatnonzero(copy_load == lateness))


# --------------------------------------------------------------------------------------------
# Writing: everything goes to a temporary folder next to the target, then is moved in place.
# --------------------------------------------------------------------------------------------


@dataclass
class GenerationSummary:
    users: int
    days: int
    rows: dict[str, int]
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.rows.get("events", 0) / max(self.seconds, 1e-9)


def parquet_write_options(schema: pa.Schema) -> dict:
    """How every raw Parquet file is written: zstd, with dictionary encoding only for text
    columns (event types, categories, countries). Ids, timestamps and measures are nearly
    unique within a row group, so a dictionary for them is tried, abandoned and paid for:
    on 2.1M events it made the writer 2.4x slower and the file 1.65x larger."""
    text = [
        field.name
        for field in schema
        if pa.types.is_string(field.type)
        or pa.types.is_large_string(field.type)
        or pa.types.is_dictionary(field.type)
    ]
    return {"compression": "zstd", "use_dictionary": text}


class _Writers:
    """Parquet writers: one file per single-file table, one file per daily load otherwise.

    Encoding Parquet costs about as much as generating the rows, so writes run on one
    background thread (pyarrow releases the GIL) while the next block-day is simulated. At
    most MAX_PENDING tables wait in the queue, and each load buffers at most ROW_GROUP_ROWS
    rows, which bounds memory.
    """

    MAX_PENDING = 4

    def __init__(
        self,
        root: Path,
        cfg: GeneratorConfig,
        background: bool = True,
        max_pending: int = MAX_PENDING,
    ):
        self.root = root
        self.cfg = cfg
        self.files: dict[str, pq.ParquetWriter] = {}
        self.buffers: dict[str, list[pa.Table]] = {}
        self.rows: dict[str, int] = {}
        self.pending: deque[Future] = deque()
        self.max_pending = max_pending
        # background=False writes in the calling thread: the same files, for tests to compare.
        self.pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet-writer")
            if background
            else _InlineExecutor()
        )

    def _path(self, key: str) -> Path:
        name, _, load = key.partition("/")
        if not load:
            return self.root / f"{name}.parquet"
        folder = self.root / name / f"load_date={self.cfg.load_date(int(load)).isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "part-0.parquet"

    def write(self, name: str, table: pa.Table, load: int | None = None) -> None:
        """Queue rows for a single-file table (load None) or for one daily load."""
        self.rows[name] = self.rows.get(name, 0) + table.num_rows
        key = name if load is None else f"{name}/{load}"
        if load is None:
            self._flush(key, [table])
            return
        buffer = self.buffers.setdefault(key, [])
        buffer.append(table)
        if sum(t.num_rows for t in buffer) >= ROW_GROUP_ROWS:
            self._flush(key, self.buffers.pop(key))

    def _flush(self, key: str, tables: list[pa.Table]) -> None:
        table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
        if key not in self.files:
            self.files[key] = pq.ParquetWriter(
                self._path(key), table.schema, **parquet_write_options(table.schema)
            )
        self.pending.append(self.pool.submit(self.files[key].write_table, table))
        while len(self.pending) > self.max_pending:
            self.pending.popleft().result()

    def close(self) -> None:
        try:
            for key in sorted(self.buffers):
                self._flush(key, self.buffers[key])
            self.buffers.clear()
            while self.pending:
                self.pending.popleft().result()
            for writer in self.files.values():
                writer.close()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _InlineExecutor:
    """Runs each task at once in the calling thread (the ThreadPoolExecutor calls we use)."""

    def submit(self, function: Callable, *args: object) -> Future:
        future: Future = Future()
        future.set_result(function(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None


def iter_blocks(cfg: GeneratorConfig, pools: NamePools) -> Iterator[UserBlock]:
    for block in range(cfg.n_blocks):
        yield make_user_block(cfg, block, pools)


def generate(
    cfg: GeneratorConfig,
    out: Path,
    progress: Callable[[str], None] | None = None,
    post_process: Callable[[Path], None] | None = None,
    background_writer: bool = True,
) -> GenerationSummary:
    """Generate the whole world into `out` atomically: the folder is replaced only on success.

    `post_process` (e.g. shadowpersona.dirty's fault injection) runs on the finished folder
    before the swap, so a failure there leaves the old data in place too."""
    cfg.validate()
    if cfg.first_load != 0:
        raise GeneratorError("internal: generate() writes a whole world; use append()")
    out = Path(out)
    check_output_folder(out)
    staging = _staging_folder(out)
    started = time.perf_counter()
    try:
        summary = _generate_into(
            cfg, staging, progress or (lambda _message: None), started, background_writer
        )
        if post_process is not None:
            post_process(staging)
        write_world(staging, cfg)  # after post-processing: the record lists the final files
        _replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def read_world(out: Path) -> GeneratorConfig:
    """The arguments of the world generated into `out` (from its WORLD_FILE)."""
    path = Path(out) / WORLD_FILE
    try:
        return GeneratorConfig.from_json(json.loads(path.read_text()))
    except FileNotFoundError:
        raise GeneratorError(
            f"{path} not found: there is no generated world to continue in {out} "
            "(generate one first, without --append-days)"
        ) from None
    except (ValueError, KeyError, TypeError) as error:
        raise GeneratorError(f"{path} is not a readable world description ({error})") from None


def append(
    out: Path,
    days: int,
    progress: Callable[[str], None] | None = None,
    background_writer: bool = True,
) -> GenerationSummary:
    """Continue the world in `out` by `days` daily loads (same users, same random streams).

    The new load folders are written next to `out` and moved in only when complete; the
    single-file tables are then replaced (the survey and incident tables depend on the
    number of days) and WORLD_FILE is updated last. A world with injected faults (--dirty)
    cannot be continued: its fault manifest would no longer describe it."""
    out = Path(out)
    old = read_world(out)
    if (out / "_dirty_manifest.parquet").exists():
        raise GeneratorError(
            f"{out} holds injected faults (--dirty); generate a clean world to continue it"
        )
    if days <= 0:
        raise GeneratorError(f"--append-days must be a positive whole number, got {days}")
    problem = world_mismatch(out, old)
    if problem:
        raise GeneratorError(
            f"cannot append to {out}: {problem}; generate the world again (without --append-days)"
        )
    cfg = GeneratorConfig(**{**old.__dict__, "days": old.days + days, "first_load": old.days})
    cfg.validate()
    staging = _staging_folder(out)
    started = time.perf_counter()
    try:
        summary = _generate_into(
            cfg, staging, progress or (lambda _message: None), started, background_writer
        )
        for name in TABLES_IN_FOLDERS:
            for folder in sorted((staging / name).glob("load_date=*")):
                target = out / name / folder.name
                if target.exists():  # left by an append that was interrupted
                    shutil.rmtree(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                folder.rename(target)
        for name in SINGLE_FILE_TABLES:
            os.replace(staging / f"{name}.parquet", out / f"{name}.parquet")
        # The record now covers the old loads and the new: written beside, then swapped in.
        write_world(staging, cfg, files_of=out)
        os.replace(staging / WORLD_FILE, out / WORLD_FILE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


# Where the package lives: generating into the project folder (or a folder holding it) would
# replace the checkout, .git included.
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def check_output_folder(out: Path) -> None:
    """Fail with one line unless `out` is a folder the generator may replace: missing, empty,
    or a raw folder it wrote (it has WORLD_FILE). Never the current folder, the project
    folder, or a folder that holds either: replacing them would take the user's files too."""
    out = Path(out)
    resolved = out.resolve()
    for name, folder in (
        ("the current folder", Path.cwd().resolve()),
        ("the project", _PROJECT_ROOT),
    ):
        if resolved == folder or resolved in folder.parents:
            raise GeneratorError(
                f"--out {out} is {name} or holds it: refusing to replace it (use a folder of "
                "its own, such as data/raw)"
            )
    if not out.exists():
        return
    if not out.is_dir():
        raise GeneratorError(f"--out {out} exists and is not a folder")
    if (out / WORLD_FILE).is_file() or not any(out.iterdir()):
        return
    raise GeneratorError(
        f"--out {out} holds files the generator did not write (it has no {WORLD_FILE}): "
        "refusing to replace it (choose an empty or new folder)"
    )


def _settings_sha256(cfg: GeneratorConfig) -> str:
    return hashlib.sha256(json.dumps(cfg.to_json(), sort_keys=True).encode()).hexdigest()


def _parquet_record(root: Path) -> dict[str, dict[str, int]]:
    """Rows and bytes of every Parquet file under `root`, by path relative to it."""
    return {
        path.relative_to(root).as_posix(): {
            "rows": pq.read_metadata(path).num_rows,
            "bytes": path.stat().st_size,
        }
        for path in sorted(root.rglob("*.parquet"))
    }


def write_world(root: Path, cfg: GeneratorConfig, files_of: Path | None = None) -> None:
    """Write WORLD_FILE into `root`: the world's settings, a digest of them, and the rows and
    size of every Parquet file (of `files_of`, default `root`), so that an append can tell
    an edited description or a deleted or rewritten load from the world as it was written."""
    data = {
        **cfg.to_json(),
        "settings_sha256": _settings_sha256(cfg),
        "files": _parquet_record(files_of or root),
    }
    (root / WORLD_FILE).write_text(json.dumps(data, indent=2) + "\n")


def world_mismatch(out: Path, cfg: GeneratorConfig) -> str | None:
    """Why the data in `out` is not the world its WORLD_FILE describes (None: it is)."""
    data = json.loads((out / WORLD_FILE).read_text())
    digest = data.get("settings_sha256")
    if digest is not None and digest != _settings_sha256(cfg):
        return f"{WORLD_FILE} was edited after the world was written (its settings digest differs)"
    users = out / "users.parquet"
    rows = pq.read_metadata(users).num_rows if users.is_file() else 0
    if rows != cfg.users:
        return f"{WORLD_FILE} says {cfg.users} users but {users} holds {rows}"
    for name in TABLES_IN_FOLDERS:
        have = {folder.name for folder in (out / name).glob("load_date=*")}
        for load in range(cfg.days):
            folder = f"load_date={cfg.load_date(load).isoformat()}"
            if folder not in have:
                return f"the daily load {out / name / folder} is missing"
    actual = _parquet_record(out)
    for path, recorded in data.get("files", {}).items():
        if path not in actual:
            return f"{out / path}, written with the world, is missing"
        if actual[path] != recorded:
            return f"{out / path} changed after the world was written"
    return None


def _staging_folder(out: Path) -> Path:
    resolved = out.resolve()  # `.` and `..` have no name of their own
    parent = resolved.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{resolved.name}.tmp-", dir=parent))
    except OSError as error:
        raise GeneratorError(f"cannot write to {parent}: {error.strerror}") from error


def _generate_into(
    cfg: GeneratorConfig,
    root: Path,
    progress: Callable[[str], None],
    started: float,
    background_writer: bool = True,
) -> GenerationSummary:
    """Write the single-file tables and the daily loads first_load .. days - 1 into `root`."""
    pools = NamePools.build(cfg.seed)
    catalogue = make_catalogue(cfg, pools)
    writers = _Writers(root, cfg, background=background_writer)
    loads = range(cfg.first_load, cfg.days)
    # Late deliveries of earlier days arrive in these loads too: simulate from the first day
    # that can still deliver into them (a duplicate of a late event comes up to a day later).
    first_day = max(0, cfg.first_load - cfg.max_late_days - 1)
    try:
        writers.write("content", catalogue.table)
        writers.write("incidents", incidents_table(cfg))
        report_every = max(1, cfg.n_blocks // 20)
        for users in iter_blocks(cfg, pools):
            writers.write("users", users.table)
            writers.write("latent_traits", latent_traits_table(users))
            writers.write("survey_responses", survey_table(cfg, users))
            for day in range(first_day, cfg.days):
                tables = simulate_day(cfg, users, catalogue, day)
                if day in loads:
                    writers.write("notifications", tables.notifications, day)
                    writers.write("ad_impressions", tables.ad_impressions, day)
                for load, piece in deliveries(cfg, day, tables.events):
                    if load in loads:
                        writers.write("events", piece, load)
            done = users.block + 1
            if done % report_every == 0 or done == cfg.n_blocks:
                elapsed = time.perf_counter() - started
                events = writers.rows.get("events", 0)
                eta = elapsed / done * (cfg.n_blocks - done)
                progress(
                    f"users {min(done * BLOCK_SIZE, cfg.users):,}/{cfg.users:,} "
                    f"({done / cfg.n_blocks:.0%}), {events:,} events, "
                    f"{events / elapsed:,.0f} events/s, about {eta:,.0f}s left"
                )
    finally:
        writers.close()
    (root / WORLD_FILE).write_text(json.dumps(cfg.to_json(), indent=2) + "\n")
    return GenerationSummary(cfg.users, cfg.days, dict(writers.rows), time.perf_counter() - started)


def _replace_folder(staging: Path, out: Path) -> None:
    """Swap the finished folder in; the old data is removed only once the new one is whole."""
    if out.exists() and not out.is_dir():
        raise GeneratorError(f"{out} exists and is not a folder")
    backup = None
    if out.exists():
        backup = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(backup)
    staging.rename(out)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def stderr_progress(message: str) -> None:
    print(f"[generate] {message}", file=sys.stderr, flush=True)
