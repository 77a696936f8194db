"""The safety checklist: which rules are asked, and what the answers block.

Mutations tried (each fails a test here): evaluate ignoring a ticked follow-up's parent
(test_a_follow_up_answers_its_parent); a tick not bringing in the rules
that are part of its question (test_one_tick_answers_every_part); the checklist asking
"you" in a partner routine (test_partner_routines_ask_about_the_receiver); a follow-up
asked where it changes nothing (test_a_follow_up_is_asked_only_where_it_refines).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from authored import seed_ids
from player_atlas import with_leg
from pydantic import ValidationError

from reflexmap.core.loader import load_content
from reflexmap.core.models import SafetyRule
from reflexmap.core.present import safety as present_safety
from reflexmap.core.present.safety import verdict_paragraphs
from reflexmap.core.problems import ContentError
from reflexmap.core.safety_check import (
    NOT_A_DIAGNOSIS,
    answered_rules,
    build_checklist,
    evaluate,
    question_text,
    sequence_kind,
)


@pytest.fixture(scope="module")
def leg_atlas(atlas):
    return with_leg(atlas)


def test_kinds(leg_atlas) -> None:
    assert sequence_kind(leg_atlas, leg_atlas.sequences["seq_test_leg"]) == "leg"
    assert sequence_kind(leg_atlas, leg_atlas.sequences["seq_test_mixed"]) == "both"
    for seq in leg_atlas.sequences.values():
        if not seq.id.startswith("seq_test"):
            assert sequence_kind(leg_atlas, seq) in ("foot", "leg", "both")


def test_checklist_splits_questions_and_reminders(leg_atlas) -> None:
    foot_only = next(
        (s for s in leg_atlas.sequences.values() if sequence_kind(leg_atlas, s) == "foot"), None
    )
    if foot_only is not None:
        ids = {r.id for r in build_checklist(leg_atlas, foot_only).questions}
        assert "s_test_clot" not in ids and "s_test_wound" in ids
    check = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_leg"])
    assert all(r.effect not in ("stop", "remind") for r in check.questions)
    assert "s_test_stop" in {r.id for r in check.reminders}
    assert "s_test_clot" in {r.id for r in check.questions}
    assert "not a diagnosis" in NOT_A_DIAGNOSIS


def test_leg_rule_blocks_only_the_leg_steps(leg_atlas) -> None:
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


def test_doctor_and_lighter(leg_atlas) -> None:
    check = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_mixed"])
    assert evaluate(check, set()).can_start()
    doctor = evaluate(check, {"s_test_doctor"})
    assert doctor.needs_acknowledgement and not doctor.can_start()
    assert doctor.can_start(acknowledged=True)
    lighter = evaluate(check, {"s_test_lighter", "s_unknown"})
    assert lighter.can_start() and lighter.lighter_steps == frozenset({0, 1, 2})


def test_a_doctor_is_asked_only_for_steps_still_played(leg_atlas) -> None:
    """With the whole routine blocked, no box can lift it, so none is asked for."""
    leg = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_leg"])
    verdict = evaluate(leg, {"s_test_clot", "s_test_doctor", "s_test_lighter"})
    assert verdict.blocked and not verdict.ask_doctor and not verdict.needs_acknowledgement
    assert not verdict.lighter and not verdict.lighter_steps


def test_bundled_questions_by_effect(atlas) -> None:
    """Whatever the content holds: each answer does what its rules say, on this routine."""
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        assert not {r.effect for r in check.questions} & {"stop", "remind"}
        assert {r.effect for r in check.reminders} <= {"stop", "remind"}
        for rule in check.questions:
            ticked = {rule.id} | ({rule.follows} if rule.follows else set())
            rules = answered_rules(check, ticked)
            assert rules, (seq.id, rule.id)  # every question concerns the routine
            verdict = evaluate(check, ticked)
            effects = {r.effect for r in rules}
            if "avoid" in effects:
                assert verdict.blocked_steps, (seq.id, rule.id)
            doctor_steps = {
                i for r in rules if r.effect == "ask_doctor" for i in check.steps_of_rule[r.id]
            } & set(verdict.allowed_steps)
            assert verdict.needs_acknowledgement == bool(doctor_steps), (seq.id, rule.id)
            if doctor_steps:
                assert not verdict.can_start() and verdict.can_start(acknowledged=True)
            if effects == {"lighter_pressure"}:
                assert verdict.lighter_steps and verdict.can_start()


# ---- one question per condition ------------------------------------------------------

MERGED = {  # the overlapping questions found once, and the rule that asks for them now
    "pregnancy": ("s_pregnancy", {"s_pregnancy_foot", "s_pregnancy_first_trimester"}),
    "diabetes": ("s_diabetes", {"s_diabetes_feet"}),
    "osteoporosis": ("s_osteoporosis", {"s_osteoporosis_feet"}),
    "swelling": ("s_water_retention", {"s_swollen_light", "s_unexplained_swelling"}),
}


@pytest.mark.parametrize("condition", sorted(MERGED))
def test_one_question_per_condition(atlas, condition: str) -> None:
    """One parent question per condition; the other rules are parts or follow-ups of it."""
    parent, others = MERGED[condition]
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        parents = [r.id for r in check.questions if r.follows is None]
        assert parents.count(parent) == 1, seq.id
        assert not others & set(parents), seq.id
        for rid in others:
            rule = atlas.safety[rid]
            assert parent in (rule.part_of, rule.follows), rid


def test_no_two_questions_say_the_same(atlas) -> None:
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        texts = [check.text(r) for r in check.questions]
        assert len(texts) == len(set(texts)), seq.id
        seeds = [s for r in check.questions for s in seed_ids("safety").get(r.id, ())]
        assert len(seeds) == len(set(seeds)), seq.id


def test_one_tick_answers_every_part(atlas) -> None:
    """Pregnancy: no leg steps, and the foot steps need a doctor's word."""
    circulation = build_checklist(atlas, atlas.sequences["seq_004_circulation"])
    verdict = evaluate(circulation, {"s_pregnancy"})
    assert [r.id for r in verdict.blocking] == ["s_pregnancy"]
    assert [r.id for r in verdict.ask_doctor] == ["s_pregnancy_foot"]
    assert verdict.allowed_steps and not verdict.can_start()
    feet = build_checklist(atlas, atlas.sequences["seq_002_seated_self_massage"])
    assert "s_pregnancy" in {r.id for r in feet.questions}  # asked for its foot part
    verdict = evaluate(feet, {"s_pregnancy"})
    assert not verdict.blocked_steps and verdict.needs_acknowledgement
    swelling = evaluate(feet, {"s_water_retention"})
    assert [r.id for r in swelling.lighter] == ["s_swollen_light"]


