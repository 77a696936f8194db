"""The Atlas: all validated content, and the questions the app asks of it."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from shapely import STRtree
from shapely.geometry import Point, Polygon

from reflexmap.core import geometry
from reflexmap.core.models import (
    BodyArea,
    Claim,
    Motion,
    Note,
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


class Atlas:
    def __init__(
        self,
        *,
        sources: dict[str, Source],
        body_areas: dict[str, BodyArea],
        views: dict[str, View],
        zones: list[Zone],
        outlines: dict[tuple[str, str], Polygon],
        techniques: dict[str, Technique],
        sequences: dict[str, Sequence],
        safety: dict[str, SafetyRule],
        notes: dict[str, Note],
        motions: list[Motion],
        regions: dict[str, Region] | None = None,
        synonyms: tuple[Synonym, ...] = (),
    ) -> None:
        self.sources = sources
        self.body_areas = body_areas
        self.views = dict(sorted(views.items(), key=lambda kv: (kv[1].order, kv[0])))
        self.zones = {z.id: z for z in zones}
        self.outlines = outlines
        self.techniques = techniques
        self.sequences = sequences
        self.safety = safety
        self.notes = notes
        self.motions = motions
        self.regions = regions or {}
        self.synonyms = synonyms  # words people search with that the content does not use

    def warm(self) -> None:
        """Compute the label points and neighbours now (before the Atlas is cached)."""
        _ = self._labels, self._rooms, self._neighbours

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_trees", None)  # STRtrees are rebuilt on first use
        return state

    # ---- zones -------------------------------------------------------------------------
    def zones_of(self, foot: str | None = None, view: str | None = None) -> list[Zone]:
        """Zones in display order: by view, then foot (left first), then number."""
        order = {v: i for i, v in enumerate(self.views)}
        found = [z for z in self.zones.values()
                 if (foot is None or z.foot == foot) and (view is None or z.view == view)]
        return sorted(found, key=lambda z: (order.get(z.view, 99), z.foot != "left", z.number))

    @cached_property
    def _trees(self) -> dict[str, tuple[STRtree, list[Zone]]]:
        trees: dict[str, tuple[STRtree, list[Zone]]] = {}
        for view in self.views:
            zs = self.zones_of(view=view)
            trees[view] = (STRtree([z.polygon for z in zs]), zs)
        return trees

    def zone_at(self, view: str, x: float, y: float) -> Zone | None:
        """The zone under a point of the view's frame (mm, y up), via an STRtree."""
        if view not in self._trees:
            return None
        tree, zs = self._trees[view]
        pt = Point(x, y)
        for i in tree.query(pt, predicate="intersects"):
            return zs[int(i)]
        return None

    @cached_property
    def _labels(self) -> dict[str, Point]:
        return {zid: geometry.label_point(z.polygon) for zid, z in self.zones.items()}

    def label_point(self, zone_id: str) -> Point:
        return self._labels[zone_id]

    @cached_property
    def _rooms(self) -> dict[str, float]:
        out = {}
        for zid, z in self.zones.items():
            pt = self._labels[zid]
            out[zid] = min(ring.distance(pt) for ring in (z.polygon.exterior,
                                                          *z.polygon.interiors))
        return out

    def label_room(self, zone_id: str) -> float:
        """The radius of the largest circle around the label point inside the zone (mm)."""
        return self._rooms[zone_id]

    @cached_property
    def _neighbours(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for view in self.views:
            for foot in ("left", "right"):
                zs = self.zones_of(foot=foot, view=view)
                out.update(geometry.neighbours({z.id: z.polygon for z in zs}))
        return out

    def neighbours(self, zone_id: str) -> tuple[str, ...]:
        return self._neighbours.get(zone_id, ())

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
        narrow = {rid for rid, r in self.regions.items() if not r.broad and any(
            c.body_area == area_id for c in r.claims)}
        return [z for z in self.zones_of()
                if any(c.body_area == area_id for c in z.claims) or narrow & set(z.regions)]

    def techniques_for_zone(self, zone_id: str) -> list[Technique]:
        regions = set(self.zones[zone_id].regions)
        return [t for t in self.techniques.values() if regions.intersection(t.zones)]

    def zones_for_regions(self, regions: tuple[str, ...] | list[str],
                          view: str | None = None) -> list[Zone]:
        wanted = set(regions)
        return [z for z in self.zones_of(view=view) if wanted.intersection(z.regions)]

    def step_regions(self, step: Step) -> tuple[str, ...]:
        """The regions a step works: its own, else its technique's (none if the technique
        is unknown). Every caller asks here, so the rule lives in one place."""
        if step.zones:
            return step.zones
        tech = self.techniques.get(step.technique)
        return tech.zones if tech is not None else ()

    def step_zones(self, step: Step, *, view: str | None = None,
                   foot: str | None = None) -> list[Zone]:
        """The zones of the step's regions in display order, optionally of one view / foot."""
        return [z for z in self.zones_for_regions(self.step_regions(step), view=view)
                if foot is None or z.foot == foot]

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
        def dump(items: Any) -> list[Any]:
            return [i.model_dump(mode="json") for i in items]

        return {
            "sources": dump(self.sources.values()),
            "body_areas": dump(self.body_areas.values()),
            "views": dump(self.views.values()),
            "zones": [
                {**z.model_dump(mode="json"),
                 "neighbours": list(self.neighbours(z.id)),
                 "label_point": [round(self.label_point(z.id).x, 2),
                                 round(self.label_point(z.id).y, 2)],
                 "techniques": [t.id for t in self.techniques_for_zone(z.id)]}
                for z in self.zones_of()
            ],
            "techniques": dump(self.techniques.values()),
            "sequences": dump(self.sequences.values()),
            "safety": dump(self.safety.values()),
            "notes": dump(self.notes.values()),
            "regions": dump(self.regions.values()),
            "motions": dump(self.motions),
        }
