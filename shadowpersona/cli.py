"""Command line of the data generator (`python scripts/generate_data.py --help`)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from functools import partial
from pathlib import Path

from shadowpersona import dirty
from shadowpersona.generator import (
    DEFAULT_INCIDENTS,
    DEFAULT_PANEL_SHARE,
    INCIDENT_KINDS,
    GeneratorConfig,
    GeneratorError,
    Incident,
    append,
    generate,
    stderr_progress,
)
from shadowpersona.realism import DEFAULT_REALISM, REALISM_LEVELS

# The defaults of the options that describe a world; --append-days takes them from the world
# being continued instead, so they are None in the parser to tell "given" from "default".
WORLD_DEFAULTS = {
    "users": 2000,
    "days": 30,
    "seed": 42,
    "start_date": date(2026, 10, 1),
    "late_share": 0.0,
    "duplicate_share": 0.0,
    "max_late_days": 3,
    "realism": DEFAULT_REALISM,
    "panel_share": DEFAULT_PANEL_SHARE,
}


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus the error; a one-line error reads better in make output."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or positive, got {value}")
    return value


def _fault_rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a fraction such as 0.02, got {text!r}"
        ) from None
    if not 0.0 <= value <= dirty.MAX_RATE:
        raise argparse.ArgumentTypeError(f"must be from 0 to {dirty.MAX_RATE}, got {text}")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a fraction such as 0.02, got {text!r}"
        ) from None
    if not 0.0 <= value <= 0.5:
        raise argparse.ArgumentTypeError(f"must be from 0 to 0.5, got {text}")
    return value


def _panel_share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction such as 0.1, got {text!r}") from None
    if not 0.01 <= value <= 0.9:
        raise argparse.ArgumentTypeError(f"must be from 0.01 to 0.9, got {text}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _incident(text: str) -> Incident | None:
    if text == "none":
        return None
    kind, _, day = text.partition(":")
    if kind not in INCIDENT_KINDS or not day.isdigit():
        raise argparse.ArgumentTypeError(
            f"expected KIND:DAY with KIND one of {', '.join(INCIDENT_KINDS)} and DAY a day "
            f"number (0 = --start-date), or 'none'; got {text!r}"
        )
    return Incident(kind, int(day))


def incidents_from(values: list[Incident | None] | None) -> tuple[Incident, ...]:
    """The --incident options as a config value: the default world's unless given."""
    if values is None:
        return DEFAULT_INCIDENTS
    return tuple(value for value in values if value is not None)


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="generate_data.py",
        description="Write a synthetic social platform (users with planted latent traits and "
        "their engagement) as Parquet files, one file or folder per table.",
    )
    parser.add_argument(
        "--users",
        type=_positive_int,
        help=f"number of users to simulate (default: {WORLD_DEFAULTS['users']})",
    )
    parser.add_argument(
        "--days",
        type=_positive_int,
        help="number of days of behaviour, starting at --start-date, one daily load each "
        f"(default: {WORLD_DEFAULTS['days']})",
    )
    parser.add_argument(
        "--seed",
        type=_non_negative_int,
        help="random seed; the same arguments give identical files "
        f"(default: {WORLD_DEFAULTS['seed']})",
    )
    parser.add_argument(
        "--start-date",
        type=_iso_date,
        help=f"first simulated day, UTC (default: {WORLD_DEFAULTS['start_date']})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data/raw"),
        help="output folder; replaced only once the new data is complete (default: %(default)s)",
    )
    default_incidents = " ".join(f"{i.kind}:{i.day}" for i in DEFAULT_INCIDENTS)
    parser.add_argument(
        "--incident",
        type=_incident,
        action="append",
        metavar="KIND:DAY",
        help="plant a platform-wide incident for the anomaly detector to find: outage:DAY (the "
        "app is down 12:00-20:00 UTC) or viral:DAY (a viral outrage day); DAY counts from 0 "
        "at --start-date; repeat for several, or 'none' for a quiet world (default: "
        f"{default_incidents}); written to incidents.parquet as ground truth",
    )
    parser.add_argument(
        "--dirty",
        type=_fault_rate,
        default=0.0,
        metavar="RATE",
        help="inject faults into about this fraction of the clickstream's rows (duplicates, "
        "unknown or malformed ids, bad timestamps and values, bots; see shadowpersona/dirty.py) "
        f"and list them in {dirty.MANIFEST} (default: %(default)s, clean data)",
    )
    parser.add_argument(
        "--late-share",
        type=_share,
        metavar="SHARE",
        help="share of events delivered late, 1 to --max-late-days daily loads after the "
        f"day they happened (default: {WORLD_DEFAULTS['late_share']})",
    )
    parser.add_argument(
        "--duplicate-share",
        type=_share,
        metavar="SHARE",
        help="share of events delivered twice, the copy in the same or the next load "
        f"(default: {WORLD_DEFAULTS['duplicate_share']})",
    )
    parser.add_argument(
        "--max-late-days",
        type=_positive_int,
        metavar="N",
        help=f"latest a late event arrives, in days (default: {WORLD_DEFAULTS['max_late_days']})",
    )
    parser.add_argument(
        "--realism",
        choices=REALISM_LEVELS,
        help="how hard the world is to read: easy (behaviour follows the traits plus per-event "
        "noise, the mechanism in clear signals), realistic (trait-free habits, engagement "
        "style, day-to-day state, an adapting feed, churn and a survey with response styles, "
        "calibrated to published recovery figures: docs/calibration.md) or hard "
        f"(default: {WORLD_DEFAULTS['realism']})",
    )
    parser.add_argument(
        "--panel-share",
        type=_panel_share,
        metavar="SHARE",
        help="expected share of users in the survey panel whose self-reports train the "
        f"learned models (default: {WORLD_DEFAULTS['panel_share']})",
    )
    parser.add_argument(
        "--append-days",
        type=_positive_int,
        metavar="N",
        help="continue the world already in --out by N daily loads (same users, seed and "
        "settings, read from its _world.json) instead of generating a new one",
    )
    parser.add_argument("--quiet", action="store_true", help="print no progress lines")
    return parser


