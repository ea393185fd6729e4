"""Attacks on the model side (issue 20): raw values that passed every check and reached the
marts, or that the build machine's time zone changed. One small world carries them all:

- far-future events: event_at and received_at both in the year 2100, so that they agree with
  each other; they must be quarantined (outside_world_period), not sessionised;
- a zone-aware event_at (timestamp with time zone UTC): built under TZ=Asia/Tokyo, the marts
  must be those of the same world built under TZ=UTC, and the staged times the raw UTC times;
- three users whose country_code is their own email: the users must be quarantined
  (unknown_country) and no mart may hold the emails; the value-level PII test must be able
  to fail.

The allowed domains of the quasi-identifiers (dbt_project.yml) must be the generator's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml

from shadowpersona import world
from shadowpersona.generator import SIGNUP_HORIZON_DAYS, GeneratorConfig, generate
from tests.pytest.conftest import DBT, ROOT, dbt_env

sys.path.insert(0, str(ROOT / "scripts"))
from mart_hashes import table_hashes

CONFIG = GeneratorConfig(users=200, days=8, seed=4, start_date=date(2026, 10, 1))
N_FUTURE_EVENTS = 40
N_EMAIL_USERS = 3
# Marts the far-future events reached on the old code, and the ones compared across zones.
COMPARED_MARTS = ("fct_sessions", "fct_daily_trends", "fct_user_lifecycle", "dim_users")


@dataclass(frozen=True)
class AttackedWorld:
    raw: Path
    tokyo_db: Path
    utc_db: Path
    work: Path
    future_event_ids: set[int]
    email_users: dict[int, str]
    tokyo_build: subprocess.CompletedProcess

    def sql(self, sql: str, database: Path | None = None) -> list[tuple]:
        with duckdb.connect(str(database or self.tokyo_db), read_only=True) as connection:
            return connection.sql(sql).fetchall()


def _attack(raw: Path) -> tuple[set[int], dict[int, str]]:
    """Write the three attacks into a generated world; return what was planted."""
    users = pq.read_table(raw / "users.parquet")
    rows = list(range(10, 10 + N_EMAIL_USERS))
    emails = users["email"].to_pylist()
    codes = users["country_code"].to_pylist()
    for row in rows:
        codes[row] = emails[row]
    index = users.schema.get_field_index("country_code")
    pq.write_table(
        users.set_column(index, "country_code", pa.array(codes, pa.string())), raw / "users.parquet"
    )
    email_users = {users["user_id"][row].as_py(): emails[row] for row in rows}

    future: set[int] = set()
    # Both clocks jump to 2100 by the same amount: they still agree with each other.
    shift = pa.scalar(int((datetime(2100, 1, 1) - datetime(2026, 10, 1)).total_seconds() * 1000))
    for number, path in enumerate(sorted((raw / "events").glob("load_date=*/*.parquet"))):
        table = pq.read_table(path)
        if number == 1:
            chosen = pa.array([i < N_FUTURE_EVENTS for i in range(table.num_rows)], pa.bool_())
            future |= set(pc.filter(table["event_id"], chosen).to_pylist())
            for name in ("event_at", "received_at"):
                millis = table[name].cast(pa.int64())
                moved = pc.if_else(chosen, pc.add(millis, shift), millis)
                table = table.set_column(
                    table.schema.get_field_index(name), name, moved.cast(pa.timestamp("ms"))
                )
        # The same instants, stored zone-aware (as a client library in another zone writes).
        index = table.schema.get_field_index("event_at")
        aware = table["event_at"].cast(pa.timestamp("ms", tz="UTC"))
        pq.write_table(table.set_column(index, "event_at", aware), path)
    return future, email_users


def _dbt(args: list[str], raw: Path, database: Path, work: Path, tz: str):
    command = [
        str(DBT),
        *args,
        "--vars",
        json.dumps({"raw_data_path": str(raw)}),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    env = {**dbt_env(database, work), "TZ": tz}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> AttackedWorld:
    work = tmp_path_factory.mktemp("attacks")
    raw = work / "raw"
    generate(CONFIG, raw)
    future, email_users = _attack(raw)
    tokyo_db, utc_db = work / "tokyo.duckdb", work / "utc.duckdb"
    # The build's own result is a test below: on the old code some data tests failed, and
    # the attacks are best seen in the marts it still built.
    tokyo = _dbt(["build"], raw, tokyo_db, work / "tokyo", "Asia/Tokyo")
    selection = " ".join(f"+{name}" for name in COMPARED_MARTS)
    result = _dbt(
        ["build", "--select", selection, "--resource-type", "model", "--resource-type", "seed"],
        raw,
        utc_db,
        work / "utc",
        "UTC",
    )
    assert result.returncode == 0, result.stdout[-6000:]
    return AttackedWorld(raw, tokyo_db, utc_db, work, future, email_users, tokyo)


def test_the_attacked_world_builds_with_every_test_passing(attacked: AttackedWorld) -> None:
    assert attacked.tokyo_build.returncode == 0, attacked.tokyo_build.stdout[-6000:]
    assert "assert_no_personal_data_in_mart_values" in attacked.tokyo_build.stdout


def test_far_future_events_are_quarantined_not_sessionised(attacked: AttackedWorld) -> None:
    quarantined = attacked.sql(
        "select cast(row_key as bigint), rejection_reason "
        "from features.int_raw_rows__quarantined where source_table = 'events'"
    )
    reasons = {key: reason for key, reason in quarantined if key in attacked.future_event_ids}
    assert reasons == {key: "outside_world_period" for key in attacked.future_event_ids}
    end = CONFIG.start_date + timedelta(days=CONFIG.days + 1)
    # Nothing downstream reaches past the world (local days end at most 14 h after UTC's).
    for sql in (
        "select max(session_started_at) from marts.fct_sessions",
        "select max(last_session_at) from marts.dim_users",
        "select max(activity_date) from marts.fct_daily_trends",
    ):
        (latest,) = attacked.sql(sql)[0]
        assert latest is not None, sql
        assert (latest.date() if isinstance(latest, datetime) else latest) < end, sql
    (n_weeks,) = attacked.sql(
        "select count(distinct window_number) from marts.fct_user_traits_by_window "
        "where window_type = 'week'"
    )[0]
    assert n_weeks <= -(-CONFIG.days // 7)


def test_the_build_does_not_depend_on_the_machines_time_zone(attacked: AttackedWorld) -> None:
    tokyo = table_hashes(attacked.tokyo_db, "marts")
    utc = table_hashes(attacked.utc_db, "marts")
    for name in COMPARED_MARTS:
        assert tokyo[name] == utc[name], name
    # ... and the staged times are the raw UTC instants, not shifted by +9 hours.
    raw = pq.read_table(attacked.raw / "events", columns=["event_id", "event_at"]).to_pandas()
    raw["event_at"] = raw["event_at"].dt.tz_convert("UTC").dt.tz_localize(None)
    with duckdb.connect(str(attacked.tokyo_db), read_only=True) as connection:
        staged = connection.sql("select event_id, event_at from features.int_events__clean").df()
    merged = staged.merge(raw, on="event_id", suffixes=("", "_raw"))
    assert len(merged) == len(staged) > 0
    assert (merged["event_at"] == merged["event_at_raw"]).all()


def test_an_email_in_country_code_is_quarantined_not_published(attacked: AttackedWorld) -> None:
    reasons = dict(
        attacked.sql(
            "select cast(row_key as bigint), rejection_reason "
            "from features.int_raw_rows__quarantined where source_table = 'users'"
        )
    )
    assert {user: reasons.get(user) for user in attacked.email_users} == {
        user: "unknown_country" for user in attacked.email_users
    }
    # The quarantine itself does not spell the email out.
    (n_spelled,) = attacked.sql(
        "select count(*) from features.int_raw_rows__quarantined where raw_values like '%@%'"
    )[0]
    assert n_spelled == 0
    emails = sorted(attacked.email_users.values())
    for table, column in (
        ("dim_users", "country_code"),
        ("fct_fairness_group_traits", "group_value"),
        ("fct_fairness_group_drivers", "group_value"),
        ("eval_fairness_group_recovery", "group_value"),
    ):
        listed = ", ".join(f"'{email}'" for email in emails)
        (n_leaked,) = attacked.sql(
            f"select count(*) from marts.{table} where {column} in ({listed})"
        )[0]
        assert n_leaked == 0, table
    # Their events are not scored either.
    users = ", ".join(map(str, attacked.email_users))
    (n_scored,) = attacked.sql(
        f"select count(*) from marts.fct_user_traits where user_id in ({users})"
    )[0]
    assert n_scored == 0


def test_the_value_level_pii_test_fails_on_a_leaked_email(
    attacked: AttackedWorld, tmp_path: Path
) -> None:
    """The singular test passed in the build; on a copy where one mart value is an email it
    must fail, naming the mart and column."""
    copy = tmp_path / "leaked.duckdb"
    shutil.copy(attacked.tokyo_db, copy)
    email = next(iter(attacked.email_users.values()))
    with duckdb.connect(str(copy)) as connection:
        connection.execute(
            "update marts.fct_fairness_group_traits set group_value = ? "
            "where group_value = (select min(group_value) from marts.fct_fairness_group_traits)",
            [f"contact {email} now"],
        )
    result = _dbt(
        ["test", "--select", "assert_no_personal_data_in_mart_values", "--store-failures"],
        attacked.raw,
        copy,
        tmp_path / "dbt",
        "UTC",
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "FAIL" in result.stdout
    with duckdb.connect(str(copy), read_only=True) as connection:
        leaks = connection.sql(
            "select distinct mart, column_name, kind from "
            "dbt_test__audit.assert_no_personal_data_in_mart_values"
        ).fetchall()
    assert ("fct_fairness_group_traits", "group_value", "email") in leaks


def test_the_allowed_domains_are_the_generators() -> None:
    variables = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]
    assert variables["known_country_codes"] == [country.code for country in world.COUNTRIES]
    assert variables["known_genders"] == list(world.GENDERS)
    assert variables["known_device_os"] == list(world.DEVICE_OS)
    assert variables["signup_horizon_days"] == SIGNUP_HORIZON_DAYS
    offsets = [country.utc_offset_minutes for country in world.COUNTRIES]
    assert variables["min_utc_offset_minutes"] <= min(offsets)
    assert max(offsets) <= variables["max_utc_offset_minutes"]
