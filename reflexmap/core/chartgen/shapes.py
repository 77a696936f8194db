"""Small geometric building blocks for constructing charts.

Charts are built as *partitions*: every zone is carved out of what is left of its parent,
so the zones of a foot tile its outline by construction; the loader still checks it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from shapely import affinity, make_valid
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, unary_union

BIG = 10_000.0

Pt = tuple[float, float]


def chaikin(points: Sequence[Pt], rounds: int = 4, closed: bool = True) -> list[Pt]:
    """Corner-cutting smoothing: turns a coarse control polygon into a smooth outline."""
    pts = list(points)
    for _ in range(rounds):
        out: list[Pt] = []
        n = len(pts)
        last = n if closed else n - 1
        if not closed:
            out.append(pts[0])
        for i in range(last):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        if not closed:
            out.append(pts[-1])
        pts = out
    return pts


def ellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0) -> Polygon:
    """An ellipse as a polygon (64 segments), rotated by `angle` degrees about its centre."""
    shape = affinity.scale(Point(cx, cy).buffer(1.0, quad_segs=16), rx, ry)
    return affinity.rotate(shape, angle, origin=(cx, cy)) if angle else shape


def capsule(p0: Pt, p1: Pt, width: float) -> Polygon:
    """A stroke of the given width between two points, with round ends."""
    return LineString([p0, p1]).buffer(width / 2.0, quad_segs=8)


def above(line: Sequence[Pt]) -> Polygon:
    """The half-plane above a polyline running left to right (extended to +-BIG)."""
    pts = sorted(line)
    (_, y0), (_, y1) = pts[0], pts[-1]
    return Polygon([(-BIG, y0), *pts, (BIG, y1), (BIG, BIG), (-BIG, BIG)])


def below(line: Sequence[Pt]) -> Polygon:
    pts = sorted(line)
    (_, y0), (_, y1) = pts[0], pts[-1]
    return Polygon([(-BIG, y0), *pts, (BIG, y1), (BIG, -BIG), (-BIG, -BIG)])


def band(lower: Sequence[Pt], upper: Sequence[Pt]) -> BaseGeometry:
    return above(lower).intersection(below(upper))


def x_less(x: float) -> Polygon:
    return Polygon([(-BIG, -BIG), (x, -BIG), (x, BIG), (-BIG, BIG)])


def x_more(x: float) -> Polygon:
    return Polygon([(x, -BIG), (BIG, -BIG), (BIG, BIG), (x, BIG)])


def hline(y: float) -> list[Pt]:
    return [(-BIG, y), (BIG, y)]


def slanted(x0: float, y0: float, x1: float, y1: float) -> list[Pt]:
    """A straight guideline through two points, extended across the whole frame."""
    slope = (y1 - y0) / (x1 - x0)
    return [(-BIG, y0 + slope * (-BIG - x0)), (BIG, y0 + slope * (BIG - x0))]


def shifted(line: Sequence[Pt], dy: float) -> list[Pt]:
    return [(x, y + dy) for x, y in line]


def mirror_x(geom: BaseGeometry) -> BaseGeometry:
    """Mirror about the vertical axis x = 0 (left foot <-> right foot)."""
    return affinity.scale(geom, xfact=-1.0, yfact=1.0, origin=(0.0, 0.0))


def union(geoms: Iterable[BaseGeometry]) -> BaseGeometry:
    return unary_union(list(geoms))


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Drop the lines and points an intersection can leave; keep the area."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return unary_union(parts) if parts else Polygon()


def simplified(poly: Polygon, tolerance: float = 0.05) -> Polygon:
    """`poly.simplify(tolerance)`, kept a Polygon (Shapely types the result as any geometry)."""
    out = poly.simplify(tolerance)
    assert isinstance(out, Polygon)
    return out


def largest_polygon(geom: BaseGeometry) -> Polygon:
    if isinstance(geom, Polygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    if not parts:
        raise ValueError(f"expected a polygon, got {geom.geom_type}")
    return max(parts, key=lambda g: g.area)


class Carver:
    """Carves named zones out of a region; what is left at the end is the last zone.

    Each `take` removes its piece from the remaining region, so pieces never overlap and
    together cover the region exactly.
    """

    def __init__(self, region: BaseGeometry, min_sliver: float = 0.5) -> None:
        self.rest = region
        self.pieces: dict[str, BaseGeometry] = {}
        self.min_sliver = min_sliver

    def take(self, key: str, shape: BaseGeometry) -> BaseGeometry:
        piece = polygonal(self.rest.intersection(shape))
        self.rest = polygonal(self.rest.difference(shape))
        self.pieces[key] = piece
        return piece

    def rest_as(self, key: str) -> BaseGeometry:
        self.pieces[key] = polygonal(self.rest)
        self.rest = Polygon()
        return self.pieces[key]


def edge_strip(
    region: BaseGeometry, width: float, dx: float = 0.0, dy: float = 0.0
) -> BaseGeometry:
    """Points of `region` within `width` mm of its edge on one side.

    (dx, dy) is the unit direction pointing *out* of that edge: (1, 0) for the +x edge,
    (0, -1) for the bottom edge. A point is in the strip when stepping `width` mm inwards
    from it leaves the region.
    """
    return region.difference(affinity.translate(region, xoff=-dx * width, yoff=-dy * width))


ANKLE_STRIP_WIDTH = 14.0  # the Achilles strip and the front-of-ankle strip, mm


def malleolus(
    cx: float, cy: float, rx: float, ry: float, taper: float = 0.0, tilt: float = 0.0
) -> Polygon:
    """An ankle bone as seen from the side: an ellipse around (cx, cy) that narrows towards
    its lower end by `taper` (0 = an ellipse; 0.3 = the tip 30 % narrower, as the outer
    ankle bone, the end of the fibula, looks), turned by `tilt` degrees."""

    def squeeze(x: float, y: float) -> tuple[float, float]:
        k = 1.0 - taper * max(0.0, cy - y) / ry
        return cx + (x - cx) * k, y

    shape = Polygon([squeeze(x, y) for x, y in ellipse(cx, cy, rx, ry).exterior.coords])
    return affinity.rotate(shape, tilt, origin=(cx, cy)) if tilt else shape


def take_ankle(
    rest: Carver,
    outline: BaseGeometry,
    bone_key: str,
    bone: BaseGeometry,
    front_until: float,
    achilles_top: float,
    front_top: float,
) -> None:
    """The ankle block of a side view (inner or outer), carved from `rest` in this order:
    the Achilles tendon strip along the back edge from 50 mm up to `achilles_top` (where
    the calf muscle takes over), the ankle bone (`bone`), the strip along the front of the
    ankle from 84 mm up to `front_top` and back to x = `front_until`, and the lower leg
    above 112 mm."""
    rest.take(
        "achilles",
        edge_strip(outline, ANKLE_STRIP_WIDTH, dx=-1.0).intersection(
            band(hline(50.0), hline(achilles_top))
        ),
    )
    rest.take(bone_key, bone)
    rest.take(
        "ankle_front",
        edge_strip(outline, ANKLE_STRIP_WIDTH, dx=1.0)
        .intersection(band(hline(84.0), hline(front_top)))
        .intersection(x_less(front_until)),
    )
    rest.take("lower_leg", above(hline(112.0)))


def merge_slivers(pieces: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Give stray fragments of a piece to the neighbour that shares most of its edge."""
    fixed = {k: g if g.is_valid else polygonal(make_valid(g)) for k, g in pieces.items()}
    for key, geom in list(fixed.items()):
        parts = list(getattr(geom, "geoms", [geom]))
        parts = [p for p in parts if isinstance(p, Polygon) and p.area > 0]
        if len(parts) <= 1:
            continue
        parts.sort(key=lambda p: p.area, reverse=True)
        fixed[key] = parts[0]
        for frag in parts[1:]:
            best = max(
                (k for k in fixed if k != key),
                key=lambda k: fixed[k].intersection(frag.buffer(0.01)).area,
            )
            fixed[best] = union([fixed[best], frag])
    return fixed


