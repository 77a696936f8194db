"""The routine session with a fake clock: no real time passes, and no window is made.

Everything the player dock shows comes from here (the dock is a view of the session):
the routines, the safety verdict and plan, the run and its events."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock  # tests/ is on the path: its conftest lives there
from player_atlas import with_leg

from reflexmap.core.routine_plan import plan_routine
from reflexmap.core.routine_session import RoutineSession
from reflexmap.core.safety_check import build_checklist, evaluate


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def leg_atlas(atlas):
    return with_leg(atlas)


def build_plays(seq, atlas):
    return list(plan_routine(atlas, seq).steps)


def session_for(atlas, seq, clock=None, *, ticked=(), **options):
    """A session with `seq` picked and its safety questions answered (`ticked` ticked)."""
    kwargs = {"clock": clock} if clock is not None else {}
    session = RoutineSession(atlas, **kwargs, **options)
    session.pick(seq.id)
    checklist = build_checklist(atlas, seq)
    session.answer(checklist, evaluate(checklist, frozenset(ticked)))
    return session


def test_bundled_atlas_has_routines(atlas) -> None:
    assert atlas.sequences


def test_every_bundled_routine_plays_to_the_end(atlas, clock) -> None:
    for seq in atlas.sequences.values():
        player = session_for(atlas, seq, clock=clock, get_ready_s=3)
        events = []
        player.subscribe(events.append)
        player.start()
        assert player.state == "get_ready"
        seen = []
        for _ in range(100_000):
            if player.state == "finished":
                break
            clock.advance(0.2)
            player.tick()
            if player.state == "running" and (not seen or seen[-1] != player.index):
                seen.append(player.index)
        assert player.state == "finished", seq.id
        assert seen == list(range(len(player.plays))), seq.id
        assert player.overall_progress == 1.0
        summary = player.summary()
        assert summary.plays_done == len(player.plays)
        assert summary.active_s == pytest.approx(player.total_s)
        assert [e.kind for e in events].count("step_started") == len(player.plays)
        assert events[-1].kind == "finished"


def test_total_is_the_sum_of_the_plays_per_side(atlas, leg_atlas) -> None:
    """A per-side step is timed once per side, a change-over or both-sides step once."""
    for a in (atlas, leg_atlas):
        for seq in a.sequences.values():
            plan = session_for(a, seq).plan()
            per_step = {p.step_index: p.duration_s for p in plan.steps}
            expected = 0.0
            for i, step in enumerate(seq.steps):
                per_side = step.side in ("each_foot", "each_leg") or (
                    plan.sides_stated is False and step.side == "not_stated"
                )  # a routine with no sides at all is planned per foot
                sides = 2  # a step naming zones is played on the feet that have them
                if step.zone_keys:
                    sides = sum(1 for f in ("left", "right") if a.step_zones(step, foot=f))
                expected += per_step[i] * (sides if per_side else 1)
            assert plan.total_s == pytest.approx(expected), seq.id


def test_per_side_routine_order_and_labels(leg_atlas) -> None:
    plays = build_plays(leg_atlas.sequences["seq_test_leg"], leg_atlas)
    assert [(p.step_index, p.foot, p.part) for p in plays] == [
        (0, "left", "leg"),
        (1, "left", "leg"),
        (0, "right", "leg"),
        (1, "right", "leg"),
    ]
    assert [p.switch for p in plays] == [False, False, True, False]
    assert plays[1].duration_s == 60 and plays[1].suggested  # repetitions only: our time
    assert not plays[0].suggested
    mixed = build_plays(leg_atlas.sequences["seq_test_mixed"], leg_atlas)
    assert [(p.foot, p.part) for p in mixed] == [
        ("left", "leg"),
        ("right", "leg"),
        ("left", "foot"),
        ("right", "foot"),
        (None, "foot"),
    ]
    assert [p.switch for p in mixed] == [False, True, True, True, False]


def test_pause_and_resume_keep_remaining_time_exact(atlas, clock) -> None:
    seq = next(iter(atlas.sequences.values()))
    player = session_for(atlas, seq, clock=clock, get_ready_s=3)
    player.start()
    clock.advance(3)
    player.tick()
    assert player.state == "running" and player.index == 0
    total = player.step_total_s
    clock.advance(10.5)
    player.tick()
    assert player.remaining_s == pytest.approx(total - 10.5)
    player.pause()
    assert player.state == "paused"
    clock.advance(500)
    player.tick()
    assert player.remaining_s == pytest.approx(total - 10.5)
    player.toggle()
    assert player.state == "running"
    assert player.remaining_s == pytest.approx(total - 10.5)
    clock.advance(1.25)
    assert player.remaining_s == pytest.approx(total - 11.75)
    assert player.elapsed_s == pytest.approx(11.75)
    assert player.overall_progress == pytest.approx(11.75 / player.total_s)


def test_no_drift_with_late_ticks(leg_atlas, clock) -> None:
    player = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock=clock, get_ready_s=0)
    player.start()
    assert player.state == "running"
    clock.advance(40 + 7)  # one late tick, 7 s after step 1 ended
    player.tick()
    assert player.index == 1
    assert player.remaining_s == pytest.approx(60 - 7)
    clock.advance(53 + 2)  # step 2 ends; play 3 switches side: its countdown is 0
    player.tick()
    assert player.index == 2 and player.remaining_s == pytest.approx(40 - 2)


def test_get_ready_countdown_and_side_switch(leg_atlas, clock) -> None:
    player = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock=clock, get_ready_s=5)
    player.start()
    clock.advance(4.9)
    player.tick()
    assert player.state == "get_ready"
    assert player.get_ready_left_s == pytest.approx(0.1)
    assert player.remaining_s == 40
    clock.advance(0.1)
    player.tick()
    assert player.state == "running"
    clock.advance(100)
    player.tick()
    assert player.index == 2 and player.state == "get_ready"  # now the other leg
    assert player.current is not None and player.current.switch


def test_back_and_next_at_both_ends(atlas, leg_atlas, clock) -> None:
    player = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock=clock, get_ready_s=3)
    assert not player.next() and not player.back()  # not started: nothing to do
    player.start()
    clock.advance(3)
    player.tick()
    clock.advance(12)
    assert player.back()  # at the start: the first step again, from its full time
    assert player.index == 0 and player.remaining_s == 40 and player.state == "running"
    assert player.next()
    assert player.index == 1 and player.state == "running"
    assert player.next()
    assert player.index == 2 and player.state == "get_ready"  # switching side
    assert player.next()
    assert player.index == 3
    assert player.next()  # past the last play
    assert player.state == "finished" and player.overall_progress == 1.0
    assert not player.next()
    assert player.back()  # back from the end reopens the last step
    assert player.index == 3 and player.state == "running"
    player.stop()
    assert player.state == "idle" and player.overall_progress == 0.0


def test_auto_advance_off_waits_at_zero(leg_atlas, clock) -> None:
    player = session_for(
        leg_atlas,
        leg_atlas.sequences["seq_test_leg"],
        clock=clock,
        get_ready_s=0,
        auto_advance=False,
    )
    events = []
    player.subscribe(events.append)
    player.start()
    clock.advance(300)
    player.tick()
    player.tick()
    assert player.index == 0 and player.remaining_s == 0 and player.waiting
    assert [e.kind for e in events].count("waiting") == 1
    player.next()
    assert player.index == 1 and player.remaining_s == 60 and not player.waiting


def test_navigation_while_paused_stays_paused(leg_atlas, clock) -> None:
    player = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock=clock, get_ready_s=0)
    player.start()
    player.pause()
    player.next()
    assert player.state == "paused" and player.index == 1
    clock.advance(30)
    assert player.remaining_s == 60
    player.resume()
    clock.advance(10)
    assert player.remaining_s == 50


def test_allowed_steps_filter_the_plays(leg_atlas) -> None:
    seq = leg_atlas.sequences["seq_test_mixed"]
    player = session_for(leg_atlas, seq, ticked={"s_test_clot"})  # no leg steps
    assert player.start() == "started"
    assert {p.step_index for p in player.plays} == {1, 2}
    assert not player.plays[0].switch
    assert player.plan().left_out[0].reasons == ("s_test_clot",)


def test_a_routine_starts_only_after_its_safety_answers(leg_atlas, clock) -> None:
    """No verdict: the session asks for the check; an all-blocking one: it refuses."""
    session = RoutineSession(leg_atlas, clock=clock)
    seq = leg_atlas.sequences["seq_test_leg"]
    session.pick(seq.id)
    assert session.start() == "needs_check" and session.state == "idle"
    checklist = build_checklist(leg_atlas, seq)
    session.answer(checklist, evaluate(checklist, frozenset({"s_test_clot"})))
    assert session.verdict() is not None and session.verdict().blocked
    assert session.start() == "blocked" and session.state == "idle"
    session.answer(checklist, evaluate(checklist, frozenset()))
    assert session.start() == "started" and session.state == "get_ready"
    assert session.run_routine is seq


def test_picking_another_routine_stops_the_run(leg_atlas, clock) -> None:
    session = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock)
    events = []
    session.subscribe(events.append)
    session.start()
    session.pick("seq_test_mixed")
    assert session.state == "idle" and session.run_routine is None
    assert [e.kind for e in events][-2:] == ["stopped", "picked"]
    assert events[-1].routine_id == "seq_test_mixed"


def test_do_it_now_offers_one_technique_as_a_one_step_routine(atlas, clock) -> None:
    session = RoutineSession(atlas, clock=clock)
    tech = next(t for t in atlas.techniques.values() if atlas.zones_for_regions(t.zones))
    added = []
    session.subscribe(added.append)
    rid = session.add_technique(tech.id)
    assert rid is not None and session.add_technique(tech.id) == rid  # added once
    assert [e.kind for e in added] == ["routine_added"] and added[0].routine_id == rid
    assert session.routines[rid].name == f"Do it now: {tech.name}"
    assert session.add_technique("no_such_technique") is None
    session.pick(rid)
    checklist = build_checklist(atlas, session.routine)
    session.answer(checklist, evaluate(checklist, frozenset()))
    session.start()
    assert len(session.plays) == 1 and session.current.technique == tech.id
    assert set(session.current.regions) == set(tech.zones)


def test_events_for_cues_side_change_and_ten_seconds_left(leg_atlas, clock) -> None:
    """What spoken cues will hang on: each step's start, one 'ten seconds left' per
    step longer than that, the side change before the other leg's countdown, the end."""
    session = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock, get_ready_s=3)
    events = []
    session.subscribe(events.append)
    session.start()
    for _ in range(10_000):
        if session.state == "finished":
            break
        clock.advance(0.5)
        session.tick()
    kinds = [e.kind for e in events]
    assert kinds.count("step_started") == 4
    endings = [e for e in events if e.kind == "step_ending"]
    assert len(endings) == 4
    assert all(9.5 <= e.seconds_left <= 10 for e in endings)
    assert [e.index for e in endings] == [0, 1, 2, 3]
    sides = [e for e in events if e.kind == "side_changed"]
    assert len(sides) == 1 and sides[0].step.foot == "right" and sides[0].index == 2
    # the side change comes before the countdown of the other leg's first step
    at = kinds.index("side_changed")
    assert kinds[at + 1] == "get_ready" and events[at + 1].index == 2
    assert kinds[-1] == "finished"
    session.back()
    session.pause()
    session.resume()
    session.stop()
    assert [e.kind for e in events][-4:] == ["step_started", "paused", "resumed", "stopped"]


