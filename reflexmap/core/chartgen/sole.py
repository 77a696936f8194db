"""The soles of both feet, seen from below, constructed from reflexology's guidelines.

Frame: millimetres, y up (heel at y = 0, big-toe tip near y = 250). The left sole is built
with its inner (medial) edge on +x, then moved so both feet sit side by side, big toes
facing each other, as on a conventional chart; the right sole is its mirror image.

Guidelines (../shared/reference/reflexology-chart.md): the shoulder line across the base of
the toes, the diaphragm line under the ball, the waistline level with the base of the fifth
metatarsal, the pelvic line at the front of the heel pad, the spine along the inner edge.
"""

from __future__ import annotations

import math
from typing import TypeVar

from shapely import affinity
from shapely.geometry import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

from reflexmap.core.chartgen.shapes import (
    Carver,
    above,
    arc,
    below,
    capsule,
    chaikin,
    circle_path,
    edge_path,
    ellipse,
    hline,
    merge_slivers,
    mirror_x,
    rows,
    shifted,
    simplified,
    slanted,
    union,
    x_less,
    x_more,
)

FOOT_OFFSET = 72.0  # distance of each foot's centre line from the chart's axis (mm)

# Guideline heights (mm from the back of the heel), foot length ~250 mm.
SHOULDER = slanted(-50.0, 183.0, 50.0, 197.0)  # base of the toes, lower on the little-toe side
TOE_BASE = shifted(SHOULDER, -13.0)  # lower edge of the eye/ear band under the toes
DIAPHRAGM = slanted(-50.0, 148.0, 50.0, 154.0)  # under the ball of the foot
WAIST = hline(108.0)  # level with the base of the fifth metatarsal
PELVIC = hline(66.0)  # front edge of the heel pad
SPINE_WIDTH = 7.0
EDGE_WIDTH = 7.5

# Control polygon of the sole without toes: (x, y), lateral edge on -x, medial on +x.
_BODY = [
    (0.0, -1.0),
    (-22.0, 2.0),
    (-31.0, 14.0),
    (-33.0, 38.0),
    (-33.0, 62.0),
    (-35.0, 90.0),
    (-39.0, 118.0),
    (-45.0, 148.0),
    (-49.0, 172.0),
    (-47.0, 190.0),
    (-36.0, 199.0),
    (-5.0, 206.0),
    (30.0, 206.0),
    (46.0, 200.0),
    (49.0, 180.0),
    (44.0, 158.0),
    (33.0, 140.0),
    (23.0, 118.0),
    (21.0, 96.0),
    (25.0, 72.0),
    (31.0, 48.0),
    (32.0, 24.0),
    (25.0, 6.0),
]

# Toes: (base centre, tip, width). Big toe on the medial (+x) side; each toe is an ellipse
# reaching from inside the forefoot to its tip, so the gaps open towards the tips.
_TOES = [
    ((29.0, 190.0), (31.0, 240.0), 27.0),
    ((5.0, 190.0), (5.5, 230.0), 15.0),
    ((-12.0, 187.0), (-13.5, 222.0), 13.5),
    ((-26.5, 183.0), (-29.0, 212.5), 12.5),
    ((-39.0, 177.0), (-43.0, 200.0), 11.0),
]
# x positions of the gaps between the toes (used to split the toe row).
_TOE_GAPS = [15.5, -4.5, -20.0, -34.0]


def _toe(base: tuple[float, float], tip: tuple[float, float], width: float) -> Polygon:
    (bx, by), (tx, ty) = base, tip
    length = ((tx - bx) ** 2 + (ty - by) ** 2) ** 0.5
    angle = math.degrees(math.atan2(tx - bx, ty - by))
    cx, cy = (bx + tx) / 2.0, (by + ty) / 2.0
    return ellipse(cx, cy, width / 2.0, length / 2.0, angle=-angle)


def left_outline() -> Polygon:
    body = Polygon(chaikin(_BODY, rounds=5))
    toes = [_toe(base, tip, width) for base, tip, width in _TOES]
    shape = union([body, *toes])
    # Soften the joints between toes and sole without closing the gaps between toes.
    shape = shape.buffer(1.2, quad_segs=8).buffer(-1.2, quad_segs=8)
    return simplified(Polygon(shape.exterior))