def tidy(geom: BaseGeometry, eps: float = 0.05) -> BaseGeometry:
    """Remove hair-thin spikes that two nearly touching cuts can leave on a piece (they
    break once coordinates are rounded); the area lost is far below the tiling tolerance."""
    opened = geom.buffer(-eps, join_style="mitre").buffer(eps, join_style="mitre")
    return largest_polygon(polygonal(opened)) if not opened.is_empty else geom


def place(geom: BaseGeometry, foot: str, offset: float, flip: bool = False) -> BaseGeometry:
    """Move a shape built in the left foot's own frame into a view.

    `flip` first mirrors the shape about its own axis (x = 0), for views where the left
    foot faces the other way; the left foot is then moved to x < 0 by `offset`, and the
    right foot is the mirror image of the placed left foot.
    """
    if flip:
        geom = mirror_x(geom)
    placed = affinity.translate(geom, xoff=-offset)
    return mirror_x(placed) if foot == "right" else placed


def build_view(
    outline: Polygon,
    zones_of: Callable[[str], dict[str, BaseGeometry]],
    motions: Sequence[tuple[str, LineString, bool]],
    offset: float,
    flip: bool = False,
) -> dict[str, object]:
    """Outlines, zones and motion lines of both feet (or legs) in a view's frame."""
    outlines = {foot: place(outline, foot, offset, flip) for foot in ("left", "right")}
    zones = {
        foot: {key: place(tidy(g), foot, offset, flip) for key, g in zones_of(foot).items()}
        for foot in ("left", "right")
    }
    lines = [
        (technique, foot, place(line, foot, offset, flip), circular)
        for foot in ("left", "right")
        for technique, line, circular in motions
    ]
    return {"outlines": outlines, "zones": zones, "motions": lines}


