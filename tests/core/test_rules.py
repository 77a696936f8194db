"""One rule for "does this safety rule concern this zone", shared by zone cards and checklists.

Once, the zone card decided by the view's kind and the checklist by the regions' kinds,
so the heel drawn on a leg view was "leg" on its card and "foot" in the checklist.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from reflexmap.core.models import Sequence, Step
from reflexmap.core.safety_check import (
    build_checklist,
    rule_applies_to_step,
    sequence_kind,
    step_kinds,
)
from reflexmap.core.safety_rules import rule_applies_to_zone, zone_kinds


def test_zone_cards_use_the_rule(atlas) -> None:
    for zone in atlas.zones.values():
        shown = {r.id for r in atlas.safety_for_zone(zone.id)}
        expected = {r.id for r in atlas.safety.values() if rule_applies_to_zone(atlas, r, zone)}
        assert shown == expected, zone.id


def test_checklists_use_the_same_rule(atlas) -> None:
    """A routine asks a rule for exactly the steps that light a zone whose card shows it;
    but a routine the rule stops whole (`stops_routines`) for every step, and a rule in
    force in some routines only (`only_routines`) there alone, by its zones."""
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        for rule in atlas.safety.values():
            placed = replace(rule, only_routines=())
            expected = frozenset(
                i
                for i, step in enumerate(seq.steps)
                if seq.id in rule.stops_routines
                or (
                    (not rule.only_routines or seq.id in rule.only_routines)
                    and any(rule_applies_to_zone(atlas, placed, z) for z in atlas.step_zones(step))
                )
            )
            assert check.steps_of_rule.get(rule.id, frozenset()) == expected, (seq.id, rule.id)


def _only(atlas, kind: str) -> list:
    """The rules for one kind of body part only, everywhere it applies."""
    rules = [r for r in atlas.safety.values() if r.applies_to == kind and not r.zones]
    assert rules, f"the bundled content has no {kind}-only rule"
    return rules


def test_heel_is_foot_on_every_view(atlas) -> None:
    heels = [z for z in atlas.zones.values() if "z_heel" in z.regions]
    on_leg = [z for z in heels if atlas.views[z.view].kind == "leg"]
    on_sole = [z for z in heels if z.view == "sole"]
    assert on_leg and on_sole
    kind_rules = _only(atlas, "foot") + _only(atlas, "leg")
    sole = on_sole[0]
    for zone in on_leg:
        assert zone_kinds(atlas, zone) == zone_kinds(atlas, sole) == {"foot"}, zone.id
        assert [rule_applies_to_zone(atlas, r, zone) for r in kind_rules] == [
            rule_applies_to_zone(atlas, r, sole) for r in kind_rules
        ], zone.id
        shown = {r.id for r in atlas.safety_for_zone(zone.id)}
        assert {r.id for r in _only(atlas, "foot")} <= shown, zone.id
        assert not {r.id for r in _only(atlas, "leg")} & shown, zone.id


def test_calf_is_leg(atlas) -> None:
    calves = [z for z in atlas.zones.values() if "z_calf" in z.regions]
    assert calves
    for zone in calves:
        shown = {r.id for r in atlas.safety_for_zone(zone.id)}
        assert {r.id for r in _only(atlas, "leg")} <= shown, zone.id
        assert not {r.id for r in _only(atlas, "foot")} & shown, zone.id


def test_leg_only_rules_do_not_reach_foot_routines(atlas) -> None:
    """Every zone a foot routine lights is foot: a leg-only rule blocks none of its steps."""
    foot_routines = [s for s in atlas.sequences.values() if s.side == "each_foot"]
    assert foot_routines
    leg_only = {r.id for r in _only(atlas, "leg")}
    for seq in foot_routines:
        assert sequence_kind(atlas, seq) == "foot", seq.id
        assert not leg_only & set(build_checklist(atlas, seq).steps_of_rule), seq.id


def test_step_regions_own_else_technique(atlas) -> None:
    steps = [s for seq in atlas.sequences.values() for s in seq.steps]
    own = next(s for s in steps if s.zones and s.zones != atlas.techniques[s.technique].zones)
    assert atlas.step_regions(own) == own.zones
    borrowed = next(s for s in steps if not s.zones)
    assert atlas.step_regions(borrowed) == atlas.techniques[borrowed.technique].zones
    assert atlas.step_regions(Step(technique="t_no_such", instruction="x", duration_s=10)) == ()


def test_step_zones_filters(atlas) -> None:
    step = next(
        s
        for seq in atlas.sequences.values()
        for s in seq.steps
        if "z_heel" in atlas.step_regions(s)
    )
    every = atlas.step_zones(step)
    assert every == atlas.zones_for_regions(atlas.step_regions(step))
    assert {z.view for z in every} >= {"sole", "leg_back"}
    left_sole = atlas.step_zones(step, view="sole", foot="left")
    assert left_sole and left_sole == [z for z in every if z.view == "sole" and z.foot == "left"]


@pytest.mark.parametrize(("side", "kind"), [("each_leg", "leg"), ("each_foot", "foot")])
def test_undrawn_step_falls_back_on_the_side(atlas, side: str, kind: str) -> None:
    tech = next(iter(atlas.techniques))
    step = Step(
        technique=tech, instruction="Somewhere not drawn.", zones=("z_not_drawn",), duration_s=10
    )
    source = next(iter(atlas.sources))
    seq = Sequence(
        id="seq_undrawn",
        name="Undrawn",
        sources=(source,),
        performer="self",
        side=side,
        steps=(step,),
    )
    assert atlas.step_zones(step) == []
    assert step_kinds(atlas, step, seq) == {kind}
    other = "foot" if kind == "leg" else "leg"
    for rule in atlas.safety.values():
        expected = not rule.zones and not rule.only_routines and rule.applies_to in ("both", kind)
        assert rule_applies_to_step(atlas, rule, step, seq) == expected, rule.id
        if rule.applies_to == other:
            assert not expected
