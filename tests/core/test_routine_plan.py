"""The routine plan: sides in the source's order, change-overs once, one count and time.

Mutations tried: planning every step once per side (the old flattening) fails
test_circulation_follows_the_source and test_change_over_is_planned_once; starting on
the left regardless of `first_side` fails test_circulation_follows_the_source; lighting
both sides for a per-side step fails test_a_step_lights_only_its_side.
"""

from __future__ import annotations

import json
import re

import pytest

from reflexmap.cli import main
from reflexmap.core.present.routine import routine_summary
from reflexmap.core.routine_plan import plan_for_answers, plan_routine
from reflexmap.core.routine_session import RoutineSession
from reflexmap.core.safety_check import build_checklist, evaluate

SIDE_WORDS = re.compile(r"\b(left|right) (foot|leg|side)\b", re.IGNORECASE)


def test_circulation_follows_the_source(atlas) -> None:
    """004: right foot and leg first, the change-over once, then the left, then face down
    for the backs of both legs."""
    seq = atlas.sequences["seq_004_circulation"]
    plan = plan_routine(atlas, seq)
    first = plan.steps[0]
    assert first.foot == "right" and first.step_index == 0
    assert first.zones and all(atlas.zones[z].foot == "right" for z in first.zones)
    assert [s.step_index for s in plan.steps] == [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 7]
    assert [s.foot for s in plan.steps[:5]] == ["right"] * 5
    assert [s.foot for s in plan.steps[6:11]] == ["left"] * 5
    face_down = [s.index for s in plan.steps if s.technique == "t_position_prone"]
    front = [s.index for s in plan.steps if s.foot is not None and s.step_index < 5]
    assert face_down and min(face_down) > max(front)
    assert len(plan.steps) == 13


def test_change_over_is_planned_once(atlas) -> None:
    for seq in atlas.sequences.values():
        plan = plan_routine(atlas, seq)
        switches = [s for s in plan.steps if s.step.side == "switch"]
        assert len(switches) <= 1, seq.id
        for s in switches:  # between the two sides, never after both
            sides_before = {p.foot for p in plan.steps[: s.index] if p.foot}
            sides_after = {p.foot for p in plan.steps[s.index + 1 :] if p.foot}
            assert len(sides_before) == 1 and sides_after and sides_after != sides_before


def test_no_step_names_the_other_side(atlas) -> None:
    """A step's words never name a side the plan does not put it on."""
    for seq in atlas.sequences.values():
        for s in plan_routine(atlas, seq).steps:
            for match in SIDE_WORDS.finditer(s.text):
                named = match.group(1).lower()
                assert s.foot in (None, named), (seq.id, s.index, s.text)


def test_a_step_lights_only_its_side(atlas) -> None:
    for seq in atlas.sequences.values():
        for s in plan_routine(atlas, seq).steps:
            if s.foot is not None:
                assert {atlas.zones[z].foot for z in s.zones} <= {s.foot}, (seq.id, s.index)
            if s.zones:
                assert s.view is not None
                assert any(atlas.zones[z].view == s.view for z in s.zones)


def test_one_count_and_time_everywhere_in_the_core(atlas) -> None:
    for seq in atlas.sequences.values():
        plan = plan_routine(atlas, seq)
        player = RoutineSession(atlas)
        player.pick(seq.id)
        checklist = build_checklist(atlas, seq)
        player.answer(checklist, evaluate(checklist, frozenset()))
        player.start()
        summary = routine_summary(atlas, seq)
        assert len(player.plays) == len(plan.steps) == summary.steps
        assert player.total_s == pytest.approx(plan.total_s) == summary.total_s


def test_cli_prints_the_plan(atlas, capsys) -> None:
    for seq in atlas.sequences.values():
        assert main(["routine", seq.id, "--json"]) == 0
        record = json.loads(capsys.readouterr().out)
        plan = plan_routine(atlas, seq)
        assert record["id"] == seq.id and len(record["steps"]) == len(plan.steps)
        assert record["total_seconds"] == pytest.approx(plan.total_s)
        assert {s["side"] for s in record["steps"]} <= {"left", "right", "both", "not stated"}
        assert {s["time_source"] for s in record["steps"]} <= {"source", "suggested"}
        assert record["verdict"]["can_start"] is True and record["left_out"] == []
        assert main(["routine", seq.id]) == 0
        text = capsys.readouterr().out
        assert f"{len(plan.steps)} steps" in text.splitlines()[0]


def test_cli_answers_leave_steps_out(atlas, capsys) -> None:
    """An answer that rules a routine's steps out shows in the plan, with its reason."""
    for seq in atlas.sequences.values():
        plan0, _, checklist = plan_for_answers(atlas, seq)
        for rule in checklist.questions:
            if rule.effect != "avoid":
                continue
            plan, verdict, _ = plan_for_answers(atlas, seq, [rule.id])
            assert len(plan.steps) <= len(plan0.steps)
            assert main(["routine", seq.id, "--answer", rule.id, "--json"]) == 0
            record = json.loads(capsys.readouterr().out)
            assert len(record["steps"]) == len(plan.steps)
            for out in record["left_out"]:
                assert out["reason"], (seq.id, rule.id, out)
            return
    pytest.fail("no routine has a question that leaves steps out")


def test_cli_rejects_unknown_routines_and_answers(capsys) -> None:
    assert main(["routine", "nope"]) == 2
    assert "unknown routine" in capsys.readouterr().err
    assert main(["routine", "seq_004_circulation", "--answer", "nope"]) == 2
    assert "--questions" in capsys.readouterr().err


def test_sides_the_source_does_not_give_are_not_invented(atlas, capsys) -> None:
    """The bedtime routine and the leg article's six moves printed "both feet"
    on every step though their sources give no side. They are planned per foot, and the
    plan says that this is the app's choice; a step with no side in a routine done side
    by side says the source gives none. Mutation checked: `unstated` forced False brings
    "both feet" back on every step of seq_003_six_techniques."""
    for sid in ("seq_001_bedtime", "seq_003_six_techniques"):
        plan = plan_routine(atlas, atlas.sequences[sid])
        assert not plan.sides_stated
        unsided = [s for s in plan.steps if s.step.side == "not_stated"]
        assert unsided and all(s.foot in ("left", "right") for s in unsided), sid
        assert main(["routine", sid]) == 0
        out = capsys.readouterr().out
        assert "The source does not say whether to work one foot or both" in out
        together = sum(1 for s in plan.steps if s.step.side == "both_feet_together")
        assert out.count(" both feet · ") == together, sid  # only where the source says so
    circulation = plan_routine(atlas, atlas.sequences["seq_004_circulation"])
    face_down = [s for s in circulation.steps if s.step.side == "not_stated"]
    assert face_down and not any(s.side_stated for s in face_down)
