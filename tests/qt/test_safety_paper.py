"""Paper carries the real rules: a handout prints its routine's safety check, the chart's
note names the conditions from the rules.

Each handout is written by the command a user runs (`reflexmap handout ID -o x.pdf`) and
read back with pdftotext: every question that stops the routine, leaves steps out, needs a
doctor or lightens the pressure is found, in the dialog's words, under the dialog's verdict.

Mutations checked (each failed here, then was restored):
- `handout_intro` without the safety lines: 7 of the 8 tests fail (every handout).
- the chart's note typed by hand again (the old "Ask a doctor first if you have blood
  clots or vein problems..."): the chart test fails on "a blood clot or clotting disorder".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from player_atlas import BUNDLED_ROUTINES
from test_chart_export import pdf_text

from reflexmap.cli import main
from reflexmap.core.atlas import Atlas
from reflexmap.core.present import safety
from reflexmap.core.safety_check import build_checklist

ROUTINES = BUNDLED_ROUTINES


def _flat(text: str) -> str:
    return " ".join(text.split())


def _read(pdf: Path) -> str:
    """The PDF's text on one line; a word broken at its hyphen joined again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", pdf_text(pdf))


HEADS = {
    "stop": "This routine should not be done with:",
    "legs": "The leg steps are left out",
    "doctor": "Ask a doctor first with:",
    "lighter": "Use lighter pressure with:",
}


def _section(text: str, outcome: str) -> str:
    """The text of one outcome's paragraph: from its heading to the next one."""
    start = text.index(HEADS[outcome])
    ends = [text.find(h, start + 1) for h in (*HEADS.values(), "Whatever your answers")]
    return text[start : min(e for e in ends if e > start)]


@pytest.mark.parametrize("routine", ROUTINES)
def test_handout_lists_every_condition(qapp, atlas: Atlas, tmp_path: Path, routine: str) -> None:
    out = tmp_path / "x.pdf"
    assert main(["handout", routine, "-o", str(out)]) == 0
    text = _read(out)
    sequence = atlas.sequences[routine]
    checklist = build_checklist(atlas, sequence)
    outcomes = safety.question_outcomes(atlas, checklist)
    assert outcomes
    for question, found in outcomes:
        assert found, f"{question.id} is asked in {routine} but changes nothing"
        for outcome, rules in found.items():
            for rule in rules:  # named as the dialog's verdict names it, under its outcome
                assert _flat(rule.condition) in _section(text, outcome), (routine, rule.id)
    for rule in checklist.reminders:
        assert _flat(checklist.text(rule)) in text


def test_the_leg_article_handouts_say_stop_for_its_nine(qapp, atlas: Atlas, tmp_path: Path) -> None:
    """003's six foot moves: diabetes and the rest of its list sit under "should not be
    done", none under "ask a doctor" or "lighter"."""
    out = tmp_path / "x.pdf"
    assert main(["handout", "seq_003_six_techniques", "-o", str(out)]) == 0
    text = _read(out)
    stop = _section(text, "stop")
    for rid in ("s_diabetes", "s_bruising", "s_high_blood_pressure", "s_water_retention"):
        assert atlas.safety[rid].condition in stop, rid
    assert "Diabetes (foot massage)" not in text
    assert HEADS["legs"] not in text


def test_chart_note_names_the_conditions_from_the_rules(qapp, atlas: Atlas, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    assert main(["chart", "-o", str(out)]) == 0
    text = _read(out)
    names = {r.name for r in atlas.safety.values() if r.asked and not r.only_routines}
    for name in sorted(names):
        assert name in text, name
    assert "Do not massage the legs with:" in text  # the words: content/body_parts.toml
    assert "Do not massage the feet or legs with:" in text
    # the avoid rules are not softened to "ask a doctor" on paper
    note = text[text.index("Do not massage the feet or legs with:") :]
    for rid in ("s_dvt_clotting", "s_varicose_veins", "s_open_wounds"):
        assert atlas.safety[rid].name in note.split("Ask a doctor first with:")[0], rid
