"""Construct the bundled charts from reflexology's guidelines.

The GeoJSON in assets/charts is generated from these modules (`python -m
reflexmap.core.chartgen`), never hand-edited; a test checks the committed files match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflexmap.core.geojson import dump_chart


def builders() -> dict[str, Callable[[], dict[str, Any]]]:
    from reflexmap.core.chartgen import inner, leg, outer, sole, top

    return {
        "sole": sole.build,
        "top": top.build,
        "inner": inner.build,
        "outer": outer.build,
        "leg_front": leg.build_front,
        "leg_back": leg.build_back,
    }


def render_all() -> dict[str, str]:
    """Every bundled chart as GeoJSON text, keyed by view id."""
    out: dict[str, str] = {}
    for view, build in builders().items():
        data = build()
        out[view] = dump_chart(view, data["outlines"], data["zones"], data.get("motions", []))
    return out