def _edge_strip(region: BaseGeometry, width: float, medial: bool) -> BaseGeometry:
    """Points of `region` within `width` mm (horizontally) of its medial or lateral edge."""
    shift = -width if medial else width
    return region.difference(affinity.translate(region, xoff=shift))


def left_zones(foot: str) -> dict[str, BaseGeometry]:
    """Zones of one sole in the left-foot frame; `foot` picks the organ layout."""
    outline = left_outline()
    pieces: dict[str, BaseGeometry] = {}
    right = foot == "right"

    toes_region = outline.intersection(above(SHOULDER))
    body = outline.difference(above(SHOULDER))

    # Spine along the inner edge, from the big toe to the heel.
    spine_all = _edge_strip(outline, SPINE_WIDTH, medial=True).intersection(x_more(0.0))
    spine_all = spine_all.intersection(above(hline(10.0)))
    spine = Carver(spine_all)
    spine.take("spine_cervical", above(SHOULDER))
    spine.take("spine_thoracic", above(WAIST))
    spine.take("spine_lumbar", above(PELVIC))
    spine.rest_as("spine_sacrum_coccyx")
    pieces.update(spine.pieces)
    toes_region = toes_region.difference(spine_all)
    body = body.difference(spine_all)

    # Toes: split the toe row at the gaps; the big toe holds head, pituitary and neck.
    toes = Carver(toes_region)
    big = toes.take("big_toe", x_more(_TOE_GAPS[0]))
    for i, key in enumerate(["toe2", "toe3", "toe4"]):
        toes.take(key, x_more(_TOE_GAPS[i + 1]))
    toes.rest_as("toe5")
    for i, key in enumerate(["toe2", "toe3", "toe4", "toe5"], start=2):
        pieces[f"sinus_toe{i}"] = toes.pieces[key]
    big_toe = Carver(big)
    big_toe.take("pituitary", ellipse(29.5, 222.0, 4.8, 4.8))
    big_toe.take("big_toe_neck", below(shifted(SHOULDER, 14.0)))
    big_toe.rest_as("head_brain")
    pieces.update(big_toe.pieces)

    # Band just under the toes: neck/thyroid under the big toe, eyes under toes 2-3,
    # ears under toes 4-5; the shoulder at the outer end.
    tb = Carver(body.intersection(above(TOE_BASE)))
    body = body.difference(above(TOE_BASE))
    tb.take("shoulder", x_less(-37.0))
    tb.take("thyroid", x_more(_TOE_GAPS[0] - 1.0))
    tb.take("eyes", x_more(-17.0))
    tb.rest_as("ears")
    pieces.update(tb.pieces)

    # Ball of the foot, down to the diaphragm line: lungs; heart on the left foot.
    ball = Carver(body.intersection(above(DIAPHRAGM)))
    body = body.difference(above(DIAPHRAGM))
    ball.take("shoulder_arm", x_less(-38.0))
    if not right:
        ball.take("heart", ellipse(14.0, 162.0, 13.0, 8.5, angle=6.0))
    ball.rest_as("lungs_chest")
    pieces["shoulder"] = union([pieces["shoulder"], ball.pieces.pop("shoulder_arm")])
    pieces.update(ball.pieces)

    # Upper arch, diaphragm to waistline.
    upper = Carver(body.intersection(above(WAIST)))
    body = body.difference(above(WAIST))
    upper.take("solar_plexus", ellipse(3.0, 143.0, 8.0, 6.5))
    upper.take("arm_elbow", _edge_strip(outline, EDGE_WIDTH, medial=False))
    upper.take("kidney", ellipse(1.0, 120.0, 8.0, 11.5, angle=-12.0))
    upper.take("adrenal", ellipse(1.5, 133.5, 5.0, 3.5))
    if right:
        upper.take("gallbladder", ellipse(-22.0, 113.0, 6.0, 5.0))
        upper.take("liver", x_less(-9.0))
        upper.take("stomach", above(hline(127.0)))
        upper.rest_as("pancreas")
    else:
        upper.take("spleen", x_less(-19.0))
        upper.take("stomach", above(hline(127.0)))
        upper.rest_as("pancreas")
    pieces.update(upper.pieces)

    # Lower arch, waistline to the pelvic line: intestines, ureter, bladder.
    lower = Carver(body.intersection(above(PELVIC)))
    body = body.difference(above(PELVIC))
    lower.take("bladder", ellipse(17.0, 72.0, 9.0, 8.0))
    lower.take("transverse_colon", above(hline(99.0)))
    lower.take("ureter", capsule((3.0, 101.0), (13.0, 78.0), 4.0))
    if right:
        lower.take("ileocaecal_valve", x_less(-20.0).intersection(below(hline(76.0))))
        lower.take("ascending_colon", x_less(-20.0))
        lower.rest_as("small_intestine")
    else:
        lower.take("sigmoid_colon", below(hline(74.0)))
        lower.take("descending_colon", x_less(-20.0))
        lower.rest_as("small_intestine")
    pieces.update(lower.pieces)

    # Heel: pelvis and hip, the sciatic band, the lower heel; knee/hip on the outer edge.
    heel = Carver(body)
    heel.take(
        "knee_hip_edge",
        _edge_strip(outline, EDGE_WIDTH, medial=False).intersection(above(hline(22.0))),
    )
    heel.take("pelvis_hip", above(hline(45.0)))
    heel.take("sciatic_band", above(hline(35.0)))
    heel.rest_as("lower_heel")
    pieces.update(heel.pieces)
    return merge_slivers(pieces)


