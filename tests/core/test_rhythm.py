"""Issue 32: the beat of each basic move, Qt-free.

Mutations tried: `walked` with a smooth `t * speed` (no pressing half) fails
test_walking_creeps_in_bites_and_never_goes_back (no still frames); the creep made
`(0.5 - f) * 2` (a slide back) fails it too; breath's depth not falling on the way out
fails test_breath_presses_on_the_in_breath_and_eases_out.
"""

from __future__ import annotations

import math

import pytest

from reflexmap.core.present.rhythm import BITE_MM, BITE_S, BREATH_S, frame, walked

LINE = [(0.0, 0.0), (30.0, 0.0), (30.0, -12.0)]  # 42 mm, with a bend


@pytest.mark.parametrize("move", ["thumb_walk", "finger_walk"])
def test_walking_creeps_in_bites_and_never_goes_back(move: str) -> None:
    bites = math.ceil(42 / BITE_MM[move])
    one_pass = bites * BITE_S
    times = [i * BITE_S / 20 for i in range(int(one_pass / (BITE_S / 20)))]
    d = [walked(move, LINE, t) for t in times]
    assert all(b >= a for a, b in zip(d, d[1:], strict=False))  # never back within a pass
    still = sum(1 for a, b in zip(d, d[1:], strict=False) if b == a)
    assert still >= len(d) // 3  # it presses (stands still) for half of every bite
    steps = [b - a for a, b in zip(d, d[1:], strict=False) if b > a]
    assert max(steps) <= BITE_MM[move] / 5 + 1e-9  # small bites, not jumps
    assert d[-1] > 42 - 2 * BITE_MM[move]  # one pass walks the whole line
    # the trail holds the bites walked, ending at the thumb
    f = frame(move, LINE, one_pass * 0.6)
    assert len(f.trail) >= 2 and f.label in ("Press", "Creep forward")


def test_breath_presses_on_the_in_breath_and_eases_out() -> None:
    ins = [frame("breath", [(0.0, 0.0)], t) for t in (0.5, 2.0, 3.5)]
    outs = [frame("breath", [(0.0, 0.0)], BREATH_S + t) for t in (0.5, 2.0, 3.5)]
    assert [f.depth for f in ins] == sorted(f.depth for f in ins)
    assert [f.depth for f in outs] == sorted((f.depth for f in outs), reverse=True)
    assert all(f.label == "Breathe in: press" for f in ins)
    assert all(f.label == "Breathe out: ease" for f in outs)


def test_hook_presses_then_draws_back_and_rotation_turns_both_ways() -> None:
    point = [(5.0, 5.0)]
    labels = [frame("hook", point, t).label for t in (0.2, 1.0, 1.8)]
    assert labels == ["Press in", "Hook back", "Lift"]
    angles = [frame("rotate", point, t).angle for t in (0.75, 2.25)]
    assert angles[0] > 20 and angles[1] < -20  # one way, then the other
