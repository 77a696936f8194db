"""What a zone item draws, read from its `look()` (the one place that decides it): the
tests ask the map what it paints, not the state what it holds."""

from __future__ import annotations

from reflexmap.qt.map.foot_scene import FootScene, ZoneItem


def drawn_selected(item: ZoneItem) -> bool:
    """The bold ring (3 px on screen) that marks the selected zone."""
    _fill, pen, _hatched = item.look()
    return pen.widthF() == 3.0


def drawn_hovered(item: ZoneItem) -> bool:
    """The hover fill."""
    scene = item.scene()
    assert isinstance(scene, FootScene)
    return item.look()[0] == scene.chart_style.hover


def drawn_hatched(item: ZoneItem) -> bool:
    return item.look()[2]