def _inject_faults(
    cfg: GeneratorConfig, rate: float, faults: dirty.DirtySummary, root: Path
) -> None:
    faults.injected.update(dirty.inject(cfg, root, rate).injected)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.append_days is not None:
        given = [
            f"--{name.replace('_', '-')}"
            for name in [*WORLD_DEFAULTS, "incident"]
            if getattr(args, name) is not None
        ]
        if args.dirty > 0:
            given.append("--dirty")
        if given:
            parser.error(
                f"--append-days continues the world in --out with its own settings; "
                f"drop {', '.join(given)}"
            )
        return _run(lambda: append(args.out, args.append_days, progress=_progress(args)), args)
    settings = {name: getattr(args, name) for name in WORLD_DEFAULTS}
    settings = {
        name: default if settings[name] is None else settings[name]
        for name, default in WORLD_DEFAULTS.items()
    }
    faults = dirty.DirtySummary()
    cfg = GeneratorConfig(**settings, incidents=incidents_from(args.incident))
    inject = None
    if args.dirty > 0:
        inject = partial(_inject_faults, cfg, args.dirty, faults)
    status = _run(
        lambda: generate(cfg, args.out, progress=_progress(args), post_process=inject), args
    )
    if status == 0 and faults.injected:
        counts = ", ".join(f"{name} {count:,}" for name, count in faults.injected.items())
        print(f"injected faults (listed in {args.out / dirty.MANIFEST}): {counts}")
    return status


def _progress(args: argparse.Namespace):
    return None if args.quiet else stderr_progress


def _run(job, args: argparse.Namespace) -> int:
    try:
        summary = job()
    except GeneratorError as error:
        print(f"generate_data.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("generate_data.py: interrupted; nothing was written", file=sys.stderr)
        return 130
    rows = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.rows.items()))
    print(
        f"wrote {args.out}: {rows} in {summary.seconds:.1f}s "
        f"({summary.events_per_second:,.0f} events/s); {summary.days} days loaded"
    )
    return 0
