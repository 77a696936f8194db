"""The routine plan: one ordered list of planned steps behind the player, the handout,
the Routines menu, the safety check's "will be played" and `reflexmap routine`.

Every count and every time anyone shows comes from `plan_routine`, so they cannot
differ. A planned step is one step of the source done on one side (or on both at once),
with the view that shows it, the zones it lights on that side, its text and its time.

Sides follow the source:

* In a routine done side by side (``Sequence.side`` a body part's ``per_side``:
  ``each_foot`` / ``each_leg``) the
  steps the source gives per side form a *round*: the round is planned on the first side
  (``Sequence.first_side``, the side the source starts on; left where it does not say),
  then the change-over steps (``Step.side == "switch"``) once, then the round on the other
  side. Steps for both sides at once (a soak, a face-down pass) are planned once: before
  the rounds when the source puts them before every per-side step, else after both rounds.
  A change-over is never repeated, and a face-down pass never comes before the second
  side's front work.
* A routine whose source gives no sides at all (``Sequence.side == "not_stated"``: the
  bedtime routine, the leg article's six foot moves) is planned the same way, per foot,
  its unsided steps forming the round: the app's choice, and the plan says so
  (``sides_stated``) instead of printing "both feet" on every step. A step with no side
  in a routine done side by side (the circulation routine's face-down passes) stays
  once, and says that the source gives no side (``side_stated``).
* In any other routine the steps keep the source's order; a step the source gives per
  side becomes two consecutive planned steps, first side first.

Time: a step's own ``duration_s``, else its technique's, else ``DEFAULT_STEP_S``. A time
the source does not give (``duration_stated = false`` on the step or the technique, or
the default) is the app's suggestion and says so (``suggested``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from reflexmap.core.atlas import Atlas
from reflexmap.core.records import Sequence, Step
from reflexmap.core.safety_check import Checklist, Verdict, build_checklist, evaluate
from reflexmap.core.safety_rules import zone_kinds

DEFAULT_STEP_S = 60.0
TimeSource = Literal["source", "suggested"]


def other_side(foot: str) -> str:
    return "right" if foot == "left" else "left"


@dataclass(frozen=True)
class PlannedStep:
    index: int  # position in the plan
    step_index: int  # position in sequence.steps (the source's numbering, from 0)
    step: Step
    foot: str | None  # "left" / "right"; None: both sides at once, or no side
    part: str  # a body part's id ("foot", "leg"): what the step works on (from its zones)
    view: str | None  # the view that shows most of the step's zones on that side
    regions: tuple[str, ...]
    zones: frozenset[str]  # zone ids the step lights (on its side only)
    duration_s: float
    suggested: bool  # the time is the app's suggestion, not the source's
    switch: bool = False  # the first step after changing side ("now the other foot")
    round: int = 0  # 0: first side (or before the rounds); 1: the other side / after
    side_stated: bool = True  # False: the source gives no side for this step (nor the
    # routine); the app's plan says so rather than inventing "both feet"

    @property
    def text(self) -> str:
        return self.step.instruction

    @property
    def technique(self) -> str:
        return self.step.technique

    @property
    def time_source(self) -> TimeSource:
        return "suggested" if self.suggested else "source"


NOTHING_TO_CHANGE_OVER = "no_other_side"  # a change-over step with no per-side step left
NEEDS_SOMEONE = "needs_someone_else"  # on your own feet: a step nobody can do alone


@dataclass(frozen=True)
class LeftOut:
    step_index: int
    reasons: tuple[str, ...]  # ids of the safety rules that leave it out (or the above)


@dataclass(frozen=True)
class RoutinePlan:
    sequence: Sequence
    steps: tuple[PlannedStep, ...]
    left_out: tuple[LeftOut, ...]
    first_side: str
    first_side_stated: bool  # False: the source does not say which side first; ours
    sides_stated: bool = True  # False: the source gives no sides at all; the app plans
    # each step per foot, one foot after the other, and says that this is its choice

    @property
    def total_s(self) -> float:
        return sum(s.duration_s for s in self.steps)

    @property
    def source_steps(self) -> tuple[int, ...]:
        """The source's steps that are played, in the source's order."""
        return tuple(sorted({s.step_index for s in self.steps}))

    def planned_of(self, step_index: int) -> tuple[PlannedStep, ...]:
        """Where one source step is played: once, or once per side."""
        return tuple(s for s in self.steps if s.step_index == step_index)


def _duration(atlas: Atlas, step: Step, default_s: float) -> tuple[float, bool]:
    if step.duration_s is not None:
        return float(step.duration_s), not step.duration_stated
    tech = atlas.techniques.get(step.technique)
    if tech is not None and tech.duration_s is not None:
        return float(tech.duration_s), not tech.duration_stated
    return float(default_s), True


def _view_of(atlas: Atlas, zone_ids: Iterable[str], regions: Iterable[str]) -> str | None:
    """The view that shows the step best: the one drawing most of the step's regions
    (the heel, the Achilles tendon and the ankle are all on the side views), then the
    largest share of its drawn feet (or legs) lit, then the first view."""
    wanted = set(regions)
    lit: dict[str, float] = {}
    shown: dict[str, set[str]] = {}
    feet: dict[str, set[str]] = {}
    for zid in zone_ids:
        zone = atlas.zones[zid]
        lit[zone.view] = lit.get(zone.view, 0.0) + zone.shape.area
        shown.setdefault(zone.view, set()).update(wanted.intersection(zone.regions))
        feet.setdefault(zone.view, set()).add(zone.foot)
    if not lit:
        return None
    order = list(atlas.views)

    def share(view: str) -> float:
        drawn = sum(
            atlas.outlines[(view, f)].shape.area for f in feet[view] if (view, f) in atlas.outlines
        )
        return lit[view] / drawn if drawn else 0.0

    return max(lit, key=lambda v: (len(shown[v]), round(share(v), 2), -order.index(v)))


def _part(atlas: Atlas, zone_ids: Iterable[str], fallback: str) -> str:
    """The body part of the step's zones; of several, the highest ranked (a leg stroke
    that also touches the heel is a leg step)."""
    kinds: set[str] = set()
    for zid in zone_ids:
        kinds |= zone_kinds(atlas, atlas.zones[zid])
    if not kinds:
        return fallback
    return max(sorted(kinds), key=lambda k: atlas.body_part(k).rank)


_Where = dict[
    tuple[tuple[str, ...], tuple[str, ...], str | None, str],
    tuple[frozenset[str], str, str | None],
]


def _where_table(atlas: Atlas) -> _Where:
    return {}


def _where(
    atlas: Atlas, step: Step, foot: str | None, fallback: str
) -> tuple[frozenset[str], str, str | None]:
    """The zones, part and view of a step (on one foot, or both): they depend only on the
    regions it works, the same in every routine, so they are worked out once per atlas."""
    known = atlas.derived(_where_table)
    regions = atlas.step_regions(step)
    key = (regions, step.zone_keys, foot, fallback)
    if key not in known:
        zone_ids = frozenset(z.id for z in atlas.step_zones(step, foot=foot))
        known[key] = (
            zone_ids,
            _part(atlas, zone_ids, fallback),
            _view_of(atlas, zone_ids, regions),
        )
    return known[key]


def plan_routine(
    atlas: Atlas,
    sequence: Sequence,
    *,
    allowed_steps: Iterable[int] | None = None,
    reasons: Mapping[int, Iterable[str]] | None = None,
    default_step_s: float = DEFAULT_STEP_S,
    minutes: float | None = None,
) -> RoutinePlan:
    """The plan of `sequence`, leaving out the steps not in `allowed_steps` (the safety
    check's verdict); `reasons` says why each was left out. On your own feet
    (``performer == "self"``) a step nobody can do alone is left out (`NEEDS_SOMEONE`).
    `minutes`: the suggested times are scaled so that the plan lasts that long (the
    source's own times are kept)."""
    count = len(sequence.steps)
    allowed = set(range(count)) if allowed_steps is None else set(allowed_steps) & set(range(count))
    alone_out = {
        i
        for i, s in enumerate(sequence.steps)
        if sequence.performer == "self" and s.self_plan == "left_out"
    }
    allowed -= alone_out
    first = sequence.first_side or "left"
    sides = atlas.per_side  # the body parts' "one, then the other" side values
    # no sides at all: per foot, the app's choice; a technique played on its own from its
    # card (one step) stays one play, on the foot the user is looking at
    unstated = (
        sequence.side == "not_stated"
        and len(sequence.steps) > 1
        and any(s.side == "not_stated" for s in sequence.steps)
    )
    per_side_routine = sequence.side in sides or unstated
    fallback = (atlas.part_of_side(sequence.side) or atlas.body_part()).id

    def per_side(i: int) -> bool:
        side = sequence.steps[i].side
        return side in sides or (unstated and side == "not_stated")

    # (step index, foot or None, round) in plan order
    order: list[tuple[int, str | None, int]] = []
    kept = [i for i in range(count) if i in allowed]
    if per_side_routine:
        round_steps = [i for i in kept if per_side(i)]
        switches = [i for i in kept if sequence.steps[i].side == "switch"]
        first_round = min(round_steps) if round_steps else count
        once_before = [
            i for i in kept if i not in round_steps and i not in switches and i < first_round
        ]
        once_after = [
            i for i in kept if i not in round_steps and i not in switches and i > first_round
        ]
        order += [(i, None, 0) for i in once_before]
        order += [(i, first, 0) for i in round_steps]
        if round_steps:  # a change-over with nothing to change over to is left out
            order += [(i, other_side(first), 1) for i in switches]  # lights where to go
            order += [(i, other_side(first), 1) for i in round_steps]
        order += [(i, None, 1) for i in once_after]
    else:
        for i in kept:
            if sequence.steps[i].side in sides:
                order += [(i, first, 0), (i, other_side(first), 1)]
            else:
                order.append((i, None, 0))

    steps: list[PlannedStep] = []
    previous: str | None = None
    timed = [
        (i, foot, rnd, _duration(atlas, sequence.steps[i], default_step_s))
        for i, foot, rnd in order
    ]
    # a step naming zones is skipped on a foot that lacks them (the liver: right foot only)
    timed = [
        t
        for t in timed
        if not sequence.steps[t[0]].zone_keys
        or t[1] is None
        or _where(atlas, sequence.steps[t[0]], t[1], fallback)[0]
    ]
    if minutes is not None:
        timed = _scaled(timed, minutes * 60.0)
    for n, (i, foot, rnd, (seconds, suggested)) in enumerate(timed):
        step = sequence.steps[i]
        regions = atlas.step_regions(step)
        zone_ids, part, view = _where(atlas, step, foot, fallback)
        switch = foot is not None and previous is not None and foot != previous
        stated = not (foot is None and step.side == "not_stated")
        steps.append(
            PlannedStep(
                index=n,
                step_index=i,
                step=step,
                foot=foot,
                part=part,
                view=view,
                regions=regions,
                zones=zone_ids,
                duration_s=seconds,
                suggested=suggested,
                switch=switch,
                round=rnd,
                side_stated=stated,
            )
        )
        if foot is not None:
            previous = foot
    why = reasons or {}
    planned = {s.step_index for s in steps}
    left_out = tuple(
        LeftOut(
            i,
            (NEEDS_SOMEONE,)
            if i in alone_out
            else tuple(why.get(i, ()))
            if i not in allowed
            else (NOTHING_TO_CHANGE_OVER,),
        )
        for i in range(count)
        if i not in planned
    )
    return RoutinePlan(
        sequence,
        tuple(steps),
        left_out,
        first,
        sequence.first_side is not None,
        sides_stated=not unstated,
    )


Timed = tuple[int, str | None, int, tuple[float, bool]]


def _scaled(timed: list[Timed], total_s: float) -> list[Timed]:
    """The suggested times scaled so that the whole lasts `total_s` (whole seconds, at
    least 3 s a step); the source's times stay as they are."""
    fixed = sum(sec for *_, (sec, suggested) in timed if not suggested)
    free = sum(sec for *_, (sec, suggested) in timed if suggested)
    if free <= 0:
        return timed
    factor = max(total_s - fixed, 0.0) / free
    out: list[Timed] = []
    carry = 0.0  # rounding kept across steps, so the total lands on the length asked
    for i, foot, rnd, (sec, suggested) in timed:
        if suggested:
            exact = sec * factor + carry
            sec = max(3.0, float(round(exact)))
            carry = exact - sec
        out.append((i, foot, rnd, (sec, suggested)))
    return out


def plan_for_verdict(
    atlas: Atlas, checklist: Checklist, verdict: Verdict, *, minutes: float | None = None
) -> RoutinePlan:
    """The plan the safety answers allow, each left-out step with the rules that removed
    it (what the player plays and the dialog's "will be played" counts)."""
    why: dict[int, list[str]] = {}
    for rule in verdict.blocking:
        for i in checklist.steps_of_rule.get(rule.id, frozenset()):
            why.setdefault(i, []).append(rule.id)
    return plan_routine(
        atlas,
        checklist.sequence,
        allowed_steps=verdict.allowed_steps,
        reasons=why,
        minutes=minutes,
    )


def plan_for_answers(
    atlas: Atlas, sequence: Sequence, ticked: Iterable[str] = (), *, minutes: float | None = None
) -> tuple[RoutinePlan, Verdict, Checklist]:
    """The plan for a set of ticked safety questions (rule ids), as the CLI asks."""
    checklist = build_checklist(atlas, sequence)
    verdict = evaluate(checklist, frozenset(ticked))
    return plan_for_verdict(atlas, checklist, verdict, minutes=minutes), verdict, checklist
