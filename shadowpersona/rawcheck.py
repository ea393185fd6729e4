"""Pre-check of the raw Parquet files before dbt reads them (`make build` runs it first).

A missing or empty file, a file that is not Parquet, a missing column or a column of the
wrong type would otherwise surface as an error deep inside a dbt model. Here each problem is
one line that names the file and what is wrong with it.

The models read the daily loads through a glob (`<table>/load_date=*/*.parquet`), so a Parquet
file anywhere else (a day folder renamed or moved into a subfolder) would silently not be
read, and a folder such as `load_date=2026-10-32` would fail late inside dbt. The check walks
every `*.parquet` under the raw folder instead of using that glob, and rejects both.
`raw_files` / `raw_row_counts` give the same independent view of what is on disk (from the
Parquet footers), for reconciliation against what the models read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

_KINDS: dict[str, Callable[[pa.DataType], bool]] = {
    "integer": pa.types.is_integer,
    "float": lambda t: pa.types.is_floating(t) or pa.types.is_decimal(t),
    "string": lambda t: (
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))
    ),
    "timestamp": pa.types.is_timestamp,
    "boolean": pa.types.is_boolean,
}

# The contract between the generator and dbt: the columns the staging models read.
EXPECTED: dict[str, dict[str, str]] = {
    "users": {
        "user_id": "integer",
        "age": "integer",
        "gender": "string",
        "country_code": "string",
        "city": "string",
        "device_os": "string",
        "utc_offset_minutes": "integer",
        "signed_up_at": "timestamp",
    },
    "content": {
        "content_id": "integer",
        "category": "string",
        "outrage_score": "float",
        "sentiment_score": "float",
        "published_at": "timestamp",
    },
    "events": {
        "event_id": "integer",
        "user_id": "integer",
        "event_at": "timestamp",
        "received_at": "timestamp",
        "event_type": "string",
        "content_id": "integer",
        "notification_id": "integer",
        "feed_position": "integer",
        "dwell_ms": "integer",
    },
    "notifications": {
        "notification_id": "integer",
        "user_id": "integer",
        "notification_type": "string",
        "sent_at": "timestamp",
        "opened_at": "timestamp",
    },
    "ad_impressions": {
        "ad_impression_id": "integer",
        "user_id": "integer",
        "ad_id": "integer",
        "ad_category": "string",
        "shown_at": "timestamp",
        "clicked_at": "timestamp",
        "is_converted": "boolean",
    },
    "survey_responses": {
        "user_id": "integer",
        "trait": "string",
        "self_report_score": "float",
        "responded_at": "timestamp",
    },
    "latent_traits": {"user_id": "integer", "trait": "string", "latent_score": "float"},
}
FOLDER_TABLES = ("events", "notifications", "ad_impressions")
# Single-file tables the models read besides EXPECTED's (ground truth of planted incidents).
OTHER_FILES = ("incidents",)
# A daily load's folder name, as the generator writes it and the models' glob reads it.
_LOAD_FOLDER = re.compile(r"load_date=(?P<day>.*)")


@dataclass(frozen=True)
class RawFile:
    """One Parquet file under the raw folder, as found on disk (not through the models' glob).

    `table` is the first path component (`events` for `events/load_date=.../part-0.parquet`,
    `users` for `users.parquet`); `load_date` is set only for a well-placed daily load file."""

    path: Path  # relative to the raw folder
    table: str
    load_date: date | None
    rows: int
    size_bytes: int
    mtime_ns: int


def _load_date(relative: Path) -> tuple[date | None, str | None]:
    """(load date, problem) of a file under a daily-load table folder."""
    parts = relative.parts
    match = _LOAD_FOLDER.fullmatch(parts[1]) if len(parts) == 3 else None
    if match is None:
        return None, (
            "not in a <table>/load_date=YYYY-MM-DD/ folder, so the models would not read it "
            "(move it back into its day folder, or delete it)"
        )
    try:
        day = date.fromisoformat(match["day"])
    except ValueError:
        day = None
    if day is None or len(match["day"]) != 10:
        return None, (
            f"folder {parts[1]} does not name a valid date (expected load_date=YYYY-MM-DD)"
        )
    return day, None


def _placement(relative: Path) -> tuple[str, date | None, str | None]:
    """(table, load date, problem) for a Parquet file's path relative to the raw folder."""
    if len(relative.parts) == 1:
        table = relative.stem
        known = table in EXPECTED or table in OTHER_FILES or table.startswith("_")
        if table in FOLDER_TABLES or not known:
            return table, None, "not a table the models read (misplaced or misnamed file?)"
        return table, None, None
    table = relative.parts[0]
    if table not in FOLDER_TABLES:
        return table, None, "in a folder the models do not read (misplaced file?)"
    day, problem = _load_date(relative)
    return table, day, problem


def raw_files(root: Path) -> list[RawFile]:
    """Every `*.parquet` file under `root` (any depth), with its row count from the Parquet
    footer; unreadable files count 0 rows (check_raw reports them)."""
    root = Path(root)
    found = []
    for path in sorted(root.rglob("*.parquet")):
        relative = path.relative_to(root)
        table, day, _problem = _placement(relative)
        try:
            rows = pq.read_metadata(path).num_rows
        except (OSError, pa.ArrowException):
            rows = 0
        stat = path.stat()
        found.append(RawFile(relative, table, day, rows, stat.st_size, stat.st_mtime_ns))
    return found


def raw_row_counts(root: Path) -> dict[str, int]:
    """Rows on disk per table, summed over every Parquet file under `root` wherever it lies:
    an independent count for reconciliation (it does not share the models' glob, so a file the
    models skip makes the two disagree)."""
    counts: dict[str, int] = {}
    for file in raw_files(root):
        counts[file.table] = counts.get(file.table, 0) + file.rows
    return counts


def _check_file(path: Path, columns: dict[str, str]) -> tuple[str | None, int]:
    """(problem or None, rows) for one Parquet file."""
    try:
        metadata = pq.read_metadata(path)
    except (OSError, pa.ArrowException) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"{path}: not a readable Parquet file ({reason})", 0
    schema = metadata.schema.to_arrow_schema()
    for name, kind in columns.items():
        if name not in schema.names:
            return f"{path}: column {name} is missing (expected {kind})", 0
        actual = schema.field(name).type
        if not _KINDS[kind](actual):
            return f"{path}: column {name} is {actual}, expected {kind}", 0
    return None, metadata.num_rows


def check_raw(root: Path) -> list[str]:
    """Every problem found under `root`, one line each; empty when the data can be built."""
    root = Path(root)
    if not root.is_dir():
        return [f"{root}: raw data folder not found (run make data)"]
    problems = []
    for path in sorted(root.rglob("*.parquet")):
        _table, _day, problem = _placement(path.relative_to(root))
        if problem:
            problems.append(f"{path}: {problem}")
    for table, columns in EXPECTED.items():
        if table in FOLDER_TABLES:
            # Daily loads: <table>/load_date=YYYY-MM-DD/*.parquet (see shadowpersona/generator).
            folder = root / table
            files = sorted(folder.glob("load_date=*/*.parquet")) if folder.is_dir() else []
            if not files:
                problems.append(
                    f"{folder}: no Parquet files in load_date=YYYY-MM-DD folders (run make data)"
                )
                continue
        else:
            path = root / f"{table}.parquet"
            if not path.is_file():
                problems.append(f"{path}: file not found (run make data)")
                continue
            files = [path]
        rows = 0
        for path in files:
            problem, count = _check_file(path, columns)
            if problem:
                problems.append(problem)
            rows += count
        if rows == 0 and not any(p.startswith(str(f)) for p in problems for f in files):
            where = files[0] if len(files) == 1 else root / table
            problems.append(f"{where}: no rows (an empty {table} table cannot be profiled)")
    return problems
