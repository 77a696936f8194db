"""The safety checklist: which rules are asked, and what the answers block."""

from __future__ import annotations

import pytest
from player_atlas import with_leg

from reflexmap.core.present.safety import verdict_paragraphs
from reflexmap.core.safety_check import (
    NOT_A_DIAGNOSIS,
    build_checklist,
    evaluate,
    sequence_kind,
)


@pytest.fixture(scope="module")
def leg_atlas(atlas):  # type: ignore[no-untyped-def]
    return with_leg(atlas)


def test_kinds(leg_atlas) -> None:  # type: ignore[no-untyped-def]
    assert sequence_kind(leg_atlas, leg_atlas.sequences["seq_test_leg"]) == "leg"
    assert sequence_kind(leg_atlas, leg_atlas.sequences["seq_test_mixed"]) == "both"
    for seq in leg_atlas.sequences.values():
        if not seq.id.startswith("seq_test"):
            assert sequence_kind(leg_atlas, seq) in ("foot", "leg", "both")


def test_checklist_splits_questions_and_reminders(leg_atlas) -> None:  # type: ignore[no-untyped-def]
    foot_only = next((s for s in leg_atlas.sequences.values()
                      if sequence_kind(leg_atlas, s) == "foot"), None)
    if foot_only is not None:
        ids = {r.id for r in build_checklist(leg_atlas, foot_only).questions}
        assert "s_test_clot" not in ids and "s_test_wound" in ids
    check = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_leg"])
    assert all(r.effect != "stop" for r in check.questions)
    assert "s_test_stop" in {r.id for r in check.reminders}
    assert "s_test_clot" in {r.id for r in check.questions}
    assert "not a diagnosis" in NOT_A_DIAGNOSIS


def test_leg_rule_blocks_only_the_leg_steps(leg_atlas) -> None:  # type: ignore[no-untyped-def]
    check = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_mixed"])
    verdict = evaluate(check, {"s_test_clot"})
    assert verdict.allowed_steps == (1, 2) and verdict.blocked_steps == (0,)
    assert verdict.partly_blocked and not verdict.blocked and verdict.can_start()
    assert "Because s_test_clot." in " ".join(verdict_paragraphs(verdict, check.sequence))
    leg = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_leg"])
    assert evaluate(leg, {"s_test_clot"}).blocked
    assert not evaluate(leg, {"s_test_clot"}).can_start(acknowledged=True)
    zone_rule = evaluate(leg, {"s_test_lower_only"})  # names the lower shin only
    assert zone_rule.allowed_steps == (0,)


def test_doctor_and_lighter(leg_atlas) -> None:  # type: ignore[no-untyped-def]
    check = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_mixed"])
    assert evaluate(check, set()).can_start()
    doctor = evaluate(check, {"s_test_doctor"})
    assert doctor.needs_acknowledgement and not doctor.can_start()
    assert doctor.can_start(acknowledged=True)
    lighter = evaluate(check, {"s_test_lighter", "s_unknown"})
    assert lighter.can_start() and lighter.lighter_steps == frozenset({0, 1, 2})


def test_bundled_rules_by_effect(atlas) -> None:  # type: ignore[no-untyped-def]
    """Whatever the content holds: avoid blocks, stop is never asked."""
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        for rule in check.questions:
            verdict = evaluate(check, {rule.id})
            if rule.effect == "avoid":
                assert verdict.blocked_steps
            elif rule.effect == "ask_doctor":
                assert not verdict.can_start() and verdict.can_start(True)
            else:
                assert verdict.lighter_steps
