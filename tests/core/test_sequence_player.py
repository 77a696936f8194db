"""The routine player with a fake clock: no real time passes in these tests."""

from __future__ import annotations

import pytest
from player_atlas import with_leg

from reflexmap.core.sequence_player import SequencePlayer, build_plays


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def leg_atlas(atlas):
    return with_leg(atlas)


def all_sequences(atlas):
    return list(atlas.sequences.values())


def test_bundled_atlas_has_routines(atlas) -> None:
    assert atlas.sequences


def test_every_bundled_routine_plays_to_the_end(atlas, clock) -> None:
    for seq in atlas.sequences.values():
        player = SequencePlayer(seq, atlas, clock=clock, get_ready_s=3)
        events = []
        player.listeners.append(events.append)
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
        assert [e.kind for e in events].count("step") == len(player.plays)
        assert events[-1].kind == "finished"


def test_total_is_the_sum_of_the_plays_per_side(atlas, leg_atlas) -> None:
    """A per-side step is timed once per side, a change-over or both-sides step once."""
    for a in (atlas, leg_atlas):
        for seq in a.sequences.values():
            player = SequencePlayer(seq, a)
            per_step = {p.step_index: p.duration_s for p in player.plays}
            expected = 0.0
            for i, step in enumerate(seq.steps):
                per_side = step.side in ("each_foot", "each_leg") or (
                    player.plan.sides_stated is False and step.side == "not_stated"
                )  # a routine with no sides at all is planned per foot
                sides = 2  # a step naming zones is played on the feet that have them
                if step.zone_keys:
                    sides = sum(1 for f in ("left", "right") if a.step_zones(step, foot=f))
                expected += per_step[i] * (sides if per_side else 1)
            assert player.total_s == pytest.approx(expected), seq.id
            assert player.total_s == player.plan.total_s


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
    player = SequencePlayer(seq, atlas, clock=clock, get_ready_s=3)
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


def test_no_drift_with_late_ticks(leg_atlas, clock) -> None:
    player = SequencePlayer(
        leg_atlas.sequences["seq_test_leg"], leg_atlas, clock=clock, get_ready_s=0
    )
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
    player = SequencePlayer(
        leg_atlas.sequences["seq_test_leg"], leg_atlas, clock=clock, get_ready_s=5
    )
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
    player = SequencePlayer(
        leg_atlas.sequences["seq_test_leg"], leg_atlas, clock=clock, get_ready_s=3
    )
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
    assert player.state == "not_started" and player.overall_progress == 0.0


def test_auto_advance_off_waits_at_zero(leg_atlas, clock) -> None:
    player = SequencePlayer(
        leg_atlas.sequences["seq_test_leg"],
        leg_atlas,
        clock=clock,
        get_ready_s=0,
        auto_advance=False,
    )
    events = []
    player.listeners.append(events.append)
    player.start()
    clock.advance(300)
    player.tick()
    player.tick()
    assert player.index == 0 and player.remaining_s == 0 and player.waiting
    assert [e.kind for e in events].count("waiting") == 1
    player.next()
    assert player.index == 1 and player.remaining_s == 60 and not player.waiting


def test_navigation_while_paused_stays_paused(leg_atlas, clock) -> None:
    player = SequencePlayer(
        leg_atlas.sequences["seq_test_leg"], leg_atlas, clock=clock, get_ready_s=0
    )
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
    player = SequencePlayer(seq, leg_atlas, allowed_steps=(1, 2))
    assert {p.step_index for p in player.plays} == {1, 2}
    assert not player.plays[0].switch
