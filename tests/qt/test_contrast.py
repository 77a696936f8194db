"""Contrast measured from rendered pixels (WCAG 2.2 AA: 4.5:1 for text, 3:1 for the parts
that tell a zone and its state apart), in every theme, for a zone at rest, hovered,
selected, focused and hatched; then the palette: panels, placeholders, the grey of source
ids (Mid), disabled controls and scroll-bar handles.

The number's contrast is measured against what lies under it: the map is rendered twice,
with and without the numbers (made transparent, so the zone paints as it does under
them). The pixels that change are the glyphs (the number's colour is the one of them that
stands out most); everything under the label in the render without
numbers is its backdrop, hatching included, and 95 % of it must reach 4.5:1 (the rest is
the antialiased fringe of hatch lines and edges).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QScrollBar
from shapely.geometry import Point

from reflexmap.qt.map.style import contrast_ratio
from reflexmap.qt.shell import theme

THEMES = ("light", "dark", "high-contrast")
STATES = ("rest", "hover", "selected", "focused", "hatched")
TEXT, PART = 4.5, 3.0


@dataclass
class Measure:
    text: float  # the number against 95 % of its backdrop
    edge_in: float  # the zone's edge against its own fill
    edge_out: float  # the same edge against what lies outside (neighbour or background)


def _pixel(img: QImage, p: QPoint) -> QColor:
    return img.pixelColor(p)


def _common(img: QImage, rect: QRect) -> QColor:
    counts = Counter(
        img.pixel(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )
    return QColor.fromRgb(counts.most_common(1)[0][0])


def _zone(window):
    """A roomy zone of the left sole that is claimed for a body area (so it can be hatched)
    and whose number sits on an inner part of the foot."""
    atlas = window.ctx.atlas
    zones = [z for z in atlas.zones_of(view="sole", foot="left") if z.claims]
    return max(zones, key=lambda z: atlas.label_room(z.id))


def _set_state(state, zone, name: str) -> None:
    state.select_zone(None)
    state.look_up(None)
    state.set_focus(None)
    state.set_hover(None)
    if name == "hover":
        state.set_hover(zone.id)
    elif name == "selected":
        state.select_zone(zone.id)
    elif name == "focused":
        state.set_focus(zone.id)
    elif name == "hatched":
        state.look_up(zone.claims[0].body_area)


def _grab(window) -> QImage:
    view = window.features.map.view
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _boundary_samples(zone, outline, n: int = 48) -> Iterator[tuple[QPointF, QPointF, QPointF]]:
    """Points on the zone's edge with a point just inside and just outside (scene units);
    only where the edge runs between two zones (the foot's outline is drawn over the rest,
    and is measured on its own)."""
    ring = zone.polygon.exterior
    for i in range(n):
        d = ring.length * (i + 0.5) / n
        p, q = ring.interpolate(d), ring.interpolate(min(ring.length, d + 0.5))
        if outline.exterior.distance(p) < 1.5:
            continue
        tx, ty = q.x - p.x, q.y - p.y
        norm = (tx * tx + ty * ty) ** 0.5 or 1.0
        nx, ny = -ty / norm, tx / norm
        inside = Point(p.x + nx * 0.8, p.y + ny * 0.8)
        if not zone.polygon.contains(inside):
            nx, ny = -nx, -ny
        yield (QPointF(p.x, -p.y), QPointF(p.x + nx, -(p.y + ny)), QPointF(p.x - nx, -(p.y - ny)))


def _edge(img: QImage, view, zone, outline) -> tuple[float, float]:
    """The edge's contrast against the fill and the outside, at the best of a few points
    along it (a dashed ring has gaps; the foot outline covers part of it)."""
    best = (0.0, 0.0)
    bounds = img.rect().adjusted(3, 3, -3, -3)
    for _on, inside, outside in _boundary_samples(zone, outline):
        a, b = view.mapFromScene(inside), view.mapFromScene(outside)
        if not (bounds.contains(a) and bounds.contains(b)):
            continue
        fill_in = _common(img, QRect(a - QPoint(2, 2), a + QPoint(2, 2)))
        fill_out = _common(img, QRect(b - QPoint(2, 2), b + QPoint(2, 2)))
        steps = max(abs(b.x() - a.x()), abs(b.y() - a.y()), 1)
        for k in range(steps + 1):
            p = QPoint(
                round(a.x() + (b.x() - a.x()) * k / steps),
                round(a.y() + (b.y() - a.y()) * k / steps),
            )
            c = _pixel(img, p)
            pair = (contrast_ratio(c, fill_in), contrast_ratio(c, fill_out))
            if min(pair) > min(best):
                best = pair
    return best


def measure(window, state_name: str) -> Measure:
    feature = window.features.map
    view, scene = feature.view, feature.scene
    zone = _zone(window)
    _set_state(window.ctx.state, zone, state_name)
    item = scene.items_by_id[zone.id]
    label = next(c for c in item.childItems() if c.isVisible())
    with_text = _grab(window)
    label.setOpacity(0.0)  # not hidden: whatever the zone draws under its number stays
    without = _grab(window)
    label.setOpacity(1.0)
    rect = view.mapFromScene(label.sceneBoundingRect()).boundingRect() & with_text.rect()
    glyphs = [
        QPoint(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
        if with_text.pixel(x, y) != without.pixel(x, y)
    ]
    assert glyphs, "the number drew nothing"
    backdrop = [
        _pixel(without, QPoint(x, y))
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]
    under = _common(without, rect)
    ink = max((_pixel(with_text, p) for p in glyphs), key=lambda c: contrast_ratio(c, under))
    ratios = sorted(contrast_ratio(ink, c) for c in backdrop)
    text = ratios[len(ratios) // 20]
    edge_in, edge_out = _edge(
        without, view, zone, window.ctx.atlas.outlines[(zone.view, zone.foot)].polygon
    )
    return Measure(round(text, 2), round(edge_in, 2), round(edge_out, 2))


@pytest.mark.parametrize("name", THEMES)
def test_zone_contrast_from_pixels(new_window, atlas, name: str) -> None:
    window = new_window(atlas, theme=name)
    window.ctx.state.set_view("sole")
    window.features.map.view.fit()
    failures = []
    for state_name in STATES:
        m = measure(window, state_name)
        if m.text < TEXT:
            failures.append(f"{state_name}: number {m.text}:1")
        if m.edge_in < PART or m.edge_out < PART:
            failures.append(f"{state_name}: edge {m.edge_in}:1 in, {m.edge_out}:1 out")
    assert not failures, f"{name}: " + "; ".join(failures)


# ---- the palette -------------------------------------------------------------------------
@pytest.mark.parametrize("name", THEMES)
def test_palette_pairs(name: str) -> None:
    pal = theme.palette(name)
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    pairs = {
        "Text/Base": (role.Text, role.Base),
        "WindowText/Window": (role.WindowText, role.Window),
        "ButtonText/Button": (role.ButtonText, role.Button),
        "PlaceholderText/Base": (role.PlaceholderText, role.Base),
        "Mid/Base (grey source ids)": (role.Mid, role.Base),
        "ToolTipText/ToolTipBase": (role.ToolTipText, role.ToolTipBase),
    }
    low = {k: round(contrast_ratio(pal.color(a), pal.color(b)), 2) for k, (a, b) in pairs.items()}
    assert all(v >= TEXT for v in low.values()), low
    # Disabled text is exempt from WCAG's minimum but must look disabled: it differs from
    # the enabled text clearly, in every role a control draws its text with.
    for r in (role.ButtonText, role.WindowText, role.Text):
        enabled = pal.color(group.Active, r)
        disabled = pal.color(group.Disabled, r)
        assert contrast_ratio(enabled, disabled) >= 1.5, (r, enabled.name(), disabled.name())


@pytest.mark.parametrize("name", THEMES)
def test_scroll_bar_handle_is_visible(qtbot, name: str) -> None:
    """The app's style and palette draw the handle: render a scroll bar and sample the
    handle's middle and the groove."""
    theme.apply(name)
    try:
        bar = QScrollBar(Qt.Orientation.Vertical)
        bar.setRange(0, 100)
        bar.setPageStep(20)
        bar.setValue(0)
        bar.resize(16, 300)
        qtbot.addWidget(bar)
        img = bar.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    finally:
        theme.apply("light")
    x = img.width() // 2
    handle = _common(img, QRect(x - 1, 40, 3, 20))  # the top fifth, below the arrow
    groove = _common(img, QRect(x - 1, 200, 3, 40))
    ratio = contrast_ratio(handle, groove)
    assert ratio >= PART, f"{name}: handle {handle.name()} on groove {groove.name()}: {ratio:.2f}"
