"""The safety check before a routine: which rules to ask about, and what the answers mean.

This is a checklist, not a diagnosis: a ticked box can only make the app more careful
(block steps, ask for a doctor's word, lighten the pressure), never give permission.

A rule concerns a step when it concerns one of the zones the step works
(``Atlas.step_zones``), by the same rule that fills the zone cards
(``safety_rules.rule_applies_to_zone``): a zone is "foot" or "leg" by its regions, so the
heel stays foot on the leg views and a leg-only rule does not block a sole massage. So a
clot rule that applies to legs blocks only the leg steps of a mixed routine; the foot
steps remain allowed, and the verdict says why. A routine is "leg", "foot" or "both" by
the kinds of its steps' zones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reflexmap.core.atlas import Atlas
from reflexmap.core.models import SafetyRule, Sequence, Step
from reflexmap.core.safety_rules import (
    LEG_SHARE,
    region_kinds,
    rule_applies_to_zone,
    zone_kinds,
)

__all__ = [
    "LEG_SHARE", "NOT_A_DIAGNOSIS", "Checklist", "Kind", "Verdict", "build_checklist",
    "evaluate", "region_kinds", "rule_applies_to_step", "rule_applies_to_zone",
    "sequence_kind", "step_kinds", "step_zone_ids", "zone_kinds",
]

Kind = Literal["foot", "leg", "both"]

NOT_A_DIAGNOSIS = (
    "This checklist is not a diagnosis and not medical advice. It only makes the app more "
    "careful. If in doubt, ask a doctor before you start."
)


def step_zone_ids(atlas: Atlas, step: Step) -> set[str]:
    return {z.id for z in atlas.step_zones(step)}


def _side_kinds(step: Step, sequence: Sequence | None) -> frozenset[str]:
    """For a step whose regions are not drawn yet: what the routine says about the side."""
    side = step.side if step.side != "not_stated" else (sequence.side if sequence else "")
    return frozenset({"leg" if side == "each_leg" else "foot"})


def step_kinds(atlas: Atlas, step: Step, sequence: Sequence | None = None) -> set[str]:
    """The kinds of body part ("foot", "leg") a step works on: those of its zones."""
    kinds: set[str] = set()
    for zone in atlas.step_zones(step):
        kinds |= zone_kinds(atlas, zone)
    return kinds or set(_side_kinds(step, sequence))


def sequence_kind(atlas: Atlas, sequence: Sequence) -> Kind:
    kinds: set[str] = set()
    for step in sequence.steps:
        kinds |= step_kinds(atlas, step, sequence)
    if kinds == {"leg"}:
        return "leg"
    if kinds == {"foot"}:
        return "foot"
    return "both"


def rule_applies_to_step(atlas: Atlas, rule: SafetyRule, step: Step,
                         sequence: Sequence | None = None) -> bool:
    """The rule concerns at least one zone the step works. A step whose regions are not
    drawn has no zones: its kind comes from the side, and a rule naming regions misses it."""
    zones = atlas.step_zones(step)
    if zones:
        return any(rule_applies_to_zone(atlas, rule, zone) for zone in zones)
    kinds = _side_kinds(step, sequence)
    return not rule.zones and (rule.applies_to == "both" or rule.applies_to in kinds)


@dataclass(frozen=True)
class Checklist:
    sequence: Sequence
    kind: Kind
    questions: tuple[SafetyRule, ...]  # avoid / ask_doctor / lighter_pressure: tick boxes
    reminders: tuple[SafetyRule, ...]  # stop rules: told, not asked
    steps_of_rule: dict[str, frozenset[int]] = field(default_factory=dict)


def build_checklist(atlas: Atlas, sequence: Sequence) -> Checklist:
    """The rules that concern at least one step of the routine, in content order."""
    questions: list[SafetyRule] = []
    reminders: list[SafetyRule] = []
    steps_of_rule: dict[str, frozenset[int]] = {}
    for rule in atlas.safety.values():
        steps = frozenset(i for i, step in enumerate(sequence.steps)
                          if rule_applies_to_step(atlas, rule, step, sequence))
        if not steps:
            continue
        steps_of_rule[rule.id] = steps
        (reminders if rule.effect == "stop" else questions).append(rule)
    return Checklist(sequence, sequence_kind(atlas, sequence), tuple(questions),
                     tuple(reminders), steps_of_rule)


@dataclass(frozen=True)
class Verdict:
    allowed_steps: tuple[int, ...]
    blocked_steps: tuple[int, ...]
    blocking: tuple[SafetyRule, ...]  # ticked "avoid" rules
    ask_doctor: tuple[SafetyRule, ...]  # ticked: needs an explicit acknowledgement
    lighter: tuple[SafetyRule, ...]  # ticked: lighter pressure on their steps
    lighter_steps: frozenset[int]  # worded by reflexmap.core.present.safety, only there

    @property
    def blocked(self) -> bool:
        """Nothing of the routine may be played."""
        return not self.allowed_steps

    @property
    def partly_blocked(self) -> bool:
        return bool(self.blocked_steps) and bool(self.allowed_steps)

    @property
    def needs_acknowledgement(self) -> bool:
        return bool(self.ask_doctor)

    def can_start(self, acknowledged: bool = False) -> bool:
        return not self.blocked and (acknowledged or not self.needs_acknowledgement)


def evaluate(checklist: Checklist, ticked: set[str] | frozenset[str]) -> Verdict:
    """What the ticked answers mean for this routine (unknown ids are ignored)."""
    asked = {r.id: r for r in checklist.questions}
    chosen = [asked[r] for r in asked if r in ticked]
    blocking = tuple(r for r in chosen if r.effect == "avoid")
    doctor = tuple(r for r in chosen if r.effect == "ask_doctor")
    lighter = tuple(r for r in chosen if r.effect == "lighter_pressure")
    blocked: set[int] = set()
    for rule in blocking:
        blocked |= checklist.steps_of_rule.get(rule.id, frozenset())
    lighter_steps: set[int] = set()
    for rule in lighter:
        lighter_steps |= checklist.steps_of_rule.get(rule.id, frozenset())
    count = len(checklist.sequence.steps)
    allowed = tuple(i for i in range(count) if i not in blocked)
    return Verdict(allowed, tuple(sorted(blocked)), blocking, doctor, lighter,
                   frozenset(lighter_steps & set(allowed)))
