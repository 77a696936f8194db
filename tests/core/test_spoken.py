"""What the player says aloud (reflexmap.core.present.spoken), without Qt or a voice:
a whole routine played with a fake clock, every event through the Guide, and the words
checked as a listener would hear them."""

from __future__ import annotations

import re

import pytest

from reflexmap.core.present import spoken
from reflexmap.core.routine_plan import plan_routine
from reflexmap.core.routine_session import RoutineSession, SessionEvent
from reflexmap.core.safety_check import build_checklist, evaluate


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run(atlas, seq, actions=None):  # type: ignore[no-untyped-def]
    """Play `seq` to the end (or until an action stops it); return what was said, in
    order, as (kind, text, cue). `actions`: {seconds: callable(player)}."""
    clock = FakeClock()
    player = RoutineSession(atlas, clock=clock)
    player.pick(seq.id)
    checklist = build_checklist(atlas, seq)
    player.answer(checklist, evaluate(checklist, frozenset()))
    guide = spoken.Guide(atlas, seq.name, player.plan(seq.id).steps)  # type: ignore[union-attr]
    said: list[spoken.Utterance] = []

    def hear(event: SessionEvent) -> None:
        said.extend(guide.on_event(event.kind, event.step, active_s=player.summary().active_s))

    player.subscribe(hear)
    player.start()
    pending = dict(actions or {})
    t = 0.0
    while player.state not in ("finished", "idle") and t < 10_000:
        clock.now += 0.2
        t += 0.2
        for at in [a for a in pending if a <= t]:
            pending.pop(at)(player)
        player.tick()
    return player, guide, said


def test_counts_are_written_for_the_ear() -> None:
    assert spoken.count_for_ear(60) == "1 minute"
    assert spoken.count_for_ear(90) == "1 minute and 30 seconds"
    assert spoken.count_for_ear(45) == "45 seconds"
    assert spoken.count_for_ear(120) == "2 minutes"
    assert spoken.count_for_ear(1) == "1 second"


def test_every_step_is_said_once_in_the_plans_order(atlas) -> None:  # type: ignore[no-untyped-def]
    for seq in atlas.sequences.values():
        plan = plan_routine(atlas, seq)
        player, _, said = run(atlas, seq)
        steps = [u.text for u in said if u.kind == "step"]
        assert steps == [spoken.step_words(atlas, p) for p in plan.steps], seq.id
        for text, play in zip(steps, plan.steps, strict=True):
            assert play.text.strip().rstrip(".") in text  # the step's own words
            assert not re.search(r"\d+ (min|s)\b|\d:\d\d|·", text), text  # no card shorthand
        assert said[0].kind == "start" and str(len(plan.steps)) in said[0].text
        assert said[-1].kind == "finished" and said[-1].cue == "end"
        assert said[-1].text == f"Routine finished, after {spoken.count_for_ear(plan.total_s)}."
        # a change of side is said before the step on the other side, with its cue
        changes = [u for u in said if u.kind == "side"]
        assert len(changes) == sum(p.switch for p in plan.steps)
        assert all(u.cue == "side" for u in changes)


def test_a_step_says_side_zone_move_and_time_then_its_text(atlas) -> None:  # type: ignore[no-untyped-def]
    seq = atlas.sequences["seq_002_seated_self_massage"]
    plan = plan_routine(atlas, seq)
    sole = next(p for p in plan.steps if "z_sole" in p.regions)
    words = spoken.step_words(atlas, sole)
    tech = atlas.techniques[sole.technique].name
    assert words.startswith(
        f"Left foot: sole, heel and toe bases. {tech}, about 1 minute and 30 seconds. "
    )
    assert words.endswith(sole.text)
    lighter = spoken.step_words(atlas, sole, lighter=True)
    assert "Use light pressure." in lighter


def test_ten_seconds_left_once_per_step_of_twenty_seconds_or_more(atlas) -> None:  # type: ignore[no-untyped-def]
    seq = atlas.sequences["seq_002_seated_self_massage"]
    plan = plan_routine(atlas, seq)
    _, _, said = run(atlas, seq)
    long_steps = [p for p in plan.steps if p.duration_s >= spoken.WARN_MIN_STEP_S]
    warnings = [u for u in said if u.kind == "ten_left"]
    assert len(warnings) == len(long_steps) and all(u.cue == "ten_left" for u in warnings)
    assert warnings[0].text == "Ten seconds left."
    # each warning comes after its step and before the next one
    kinds = [u.kind for u in said if u.kind in ("step", "ten_left")]
    assert "ten_left" not in [k for a, k in zip(kinds, kinds[1:], strict=False) if a == "ten_left"]


def test_pause_resume_and_nothing_after_stop(atlas) -> None:  # type: ignore[no-untyped-def]
    seq = atlas.sequences["seq_002_seated_self_massage"]
    player, guide, said = run(
        atlas,
        seq,
        {10.0: RoutineSession.pause, 20.0: RoutineSession.resume, 40.0: RoutineSession.stop},
    )
    kinds = [u.kind for u in said]
    assert "paused" in kinds and kinds[kinds.index("paused") + 1] == "resumed"
    assert [u.text for u in said if u.kind in ("paused", "resumed")] == ["Paused.", "Go on."]
    assert kinds[-1] != "finished" and player.state == "idle"
    # after Stop: no warning, no repeat, even if the clock says a step would end
    assert guide.on_tick(True, 5.0) == [] and guide.repeat() is None


def test_repeat_says_the_last_instruction_again(atlas) -> None:  # type: ignore[no-untyped-def]
    seq = atlas.sequences["seq_002_seated_self_massage"]
    plan = plan_routine(atlas, seq)
    guide = spoken.Guide(atlas, seq.name, plan.steps)
    assert guide.repeat() is None  # nothing said yet
    guide.on_event("step", plan.steps[0])
    guide.on_event("step", plan.steps[1])
    again = guide.repeat()
    assert again is not None and again.text == spoken.step_words(atlas, plan.steps[1])


@pytest.mark.parametrize("name", ["Solar plexus reflex", "TMJ reflex"])
def test_names_keep_their_capitals_where_they_matter(name: str) -> None:
    assert spoken._name_for_ear(name) == (name if name.startswith("TMJ") else name.lower())


def test_the_routine_sessions_event_names_say_the_same(atlas) -> None:  # type: ignore[no-untyped-def]
    """The session (issue 26) names the moments itself: side_changed before the other
    side's countdown, step_started, step_ending. The Guide says the same for them, once."""
    seq = atlas.sequences["seq_002_seated_self_massage"]
    plan = plan_routine(atlas, seq)
    switch = next(p for p in plan.steps if p.switch)
    guide = spoken.Guide(atlas, seq.name, plan.steps)
    guide.on_event("get_ready", plan.steps[0])
    guide.on_event("step_started", plan.steps[0])
    before = plan.steps[switch.index - 1]
    guide.on_event("step_started", before)
    ending = guide.on_event("step_ending", before)
    assert [u.text for u in ending] == (["Ten seconds left."] if before.duration_s >= 20 else [])
    assert guide.on_event("step_ending", before) == []  # once a step
    said = guide.on_event("side_changed", switch) + guide.on_event("get_ready", switch)
    assert [u.text for u in said] == ["Change to your right foot."]  # not twice
    step = guide.on_event("step_started", switch)
    assert step[0].text == spoken.step_words(atlas, switch) and not step[0].interrupt
