"""The interactive foot map, driven as a user drives it: through the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from reflexmap.qt.map.style import DARK, HIGH_CONTRAST, LIGHT, contrast_ratio
from reflexmap.qt.shell import theme

ZONES = ["left.sole.solar_plexus", "right.sole.lower_heel", "left.sole.stomach",
         "right.sole.sinus_toe2", "left.sole.head_brain"]


def click_zone(window, zone_id: str) -> None:  # type: ignore[no-untyped-def]
    pos = window.features["map"].view.point_of(zone_id).toPoint()
    QTest.mouseClick(window.features["map"].view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, pos)


@pytest.mark.parametrize("zone_id", ZONES)
def test_click_selects_and_shows_details(window, zone_id: str) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, zone_id)
    assert window.ctx.state.selected == zone_id
    assert window.features["map"].scene.items_by_id[zone_id].selected
    text = window.features["details"].panel.toPlainText()
    zone = window.ctx.atlas.zones[zone_id]
    assert zone.name in text
    assert ("Left foot" if zone.foot == "left" else "Right foot") in text
    area = window.ctx.atlas.body_areas[zone.claims[0].body_area].name
    assert area in text
    assert "Source:" in text and "reflexology-chart.md" not in text  # titles, not bare ids
    assert "Reflexology foot chart" in text or ".txt" in text
    from reflexmap.core.present.zone_card import zone_card

    card = zone_card(window.ctx.atlas, zone_id)  # the ranked card: the first move shows
    assert card.techniques and card.techniques[0].card.name in text
    assert "Pressure" in text


def test_heel_arch_toe_names(window) -> None:  # type: ignore[no-untyped-def]
    names = {window.ctx.atlas.zones[z].name.lower() for z in ZONES}
    assert any("solar plexus" in n for n in names)
    assert any("heel" in n for n in names)
    assert any("arch" in n for n in names)
    assert any("toe" in n for n in names)


def test_hover_highlight_appears_and_goes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    viewport = window.features["map"].view.viewport()
    target = window.features["map"].view.point_of("left.sole.kidney").toPoint()
    outside = QPoint(5, 5)
    QTest.mouseMove(viewport, outside)
    QTest.mouseMove(viewport, target)
    qtbot.waitUntil(lambda: window.ctx.state.hover == "left.sole.kidney", timeout=2000)
    item = window.features["map"].scene.items_by_id["left.sole.kidney"]
    assert item.hovered and item.look()[0] == window.features["map"].scene.style.hover
    QTest.mouseMove(viewport, outside)
    qtbot.waitUntil(lambda: window.ctx.state.hover is None, timeout=2000)
    assert not item.hovered and item.look()[0] != window.features["map"].scene.style.hover


def test_escape_clears_selection(window) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, "left.sole.heart")
    assert window.ctx.state.selected == "left.sole.heart"
    window.features["map"].view.setFocus()
    QTest.keyClick(window.features["map"].view, Qt.Key.Key_Escape)
    assert window.ctx.state.selected is None
    assert not any(i.selected for i in window.features["map"].scene.items_by_id.values())


def test_tab_walks_every_zone(window) -> None:  # type: ignore[no-untyped-def]
    window.features["map"].view.setFocus()
    QApplication.processEvents()
    seen = [window.ctx.state.focus]
    for _ in range(len(window.features["map"].scene.zone_ids()) - 1):
        QTest.keyClick(window.features["map"].view, Qt.Key.Key_Tab)
        seen.append(window.ctx.state.focus)
    assert set(seen) == set(window.features["map"].scene.zone_ids())
    assert len(seen) == len(set(seen))
    # Shift+Tab walks back
    QTest.keyClick(window.features["map"].view, Qt.Key.Key_Backtab)
    assert window.ctx.state.focus == seen[-2]
    QTest.keyClick(window.features["map"].view, Qt.Key.Key_Return)
    assert window.ctx.state.selected == seen[-2]


def test_arrow_keys_move_to_a_neighbour(window) -> None:  # type: ignore[no-untyped-def]
    window.features["map"].view.setFocus()
    window.features["map"].view.set_focus_zone("left.sole.kidney")
    QTest.keyClick(window.features["map"].view, Qt.Key.Key_Up)
    up = window.ctx.state.focus
    assert up in window.ctx.atlas.neighbours("left.sole.kidney")
    assert window.ctx.atlas.label_point(up).y > window.ctx.atlas.label_point("left.sole.kidney").y
    window.features["map"].view.set_focus_zone("left.sole.sciatic_band")
    QTest.keyClick(window.features["map"].view, Qt.Key.Key_Down)
    assert window.ctx.state.focus == "left.sole.lower_heel"
    QTest.keyClick(window.features["map"].view, Qt.Key.Key_Space)
    assert window.ctx.state.selected == "left.sole.lower_heel"
    # Right from the inner edge of the left foot crosses to the right foot.
    window.features["map"].view.set_focus_zone("left.sole.lungs_chest")
    for _ in range(4):
        QTest.keyClick(window.features["map"].view, Qt.Key.Key_Right)
    assert window.ctx.state.focus.startswith("right.")


def test_reverse_lookup_lights_both_soles(window) -> None:  # type: ignore[no-untyped-def]
    window.features["browse"].search.setText("Body area: Lungs and bronchi")
    window.features["browse"].choose("Body area: Lungs and bronchi")
    lit = window.features["map"].scene.hatched
    assert {"left.sole.lungs_chest", "right.sole.lungs_chest"} <= lit
    assert all(window.features["map"].scene.items_by_id[z].hatched for z in lit
               if z in window.features["map"].scene.items_by_id)
    assert "Lungs and bronchi" in window.status_label.text()


def test_body_area_browser_groups_by_system(window) -> None:  # type: ignore[no-untyped-def]
    tree = window.features["browse"].areas
    systems = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Digestion" in systems and "Chest and breathing" in systems
    group = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                 if tree.topLevelItem(i).text(0) == "Heart and circulation")
    heart = next(group.child(i) for i in range(group.childCount())
                 if group.child(i).text(0) == "Heart")
    tree.itemClicked.emit(heart, 0)
    assert window.features["map"].scene.hatched == {"left.sole.heart"}


def test_zone_list_shares_selection(window) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, "right.sole.liver")
    item = window.features["browse"].zone_list.currentItem()
    assert item is not None and item.data(Qt.ItemDataRole.UserRole) == "right.sole.liver"
    zone_list = window.features["browse"].zone_list
    row = next(r for r in range(zone_list.count())
               if zone_list.item(r).data(Qt.ItemDataRole.UserRole) == "left.sole.kidney")
    window.features["browse"].zone_list.setCurrentRow(row)
    assert window.ctx.state.selected == "left.sole.kidney"


def test_search_finds_a_technique_and_shows_its_motion(window) -> None:  # type: ignore[no-untyped-def]
    window.features["browse"].choose("Technique: Heel circles")
    assert window.ctx.state.open_technique == "t_heel_circles"
    assert window.ctx.atlas.zones[window.ctx.state.selected].view == "sole"
    motions = [i for i in window.features["map"].scene.items() if i.data(1) == "motion"]
    assert len(motions) == 2  # one per foot
    for arrow in motions:  # a point on an arrow still answers the zone under it
        on_arrow = arrow.mapToScene(arrow.path().elementAt(0))
        assert window.features["map"].scene.itemAt(on_arrow, QTransform()).data(1) == "motion"
        expected = window.ctx.atlas.zone_at("sole", on_arrow.x(), -on_arrow.y())
        scene = window.features["map"].scene
        assert expected is not None and scene.zone_at(on_arrow) == expected.id


def test_hovering_a_card_draws_its_direction(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The pointer over a technique card's title (a real mouse move over the link) draws
    the technique's direction on the foot; moving off the link removes it."""
    click_zone(window, "left.sole.lower_heel")
    panel = window.features["details"].panel
    name = window.ctx.atlas.techniques["t_heel_circles"].name
    cursor = panel.document().find(name)
    assert not cursor.isNull()
    panel.setTextCursor(cursor)
    panel.ensureCursorVisible()
    on_link = panel.cursorRect(cursor).center() - QPoint(8, 0)

    def arrows() -> list:  # type: ignore[type-arg]
        return [i for i in window.features["map"].scene.items() if i.data(1) == "motion"]

    qtbot.mouseMove(panel.viewport(), on_link)
    qtbot.waitUntil(lambda: bool(arrows()))
    assert window.ctx.state.hover_technique == "t_heel_circles"
    qtbot.mouseMove(panel.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: not arrows())


