"""Reflexology's own techniques: every zone of the foot views has a
card that says how to work it or its area, not only the whole-foot moves.

"Specific" means: none of the card's regions is broad (the whole foot, the whole leg),
and none of them covers every zone of the zone's view on that foot (``z_sole`` holds
every zone of the sole, so a card for "the sole" says nothing about one reflex either).
Regions without an entry in regions.toml are not broad.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflexmap.cli import main

FOOT_VIEWS = ("sole", "top", "inner", "outer")
TEACHING = "ref_reflexology_teaching"

# The moves of the reference (section 4), one card or more each.
MOVES = {
    "thumb walking": {
        "t_reflex_thumb_walk_toe_pads",
        "t_reflex_thumb_walk_toe_ridge",
        "t_reflex_thumb_walk_ball",
        "t_reflex_thumb_walk_upper_arch",
        "t_reflex_thumb_walk_lower_arch",
        "t_reflex_colon_course",
        "t_reflex_bladder_fan",
        "t_reflex_thumb_walk_spine",
        "t_reflex_thumb_walk_heel",
        "t_reflex_outer_edge_walk",
    },
    "finger walking": {
        "t_reflex_finger_walk_top",
        "t_reflex_finger_walk_ankle",
        "t_reflex_heel_sides",
    },
    "hook in and back up": {
        "t_reflex_hook_pituitary",
        "t_reflex_hook_ileocaecal",
        "t_reflex_hook_sigmoid",
    },
    "rotating on a point": {"t_reflex_rotate_solar_plexus", "t_reflex_rotate_adrenal"},
    "press and hold with the breath": {"t_reflex_solar_plexus_breath"},
    "relaxation moves": {
        "t_reflex_side_to_side",
        "t_reflex_ankle_loosening",
        "t_reflex_spinal_twist",
        "t_reflex_metatarsal_kneading",
        "t_reflex_diaphragm_relaxer",
    },
}
NEW = set().union(*MOVES.values()) | {"t_reflex_toe_rotation"}


def _broad(atlas, region_id: str) -> bool:
    region = atlas.regions.get(region_id)
    return region is not None and region.broad


def _view_wide(atlas, region_id: str, zone) -> bool:
    same = atlas.zones_of(foot=zone.foot, view=zone.view)
    return all(region_id in z.regions for z in same)


def _specific(atlas, technique, zone) -> bool:
    return not any(_broad(atlas, r) or _view_wide(atlas, r, zone) for r in technique.zones)


def _foot_zones(atlas):
    return [z for v in FOOT_VIEWS for z in atlas.zones_of(view=v)]


def test_every_foot_zone_has_a_specific_technique(atlas) -> None:
    missing = [
        z.id
        for z in _foot_zones(atlas)
        if not any(_specific(atlas, t, z) for t in atlas.techniques_for_zone(z.id))
    ]
    assert not missing, (
        f"{len(missing)} zones with only whole-foot or whole-sole cards: " + ", ".join(missing)
    )


def test_every_reflex_zone_has_a_card_from_reflexology_teaching(atlas) -> None:
    """A zone the chart links to a body area gets a card that says how reflexology works
    that reflex or its area (the articles never say)."""
    reflex = [z for z in _foot_zones(atlas) if any(c.kind == "reflexology" for c in z.claims)]
    assert len(reflex) > 100
    missing = [
        z.id
        for z in reflex
        if not any(
            TEACHING in t.sources and _specific(atlas, t, z)
            for t in atlas.techniques_for_zone(z.id)
        )
    ]
    assert not missing, ", ".join(missing)


def test_small_reflexes_get_their_own_move(atlas) -> None:
    def ids(zone_id: str) -> set[str]:
        return {t.id for t in atlas.techniques_for_zone(zone_id)}

    for foot in ("left", "right"):
        assert "t_reflex_hook_pituitary" in ids(f"{foot}.sole.pituitary")
        assert {
            "t_reflex_solar_plexus_breath",
            "t_reflex_rotate_solar_plexus",
            "t_reflex_diaphragm_relaxer",
        } <= ids(f"{foot}.sole.solar_plexus")
        assert "t_reflex_rotate_adrenal" in ids(f"{foot}.sole.adrenal")
        assert "t_reflex_thumb_walk_upper_arch" in ids(f"{foot}.sole.stomach")
        assert "t_reflex_thumb_walk_spine" in ids(f"{foot}.inner.spine_lumbar")
    assert "t_reflex_hook_ileocaecal" in ids("right.sole.ileocaecal_valve")
    assert "t_reflex_hook_sigmoid" in ids("left.sole.sigmoid_colon")
    assert "t_reflex_hook_pituitary" not in ids("left.sole.head_brain")


def test_new_techniques_cite_the_teaching_only(atlas) -> None:
    source = atlas.sources[TEACHING]
    assert source.kind != "article" and "reflexology teaching" in source.title.lower()
    citing = {t.id for t in atlas.techniques.values() if TEACHING in t.sources}
    assert citing == NEW
    for tid in NEW:
        tech = atlas.techniques[tid]
        assert tech.sources == (TEACHING,), tid
        assert not tech.claims, f"{tid}: claims live on zones, not on technique cards"
        assert tech.steps and tech.hands and tech.motion and tech.pressure != "not_stated"


def test_zones_no_source_explains_say_so(atlas) -> None:
    """Where the reference names no move for an area, the card of that area says so, and
    only that area's card (the gallbladder's note showed on five left-foot cards,
    the ureter's on the colon's)."""
    from reflexmap.core.present.zone_card import zone_card

    for tid in (
        "t_reflex_heel_sides",
        "t_reflex_spinal_twist",
        "t_reflex_toe_rotation",
        "t_reflex_thumb_walk_upper_arch",
        "t_reflex_thumb_walk_lower_arch",
    ):
        tech = atlas.techniques[tid]
        said = [*tech.cautions, *(c.text for c in tech.zone_cautions)]
        assert any(line.startswith("No source says") for line in said), tid
    for zid, zone in atlas.zones.items():
        card = zone_card(atlas, zid)
        shown = " ".join(c for r in card.techniques for c in r.card.cautions)
        if "gallbladder reflex on its own" in shown:
            assert zone.key == "gallbladder", zid
        if "ureter reflex on its own" in shown:
            assert zone.key == "ureter", zid
        if zone.key in ("gallbladder", "ureter"):
            assert f"{zone.key} reflex on its own" in shown, zid


def test_each_new_technique_is_drawn_where_it_applies(atlas) -> None:
    for tid in sorted(NEW):
        tech = atlas.techniques[tid]
        drawn = {m.view for m in atlas.motions if m.technique == tid}
        assert drawn, f"{tid} has no motion on any view"
        if not any(_broad(atlas, r) for r in tech.zones):
            used = {z.view for z in atlas.zones_for_regions(tech.zones)}
            assert used <= drawn, f"{tid}: not drawn on {sorted(used - drawn)}"
        for m in atlas.motions:
            if m.technique != tid:
                continue
            outline = atlas.outlines[(m.view, m.foot)].polygon
            assert outline.buffer(0.5).contains(m.line), (tid, m.view, m.foot)
            if _broad(atlas, tech.zones[0]):
                continue
            own = [z for z in atlas.zones_for_regions(tech.zones, view=m.view) if z.foot == m.foot]
            along = sum(z.polygon.intersection(m.line).length for z in own)
            # the line runs over the zones it is for (the outer edge crosses the lower
            # arch, which has no edge zone of its own)
            assert along >= 0.7 * m.line.length, (tid, m.view, m.foot, along / m.line.length)


@pytest.mark.parametrize("foot", ["left", "right"])
def test_colon_is_followed_the_way_it_runs(atlas, foot: str) -> None:
    (motion,) = [m for m in atlas.motions_for("t_reflex_colon_course", "sole") if m.foot == foot]
    first = atlas.zone_at("sole", *motion.line.coords[0])
    last = atlas.zone_at("sole", *motion.line.coords[-1])
    assert first is not None and last is not None
    if foot == "right":  # up the ascending colon from the valve, then across
        assert (first.key, last.key) == ("ileocaecal_valve", "transverse_colon")
    else:  # across, down the descending colon, then along the sigmoid
        assert (first.key, last.key) == ("transverse_colon", "sigmoid_colon")


def test_bundled_content_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assets = Path(__file__).resolve().parents[2] / "assets"
    assert main(["validate", str(assets)]) == 0, capsys.readouterr()
