"""Planted incidents: the generator's ground truth for the anomaly detector.

An outage removes every session that would start inside its hours and every notification
open then; a viral day multiplies organic sessions; both are written to incidents.parquet;
and planting one never changes a day it does not touch.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from shadowpersona.cli import build_parser, incidents_from
from shadowpersona.generator import (
    DEFAULT_INCIDENTS,
    ID_DAY,
    OUTAGE_UTC_HOURS,
    GeneratorConfig,
    GeneratorError,
    Incident,
    generate,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_data.py"
START = date(2026, 10, 1)


def world(tmp_path: Path, name: str, incidents: tuple[Incident, ...], days: int = 4) -> Path:
    out = tmp_path / name
    cfg = GeneratorConfig(users=300, days=days, seed=11, start_date=START, incidents=incidents)
    generate(cfg, out)
    return out


def app_opens_on(root: Path, day: date):
    events = pq.read_table(root / "events", columns=["event_type", "event_at"])
    opens = events.filter(pc.equal(events["event_type"].cast("string"), "app_open"))
    return opens.filter(pc.equal(pc.cast(opens["event_at"], "date32"), day))


def test_default_world_plants_one_outage_on_day_20() -> None:
    assert DEFAULT_INCIDENTS == (Incident("outage", 20),)
    assert incidents_from(build_parser().parse_args([]).incident) == DEFAULT_INCIDENTS


def test_incident_options_parse() -> None:
    args = build_parser().parse_args(["--incident", "viral:3", "--incident", "outage:5"])
    assert incidents_from(args.incident) == (Incident("viral", 3), Incident("outage", 5))
    assert incidents_from(build_parser().parse_args(["--incident", "none"]).incident) == ()


@pytest.mark.parametrize("value", ["outage", "flood:3", "outage:-1", "outage:x"])
def test_bad_incident_fails_in_one_line(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--incident", value, "--out", str(tmp_path / "raw")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--incident" in result.stderr
    assert not (tmp_path / "raw").exists()


def test_two_incidents_on_one_day_are_refused() -> None:
    cfg = GeneratorConfig(
        users=10, days=3, seed=1, start_date=START, incidents=(Incident("outage", 1),) * 2
    )
    with pytest.raises(GeneratorError, match="one incident per day"):
        cfg.validate()


def test_outage_stops_sessions_and_opens_in_its_hours(tmp_path: Path) -> None:
    quiet = world(tmp_path, "quiet", ())
    outage = world(tmp_path, "outage", (Incident("outage", 2),))
    down_from = datetime(2026, 10, 3, OUTAGE_UTC_HOURS[0])
    down_to = datetime(2026, 10, 3, OUTAGE_UTC_HOURS[1])

    def in_window(times) -> int:
        return int(((times >= down_from) & (times < down_to)).sum())

    def session_starts(root: Path):
        return app_opens_on(root, date(2026, 10, 3)).to_pandas()["event_at"]

    def notification_opens(root: Path):
        return pq.read_table(root / "notifications").to_pandas()["opened_at"].dropna()

    assert in_window(session_starts(quiet)) > 100
    assert in_window(notification_opens(quiet)) > 10
    assert in_window(session_starts(outage)) == 0
    assert in_window(notification_opens(outage)) == 0
    # Ground truth: one row with the outage's date and hours.
    truth = pq.read_table(outage / "incidents.parquet").to_pylist()
    assert truth == [
        {
            "incident_id": 1,
            "incident_type": "outage",
            "incident_date": date(2026, 10, 3),
            "started_at": down_from,
            "ended_at": down_to,
        }
    ]
    # A day the outage cannot reach is identical to the quiet world's.
    first_days = []
    for root in (quiet, outage):
        events = pq.read_table(root / "events")
        first_days.append(events.filter(pc.less(events["event_id"], 2 * ID_DAY)))
    assert first_days[0].num_rows > 0 and first_days[0].equals(first_days[1])


def test_viral_day_lifts_sessions_and_shares(tmp_path: Path) -> None:
    quiet = world(tmp_path, "quiet", ())
    viral = world(tmp_path, "viral", (Incident("viral", 2),))
    day = date(2026, 10, 3)
    assert app_opens_on(viral, day).num_rows > 1.4 * app_opens_on(quiet, day).num_rows
    truth = pq.read_table(viral / "incidents.parquet").to_pylist()
    assert [(row["incident_type"], row["incident_date"]) for row in truth] == [("viral", day)]
    assert truth[0]["ended_at"] == datetime(2026, 10, 4)


def test_incident_after_the_window_is_not_planted(tmp_path: Path) -> None:
    default = world(tmp_path, "default", DEFAULT_INCIDENTS, days=3)
    quiet = world(tmp_path, "quiet", (), days=3)
    assert pq.read_table(default / "incidents.parquet").num_rows == 0
    assert pq.read_table(default / "events").equals(pq.read_table(quiet / "events"))
