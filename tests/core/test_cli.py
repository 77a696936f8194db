"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reflexmap import __version__
from reflexmap.cli import main


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]):
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_zones_json_lists_both_soles(capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(["zones", "--json", "--view", "sole"], capsys)
    for foot in ("left", "right"):
        assert sum(r["foot"] == foot for r in rows) >= 30
    row = next(r for r in rows if r["id"] == "left.sole.solar_plexus")
    assert set(row) >= {"id", "name", "foot", "view", "body_areas", "techniques"}
    assert "Solar plexus and diaphragm" in row["body_areas"]
    assert row["techniques"]
    heart = [r for r in rows if "Heart" in r["body_areas"]]
    assert {r["foot"] for r in heart} == {"left"}
    liver = [r for r in rows if "Liver" in r["body_areas"]]
    assert {r["foot"] for r in liver} == {"right"}


def test_zones_filter_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["zones", "--foot", "right"]) == 0
    out = capsys.readouterr().out
    assert "Liver" in out and "right" in out and " left " not in out
    assert out.strip().endswith("zones")


def test_content_json_holds_everything(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(["content", "--json"], capsys)
    for key in ("sources", "body_areas", "zones", "techniques", "sequences", "safety"):
        assert data[key], key
    zone = data["zones"][0]
    assert zone["polygon"]["type"] == "Polygon"
    assert zone["claims"][0]["sources"]


@pytest.mark.parametrize("cmd", [[], ["zones"], ["content"], ["validate"], ["shot"]])
def test_help_everywhere(cmd: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reflexmap", *cmd, "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert "usage: reflexmap" in out.stdout


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reflexmap", "--version"], capture_output=True, text=True
    )
    assert out.stdout.strip() == f"reflexmap {__version__}"


def test_validate_missing_dir(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "expected a content/ folder" in capsys.readouterr().err


def test_a_follow_up_answers_its_question(capsys: pytest.CaptureFixture[str]) -> None:
    """`--answer s_pregnancy_first_trimester` alone said "Nothing you ticked
    stops this routine". It is a yes to "pregnant" too, also in a routine that does not
    ask the follow-up (the leg article's moves stop with pregnancy already)."""
    for routine in ("seq_000_foot_massage", "seq_003_six_techniques", "seq_004_circulation"):
        data = run_json(
            ["routine", routine, "--answer", "s_pregnancy_first_trimester", "--json"], capsys
        )
        assert data["verdict"]["blocked"], routine
        assert "s_pregnancy" in data["verdict"]["blocking"] or routine == "seq_000_foot_massage"
        assert data["steps"] == []
    rows = run_json(["routine", "seq_004_circulation", "--questions", "--json"], capsys)
    marked = {r["id"]: r["follow_up"] for r in rows}
    assert marked["s_pregnancy_first_trimester"] is True
    assert marked["s_unexplained_swelling"] is True
    assert marked["s_pregnancy"] is False
    assert sum(marked.values()) == sum(1 for r in rows if r["follows"])