def test_a_follow_up_answers_its_parent(atlas) -> None:
    """A yes to "the first three months of the pregnancy" is a yes to "pregnant" (issue
    24: alone, it used to say "Nothing you ticked stops this routine")."""
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        for rule in check.questions:
            if rule.follows is None:
                continue
            index = check.questions.index(rule)
            parent = check.questions[index - 1]
            assert parent.id == rule.follows or parent.follows == rule.follows, rule.id
            assert evaluate(check, {rule.id}) == evaluate(check, {rule.id, rule.follows}), (
                seq.id,
                rule.id,
            )
            assert evaluate(check, {rule.id, rule.follows}) != evaluate(check, {rule.follows}), (
                seq.id,
                rule.id,
            )
            assert rule in check.follow_ups(rule.follows)
    feet = build_checklist(atlas, atlas.sequences["seq_002_seated_self_massage"])
    first = evaluate(feet, {"s_pregnancy", "s_pregnancy_first_trimester"})
    assert first.blocked and not first.can_start(acknowledged=True)


def test_a_follow_up_is_asked_only_where_it_refines(leg_atlas) -> None:
    """In a routine of leg steps only, "pregnant" already leaves everything out: the
    first-trimester follow-up would change nothing, so it is not asked."""
    leg = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_leg"])
    ids = [r.id for r in leg.questions]
    assert "s_pregnancy" in ids and "s_pregnancy_first_trimester" not in ids
    mixed = build_checklist(leg_atlas, leg_atlas.sequences["seq_test_mixed"])
    ids = [r.id for r in mixed.questions]
    assert ids.index("s_pregnancy_first_trimester") == ids.index("s_pregnancy") + 1