G = TypeVar("G", bound=BaseGeometry)


def _to_view(geom: G, foot: str) -> G:
    placed = affinity.translate(geom, xoff=-FOOT_OFFSET)
    out = mirror_x(placed) if foot == "right" else placed
    assert isinstance(out, type(geom))
    return out


def build() -> dict[str, object]:
    """Outlines and zones of both soles in the view frame."""
    outlines = {foot: _to_view(left_outline(), foot) for foot in ("left", "right")}
    zones = {
        foot: {key: _to_view(g, foot) for key, g in left_zones(foot).items()}
        for foot in ("left", "right")
    }
    return {"outlines": outlines, "zones": zones, "motions": motions()}


# Directions of the sole techniques, in the left-foot frame (mirrored for the right foot).
MOTIONS: list[tuple[str, LineString, bool]] = [
    ("t_sole_small_thumb_circles", LineString([(2, 22), (0, 80), (-4, 140), (-6, 178)]), False),
    ("t_two_hand_thumb_press_sole", LineString([(12, 22), (10, 80), (12, 140), (22, 182)]), False),
    ("t_sole_centre_stroke_to_heel", LineString([(-2, 150), (0, 100), (0, 30)]), False),
    ("t_heel_circles", circle_path(0.0, 32.0, 13.0), True),
    ("t_arch_opposing_thumb_circles", circle_path(0.0, 118.0, 10.0), True),
    ("t_fist_knead_sole", circle_path(-4.0, 125.0, 22.0), True),
]