def test_zoom_and_fit(window) -> None:  # type: ignore[no-untyped-def]
    before = window.features["map"].view.transform().m11()
    window.features["map"].view.zoom_by(1.25)
    assert window.features["map"].view.transform().m11() == pytest.approx(before * 1.25)
    window.features["map"].view.fit()
    assert window.features["map"].view.transform().m11() == pytest.approx(before, rel=0.02)


def test_every_control_has_an_accessible_name(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    missing = [w.objectName() or type(w).__name__ for w in window.findChildren(QWidget)
               if isinstance(w, QComboBox | QLineEdit | QAbstractItemView | QAbstractButton)
               and w.isVisible() and not w.accessibleName() and not
               (isinstance(w, QAbstractButton) and w.text())
               and not isinstance(w.parent(), QComboBox | QLineEdit)
               and w.objectName() not in ("qt_scrollarea_viewport",)]
    assert missing == []
    assert window.features["map"].view.accessibleName()
    assert window.features["details"].panel.accessibleName()


@pytest.mark.parametrize("style", [LIGHT, DARK, HIGH_CONTRAST])
def test_text_contrast(style) -> None:  # type: ignore[no-untyped-def]
    assert contrast_ratio(style.ink, style.background) >= 4.5
    for i in range(12):
        for system in ("Digestion", "Head and nervous system", None):
            assert contrast_ratio(style.ink, style.zone_fill(system, i)) >= 4.5


@pytest.mark.parametrize("name", ["light", "dark", "high-contrast"])
def test_palette_contrast(name: str) -> None:
    from PySide6.QtGui import QPalette

    pal = theme.palette(name)
    role = QPalette.ColorRole
    assert contrast_ratio(pal.color(role.Text), pal.color(role.Base)) >= 4.5
    assert contrast_ratio(pal.color(role.WindowText), pal.color(role.Window)) >= 4.5
    assert contrast_ratio(pal.color(role.HighlightedText), pal.color(role.Highlight)) >= 4.5
    assert contrast_ratio(pal.color(role.Link), pal.color(role.Base)) >= 4.5


def test_settings_restore_view_and_splitter(new_window, atlas) -> None:  # type: ignore[no-untyped-def]
    first = new_window(atlas, show=False)
    first.splitter.setSizes([150, 800, 450])
    sizes = first.splitter.sizes()
    views = list(atlas.views)
    first.ctx.state.set_view(views[-1])
    first.close()
    second = new_window(atlas, show=False)
    assert second.ctx.state.view == views[-1]
    assert second.splitter.sizes() == sizes


def test_hit_test_agrees_with_shapely(window) -> None:  # type: ignore[no-untyped-def]
    """Qt's item shape is the polygon itself, so scene hits match Shapely's zone_at."""
    import random

    rng = random.Random(4)
    minx, miny, maxx, maxy = window.ctx.atlas.outlines[("sole", "left")].bounds
    agree = 0
    for _ in range(400):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        shapely_zone = window.ctx.atlas.zone_at("sole", x, y)
        qt_zone = window.features["map"].scene.zone_at(QPointF(x, -y))
        if shapely_zone is None:
            assert qt_zone is None or window.ctx.atlas.zones[qt_zone].polygon.exterior.distance(
                __import__("shapely").Point(x, y)) < 0.05
        elif qt_zone == shapely_zone.id:
            agree += 1
        else:  # only on a shared edge may they differ
            assert shapely_zone.polygon.exterior.distance(
                __import__("shapely").Point(x, y)) < 0.05
    assert agree > 150


def test_dark_theme_switch(window) -> None:  # type: ignore[no-untyped-def]
    window.set_theme("dark")
    assert window.features["map"].scene.style.name == "dark"
    assert window.features["map"].scene.backgroundBrush().color() == DARK.background
    window.set_theme("light")
    _ = QMouseEvent  # imported for type completeness


def test_the_map_has_most_of_the_window(window) -> None:  # type: ignore[no-untyped-def]
    """At the default size no dock squeezes the map: it is the widest part of the window."""
    assert window.features["map"].view.width() >= 0.45 * window.width()
    assert window.features["map"].view.height() >= 0.8 * window.height()
