"""Dirty data end to end: inject every fault class into a small world, build it, and check
that every injected fault is caught with the right reason, that nothing else is quarantined,
that every raw row is accounted for, that bots are flagged and not scored, and that the
profiles stay close to those of the same world without faults. Also: two builds give
identical marts (content hashes), and the generator does not depend on how it writes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from scipy.stats import spearmanr

from shadowpersona import dirty
from shadowpersona.generator import GeneratorConfig, generate
from shadowpersona.rawcheck import raw_row_counts
from tests.pytest.conftest import ROOT, dbt_env, run_dbt

sys.path.insert(0, str(ROOT / "scripts"))
from mart_hashes import table_hashes

pytestmark = pytest.mark.e2e

RATE = 0.02
# Half the users in the survey panel, so that the faulty users' rows reach every user-keyed
# table (survey answers included) and every fault class is exercised.
CONFIG = GeneratorConfig(users=400, days=10, seed=11, start_date=date(2026, 10, 1), panel_share=0.5)


@dataclass(frozen=True)
class DirtyWorld:
    clean_raw: Path
    dirty_raw: Path
    clean_db: Path
    dirty_db: Path
    first_hashes: dict[str, tuple[int, str]]
    second_hashes: dict[str, tuple[int, str]]

    def dirty_sql(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.dirty_db), read_only=True) as connection:
            return connection.sql(sql).df()

    def manifest(self) -> pd.DataFrame:
        return pq.read_table(self.dirty_raw / dirty.MANIFEST).to_pandas()


def build_database(raw: Path, database: Path, work: Path, *dbt_args: str):
    command = [
        sys.executable,
        str(ROOT / "scripts" / "build_database.py"),
        "--raw",
        str(raw),
        "--database",
        str(database),
        "--",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        *dbt_args,
    ]
    return subprocess.run(
        command, cwd=ROOT, env=dbt_env(database, work), capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> DirtyWorld:
    work = tmp_path_factory.mktemp("dirty")
    clean_raw, dirty_raw = work / "clean", work / "dirty"
    generate(CONFIG, clean_raw)
    generate(CONFIG, dirty_raw, post_process=lambda root: dirty.inject(CONFIG, root, RATE))
    dirty_db = work / "dirty.duckdb"
    result = build_database(dirty_raw, dirty_db, work)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    first = table_hashes(dirty_db, "marts")
    result = build_database(dirty_raw, dirty_db, work)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    second = table_hashes(dirty_db, "marts")
    clean_db = work / "clean.duckdb"
    result = run_dbt(
        [
            "build",
            "--select",
            "+fct_user_traits",
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
        ],
        clean_raw,
        clean_db,
        work,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    return DirtyWorld(clean_raw, dirty_raw, clean_db, dirty_db, first, second)


def test_every_fault_class_is_injected(world: DirtyWorld) -> None:
    manifest = world.manifest()
    injected = set(zip(manifest["source_table"], manifest["fault"], strict=True))
    expected = (
        {("events", fault) for fault in dirty.EVENT_FAULTS}
        | {("content", fault) for fault in dirty.CONTENT_FAULTS}
        | {("users", fault) for fault in (*dirty.USER_FAULTS, "bot_user")}
        | {("notifications", fault) for fault in dirty.NOTIFICATION_FAULTS}
        | {(table, dirty.QUARANTINED_USER) for table in ("events", *dirty.USER_TABLES)}
    )
    assert injected == expected


def test_every_injected_fault_is_quarantined_with_its_reason(world: DirtyWorld) -> None:
    manifest = world.manifest()
    # Exact duplicates are collapsed, not quarantined; bot accounts are flagged, not
    # quarantined (their events are).
    expected = manifest[
        (manifest["fault"] != "duplicate")
        & ~((manifest["source_table"] == "users") & (manifest["fault"] == "bot_user"))
    ]
    quarantine = world.dirty_sql(
        "select source_table, row_key, rejection_reason from features.int_raw_rows__quarantined"
    )
    merged = expected.merge(quarantine, on=["source_table", "row_key"], how="left")
    missed = merged[merged["rejection_reason"] != merged["fault"]]
    assert missed.empty, missed.groupby(["fault", "rejection_reason"], dropna=False).size()


def test_no_clean_row_is_quarantined(world: DirtyWorld) -> None:
    keys = set(zip(*world.manifest()[["source_table", "row_key"]].T.values, strict=True))
    quarantine = world.dirty_sql(
        "select source_table, row_key from features.int_raw_rows__quarantined"
    )
    extra = [
        key
        for key in zip(quarantine["source_table"], quarantine["row_key"], strict=True)
        if key not in keys
    ]
    assert not extra, extra[:10]


def test_clean_rows_are_exactly_the_untouched_rows(world: DirtyWorld) -> None:
    """The clean events of the dirty world are the raw events of the same world generated
    without faults, minus the rows a fault was injected into: nothing lost, nothing added."""
    manifest = world.manifest()
    touched = manifest[
        (manifest["source_table"] == "events") & ~manifest["fault"].isin(["duplicate", "bot_user"])
    ]["row_key"]
    raw = pq.read_table(world.clean_raw / "events", columns=["event_id"]).to_pandas()
    expected = set(raw["event_id"].astype(str)) - set(touched)
    clean = world.dirty_sql("select cast(event_id as varchar) as k from features.int_events__clean")
    assert len(clean) == len(expected)
    assert set(clean["k"]) == expected


def test_duplicates_are_collapsed_and_counted(world: DirtyWorld) -> None:
    manifest = world.manifest()
    duplicated = set(manifest.loc[manifest["fault"] == "duplicate", "row_key"])
    copies = world.dirty_sql(
        "select cast(event_id as varchar) as k, n_copies "
        "from features.int_events__validated where n_copies > 1"
    )
    assert set(copies["k"]) == duplicated
    assert (copies["n_copies"] == 2).all()
    events = world.dirty_sql(
        "select * from marts.fct_row_reconciliation where source_table = 'events'"
    ).iloc[0]
    assert events["duplicates_removed"] == len(duplicated)


def test_reconciliation_accounts_for_every_raw_row(world: DirtyWorld) -> None:
    reconciliation = world.dirty_sql("select * from marts.fct_row_reconciliation").set_index(
        "source_table"
    )
    # Rows on disk from every Parquet file's footer, wherever it lies: a count that does not
    # share the models' glob, so a file the models skip cannot hide from it.
    on_disk = raw_row_counts(world.dirty_raw)
    assert {"events", "content", "users", "notifications", "ad_impressions"} <= set(
        reconciliation.index
    )
    for table, row in reconciliation.iterrows():
        assert row["rows_in"] == on_disk[table], table
        assert (
            row["rows_in"]
            == row["rows_clean"] + row["rows_quarantined"] + row["duplicates_removed"]
        )
    manifest = world.manifest()
    quarantined = manifest[
        (manifest["fault"] != "duplicate")
        & ~((manifest["source_table"] == "users") & (manifest["fault"] == "bot_user"))
    ]
    expected = quarantined.groupby("source_table").size()
    # A duplicated notification id is listed once but quarantines both of its rows.
    expected["notifications"] += (quarantined["fault"] == "duplicate_id").sum()
    for table in reconciliation.index:
        assert reconciliation.loc[table, "rows_quarantined"] == expected.get(table, 0), table
    assert reconciliation["is_reconciled"].all()


def test_quarantined_users_are_neither_published_nor_scored(world: DirtyWorld) -> None:
    """A user with a malformed profile is not in any user mart and has no score; the email
    injected as a country code (the first unknown_country user) reaches no mart."""
    manifest = world.manifest()
    faulty = manifest[
        (manifest["source_table"] == "users") & manifest["fault"].isin(dirty.USER_FAULTS)
    ]
    users = ", ".join(faulty["row_key"])
    for table in ("dim_users", "fct_user_traits", "fct_user_personas", "fct_sessions"):
        (n_rows,) = world.dirty_sql(
            f"select count(*) as n from marts.{table} where user_id in ({users})"
        )["n"]
        assert n_rows == 0, table
    email_user = faulty.loc[faulty["fault"] == "unknown_country", "row_key"].iloc[0]
    email = (
        pq.read_table(world.dirty_raw / "users.parquet")
        .to_pandas()
        .set_index("user_id")
        .loc[int(email_user), "country_code"]
    )
    assert "@" in email
    for table in ("dim_users", "fct_fairness_group_traits"):
        column = "country_code" if table == "dim_users" else "group_value"
        (n_rows,) = world.dirty_sql(
            f"select count(*) as n from marts.{table} where {column} = '{email}'"
        )["n"]
        assert n_rows == 0, table


def test_bots_are_flagged_counted_and_never_scored(world: DirtyWorld) -> None:
    manifest = world.manifest()
    planted = set(
        manifest.loc[
            (manifest["source_table"] == "users") & (manifest["fault"] == "bot_user"), "row_key"
        ].astype(int)
    )
    assert planted
    flagged = set(world.dirty_sql("select user_id from marts.dim_suspected_bots")["user_id"])
    assert flagged == planted
    users = world.dirty_sql(
        "select user_id, is_profiled from marts.dim_users where user_id in "
        f"({', '.join(map(str, planted))})"
    )
    assert len(users) == len(planted) and not users["is_profiled"].any()
    scored = world.dirty_sql(
        f"select count(*) as n from marts.fct_user_traits where user_id in "
        f"({', '.join(map(str, planted))})"
    )
    assert scored["n"][0] == 0


def test_dirty_profiles_stay_close_to_clean_ones(world: DirtyWorld) -> None:
    """Per trait, Spearman rho between a user's raw score with and without 2 % faults."""
    sql = "select user_id, trait, raw_score from marts.fct_user_traits where method = 'hand-set'"
    with duckdb.connect(str(world.clean_db), read_only=True) as connection:
        clean = connection.sql(sql).df()
    paired = clean.merge(world.dirty_sql(sql), on=["user_id", "trait"], suffixes=("", "_dirty"))
    assert len(paired) >= 0.97 * len(clean)
    for trait, group in paired.groupby("trait"):
        rho = spearmanr(group["raw_score"], group["raw_score_dirty"]).statistic
        assert rho >= 0.95, (trait, rho)


