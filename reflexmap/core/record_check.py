"""What the window relies on, checked on records decoded from a snapshot.

`record_json.decode` checks that every value has its field's type; this checks what the
loader would have guaranteed about the content as a whole: rings the even-odd test and
the painter can walk, references that resolve, ids that are unique, the loader's length
and count limits (`limits.py`), durations and numbers in range, no control characters.
A snapshot that fails is a cache miss (the pack is validated again), never half-used:
a ring of 3 numbers was an IndexError in `shot`, a claim naming an unknown body area a
KeyError in `zones`, a zone of an unknown view a ValueError in `routine`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from reflexmap.core import limits, records

MAX_FEATURE_NUMBERS = 2 * limits.MAX_FEATURE_COORDS  # x and y
SLACK = 0.01  # mm: rings are rounded to 0.1 µm, bounds are the exact polygon's


class Unfit(ValueError):
    """The snapshot's content is not what a validation could have produced."""


def _fail(where: str, message: str) -> None:
    raise Unfit(f"{where}: {message}")


def _unique(items: Iterable[Any], what: str, longest: int = limits.MAX_ID) -> dict[str, Any]:
    out: dict[str, Any] = {}
    attr = "id"
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if not (0 < len(key) <= longest and limits.ID_RE.fullmatch(key)):
            _fail(f"{what}[{i}].{attr}", f"{key[:60]!r} is not an id")
        if key in out:
            _fail(f"{what}[{i}].{attr}", f"duplicate {key!r}")
        out[key] = item
    return out


def _refs(ids: Iterable[str], known: Any, where: str, what: str) -> None:
    for ref in ids:
        if ref not in known:
            _fail(where, f"unknown {what} {ref[:60]!r}")


def _ring(ring: tuple[float, ...], where: str, closed: bool) -> None:
    n = len(ring)
    least = 8 if closed else 4  # a closed ring: 3 corners and the first again
    if n % 2 or n < least or n > MAX_FEATURE_NUMBERS:
        _fail(where, f"{n} numbers; expected an even count from {least} to {MAX_FEATURE_NUMBERS}")
    if closed and (ring[0], ring[1]) != (ring[-2], ring[-1]):
        _fail(where, "the ring is not closed")
    if max(map(abs, ring)) > limits.MAX_MM:
        _fail(where, f"a coordinate farther than {limits.MAX_MM:.0f} mm")


def _shape(shape: records.Shape, where: str) -> None:
    if not shape.rings:
        _fail(f"{where}.rings", "no ring")
    for k, ring in enumerate(shape.rings):
        _ring(ring, f"{where}.rings[{k}]", closed=True)
    minx, miny, maxx, maxy = shape.bounds
    outer = shape.rings[0]
    xs, ys = outer[0::2], outer[1::2]
    extent = (min(xs), min(ys), max(xs), max(ys))
    if any(abs(a - b) > SLACK for a, b in zip(shape.bounds, extent, strict=True)):
        _fail(f"{where}.bounds", "not the bounds of the outer ring")
    if not (0 <= shape.area <= (maxx - minx) * (maxy - miny) + 1e-6):
        _fail(f"{where}.area", "not an area of the shape")


def _claims(claims: tuple[records.Claim, ...], areas: Any, sources: Any, where: str) -> None:
    for k, claim in enumerate(claims):
        _refs([claim.body_area], areas, f"{where}.claims[{k}]", "body area")
        _refs(claim.sources, sources, f"{where}.claims[{k}]", "source")


def _seconds(value: int | None, where: str) -> None:
    if value is not None and not (0 < value <= limits.MAX_SECONDS):
        _fail(where, f"{value} is not a duration from 1 to {limits.MAX_SECONDS} seconds")


