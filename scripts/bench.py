"""`make bench`: time the generator, a full dbt build, the floor query and the pandas comparison
on one generated world, and write the results as JSON (see shadowpersona/bench.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shadowpersona.bench import BenchConfig, run_benchmark, summary_lines
from shadowpersona.cli import _OneLineParser, _positive_int


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="bench.py",
        description="Generate one world, then time each step on it and report medians, peak "
        "memory and the ratios between steps.",
    )
    parser.add_argument(
        "--users", type=_positive_int, default=6000, help="users (default: %(default)s)"
    )
    parser.add_argument(
        "--days", type=_positive_int, default=30, help="days (default: %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=42, help="generator seed (default: %(default)s)"
    )
    parser.add_argument(
        "--repeats",
        type=_positive_int,
        default=3,
        help="runs of each cheap step (generator, floor, DuckDB and pandas sessionisation); "
        "the median is reported (default: %(default)s)",
    )
    parser.add_argument(
        "--dbt-repeats",
        type=_positive_int,
        default=1,
        help="runs of the full dbt build (default: %(default)s)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("target/bench"),
        help="folder for the generated data and scratch databases (default: %(default)s)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("target/bench/results.json"),
        help="where to write the results (default: %(default)s)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = BenchConfig(
        users=args.users,
        days=args.days,
        seed=args.seed,
        repeats=args.repeats,
        dbt_repeats=args.dbt_repeats,
        work=args.work.resolve(),
    )
    try:
        result = run_benchmark(config)
    except RuntimeError as error:
        print(f"bench.py: error: {error}", file=sys.stderr)
        return 1
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print("\n".join(summary_lines(result)))
    print(f"Results written to {args.json}")
    return 0 if result["sessions_agreement"]["mismatched_users"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