# ---- motion paths: the directions drawn for a technique -----------------------------------


def arc(cx: float, cy: float, r: float, start: float, end: float, step: float = 10.0) -> LineString:
    """Part of a circle from angle `start` to `end` (degrees, anticlockwise if end > start)."""
    n = max(2, int(abs(end - start) / step) + 1)
    angles = [math.radians(start + (end - start) * i / (n - 1)) for i in range(n)]
    return LineString([(cx + r * math.cos(a), cy + r * math.sin(a)) for a in angles])


def circle_path(cx: float, cy: float, r: float, turns: float = 1.0) -> LineString:
    """A closed circle (or `turns` of one), starting and ending at its +x point."""
    n = int(24 * turns)
    return LineString(
        [
            (
                cx + r * math.cos(2 * math.pi * turns * i / n),
                cy + r * math.sin(2 * math.pi * turns * i / n),
            )
            for i in range(n + 1)
        ]
    )


def rows(x_from: float, x_to: float, ys: Sequence[float]) -> LineString:
    """Rows across an area, one below the other, each row going the other way (the
    working hand changes for the way back)."""
    pts: list[Pt] = []
    for i, y in enumerate(ys):
        a, b = (x_from, x_to) if i % 2 == 0 else (x_to, x_from)
        pts += [(a, y), (b, y)]
    return LineString(pts)


def edge_path(outline: Polygon, inset: float, keep: BaseGeometry, start: Pt) -> LineString:
    """A walk along one edge of an outline, `inset` mm inside it: the longest stretch of
    the inset outline inside `keep`, running from its end nearest `start`."""
    ring = outline.buffer(-inset, quad_segs=8).exterior
    part = ring.intersection(keep)
    if not isinstance(part, LineString):
        part = linemerge(part) if isinstance(part, MultiLineString) else part
    pieces = [g for g in getattr(part, "geoms", [part]) if isinstance(g, LineString)]
    line = max(pieces, key=lambda g: g.length)
    coords = list(line.simplify(0.25).coords)
    if Point(start).distance(Point(coords[0])) > Point(start).distance(Point(coords[-1])):
        coords.reverse()
    return LineString(coords)
