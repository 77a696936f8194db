"""What the player says aloud: the words of a routine written for the ear.

The step card is made to be read (a table: technique, pressure, "1 min (suggested)");
these sentences are made to be heard with the eyes closed and the hands on a foot: where
(side and zone), the move and how long, then the step's own text. `Guide` turns the
player's events into what to say and which cue to sound, and keeps the last instruction
so that it can be said again (R). Qt-free: the window's speaker and sounds only carry
out what it returns, and tests read it without a display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import translate
from reflexmap.core.present.labels import side_label
from reflexmap.core.routine_plan import PlannedStep

Cue = Literal["step", "ten_left", "side", "end"]
# the sequence player's events, and the routine session's names for the same moments
# ("step_started" is "step"; "side_changed" and "step_ending" say what the Guide would
# otherwise work out from "get_ready" and the ticks)
EventKind = Literal[
    "get_ready",
    "step",
    "step_started",
    "side_changed",
    "step_ending",
    "waiting",
    "paused",
    "resumed",
    "finished",
    "stopped",
]

WARN_BEFORE_S = 10.0  # "Ten seconds left"
WARN_MIN_STEP_S = 20.0  # a shorter step gets no warning: it would come right after its start
MAX_PLACES = 3  # more region names than this are hard to follow by ear


@dataclass(frozen=True)
class Utterance:
    """One thing to say (may be empty: a cue alone) and the sound that goes with it.

    `interrupt`: what is still being said is cut first (a new step, a pause); otherwise
    it is queued after it (a step's words after "Change to your left foot")."""

    text: str
    cue: Cue | None = None
    interrupt: bool = True
    kind: str = ""


def count_for_ear(seconds: float) -> str:
    """ "1 minute and 30 seconds", "45 seconds", "2 minutes": no "min", "s" or "1:30"."""
    whole = max(0, int(round(seconds)))
    m, s = divmod(whole, 60)
    minutes = (
        translate("Present", "1 minute")
        if m == 1
        else translate("Present", "{0} minutes").format(m)
    )
    secs = (
        translate("Present", "1 second")
        if s == 1
        else translate("Present", "{0} seconds").format(s)
    )
    if m and s:
        return translate("Present", "{0} and {1}").format(minutes, secs)
    return minutes if m else secs


def _name_for_ear(name: str) -> str:
    """ "Solar plexus reflex" -> "solar plexus reflex" (but "TMJ" stays)."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return translate("Present", "{0} and {1}").format(
        translate("Present", ", ").join(items[:-1]), items[-1]
    )


def _region_words(region_id: str) -> str:
    return region_id.removeprefix("z_").replace("_", " ").strip()


def places(atlas: Atlas, regions: Iterable[str]) -> str:
    """The places a step works, by name: the narrow regions when there are any (a broad
    one such as "whole foot" says little next to them), at most MAX_PLACES."""
    known = [atlas.regions[r] for r in regions if r in atlas.regions]
    narrow = [r.name for r in known if not r.broad] or [r.name for r in known]
    # a region the content names nowhere (most of the articles' "z_heel", "z_toes") is
    # said by its id: "z_top_of_foot" -> "top of foot"
    named = [_region_words(r) for r in regions if r not in atlas.regions]
    names = list(dict.fromkeys(_name_for_ear(n) for n in [*narrow, *named] if n))
    if len(names) > MAX_PLACES:
        names = [*names[:MAX_PLACES], translate("Present", "more")]
    return _join(names)


def where_words(atlas: Atlas, play: PlannedStep) -> str:
    """ "Right foot: the heel and toes." (side first: it is what the hands do first)"""
    side = side_label(atlas, play.part, play.foot, capital=True)
    where = places(atlas, play.regions)
    if not where:
        return translate("Present", "{0}.").format(side)
    return translate("Present", "{0}: {1}.").format(side, where)


def move_words(atlas: Atlas, play: PlannedStep, *, lighter: bool = False) -> str:
    """ "Thumb walking, about 1 minute." ("about": the time is the app's suggestion)"""
    tech = atlas.techniques.get(play.technique)
    name = tech.name if tech is not None else ""
    time = count_for_ear(play.duration_s)
    if play.suggested:
        time = translate("Present", "about {0}").format(time)
    said = (
        translate("Present", "{0}, {1}.").format(name, time)
        if name
        else f"{time[0].upper()}{time[1:]}."
    )
    if lighter:
        said += " " + translate("Present", "Use light pressure.")
    return said


def step_words(atlas: Atlas, play: PlannedStep, *, lighter: bool = False) -> str:
    """Everything said when a step starts: where, the move and its time, the step text."""
    text = play.text.strip()
    if text and text[-1] not in ".!?":
        text += "."
    return " ".join(
        p for p in (where_words(atlas, play), move_words(atlas, play, lighter=lighter), text) if p
    )


def change_side_words(atlas: Atlas, play: PlannedStep) -> str:
    """ "Change to your left foot." said during the countdown before the other side."""
    return translate("Present", "Change to your {0}.").format(
        side_label(atlas, play.part, play.foot)
    )


def start_words(name: str, steps: int, total_s: float) -> str:
    return translate("Present", "{0}: {1} steps, {2}.").format(name, steps, count_for_ear(total_s))


def finished_words(active_s: float) -> str:
    return translate("Present", "Routine finished, after {0}.").format(count_for_ear(active_s))


def ten_seconds_words() -> str:
    return translate("Present", "Ten seconds left.")


def paused_words() -> str:
    return translate("Present", "Paused.")


def resumed_words() -> str:
    return translate("Present", "Go on.")


def waiting_words() -> str:
    return translate("Present", "Time is up. Press Right for the next step.")


class Guide:
    """The player's events in, what to say out; one per routine run.

    Feed it every event of the routine session (`on_event`: its ``step_ending`` brings
    the warning; a player without that event can give the time left at each tick with
    `on_tick`); it says each step once when it starts (a step entered again with Back or
    Restart is a new start), the ten-second warning once per step start, and nothing
    after "stopped". `repeat()` gives the last instruction again."""

    def __init__(
        self,
        atlas: Atlas,
        name: str,
        plays: list[PlannedStep] | tuple[PlannedStep, ...],
        *,
        lighter_steps: Iterable[int] = (),
    ) -> None:
        self.atlas = atlas
        self.name = name
        self.plays = tuple(plays)
        self.lighter_steps = frozenset(lighter_steps)
        self.last_instruction = ""
        self._warned = True  # no warning before the first step has started
        self._started = False
        self._stopped = False
        self._after_countdown = False
        self._side_said: int | None = None  # the step whose change of side was said

    def _step(self, play: PlannedStep) -> str:
        return step_words(self.atlas, play, lighter=play.step_index in self.lighter_steps)

    def on_event(
        self, kind: EventKind | str, play: PlannedStep | None, *, active_s: float = 0.0
    ) -> list[Utterance]:
        if kind == "step_started":
            kind = "step"
        if kind == "stopped":
            self._stopped = True
            self._warned = True
            return []
        if kind in ("get_ready", "step"):
            self._stopped = False
        if self._stopped or (kind in ("get_ready", "step") and play is None):
            return []
        out: list[Utterance] = []
        if kind == "side_changed" and play is not None:
            self._side_said = play.index
            return [Utterance(change_side_words(self.atlas, play), "side", kind="side")]
        if kind == "step_ending":
            running = play is not None and play.duration_s >= WARN_MIN_STEP_S
            return self.on_tick(running, WARN_BEFORE_S if running else 0.0)
        if kind == "get_ready" and play is not None:
            self._warned = True
            self._after_countdown = True
            if not self._started or play.index == 0:
                self._started = True
                total = sum(p.duration_s for p in self.plays)
                out.append(Utterance(start_words(self.name, len(self.plays), total), kind="start"))
            if play.switch and self._side_said != play.index:
                words = change_side_words(self.atlas, play)
                out.append(Utterance(words, "side", interrupt=not out, kind="side"))
            return out
        if kind == "step" and play is not None:
            self._started = True
            self._warned = play.duration_s < WARN_MIN_STEP_S
            self.last_instruction = self._step(play)
            # after a countdown or a change of side what was said is queued before the
            # step; a step reached with Next or Back cuts the one before it short
            queued = self._after_countdown or self._side_said == play.index
            self._after_countdown, self._side_said = False, None
            return [Utterance(self.last_instruction, "step", interrupt=not queued, kind="step")]
        if kind == "paused":
            return [Utterance(paused_words(), kind="paused")]
        if kind == "resumed":
            return [Utterance(resumed_words(), kind="resumed")]
        if kind == "waiting":
            self._warned = True
            return [Utterance(waiting_words(), "end", kind="waiting")]
        if kind == "finished":
            self._warned = True
            self._stopped = True
            return [Utterance(finished_words(active_s), "end", kind="finished")]
        return []

    def on_tick(self, running: bool, remaining_s: float) -> list[Utterance]:
        """The warning, once, when the running step's time left falls to WARN_BEFORE_S."""
        if self._warned or not running or remaining_s > WARN_BEFORE_S or remaining_s <= 0:
            return []
        self._warned = True
        return [Utterance(ten_seconds_words(), "ten_left", interrupt=False, kind="ten_left")]

    def repeat(self) -> Utterance | None:
        if not self.last_instruction or self._stopped:
            return None
        return Utterance(self.last_instruction, kind="repeat")
