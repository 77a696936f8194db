"""A routine's words: the player's step card, the handout's step, the routine's length.

Every count and time comes from `build_plays`, the player's own flattening of the
routine, so the menu, the picker, the handout and the player cannot disagree about how
many steps there are or how long they take (the routine's raw ``total_s`` ignores the
second side and the times the app suggests).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reflexmap.core.atlas import Atlas
from reflexmap.core.models import Sequence, Step
from reflexmap.core.present.i18n import tr
from reflexmap.core.present.labels import (
    amount_label,
    mmss,
    pressure_label,
    side_label,
    side_mode_label,
)
from reflexmap.core.sequence_player import Play, build_plays


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
    total_label: str  # "15:50"
    line: str  # "Leg massage for circulation (16 steps, 15:50)"
    routine_steps: int  # the routine's own steps that are played (what the handout numbers)


def play_part(sequence: Sequence, step: Step) -> str:
    """"foot" or "leg": the routine's side wins for per-side routines, as in build_plays."""
    if sequence.side in ("each_foot", "each_leg"):
        return "leg" if sequence.side == "each_leg" else "foot"
    return "leg" if step.side == "each_leg" else "foot"


def _card(atlas: Atlas, step: Step, number: int, total: int, side: str, duration_s: float,
          suggested: bool, lighter: bool) -> StepCard:
    tech = atlas.techniques.get(step.technique)
    technique = tech.name if tech is not None else step.technique
    pressure = pressure_label(tech.pressure if tech is not None else "not_stated",
                              lighter=lighter)
    repetitions = step.repetitions or (tech.repetitions if tech is not None else "")
    amount = amount_label(repetitions, duration_s, suggested=suggested)
    facts = [tr("Present", "Technique: {0}").format(technique),
             tr("Present", "Pressure: {0}").format(pressure)]
    if amount:
        facts.append(amount)
    facts.append(tr("Present", "Side: {0}").format(side))
    rows = (
        (tr("Present", "Technique"), technique),
        (tr("Present", "Pressure"), pressure),
        (tr("Present", "Repetitions or time"), amount),
    )
    return StepCard(
        number=number,
        total=total,
        side=side,
        heading=tr("Present", "Step {0} of {1} · {2}").format(number, total, side),
        instruction=step.instruction,
        technique=technique,
        pressure=pressure,
        amount=amount,
        cautions=tuple(tech.cautions) if tech is not None else (),
        facts=tr("Present", " · ").join(facts),
        rows=tuple(r for r in rows if r[1]),
        suggested=suggested,
    )


def step_card(atlas: Atlas, sequence: Sequence, play: Play, total: int, *,
              lighter: bool = False) -> StepCard:
    """The player's card for one play (one step on one side); `total` counts plays."""
    side = side_label(play_part(sequence, play.step), play.foot)
    return _card(atlas, play.step, play.index + 1, total, side, play.duration_s,
                 play.suggested, lighter)


def handout_step(atlas: Atlas, sequence: Sequence, step_index: int, *,
                 lighter: bool = False) -> StepCard:
    """The printed card for one step of the routine, done on whichever sides it says.

    Its time is the player's (the first play of the step), so paper and screen agree
    even where the content gives no time and the app suggests one."""
    step = sequence.steps[step_index]
    play = next((p for p in build_plays(sequence, atlas) if p.step_index == step_index), None)
    duration = play.duration_s if play is not None else float(step.duration_s or 0)
    suggested = play.suggested if play is not None else not step.duration_stated
    mode = step.side
    if mode == "not_stated" or (sequence.side in ("each_foot", "each_leg")
                                and mode != "both_feet_together"):
        mode = sequence.side  # what build_plays does with the step
    return _card(atlas, step, step_index + 1, len(sequence.steps), side_mode_label(mode),
                 duration, suggested, lighter)


def routine_summary(atlas: Atlas, sequence: Sequence,
                    allowed_steps: Iterable[int] | None = None) -> RoutineSummary:
    plays = build_plays(sequence, atlas, allowed_steps=allowed_steps)
    total = sum(p.duration_s for p in plays)
    label = mmss(total)
    return RoutineSummary(
        name=sequence.name,
        steps=len(plays),
        total_s=total,
        total_label=label,
        line=tr("Present", "{0} ({1} steps, {2})").format(sequence.name, len(plays), label),
        routine_steps=len({p.step_index for p in plays}),
    )


def handout_intro(atlas: Atlas, sequence: Sequence) -> str:
    """The handout numbers the routine's steps; the player counts each side: say both."""
    summary = routine_summary(atlas, sequence)
    minutes = max(1, round(summary.total_s / 60))
    if summary.steps == summary.routine_steps:
        count = tr("Present", "{0} steps, about {1} min in all; the maps show where "
                              "(hatched) and which way (arrows).").format(summary.steps, minutes)
    else:
        count = tr("Present", "{0} steps ({1} counting each side), about {2} min in all; the "
                              "maps show where (hatched) and which way (arrows).").format(
            summary.routine_steps, summary.steps, minutes)
    return " ".join(p for p in (sequence.summary, count) if p)
