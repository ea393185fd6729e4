"""Incremental builds equal full rebuilds.

See docs/operations.md#daily-loads-and-incremental-builds.

One small world with late and duplicate deliveries is built three ways:

1. days 1..N-1 in full (`build_database.py`), then day N is appended by the generator and
   built incrementally (`build_database.py --incremental`, starting from a copy);
2. all N days in full, from the very same raw folder.

Every table of the marts, features and staging schemas must then hold the same rows. Doubles
are compared to 9 decimals: an incremental table holds its rows in another physical order
than a rebuilt one, and a sum of doubles depends on the order it adds in (the scores and
evaluation use exact decimal sums and match to the last bit; averages such as dwell lifts
differ around 1e-15). Every other value must match exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from shadowpersona.generator import GeneratorConfig, append, generate

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "scripts" / "build_database.py"
SCHEMAS = ("marts", "features", "staging")
DIGITS = 9
DAYS = 10
WORLD = GeneratorConfig(
    users=400,
    days=DAYS - 1,
    seed=42,
    start_date=date(2026, 10, 1),
    late_share=0.03,
    duplicate_share=0.01,
    max_late_days=3,
)


@dataclass(frozen=True)
class Builds:
    raw: Path
    before: Path  # days 1..N-1, built in full (a copy kept before the incremental run)
    incremental: Path  # the same database after day N was built incrementally
    full: Path  # days 1..N built in full
    incremental_target: Path  # dbt's target folder of the incremental run


def build(raw: Path, database: Path, work: Path, *options: str) -> None:
    target = work / f"target-{database.stem}"
    result = subprocess.run(
        [
            sys.executable,
            str(BUILD),
            "--raw",
            str(raw),
            "--database",
            str(database),
            *options,
            "--",
            "--target-path",
            str(target),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SHADOWPERSONA_TMP": str(work / "duckdb_tmp")},
    )
    if result.returncode != 0:
        pytest.fail(f"build failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    work = tmp_path_factory.mktemp("incremental")
    raw = work / "raw"
    generate(WORLD, raw)
    incremental = work / "incremental.duckdb"
    build(raw, incremental, work)
    before = work / "before.duckdb"
    before.write_bytes(incremental.read_bytes())
    append(raw, 1)
    build(raw, incremental, work, "--incremental")
    # The file stems are the attach aliases below: dbt qualifies its views with them.
    full = work / "rebuilt.duckdb"
    build(raw, full, work)
    return Builds(raw, before, incremental, full, work / "target-incremental")


def tables(con: duckdb.DuckDBPyConnection, db: str, schema: str) -> list[str]:
    """Tables and views: a staging view over an incremental table must match as well."""
    return [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = ? "
            "and table_schema = ? order by table_name",
            [db, schema],
        ).fetchall()
    ]


def rounded_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = 'rebuilt' "
        "and schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    return ", ".join(
        f'round("{name}", {DIGITS})' if kind in ("DOUBLE", "FLOAT") else f'"{name}"'
        for name, kind in columns
    )


@pytest.mark.parametrize("schema", SCHEMAS)
def test_incremental_build_equals_full_rebuild_row_for_row(builds: Builds, schema: str) -> None:
    con = duckdb.connect()
    con.execute(f"attach '{builds.full}' as rebuilt (read_only)")
    con.execute(f"attach '{builds.incremental}' as incremental (read_only)")
    names = tables(con, "rebuilt", schema)
    assert names == tables(con, "incremental", schema)
    assert len(names) >= {"marts": 40, "features": 30, "staging": 8}[schema]
    differing = {}
    for name in names:
        columns = rounded_columns(con, schema, name)
        counts = [
            con.execute(
                f"select count(*) from (select {columns} from {a}.{schema}.{name} "
                f"except all select {columns} from {b}.{schema}.{name})"
            ).fetchone()[0]
            for a, b in (("rebuilt", "incremental"), ("incremental", "rebuilt"))
        ]
        if counts != [0, 0]:
            differing[name] = counts
    assert differing == {}, f"rows only in the full / only in the incremental build: {differing}"


def test_the_new_load_brought_late_and_duplicate_deliveries(builds: Builds) -> None:
    """The check above is only worth something if day N changed earlier days' data."""
    new_load = f"{WORLD.start_date.replace(day=DAYS)}"
    con = duckdb.connect(str(builds.full), read_only=True)
    late, repeated = con.execute(
        f"""
        select
            count(*) filter (where cast(event_at as date) < date '{new_load}' - 1),
            count(*) filter (where first_load_date < last_load_date)
        from features.int_events__validated
        where last_load_date = date '{new_load}'
        """
    ).fetchone()
    assert late > 100  # events of days long before the load, delivered late
    assert repeated > 10  # events delivered again in the new load
    # Sessions of earlier days changed: some session present before day N was appended is
    # no longer there as it was (a late event extended it or bridged it with the next).
    con.execute(f"attach '{builds.before}' as before (read_only)")
    changed = con.execute(
        """
        select count(*) from (
            select session_id, n_events, session_ended_at
            from before.features.int_sessions__aggregated
            except
            select session_id, n_events, session_ended_at
            from features.int_sessions__aggregated
        )
        """
    ).fetchone()[0]
    assert changed > 10


