"""Check the raw Parquet files before dbt reads them: `python scripts/check_raw_data.py [RAW]`.

Prints one line per problem (file and what is wrong) and exits 1, or exits 0 when the data
can be built. `make build` runs it first.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shadowpersona.rawcheck import check_raw


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: check_raw_data.py [RAW_FOLDER]  (default: data/raw)", file=sys.stderr)
        return 2
    problems = check_raw(Path(argv[0]) if argv else Path("data/raw"))
    for problem in problems:
        print(f"check_raw_data.py: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
