"""The guided routine player: a small state machine driven by an injected clock.

It plays a routine's plan (`reflexmap.core.routine_plan`): one planned step after the
other, a get-ready countdown before a step that begins on the other side (``switch``).
Get-ready time is not part of ``total_s``, which is the plan's total.

Time
    Remaining time is always computed from the clock (phase start + paused time), never
    by counting ticks, so a late or missed tick never makes the timer drift. When a step
    ends during a late tick, the next step starts at the exact moment the previous one
    ended, not at the tick.

States
    ``not_started`` → ``start()`` → ``get_ready`` (countdown) → ``running`` →
    ``finished``; ``pause()`` / ``resume()`` from get_ready or running; ``stop()`` goes
    back to ``not_started``. With ``auto_advance`` off a step waits at 0 remaining time
    until ``next()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from reflexmap.core.atlas import Atlas
from reflexmap.core.records import Sequence
from reflexmap.core.routine_plan import DEFAULT_STEP_S, PlannedStep, RoutinePlan, plan_routine

State = Literal["not_started", "get_ready", "running", "paused", "finished"]
EventKind = Literal["get_ready", "step", "waiting", "paused", "resumed", "finished", "stopped"]

DEFAULT_GET_READY_S = 3.0

Play = PlannedStep  # the player plays planned steps


@dataclass(frozen=True)
class PlayerEvent:
    kind: EventKind
    index: int
    play: Play | None


def build_plays(
    sequence: Sequence,
    atlas: Atlas,
    *,
    allowed_steps: Iterable[int] | None = None,
    default_step_s: float = DEFAULT_STEP_S,
) -> list[Play]:
    """The routine's planned steps (see reflexmap.core.routine_plan)."""
    return list(
        plan_routine(
            atlas, sequence, allowed_steps=allowed_steps, default_step_s=default_step_s
        ).steps
    )


@dataclass
class Summary:
    plays_done: int
    plays_total: int
    active_s: float  # time spent in steps, pauses and countdowns excluded
    completed: bool


@dataclass
class SequencePlayer:
    """Plays a routine; call ``tick()`` often (the UI uses a 200 ms timer)."""

    sequence: Sequence
    atlas: Atlas
    clock: Callable[[], float] = time.monotonic
    get_ready_s: float = DEFAULT_GET_READY_S
    auto_advance: bool = True
    default_step_s: float = DEFAULT_STEP_S
    allowed_steps: Iterable[int] | None = None
    listeners: list[Callable[[PlayerEvent], None]] = field(default_factory=list)
    plan: RoutinePlan | None = None  # given: played as it is (the window's, with reasons)

    def __post_init__(self) -> None:
        if self.plan is None:
            self.plan = plan_routine(
                self.atlas,
                self.sequence,
                allowed_steps=self.allowed_steps,
                default_step_s=self.default_step_s,
            )
        self.plays = list(self.plan.steps)
        self._reset()

    def _reset(self) -> None:
        self._state: State = "not_started"
        self._resume_to: State = "running"
        self.index = 0
        self._phase_start = 0.0  # clock time the current phase (countdown or step) began
        self._paused_total = 0.0  # paused time inside the current phase
        self._paused_at: float | None = None
        self._active_s = 0.0  # finished running phases
        self._done: set[int] = set()
        self._waiting_sent = False

    # ---- reading -----------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    @property
    def current(self) -> Play | None:
        return self.plays[self.index] if self.plays else None

    @property
    def phase(self) -> State:
        """The state without pausing: ``get_ready`` or ``running`` while paused."""
        return self._resume_to if self._state == "paused" else self._state

    def _elapsed(self, now: float | None = None) -> float:
        if self._state in ("not_started", "finished"):
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
        if self.phase in ("get_ready", "not_started"):
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
    def overall_progress(self) -> float:
        if self._state == "finished":
            return 1.0
        total = self.total_s
        if self._state == "not_started" or total <= 0:
            return 0.0
        before = sum(p.duration_s for p in self.plays[: self.index])
        done = before + (self.step_total_s - self.remaining_s)
        return min(1.0, done / total)

    @property
    def next_play(self) -> Play | None:
        return self.plays[self.index + 1] if self.index + 1 < len(self.plays) else None

    def summary(self) -> Summary:
        active = self._active_s
        if self.phase == "running":
            active += self._elapsed()
        return Summary(len(self._done), len(self.plays), active, self._state == "finished")

    # ---- events ------------------------------------------------------------------------
    def _emit(self, kind: EventKind) -> None:
        event = PlayerEvent(kind, self.index, self.current)
        for listener in list(self.listeners):
            listener(event)

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
        phase: State = "get_ready" if countdown and self.get_ready_s > 0 else "running"
        if paused:
            self._state, self._resume_to, self._paused_at = "paused", phase, at
        else:
            self._state, self._paused_at = phase, None
        if phase == "running":
            self._done.add(index)
        self._emit("get_ready" if phase == "get_ready" else "step")

    def _finish(self) -> None:
        self._state = "finished"
        self._paused_at = None
        self._emit("finished")

    def start(self) -> None:
        """Start from the first step (with the get-ready countdown)."""
        if not self.plays:
            self._reset()
            self._finish()
            return
        self._reset()
        self._enter(0, self.clock(), countdown=True)

    def restart(self) -> None:
        self.start()

    def stop(self) -> None:
        if self._state in ("not_started",):
            return
        self._reset()
        self._emit("stopped")

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

    def toggle(self) -> None:
        """Space: start, pause or resume, whichever makes sense."""
        if self._state == "paused":
            self.resume()
        elif self._state in ("get_ready", "running"):
            self.pause()
        else:
            self.start()

    def next(self) -> bool:
        """Go to the next play now (finish after the last one). False if nothing to do."""
        if self._state in ("not_started", "finished"):
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
        if self._state == "not_started" or not self.plays:
            return False
        now = self.clock()
        if self._state == "finished":
            self._enter(len(self.plays) - 1, now, countdown=False)
            return True
        self._close_phase(now)
        self._enter(max(0, self.index - 1), now, countdown=False, paused=self._state == "paused")
        return True

    def tick(self) -> None:
        """Poll the clock: end the countdown, end steps, advance when allowed."""
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
            if self._elapsed(now) < self.step_total_s:
                return
            if not self.auto_advance:
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
