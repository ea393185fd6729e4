"""Generate the synthetic engagement data: `python scripts/generate_data.py --help`."""

import sys
from pathlib import Path

# Run from a checkout without installing: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shadowpersona.cli import main

if __name__ == "__main__":
    sys.exit(main())
