"""The guided routine player: a small state machine driven by an injected clock.

Plays
    A routine is flattened into *plays*: one play is one step on one side. The
    sequence's own ``side`` decides the order:

    * ``each_foot`` / ``each_leg`` sequences are done *whole* on one side, then on the
      other ("now the other foot"), the way the sources describe them: every step on the
      left foot, then every step on the right foot. A step marked
      ``both_feet_together`` inside such a routine is played once, in the second round.
    * any other sequence is played in order; a step whose own side is ``each_foot`` /
      ``each_leg`` becomes two consecutive plays (left, then right).

    The left side comes first (``first_side`` changes that). A play that begins on the
    other side from the play before it is marked ``switch``: the player shows a get-ready
    countdown before it so the user can change position. Get-ready time is not part of
    ``total_s``, which is the sum of the plays' durations.

Time
    A step's time is its ``duration_s``; failing that the technique's; failing that
    ``default_step_s``. Such a time, or one the content marks ``duration_stated = false``,
    is ``suggested`` and the UI says so.

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
from reflexmap.core.models import Sequence, Step

State = Literal["not_started", "get_ready", "running", "paused", "finished"]
EventKind = Literal[
    "get_ready", "step", "waiting", "paused", "resumed", "finished", "stopped"
]

DEFAULT_STEP_S = 60.0
DEFAULT_GET_READY_S = 3.0

SIDE_LABELS: dict[tuple[str, str], str] = {
    ("foot", "left"): "left foot",
    ("foot", "right"): "right foot",
    ("leg", "left"): "left leg",
    ("leg", "right"): "right leg",
}


@dataclass(frozen=True)
class Play:
    """One step on one side."""

    index: int  # position in the flat list of plays
    step_index: int  # position in sequence.steps
    step: Step
    side: str | None  # "left foot", "right leg"... or None (both / not stated)
    foot: str | None  # "left" / "right" / None: which foot's zones the step works
    duration_s: float
    suggested: bool  # the time is ours, not the source's
    switch: bool = False  # the first play after changing side ("now the other foot")
    round: int = 0  # 0 for the first side, 1 for the second (per-side routines)


@dataclass(frozen=True)
class PlayerEvent:
    kind: EventKind
    index: int
    play: Play | None


def _other(foot: str) -> str:
    return "right" if foot == "left" else "left"


def build_plays(sequence: Sequence, atlas: Atlas | None = None, *,
                allowed_steps: Iterable[int] | None = None,
                default_step_s: float = DEFAULT_STEP_S,
                first_side: str = "left") -> list[Play]:
    """Flatten a routine into plays (see the module docstring for the order)."""
    allowed = set(range(len(sequence.steps)) if allowed_steps is None else allowed_steps)
    steps = [(i, s) for i, s in enumerate(sequence.steps) if i in allowed]

    def duration(step: Step) -> tuple[float, bool]:
        if step.duration_s is not None:
            return float(step.duration_s), not step.duration_stated
        tech = atlas.techniques.get(step.technique) if atlas is not None else None
        if tech is not None and tech.duration_s is not None:
            return float(tech.duration_s), True
        return float(default_step_s), True

    raw: list[tuple[int, Step, str | None, str | None, int]] = []
    if sequence.side in ("each_foot", "each_leg"):
        part = "leg" if sequence.side == "each_leg" else "foot"
        for rnd, foot in enumerate((first_side, _other(first_side))):
            for i, step in steps:
                if step.side == "both_feet_together":
                    if rnd == 1:
                        raw.append((i, step, None, None, rnd))
                    continue
                raw.append((i, step, SIDE_LABELS[(part, foot)], foot, rnd))
    else:
        for i, step in steps:
            if step.side in ("each_foot", "each_leg"):
                part = "leg" if step.side == "each_leg" else "foot"
                for foot in (first_side, _other(first_side)):
                    raw.append((i, step, SIDE_LABELS[(part, foot)], foot, 0))
            else:
                raw.append((i, step, None, None, 0))

    plays: list[Play] = []
    previous: str | None = None
    for n, (i, step, label, foot, rnd) in enumerate(raw):
        secs, suggested = duration(step)
        switch = foot is not None and previous is not None and foot != previous
        plays.append(Play(n, i, step, label, foot, secs, suggested, switch, rnd))
        if foot is not None:
            previous = foot
    return plays


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
    atlas: Atlas | None = None
    clock: Callable[[], float] = time.monotonic
    get_ready_s: float = DEFAULT_GET_READY_S
    auto_advance: bool = True
    default_step_s: float = DEFAULT_STEP_S
    allowed_steps: Iterable[int] | None = None
    first_side: str = "left"
    listeners: list[Callable[[PlayerEvent], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.plays = build_plays(self.sequence, self.atlas, allowed_steps=self.allowed_steps,
                                 default_step_s=self.default_step_s,
                                 first_side=self.first_side)
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
        self._enter(target, now, countdown=self.plays[target].switch,
                    paused=self._state == "paused")
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
        self._enter(max(0, self.index - 1), now, countdown=False,
                    paused=self._state == "paused")
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
