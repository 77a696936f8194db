"""Where a printed chart puts its words: zone names beside the feet with leader lines, the
key's columns, a poster's tiles.

Pure geometry in plain numbers (page units, y pointing down, as a printed page is laid
out); no Qt. Text is measured by a function the caller injects (`Metrics.width`), so the
same layout serves any font, paper or front end, and the tests can run it with a fake
font. The chart page (reflexmap/qt/printing/chart_page.py) is one user; a pack's views
and any new page (a progress sheet) get the same labels by handing in their anchors.

Names (`layout_labels`): each side of the drawing has a column; a side's labels are
stacked in it in the order of their anchors from top to bottom, each as near to its
anchor's height as the others allow (isotonic regression: the least squared distance
with no overlap), and a leader runs from the label's inner edge, a short level stub,
then straight to the anchor. Leaders that would cross swap their labels' places until
none do; a side that cannot be laid out without crossings or within its column is
refused (None), and the caller tries a smaller drawing or smaller text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box, slack: float = 0.0) -> bool:
        """True if the two boxes share area (touching edges do not count)."""
        return (
            self.x < other.right - slack
            and other.x < self.right - slack
            and self.y < other.bottom - slack
            and other.y < self.bottom - slack
        )

    def contains(self, p: Point) -> bool:
        return self.x <= p[0] <= self.right and self.y <= p[1] <= self.bottom


@dataclass(frozen=True)
class Metrics:
    """How the caller's font measures: `width(text)` in page units, one line's height."""

    width: Callable[[str], float]
    line_height: float


@dataclass(frozen=True)
class LabelRequest:
    key: str  # the zone id: one label per key
    text: str
    anchor: Point  # a point inside the zone, in page units
    side: str  # "left" | "right": the column the label goes in


@dataclass(frozen=True)
class PlacedLabel:
    key: str
    text: str
    lines: tuple[str, ...]
    box: Box
    leader: tuple[Point, ...]  # from the label's edge to the anchor
    side: str


def wrap(text: str, max_width: float, width: Callable[[str], float]) -> list[str] | None:
    """Greedy word wrap; None when one word alone is wider than `max_width`."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if width(trial) <= max_width:
            line = trial
            continue
        if not line or width(word) > max_width:
            return None
        lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def _isotonic(targets: Sequence[float]) -> list[float]:
    """The non-decreasing sequence nearest `targets` in squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [sum, count]
    for t in targets:
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out.extend([s / c] * int(c))
    return out


def stack(
    heights: Sequence[float], wants: Sequence[float], top: float, bottom: float, gap: float
) -> list[float] | None:
    """Tops of boxes stacked in this order between `top` and `bottom`, `gap` apart, each
    box's middle as near to its `wants` as the others allow; None if they do not fit."""
    offsets, c = [], 0.0
    for h in heights:
        offsets.append(c)
        c += h + gap
    if not heights:
        return []
    hi = bottom - offsets[-1] - heights[-1]
    if hi < top - 1e-9:
        return None
    shifted = _isotonic([w - h / 2 - o for w, h, o in zip(wants, heights, offsets, strict=True)])
    return [min(max(s, top), hi) + o for s, o in zip(shifted, offsets, strict=True)]


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """True if segment ab and segment cd share a point (touching counts)."""
    d1, d2 = _orient(c, d, a), _orient(c, d, b)
    d3, d4 = _orient(a, b, c), _orient(a, b, d)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True

    def on(p: Point, q: Point, r: Point) -> bool:  # r on segment pq, given collinear
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(
            p[1], q[1]
        )

    eps = 1e-9
    return (
        (abs(d1) < eps and on(c, d, a))
        or (abs(d2) < eps and on(c, d, b))
        or (abs(d3) < eps and on(a, b, c))
        or (abs(d4) < eps and on(a, b, d))
    )


