"""A routine session: what the player plays, Qt-free, driven by an injected clock.

One object holds everything about guided practice that is not a widget: the routines on
offer (the content's, plus the one-step "do it now" routines made from a technique), the
one picked, each routine's safety verdict and the plan it leaves to play
(`reflexmap.core.routine_plan`), and the run itself: a small state machine over the
planned steps. The Qt dock (`reflexmap.qt.player.player_panel`) is a view of it: it
calls the methods below and redraws on the events; tests drive it with a fake clock.

Time
    Remaining time is always computed from the clock (phase start + paused time), never
    by counting ticks, so a late or missed tick never makes the timer drift. When a step
    ends during a late tick, the next step starts at the exact moment the previous one
    ended, not at the tick. Get-ready time is not part of ``total_s`` (the plan's total).

States
    ``idle`` → ``start()`` → ``get_ready`` (countdown before the first step and before a
    step that begins on the other side) → ``running`` → ``finished``; ``pause()`` /
    ``resume()`` from get_ready or running; ``stop()`` goes back to ``idle``. With
    ``auto_advance`` off a step waits at 0 remaining time until ``next()``.

Events (`SessionEvent.kind`), each sent to every observer in ``subscribe`` order
    ``routine_added``, ``routine_changed``, ``routine_removed``, ``picked``, ``verdict``:
    what is on offer, chosen and answered.
    ``side_changed`` (the step about to be done is on the other side than the last one),
    ``get_ready`` (a countdown began), ``step_started``, ``step_ending`` (once a step,
    when ``ending_warning_s`` or less is left; ``seconds_left`` says how much),
    ``waiting`` (time is up, auto-advance is off), ``paused``, ``resumed``,
    ``finished``, ``stopped``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from reflexmap.core import practice
from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import translate
from reflexmap.core.records import Sequence, Step, Technique
from reflexmap.core.routine_plan import (
    DEFAULT_STEP_S,
    PlannedStep,
    RoutinePlan,
    plan_for_verdict,
    plan_routine,
)
from reflexmap.core.safety_check import Checklist, Verdict

State = Literal["idle", "get_ready", "running", "paused", "finished"]
EventKind = Literal[
    "routine_added",
    "routine_changed",
    "routine_removed",
    "picked",
    "verdict",
    "side_changed",
    "get_ready",
    "step_started",
    "step_ending",
    "waiting",
    "paused",
    "resumed",
    "finished",
    "stopped",
]
StartOutcome = Literal["started", "needs_check", "blocked", "nothing_picked"]

DEFAULT_GET_READY_S = 3.0
DEFAULT_ENDING_WARNING_S = 10.0
TECHNIQUE_PREFIX = "technique."


@dataclass(frozen=True)
class SessionEvent:
    kind: EventKind
    routine_id: str
    index: int  # the planned step's position in the run (0 when there is no run)
    step: PlannedStep | None  # the planned step concerned, if any
    seconds_left: float | None = None  # step_ending: how long the step has left


Observer = Callable[[SessionEvent], None]


@dataclass
class Summary:
    plays_done: int
    plays_total: int
    active_s: float  # time spent in steps, pauses and countdowns excluded
    completed: bool


def _as_given(sequence: Sequence) -> Sequence:
    return sequence


def technique_routine(tech: Technique, name: str, who: practice.Who | None = None) -> Sequence:
    """One technique as a one-step routine: its steps (in the words for whose feet) as the
    instruction, its own time (or the player's suggested one) and its own regions."""
    stated = tech.duration_s is not None and tech.duration_stated
    step = Step(
        technique=tech.id,
        instruction=" ".join(practice.technique_steps(tech, who) if who else tech.steps),
        duration_s=tech.duration_s or int(DEFAULT_STEP_S),
        duration_stated=stated,
        repetitions=tech.repetitions,
    )
    return Sequence(
        id=f"{TECHNIQUE_PREFIX}{tech.id}",
        name=name,
        sources=tech.sources,
        performer=tech.performer,
        side="not_stated",
        steps=(step,),
    )


class RoutineSession:
    """The routines, their verdicts and plans, and the run; call ``tick()`` often while
    a run is on (the dock uses a 200 ms timer)."""

    def __init__(
        self,
        atlas: Atlas,
        *,
        clock: Callable[[], float] = time.monotonic,
        get_ready_s: float = DEFAULT_GET_READY_S,
        auto_advance: bool = True,
        ending_warning_s: float = DEFAULT_ENDING_WARNING_S,
    ) -> None:
        self.atlas = atlas
        self.clock = clock
        self.get_ready_s = get_ready_s
        self.ending_warning_s = ending_warning_s
        self._auto_advance = auto_advance
        self._routines: dict[str, Sequence] = dict(atlas.sequences)
        # how a routine reads for whose feet are massaged (self-practice sets it): what is
        # played, checked and shown is the routine so worded
        self.wording: Callable[[Sequence], Sequence] = _as_given
        self._picked: str | None = next(iter(self._routines), None)
        self._verdicts: dict[str, Verdict] = {}
        self._plans: dict[str, RoutinePlan] = {}
        self._observers: list[Observer] = []
        self.plays: tuple[PlannedStep, ...] = ()
        self._run_routine: Sequence | None = None
        self._reset()

    # ---- observers ---------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call `observer` with every event; returns the function that unsubscribes."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def _emit(
        self, kind: EventKind, *, seconds_left: float | None = None, routine_id: str = ""
    ) -> None:
        event = SessionEvent(
            kind,
            routine_id or self._picked or "",
            self.index,
            self.current if self._state != "idle" else None,
            seconds_left,
        )
        for observer in list(self._observers):
            observer(event)

    # ---- the routines on offer ---------------------------------------------------------
    @property
    def routines(self) -> Mapping[str, Sequence]:
        return self._routines

    @property
    def picked(self) -> str | None:
        return self._picked

    @property
    def routine(self) -> Sequence | None:
        """The picked routine as it is played (worded for whose feet)."""
        raw = self._routines.get(self._picked) if self._picked is not None else None
        return self.wording(raw) if raw is not None else None

    def add_routine(self, sequence: Sequence) -> None:
        """Offer a routine the content does not hold (a length, a built session), or
        replace one of that id (its old answers go: they were about other steps)."""
        old = self._routines.get(sequence.id)
        if old == sequence:
            return
        self._routines[sequence.id] = sequence
        self._verdicts.pop(sequence.id, None)
        self._plans.pop(sequence.id, None)
        self._emit("routine_added" if old is None else "routine_changed", routine_id=sequence.id)

    def remove_routine(self, routine_id: str) -> bool:
        """Take a routine off the list (not the picked one); False when it stays."""
        if routine_id not in self._routines or routine_id == self._picked:
            return False
        del self._routines[routine_id]
        self._verdicts.pop(routine_id, None)
        self._plans.pop(routine_id, None)
        self._emit("routine_removed", routine_id=routine_id)
        return True

    def forget_answers(self) -> None:
        """New words, new questions (whose feet changed): every routine is checked again
        before its next start; a run on goes on as answered."""
        if not self.active:
            self._verdicts.clear()
            self._plans.clear()

    def pick(self, routine_id: str) -> None:
        """Choose the routine to play; a run of another routine stops."""
        if routine_id not in self._routines:
            raise KeyError(routine_id)
        if routine_id == self._picked:
            return
        self.stop()
        self._picked = routine_id
        self._emit("picked")

    def add_technique(self, technique_id: str, who: practice.Who | None = None) -> str | None:
        """ "Do it now": offer the technique alone as a one-step routine, in the words for
        whose feet (`who`); its id, or None for an unknown technique."""
        tech = self.atlas.techniques.get(technique_id)
        if tech is None:
            return None
        name = translate("Session", "Do it now: {0}").format(tech.name)
        self.add_routine(technique_routine(tech, name, who))
        return f"{TECHNIQUE_PREFIX}{tech.id}"

    # ---- safety ------------------------------------------------------------------------
    def verdict(self, routine_id: str | None = None) -> Verdict | None:
        """The safety answers' verdict on a routine (the picked one), None before any."""
        rid = self._picked if routine_id is None else routine_id
        return self._verdicts.get(rid) if rid is not None else None

    def answer(self, checklist: Checklist, verdict: Verdict) -> None:
        """Keep the verdict of the checklist's routine and the plan it leaves."""
        rid = checklist.sequence.id
        self._verdicts[rid] = verdict
        self._plans[rid] = plan_for_verdict(self.atlas, checklist, verdict)
        self._emit("verdict", routine_id=rid)

    def plan(self, routine_id: str | None = None) -> RoutinePlan | None:
        """What a routine plays: the plan its safety answers leave, else all of it."""
        rid = self._picked if routine_id is None else routine_id
        if rid is None or rid not in self._routines:
            return None
        if rid not in self._plans:
            return plan_routine(self.atlas, self.wording(self._routines[rid]))
        return self._plans[rid]

    def lighter(self, play: PlannedStep) -> bool:
        """The safety answers ask for lighter pressure on this step of the run."""
        verdict = self._verdicts.get(self._run_routine.id) if self._run_routine else None
        return verdict is not None and play.step_index in verdict.lighter_steps

    # ---- reading the run ---------------------------------------------------------------
    def _reset(self) -> None:
        self._state: State = "idle"
        self._resume_to: State = "running"
        self.index = 0
        self._phase_start = 0.0  # clock time the current phase (countdown or step) began
        self._paused_total = 0.0  # paused time inside the current phase
        self._paused_at: float | None = None
        self._active_s = 0.0  # finished running phases
        self._done: set[int] = set()
        self._waiting_sent = False
        self._ending_sent = False
        self._last_foot: str | None = None

    @property
    def state(self) -> State:
        return self._state

    @property
    def active(self) -> bool:
        """A run is on (counting down, running or paused)."""
        return self._state in ("get_ready", "running", "paused")

    @property
    def run_routine(self) -> Sequence | None:
        """The routine of the run (None when idle)."""
        return self._run_routine if self._state != "idle" else None

    @property
    def current(self) -> PlannedStep | None:
        return self.plays[self.index] if self.plays else None

    @property
    def phase(self) -> State:
        """The state without pausing: ``get_ready`` or ``running`` while paused."""
        return self._resume_to if self._state == "paused" else self._state

    def _elapsed(self, now: float | None = None) -> float:
        if self._state in ("idle", "finished"):
            return 0.0
        now = self.clock() if now is None else now
        end = self._paused_at if self._paused_at is not None else now
        return max(0.0, end - self._phase_start - self._paused_total)

    @property
    def step_total_s(self) -> float:
        play = self.current
        return play.duration_s if play else 0.0

    @property
    def get_ready_left_s(self) -> float:
        if self.phase != "get_ready":
            return 0.0
        return max(0.0, self.get_ready_s - self._elapsed())

    @property
    def remaining_s(self) -> float:
        """Seconds left in the current step (its full time during the countdown)."""
        if self._state == "finished" or not self.plays:
            return 0.0
        if self.phase in ("get_ready", "idle"):
            return self.step_total_s
        return max(0.0, self.step_total_s - self._elapsed())

    @property
    def waiting(self) -> bool:
        """Auto-advance is off and the step's time is up: waiting for ``next()``."""
        return self.phase == "running" and self.remaining_s <= 0.0

    @property
    def total_s(self) -> float:
        return sum(p.duration_s for p in self.plays)

    @property
    def elapsed_s(self) -> float:
        """Planned time done so far: the steps before this one and this one's part."""
        if self._state == "finished":
            return self.total_s
        if self._state == "idle":
            return 0.0
        before = sum(p.duration_s for p in self.plays[: self.index])
        return before + (self.step_total_s - self.remaining_s)

    @property
    def overall_progress(self) -> float:
        total = self.total_s
        if self._state == "finished":
            return 1.0
        return min(1.0, self.elapsed_s / total) if total > 0 else 0.0

    @property
    def next_play(self) -> PlannedStep | None:
        return self.plays[self.index + 1] if self.index + 1 < len(self.plays) else None

    def summary(self) -> Summary:
        active = self._active_s
        if self.phase == "running":
            active += self._elapsed()
        return Summary(len(self._done), len(self.plays), active, self._state == "finished")

    @property
    def auto_advance(self) -> bool:
        return self._auto_advance

    @auto_advance.setter
    def auto_advance(self, on: bool) -> None:
        self._auto_advance = on
        self.tick()

    # ---- transitions -------------------------------------------------------------------
    def _close_phase(self, now: float) -> None:
        if self.phase == "running":
            self._active_s += min(self._elapsed(now), self.step_total_s)

    def _enter(self, index: int, at: float, *, countdown: bool, paused: bool = False) -> None:
        """Begin play `index` at clock time `at`, optionally with a countdown first."""
        self.index = index
        self._phase_start = at
        self._paused_total = 0.0
        self._waiting_sent = False
        self._ending_sent = False
        phase: State = "get_ready" if countdown and self.get_ready_s > 0 else "running"
        if paused:
            self._state, self._resume_to, self._paused_at = "paused", phase, at
        else:
            self._state, self._paused_at = phase, None
        if phase == "running":
            self._done.add(index)
        foot = self.plays[index].foot
        if foot is not None and self._last_foot is not None and foot != self._last_foot:
            self._emit("side_changed")
        if foot is not None:
            self._last_foot = foot
        self._emit("get_ready" if phase == "get_ready" else "step_started")

    def _finish(self) -> None:
        self._state = "finished"
        self._paused_at = None
        self._emit("finished")

    def start(self) -> StartOutcome:
        """Start the picked routine from its first step (with the get-ready countdown),
        once its safety questions are answered and leave something to play."""
        routine = self.routine
        if routine is None:
            return "nothing_picked"
        verdict = self._verdicts.get(routine.id)
        if verdict is None:
            return "needs_check"
        if verdict.blocked:
            return "blocked"
        plan = self.plan(routine.id)
        self._reset()
        self._run_routine = routine
        self.plays = plan.steps if plan is not None else ()
        if not self.plays:
            self._finish()
        else:
            self._enter(0, self.clock(), countdown=True)
        return "started"

    def restart(self) -> StartOutcome:
        return self.start()

    def stop(self) -> None:
        """End the run (nothing happens when idle)."""
        if self._state == "idle":
            return
        self._reset()
        self.plays = ()
        self._emit("stopped")
        self._run_routine = None

    def pause(self) -> None:
        if self._state in ("get_ready", "running"):
            self._resume_to = self._state
            self._paused_at = self.clock()
            self._state = "paused"
            self._emit("paused")

    def resume(self) -> None:
        if self._state == "paused" and self._paused_at is not None:
            self._paused_total += self.clock() - self._paused_at
            self._paused_at = None
            self._state = self._resume_to
            self._emit("resumed")
            self.tick()

    def toggle(self) -> StartOutcome | None:
        """Space: start, pause or resume, whichever makes sense (the start's outcome)."""
        if self._state == "paused":
            self.resume()
        elif self._state in ("get_ready", "running"):
            self.pause()
        else:
            return self.start()
        return None

    def next(self) -> bool:
        """Go to the next play now (finish after the last one). False if nothing to do."""
        if self._state in ("idle", "finished"):
            return False
        now = self.clock()
        self._close_phase(now)
        if self.index + 1 >= len(self.plays):
            self._finish()
            return True
        target = self.index + 1
        self._enter(
            target, now, countdown=self.plays[target].switch, paused=self._state == "paused"
        )
        return True

    def back(self) -> bool:
        """Go to the previous play; on the first one, start it again."""
        if self._state == "idle" or not self.plays:
            return False
        now = self.clock()
        if self._state == "finished":
            self._enter(len(self.plays) - 1, now, countdown=False)
            return True
        self._close_phase(now)
        self._enter(max(0, self.index - 1), now, countdown=False, paused=self._state == "paused")
        return True

    def tick(self) -> None:
        """Poll the clock: end the countdown, warn and end steps, advance when allowed."""
        now = self.clock()
        for _ in range(len(self.plays) + 2):  # a very late tick may cross several steps
            if self._state == "get_ready":
                if self._elapsed(now) < self.get_ready_s:
                    return
                start = self._phase_start + self._paused_total + self.get_ready_s
                self._enter(self.index, start, countdown=False)
                continue
            if self._state != "running":
                return
            left = self.step_total_s - self._elapsed(now)
            if not self._ending_sent and 0 < left <= self.ending_warning_s < self.step_total_s:
                self._ending_sent = True
                self._emit("step_ending", seconds_left=left)
            if left > 0:
                return
            if not self._auto_advance:
                if not self._waiting_sent:
                    self._waiting_sent = True
                    self._emit("waiting")
                return
            end = self._phase_start + self._paused_total + self.step_total_s
            self._active_s += self.step_total_s
            if self.index + 1 >= len(self.plays):
                self._finish()
                return
            target = self.index + 1
            self._enter(target, end, countdown=self.plays[target].switch)
