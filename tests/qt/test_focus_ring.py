"""The map's keyboard focus ring is visible in every theme (issue 29, WCAG 2.2 focus
appearance): 3:1 or more against the zone's fill and against the zone's edge colour,
whatever state tints the focused zone (at rest, selected, hovered, hatched, a mark's heat).

Two measures: the colours the paint routine draws the ring with (`ZoneItem.ring()`, which
`paint()` uses) against the fill and edge `look()` gives, for every zone of a view in
every state; and the rendered pixels, which must show those two bands just inside the
edge of a focused zone, so the paint routine is really drawing what was measured.
Measured 2026-12-06 (worst over the sole's zones and states): ring vs fill 7.85:1 light,
4.70:1 dark, 5.70:1 high contrast; ring vs edge 6.90:1, 8.83:1, 21:1.
Before this ring, the focus was a dashed line in the ink colour: 2.5:1 against the edge in
the light theme, 2.1:1 in the dark one, 1:1 in high contrast.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from reflexmap.qt.map.foot_scene import RING_PX
from reflexmap.qt.map.style import contrast_ratio
from reflexmap.qt.state import MarkLayer

THEMES = ("light", "dark", "high-contrast")
PART = 3.0


def _states(state, zone):
    """Put `zone` in each state a focused zone can be in; yields the state's name."""
    atlas = state.atlas
    for name in ("rest", "selected", "hover", "hatched", "heat 0", "heat 1.5", "heat 3"):
        state.select_zone(None)
        state.look_up(None)
        state.set_hover(None)
        state.set_marks(None)
        if name == "selected":
            state.select_zone(zone.id)
        elif name == "hover":
            state.set_hover(zone.id)
        elif name == "hatched":
            claims = [c for c, _ in atlas.claims_for_zone(zone.id)]
            if not claims:
                continue
            state.look_up(claims[0].body_area)
        elif name.startswith("heat"):
            value = float(name.split()[1])
            state.set_marks(MarkLayer(values={zone.id: value}, labels={zone.id: "2"}))
        state.set_focus(zone.id)
        yield name


@pytest.mark.parametrize("name", THEMES)
def test_ring_colours_against_fill_and_edge(new_window, atlas, name: str) -> None:
    window = new_window(atlas, theme=name)
    view, scene, state = window.features.map.view, window.features.map.scene, window.ctx.state
    view.setFocus()
    QApplication.processEvents()
    assert view.hasFocus()
    worst_fill, worst_edge = math.inf, math.inf
    failures = []
    for zone_id in scene.zone_ids():
        item = scene.items_by_id[zone_id]
        for state_name in _states(state, atlas.zones[zone_id]):
            fill, pen, _ = item.look()
            ring = item.ring()
            assert ring is not None, (zone_id, state_name)
            along_edge, along_fill = ring
            # the zone's own edge (ink while focused) and the theme's edge colour
            to_edge = min(
                contrast_ratio(along_edge, pen.color()),
                contrast_ratio(along_edge, scene.chart_style.zone_edge),
            )
            to_fill = contrast_ratio(along_fill, fill)
            worst_fill, worst_edge = min(worst_fill, to_fill), min(worst_edge, to_edge)
            if to_edge < PART or to_fill < PART:
                failures.append(f"{zone_id} {state_name}: {to_edge:.2f} edge, {to_fill:.2f} fill")
    assert not failures, f"{name}: " + "; ".join(failures[:5])


def _close(a: QColor, b: QColor, tol: int = 24) -> bool:
    return all(
        abs(x - y) <= tol
        for x, y in ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))
    )


@pytest.mark.parametrize("name", THEMES)
def test_ring_pixels_on_screen(new_window, atlas, name: str) -> None:
    """Just inside the focused zone's edge, along the inward normal: first the band along
    the edge, then the band along the fill; gone once the map loses the keyboard."""
    window = new_window(atlas, theme=name)
    view, scene, state = window.features.map.view, window.features.map.scene, window.ctx.state
    state.set_view("sole")
    view.fit()
    zones = [z for z in atlas.zones_of(view="sole", foot="left")]
    zone = max(zones, key=lambda z: atlas.label_room(z.id))  # roomy: its edge is long
    view.setFocus()
    QApplication.processEvents()
    state.set_focus(zone.id)
    item = scene.items_by_id[zone.id]
    fill, pen, _ = item.look()
    ring = item.ring()
    assert ring is not None

    def grab() -> QImage:
        QApplication.processEvents()
        img = view.viewport().grab().toImage()
        return img.convertToFormat(QImage.Format.Format_RGB32)

    focused = grab()
    edge_in = pen.widthF() / 2
    ring_hits = fill_hits = samples = 0
    exterior = zone.polygon.exterior
    outline = atlas.outlines[(zone.view, zone.foot)].polygon.exterior
    for i in range(60):
        d = exterior.length * (i + 0.5) / 60
        p, q = exterior.interpolate(d), exterior.interpolate(min(exterior.length, d + 0.3))
        if outline.distance(p) < 1.0:  # the foot's outline is drawn over the edge there
            continue
        on = view.mapFromScene(QPointF(p.x, -p.y))
        ahead = view.mapFromScene(QPointF(q.x, -q.y))
        tx, ty = ahead.x() - on.x(), ahead.y() - on.y()
        norm = math.hypot(tx, ty)
        if norm == 0:
            continue
        nx, ny = -ty / norm, tx / norm
        probe = QPoint(round(on.x() + nx * 8), round(on.y() + ny * 8))
        if not item.contains(item.mapFromScene(view.mapToScene(probe))):
            nx, ny = -nx, -ny

        def at(dist: float, nx: float = nx, ny: float = ny, on: QPoint = on) -> QColor:
            return focused.pixelColor(QPoint(round(on.x() + nx * dist), round(on.y() + ny * dist)))

        samples += 1
        # walking inward in half pixels (the edge point is rounded to a pixel): the band
        # along the edge within its reach, then the band along the fill, then the fill
        steps = [edge_in + k * 0.5 for k in range(int(2 * (2 * RING_PX + 3)))]
        first = next((d for d in steps if _close(at(d), ring[0])), None)
        if first is None or first > edge_in + RING_PX + 1.5:
            continue
        ring_hits += 1
        second = next((d for d in steps if d >= first and _close(at(d), ring[1])), None)
        if second is not None and second <= edge_in + 2 * RING_PX + 1.5:
            if _close(at(edge_in + 2 * RING_PX + 3), fill):
                fill_hits += 1
    assert samples >= 20
    # a few samples fall on a band's antialiased side or a corner
    assert ring_hits >= 0.8 * samples, (name, ring_hits, samples, ring[0].name())
    assert fill_hits >= 0.8 * samples, (name, fill_hits, samples, ring[1].name())
    view.clearFocus()  # another control has the keyboard: no ring on the map
    QApplication.processEvents()
    assert item.ring() is None
    unfocused = grab()
    assert focused != unfocused
