"""The rhythm of a basic move, frame by frame: what the map shows while a move is shown.

An arrow tells the direction; a learner also needs the beat. Each of reflexology's basic
moves (reference section 4) has one:

- thumb and finger walking creep along the line in small bites: the thumb presses (it
  bends at its first joint, standing still), then creeps a bite forward; it never slides
  back. At the end of the line it lifts and starts the next pass at the start: the trail
  of bites is cleared, nothing is drawn going back;
- hook in and back up: the tip presses into one point, then draws back across it;
- rotating on a point: the thumb holds the point while the foot turns around it, one way,
  then the other;
- press and hold with the breath: pressure comes on over a slow breath in and eases over
  the breath out.

Qt-free: `frame` turns a time in seconds into what to draw, in the chart's millimetres,
so the timing is tested without a display and the map only paints it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reflexmap.core.present.i18n import translate

Point = tuple[float, float]

BITE_MM = {"thumb_walk": 3.0, "finger_walk": 2.2}  # one creep forward
BITE_S = 0.7  # one press and creep
BREATH_S = 4.0  # a slow breath in (and as long out)
HOOK_S = 2.0  # press in, hook back, lift
TURN_S = 3.0  # one way and back


@dataclass(frozen=True)
class RhythmFrame:
    move: str
    point: Point  # where the thumb or finger is
    trail: tuple[Point, ...] = ()  # the bites already walked on this pass
    pressing: bool = False  # the thumb bent and pressing (walking), pressed in (hook)
    depth: float = 0.0  # 0..1: how much pressure (breath, hook)
    angle: float = 0.0  # degrees the foot is turned (rotating on a point)
    hook: Point | None = None  # where the hook draws back to
    label: str = ""  # "Breathe in", "Press", … (said under the map)


def _length(coords: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in zip(coords, coords[1:], strict=False))


def _along(coords: list[Point], d: float) -> Point:
    """The point `d` mm along the line (clamped to its ends)."""
    if d <= 0 or len(coords) == 1:
        return coords[0]
    for a, b in zip(coords, coords[1:], strict=False):
        seg = math.dist(a, b)
        if d <= seg and seg:
            f = d / seg
            return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
        d -= seg
    return coords[-1]


def walked(move: str, coords: list[Point], t: float) -> float:
    """How far along the line the walk is at time `t`: a staircase that only rises
    within a pass (pressing: flat; creeping: a bite forward)."""
    bite = BITE_MM[move]
    bites = max(1, math.ceil(_length(coords) / bite))
    beat = (t / BITE_S) % bites  # which bite of this pass, and how far through it
    n, f = int(beat), beat - int(beat)
    creep = 0.0 if f < 0.5 else (f - 0.5) * 2  # the first half presses, the second creeps
    return min(_length(coords), (n + creep) * bite)


def frame(move: str, coords: list[Point], t: float) -> RhythmFrame:
    if move in BITE_MM:
        d = walked(move, coords, t)
        bite = BITE_MM[move]
        trail = tuple(_along(coords, k * bite) for k in range(int(d // bite) + 1))
        pressing = ((t / BITE_S) % 1.0) < 0.5
        label = translate("Present", "Press") if pressing else translate("Present", "Creep forward")
        return RhythmFrame(move, _along(coords, d), trail, pressing, label=label)
    point = coords[0]
    if move == "hook":
        end = coords[-1] if len(coords) > 1 else point
        phase = (t % HOOK_S) / HOOK_S
        tip = point if math.dist(point, end) < 0.5 else end
        back = (tip[0] - 3.0, tip[1] + 2.0)  # drawn back across the point
        if phase < 0.4:
            return RhythmFrame(
                move, tip, pressing=True, depth=phase / 0.4, label=translate("Present", "Press in")
            )
        if phase < 0.75:
            f = (phase - 0.4) / 0.35
            at = (tip[0] + (back[0] - tip[0]) * f, tip[1] + (back[1] - tip[1]) * f)
            return RhythmFrame(
                move,
                at,
                pressing=True,
                depth=1.0,
                hook=tip,
                label=translate("Present", "Hook back"),
            )
        return RhythmFrame(move, tip, depth=0.0, label=translate("Present", "Lift"))
    if move == "rotate":
        angle = 35.0 * math.sin(2 * math.pi * (t % TURN_S) / TURN_S)
        return RhythmFrame(
            move,
            point,
            pressing=True,
            depth=1.0,
            angle=angle,
            label=translate("Present", "Turn the foot"),
        )
    if move == "breath":
        phase = t % (2 * BREATH_S)
        breathing_in = phase < BREATH_S
        depth = phase / BREATH_S if breathing_in else 2.0 - phase / BREATH_S
        label = (
            translate("Present", "Breathe in: press")
            if breathing_in
            else translate("Present", "Breathe out: ease")
        )
        return RhythmFrame(move, point, pressing=breathing_in, depth=depth, label=label)
    raise ValueError(f"unknown move {move!r}")