def test_the_incremental_run_read_only_new_loads(builds: Builds) -> None:
    """The incremental build really ran incrementally: dbt executed the incremental branch of
    each incremental model (a delete of the rows it replaces, and its watermark query)."""
    compiled = builds.incremental_target / "compiled" / "shadowpersona" / "models"
    run = builds.incremental_target / "run" / "shadowpersona" / "models"
    for model, marker in (
        ("intermediate/events/int_events__deliveries.sql", "where load_date >="),
        ("intermediate/events/int_events__validated.sql", "changed_rows as"),
        ("intermediate/sessions/int_sessions__events.sql", "rebuild_points as"),
        ("intermediate/sessions/int_sessions__steps.sql", "rebuild_points as"),
        ("intermediate/sessions/int_sessions__paths.sql", "rebuild_points as"),
        ("intermediate/sessions/int_sessions__aggregated.sql", "kept_session_ends as"),
        ("intermediate/behaviour/int_funnel__session_milestones.sql", "rebuild_points as"),
        ("intermediate/behaviour/int_funnel__session_progress.sql", "rebuild_points as"),
        ("intermediate/behaviour/int_post_actions__matched.sql", "rematch_points as"),
        ("intermediate/user_features/int_user_days__post_events.sql", "days_to_add_up as"),
        ("intermediate/windows/int_user_features__by_window.sql", "windows_to_compute as"),
    ):
        assert marker in (compiled / model).read_text(), model
        assert "delete from" in (run / model).read_text(), model
    # Every data test ran again; unit tests (code, not data) run in `make test`, not here.
    results = json.loads((builds.incremental_target / "run_results.json").read_text())
    manifest = json.loads((builds.incremental_target / "manifest.json").read_text())
    kinds = Counter(result["unique_id"].split(".")[0] for result in results["results"])
    # ... those of the incremental tables on the rows of the loads it read again: the newest
    # load built before (day N-1) less the 2-day lookback.
    newest_built = WORLD.start_date + timedelta(days=WORLD.days - 1)
    first_load = (newest_built - timedelta(days=2)).isoformat()
    compiled_tests = compiled / "intermediate" / "sessions" / "_int_sessions__models.yml"
    unique_test = (compiled_tests / "unique_int_sessions__events_event_id.sql").read_text()
    assert f"new_rows.last_load_date >= cast('{first_load}' as date)" in unique_test
    # The scope lives only as long as the build: a later plain `dbt build` tests every row.
    with duckdb.connect(str(builds.incremental), read_only=True) as con:
        assert not con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'build_info' "
            "and table_name = 'data_tests_scope'"
        ).fetchone()[0]
    data_tests = [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]
    assert len(data_tests) > 300
    assert kinds["test"] == len(data_tests)
    assert kinds["unit_test"] == 0


