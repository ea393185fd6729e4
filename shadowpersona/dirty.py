"""Dirty data: inject realistic faults into a generated world, and list every one of them.

`generate_data.py --dirty RATE` runs `inject` on the finished raw folder (before it replaces
data/raw). About RATE of the clickstream's rows are faulty, split evenly between the fault
classes in EVENT_FAULTS; content gets RATE of extra posts split between CONTENT_FAULTS; about
RATE of the users get one fault of USER_FAULTS each (their rows in every other table are then
quarantined too, as QUARANTINED_USER), and notifications get RATE of extra rows split between
NOTIFICATION_FAULTS. Every injected
fault is one row of `_dirty_manifest.parquet` (source_table, row_key, fault), where `fault` is
the reason code the dbt project must give the row (seeds/quarantine_reasons.csv), so a test can
check that every fault is caught and nothing else is.

Determinism: faults are drawn from their own random streams, one per raw file, seeded by
(seed, STREAM_DIRTY, table, part), so the clean part of the world is exactly the world
generated without --dirty, and the faults depend only on the arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from shadowpersona import world
from shadowpersona.generator import (
    BLOCK_SIZE,
    ID_BLOCK,
    ID_DAY,
    MS_PER_DAY,
    GeneratorConfig,
    GeneratorError,
    parquet_write_options,
    rng_for,
    upload_delay_ms,
)

STREAM_DIRTY = 90
MANIFEST = "_dirty_manifest.parquet"
MAX_RATE = 0.25

# One fault class per reason code of the events validation model (int_events__validated), in
# the order of its checks.
EVENT_FAULTS: tuple[str, ...] = (
    "duplicate",
    "null_id",
    "malformed_id",
    "unknown_user",
    "unknown_content",
    "unknown_notification",
    "unknown_event_type",
    "future_timestamp",
    "before_signup",
    "clock_skew",
    "outside_world_period",
    "negative_dwell",
    "absurd_dwell",
    "invalid_feed_position",
    "bot_user",
)
CONTENT_FAULTS: tuple[str, ...] = ("unknown_category", "invalid_score")
# One per reason code of the users validation, in the order of its checks.
USER_FAULTS: tuple[str, ...] = (
    "invalid_age",
    "unknown_gender",
    "unknown_country",
    "unknown_device_os",
    "invalid_utc_offset",
    "signup_outside_period",
)
NOTIFICATION_FAULTS: tuple[str, ...] = ("unknown_user", "duplicate_id")
# The reason every row of a quarantined user gets in the other tables (events, notifications,
# ad impressions, survey responses): an account whose profile is wrong is not profiled at all.
QUARANTINED_USER = "quarantined_user"
# Tables whose rows belong to a user, with the column(s) that make a row's quarantine key.
USER_TABLES: dict[str, tuple[str, ...]] = {
    "notifications": ("notification_id",),
    "ad_impressions": ("ad_impression_id",),
    "survey_responses": ("user_id", "trait"),
}

# What the faults look like. Unknown ids sit far above any generated id.
UNKNOWN_ID_BASE = 10**11
UNKNOWN_EVENT_TYPES = ("swipe_up", "IMPRESSION", "")
UNKNOWN_CATEGORIES = ("misc", "POLITICS", "uncategorised")
# Scores a model cannot use: not numbers, infinite, or outside the documented range.
INVALID_SCORES = (float("nan"), float("inf"), float("-inf"), 1.5)
# Malformed profile values. A country code that is the user's own email is the case a
# value-level PII check must catch: a mart groups users by country_code.
INVALID_AGES = (-5, 250, 0)
UNKNOWN_GENDERS = ("unknown", "F", "")
UNKNOWN_COUNTRIES = ("<email>", "XX", "usa")  # the first faulty user gets their email
UNKNOWN_DEVICE_OS = ("windows_phone", "iOS")
INVALID_UTC_OFFSETS = (900, -780, 7)
# Far outside any world: events whose device and server clocks both say 2100, and signups then.
FAR_FUTURE_MS = 4_102_444_800_000  # 2100-01-01T00:00:00Z
MIN_SKEW_MS = 20 * 60_000  # a device clock ahead by 20 minutes to 6 hours
MAX_SKEW_MS = 6 * 3_600_000
# A bot: bursts of 600 impressions, one every 80-200 ms (over a minute at ~400 a minute),
# far faster than a person can read.
BOT_DAYS = 3
BOT_BURST_ITEMS = 600


@dataclass
class DirtySummary:
    injected: dict[str, int] = field(default_factory=dict)

    def add(self, fault: str, count: int) -> None:
        self.injected[fault] = self.injected.get(fault, 0) + int(count)


def validate_rate(rate: float) -> None:
    if not 0.0 <= rate <= MAX_RATE:
        raise GeneratorError(f"--dirty must be a fraction from 0 to {MAX_RATE}, got {rate}")


class _Manifest:
    def __init__(self) -> None:
        self.parts: list[pa.Table] = []

    def add(self, table: str, keys: np.ndarray, fault: str) -> None:
        if len(keys) == 0:
            return
        self.parts.append(
            pa.table(
                {
                    "source_table": pa.array([table] * len(keys), pa.string()),
                    "row_key": pa.array(np.asarray(keys).astype(str), pa.string()),
                    "fault": pa.array([fault] * len(keys), pa.string()),
                }
            )
        )

    def write(self, path: Path) -> None:
        schema = pa.schema(
            [("source_table", pa.string()), ("row_key", pa.string()), ("fault", pa.string())]
        )
        table = pa.concat_tables(self.parts) if self.parts else schema.empty_table()
        pq.write_table(table, path, **parquet_write_options(table.schema))


def _rewrite(path: Path, table: pa.Table) -> None:
    """Replace a Parquet file in one rename, so an interrupted run never leaves half a file."""
    temporary = path.with_name(f".{path.name}.dirty-{os.getpid()}")
    pq.write_table(table, temporary, **parquet_write_options(table.schema))
    temporary.replace(path)


def _pick(rng: np.random.Generator, candidates: np.ndarray, used: np.ndarray, k: int) -> np.ndarray:
    """k rows among the candidates that no other fault has touched (fewer if not enough)."""
    available = np.flatnonzero(candidates & ~used)
    chosen = np.sort(rng.choice(available, size=min(k, available.size), replace=False))
    used[chosen] = True
    return chosen


def _skewed_rows(
    rng: np.random.Generator, user_id: np.ndarray, at: np.ndarray, used: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Whole user-days of events from devices whose clock runs ahead: rows and their skew."""
    group = user_id * 100_000 + at // MS_PER_DAY
    keys, inverse, sizes = np.unique(group, return_inverse=True, return_counts=True)
    # Only user-days no other fault has touched, so that each row carries one fault.
    touched = np.zeros(keys.size, dtype=bool)
    touched[inverse[used]] = True
    order = rng.permutation(np.flatnonzero(~touched))
    take = order[: np.searchsorted(np.cumsum(sizes[order]), k) + 1] if k > 0 else order[:0]
    skew_per_group = np.zeros(keys.size, dtype=np.int64)
    skew_per_group[take] = rng.integers(MIN_SKEW_MS, MAX_SKEW_MS, take.size)
    rows = np.flatnonzero(skew_per_group[inverse] > 0)
    used[rows] = True
    return rows, skew_per_group[inverse[rows]]


