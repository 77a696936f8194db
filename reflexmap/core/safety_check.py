"""The safety check before a routine: which rules to ask about, and what the answers mean.

This is a checklist, not a diagnosis: a ticked box can only make the app more careful
(block steps, ask for a doctor's word, lighten the pressure), never give permission.

One question per condition. A condition whose outcome differs for feet and legs is
several rules (``SafetyRule.part_of``): one tick brings all of them into force, each on
its own steps (pregnancy: no leg steps; the foot steps need a doctor's word). A follow-up
(``SafetyRule.follows``) is asked only once its parent is ticked, and only in a routine
where it changes the outcome; a yes to a follow-up is a yes to its parent too
(``with_parents``), wherever the answers come from. Partner routines ask about "the
person receiving the massage" (``question_text``).

A rule concerns a step when it concerns one of the zones the step works
(``Atlas.step_zones``), by the same rule that fills the zone cards
(``safety_rules.rule_applies_to_zone``): a zone's body part comes from its regions, so the
heel stays foot on the leg views and a leg-only rule does not block a sole massage. So a
clot rule that applies to legs blocks every step that works a leg zone (a step that works
the foot and the leg included); the foot-only steps remain allowed, and the verdict says
why. An "avoid" rule is never lifted by the doctor acknowledgement: that only lets the
steps the avoid rules leave be played. A routine is of one body part ("leg", "foot") or
"both", by the body parts of its steps' zones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from reflexmap.core.atlas import Atlas
from reflexmap.core.records import SIDE_NOT_STATED, SIDE_SWITCH, SafetyRule, Sequence, Step
from reflexmap.core.safety_rules import (
    region_kinds,
    rule_applies_to_zone,
    zone_kinds,
)

__all__ = [
    "NOT_A_DIAGNOSIS",
    "Checklist",
    "Kind",
    "Verdict",
    "addresses_receiver",
    "answered_rules",
    "build_checklist",
    "evaluate",
    "question_text",
    "region_kinds",
    "rule_applies_to_step",
    "rule_applies_to_zone",
    "sequence_kind",
    "step_kinds",
    "step_zone_ids",
    "with_parents",
    "zone_kinds",
]

Kind = str  # a body part's id ("foot", "leg"), or "both" for a routine of several

NOT_A_DIAGNOSIS = (
    "This checklist is not a diagnosis and not medical advice. It only makes the app more "
    "careful. If in doubt, ask a doctor before you start."
)


def step_zone_ids(atlas: Atlas, step: Step) -> set[str]:
    return {z.id for z in atlas.step_zones(step)}


def _side_kinds(atlas: Atlas, step: Step, sequence: Sequence | None) -> frozenset[str]:
    """For a step whose regions are not drawn yet: the body part its side (or else the
    routine's) names; the first view's body part when neither names one."""
    side = (
        step.side
        if step.side not in (SIDE_NOT_STATED, SIDE_SWITCH)
        else (sequence.side if sequence else "")
    )
    part = atlas.part_of_side(side) or atlas.body_part()
    return frozenset({part.id})


def step_kinds(atlas: Atlas, step: Step, sequence: Sequence | None = None) -> set[str]:
    """The body parts ("foot", "leg") a step works on: those of its zones."""
    kinds: set[str] = set()
    for zone in atlas.step_zones(step):
        kinds |= zone_kinds(atlas, zone)
    return kinds or set(_side_kinds(atlas, step, sequence))


def sequence_kind(atlas: Atlas, sequence: Sequence) -> Kind:
    kinds: set[str] = set()
    for step in sequence.steps:
        kinds |= step_kinds(atlas, step, sequence)
    if len(kinds) == 1:
        return next(iter(kinds))
    return "both"


def rule_applies_to_step(
    atlas: Atlas, rule: SafetyRule, step: Step, sequence: Sequence | None = None
) -> bool:
    """The rule concerns at least one zone the step works. A step whose regions are not
    drawn has no zones: its kind comes from the side, and a rule naming regions misses it.

    A routine the rule names in ``stops_routines`` is concerned whole, every step (the
    leg article's list rules out its whole treatment, its foot moves included); a rule
    with ``only_routines`` concerns no other routine."""
    if sequence is not None and sequence.id in rule.stops_routines:
        return True
    if rule.only_routines:
        if sequence is None or sequence.id not in rule.only_routines:
            return False
        rule = replace(rule, only_routines=())  # within them, by its zones as usual
    zones = atlas.step_zones(step)
    if zones:
        return any(rule_applies_to_zone(atlas, rule, zone) for zone in zones)
    kinds = _side_kinds(atlas, step, sequence)
    return not rule.zones and any(rule.applies_to in atlas.body_part(k).reached_by for k in kinds)


def addresses_receiver(sequence: Sequence) -> bool:
    """Whether the checklist asks about "the person receiving the massage" rather than
    "you": in every routine but one you do on yourself, since the person at risk may be
    someone else (and "the person receiving the massage" is still right for yourself)."""
    return sequence.performer != "self"


def question_text(rule: SafetyRule, sequence: Sequence) -> str:
    """The words of a rule (its question, or a reminder's sentence) in this routine;
    "" when the rule is not put to anyone in it (a partner-only rule in a self routine,
    or a rule that is part of another's question)."""
    if rule.part_of is not None:
        return ""
    if addresses_receiver(sequence):
        return rule.question_partner or rule.question
    return rule.question


@dataclass(frozen=True)
class Checklist:
    sequence: Sequence
    kind: Kind
    questions: tuple[SafetyRule, ...]  # tick boxes; a follow-up right after its parent
    reminders: tuple[SafetyRule, ...]  # stop and remind rules: told, not asked
    steps_of_rule: dict[str, frozenset[int]] = field(default_factory=dict)  # every rule
    # that concerns a step of the routine, asked or not
    implied: dict[str, tuple[SafetyRule, ...]] = field(default_factory=dict)  # question
    # id -> the rules `part_of` it that concern the routine (ticked with it)
    parent_of: dict[str, str] = field(default_factory=dict)  # every follow-up of a
    # question here (asked here or not) -> that question: a yes to it is a yes to both

    def text(self, rule: SafetyRule) -> str:
        return question_text(rule, self.sequence)

    def follow_ups(self, rule_id: str) -> tuple[SafetyRule, ...]:
        return tuple(r for r in self.questions if r.follows == rule_id)

    def knows(self, rule_id: str) -> bool:
        """A question of this routine, or a follow-up of one (answering its parent)."""
        return rule_id in self.parent_of or any(r.id == rule_id for r in self.questions)


def with_parents(checklist: Checklist, ticked: Iterable[str]) -> frozenset[str]:
    """The answers as they stand: a yes to a follow-up ("in the first three months of the
    pregnancy") is a yes to its question ("pregnant"), so the parent counts as ticked,
    however the answers came (a command line, remembered answers, a script)."""
    out = set(ticked)
    for rid in list(out):
        parent = checklist.parent_of.get(rid)
        while parent is not None and parent not in out:
            out.add(parent)
            parent = checklist.parent_of.get(parent)
    return frozenset(out)


def build_checklist(atlas: Atlas, sequence: Sequence) -> Checklist:
    """The rules that concern at least one step of the routine, in content order; a
    question is asked when it, or a rule that is part of it, concerns a step."""
    steps_of_rule: dict[str, frozenset[int]] = {}
    for rule in atlas.safety.values():
        steps = frozenset(
            i
            for i, step in enumerate(sequence.steps)
            if rule_applies_to_step(atlas, rule, step, sequence)
        )
        if steps:
            steps_of_rule[rule.id] = steps
    implied: dict[str, tuple[SafetyRule, ...]] = {}
    for rule in atlas.safety.values():
        if rule.part_of is not None and rule.id in steps_of_rule:
            implied[rule.part_of] = (*implied.get(rule.part_of, ()), rule)

    def asked(rule: SafetyRule) -> bool:
        return (
            rule.asked
            and bool(question_text(rule, sequence))
            and (rule.id in steps_of_rule or rule.id in implied)
        )

    count = len(sequence.steps)
    questions: list[SafetyRule] = []
    for rule in atlas.safety.values():
        if rule.follows is not None or not asked(rule):
            continue
        questions.append(rule)
        alone = _outcome([rule, *implied.get(rule.id, ())], steps_of_rule, count)
        for follow in atlas.safety.values():
            if follow.follows != rule.id or not asked(follow):
                continue
            both = [rule, *implied.get(rule.id, ()), follow, *implied.get(follow.id, ())]
            if _outcome(both, steps_of_rule, count) != alone:  # it refines the answer
                questions.append(follow)
    reminders = tuple(
        r
        for r in atlas.safety.values()
        if not r.asked and r.id in steps_of_rule and question_text(r, sequence)
    )
    asked_ids = {r.id for r in questions}
    parent_of = {
        r.id: r.follows
        for r in atlas.safety.values()
        if r.follows is not None and r.follows in asked_ids
    }
    return Checklist(
        sequence,
        sequence_kind(atlas, sequence),
        tuple(questions),
        reminders,
        steps_of_rule,
        implied,
        parent_of,
    )


@dataclass(frozen=True)
class Verdict:
    allowed_steps: tuple[int, ...]
    blocked_steps: tuple[int, ...]
    blocking: tuple[SafetyRule, ...]  # ticked "avoid" rules (with their parts) that block
    ask_doctor: tuple[SafetyRule, ...]  # ticked, on a step still played: needs an
    # explicit acknowledgement
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


def answered_rules(
    checklist: Checklist, ticked: set[str] | frozenset[str]
) -> tuple[SafetyRule, ...]:
    """The rules the ticked questions bring into force in this routine, each once: a
    question with the rules that are part of it, a follow-up with its parent (ticking a
    follow-up ticks its parent), and only rules that concern a step. Ids that are not
    questions here are ignored."""
    ticked = with_parents(checklist, ticked)
    found: dict[str, SafetyRule] = {}
    for rule in checklist.questions:
        if rule.id not in ticked:
            continue
        for r in (rule, *checklist.implied.get(rule.id, ())):
            if r.id in checklist.steps_of_rule:
                found.setdefault(r.id, r)
    return tuple(found.values())


def _outcome(
    rules: list[SafetyRule], steps_of_rule: dict[str, frozenset[int]], count: int
) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """(allowed steps, steps that need a doctor's word, lighter steps) for these rules."""
    blocked: set[int] = set()
    for rule in rules:
        if rule.effect == "avoid":
            blocked |= steps_of_rule.get(rule.id, frozenset())
    allowed = frozenset(range(count)) - blocked

    def steps(effect: str) -> frozenset[int]:
        out: set[int] = set()
        for rule in rules:
            if rule.effect == effect:
                out |= steps_of_rule.get(rule.id, frozenset())
        return frozenset(out & allowed)

    return allowed, steps("ask_doctor"), steps("lighter_pressure")


def evaluate(checklist: Checklist, ticked: set[str] | frozenset[str]) -> Verdict:
    """What the ticked answers mean for this routine (unknown ids are ignored).

    A doctor's or a pressure rule counts only where it concerns a step still played: a
    doctor's word cannot bring back a step an "avoid" answer took out, so it is not
    asked for one."""
    rules = answered_rules(checklist, ticked)
    count = len(checklist.sequence.steps)
    allowed, _needs_doctor, lighter_steps = _outcome(list(rules), checklist.steps_of_rule, count)
    blocking = tuple(r for r in rules if r.effect == "avoid" and checklist.steps_of_rule[r.id])

    def on_allowed(effect: str) -> tuple[SafetyRule, ...]:
        return tuple(
            r for r in rules if r.effect == effect and checklist.steps_of_rule[r.id] & allowed
        )

    return Verdict(
        tuple(sorted(allowed)),
        tuple(i for i in range(count) if i not in allowed),
        blocking,
        on_allowed("ask_doctor"),
        on_allowed("lighter_pressure"),
        lighter_steps,
    )