def check(content: records.Content) -> None:
    """Unfit (a ValueError) naming the first place the window could not rely on."""
    entries = sum(
        len(getattr(content, name))
        for name in records.Content.__slots__
        if name not in ("outlines", "motions")  # drawn in the charts, bounded by their size
    )
    if entries > 2 * limits.MAX_ITEMS:  # zones are drawn per foot: two records per entry
        _fail("$", f"{entries} entries; a pack holds at most {limits.MAX_ITEMS}")
    sources = _unique(content.sources, "sources")
    areas = _unique(content.body_areas, "body_areas")
    views = _unique(content.views, "views")
    zones = _unique(content.zones, "zones", 3 * limits.MAX_ID)  # foot.view.key
    techniques = _unique(content.techniques, "techniques")
    sequences = _unique(content.sequences, "sequences")
    rules = _unique(content.safety, "safety")
    notes = _unique(content.notes, "notes")
    _unique(content.regions, "regions")
    for i, view in enumerate(content.views):
        chart = PurePosixPath(view.chart)
        if chart.is_absolute() or ".." in chart.parts or "\\" in view.chart:
            _fail(f"views[{i}].chart", "not a relative path inside the pack")
        if abs(view.order) > limits.MAX_ORDER:
            _fail(f"views[{i}].order", "out of range")
    regions: set[str] = set()
    for i, z in enumerate(content.zones):
        where = f"zones[{i}]"
        _refs([z.view], views, where, "view")
        if z.id != f"{z.foot}.{z.view}.{z.key}":
            _fail(f"{where}.id", "not foot.view.key")
        if not (0 < z.number <= limits.MAX_NUMBER):
            _fail(f"{where}.number", "out of range")
        if len(z.short) > 6:
            _fail(f"{where}.short", "longer than 6 characters")
        _shape(z.shape, f"{where}.shape")
        minx, miny, maxx, maxy = z.shape.bounds
        if not (
            minx - SLACK <= z.label.x <= maxx + SLACK and miny - SLACK <= z.label.y <= maxy + SLACK
        ):
            _fail(f"{where}.label", "outside the zone's bounds")
        if not (0 <= z.room <= max(maxx - minx, maxy - miny)):
            _fail(f"{where}.room", "out of range")
        for n in z.neighbours:
            other = zones.get(n)
            if other is None or (other.view, other.foot) != (z.view, z.foot) or n == z.id:
                _fail(f"{where}.neighbours", f"{n[:60]!r} is not a zone beside it")
        _claims(z.claims, areas, sources, where)
        regions.update(z.regions)
    for i, o in enumerate(content.outlines):
        _refs([o.view], views, f"outlines[{i}]", "view")
        _shape(o.shape, f"outlines[{i}].shape")
    if len({(o.view, o.foot) for o in content.outlines}) != len(content.outlines):
        _fail("outlines", "two outlines of one foot of a view")
    for i, m in enumerate(content.motions):
        _refs([m.view], views, f"motions[{i}]", "view")
        _refs([m.technique], techniques, f"motions[{i}]", "technique")
        _ring(m.points, f"motions[{i}].points", closed=False)
    for i, r in enumerate(content.regions):
        _refs([r.id], regions, f"regions[{i}]", "zone region")
        _claims(r.claims, areas, sources, f"regions[{i}]")
    for i, t in enumerate(content.techniques):
        where = f"techniques[{i}]"
        _refs(t.zones, regions, where, "zone region")
        _refs(t.sources, sources, where, "source")
        _claims(t.claims, areas, sources, where)
        _seconds(t.duration_s, f"{where}.duration_s")
    for i, s in enumerate(content.sequences):
        where = f"sequences[{i}]"
        if not s.steps:
            _fail(f"{where}.steps", "no step")
        _refs(s.sources, sources, where, "source")
        _claims(s.claims, areas, sources, where)
        for k, step in enumerate(s.steps):
            _refs([step.technique], techniques, f"{where}.steps[{k}]", "technique")
            _refs(step.zones, regions, f"{where}.steps[{k}]", "zone region")
            _seconds(step.duration_s, f"{where}.steps[{k}].duration_s")
    for i, rule in enumerate(content.safety):
        where = f"safety[{i}]"
        _refs(rule.sources, sources, where, "source")
        _refs(rule.zones, regions, where, "zone region")
        for ref in (rule.follows, rule.part_of):
            if ref is not None:
                target = rules.get(ref)
                if target is None or target.part_of is not None or not target.asked:
                    _fail(where, f"{ref[:60]!r} is not a question it can belong to")
    for i, note in enumerate(content.notes):
        _refs(note.sources, sources, f"notes[{i}]", "source")
        _claims(note.claims, areas, sources, f"notes[{i}]")
    for i, syn in enumerate(content.synonyms):
        for ids, known, what in (
            (syn.body_areas, areas, "body area"),
            (syn.regions, regions, "zone region"),
            (syn.techniques, techniques, "technique"),
            (syn.sequences, sequences, "sequence"),
            (syn.safety, rules, "safety rule"),
            (syn.notes, notes, "note"),
        ):
            _refs(ids, known, f"synonyms[{i}]", what)