def _dirty_events_part(
    table: pa.Table,
    rng: np.random.Generator,
    rate: float,
    signup_ms: np.ndarray,
    faulty_users: np.ndarray,
    manifest: _Manifest,
    summary: DirtySummary,
) -> pa.Table:
    n = table.num_rows
    per_class = [int(rng.binomial(n, rate / len(EVENT_FAULTS))) for _ in EVENT_FAULTS]
    budget = dict(zip(EVENT_FAULTS, per_class, strict=True))

    event_id = table["event_id"].to_numpy().copy()
    user_id = table["user_id"].to_numpy().copy()
    at = table["event_at"].cast(pa.int64()).to_numpy().copy()
    received = table["received_at"].cast(pa.int64()).to_numpy().copy()
    content = table["content_id"].fill_null(0).to_numpy().copy()
    has_content = table["content_id"].is_valid().to_numpy(zero_copy_only=False)
    notification = table["notification_id"].fill_null(0).to_numpy().copy()
    has_notification = table["notification_id"].is_valid().to_numpy(zero_copy_only=False)
    dwell = table["dwell_ms"].fill_null(0).to_numpy().copy()
    has_dwell = table["dwell_ms"].is_valid().to_numpy(zero_copy_only=False)
    position = table["feed_position"].fill_null(0).to_numpy().copy()
    # Parquet keeps a dictionary per row group: map each chunk's codes back to EVENT_TYPES.
    type_code = np.concatenate(
        [
            np.array([world.EVENT_TYPES.index(v) for v in chunk.dictionary.to_pylist()], np.int8)[
                chunk.indices.to_numpy(zero_copy_only=False)
            ]
            for chunk in table["event_type"].chunks
        ]
        or [np.zeros(0, np.int8)]
    )
    user_null = np.zeros(n, dtype=bool)
    # Every event of a user with a faulty profile is quarantined for that reason first, so
    # no other fault goes there.
    of_faulty_user = np.isin(user_id, faulty_users)
    used = of_faulty_user.copy()
    every = np.ones(n, dtype=bool)

    # Clock skew first: it takes whole user-days, the others single rows.
    skewed, skew = _skewed_rows(rng, user_id, at, used, budget["clock_skew"])
    at[skewed] += skew
    picked = {"clock_skew": skewed}
    for fault in EVENT_FAULTS:
        if fault in ("clock_skew", "bot_user"):
            continue
        candidates = has_dwell if fault in ("negative_dwell", "absurd_dwell") else every
        candidates = has_content if fault == "unknown_content" else candidates
        candidates = has_notification if fault == "unknown_notification" else candidates
        if fault == "invalid_feed_position":
            candidates = has_dwell
        picked[fault] = _pick(rng, candidates, used, budget[fault])

    rows = picked["null_id"]
    user_null[rows] = True
    rows = picked["malformed_id"]
    user_id[rows] = np.where(rng.random(rows.size) < 0.5, -user_id[rows], 0)
    rows = picked["unknown_user"]
    user_id[rows] = UNKNOWN_ID_BASE + rng.integers(0, 10**9, rows.size)
    rows = picked["unknown_content"]
    content[rows] = UNKNOWN_ID_BASE + rng.integers(0, 10**9, rows.size)
    rows = picked["unknown_notification"]
    notification[rows] = UNKNOWN_ID_BASE + rng.integers(0, 10**9, rows.size)
    rows = picked["unknown_event_type"]
    type_code[rows] = len(world.EVENT_TYPES) + rng.integers(0, len(UNKNOWN_EVENT_TYPES), rows.size)
    rows = picked["future_timestamp"]
    at[rows] = received[rows] + rng.integers(2, 3_650, rows.size) * MS_PER_DAY
    rows = picked["outside_world_period"]
    shift = FAR_FUTURE_MS - at[rows] + rng.integers(0, 365, rows.size) * MS_PER_DAY
    at[rows] += shift
    received[rows] += shift
    rows = picked["before_signup"]
    at[rows] = signup_ms[user_id[rows] - 1] - rng.integers(3_600_000, 30 * MS_PER_DAY, rows.size)
    rows = picked["negative_dwell"]
    dwell[rows] = -rng.integers(1, 60_000, rows.size)
    rows = picked["absurd_dwell"]
    dwell[rows] = rng.integers(4 * 3_600_000, 2**31 - 1, rows.size)
    rows = picked["invalid_feed_position"]
    position[rows] = np.where(
        rng.random(rows.size) < 0.5, -rng.integers(0, 50, rows.size), 10**6
    ).astype(position.dtype)

    dictionary = pa.array([*world.EVENT_TYPES, *UNKNOWN_EVENT_TYPES], pa.string())
    dirty = pa.table(
        {
            "event_id": pa.array(event_id, pa.int64()),
            "user_id": pa.array(user_id, pa.int64(), mask=user_null),
            "event_at": pa.array(at, pa.timestamp("ms")),
            "received_at": pa.array(received, pa.timestamp("ms")),
            "event_type": pa.DictionaryArray.from_arrays(
                pa.array(type_code, pa.int8()), dictionary
            ),
            "content_id": pa.array(content, pa.int64(), mask=~has_content),
            "notification_id": pa.array(notification, pa.int64(), mask=~has_notification),
            "feed_position": pa.array(position, pa.int32(), mask=~has_dwell),
            "dwell_ms": pa.array(dwell, pa.int32(), mask=~has_dwell),
        }
    )
    dirty = dirty.select(table.schema.names)
    # Exact duplicates: a client retrying a delivery sends the very same row again.
    duplicated = picked["duplicate"]
    dirty = pa.concat_tables([dirty, dirty.take(duplicated)])

    for fault, rows in picked.items():
        manifest.add("events", event_id[rows], fault)
        summary.add(fault, rows.size)
    manifest.add("events", event_id[of_faulty_user], QUARANTINED_USER)
    summary.add(QUARANTINED_USER, int(of_faulty_user.sum()))
    return dirty