def test_building_twice_gives_identical_marts(world: DirtyWorld) -> None:
    assert world.first_hashes == world.second_hashes
    assert "fct_row_reconciliation" in world.first_hashes


def test_the_mart_hash_changes_with_one_value(world: DirtyWorld, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(world.dirty_db, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute(
            "update marts.fct_user_traits set raw_score = raw_score + 1e-12 "
            "where user_id = (select min(user_id) from marts.fct_user_traits)"
        )
    changed = table_hashes(copy, "marts")
    assert changed["fct_user_traits"] != world.first_hashes["fct_user_traits"]
    assert changed["dim_users"] == world.first_hashes["dim_users"]


def read_all(root: Path) -> dict[str, object]:
    tables = {}
    for path in sorted(root.rglob("*.parquet")):
        tables[str(path.relative_to(root))] = pq.read_table(path)
    return tables


def test_generator_output_does_not_depend_on_how_it_writes(tmp_path: Path) -> None:
    """Same arguments, writes in a background thread or inline: identical files, faults too."""
    small = GeneratorConfig(users=2100, days=2, seed=5, start_date=date(2026, 10, 1))

    def inject(root: Path) -> None:
        dirty.inject(small, root, 0.05)

    generate(small, tmp_path / "a", post_process=inject)
    generate(small, tmp_path / "b", post_process=inject, background_writer=False)
    a, b = read_all(tmp_path / "a"), read_all(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) > 10  # two user blocks: several part files
    for name in a:
        # (pandas' equals takes NaN as equal to NaN: the faulty scores are NaN in both)
        assert a[name].equals(b[name]) or a[name].to_pandas().equals(b[name].to_pandas()), name


def test_faults_leave_the_rest_of_the_world_untouched(tmp_path: Path) -> None:
    """Every value of every row that the manifest does not list is the clean world's value."""
    small = GeneratorConfig(users=150, days=3, seed=2, start_date=date(2026, 10, 1))
    generate(small, tmp_path / "clean")
    generate(small, tmp_path / "dirty", post_process=lambda root: dirty.inject(small, root, 0.05))
    manifest = pq.read_table(tmp_path / "dirty" / dirty.MANIFEST).to_pandas()
    listed = set(manifest.loc[manifest["source_table"] == "events", "row_key"].astype(int))

    def events(root: Path) -> pd.DataFrame:
        frame = pq.read_table(root / "events").to_pandas()
        frame["event_type"] = frame["event_type"].astype(str)
        return frame

    clean, faulty = events(tmp_path / "clean"), events(tmp_path / "dirty")
    untouched = faulty[~faulty["event_id"].isin(listed)].sort_values("event_id")
    expected = clean[~clean["event_id"].isin(listed)].sort_values("event_id")
    assert len(untouched) > 0.8 * len(clean)
    # (null ids make the dirty user_id column float in pandas: compare values, not dtypes)
    pd.testing.assert_frame_equal(
        untouched.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
    )
    # Faulty users are edited in place, bots and faulty posts appended.
    faulty_users = set(manifest.loc[manifest["source_table"] == "users", "row_key"].astype(int))
    before = pq.read_table(tmp_path / "clean" / "users.parquet").to_pandas()
    after = pq.read_table(tmp_path / "dirty" / "users.parquet").to_pandas()
    after = after[after["user_id"].isin(before["user_id"])]
    assert 0 < before["user_id"].isin(faulty_users).sum() < 0.2 * len(before)
    pd.testing.assert_frame_equal(
        after[~after["user_id"].isin(faulty_users)].reset_index(drop=True),
        before[~before["user_id"].isin(faulty_users)].reset_index(drop=True),
    )
    before = pq.read_table(tmp_path / "clean" / "content.parquet")
    after = pq.read_table(tmp_path / "dirty" / "content.parquet")
    assert after.slice(0, before.num_rows).equals(before)


def test_no_generated_event_precedes_its_users_signup(tmp_path: Path) -> None:
    """A clean world breaks no quarantine rule: users joining during the window act only
    from the local day after signing up (a bug let users east of UTC act hours before)."""
    cfg = GeneratorConfig(users=2500, days=20, seed=42, start_date=date(2026, 10, 1))
    generate(cfg, tmp_path / "raw")
    early = duckdb.sql(
        f"""
        select count(*) from read_parquet('{tmp_path}/raw/events/*/*.parquet') as events
        inner join read_parquet('{tmp_path}/raw/users.parquet') as users using (user_id)
        where events.event_at < users.signed_up_at
        """
    ).fetchone()[0]
    assert early == 0
