"""Geometry checks and derived data: tiling, mirroring, neighbours, label points.

Shapely is the truth for "which zone is here": the Qt map draws the same polygons and the
tests check that a click at a zone's label point lands on that zone.
"""

from __future__ import annotations

from collections.abc import Callable

from shapely import STRtree, affinity, is_valid_reason
from shapely.geometry import Point, Polygon
from shapely.ops import polylabel, unary_union

AREA_TOLERANCE = 1.0  # mm²: overlaps, overhangs and gaps smaller than this are noise
NEIGHBOUR_MIN_EDGE = 1.5  # mm of shared boundary for two zones to count as neighbours


def mirror(geom: Polygon) -> Polygon:
    """The mirror image about the view's centre line x = 0."""
    return affinity.scale(geom, xfact=-1.0, yfact=1.0, origin=(0.0, 0.0))


def check_polygon(poly: Polygon) -> str | None:
    if not poly.is_valid:
        return f"invalid polygon: {is_valid_reason(poly)}"
    if poly.area < AREA_TOLERANCE:
        return f"polygon is too small ({poly.area:.2f} mm²)"
    return None


def check_foot(
    outline: Polygon,
    zones: dict[str, Polygon],
    report: Callable[[str | None, str], None],
) -> None:
    """Zones must lie inside the outline, not overlap, and tile it.

    `report(key, message)` receives each problem; key None means the foot as a whole.
    Invalid polygons are skipped here: the loader reports them when it builds the zone.
    """
    valid: dict[str, Polygon] = {}
    for key, poly in zones.items():
        if check_polygon(poly):
            continue
        outside = poly.difference(outline).area
        if outside > AREA_TOLERANCE:
            c = poly.difference(outline).representative_point()
            report(
                key,
                f"zone lies outside its outline by {outside:.1f} mm² "
                f"(near x={c.x:.0f}, y={c.y:.0f} mm)",
            )
        valid[key] = poly
    keys = list(valid)
    tree = STRtree([valid[k] for k in keys])
    for i, key in enumerate(keys):
        for j in tree.query(valid[key]):
            if j <= i:
                continue
            shared = valid[key].intersection(valid[keys[j]]).area
            if shared > AREA_TOLERANCE:
                report(key, f"zone overlaps zone {keys[j]!r} by {shared:.1f} mm²")
    if valid:
        uncovered = outline.difference(unary_union(list(valid.values())))
        if uncovered.area > AREA_TOLERANCE:
            c = uncovered.representative_point()
            report(
                None,
                f"zones leave {uncovered.area:.1f} mm² of the outline uncovered "
                f"(near x={c.x:.0f}, y={c.y:.0f} mm)",
            )


def check_mirrored(left: Polygon, right: Polygon) -> str | None:
    diff = mirror(left).symmetric_difference(right).area
    if diff > AREA_TOLERANCE * 10:
        return f"the right outline is not the mirror image of the left ({diff:.1f} mm² differ)"
    return None


def label_point(poly: Polygon) -> Point:
    """The point inside the zone farthest from its edges: where its label goes."""
    return polylabel(poly, tolerance=0.2)


def neighbours(polys: dict[str, Polygon]) -> dict[str, tuple[str, ...]]:
    """Zones that share a stretch of boundary (not just a corner)."""
    keys = list(polys)
    tree = STRtree([polys[k].buffer(0.05) for k in keys])
    result: dict[str, list[str]] = {k: [] for k in keys}
    for i, key in enumerate(keys):
        edge = polys[key].boundary
        for j in tree.query(polys[key].buffer(0.05)):
            if j == i:
                continue
            other = keys[j]
            if edge.intersection(polys[other].buffer(0.05)).length >= NEIGHBOUR_MIN_EDGE:
                result[key].append(other)
    return {k: tuple(v) for k, v in result.items()}