def _bot_events(
    cfg: GeneratorConfig, rng: np.random.Generator, bot_ids: np.ndarray, n_content: int
) -> pa.Table:
    """Bursts of impressions far faster than anyone reads: the signature of a scraper."""
    block = cfg.n_blocks  # an id range no generated block uses
    parts = []
    for index, user in enumerate(bot_ids):
        days = np.sort(rng.choice(cfg.days, size=min(BOT_DAYS, cfg.days), replace=False))
        for day in days:
            start = cfg.start_ms + int(day) * MS_PER_DAY + int(rng.integers(0, MS_PER_DAY // 2))
            steps = rng.integers(80, 200, BOT_BURST_ITEMS)
            at = start + np.concatenate([[0], np.cumsum(steps)])
            n = at.size + 1
            id_base = (int(day) + 1) * ID_DAY + block * ID_BLOCK + index * 1_000
            event_id = id_base + np.arange(n, dtype=np.int64)
            times = np.concatenate([at, [at[-1] + 100]])
            kind = np.concatenate(
                [
                    [world.EVENT_TYPES.index("app_open")],
                    np.full(BOT_BURST_ITEMS, world.EVENT_TYPES.index("impression")),
                    [world.EVENT_TYPES.index("app_close")],
                ]
            ).astype(np.int8)
            is_impression = np.zeros(n, dtype=bool)
            is_impression[1:-1] = True
            parts.append(
                pa.table(
                    {
                        "event_id": pa.array(event_id, pa.int64()),
                        "user_id": pa.array(np.full(n, user), pa.int64()),
                        "event_at": pa.array(times, pa.timestamp("ms")),
                        "received_at": pa.array(
                            times + upload_delay_ms(event_id), pa.timestamp("ms")
                        ),
                        "event_type": pa.DictionaryArray.from_arrays(
                            pa.array(kind, pa.int8()), pa.array(world.EVENT_TYPES, pa.string())
                        ),
                        "content_id": pa.array(
                            rng.integers(1, n_content + 1, n), pa.int64(), mask=~is_impression
                        ),
                        "notification_id": pa.nulls(n, pa.int64()),
                        "feed_position": pa.array(
                            np.arange(n, dtype=np.int32), pa.int32(), mask=~is_impression
                        ),
                        "dwell_ms": pa.array(
                            np.concatenate([[0], steps - 30, [0]]).astype(np.int32),
                            pa.int32(),
                            mask=~is_impression,
                        ),
                    }
                )
            )
    return pa.concat_tables(parts)


def _bot_users(cfg: GeneratorConfig, rng: np.random.Generator, users: pa.Table, n: int) -> pa.Table:
    first_id = cfg.n_blocks * BLOCK_SIZE + 1
    bot_ids = np.arange(first_id, first_id + n, dtype=np.int64)
    handle = np.array([f"deal_bot_{user}" for user in bot_ids], dtype=object)
    signup = cfg.start_ms - rng.integers(2, 90, n) * MS_PER_DAY
    columns = {
        "user_id": pa.array(bot_ids, pa.int64()),
        "full_name": pa.array(["Deal Hunter"] * n, pa.string()),
        "handle": pa.array(handle, pa.string()),
        "email": pa.array(handle + "@example.com", pa.string()),
        "age": pa.array(np.full(n, 30), pa.int16()),
        "gender": pa.array(["female"] * n, pa.string()),
        "country_code": pa.array(["US"] * n, pa.string()),
        "city": pa.array(["New York"] * n, pa.string()),
        "device_os": pa.array(["web"] * n, pa.string()),
        "utc_offset_minutes": pa.array(np.full(n, -300), pa.int16()),
        "signed_up_at": pa.array(signup, pa.timestamp("ms")),
    }
    return pa.table(columns).select(users.schema.names).cast(users.schema)


def _faulty_users(
    rng: np.random.Generator,
    users: pa.Table,
    rate: float,
    manifest: _Manifest,
    summary: DirtySummary,
) -> tuple[pa.Table, np.ndarray]:
    """Users with one malformed profile value each (at least one user per fault class): the
    users table with those values set, and the faulty users' ids."""
    n = users.num_rows
    used = np.zeros(n, dtype=bool)
    every = np.ones(n, dtype=bool)
    age = users["age"].to_numpy().copy()
    offset = users["utc_offset_minutes"].to_numpy().copy()
    signup = users["signed_up_at"].cast(pa.int64()).to_numpy().copy()
    text = {name: users[name].to_pylist() for name in ("gender", "country_code", "device_os")}
    email = users["email"].to_pylist()
    faulty = []
    for fault in USER_FAULTS:
        k = max(1, int(rng.binomial(n, rate / len(USER_FAULTS))))
        rows = _pick(rng, every, used, k)
        if fault == "invalid_age":
            age[rows] = rng.choice(INVALID_AGES, rows.size)
        elif fault == "invalid_utc_offset":
            offset[rows] = rng.choice(INVALID_UTC_OFFSETS, rows.size)
        elif fault == "signup_outside_period":
            signup[rows] = FAR_FUTURE_MS + rng.integers(0, 365, rows.size) * MS_PER_DAY
        else:
            column, values = {
                "unknown_gender": ("gender", UNKNOWN_GENDERS),
                "unknown_country": ("country_code", UNKNOWN_COUNTRIES),
                "unknown_device_os": ("device_os", UNKNOWN_DEVICE_OS),
            }[fault]
            for row, value in zip(rows, np.resize(np.array(values), rows.size), strict=True):
                text[column][row] = email[row] if value == "<email>" else str(value)
        ids = users["user_id"].to_numpy()[rows]
        manifest.add("users", ids, fault)
        summary.add(fault, rows.size)
        faulty.append(ids)
    schema = users.schema
    dirty = users
    for name, values in (
        ("age", age),
        ("utc_offset_minutes", offset),
        ("signed_up_at", signup),
        *text.items(),
    ):
        index = schema.get_field_index(name)
        kind = pa.timestamp("ms") if name == "signed_up_at" else schema.field(name).type
        dirty = dirty.set_column(index, name, pa.array(values, kind).cast(schema.field(name).type))
    return dirty, np.sort(np.concatenate(faulty))


def _user_table_files(root: Path, table: str) -> list[Path]:
    folder = root / table
    if folder.is_dir():
        return sorted(folder.glob("load_date=*/*.parquet"))
    return [root / f"{table}.parquet"]


def _quarantine_user_rows(
    root: Path, faulty_users: np.ndarray, manifest: _Manifest, summary: DirtySummary
) -> None:
    """List the rows of the faulty users in the tables keyed by user: all quarantined."""
    for table, key in USER_TABLES.items():
        for path in _user_table_files(root, table):
            rows = pq.read_table(
                path, columns=list({"user_id": 0, **dict.fromkeys(key)})
            ).to_pandas()
            rows = rows[rows["user_id"].isin(faulty_users)]
            keys = rows[list(key)].astype(str).agg(":".join, axis=1).to_numpy()
            manifest.add(table, keys, QUARANTINED_USER)
            summary.add(QUARANTINED_USER, len(keys))


def _dirty_notifications(
    root: Path,
    rng: np.random.Generator,
    rate: float,
    faulty_users: np.ndarray,
    manifest: _Manifest,
    summary: DirtySummary,
) -> None:
    """Extra notifications for users who do not exist, and second rows under the id of a
    notification already sent (never opened, so no event refers to it), in the first load."""
    files = _user_table_files(root, "notifications")
    if not files:
        return
    sent = pq.read_table(root / "notifications").select(pq.read_schema(files[0]).names)
    n = sent.num_rows
    k = max(1, int(rng.binomial(n, rate / len(NOTIFICATION_FAULTS))))
    next_id = int(pc.max(sent["notification_id"]).as_py()) + 1
    unknown = sent.take(np.sort(rng.choice(n, size=min(k, n), replace=False))).to_pydict()
    unknown["notification_id"] = list(range(next_id, next_id + len(unknown["user_id"])))
    unknown["user_id"] = (
        UNKNOWN_ID_BASE + rng.integers(0, 10**9, len(unknown["user_id"]))
    ).tolist()
    candidates = np.flatnonzero(
        sent["opened_at"].is_null().to_numpy(zero_copy_only=False)
        & ~np.isin(sent["user_id"].to_numpy(), faulty_users)
    )
    chosen = np.sort(rng.choice(candidates, size=min(k, candidates.size), replace=False))
    second = sent.take(chosen).to_pydict()
    # The same id, another moment: which of the two was sent cannot be told.
    delays = rng.integers(60_000, 3_600_000, chosen.size)
    second["sent_at"] = [
        at + timedelta(milliseconds=int(delay))
        for at, delay in zip(second["sent_at"], delays, strict=True)
    ]
    extra = pa.concat_tables(
        [pa.table(unknown, schema=sent.schema), pa.table(second, schema=sent.schema)]
    )
    pq.write_table(
        extra, files[0].parent / "part-dirty.parquet", **parquet_write_options(extra.schema)
    )
    manifest.add("notifications", np.array(unknown["notification_id"]), "unknown_user")
    manifest.add("notifications", np.array(second["notification_id"]), "duplicate_id")
    summary.add("unknown_user", len(unknown["notification_id"]))
    summary.add("duplicate_id", chosen.size)


def inject(cfg: GeneratorConfig, root: Path, rate: float) -> DirtySummary:
    """Inject faults into the world generated into `root`; write the manifest beside it."""
    validate_rate(rate)
    summary = DirtySummary()
    manifest = _Manifest()
    root = Path(root)
    users = pq.read_table(root / "users.parquet")
    order = np.argsort(users["user_id"].to_numpy())
    signup_ms = users["signed_up_at"].cast(pa.int64()).to_numpy()[order]
    content = pq.read_table(root / "content.parquet")
    n_content = content.num_rows
    faulty_users = np.zeros(0, dtype=np.int64)
    if rate > 0:
        users, faulty_users = _faulty_users(
            rng_for(cfg.seed, STREAM_DIRTY, 3), users, rate, manifest, summary
        )
        _quarantine_user_rows(root, faulty_users, manifest, summary)
        _dirty_notifications(
            root, rng_for(cfg.seed, STREAM_DIRTY, 4), rate, faulty_users, manifest, summary
        )

    total_events = 0
    parts = sorted((root / "events").glob("load_date=*/part-*.parquet"))
    for index, path in enumerate(parts):
        rng = rng_for(cfg.seed, STREAM_DIRTY, 0, index)
        table = pq.read_table(path)
        total_events += table.num_rows
        dirty = _dirty_events_part(table, rng, rate, signup_ms, faulty_users, manifest, summary)
        _rewrite(path, dirty.cast(table.schema))

    # Bot accounts: as many as it takes to fill the bot class's share of the events.
    rng = rng_for(cfg.seed, STREAM_DIRTY, 1)
    per_bot = min(BOT_DAYS, cfg.days) * (BOT_BURST_ITEMS + 2)
    wanted = rng.binomial(total_events, rate / len(EVENT_FAULTS)) if rate > 0 else 0
    n_bots = max(1, round(wanted / per_bot)) if rate > 0 else 0
    if n_bots:
        bots = _bot_users(cfg, rng, users, n_bots)
        bot_ids = bots["user_id"].to_numpy()
        events = _bot_events(cfg, rng, bot_ids, n_content)
        reference = pq.read_schema(parts[0]) if parts else events.schema
        # The bots' whole history arrives in the first daily load (a backfill).
        first_load = parts[0].parent if parts else root / "events" / "load_date=bots"
        first_load.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            events.cast(reference),
            first_load / "part-bots.parquet",
            **parquet_write_options(reference),
        )
        users = pa.concat_tables([users, bots])
        manifest.add("users", bot_ids, "bot_user")
        manifest.add("events", events["event_id"].to_numpy(), "bot_user")
        summary.add("bot_user", events.num_rows)

    if rate > 0:
        _rewrite(root / "users.parquet", users)

    # Posts in categories the platform does not know (a new taxonomy shipped by one team), and
    # posts whose scores a model cannot use (a scoring job that wrote NaN or inf).
    rng = rng_for(cfg.seed, STREAM_DIRTY, 2)
    k = max(len(CONTENT_FAULTS), int(rng.binomial(n_content, rate))) if rate > 0 else 0
    if k:
        template = content.take(rng.integers(0, n_content, k)).to_pydict()
        ids = np.arange(n_content + 1, n_content + 1 + k, dtype=np.int64)
        template["content_id"] = ids.tolist()
        fault = np.arange(k) % len(CONTENT_FAULTS)
        unknown = fault == CONTENT_FAULTS.index("unknown_category")
        categories = rng.choice(UNKNOWN_CATEGORIES, k)
        template["category"] = [
            str(categories[i]) if unknown[i] else template["category"][i] for i in range(k)
        ]
        scores = rng.choice(INVALID_SCORES, k)
        on_outrage = rng.random(k) < 0.5
        for i in np.flatnonzero(~unknown):
            template["outrage_score" if on_outrage[i] else "sentiment_score"][i] = float(scores[i])
        extra = pa.table(template, schema=content.schema)
        _rewrite(root / "content.parquet", pa.concat_tables([content, extra]))
        for index, name in enumerate(CONTENT_FAULTS):
            manifest.add("content", ids[fault == index], name)
            summary.add(name, int((fault == index).sum()))

    manifest.write(root / MANIFEST)
    return summary
