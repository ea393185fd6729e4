"""Build the Evidence reports (reports/) from the dbt-built database, with clear failures.

Every Evidence command runs under a timeout: Evidence's DuckDB-Wasm can hang for ever when it
cannot download an extension (offline), and a hang must become a message, not a stuck build.
Usage: python scripts/build_reports.py [--database PATH] [--spa] [--skip-sources]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
SOURCE_DIR = REPORTS / "sources" / "shadowpersona"
# A single-page app needs a fallback page, or the static adapter writes no index.html at all;
# Evidence merges a svelte.config.js found in the project into its own.
SPA_SVELTE_CONFIG = """import adapter from '@sveltejs/adapter-static';
export default { kit: { adapter: adapter({ fallback: 'index.html' }) } };
"""


class ReportsError(Exception):
    """A reason the site was not built, in one line, with what to do about it."""


def run_step(name: str, command: list[str], timeout_s: int, env: dict[str, str]) -> None:
    print(f"[reports] {name} ...", flush=True)
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=REPORTS, env=env, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise ReportsError(
            f"{name} did not finish within {timeout_s}s. Evidence's DuckDB-Wasm hangs when it "
            "tries to download its parquet extension without network access; check that "
            "`npm install` in reports/ printed 'patched:' (scripts/patch-evidence-offline.mjs)."
        ) from None
    if result.returncode != 0:
        raise ReportsError(f"{name} failed (exit code {result.returncode}); see the output above")
    print(f"[reports] {name} done in {time.monotonic() - started:.0f}s", flush=True)


def build(database: Path, spa: bool, skip_sources: bool) -> Path:
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise ReportsError(f"`{tool}` is not installed; the reports need Node.js 18+ and npm")
    if not (REPORTS / "node_modules" / "@evidence-dev" / "evidence").exists():
        raise ReportsError("reports/node_modules is missing; run `make reports-install` first")
    if not skip_sources and not database.exists():
        raise ReportsError(f"{database} does not exist; run `make build` first")
    env = dict(os.environ)
    # Evidence resolves the file relative to the source folder (an absolute path is not
    # accepted), so pass the database as a path relative to it.
    env["EVIDENCE_SOURCE__shadowpersona__filename"] = os.path.relpath(database, SOURCE_DIR)
    if not skip_sources:
        run_step("npm run sources", ["npm", "run", "sources"], 600, env)
    if spa:
        env["VITE_EVIDENCE_SPA"] = "true"
        config = REPORTS / "svelte.config.js"
        config.write_text(SPA_SVELTE_CONFIG)
        try:
            run_step("npm run build (SPA)", ["npm", "run", "build"], 1200, env)
        finally:
            config.unlink()
    else:
        run_step("npm run build:strict", ["npm", "run", "build:strict"], 2400, env)
    return REPORTS / "build"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=ROOT / "shadowpersona.duckdb",
        help="the dbt-built DuckDB file (default: %(default)s)",
    )
    parser.add_argument(
        "--spa",
        action="store_true",
        help="build a single-page app (no prerendering) instead of build:strict",
    )
    parser.add_argument(
        "--skip-sources",
        action="store_true",
        help="reuse the data extracted by the last `npm run sources`",
    )
    args = parser.parse_args(argv)
    try:
        site = build(args.database.resolve(), args.spa, args.skip_sources)
    except ReportsError as error:
        print(f"[reports] NOT BUILT: {error}", file=sys.stderr)
        return 1
    print(
        f"[reports] site built in {site.relative_to(ROOT)}/ "
        "(view it: cd reports && npm run preview)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
