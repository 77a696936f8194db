"""The Atlas: all validated content, and the questions the app asks of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from reflexmap.core.record_json import encode
from reflexmap.core.records import (
    BodyArea,
    BodyPart,
    Claim,
    Content,
    Motion,
    Note,
    Outline,
    Point,
    Region,
    SafetyRule,
    Sequence,
    Source,
    Step,
    Synonym,
    Technique,
    View,
    Zone,
)
from reflexmap.core.safety_rules import rule_applies_to_zone

T = TypeVar("T")


class Atlas:
    """The content's records, indexed, and the questions the app asks of them.

    Built from a `Content` (a snapshot, or what `compiler` made of validated files); it
    imports no Shapely: the geometry the window needs (rings, label points, the room
    around them, neighbours) was worked out when the content was compiled."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.sources: dict[str, Source] = {s.id: s for s in content.sources}
        self.body_areas: dict[str, BodyArea] = {a.id: a for a in content.body_areas}
        self.views: dict[str, View] = {
            v.id: v for v in sorted(content.views, key=lambda v: (v.order, v.id))
        }
        self.zones: dict[str, Zone] = {z.id: z for z in content.zones}
        self.outlines: dict[tuple[str, str], Outline] = {
            (o.view, o.foot): o for o in content.outlines
        }
        self.techniques: dict[str, Technique] = {t.id: t for t in content.techniques}
        self.sequences: dict[str, Sequence] = {s.id: s for s in content.sequences}
        self.safety: dict[str, SafetyRule] = {r.id: r for r in content.safety}
        self.notes: dict[str, Note] = {n.id: n for n in content.notes}
        self.motions: list[Motion] = list(content.motions)
        self.regions: dict[str, Region] = {r.id: r for r in content.regions}
        self.synonyms: tuple[Synonym, ...] = content.synonyms  # words the content lacks
        self.body_parts: dict[str, BodyPart] = {b.id: b for b in content.body_parts}
        self._ordered: list[Zone] | None = None
        self._zones_of: dict[tuple[str | None, str | None], list[Zone]] = {}
        self._by_area: dict[str, list[Zone]] | None = None
        self._derived: dict[Callable[[Atlas], object], object] = {}

    def derived(self, build: Callable[[Atlas], T]) -> T:
        """What `build` works out from this atlas, made on first use and kept with it (the
        search index, the map's paths and colours, a routine step's zones, the safety
        rules' kinds, the laid-out charts). The one home of derived data: it goes when
        the atlas goes, and a fresh atlas starts with none."""
        try:
            return cast(T, self._derived[build])  # what this builder made
        except KeyError:
            value = self._derived[build] = build(self)
            return value

    # ---- body parts --------------------------------------------------------------------
    def body_part(self, part_id: str | None = None) -> BodyPart:
        """The body part `part_id` (a view's kind); the first view's for None or an id the
        content does not describe (a record built by hand, a test's atlas)."""
        part = self.body_parts.get(part_id) if part_id is not None else None
        if part is not None:
            return part
        for view in self.views.values():
            if view.kind in self.body_parts:
                return self.body_parts[view.kind]
        if self.body_parts:
            return next(iter(self.body_parts.values()))
        return BodyPart(
            id=part_id or "part",
            name=part_id or "part",
            left="left",
            right="right",
            both="both sides",
            plural="sides",
            whole="the whole",
            per_side="each_side",
        )

    def view_part(self, view_id: str) -> BodyPart:
        """The body part a view draws."""
        view = self.views.get(view_id)
        return self.body_part(view.kind if view is not None else None)

    def part_of_side(self, side: str) -> BodyPart | None:
        """The body part a routine's or step's `side` names ("each_leg": the leg)."""
        for part in self.body_parts.values():
            if side in (part.per_side, part.together):
                return part
        return None

    @property
    def per_side(self) -> frozenset[str]:
        """The `side` values of "one side, then the other" ("each_foot", "each_leg")."""
        return frozenset(p.per_side for p in self.body_parts.values())

    # ---- zones -------------------------------------------------------------------------
    def zones_of(self, foot: str | None = None, view: str | None = None) -> list[Zone]:
        """Zones in display order: by view, then foot (left first), then number (a new
        list each call; the order is worked out once: the records never change)."""
        key = (foot, view)
        found = self._zones_of.get(key)
        if found is None:
            if self._ordered is None:
                order = {v: i for i, v in enumerate(self.views)}
                self._ordered = sorted(
                    self.zones.values(),
                    key=lambda z: (order.get(z.view, 99), z.foot != "left", z.number),
                )
            found = self._zones_of[key] = [
                z
                for z in self._ordered
                if (foot is None or z.foot == foot) and (view is None or z.view == view)
            ]
        return list(found)

    def zone_at(self, view: str, x: float, y: float) -> Zone | None:
        """The zone under a point of the view's frame (mm, y up); on a shared edge, either."""
        for zone in self.zones.values():
            if zone.view == view and zone.shape.contains(x, y):
                return zone
        return None

    def label_point(self, zone_id: str) -> Point:
        return self.zones[zone_id].label

    def label_room(self, zone_id: str) -> float:
        """The radius of the largest circle around the label point inside the zone (mm)."""
        return self.zones[zone_id].room

    def neighbours(self, zone_id: str) -> tuple[str, ...]:
        zone = self.zones.get(zone_id)
        return zone.neighbours if zone is not None else ()

    # ---- claims, techniques, safety --------------------------------------------------
    def claims_for_zone(self, zone_id: str) -> list[tuple[Claim, str | None]]:
        """The zone's own claims, then those of its regions (with the region's id)."""
        zone = self.zones[zone_id]
        out: list[tuple[Claim, str | None]] = [(c, None) for c in zone.claims]
        for rid in zone.regions:
            region = self.regions.get(rid)
            if region is not None:
                out.extend((c, rid) for c in region.claims)
        return out

    def zones_for_body_area(self, area_id: str) -> list[Zone]:
        """Reverse lookup: every zone (any view, both feet) claimed for a body area.

        Claims made about a broad region (the whole foot, the whole leg) do not count:
        they would light every zone and say nothing about where to work."""
        if self._by_area is None:  # every body area's zones, worked out once
            by_area: dict[str, list[Zone]] = {}
            narrow: dict[str, set[str]] = {}  # region -> the body areas its claims name
            for rid, r in self.regions.items():
                if not r.broad:
                    for c in r.claims:
                        narrow.setdefault(rid, set()).add(c.body_area)
            for z in self.zones_of():
                areas = {c.body_area for c in z.claims}
                for rid in z.regions:
                    areas |= narrow.get(rid, set())
                for area in areas:
                    by_area.setdefault(area, []).append(z)
            self._by_area = by_area
        return list(self._by_area.get(area_id, ()))

    def techniques_for_zone(self, zone_id: str) -> list[Technique]:
        regions = set(self.zones[zone_id].regions)
        return [t for t in self.techniques.values() if regions.intersection(t.zones)]

    def zones_for_regions(
        self, regions: tuple[str, ...] | list[str], view: str | None = None
    ) -> list[Zone]:
        wanted = set(regions)
        return [z for z in self.zones_of(view=view) if wanted.intersection(z.regions)]

    def step_regions(self, step: Step) -> tuple[str, ...]:
        """The regions a step works: its own, else its technique's (none if the technique
        is unknown). Every caller asks here, so the rule lives in one place."""
        if step.zones:
            return step.zones
        tech = self.techniques.get(step.technique)
        return tech.zones if tech is not None else ()

    def step_zones(
        self, step: Step, *, view: str | None = None, foot: str | None = None
    ) -> list[Zone]:
        """The zones of the step's regions in display order, optionally of one view / foot;
        a step naming zones (``zone_keys``, "view.key") lights those zones only."""
        if step.zone_keys:
            keys = set(step.zone_keys)
            return [
                z
                for z in self.zones_of(view=view)
                if f"{z.view}.{z.key}" in keys and (foot is None or z.foot == foot)
            ]
        return [
            z
            for z in self.zones_for_regions(self.step_regions(step), view=view)
            if foot is None or z.foot == foot
        ]

    def safety_for_zone(self, zone_id: str) -> list[SafetyRule]:
        """The rules whose ``rule_applies_to_zone`` is true, in content order.

        The rule itself lives in ``safety_rules`` (shared with the routine's checklist), so
        a zone card and the checklist never disagree about the same zone."""
        zone = self.zones[zone_id]
        return [r for r in self.safety.values() if rule_applies_to_zone(self, r, zone)]

    def motions_for(self, technique_id: str, view: str) -> list[Motion]:
        return [m for m in self.motions if m.technique == technique_id and m.view == view]

    # ---- export ------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Everything, as JSON-shaped data; geometry as GeoJSON (`reflexmap content --json`)."""

        def pairs(flat: tuple[float, ...]) -> list[list[float]]:
            return [[flat[i], flat[i + 1]] for i in range(0, len(flat), 2)]

        data: dict[str, Any] = encode(self.content)
        data["views"] = [encode(v) for v in self.views.values()]
        data["zones"] = []
        for z in self.zones_of():
            zone = {k: v for k, v in encode(z).items() if k not in ("shape", "label", "room")}
            data["zones"].append(
                {
                    **zone,
                    "polygon": {
                        "type": "Polygon",
                        "coordinates": [pairs(r) for r in z.shape.rings],
                    },
                    "label_point": [round(z.label.x, 2), round(z.label.y, 2)],
                    "techniques": [t.id for t in self.techniques_for_zone(z.id)],
                }
            )
        data["outlines"] = [
            {
                "view": o.view,
                "foot": o.foot,
                "polygon": {"type": "Polygon", "coordinates": [pairs(r) for r in o.shape.rings]},
            }
            for o in self.outlines.values()
        ]
        data["motions"] = [
            {
                **{k: v for k, v in encode(m).items() if k != "points"},
                "line": {"type": "LineString", "coordinates": pairs(m.points)},
            }
            for m in self.motions
        ]
        return data
