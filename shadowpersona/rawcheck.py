"""Pre-check of the raw Parquet files before dbt reads them (`make build` runs it first).

A missing or empty file, a file that is not Parquet, a missing column or a column of the
wrong type would otherwise surface as an error deep inside a dbt model. Here each problem is
one line that names the file and what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable
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