def polylines_cross(p: Sequence[Point], q: Sequence[Point]) -> bool:
    for i in range(len(p) - 1):
        a, b = p[i], p[i + 1]
        for j in range(len(q) - 1):
            c, d = q[j], q[j + 1]
            if (
                max(a[0], b[0]) < min(c[0], d[0])
                or max(c[0], d[0]) < min(a[0], b[0])
                or max(a[1], b[1]) < min(c[1], d[1])
                or max(c[1], d[1]) < min(a[1], b[1])
            ):
                continue
            if segments_cross(a, b, c, d):
                return True
    return False


def segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """True if segment ab passes through the inside of `box` (clipped, Liang-Barsky)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box.x),
        (dx, box.right - a[0]),
        (-dy, a[1] - box.y),
        (dy, box.bottom - a[1]),
    ):
        if abs(p) < 1e-12:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def _place_side(
    requests: Sequence[LabelRequest],
    column: Box,
    side: str,
    metrics: Metrics,
    gap: float,
    stub: float,
) -> list[PlacedLabel] | None:
    if not requests:
        return []
    wrapped: list[tuple[LabelRequest, list[str], float, float]] = []
    for r in requests:
        lines = wrap(r.text, column.w, metrics.width)
        if lines is None:
            return None
        w = max(metrics.width(line) for line in lines)
        wrapped.append((r, lines, w, len(lines) * metrics.line_height))
    order = sorted(range(len(wrapped)), key=lambda i: (wrapped[i][0].anchor[1], wrapped[i][0].key))
    edge = column.right if side == "left" else column.x
    elbow_x = edge + stub if side == "left" else edge - stub
    placed: list[PlacedLabel] = []
    # each swap undoes one crossing; a side still crossing after this many is refused
    for _ in range(8 * len(order) + 1):
        tops = stack(
            [wrapped[i][3] for i in order],
            [wrapped[i][0].anchor[1] for i in order],
            column.y,
            column.bottom,
            gap,
        )
        if tops is None:
            return None
        placed = []
        for i, top in zip(order, tops, strict=True):
            r, lines, w, h = wrapped[i]
            x = edge - w if side == "left" else edge
            mid = top + h / 2
            placed.append(
                PlacedLabel(
                    r.key,
                    r.text,
                    tuple(lines),
                    Box(x, top, w, h),
                    ((edge, mid), (elbow_x, mid), r.anchor),
                    side,
                )
            )
        # neighbours in the stack cross most often: swap those in one pass, then look
        # at every pair only when no neighbours cross
        swapped = False
        for k in range(len(placed) - 1):
            if polylines_cross(placed[k].leader, placed[k + 1].leader):
                order[k], order[k + 1] = order[k + 1], order[k]
                swapped = True
        if swapped:
            continue
        crossing = _first_crossing(placed)
        if crossing is None:
            return placed
        a, b = crossing
        order[a], order[b] = order[b], order[a]
    return None


def _first_crossing(placed: Sequence[PlacedLabel]) -> tuple[int, int] | None:
    # boxes round each leader first: most pairs are told apart without any arithmetic
    spans = [
        (
            min(p[0] for p in label.leader),
            max(p[0] for p in label.leader),
            min(p[1] for p in label.leader),
            max(p[1] for p in label.leader),
        )
        for label in placed
    ]
    for i in range(len(placed)):
        a = spans[i]
        for j in range(i + 1, len(placed)):
            b = spans[j]
            if a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2]:
                continue
            if polylines_cross(placed[i].leader, placed[j].leader):
                return i, j
    return None


def layout_labels(
    requests: Sequence[LabelRequest],
    left: Box,
    right: Box,
    metrics: Metrics,
    gap: float,
    stub: float,
) -> list[PlacedLabel] | None:
    """Every request placed in its side's column (`left`, `right`), or None if a side's
    names do not fit there at this size without crossing leaders. The columns must lie
    outside the drawing, at least `stub` from it: leaders start with a level stub that
    long, so a label's leader never runs through another label."""
    out: list[PlacedLabel] = []
    for side, column in (("left", left), ("right", right)):
        part = _place_side(
            [r for r in requests if r.side == side], column, side, metrics, gap, stub
        )
        if part is None:
            return None
        out.extend(part)
    return out


