"""`make bench`: time the generator, a full dbt build and the floor query on two generated worlds
(a small and a large one), the incremental day and the pandas comparison on the large one, and
write the results as JSON (see shadowpersona/bench.py)."""

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
        description="Generate a small and a large world, then time each step on them and "
        "report medians, peak memory, the build's fixed and marginal cost per million events "
        "beside the floor's, and the ratios between steps.",
    )
    parser.add_argument(
        "--small-users",
        type=_positive_int,
        default=560,
        help="users of the small world, about 1M events over 30 days (default: %(default)s)",
    )
    parser.add_argument(
        "--large-users",
        type=_positive_int,
        default=5600,
        help="users of the large world, about 10M events over 30 days (default: %(default)s)",
    )
    parser.add_argument(
        "--days", type=_positive_int, default=30, help="days of both worlds (default: %(default)s)"
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
        default=3,
        # One build per size is not a figure on a shared machine: one such run took 2.5x as
        # long per node as the next hour's (docs/operations.md#benchmark-make-bench).
        help="runs of the full dbt build at each size, interleaved (default: %(default)s)",
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
    if args.small_users >= args.large_users:
        print(
            f"bench.py: error: --small-users ({args.small_users}) must be fewer than "
            f"--large-users ({args.large_users}) (see --help)",
            file=sys.stderr,
        )
        return 2
    config = BenchConfig(
        small_users=args.small_users,
        large_users=args.large_users,
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
