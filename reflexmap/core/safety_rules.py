"""Which safety rules concern a zone: the one rule that zone cards and the checklist share.

A rule says it applies to the "foot", the "leg" or "both". Whether a *zone* is foot or leg
is not its view's kind: the leg views also draw the heel and the top of the foot, and the
foot's side views draw the ankle and a little of the lower leg. So it is decided by the
zone's regions, each classified by where most of its drawn area lies (``region_kinds``),
and the same heel gets the same rules on every view that draws it.

This module knows the content (zones, views, regions), not the Atlas's queries: the Atlas
calls it for ``safety_for_zone``, and ``safety_check`` builds the routine's checklist on
it, so the imports run models <- safety_rules <- atlas <- safety_check, with no cycle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from reflexmap.core.records import Region, SafetyRule, View, Zone

LEG_SHARE = 2.0 / 3.0
T = TypeVar("T")


class Charted(Protocol):
    """What the rule needs of the content: the Atlas is one."""

    zones: dict[str, Zone]
    views: dict[str, View]
    regions: dict[str, Region]

    def derived(self, build: Callable[[Any], T]) -> T:
        """Kept per content: `Atlas.derived`."""
        ...


def _zone_kind_table(atlas: Charted) -> dict[str, frozenset[str]]:
    return {}


def region_kinds(atlas: Charted) -> dict[str, str]:
    """Region id -> "foot" or "leg": "leg" when at least two thirds of the region's drawn
    area is on ``View.kind == "leg"`` views, so the heel stays foot and the calf leg."""
    return atlas.derived(_region_kinds)


def _region_kinds(atlas: Charted) -> dict[str, str]:
    area: dict[str, dict[str, float]] = {}
    for zone in atlas.zones.values():
        view = atlas.views.get(zone.view)
        kind = view.kind if view is not None else "foot"
        for region in zone.regions:
            totals = area.setdefault(region, {"foot": 0.0, "leg": 0.0})
            totals[kind] += zone.shape.area
    return {
        r: "leg" if t["leg"] >= LEG_SHARE * (t["foot"] + t["leg"]) else "foot"
        for r, t in area.items()
    }


def zone_kinds(atlas: Charted, zone: Zone) -> frozenset[str]:
    """The kinds of body part ("foot", "leg") a zone is, by the kind most of its regions have.

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
        view = atlas.views.get(zone.view)
        kinds = frozenset({view.kind if view is not None else "foot"})
    if own:
        cache[zone.id] = kinds
    return kinds


def rule_applies_to_zone(atlas: Charted, rule: SafetyRule, zone: Zone) -> bool:
    """The rule concerns this zone: its kind matches (or it applies to "both") and, if it
    names regions, the zone belongs to one of them. A rule in force only in some routines
    (``only_routines``) is about those routines, not about a place: no zone has it."""
    if rule.only_routines:
        return False
    if rule.applies_to != "both" and rule.applies_to not in zone_kinds(atlas, zone):
        return False
    return not rule.zones or not set(rule.zones).isdisjoint(zone.regions)