def label_problems(labels: Sequence[PlacedLabel], keep_out: Sequence[Box] = ()) -> list[str]:
    """What is wrong with a layout, in words (empty when nothing): overlapping labels, a
    label over a kept-out box, crossing leaders, a leader through another label."""
    problems: list[str] = []
    for i, a in enumerate(labels):
        for box in keep_out:
            if a.box.overlaps(box):
                problems.append(f"{a.key}: label over {box}")
        for b in labels[i + 1 :]:
            if a.box.overlaps(b.box):
                problems.append(f"{a.key} and {b.key}: labels overlap")
            if polylines_cross(a.leader, b.leader):
                problems.append(f"{a.key} and {b.key}: leaders cross")
        for b in labels:
            if b is not a and any(
                segment_hits_box(a.leader[k], a.leader[k + 1], b.box)
                for k in range(len(a.leader) - 1)
            ):
                problems.append(f"{a.key}: leader through the label of {b.key}")
    return problems


# ---- the key's columns ------------------------------------------------------------------
@dataclass(frozen=True)
class KeyEntry:
    """One line of a key: a group's heading, or a row of a group."""

    kind: str  # "heading" | "row" | "note"
    group: str
    data: object = None


@dataclass(frozen=True)
class KeyPlace:
    entry: KeyEntry
    column: int
    y: float  # from the column's top
    h: float
    continued: bool = False  # a heading repeated at the top of a column


def flow_key(
    entries: Sequence[KeyEntry],
    ncols: int,
    height: float,
    measure: Callable[[KeyEntry, bool], float],
) -> tuple[list[KeyPlace], list[KeyEntry]]:
    """Fill `ncols` columns of `height` top to bottom. A heading stays with its first row;
    a group that goes on in the next column starts it with its heading again, marked
    continued. Returns the places and what did not fit."""
    places: list[KeyPlace] = []
    col, y, i = 0, 0.0, 0
    while i < len(entries):
        e = entries[i]
        h = measure(e, False)
        need = h
        if e.kind == "heading" and i + 1 < len(entries) and entries[i + 1].kind == "row":
            need += measure(entries[i + 1], False)
        if y + need > height + 1e-6 and y > 0:
            col, y = col + 1, 0.0
            if col >= ncols:
                break
            if e.kind == "row":  # the group goes on here: its heading again
                head = KeyEntry("heading", e.group)
                hh = measure(head, True)
                if hh + h > height + 1e-6:
                    break
                places.append(KeyPlace(head, col, 0.0, hh, continued=True))
                y = hh
            continue
        if y + need > height + 1e-6:  # does not fit even in an empty column
            break
        places.append(KeyPlace(e, col, y, h))
        y += h
        i += 1
    return places, list(entries[i:])


# ---- posters ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Tile:
    index: int  # 0-based, row by row
    row: int
    col: int
    rows: int
    cols: int
    window: Box  # the part of the poster this sheet prints, in poster units


def plan_tiles(
    poster_w: float, poster_h: float, inner_w: float, inner_h: float, overlap: float
) -> list[Tile]:
    """The sheets a poster is printed on: each prints `inner_w` x `inner_h` of it, and
    neighbours share `overlap` (glued under the next sheet). The grid is centred on the
    poster, so the spare paper is shared by the outer sheets."""
    if inner_w <= overlap or inner_h <= overlap:
        raise ValueError("a tile's printable area must be larger than its overlap")
    step_x, step_y = inner_w - overlap, inner_h - overlap
    cols = max(1, math.ceil((poster_w - overlap) / step_x - 1e-9))
    rows = max(1, math.ceil((poster_h - overlap) / step_y - 1e-9))
    x0 = (poster_w - (cols * step_x + overlap)) / 2
    y0 = (poster_h - (rows * step_y + overlap)) / 2
    return [
        Tile(
            r * cols + c, r, c, rows, cols, Box(x0 + c * step_x, y0 + r * step_y, inner_w, inner_h)
        )
        for r in range(rows)
        for c in range(cols)
    ]
