"""The tops of both feet (the dorsum), seen from above.

Seen from above, the left foot is on the left with its big toe on its right (inner) side,
just as on the sole chart, so the silhouette of the sole serves here too: the left foot is
built with its inner edge on +x and the right foot is its mirror image.

Guidelines (../shared/reference/reflexology-chart.md, "Top of the foot"): the shoulder
line at the base of the toes, the diaphragm and waist levels carried over from the sole,
and the band across the front of the ankle.
"""

from __future__ import annotations

from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from reflexmap.core.chartgen import sole
from reflexmap.core.chartgen.shapes import (
    Carver,
    above,
    build_view,
    capsule,
    circle_path,
    hline,
    merge_slivers,
    shifted,
    x_less,
    x_more,
)

FOOT_OFFSET = sole.FOOT_OFFSET
SHOULDER = shifted(sole.SHOULDER, -3.0)  # the toe row seen from above starts a little lower
CHEST = hline(142.0)  # lower edge of the chest/breast area, under the ball of the foot
ANKLE_BAND_TOP = hline(84.0)  # front crease of the ankle
ANKLE_BAND_LOW = hline(70.0)
HEEL_RIM = hline(30.0)  # behind this the heel shows past the leg
OUTER_LYMPH_X = -22.0  # outer part of the forefoot: the upper lymph area
WEB_WIDTH = 6.5
WEB_DEPTH = 20.0


def left_outline() -> Polygon:
    return sole.left_outline()


def _clefts(outline: Polygon) -> list[tuple[float, float]]:
    """Bottom of each gap between two toes: where a vertical line through the gap enters
    the outline from above."""
    out: list[tuple[float, float]] = []
    for gx in sole._TOE_GAPS:
        hit = outline.intersection(LineString([(gx, 0.0), (gx, 400.0)]))
        parts = sorted(getattr(hit, "geoms", [hit]), key=lambda g: g.bounds[1])
        out.append((gx, parts[0].bounds[3]))
    return out


def left_zones(foot: str) -> dict[str, BaseGeometry]:
    del foot  # the top of the foot has the same layout on both feet
    outline = left_outline()
    pieces: dict[str, BaseGeometry] = {}
    rest = Carver(outline)

    # The spaces between the toes: short strips running back from each cleft.
    for i, (gx, gy) in enumerate(_clefts(outline), start=1):
        rest.take(f"between_toes_{i}", capsule((gx, gy + 1.0), (gx, gy - WEB_DEPTH), WEB_WIDTH))

    # The toes, split at the gaps.
    toes = Carver(rest.take("_toes", above(SHOULDER)))
    gaps = sole._TOE_GAPS
    toes.take("big_toe_top", x_more(gaps[0]))
    for i, key in enumerate(["toe2_top", "toe3_top", "toe4_top"]):
        toes.take(key, x_more(gaps[i + 1]))
    toes.rest_as("toe5_top")
    pieces.update(toes.pieces)
    del rest.pieces["_toes"]

    # Forefoot: the chest and breast area, with the upper lymph area on the outer side.
    fore = Carver(rest.take("_fore", above(CHEST)))
    fore.take("upper_lymph", x_less(OUTER_LYMPH_X))
    fore.rest_as("chest_breast")
    pieces.update(fore.pieces)
    del rest.pieces["_fore"]

    # Midfoot: the upper back on the inner and middle part, the outer edge beside it.
    mid = Carver(rest.take("_mid", above(ANKLE_BAND_TOP)))
    mid.take("outer_midfoot", x_less(-14.0))
    mid.rest_as("upper_back")
    pieces.update(mid.pieces)
    del rest.pieces["_mid"]

    rest.take("ankle_band", above(ANKLE_BAND_LOW))
    rest.take("ankle_front", above(HEEL_RIM))
    rest.rest_as("heel_rim")
    pieces.update(rest.pieces)
    return merge_slivers(pieces)


# Directions drawn on the top of the foot, in the left foot's own frame.
MOTIONS: list[tuple[str, LineString, bool]] = [
    ("t_thumb_rub_top_toe_to_ankle", LineString([(8, 222), (6, 160), (4, 110), (2, 62)]), False),
    (
        "t_thumb_strokes_ankle_to_toes",
        LineString([(-14, 62), (-12, 110), (-10, 160), (-8, 200)]),
        False,
    ),
    ("t_warmup_twists", LineString([(22, 58), (22, 110), (26, 160), (30, 196)]), False),
    ("t_finishing_strokes", LineString([(-4, 50), (-3, 110), (-2, 160), (-1, 205)]), False),
    ("t_slide_between_toes", LineString([(15.5, 176), (15.5, 197)]), False),
]


def reflex_motions() -> list[tuple[str, LineString, bool]]:
    """Reflexology's own moves on the top of the foot (source `ref_reflexology_teaching`):
    each toe turned; fingers walking down the groove between the second and third long
    bones towards the ankle; across the band at the front of the ankle; the back of the
    heel; the ankle turned in circles."""
    gx, gy = _clefts(left_outline())[1]
    return [
        ("t_reflex_toe_rotation", circle_path(30.0, 222.0, 6.0), True),
        (
            "t_reflex_finger_walk_top",
            LineString([(gx, gy - 2.0), (gx + 0.5, 150.0), (gx + 1.5, 110.0), (gx + 2.5, 88.0)]),
            False,
        ),
        ("t_reflex_finger_walk_ankle", LineString([(-24, 77), (20, 77)]), False),
        ("t_reflex_ankle_loosening", circle_path(-2.0, 77.0, 6.0), True),
        ("t_reflex_heel_sides", LineString([(-18, 20), (0, 13), (18, 20)]), False),
    ]


def build() -> dict[str, object]:
    return build_view(left_outline(), left_zones, [*MOTIONS, *reflex_motions()], FOOT_OFFSET)
