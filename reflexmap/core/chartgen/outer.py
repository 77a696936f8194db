"""The outer (lateral) sides of both feet, in profile.

Each foot is seen from its outer side: the outer edge rests flat on the ground, the outer
ankle bone sits lower and further back than the inner one, and the little toe is in front.
Seen that way the toes of the left foot point to the viewer's left, so the left foot (on
the left) faces outwards and the right foot is its mirror image.

The left foot is built with its toes towards +x (heel near x = 0, ground at y = 0) and
flipped when placed. The leg is cut off below the knee, as on the inner view. The outer
ankle bone (lateral malleolus, the end of the fibula) is narrower and longer than the inner
one, its tip pointing down and back.

Guidelines (../shared/reference/reflexology-chart.md): along the outer edge lie the
shoulder (below the little toe), the arm and elbow (up to the bump at the base of the
fifth metatarsal, on the waistline), the knee and, at the heel, the hip.
"""

from __future__ import annotations

from shapely.geometry import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

from reflexmap.core.chartgen.shapes import (
    Carver,
    above,
    arc,
    below,
    build_view,
    chaikin,
    circle_path,
    edge_path,
    edge_strip,
    hline,
    malleolus,
    merge_slivers,
    simplified,
    take_ankle,
    x_less,
    x_more,
)

EDGE_WIDTH = 11.0
ANKLE_BONE = (52.0, 80.0)  # the outer ankle bone (lateral malleolus): low, narrow, back
SIDE_TOP = hline(34.0)  # the outer side below, the top of the foot above
OFFSET = 18.0 + 8.0  # heel side towards the axis; the feet face away from each other

# Control polygon: the flat outer edge from heel to little toe, the toes, the top of the
# foot, up the front of the ankle, across the cut and down the Achilles.
_PROFILE = [
    (8.0, 6.0),
    (18.0, 1.0),
    (40.0, 0.0),
    (75.0, 1.0),
    (100.0, 3.0),
    (112.0, 6.0),
    (124.0, 4.0),
    (150.0, 2.0),
    (180.0, 1.0),
    (205.0, 1.0),
    (222.0, 2.0),
    (233.0, 4.0),
    (241.0, 10.0),
    (245.0, 19.0),
    (242.0, 28.0),
    (234.0, 33.0),
    (224.0, 33.0),
    (214.0, 33.0),
    (203.0, 36.0),
    (190.0, 41.0),
    (172.0, 47.0),
    (146.0, 58.0),
    (124.0, 70.0),
    (107.0, 83.0),
    (101.0, 95.0),
    (98.0, 107.0),
    (92.0, 120.0),
    (89.0, 138.0),
    (88.0, 170.0),
    (89.0, 230.0),
    (90.0, 300.0),
    (90.0, 360.0),
    (89.0, 396.0),
    (87.0, 412.0),
    (48.0, 415.0),
    (4.0, 412.0),
    (-2.0, 398.0),
    (-7.0, 375.0),
    (-9.0, 350.0),
    (-7.0, 322.0),
    (-1.0, 290.0),
    (8.0, 252.0),
    (18.0, 214.0),
    (26.0, 180.0),
    (31.0, 148.0),
    (31.0, 116.0),
    (29.0, 98.0),
    (24.0, 80.0),
    (14.0, 63.0),
    (5.0, 47.0),
    (-1.0, 31.0),
    (0.0, 16.0),
]


def left_outline() -> Polygon:
    return simplified(Polygon(chaikin(_PROFILE, rounds=5)))


def left_zones(foot: str) -> dict[str, BaseGeometry]:
    del foot  # both outer sides carry the same layout
    outline = left_outline()
    pieces: dict[str, BaseGeometry] = {}
    rest = Carver(outline)

    rest.take("little_toe_side", x_more(206.0))
    strip = edge_strip(outline, EDGE_WIDTH, dy=-1.0).intersection(below(hline(30.0)))
    edge = Carver(rest.take("_edge", strip))
    edge.take("shoulder", x_more(172.0))
    edge.take("arm_elbow", x_more(112.0))
    edge.take("knee", x_more(50.0))
    edge.rest_as("hip")
    pieces.update(edge.pieces)
    del rest.pieces["_edge"]

    take_ankle(
        rest,
        outline,
        "outer_ankle",
        malleolus(*ANKLE_BONE, 10.5, 14.0, taper=0.35, tilt=-10.0),
        front_until=112.0,
        achilles_top=200.0,
        front_top=165.0,
    )
    rest.take("outer_heel", x_less(50.0).intersection(below(hline(58.0))))
    rest.take("below_outer_ankle", x_less(92.0).intersection(above(SIDE_TOP)))
    rest.take("outer_side", below(SIDE_TOP))
    rest.rest_as("top_outer")
    pieces.update(rest.pieces)
    return merge_slivers(pieces)


# Directions on the outer side, in the left foot's own frame (before the flip).
MOTIONS: list[tuple[str, LineString, bool]] = [
    ("t_achilles_thumb_strokes", LineString([(30, 70), (37, 110), (39, 170)]), False),
    ("t_achilles_pinch_stroke_to_heel", LineString([(42, 170), (42, 110), (34, 70)]), False),
    ("t_achilles_skin_pinch_pull", LineString([(40, 100), (25, 64)]), False),
]


def reflex_motions() -> list[tuple[str, LineString, bool]]:
    """Reflexology's own moves on the outer side (source `ref_reflexology_teaching`), in
    the left foot's own frame (before the flip)."""
    outline = left_outline()
    cx, cy = ANKLE_BONE
    return [
        # Along the outer edge from the heel to the little toe.
        (
            "t_reflex_outer_edge_walk",
            edge_path(outline, EDGE_WIDTH / 2.0, box(12.0, -10.0, 226.0, 14.0), (0.0, 0.0)),
            False,
        ),
        # The outer side of the heel, round towards its back.
        ("t_reflex_heel_sides", LineString([(44, 20), (26, 17), (14, 26), (14, 40)]), False),
        # Around and below the ankle bone; the ankle turned in circles.
        ("t_reflex_finger_walk_ankle", arc(cx, cy, 16.0, 220.0, 330.0), False),
        ("t_reflex_ankle_loosening", circle_path(cx + 4.0, cy + 2.0, 14.0), True),
        # Down the top of the foot towards the ankle, seen from the outer side.
        ("t_reflex_finger_walk_top", LineString([(165, 40), (140, 50), (114, 62)]), False),
    ]


def build() -> dict[str, object]:
    return build_view(left_outline(), left_zones, [*MOTIONS, *reflex_motions()], OFFSET, flip=True)