# ---- whom the questions are about ------------------------------------------------------


def test_partner_routines_ask_about_the_receiver(atlas) -> None:
    partner = atlas.sequences["seq_004_circulation"]
    own = atlas.sequences["seq_002_seated_self_massage"]
    assert partner.performer == "partner" and own.performer == "self"
    pregnancy = atlas.safety["s_pregnancy"]
    assert (
        build_checklist(atlas, partner).text(pregnancy)
        == "Is the person receiving the massage pregnant?"
    )
    assert build_checklist(atlas, own).text(pregnancy) == "Are you pregnant?"
    assert present_safety.question_text is question_text  # one function, two doors
    assert question_text(pregnancy, partner) == pregnancy.question_partner
    consent = "s_ask_comfort"  # agreeing limits with the receiver: partner routines only
    assert consent in {r.id for r in build_checklist(atlas, partner).reminders}
    assert consent not in {r.id for r in build_checklist(atlas, own).reminders}
    assert "person receiving the massage" in present_safety.intro_text(partner)
    assert "to you" in present_safety.intro_text(own)
    assert "The person receiving" in present_safety.acknowledge_text(partner)
    assert present_safety.acknowledge_text(own).startswith("I have asked a doctor")


def test_question_help_names_every_part(atlas) -> None:
    check = build_checklist(atlas, atlas.sequences["seq_004_circulation"])
    text = present_safety.question_help(check, atlas.safety["s_pregnancy"])
    assert atlas.safety["s_pregnancy"].explanation in text
    assert atlas.safety["s_pregnancy_foot"].explanation in text


# ---- the schema and the loader ---------------------------------------------------------


def _rule(**fields: object) -> SafetyRule:
    base: dict[str, object] = dict(
        id="s_x",
        condition="X",
        effect="avoid",
        applies_to="leg",
        explanation="Why.",
        sources=("src",),
    )
    base.update(fields)
    return SafetyRule.model_validate(base)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "needs a question"),
        ({"question": "Do you have X."}, "ending with '?'"),
        ({"question": "Q?", "part_of": "s_y"}, "no question of its own"),
        ({"part_of": "s_y", "follows": "s_z"}, "both follow and be part_of"),
        ({"question": "Stop.", "effect": "stop", "follows": "s_y"}, "told, not asked"),
        ({"question": "Q?", "follows": "s_x"}, "itself"),
    ],
)
def test_schema_rejects(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _rule(**fields)
    assert _rule(question="Do you have X?").asked
    assert _rule(part_of="s_y").question == ""
    assert not _rule(question="Press lightly.", effect="remind").asked


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'follows = "s_pregnancy"',
            'follows = "s_no_such_rule"',
            "(id=s_pregnancy_first_trimester).follows: unknown safety rule 's_no_such_rule'",
        ),
        (
            'part_of = "s_diabetes"',
            'part_of = "s_sharp_pain_stop"',
            "(id=s_diabetes_feet).part_of: safety rule 's_sharp_pain_stop' asks no question",
        ),
        (
            'part_of = "s_diabetes"',
            'part_of = "s_pregnancy_foot"',
            "(id=s_diabetes_feet).part_of: safety rule 's_pregnancy_foot' asks no question",
        ),
        (
            'follows = "s_water_retention"',
            'follows = "s_pregnancy_first_trimester"',
            "(id=s_unexplained_swelling).follows: safety rule 's_pregnancy_first_trimester' is "
            "itself a follow-up",
        ),
    ],
)
def test_loader_checks_the_links(assets_copy: Path, old: str, new: str, message: str) -> None:
    path = assets_copy / "content" / "safety.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(assets_copy, check_geometry=False)
    assert message in "\n".join(map(str, info.value.problems))
