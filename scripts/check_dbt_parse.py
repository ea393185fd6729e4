"""Fail if `dbt parse` reports any deprecation or warning (dbt only warns, so check the log)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [
            str(dbt),
            "--log-format",
            "json",
            "parse",
            "--no-partial-parse",
            "--show-all-deprecations",
            "--target",
            "lint",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DBT_PROFILES_DIR": str(ROOT)},
    )
    problems = []
    for line in result.stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        info = event.get("info", {})
        if info.get("level") in ("warn", "error"):
            problems.append(f"{info.get('name')}: {info.get('msg')}")
    if result.returncode != 0 or problems:
        print("dbt parse is not clean:", *problems, result.stderr.strip(), sep="\n  ")
        return 1
    print("dbt parse: no warnings or deprecations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