def test_a_late_tick_past_the_end_of_a_step_says_no_ten_seconds_left(leg_atlas, clock) -> None:
    session = session_for(leg_atlas, leg_atlas.sequences["seq_test_leg"], clock, get_ready_s=0)
    events = []
    session.subscribe(events.append)
    session.start()
    clock.advance(41)  # the 40 s step ended before this tick
    session.tick()
    assert session.index == 1
    assert "step_ending" not in [e.kind for e in events]


def test_added_routines_whose_feet_and_forgotten_answers(leg_atlas, clock) -> None:
    """Self-practice adds routines (lengths, built sessions) and rewords them for whose
    feet: the session plays the worded routine, and a new wording asks again."""
    import dataclasses

    session = RoutineSession(leg_atlas, clock=clock)
    events = []
    session.subscribe(events.append)
    base = leg_atlas.sequences["seq_test_leg"]
    extra = dataclasses.replace(base, id="my.extra", name="Mine")
    session.add_routine(extra)
    session.add_routine(extra)  # the same again: nothing happens
    session.add_routine(dataclasses.replace(extra, name="Mine, renamed"))
    assert [e.kind for e in events] == ["routine_added", "routine_changed"]
    session.wording = lambda seq: dataclasses.replace(seq, name=seq.name + " (worded)")
    session.pick("my.extra")
    assert session.routine.name == "Mine, renamed (worded)"
    checklist = build_checklist(leg_atlas, session.routine)
    session.answer(checklist, evaluate(checklist, frozenset()))
    assert session.start() == "started" and session.run_routine.name.endswith("(worded)")
    session.forget_answers()  # a run on goes on as answered
    assert session.verdict() is not None
    session.stop()
    session.forget_answers()
    assert session.verdict() is None and session.start() == "needs_check"
    assert not session.remove_routine("my.extra")  # picked: it stays
    session.pick(base.id)
    assert session.remove_routine("my.extra") and "my.extra" not in session.routines
    assert events[-1].kind == "routine_removed" and events[-1].routine_id == "my.extra"
