"""The safety check has no holes: a property test over every question and every routine.

Which conditions rule out leg massage is written down here, from the sources, not read
from the rules' own effects, so a rule softened in the content (pregnancy back to "ask a
doctor") fails the test instead of quietly redefining what it checks:

* the leg article (003) lists nine groups who should not get a leg massage (their seed ids
  below; the seed inventory's contraindications are cross-checked when it is there);
* professional bodies (reflexology-chart.md, section 3) add a recent fracture, sprain or
  operation, skin infections, active gout and the first three months of pregnancy, and
  say never to press on varicose veins (a stroke up the leg cannot keep off them).

For each of them, ticked alone or with any other boxes, no step that works a leg zone
(``zone_kinds``) is allowed, and the doctor acknowledgement brings none back. Ticking
boxes never allows more steps than ticking fewer. Every question is put so that "yes"
means a risk, and a routine someone else may give asks about the person receiving it.

Mutations tried, and what caught them:
- s_pregnancy's effect "avoid" -> "ask_doctor" (the issue's hole):
  test_leg_excluding_conditions_are_leg_excluding, test_single_and_pair_answers,
  test_any_answers_with_a_leg_excluding_condition.
- evaluate ignoring `follows` (a follow-up counted without its parent): test_safety_check's
  test_a_follow_up_counts_only_with_its_parent; here the monotonicity still holds.
- s_pregnancy's part for the feet dropped from `implied` (evaluate not ticking parts):
  test_safety_check.test_one_tick_answers_every_part.
- a question reworded "Have you looked at the feet for sores?": test_yes_means_a_risk.
- s_diabetes question_partner removed (partner routines would ask "Do you have
  diabetes?"): test_partner_routines_ask_about_the_person.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import article_facts  # tests/ is on the path: its conftest lives there
import pytest
from authored import seed_ids
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from player_atlas import with_leg

from reflexmap.cli import main
from reflexmap.core.records import SafetyRule, Sequence
from reflexmap.core.safety_check import (
    Checklist,
    addresses_receiver,
    answered_rules,
    build_checklist,
    evaluate,
    step_kinds,
)
from reflexmap.core.safety_rules import zone_kinds

ASSETS = Path(__file__).resolve().parents[2] / "assets"

# The leg article's "do not give a leg massage" list (seed ids).
LEG_ARTICLE = frozenset(
    {
        "s_pregnancy",
        "s_dvt_clotting",
        "s_water_retention",
        "s_open_wounds",
        "s_diabetes",
        "s_high_blood_pressure",
        "s_osteoporosis",
        "s_bruising",
        "s_low_platelets_blood_thinners",
    }
)
# Professional bodies' "avoid" list and "never press on" (rule ids; no seed ids).
PROFESSIONAL_BODIES = frozenset(
    {
        "s_recent_injury_surgery",
        "s_skin_infection",
        "s_gout",
        "s_pregnancy_first_trimester",
        "s_varicose_veins",
    }
)

AUXILIARIES = ("Is ", "Are ", "Do ", "Does ", "Has ", "Have ")
INVERTED = re.compile(
    r"^(Have you (looked|checked|asked|tried|made sure)|Has the person "
    r"(looked|checked|asked)|Do you know|Does the person know|Are you sure|"
    r"Is it (safe|all right|ok)|Did you|Can you|Will you|Would you)",
    re.I,
)
NEGATION = re.compile(r"\b(not|no|never|nothing|none|without)\b|n't\b", re.I)
YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.I)


@pytest.fixture(scope="module")
def bundled(atlas):
    return atlas


@pytest.fixture(scope="module")
def legs(bundled):
    return with_leg(bundled)


class Checklists(list[Checklist]):
    """A short repr: hypothesis prints the arguments of a failing example."""

    def __repr__(self) -> str:
        return f"<{len(self)} checklists: " + ", ".join(c.sequence.id for c in self) + ">"


@pytest.fixture(scope="module")
def checklists(bundled, legs) -> Checklists:
    """Every bundled routine, as written and as a partner routine, and the test atlas's
    routines of leg steps only and of mixed steps."""
    seqs: list[Sequence] = list(bundled.sequences.values())
    seqs += [replace(s, **{"performer": "partner"}) for s in seqs if s.performer == "self"]
    lists = [build_checklist(bundled, s) for s in seqs]
    lists += [build_checklist(legs, legs.sequences[s]) for s in ("seq_test_leg", "seq_test_mixed")]
    return Checklists(lists)


@pytest.fixture(scope="module")
def atlas_of(bundled, legs):
    def pick(check: Checklist):
        return bundled if check.sequence.id in bundled.sequences else legs

    return pick


def _leg_steps(atlas, sequence: Sequence) -> frozenset[int]:
    """Steps that work a leg zone (or, undrawn, a leg by the routine's side)."""
    out = set()
    for i, step in enumerate(sequence.steps):
        zones = atlas.step_zones(step)
        if any("leg" in zone_kinds(atlas, z) for z in zones) or (
            not zones and "leg" in step_kinds(atlas, step, sequence)
        ):
            out.add(i)
    return frozenset(out)


def _carries(rule: SafetyRule) -> bool:
    return (
        bool(LEG_ARTICLE & set(seed_ids("safety").get(rule.id, ())))
        or rule.id in PROFESSIONAL_BODIES
    )


def _ticks(rule: SafetyRule) -> frozenset[str]:
    """What a user ticks to answer yes: a follow-up needs its parent ticked."""
    return frozenset({rule.id} | ({rule.follows} if rule.follows else set()))


def leg_excluding(check: Checklist) -> list[SafetyRule]:
    """The questions whose yes is a condition the sources rule out for legs."""
    return [
        q
        for q in check.questions
        if any(_carries(r) for r in answered_rules(check, _ticks(q))) or _carries(q)
    ]


# ---- the spec is complete --------------------------------------------------------------


def _contraindications(text: str) -> set[str]:
    """Seed ids of the inventory's safety entries of type contraindication (a line reader:
    PyYAML is no dependency)."""
    found, section, current = set(), None, None
    for line in text.splitlines():
        top = re.match(r"^([A-Za-z_]+):", line)
        if top:
            section = top.group(1)
            continue
        item = re.match(r"^  - id:\s*(\S+)", line)
        if item:
            current = item.group(1)
        elif section == "safety" and current and re.match(r"^    type:\s*contraindication", line):
            found.add(current)
    return found


def test_the_list_is_the_sources_list() -> None:
    """The leg article's list, as the project's index of the articles records it."""
    index = article_facts.load()
    assert {f.id for f in index.facts if f.contraindication} == LEG_ARTICLE


def test_the_index_marks_the_inventory_contraindications() -> None:
    """The index agrees with the shared inventory (where it is; under CI it must be)."""
    path = article_facts.shared_or_skip("reference/seed-facts.yaml")
    index = article_facts.load()
    ours = {f.id for f in index.facts if f.contraindication}
    assert _contraindications(path.read_text(encoding="utf-8")) == ours


def test_every_condition_is_in_the_content(bundled) -> None:
    seeds = {s for r in bundled.safety.values() for s in seed_ids("safety").get(r.id, ())}
    assert LEG_ARTICLE <= seeds
    assert PROFESSIONAL_BODIES <= set(bundled.safety)


def test_leg_excluding_conditions_are_asked_and_leg_excluding(checklists, atlas_of) -> None:
    """In every routine with a leg step, each condition is asked (or a question that
    already leaves out more is), and its yes leaves out every leg step."""
    for check in checklists:
        atlas = atlas_of(check)
        legs = _leg_steps(atlas, check.sequence)
        if not legs:
            continue
        asked = {r.id for q in check.questions for r in answered_rules(check, _ticks(q))}
        for rule in atlas.safety.values():
            if not _carries(rule):
                continue
            if rule.id not in asked:  # only a follow-up its parent's answer makes needless
                assert rule.follows and rule.follows in asked, (check.sequence.id, rule.id)
        assert leg_excluding(check), check.sequence.id
        for question in leg_excluding(check):
            verdict = evaluate(check, _ticks(question))
            assert not legs & set(verdict.allowed_steps), (check.sequence.id, question.id)


def test_leg_excluding_conditions_are_leg_excluding(bundled) -> None:
    """Each of them, whichever rule asks it, takes the legs out for good: an "avoid" for
    leg or both, on every leg zone (no region limit)."""
    for rule in bundled.safety.values():
        if not _carries(rule):
            continue
        family = [rule] + [r for r in bundled.safety.values() if r.part_of == rule.id]
        assert any(
            r.effect == "avoid" and r.applies_to in ("leg", "both") and not r.zones for r in family
        ), rule.id


# ---- the property ----------------------------------------------------------------------


def _check_verdict(
    check: Checklist,
    atlas,
    ticked: frozenset[str],
    must_exclude_legs: bool,
) -> None:
    verdict = evaluate(check, ticked)
    nothing = evaluate(check, frozenset())
    assert set(verdict.allowed_steps) <= set(nothing.allowed_steps)
    assert set(verdict.allowed_steps) | set(verdict.blocked_steps) == set(
        range(len(check.sequence.steps))
    )
    if must_exclude_legs:
        legs = _leg_steps(atlas, check.sequence)
        assert not legs & set(verdict.allowed_steps), (check.sequence.id, sorted(ticked))
        for acknowledged in (False, True):  # the acknowledgement lets steps start, never
            if verdict.can_start(acknowledged):  # brings one back
                assert not legs & set(verdict.allowed_steps)


def test_single_and_pair_answers(checklists, atlas_of) -> None:
    """Exhaustive: every question alone and every pair of questions, in every routine."""
    for check in checklists:
        atlas = atlas_of(check)
        excluding = {q.id for q in leg_excluding(check)}
        for size in (1, 2):
            for chosen in combinations(check.questions, size):
                ticked = frozenset().union(*(_ticks(q) for q in chosen))
                _check_verdict(check, atlas, ticked, any(q.id in excluding for q in chosen))


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_answers_with_a_leg_excluding_condition(checklists, atlas_of, data) -> None:
    candidates = [c for c in checklists if leg_excluding(c)]
    check = candidates[data.draw(st.integers(0, len(candidates) - 1), label="routine")]
    atlas = atlas_of(check)
    condition = data.draw(st.sampled_from([q.id for q in leg_excluding(check)]), label="condition")
    others = data.draw(
        st.sets(st.sampled_from([q.id for q in check.questions])), label="other boxes"
    )
    ticked = _ticks(check.questions[[q.id for q in check.questions].index(condition)])
    _check_verdict(check, atlas, ticked | frozenset(others), True)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_more_boxes_never_allow_more_steps(checklists, atlas_of, data) -> None:
    check = checklists[data.draw(st.integers(0, len(checklists) - 1), label="routine")]
    ids = [q.id for q in check.questions]
    fewer = data.draw(st.sets(st.sampled_from(ids)))
    more = fewer | data.draw(st.sets(st.sampled_from(ids)))
    small, large = evaluate(check, fewer), evaluate(check, more)
    assert set(large.allowed_steps) <= set(small.allowed_steps)
    assert set(large.allowed_steps) <= set(evaluate(check, set()).allowed_steps)
    assert large.lighter_steps <= set(large.allowed_steps)


# ---- the words -------------------------------------------------------------------------


def test_yes_means_a_risk(checklists) -> None:
    """A question asks whether the risk is there, plainly: it starts with a verb that
    asks a yes/no question, ends with a question mark, and holds no negation or check
    ("Have you looked...", "Do you know why..."), whose yes would mean the opposite."""
    for check in checklists:
        for rule in check.questions:
            if rule.id.startswith("s_test_"):  # player_atlas's made-up rules
                continue
            text = check.text(rule)
            where = (check.sequence.id, rule.id, text)
            assert text.endswith("?") and text.count("?") == 1, where
            assert text.startswith(AUXILIARIES), where
            assert not INVERTED.match(text), where
            assert not NEGATION.search(text), where
            assert rule.effect in ("avoid", "ask_doctor", "lighter_pressure"), where
        for rule in check.reminders:  # told, not asked
            if rule.id.startswith("s_test_"):
                continue
            assert not check.text(rule).endswith("?"), (check.sequence.id, rule.id)


def test_partner_routines_ask_about_the_person(checklists) -> None:
    partner = [c for c in checklists if addresses_receiver(c.sequence)]
    assert any(c.sequence.performer == "partner" for c in partner)
    for check in partner:
        for rule in check.questions:
            text = check.text(rule)
            assert "the person" in text and not YOU.search(text), (check.sequence.id, text)
    for check in checklists:
        if check.sequence.performer == "self":
            texts = [check.text(r) for r in check.questions]
            assert not any("the person receiving" in t for t in texts), check.sequence.id


def test_bundled_content_stays_valid(capsys) -> None:
    assert main(["validate", str(ASSETS)]) == 0
    assert "valid" in capsys.readouterr().out
