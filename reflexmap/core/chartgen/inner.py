"""The inner (medial) sides of both feet, in profile.

Each foot is seen from its inner side: heel at the back, the ankle bone above it, the arch
lifting off the ground and the big toe in front. Seen that way the toes of the left foot
point to the viewer's right, so the two feet face each other with the left foot on the
left, as on the sole chart; the right foot is the mirror image.

Frame of the left foot: millimetres, y up, the ground at y = 0, the back of the heel near
x = 0 and the big-toe tip near x = 265; the leg is cut off below the knee, 41 cm above the
ground, so that the calf shows and the two profiles side by side are not much wider than
the map (about 1.4:1; with the leg cut at 30 cm they were 1.9:1 and left wide margins).
The view cannot stack the feet one above the other: a chart's right foot is the mirror
image of its left about x = 0 (the loader checks it) and the map draws chart coordinates.

The inner ankle bone (medial malleolus, the end of the tibia) sits higher and further
forward than the outer one and is broad and round. It bulges towards the viewer, so a side
view shows it as a contour inside the outline, not in the silhouette.

Guideline (../shared/reference/reflexology-chart.md): the spine runs along the inner edge,
neck vertebrae at the big toe, thoracic along the ball, lumbar along the arch, sacrum and
coccyx at the heel.
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

FOOT_OFFSET = 18.0  # gap between the toe tips and the chart's axis (mm)
SPINE_WIDTH = 10.0
ANKLE_BONE = (64.0, 92.0)  # the inner ankle bone (medial malleolus): high, broad, forward
ARCH_TOP = hline(36.0)  # the inner arch below, the instep above

# Control polygon: along the sole from the heel to the toe, back over the top of the big
# toe and the instep, up the front of the ankle, across the cut and down the Achilles.
_PROFILE = [
    (8.0, 6.0),
    (18.0, 1.0),
    (40.0, 0.0),
    (58.0, 3.0),
    (80.0, 13.0),
    (105.0, 18.0),
    (130.0, 15.0),
    (155.0, 6.0),
    (175.0, 1.0),
    (200.0, 0.0),
    (222.0, 1.0),
    (240.0, 2.0),
    (253.0, 5.0),
    (262.0, 12.0),
    (265.0, 21.0),
    (262.0, 30.0),
    (254.0, 35.0),
    (242.0, 36.0),
    (230.0, 35.0),
    (218.0, 37.0),
    (204.0, 42.0),
    (190.0, 47.0),
    (172.0, 53.0),
    (154.0, 59.0),
    (134.0, 68.0),
    (116.0, 79.0),
    (105.0, 90.0),
    (100.0, 102.0),
    (97.0, 114.0),
    (91.0, 126.0),
    (88.0, 142.0),
    (87.0, 170.0),
    (88.0, 230.0),
    (89.0, 300.0),
    (89.0, 360.0),
    (88.0, 396.0),
    (86.0, 412.0),
    (48.0, 415.0),
    (3.0, 412.0),
    (-3.0, 398.0),
    (-9.0, 372.0),
    (-11.0, 345.0),
    (-8.0, 315.0),
    (-1.0, 282.0),
    (9.0, 245.0),
    (19.0, 208.0),
    (26.0, 176.0),
    (31.0, 146.0),
    (30.0, 116.0),
    (28.0, 98.0),
    (23.0, 82.0),
    (13.0, 66.0),
    (4.0, 50.0),
    (-1.0, 33.0),
    (0.0, 17.0),
]
FRONT = FOOT_OFFSET + 265.0  # the left foot is moved so its toe tip sits near x = 0


def left_outline() -> Polygon:
    return simplified(Polygon(chaikin(_PROFILE, rounds=5)))


def left_zones(foot: str) -> dict[str, BaseGeometry]:
    del foot  # both inner sides carry the same layout
    outline = left_outline()
    pieces: dict[str, BaseGeometry] = {}
    rest = Carver(outline)

    # The spine along the lower (inner) edge, from the heel to the big toe.
    strip = edge_strip(outline, SPINE_WIDTH, dy=-1.0).intersection(x_more(9.0))
    spine = Carver(rest.take("_spine", strip.intersection(below(hline(30.0)))))
    spine.take("spine_sacrum_coccyx", x_less(55.0))
    spine.take("spine_lumbar", x_less(125.0))
    spine.take("spine_thoracic", x_less(203.0))
    spine.rest_as("spine_cervical")
    pieces.update(spine.pieces)
    del rest.pieces["_spine"]

    take_ankle(
        rest,
        outline,
        "inner_ankle",
        malleolus(*ANKLE_BONE, 12.5, 12.0, taper=0.12),
        front_until=110.0,
        achilles_top=200.0,
        front_top=165.0,
    )
    rest.take("inner_heel", x_less(48.0).intersection(below(hline(62.0))))
    rest.take("below_inner_ankle", x_less(92.0).intersection(above(ARCH_TOP)))
    rest.take("big_toe_side", x_more(203.0))
    rest.take("big_toe_joint", x_more(166.0))
    rest.take("inner_arch", below(ARCH_TOP))
    rest.rest_as("instep")
    pieces.update(rest.pieces)
    return merge_slivers(pieces)


# Directions on the inner side, in the left foot's own frame.
MOTIONS: list[tuple[str, LineString, bool]] = [
    ("t_achilles_thumb_strokes", LineString([(30, 70), (36, 110), (37, 170)]), False),
    ("t_achilles_pinch_stroke_to_heel", LineString([(40, 170), (40, 110), (33, 70)]), False),
    ("t_achilles_skin_pinch_pull", LineString([(38, 100), (24, 64)]), False),
]


def reflex_motions() -> list[tuple[str, LineString, bool]]:
    """Reflexology's own moves on the inner side (source `ref_reflexology_teaching`)."""
    outline = left_outline()
    cx, cy = ANKLE_BONE
    return [
        # The spine: thumb walking along the inner edge from the heel to the big toe.
        (
            "t_reflex_thumb_walk_spine",
            edge_path(outline, SPINE_WIDTH / 2.0, box(12.0, -10.0, 240.0, 24.0), (0.0, 0.0)),
            False,
        ),
        # Spinal twist: the hands wring the inner side, working from the heel to the toes.
        (
            "t_reflex_spinal_twist",
            LineString([(22, 40), (60, 36), (110, 31), (160, 27), (200, 24), (236, 20)]),
            False,
        ),
        # Bladder: a fan over the soft mound at the inner edge of the heel.
        ("t_reflex_bladder_fan", arc(30.0, 36.0, 9.0, 200.0, -20.0), False),
        # Around and below the ankle bone; the ankle turned in circles.
        ("t_reflex_finger_walk_ankle", arc(cx, cy, 17.0, 220.0, 330.0), False),
        ("t_reflex_ankle_loosening", circle_path(cx + 3.0, cy, 15.0), True),
        # Down the top of the foot towards the ankle (the instep seen from the side).
        ("t_reflex_finger_walk_top", LineString([(160, 41), (130, 53), (106, 64)]), False),
    ]


def build() -> dict[str, object]:
    return build_view(left_outline(), left_zones, [*MOTIONS, *reflex_motions()], FRONT)
