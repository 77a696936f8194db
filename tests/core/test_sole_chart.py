"""The soles: enough zones, the right organs on the right foot, a valid tiling."""

from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import Point
from shapely.ops import unary_union

from reflexmap.core.chartgen import render_all
from reflexmap.core.geometry import AREA_TOLERANCE, mirror

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_each_sole_has_at_least_30_zones(atlas) -> None:
    for foot in ("left", "right"):
        assert len(atlas.zones_of(foot=foot, view="sole")) >= 30


def test_named_zones_are_present(atlas) -> None:
    names = " | ".join(z.name.lower() for z in atlas.zones_of(foot="left", view="sole"))
    for word in (
        "solar plexus",
        "heel",
        "arch",
        "toe",
        "kidney",
        "bladder",
        "lungs",
        "sinuses",
        "eyes",
        "ears",
        "thyroid",
        "shoulder",
        "sciatic",
        "back",
        "colon",
        "small intestine",
        "pituitary",
    ):
        assert word in names, word


def test_heart_left_only_liver_right_only(atlas) -> None:
    def feet_for(area: str) -> set[str]:
        return {z.foot for z in atlas.zones_for_body_area(area) if z.view == "sole"}

    assert feet_for("heart") == {"left"}
    assert feet_for("liver") == {"right"}
    assert feet_for("gallbladder") == {"right"}
    assert feet_for("ileocaecal_valve") == {"right"}
    assert feet_for("colon_ascending") == {"right"}
    assert feet_for("colon_descending") == {"left"}
    assert feet_for("colon_sigmoid") == {"left"}
    assert feet_for("lungs") == {"left", "right"}


def test_zones_tile_their_outline(atlas) -> None:
    for foot in ("left", "right"):
        outline = atlas.outlines[("sole", foot)].polygon
        zones = [z.polygon for z in atlas.zones_of(foot=foot, view="sole")]
        covered = unary_union(zones)
        assert outline.difference(covered).area < AREA_TOLERANCE
        assert covered.difference(outline).area < AREA_TOLERANCE
        assert abs(sum(z.area for z in zones) - outline.area) < 2 * AREA_TOLERANCE


def test_right_outline_mirrors_left_and_feet_face_each_other(atlas) -> None:
    left = atlas.outlines[("sole", "left")].polygon
    right = atlas.outlines[("sole", "right")].polygon
    assert mirror(left).symmetric_difference(right).area < AREA_TOLERANCE
    assert left.centroid.x < 0 < right.centroid.x
    # Big toes on the inner edges: the big toe of the left foot is its rightmost toe.
    big_left = atlas.zones["left.sole.head_brain"].polygon.centroid
    little_left = atlas.zones["left.sole.sinus_toe5"].polygon.centroid
    assert little_left.x < big_left.x
    big_right = atlas.zones["right.sole.head_brain"].polygon.centroid
    assert big_right.x < atlas.zones["right.sole.sinus_toe5"].polygon.centroid.x


def test_outline_looks_like_a_foot(atlas) -> None:
    """Wider at the ball than at the waist and the heel; toes separated by gaps."""
    outline = atlas.outlines[("sole", "left")].polygon
    minx, miny, maxx, maxy = outline.bounds

    def width_at(y: float) -> float:
        from shapely.geometry import LineString

        return outline.intersection(LineString([(minx - 1, y), (maxx + 1, y)])).length

    ball, waist, heel = width_at(170), width_at(100), width_at(35)
    assert ball > heel > waist * 1.05
    assert 230 < maxy - miny < 270  # a foot's length in millimetres
    # five toes: a line across the toes crosses the outline in separate pieces
    from shapely.geometry import LineString

    toes = outline.intersection(LineString([(minx - 1, 206), (maxx + 1, 206)]))
    assert len(getattr(toes, "geoms", [toes])) >= 4


def test_label_points_inside_and_neighbours_symmetric(atlas) -> None:
    for zone in atlas.zones_of(view="sole"):
        pt = atlas.label_point(zone.id)
        assert zone.polygon.contains(Point(pt.x, pt.y)), zone.id
        for other in atlas.neighbours(zone.id):
            assert zone.id in atlas.neighbours(other)
            assert atlas.zones[other].foot == zone.foot
    assert "left.sole.sciatic_band" in atlas.neighbours("left.sole.pelvis_hip")
    heart = atlas.label_point("left.sole.heart")
    assert atlas.zone_at("sole", heart.x, heart.y).id == "left.sole.heart"


def test_committed_geojson_matches_the_generator() -> None:
    for view, text in render_all().items():
        committed = json.loads((ASSETS / "charts" / f"{view}.geojson").read_text())
        generated = json.loads(text)
        assert committed == generated, f"run python -m reflexmap.core.chartgen ({view})"
