"""Both legs, from the front and from behind (two views, `leg_front` and `leg_back`).

Each leg runs from the foot (front view) or the heel (back view) up to the hip or the
buttock: the thigh is wider than the calf, the leg narrows below the knee, the calf bulges
on the back view and the ankle is the narrowest part. The left leg is on the left in both
views: from behind that is simply how it is; from the front it is the view you have
looking down at your own legs. The left leg is built with its inner side on +x and the
right leg is its mirror image.

Frame of the left leg: millimetres, y up, the ankle joint at y = 0, the hip at y ~ 850.
Reflexology charts make no claims about the legs; the zones name the areas that the
massage techniques work on, and the back of the knee carries the acupoint Bladder 40.
"""

from __future__ import annotations

from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from reflexmap.core.chartgen.shapes import (
    Carver,
    above,
    below,
    build_view,
    chaikin,
    ellipse,
    hline,
    merge_slivers,
    simplified,
    slanted,
    x_less,
    x_more,
)

LEG_OFFSET = 82.0  # distance of each leg's axis from the chart's axis (mm)
KNEE_LOW, KNEE_HIGH = 432.0, 548.0  # the band of the knee

# Control polygons, counter-clockwise from the bottom; inner (medial) side on +x.
_FRONT = [
    (10.0, -62.0),
    (40.0, -58.0),
    (48.0, -42.0),
    (40.0, -22.0),
    (35.0, -6.0),
    (39.0, 8.0),
    (33.0, 24.0),
    (30.0, 56.0),
    (38.0, 130.0),
    (52.0, 210.0),
    (58.0, 270.0),
    (54.0, 340.0),
    (44.0, 410.0),
    (47.0, 460.0),
    (48.0, 515.0),
    (55.0, 570.0),
    (64.0, 650.0),
    (70.0, 725.0),
    (67.0, 790.0),
    (44.0, 808.0),
    (0.0, 828.0),
    (-40.0, 848.0),
    (-82.0, 866.0),
    (-100.0, 822.0),
    (-96.0, 740.0),
    (-84.0, 640.0),
    (-66.0, 560.0),
    (-50.0, 505.0),
    (-46.0, 455.0),
    (-52.0, 400.0),
    (-58.0, 330.0),
    (-54.0, 250.0),
    (-40.0, 150.0),
    (-30.0, 70.0),
    (-29.0, 30.0),
    (-38.0, 4.0),
    (-34.0, -10.0),
    (-42.0, -26.0),
    (-48.0, -44.0),
    (-42.0, -58.0),
    (-20.0, -63.0),
]
_BACK = [
    (0.0, -47.0),
    (20.0, -42.0),
    (29.0, -22.0),
    (34.0, 8.0),
    (30.0, 40.0),
    (30.0, 80.0),
    (42.0, 150.0),
    (60.0, 230.0),
    (65.0, 290.0),
    (58.0, 360.0),
    (45.0, 430.0),
    (47.0, 482.0),
    (53.0, 545.0),
    (62.0, 640.0),
    (69.0, 720.0),
    (68.0, 785.0),
    (62.0, 835.0),
    (44.0, 882.0),
    (0.0, 908.0),
    (-52.0, 905.0),
    (-86.0, 878.0),
    (-100.0, 830.0),
    (-96.0, 760.0),
    (-82.0, 645.0),
    (-64.0, 552.0),
    (-52.0, 492.0),
    (-48.0, 440.0),
    (-57.0, 380.0),
    (-63.0, 310.0),
    (-56.0, 230.0),
    (-40.0, 150.0),
    (-30.0, 80.0),
    (-29.0, 40.0),
    (-33.0, 10.0),
    (-29.0, -20.0),
    (-20.0, -42.0),
]


def front_outline() -> Polygon:
    return simplified(Polygon(chaikin(_FRONT, rounds=5)))


def back_outline() -> Polygon:
    return simplified(Polygon(chaikin(_BACK, rounds=5)))


def front_zones(foot: str) -> dict[str, BaseGeometry]:
    del foot  # both legs carry the same layout
    rest = Carver(front_outline())
    rest.take("hip_groin", above(slanted(-80.0, 792.0, 60.0, 752.0)))
    rest.take("outer_thigh", above(hline(KNEE_HIGH)).intersection(x_less(-36.0)))
    rest.take("inner_thigh", above(hline(KNEE_HIGH)).intersection(x_more(24.0)))
    rest.take("front_thigh", above(hline(KNEE_HIGH)))
    rest.take("kneecap", ellipse(0.0, 488.0, 21.0, 25.0))
    rest.take("knee", above(hline(KNEE_LOW)))
    rest.take("foot_top", below(hline(-6.0)))
    rest.take("ankle_front", below(hline(42.0)))
    rest.take("shin", x_more(-7.0).intersection(x_less(13.0)))
    rest.take("outer_lower_leg", x_less(0.0))
    rest.rest_as("inner_lower_leg")
    return merge_slivers(rest.pieces)


def back_zones(foot: str) -> dict[str, BaseGeometry]:
    del foot
    rest = Carver(back_outline())
    rest.take("buttock", above(slanted(-88.0, 800.0, 62.0, 786.0)))
    rest.take("hamstring_outer", above(hline(KNEE_HIGH)).intersection(x_less(-12.0)))
    rest.take("hamstring_inner", above(hline(KNEE_HIGH)))
    rest.take("popliteal_fossa", ellipse(-2.0, 492.0, 19.0, 30.0))
    rest.take("knee_back", above(hline(KNEE_LOW)))
    rest.take(
        "achilles",
        x_more(-9.0)
        .intersection(x_less(9.0))
        .intersection(below(hline(172.0)))
        .intersection(above(hline(4.0))),
    )
    rest.take("heel", below(hline(4.0)))
    rest.take("ankle_back_outer", below(hline(62.0)).intersection(x_less(0.0)))
    rest.take("ankle_back_inner", below(hline(62.0)))
    rest.take("calf_outer", x_less(0.0))
    rest.rest_as("calf_inner")
    return merge_slivers(rest.pieces)


# Directions on the legs, in the left leg's own frame.
FRONT_MOTIONS: list[tuple[str, LineString, bool]] = [
    ("t_ankle_to_knee_push", LineString([(-18, 30), (-22, 200), (-20, 420)]), False),
    ("t_thigh_slow_firm_strokes", LineString([(-8, 565), (-12, 660), (-14, 760)]), False),
]
BACK_MOTIONS: list[tuple[str, LineString, bool]] = [
    (
        "t_back_of_leg_long_strokes",
        LineString([(-20, 40), (-32, 300), (-30, 500), (-36, 770)]),
        False,
    ),
    ("t_achilles_thumb_strokes", LineString([(0, 20), (0, 160)]), False),
    ("t_achilles_pinch_stroke_to_heel", LineString([(22, 160), (18, 60), (12, -25)]), False),
    ("t_achilles_skin_pinch_pull", LineString([(-16, 55), (-12, -20)]), False),
]


def build_front() -> dict[str, object]:
    return build_view(front_outline(), front_zones, FRONT_MOTIONS, LEG_OFFSET)


def build_back() -> dict[str, object]:
    return build_view(back_outline(), back_zones, BACK_MOTIONS, LEG_OFFSET)
