"""A routine's words: the player's step card, the handout's step, the routine's length.

Every count and time comes from the routine plan (`reflexmap.core.routine_plan`), the
one list the player plays, so the menu, the picker, the handout, the safety check and
the player cannot disagree about how many steps there are or how long they take.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import translate, trn
from reflexmap.core.present.labels import (
    amount_label,
    duration_label,
    mmss,
    pressure_label,
    side_label,
)
from reflexmap.core.present.safety import routine_safety_lines
from reflexmap.core.records import Sequence, Step
from reflexmap.core.routine_plan import (
    NEEDS_SOMEONE,
    NOTHING_TO_CHANGE_OVER,
    LeftOut,
    PlannedStep,
    RoutinePlan,
    plan_routine,
)


@dataclass(frozen=True)
class StepCard:
    number: int
    total: int
    side: str  # "left foot", "right leg", "both sides" (player); "each foot" (handout)
    heading: str  # "Step 3 of 12 · left foot"
    instruction: str
    technique: str  # the technique's name
    pressure: str
    amount: str  # "3 times; 30 s (suggested)", or "" when nothing is known
    cautions: tuple[str, ...]
    facts: str  # "Technique: X · Pressure: Y · 30 s · Side: left foot": one printed line
    rows: tuple[tuple[str, str], ...]  # (label, value) for a card laid out as rows
    suggested: bool  # the step's time is the app's suggestion, not the source's


@dataclass(frozen=True)
class RoutineSummary:
    name: str
    steps: int  # plays: each side counted, as the player counts them
    total_s: float
    line: str  # "Leg massage for circulation (16 steps, 15:50)"
    routine_steps: int  # the routine's own steps that are played (what the handout numbers)


def _card(
    atlas: Atlas,
    step: Step,
    number: int,
    total: int,
    side: str,
    duration_s: float,
    suggested: bool,
    lighter: bool,
) -> StepCard:
    tech = atlas.techniques.get(step.technique)
    technique = tech.name if tech is not None else step.technique
    pressure = pressure_label(tech.pressure if tech is not None else "not_stated", lighter=lighter)
    repetitions = step.repetitions  # the card's own may come from another source
    amount = amount_label(repetitions, duration_s, suggested=suggested)
    facts = [
        translate("Present", "Technique: {0}").format(technique),
        translate("Present", "Pressure: {0}").format(pressure),
    ]
    if amount:
        facts.append(amount)
    facts.append(translate("Present", "Side: {0}").format(side))
    rows = (
        (translate("Present", "Technique"), technique),
        (translate("Present", "Pressure"), pressure),
        (translate("Present", "Repetitions or time"), amount),
    )
    return StepCard(
        number=number,
        total=total,
        side=side,
        heading=translate("Present", "Step {0} of {1} · {2}").format(number, total, side),
        instruction=step.instruction,
        technique=technique,
        pressure=pressure,
        amount=amount,
        cautions=tuple(tech.cautions) if tech is not None else (),
        facts=translate("Present", " · ").join(facts),
        rows=tuple(r for r in rows if r[1]),
        suggested=suggested,
    )


def planned_side(atlas: Atlas, play: PlannedStep) -> str:
    """The side a planned step is done on, or that the source gives none (never an
    invented "both feet")."""
    if not play.side_stated:
        return translate("Present", "side not given by the source")
    return side_label(atlas, play.part, play.foot)


def sides_note(atlas: Atlas, plan: RoutinePlan) -> str:
    """Said once where the source gives no sides and the app planned them per side (the
    body part's name: "foot")."""
    sided = [s for s in plan.steps if s.foot]
    if plan.sides_stated or not sided:
        return ""
    return translate(
        "Present",
        "The source does not say whether to work one {0} or both, or in what order; the "
        "app does each step on one {0}, then the same steps on the other (suggested).",
    ).format(translate("Present", atlas.body_part(sided[0].part).name))


def step_card(
    atlas: Atlas, sequence: Sequence, play: PlannedStep, total: int, *, lighter: bool = False
) -> StepCard:
    """The player's card for one planned step; `total` counts planned steps."""
    side = planned_side(atlas, play)
    return _card(
        atlas, play.step, play.index + 1, total, side, play.duration_s, play.suggested, lighter
    )


@dataclass(frozen=True)
class HandoutStep:
    """One printed block: a source step with every place the plan plays it."""

    card: StepCard
    heading: str  # "Steps 1 and 7 · right foot, then left foot"
    planned: tuple[PlannedStep, ...]
    view: str | None  # the view the block's map shows
    zones: frozenset[str]  # hatched on that map: every side the step is played on

    @property
    def technique_id(self) -> str:
        return self.planned[0].step.technique


def handout_steps(atlas: Atlas, plan: RoutinePlan) -> tuple[HandoutStep, ...]:
    """The plan for paper: a step done on each side is printed once, with both of its
    numbers, in the order of its first play; its time is one side's."""
    out: list[HandoutStep] = []
    seen: set[int] = set()
    total = len(plan.steps)
    for play in plan.steps:
        if play.step_index in seen:
            continue
        seen.add(play.step_index)
        planned = plan.planned_of(play.step_index)
        sides = [planned_side(atlas, p) for p in planned]
        numbers = [str(p.index + 1) for p in planned]
        if len(planned) == 1:
            heading = translate("Present", "Step {0} · {1}").format(numbers[0], sides[0])
        else:
            heading = translate("Present", "Steps {0} · {1}").format(
                translate("Present", " and ").join(numbers),
                translate("Present", ", then ").join(sides),
            )
        side = translate("Present", ", then ").join(sides)
        card = _card(
            atlas, play.step, play.index + 1, total, side, play.duration_s, play.suggested, False
        )
        zones = frozenset().union(*(p.zones for p in planned))
        out.append(HandoutStep(card, heading, planned, play.view, zones))
    return tuple(out)


def routine_summary(
    atlas: Atlas, sequence: Sequence, allowed_steps: Iterable[int] | None = None
) -> RoutineSummary:
    plan = plan_routine(atlas, sequence, allowed_steps=allowed_steps)
    label = mmss(plan.total_s)
    steps = len(plan.steps)  # a plain name: lupdate reads no call as the count
    return RoutineSummary(
        name=sequence.name,
        steps=len(plan.steps),
        total_s=plan.total_s,
        line=trn("Present", "{0} (%n step, {1})", "{0} (%n steps, {1})", steps).format(
            sequence.name, label
        ),
        routine_steps=len(plan.source_steps),
    )


def handout_intro(atlas: Atlas, sequence: Sequence) -> str:
    """The same count and time as the menu and the player, then the routine's safety
    check as the dialog asks it (every condition that stops it, leaves steps out, needs a
    doctor or lightens the pressure)."""
    summary = routine_summary(atlas, sequence)
    minutes = max(1, round(summary.total_s / 60))
    steps = summary.steps  # a plain name: lupdate reads no attribute as the count
    if summary.steps == summary.routine_steps:
        count = trn(
            "Present",
            "%n step, about {0} min in all; the map shows where (hatched) and which way (arrows).",
            "%n steps, about {0} min in all; the maps show where (hatched) and which way (arrows).",
            steps,
        ).format(minutes)
    else:
        count = trn(
            "Present",
            "%n step, about {0} min in all; a step done on each side is printed once, with "
            "both of its numbers. The map shows where (hatched) and which way (arrows).",
            "%n steps, about {0} min in all; a step done on each side is printed once, with "
            "both of its numbers. The maps show where (hatched) and which way (arrows).",
            steps,
        ).format(minutes)
    note = sides_note(atlas, plan_routine(atlas, sequence))
    intro = " ".join(p for p in (sequence.summary, note, count) if p)
    notes = notes_line(routine_notes(atlas, sequence))
    return "\n".join(
        [intro, "", *routine_safety_lines(atlas, sequence), *([notes] if notes else [])]
    )


def routine_notes(atlas: Atlas, sequence: Sequence) -> tuple[tuple[str, str], ...]:
    """(note id, title) of every disagreement that concerns the routine: the routine
    itself, a technique of its steps, or a safety rule its check asks or tells."""
    from reflexmap.core.present.zone_card import related_notes
    from reflexmap.core.safety_check import build_checklist

    checklist = build_checklist(atlas, sequence)
    ids = {sequence.id, *(s.technique for s in sequence.steps), *checklist.steps_of_rule}
    return related_notes(atlas, ids)


def notes_line(notes: tuple[tuple[str, str], ...]) -> str:
    """The routine's disagreements as one line (a handout, `reflexmap routine`)."""
    if not notes:
        return ""
    return translate("Present", "Where the sources disagree (Help menu): {0}.").format(
        translate("Present", "; ").join(title for _, title in notes)
    )


def plan_record(atlas: Atlas, plan: RoutinePlan) -> dict[str, object]:
    """The plan as plain data (`reflexmap routine --json`); sides as "left", "right" or
    "both", times in seconds with where they come from."""
    return {
        "id": plan.sequence.id,
        "name": plan.sequence.name,
        "total_seconds": plan.total_s,
        "first_side": plan.first_side,
        "first_side_from_source": plan.first_side_stated,
        "steps": [
            {
                "index": s.index + 1,
                "source_step": s.step_index + 1,
                "side": s.foot or ("both" if s.side_stated else "not stated"),
                "part": s.part,
                "view": s.view,
                "regions": list(s.regions),
                "zones": sorted(s.zones),
                "technique": s.technique,
                "text": s.text,
                "seconds": s.duration_s,
                "time_source": s.time_source,
            }
            for s in plan.steps
        ],
        "left_out": [{"index": o.step_index + 1, "reason": list(o.reasons)} for o in plan.left_out],
    }


def plan_lines(atlas: Atlas, plan: RoutinePlan) -> list[str]:
    """The plan as text: one line per planned step, then what was left out and why."""
    steps = len(plan.steps)  # a plain name: lupdate reads no call as the count
    summary = trn("Present", "{0}: %n step, {1}", "{0}: %n steps, {1}", steps).format(
        plan.sequence.name, mmss(plan.total_s)
    )
    lines = [summary]
    if sides_note(atlas, plan):
        lines.append(sides_note(atlas, plan))
    if not plan.first_side_stated and any(s.foot for s in plan.steps):
        lines.append(
            translate(
                "Present",
                "The source does not say which side comes first; the app starts on the {0}.",
            ).format(plan.first_side)
        )
    for s in plan.steps:
        time = duration_label(s.duration_s)
        if s.suggested:
            time = translate("Present", "{0} (suggested)").format(time)
        lines.append(
            translate("Present", "{0:>3}. {1} · {2} · {3}").format(
                s.index + 1, planned_side(atlas, s), time, s.text
            )
        )
    for out in plan.left_out:
        lines.append(
            translate("Present", "Left out: source step {0} ({1})").format(
                out.step_index + 1, left_out_reason(atlas, plan, out)
            )
        )
    notes = notes_line(routine_notes(atlas, plan.sequence))
    if notes:
        lines.append(notes)
    return lines


def left_out_reason(atlas: Atlas, plan: RoutinePlan, out: LeftOut) -> str:
    """Why a step is left out, with the step's own word on why it needs someone else."""
    words = _reasons(atlas, out.reasons)
    note = plan.sequence.steps[out.step_index].self_note
    if NEEDS_SOMEONE in out.reasons and note:
        words = translate("Present", "{0}: {1}").format(words, note)
    return words


def _reasons(atlas: Atlas, reasons: Iterable[str]) -> str:
    """Why a step is left out, in words: the conditions, never the rules' ids."""
    words = []
    for reason in reasons:
        if reason in atlas.safety:
            words.append(atlas.safety[reason].condition)
        elif reason == NOTHING_TO_CHANGE_OVER:
            words.append(translate("Present", "no other side is left to change over to"))
        elif reason == NEEDS_SOMEONE:
            words.append(translate("Present", "cannot be done on your own feet"))
        else:
            words.append(reason)
    return translate("Present", "; ").join(words) or translate("Present", "not allowed")