def plain_dbt(
    database: Path, raw: Path, work: Path, *args: str, command: str = "run", **vars: object
) -> str:
    """The plain-dbt workflow (README): `dbt run` (or another command) on an existing
    database, no build script; its exit code and output."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            command,
            *args,
            "--vars",
            json.dumps({"raw_data_path": str(raw), **vars}),
            "--target-path",
            str(work / f"target-{database.stem}"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DBT_PROFILES_DIR": str(ROOT),
            "SHADOWPERSONA_DB": str(database),
            "SHADOWPERSONA_TMP": str(work / "duckdb_tmp"),
        },
    )
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def n_sessions(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            "select count(distinct session_id) from features.int_sessions__events"
        ).fetchone()[0]


def test_a_changed_session_gap_stops_a_plain_run_until_a_full_refresh(
    builds: Builds, tmp_path: Path
) -> None:
    """Sessions already cut at 30 minutes must not be topped up with sessions cut at 20."""
    # A copy under the stem of the file it was built as: dbt qualifies its views with it.
    database = tmp_path / builds.incremental.name
    database.write_bytes(builds.before.read_bytes())
    before = n_sessions(database)
    output = plain_dbt(
        database, builds.raw, tmp_path, "-s", "int_sessions__events", session_gap_minutes=20
    )
    assert output.startswith("exit 1"), output[-3000:]
    assert (
        "features.int_sessions__events holds rows built under other settings "
        "(session_gap_minutes 30 -> 20): run `dbt build --full-refresh`"
    ) in output
    assert n_sessions(database) == before  # nothing was written
    output = plain_dbt(
        database,
        builds.raw,
        tmp_path,
        "-s",
        "int_sessions__events",
        "--full-refresh",
        session_gap_minutes=20,
    )
    assert output.startswith("exit 0"), output[-3000:]
    assert n_sessions(database) > before  # a shorter gap cuts more sessions
    # ... and the new settings are the record: a plain run under them goes through.
    output = plain_dbt(
        database, builds.raw, tmp_path, "-s", "int_sessions__events", session_gap_minutes=20
    )
    assert output.startswith("exit 0"), output[-3000:]


def test_raw_data_of_another_world_stops_a_plain_run(builds: Builds, tmp_path: Path) -> None:
    database = tmp_path / builds.incremental.name
    database.write_bytes(builds.before.read_bytes())
    other = tmp_path / "raw"
    generate(GeneratorConfig(users=40, days=2, seed=7, start_date=WORLD.start_date), other)
    output = plain_dbt(
        database, other, tmp_path, "-s", "stg_platform__events", "int_events__deliveries"
    )
    assert output.startswith("exit 1"), output[-3000:]
    assert (
        "features.int_events__deliveries holds rows built under other settings "
        "(raw data of another world"
    ) in output
    assert "run `dbt build --full-refresh`" in output


def test_an_incremental_build_tests_the_new_rows_against_every_old_one(
    builds: Builds, tmp_path: Path
) -> None:
    """With a data tests scope (as an incremental build writes it), the unique test of the
    sessionised events reads the rows of the loads from that day on, and the old rows that
    share their key: a repeat among old rows only (tested by the build that wrote them) is
    not read again, a new row repeating an old key is found."""
    database = tmp_path / builds.incremental.name
    database.write_bytes(builds.incremental.read_bytes())
    first_load = "2026-10-07"

    def unique_test(scoped: bool) -> str:
        with duckdb.connect(str(database)) as con:
            con.execute("drop table if exists build_info.data_tests_scope")
            if scoped:
                con.execute(
                    "create table build_info.data_tests_scope as "
                    "select cast(? as date) as first_load_date",
                    [first_load],
                )
        return plain_dbt(
            database,
            builds.raw,
            tmp_path,
            "-s",
            "unique_int_sessions__events_event_id",
            command="test",
        )

    def repeat_an_old_event(load_date: str, which: str) -> None:
        """A copy of the first or last old event (by event_id), as delivered in load_date."""
        with duckdb.connect(str(database)) as con:
            (n_old,) = con.execute(
                "select count(*) from features.int_sessions__events where last_load_date < ?",
                [first_load],
            ).fetchone()
            assert n_old > 1000
            con.execute(
                "insert into features.int_sessions__events "
                "select * replace (cast(? as date) as last_load_date) "
                "from features.int_sessions__events "
                f"where last_load_date < ? order by event_id {which} limit 1",
                [load_date, first_load],
            )

    assert unique_test(scoped=True).startswith("exit 0")
    repeat_an_old_event("2026-10-02", "asc")
    assert unique_test(scoped=True).startswith("exit 0")
    output = unique_test(scoped=False)  # a full build's test reads every row
    assert output.startswith("exit 1"), output[-3000:]
    assert "Got 1 result" in output
    repeat_an_old_event("2026-10-10", "desc")
    output = unique_test(scoped=True)
    assert output.startswith("exit 1"), output[-3000:]
    assert "Got 1 result" in output  # the new repeat only
    assert "Got 2 results" in unique_test(scoped=False)
