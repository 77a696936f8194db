"""The chart's label layout, key columns and poster tiles, with plain numbers (no Qt)."""

from __future__ import annotations

import random

from reflexmap.core import chart_layout as cl
from reflexmap.core.chart_layout import Box, KeyEntry, LabelRequest, Metrics

MONO = Metrics(width=lambda text: 5.0 * len(text), line_height=10.0)  # a fake 5-unit font


def test_stack_keeps_order_gap_and_column() -> None:
    heights = [10.0, 20.0, 10.0, 10.0]
    wants = [50.0, 52.0, 51.0, 300.0]  # three crowd one spot, one far below
    tops = cl.stack(heights, wants, 0.0, 200.0, 2.0)
    assert tops is not None
    for i in range(len(tops) - 1):
        assert tops[i + 1] >= tops[i] + heights[i] + 2.0 - 1e-9
    assert tops[0] >= 0 and tops[-1] + heights[-1] <= 200.0 + 1e-9  # clamped into the column
    # room enough: each box sits on its wish
    alone = cl.stack([10.0, 10.0], [20.0, 80.0], 0.0, 200.0, 2.0)
    assert alone == [15.0, 75.0]
    assert cl.stack([100.0, 100.0], [0.0, 0.0], 0.0, 150.0, 2.0) is None  # cannot fit


def test_segments_cross() -> None:
    assert cl.segments_cross((0, 0), (10, 10), (0, 10), (10, 0))
    assert not cl.segments_cross((0, 0), (10, 0), (0, 1), (10, 1))
    assert cl.segments_cross((0, 0), (10, 0), (5, 0), (5, 5))  # touching counts
    assert cl.segment_hits_box((0, 5), (20, 5), Box(5, 0, 5, 10))
    assert not cl.segment_hits_box((0, 20), (20, 20), Box(5, 0, 5, 10))


def test_wrap() -> None:
    assert cl.wrap("Big toe: head and brain", 60, MONO.width) == ["Big toe:", "head and", "brain"]
    assert cl.wrap("Supercalifragilistic", 40, MONO.width) is None  # one word too wide


def _requests(seed: int, n: int) -> list[LabelRequest]:
    """Anchors scattered over two 'feet' (x in 200..300 and 500..600), as zones are."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        side = "left" if i % 2 else "right"
        x = rng.uniform(200, 300) if side == "left" else rng.uniform(500, 600)
        words = ["zone", "name", "of", "the", "arch", "heel", "toe"]
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        out.append(LabelRequest(f"z{i}", text, (x, rng.uniform(100, 700)), side))
    return out


def test_labels_never_cross_overlap_or_miss_a_zone() -> None:
    """Many random charts: every request placed once, on its side, inside its column;
    no two labels overlap, no two leaders cross, no leader runs through a label."""
    left, right = Box(0, 0, 150, 800), Box(650, 0, 150, 800)
    feet = [Box(190, 90, 120, 620), Box(490, 90, 120, 620)]
    for seed in range(40):
        requests = _requests(seed, 40)
        placed = cl.layout_labels(requests, left, right, MONO, gap=3.0, stub=20.0)
        assert placed is not None, seed
        assert sorted(p.key for p in placed) == sorted(r.key for r in requests)
        for p in placed:
            column = left if p.side == "left" else right
            assert column.x - 1e-6 <= p.box.x and p.box.right <= column.right + 1e-6
            assert column.y - 1e-6 <= p.box.y and p.box.bottom <= column.bottom + 1e-6
            assert p.side == next(r.side for r in requests if r.key == p.key)
            assert p.leader[-1] == next(r.anchor for r in requests if r.key == p.key)
        assert cl.label_problems(placed, feet) == [], seed


def test_sorted_slots_alone_would_cross() -> None:
    """Slots in the anchors' order can cross: here the column lies well below both
    anchors, so the upper slot's leader to a far anchor crosses the steep one under it.
    The layout swaps them (checked: the anchors' order, stacked the same way, crosses)."""
    requests = [
        LabelRequest("far", "far", (300.0, 100.0), "left"),
        LabelRequest("near", "near", (200.0, 110.0), "left"),
    ]
    tall = Metrics(width=MONO.width, line_height=60.0)
    column = Box(0, 480, 150, 320)
    placed = cl.layout_labels(requests, column, Box(700, 0, 50, 800), tall, 3, 20)
    assert placed is not None
    assert not cl.polylines_cross(placed[0].leader, placed[1].leader)
    order = [p.key for p in sorted(placed, key=lambda p: p.box.y)]
    assert order == ["near", "far"]  # not the anchors' order: that one crosses
    tops = cl.stack([60.0, 60.0], [100.0, 110.0], 480.0, 800.0, 3.0)
    assert tops is not None
    a = ((150.0, tops[0] + 30), (170.0, tops[0] + 30), (300.0, 100.0))
    b = ((150.0, tops[1] + 30), (170.0, tops[1] + 30), (200.0, 110.0))
    assert cl.polylines_cross(a, b)


def test_a_side_that_cannot_fit_is_refused() -> None:
    requests = [LabelRequest(f"z{i}", "name", (200.0, 10.0 * i), "left") for i in range(50)]
    left, right = Box(0, 0, 150, 300), Box(700, 0, 50, 300)
    assert cl.layout_labels(requests, left, right, MONO, 3, 20) is None


def test_key_group_split_repeats_its_heading() -> None:
    entries = [KeyEntry("heading", "A")] + [KeyEntry("row", "A", i) for i in range(7)]
    entries += [KeyEntry("heading", "B"), KeyEntry("row", "B", 0)]
    places, rest = cl.flow_key(entries, 3, 50.0, lambda e, cont: 10.0)
    assert rest == []
    columns: dict[int, list[cl.KeyPlace]] = {}
    for p in places:
        columns.setdefault(p.column, []).append(p)
    for col in columns.values():
        assert col[0].entry.kind == "heading", col[0]  # no column opens with a bare row
        assert max(p.y + p.h for p in col) <= 50.0
    assert [p.continued for p in columns[1]][:1] == [True]
    assert columns[1][0].entry.group == "A"
    rows = [p.entry.data for p in places if p.entry.kind == "row" and p.entry.group == "A"]
    assert rows == list(range(7))  # every row once, in order


def test_key_keeps_a_heading_with_its_first_row() -> None:
    entries = [KeyEntry("row", "A", 0)] * 4 + [KeyEntry("heading", "B"), KeyEntry("row", "B", 1)]
    places, _ = cl.flow_key(entries, 2, 50.0, lambda e, cont: 10.0)
    head = next(p for p in places if p.entry.kind == "heading" and p.entry.group == "B")
    row = next(p for p in places if p.entry.data == 1)
    assert head.column == row.column == 1  # not a heading alone at a column's foot


def test_poster_tiles() -> None:
    """An A2 poster (1191 x 1684 pt) on A4 landscape sheets with 10 mm margins and a
    10 mm overlap: 2 x 4 tiles, neighbours sharing exactly the overlap, all of the
    poster covered."""
    tiles = cl.plan_tiles(1191, 1684, 842 - 56.7, 595 - 56.7, 28.35)
    assert (tiles[0].rows, tiles[0].cols, len(tiles)) == (4, 2, 8)
    a, b = tiles[0].window, tiles[1].window
    assert abs(a.right - b.x - 28.35) < 1e-6
    assert min(t.window.x for t in tiles) <= 0 and max(t.window.right for t in tiles) >= 1191
    assert min(t.window.y for t in tiles) <= 0 and max(t.window.bottom for t in tiles) >= 1684
    assert [t.index for t in tiles] == list(range(8))
