"""Regenerate the figures in docs/*.md from a built database (make docs-figures).

Every block between `<!-- figure: NAME -->` and `<!-- /figure -->` is replaced by the figure
NAME computed from the database and the manifest of its build (shadowpersona/docs_figures.py
lists the figures). With --check nothing is written: the exit code is 1 when a file differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shadowpersona.docs_figures import FigureError, open_build, stale_files

PROG = "render_docs_figures.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=Path("shadowpersona.duckdb"),
        help="the built database to read the figures from (default: shadowpersona.duckdb)",
    )
    parser.add_argument(
        "--target-dir",
        type=Path,
        default=Path("target"),
        help="dbt's target folder of that build, for manifest.json (default: target)",
    )
    parser.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        help="the folder whose *.md files hold figure blocks (default: docs)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and name the files whose figures differ from the build",
    )
    args = parser.parse_args(argv)
    try:
        build = open_build(args.database, args.target_dir)
        stale = stale_files(sorted(args.docs.glob("*.md")), build)
    except FigureError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    for path, text in stale.items():
        if args.check:
            print(f"{PROG}: {path}: figures differ from {args.database}", file=sys.stderr)
        else:
            path.write_text(text)
            print(f"[docs-figures] rewrote {path}", file=sys.stderr)
    if args.check and stale:
        print(f"{PROG}: error: stale figures; run `make docs-figures`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
