"""Which safety rules concern a zone: the one rule that zone cards and the checklist share.

A rule says what it applies to (``applies_to``: "foot", "leg", "both" in the bundled
content); each body part (``BodyPart``, content) lists the values that reach it
(``reached_by``). Which body part a *zone* is, is not simply its view's kind: the leg
views also draw the heel and the top of the foot, and the foot's side views draw the ankle
and a little of the lower leg. So it is decided by the zone's regions, each classified by
where its drawn area lies, weighted by the body part (``region_kinds``), and the same heel
gets the same rules on every view that draws it.

This module knows the content (zones, views, regions), not the Atlas's queries: the Atlas
calls it for ``safety_for_zone``, and ``safety_check`` builds the routine's checklist on
it, so the imports run models <- safety_rules <- atlas <- safety_check, with no cycle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from reflexmap.core.records import BodyPart, Region, SafetyRule, View, Zone

T = TypeVar("T")


class Charted(Protocol):
    """What the rule needs of the content: the Atlas is one."""

    zones: dict[str, Zone]
    views: dict[str, View]
    regions: dict[str, Region]
    body_parts: dict[str, BodyPart]

    def body_part(self, part_id: str | None = None) -> BodyPart: ...

    def view_part(self, view_id: str) -> BodyPart: ...

    def derived(self, build: Callable[[Any], T]) -> T:
        """Kept per content: `Atlas.derived`."""
        ...


def _zone_kind_table(atlas: Charted) -> dict[str, frozenset[str]]:
    return {}


def region_kinds(atlas: Charted) -> dict[str, str]:
    """Region id -> body part id: the body part whose views draw the most of the region,
    each area weighted by its body part's ``region_weight`` (a tie: the higher ``rank``).
    With the bundled weights (foot 2, leg 1) a region is leg when at least two thirds of
    its drawn area is on leg views, so the heel stays foot and the calf leg."""
    return atlas.derived(_region_kinds)


def _region_kinds(atlas: Charted) -> dict[str, str]:
    area: dict[str, dict[str, float]] = {}
    for zone in atlas.zones.values():
        kind = atlas.view_part(zone.view).id
        for region in zone.regions:
            totals = area.setdefault(region, {})
            totals[kind] = totals.get(kind, 0.0) + zone.shape.area
    return {r: _heaviest(atlas, totals) for r, totals in area.items()}


def _heaviest(atlas: Charted, totals: dict[str, float]) -> str:
    """The body part with the largest weighted area (a tie: the higher rank)."""

    def weight(kind: str) -> tuple[float, int]:
        part = atlas.body_part(kind)
        return (totals[kind] * part.region_weight, part.rank)

    return max(totals, key=weight)


def zone_kinds(atlas: Charted, zone: Zone) -> frozenset[str]:
    """The body parts (ids: "foot", "leg") a zone is, by the one most of its regions are.

    Broad regions (whole foot, whole leg) are not counted while the zone has others: every
    zone of a leg view belongs to the whole leg, the heel drawn there too, and that says
    nothing about whether it is foot. A plain union of the regions' kinds would not do
    either: the foot views' ankle zones share ``z_bony_areas`` and ``z_lower_leg`` (leg
    regions) with the ankle, so every step that works the ankle or the whole foot would be
    checked against the leg-only rules. A tie, or a zone with no classified region, falls
    back on its view's kind (the best evidence left)."""
    own = atlas.zones.get(zone.id) is zone  # a zone of this atlas: its id is the key
    cache = atlas.derived(_zone_kind_table)
    if own and zone.id in cache:
        return cache[zone.id]
    kinds_of = region_kinds(atlas)
    classified = [r for r in zone.regions if r in kinds_of]
    narrow = [r for r in classified if r not in atlas.regions or not atlas.regions[r].broad]
    votes = Counter(kinds_of[r] for r in (narrow or classified)).most_common()
    if votes and (len(votes) == 1 or votes[0][1] > votes[1][1]):
        kinds = frozenset({votes[0][0]})
    else:
        kinds = frozenset({atlas.view_part(zone.view).id})
    if own:
        cache[zone.id] = kinds
    return kinds


def rule_applies_to_zone(atlas: Charted, rule: SafetyRule, zone: Zone) -> bool:
    """The rule concerns this zone: it reaches the zone's body part (``reached_by``) and,
    if it names regions, the zone belongs to one of them. A rule in force only in some
    routines (``only_routines``) is about those routines, not about a place: no zone has it."""
    if rule.only_routines:
        return False
    if not any(rule.applies_to in atlas.body_part(k).reached_by for k in zone_kinds(atlas, zone)):
        return False
    return not rule.zones or not set(rule.zones).isdisjoint(zone.regions)
