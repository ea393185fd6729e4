"""How hard the synthetic world is to read: the sizes of everything that is not a trait.

The causal story stays the same at every level (traits drive behaviour); what changes is how
much else drives it too. `easy` is the original world: behaviour depends on the traits plus
per-event noise only, which averages away over a month. `realistic` adds what makes real
digital footprints hard to read (Youyou, Kosinski & Stillwell 2015; Azucar, Marengo & Settanni
2018): per-user habits that have nothing to do with the traits, a shared engagement style,
day-to-day state, a feed that adapts, sparse and churning accounts, and a survey panel with
the response styles of real questionnaires. `hard` turns all of them up.

Every number here is listed, with what it stands for and what it is calibrated to, in
docs/calibration.md; change the two together.
"""

from __future__ import annotations

from dataclasses import dataclass

REALISM_LEVELS = ("easy", "realistic", "hard")
DEFAULT_REALISM = "realistic"


@dataclass(frozen=True)
class Realism:
    """Effect sizes (standard deviations on the scale each channel is drawn on) of the
    trait-free parts of behaviour and of the survey's response styles."""

    # Shared engagement style: one trait-free factor per user that moves sessions, scroll
    # depth, likes, comments, shares, rage clicks, notification and ad responses together.
    style_sd: float = 0.0
    # Per-user habits, each independent of the traits (sd on the channel's log or logit):
    chronotype_sd: float = 0.0  # late-night logit: night owls and early birds
    age_chronotype: float = 0.0  # late-night logit per +15 years of age (older: earlier)
    reading_speed_sd: float = 0.0  # log dwell per post: slow readers and skimmers
    scroll_depth_sd: float = 0.0  # log feed items per session (habit, screen size)
    topic_interest_sd: float = 0.0  # log dwell on provocative posts and the outrage tilt
    tap_style_sd: float = 0.0  # rage-click logit and time-to-act: fat fingers, motor habit
    notification_habit_sd: float = 0.0  # open logit and log latency: phone in a pocket
    push_disabled_share: float = 0.0  # no push permission: opens fall by push_disabled_logit
    push_disabled_logit: float = 0.0
    ad_relevance_sd: float = 0.0  # click and conversion logit: how well the ads fit the user
    interest_breadth_sd: float = 0.0  # log Dirichlet concentration of the topic diet
    device_effects: bool = False  # device/OS on rage clicks, notifications and scrolling
    # Day-to-day state per user: busy days (log sessions) and mood (late-night logit and
    # rage clicks of the impulsive: an interaction).
    busy_day_sd: float = 0.0
    mood_sd: float = 0.0
    # The feed adapts: per user, the outrage tilt and narrowing grow over the first weeks in
    # proportion to what the user engages with (trait plus topic interest plus style).
    feed_adaptation: float = 0.0
    # Sparsity and churn.
    activity_sd: float = 0.45  # log activity
    inactive_share: float = 0.08  # near-inactive accounts (activity x 0.06)
    churn_hazard: float = 0.0  # daily probability that a user leaves for good
    # Non-linear structure: share of the trait's effect that acts only above a threshold.
    threshold_share: float = 0.0
    # Trait signal: scale on every trait's coefficient on behaviour (1 = the original world).
    trait_effect: float = 1.0
    # Survey panel.
    survey_validity: float = 0.8  # weight of the latent trait in the answer
    survey_noise_sd: float = 0.6
    acquiescence_sd: float = 0.0  # a person's shared offset across all answers
    under_reporting: float = 0.0  # share of an undesirable trait's excess not admitted
    extreme_style_sd: float = 0.0  # log spread of a person's answers around the midpoint
    panel_trait_selection: float = 0.0  # panel joining logit per sd of ad_persuadability
    missing_answer_share: float = 0.0  # answers skipped (no row for that trait)


LEVELS: dict[str, Realism] = {
    "easy": Realism(),
    "realistic": Realism(
        style_sd=0.65,
        chronotype_sd=1.0,
        age_chronotype=-0.45,
        reading_speed_sd=0.35,
        scroll_depth_sd=0.45,
        topic_interest_sd=0.85,
        tap_style_sd=1.1,
        notification_habit_sd=0.9,
        push_disabled_share=0.3,
        push_disabled_logit=-1.6,
        ad_relevance_sd=0.6,
        interest_breadth_sd=0.55,
        device_effects=True,
        busy_day_sd=0.5,
        mood_sd=0.6,
        feed_adaptation=0.6,
        activity_sd=0.8,
        inactive_share=0.15,
        churn_hazard=0.004,
        threshold_share=0.4,
        trait_effect=0.55,
        survey_validity=0.6,
        survey_noise_sd=0.65,
        acquiescence_sd=0.3,
        under_reporting=0.25,
        extreme_style_sd=0.3,
        panel_trait_selection=0.4,
        missing_answer_share=0.05,
    ),
    "hard": Realism(
        style_sd=0.85,
        chronotype_sd=1.3,
        age_chronotype=-0.6,
        reading_speed_sd=0.5,
        scroll_depth_sd=0.65,
        topic_interest_sd=1.0,
        tap_style_sd=1.2,
        notification_habit_sd=1.2,
        push_disabled_share=0.4,
        push_disabled_logit=-2.0,
        ad_relevance_sd=0.9,
        interest_breadth_sd=0.8,
        device_effects=True,
        busy_day_sd=0.7,
        mood_sd=0.8,
        feed_adaptation=1.0,
        activity_sd=1.0,
        inactive_share=0.25,
        churn_hazard=0.008,
        threshold_share=0.6,
        trait_effect=0.42,
        survey_validity=0.45,
        survey_noise_sd=0.75,
        acquiescence_sd=0.4,
        under_reporting=0.45,
        extreme_style_sd=0.4,
        panel_trait_selection=0.7,
        missing_answer_share=0.1,
    ),
}

# Device/OS effects (index order of world.DEVICE_OS: android, ios, web) when device_effects is
# on: touch screens produce more accidental repeated taps; iOS users grant push permission
# less often (opt-in rather than opt-out) and web users receive no push at all in practice;
# web users scroll fewer, slower items.
DEVICE_RAGE_LOGIT = (0.35, 0.1, -0.6)
DEVICE_PUSH_DISABLED_EXTRA = (0.0, 0.15, 0.4)
DEVICE_SCROLL_LOG = (0.0, 0.05, -0.35)


def realism(level: str) -> Realism:
    try:
        return LEVELS[level]
    except KeyError:
        raise ValueError(
            f"realism must be one of {', '.join(REALISM_LEVELS)}, got {level!r}"
        ) from None