def _y_on(line: list[tuple[float, float]], x: float) -> float:
    """Height of a straight guideline at `x`."""
    (x0, y0), (x1, y1) = line
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def reflex_motions() -> list[tuple[str, LineString, bool]]:
    """Reflexology's own moves (source `ref_reflexology_teaching`), drawn where its
    teaching uses each one, in the left-foot frame; both feet alike."""
    outline = left_outline()
    ridge = [(x, (_y_on(SHOULDER, x) + _y_on(TOE_BASE, x)) / 2.0) for x in (16.0, -35.0)]
    return [
        # Toes: down the big toe's pad; each toe turned on its base; the pituitary hook.
        ("t_reflex_thumb_walk_toe_pads", LineString([(30, 236), (29.5, 218), (29, 209)]), False),
        ("t_reflex_toe_rotation", circle_path(28.0, 227.0, 5.5), True),
        (
            "t_reflex_hook_pituitary",
            LineString([(27, 226), (29.5, 222), (30.5, 219.5), (32.5, 219.5), (33.5, 222)]),
            False,
        ),
        # Across the base of the big toe, then along the ridge under the toes.
        ("t_reflex_thumb_walk_toe_ridge", LineString([(34, 201), (21, 200), *ridge]), False),
        # Ball: upward between the long bones; the fist kneading it.
        ("t_reflex_thumb_walk_ball", LineString([(6, 155), (6, 176)]), False),
        ("t_reflex_metatarsal_kneading", circle_path(-8.0, 164.0, 8.0), True),
        # Solar plexus and diaphragm line.
        ("t_reflex_solar_plexus_breath", LineString([(3, 149), (3, 144)]), False),
        ("t_reflex_rotate_solar_plexus", circle_path(3.0, 143.0, 4.0), True),
        (
            "t_reflex_diaphragm_relaxer",
            LineString([(x, _y_on(DIAPHRAGM, x) + 1.5) for x in (30.0, -42.0)]),
            False,
        ),
        # Upper arch: the adrenal point, then rows across; lower arch: rows across.
        ("t_reflex_rotate_adrenal", circle_path(1.5, 133.5, 2.5), True),
        ("t_reflex_thumb_walk_upper_arch", rows(14.0, -27.0, [132.0, 122.0, 113.0]), False),
        ("t_reflex_thumb_walk_lower_arch", rows(8.0, -27.0, [103.0, 92.0, 82.0]), False),
        # Bladder: a fan over the mound at the inner edge of the heel.
        ("t_reflex_bladder_fan", arc(13.5, 70.5, 4.5, 200.0, -20.0), False),
        # The spine: along the inner edge from the heel to the big toe.
        (
            "t_reflex_thumb_walk_spine",
            edge_path(outline, SPINE_WIDTH / 2.0, box(12.0, 14.0, 100.0, 226.0), (25.0, 0.0)),
            False,
        ),
        # Spinal twist: the hands wring the inner edge, working from the heel to the toes.
        (
            "t_reflex_spinal_twist",
            edge_path(outline, SPINE_WIDTH / 2.0 + 1.0, box(12.0, 20.0, 100.0, 200.0), (25.0, 0.0)),
            False,
        ),
        # Heel pad: rows across; outer edge: from the heel to below the little toe.
        ("t_reflex_thumb_walk_heel", rows(22.0, -22.0, [56.0, 44.0, 32.0]), False),
        (
            "t_reflex_outer_edge_walk",
            edge_path(outline, EDGE_WIDTH / 2.0, box(-100.0, 22.0, -8.0, 176.0), (-30.0, 0.0)),
            False,
        ),
        # Side-to-side: the foot rocked quickly between the palms.
        (
            "t_reflex_side_to_side",
            LineString([(-26, 92), (16, 94), (-26, 98), (16, 100), (-26, 104)]),
            False,
        ),
    ]


def foot_motions(foot: str) -> list[tuple[str, LineString, bool]]:
    """Moves drawn differently on each foot, in that foot's own (left-foot) frame: the
    colon is followed the way it runs, up the ascending colon and across on the right
    foot, across, down the descending colon and along the sigmoid on the left; the hook
    goes into the ileocaecal valve on the right foot and the sigmoid colon on the left
    (the same place in this frame: each foot has only one of them)."""
    hook = LineString([(-28, 73.5), (-25, 71), (-24, 68.5), (-22, 68.5), (-21, 71)])
    if foot == "right":
        colon = LineString([(-26, 70), (-26, 103), (12, 103)])
        return [("t_reflex_colon_course", colon, False), ("t_reflex_hook_ileocaecal", hook, False)]
    colon = LineString([(12, 103), (-26, 103), (-26, 77), (-15, 70.5), (5, 69.5)])
    return [("t_reflex_colon_course", colon, False), ("t_reflex_hook_sigmoid", hook, False)]


def motions() -> list[tuple[str, str, LineString, bool]]:
    out: list[tuple[str, str, LineString, bool]] = []
    reflex = reflex_motions()
    for foot in ("left", "right"):
        for technique, line, circular in [*MOTIONS, *reflex, *foot_motions(foot)]:
            out.append((technique, foot, _to_view(line, foot), circular))
    return out
