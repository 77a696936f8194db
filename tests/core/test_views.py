"""The views beyond the soles: tops, inner and outer sides of the feet, legs front and back."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point
from shapely.ops import unary_union

from reflexmap.core.geometry import AREA_TOLERANCE, mirror

MIN_ZONES = {"top": 14, "inner": 12, "outer": 12, "leg_front": 10, "leg_back": 10}
VIEWS = sorted(MIN_ZONES)
FOOT_VIEWS = ("top", "inner", "outer")
LEG_VIEWS = ("leg_front", "leg_back")


def width_at(outline, y: float) -> float:
    minx, _, maxx, _ = outline.bounds
    return outline.intersection(LineString([(minx - 1, y), (maxx + 1, y)])).length


def test_views_are_registered_in_order(atlas) -> None:
    views = sorted(atlas.views.values(), key=lambda v: v.order)
    assert [v.id for v in views] == ["sole", "top", "inner", "outer", "leg_front", "leg_back"]
    assert {atlas.views[v].kind for v in LEG_VIEWS} == {"leg"}
    assert {atlas.views[v].kind for v in FOOT_VIEWS} == {"foot"}


@pytest.mark.parametrize("view", VIEWS)
def test_both_feet_with_enough_zones_and_the_same_keys(atlas, view: str) -> None:
    left = {z.key for z in atlas.zones_of(foot="left", view=view)}
    right = {z.key for z in atlas.zones_of(foot="right", view=view)}
    assert len(left) >= MIN_ZONES[view]
    assert left == right


@pytest.mark.parametrize("view", VIEWS)
def test_zones_tile_their_outline(atlas, view: str) -> None:
    for foot in ("left", "right"):
        outline = atlas.outlines[(view, foot)].polygon
        zones = [z.polygon for z in atlas.zones_of(foot=foot, view=view)]
        covered = unary_union(zones)
        assert outline.difference(covered).area < AREA_TOLERANCE
        assert covered.difference(outline).area < AREA_TOLERANCE
        assert abs(sum(z.area for z in zones) - outline.area) < 2 * AREA_TOLERANCE


@pytest.mark.parametrize("view", VIEWS)
def test_right_mirrors_left_and_left_is_on_the_left(atlas, view: str) -> None:
    left, right = atlas.outlines[(view, "left")].polygon, atlas.outlines[(view, "right")].polygon
    assert mirror(left).symmetric_difference(right).area < AREA_TOLERANCE
    assert left.bounds[2] < 0 < right.bounds[0]
    for zone in atlas.zones_of(foot="left", view=view):
        twin = atlas.zones[f"right.{view}.{zone.key}"]
        assert mirror(zone.polygon).symmetric_difference(twin.polygon).area < AREA_TOLERANCE


@pytest.mark.parametrize("view", VIEWS)
def test_label_points_inside_and_clickable(atlas, view: str) -> None:
    for zone in atlas.zones_of(view=view):
        label = atlas.label_point(zone.id)
        point = Point(label.x, label.y)
        assert zone.polygon.contains(point), zone.id
        # room for a label number: the point is at least 3 mm from the zone's edge
        assert zone.polygon.exterior.distance(point) >= 3.0, zone.id
        assert atlas.zone_at(view, point.x, point.y).id == zone.id


@pytest.mark.parametrize("view", VIEWS)
def test_whole_foot_or_leg_region_on_every_zone(atlas, view: str) -> None:
    region = "z_whole_leg" if view in LEG_VIEWS else "z_whole_foot"
    for zone in atlas.zones_of(view=view):
        assert region in zone.regions, zone.id


def test_top_view_big_toe_on_the_inner_side_and_five_toes(atlas) -> None:
    def cx(key: str, foot: str) -> float:
        return atlas.zones[f"{foot}.top.{key}"].polygon.centroid.x

    # From above the left foot's big toe is on its right, the right foot's on its left.
    assert cx("toe5_top", "left") < cx("big_toe_top", "left")
    assert cx("big_toe_top", "right") < cx("toe5_top", "right")
    outline = atlas.outlines[("top", "left")].polygon
    minx, _, maxx, _ = outline.bounds
    toes = outline.intersection(LineString([(minx - 1, 206), (maxx + 1, 206)]))
    assert len(getattr(toes, "geoms", [toes])) >= 4
    spaces = [z for z in atlas.zones_of(foot="left", view="top") if "z_between_toes" in z.regions]
    assert len(spaces) == 4


def test_top_view_claims(atlas) -> None:
    def keys(area: str) -> set[str]:
        return {z.key for z in atlas.zones_for_body_area(area) if z.view == "top"}

    assert "chest_breast" in keys("breast")
    assert "ankle_band" in keys("groin")
    assert {"upper_lymph", "ankle_band"} <= keys("lymph")
    assert "upper_back" in keys("spine_thoracic")


def test_profiles_look_like_feet(atlas) -> None:
    for view in ("inner", "outer"):
        outline = atlas.outlines[(view, "left")].polygon
        _, miny, _, maxy = outline.bounds
        # long foot at the bottom, narrow leg above the ankle
        assert width_at(outline, miny + 10) > 3 * width_at(outline, miny + 150)
        assert 220 < outline.bounds[2] - outline.bounds[0] < 280


def test_profiles_face_the_right_way(atlas) -> None:
    def cx(view: str, key: str) -> float:
        return atlas.zones[f"left.{view}.{key}"].polygon.centroid.x

    # Inner side of the left foot: toes point to the right (towards the other foot).
    assert cx("inner", "inner_heel") < cx("inner", "big_toe_side")
    # Outer side of the left foot: toes point to the left (away from the other foot).
    assert cx("outer", "little_toe_side") < cx("outer", "outer_heel")


def test_spine_along_the_inner_edge_and_edge_reflexes_on_the_outer(atlas) -> None:
    inner = {z.key for z in atlas.zones_of(foot="left", view="inner")}
    assert {"spine_cervical", "spine_thoracic", "spine_lumbar", "spine_sacrum_coccyx"} <= inner
    order = ["spine_sacrum_coccyx", "spine_lumbar", "spine_thoracic", "spine_cervical"]
    xs = [atlas.zones[f"left.inner.{k}"].polygon.centroid.x for k in order]
    assert xs == sorted(xs)  # heel to big toe
    for area, key in (
        ("shoulder", "shoulder"),
        ("arm_elbow", "arm_elbow"),
        ("knee", "knee"),
        ("hip", "hip"),
    ):
        assert f"left.outer.{key}" in {z.id for z in atlas.zones_for_body_area(area)}
    outer_feet = {z.foot for z in atlas.zones_for_body_area("ovary_testis")}
    assert outer_feet == {"left", "right"}
    assert {z.view for z in atlas.zones_for_body_area("uterus_prostate")} == {"inner"}


def test_legs_look_like_legs(atlas) -> None:
    for view in LEG_VIEWS:
        outline = atlas.outlines[(view, "left")].polygon
        thigh, knee, calf, ankle = (width_at(outline, y) for y in (700, 470, 300, 30))
        assert thigh > calf > ankle
        assert knee < thigh
        assert 800 < outline.bounds[3] - outline.bounds[1] < 1000
    back = atlas.outlines[("leg_back", "left")].polygon
    assert width_at(back, 300) > width_at(back, 420)  # the calf bulges below the knee


def test_leg_regions_and_bladder_40(atlas) -> None:
    def zone(view: str, key: str):
        return atlas.zones[f"left.{view}.{key}"]

    for view, key in (
        ("leg_front", "kneecap"),
        ("leg_front", "knee"),
        ("leg_front", "shin"),
        ("leg_back", "knee_back"),
    ):
        assert "z_bony_areas" in zone(view, key).regions, key
    fossa = zone("leg_back", "popliteal_fossa")
    assert "z_popliteal_fossa" in fossa.regions
    assert {c.kind for c in fossa.claims} == {"tradition"}
    assert all(c.sources == ("004_0fd73990fbc03313.txt",) for c in fossa.claims)
    # the fossa lies between the thigh and the calf
    assert zone("leg_back", "calf_inner").polygon.centroid.y < fossa.polygon.centroid.y
    assert fossa.polygon.centroid.y < zone("leg_back", "hamstring_inner").polygon.centroid.y
    # no reflexology claims on the legs
    for view in LEG_VIEWS:
        for z in atlas.zones_of(view=view):
            assert all(c.kind != "reflexology" for c in z.claims), z.id


def test_motions_lie_on_their_view(atlas) -> None:
    for m in atlas.motions:
        if m.view == "sole":
            continue
        outline = atlas.outlines[(m.view, m.foot)].polygon
        assert outline.buffer(1.0).contains(m.line), (m.view, m.technique)
    views_of = {(m.technique, m.view) for m in atlas.motions}
    assert ("t_back_of_leg_long_strokes", "leg_back") in views_of
    assert ("t_thumb_rub_top_toe_to_ankle", "top") in views_of
    assert ("t_ankle_to_knee_push", "leg_front") in views_of
