"""The palm chart of the hand test pack: `python tests/packs/hand/make_chart.py` writes
charts/palm.geojson (a chart generator as a real hand map would have one; a test checks
the committed file is its output).

Each palm is a rounded rectangle cut by the knuckle line into the fingers and the
centre; the right hand is the left one mirrored across x = 0."""

from __future__ import annotations

from pathlib import Path

from shapely.affinity import scale
from shapely.geometry import Polygon, box

from reflexmap.core.geojson import dump_chart

HERE = Path(__file__).resolve().parent
KNUCKLES_MM = 95.0  # the knuckle line, from the wrist


def left_palm() -> tuple[Polygon, dict[str, Polygon]]:
    outline = box(-130.0, 0.0, -50.0, 180.0).buffer(10.0, quad_segs=4).buffer(-10.0, quad_segs=4)
    lower = box(-200.0, -50.0, 0.0, KNUCKLES_MM)
    centre = outline.intersection(lower)
    fingers = outline.difference(lower)
    return outline, {"fingers": fingers, "centre": centre}


def chart() -> str:
    outline, zones = left_palm()

    def mirror(poly: Polygon) -> Polygon:
        return Polygon(scale(poly, xfact=-1.0, origin=(0, 0)).exterior.coords[::-1])

    return dump_chart(
        "palm",
        {"left": outline, "right": mirror(outline)},
        {"left": zones, "right": {k: mirror(z) for k, z in zones.items()}},
    )


if __name__ == "__main__":
    (HERE / "charts" / "palm.geojson").write_text(chart(), encoding="utf-8")
