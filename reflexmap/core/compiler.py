"""Validated content (Pydantic models, Shapely geometry) -> the plain records the app runs on.

Called by the loader once every check has passed; the geometry the window needs is
worked out here, once, so the window never imports Shapely: outline rings, each zone's
label point (polylabel) and the room around it, its area and bounds, its neighbours.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, TypeVar, cast

from shapely.geometry import LineString, Polygon

from reflexmap.core import geometry, models, record_json, records

ROUND = 4  # decimals kept of a coordinate (0.1 µm): the charts are drawn in mm


R = TypeVar("R", bound=Hashable)


def _ring(coords: Iterable[tuple[float, ...]]) -> records.Ring:
    return tuple(round(float(v), ROUND) for pt in coords for v in pt[:2])


def shape(poly: Polygon) -> records.Shape:
    rings = tuple(_ring(r.coords) for r in (poly.exterior, *poly.interiors))
    minx, miny, maxx, maxy = poly.bounds
    return records.Shape(
        rings=rings,
        bounds=(float(minx), float(miny), float(maxx), float(maxy)),
        area=float(poly.area),
    )


def _plain(cls: type[R], model: Any, **extra: Any) -> R:
    """The record `cls` with the model's fields of the same names (nested claims and steps
    converted too), plus `extra`."""
    names, _ = record_json.field_names(cls)
    values: dict[str, Any] = {}
    for name in names - extra.keys():
        value = getattr(model, name)
        if isinstance(value, tuple) and value and isinstance(value[0], models.Claim):
            value = tuple(_plain(records.Claim, c) for c in value)
        elif isinstance(value, tuple) and value and isinstance(value[0], models.Step):
            value = tuple(_plain(records.Step, s) for s in value)
        elif isinstance(value, tuple) and value and isinstance(value[0], models.ZoneCaution):
            value = tuple(_plain(records.ZoneCaution, c) for c in value)
        values[name] = value
    return cls(**values, **extra)


def zones(found: list[models.Zone]) -> tuple[records.Zone, ...]:
    near: dict[str, tuple[str, ...]] = {}
    groups: dict[tuple[str, str], dict[str, Polygon]] = {}
    for z in found:
        groups.setdefault((z.view, z.foot), {})[z.id] = z.polygon
    for polys in groups.values():
        near.update(geometry.neighbours(polys))
    out = []
    for z in found:
        poly = z.polygon
        pt = geometry.label_point(poly)
        room = min(ring.distance(pt) for ring in (poly.exterior, *poly.interiors))
        out.append(
            _plain(
                records.Zone,
                z,
                shape=shape(poly),
                label=records.Point(x=round(pt.x, ROUND), y=round(pt.y, ROUND)),
                room=float(room),
                neighbours=near.get(z.id, ()),
            )
        )
    return tuple(out)


def motion(m: models.Motion) -> records.Motion:
    line: LineString = m.line
    return _plain(records.Motion, m, points=_ring(line.coords))


def content(
    *,
    sources: dict[str, models.Source],
    body_areas: dict[str, models.BodyArea],
    views: dict[str, models.View],
    zones_: list[models.Zone],
    outlines: dict[tuple[str, str], Polygon],  # (view, foot): geojson.parse_chart checked the foot
    techniques: dict[str, models.Technique],
    sequences: dict[str, models.Sequence],
    safety: dict[str, models.SafetyRule],
    notes: dict[str, models.Note],
    motions: list[models.Motion],
    regions: dict[str, models.Region],
    synonyms: Iterable[models.Synonym],
    body_parts: dict[str, models.BodyPart],
) -> records.Content:
    """Everything, as records, in content order."""

    def each(cls: type, items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(_plain(cls, item) for item in items)

    return records.Content(
        sources=each(records.Source, sources.values()),
        body_areas=each(records.BodyArea, body_areas.values()),
        views=each(records.View, views.values()),
        zones=zones(zones_),
        outlines=tuple(
            records.Outline(view=v, foot=cast(records.Foot, f), shape=shape(poly))
            for (v, f), poly in outlines.items()
        ),
        techniques=each(records.Technique, techniques.values()),
        sequences=each(records.Sequence, sequences.values()),
        safety=each(records.SafetyRule, safety.values()),
        notes=each(records.Note, notes.values()),
        motions=tuple(motion(m) for m in motions),
        regions=each(records.Region, regions.values()),
        synonyms=each(records.Synonym, synonyms),
        body_parts=each(records.BodyPart, body_parts.values()),
    )
