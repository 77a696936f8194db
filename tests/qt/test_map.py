"""The interactive foot map, driven as a user drives it: through the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from reflexmap.qt import theme
from reflexmap.qt.style import DARK, HIGH_CONTRAST, LIGHT, contrast_ratio

ZONES = ["left.sole.solar_plexus", "right.sole.lower_heel", "left.sole.stomach",
         "right.sole.sinus_toe2", "left.sole.head_brain"]


def click_zone(window, zone_id: str) -> None:  # type: ignore[no-untyped-def]
    pos = window.map.point_of(zone_id).toPoint()
    QTest.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, pos)


@pytest.mark.parametrize("zone_id", ZONES)
def test_click_selects_and_shows_details(window, zone_id: str) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, zone_id)
    assert window.state.selected_zone == zone_id
    assert window.scene.items_by_id[zone_id].selected
    text = window.details.toPlainText()
    zone = window.atlas.zones[zone_id]
    assert zone.name in text
    assert ("Left foot" if zone.foot == "left" else "Right foot") in text
    area = window.atlas.body_areas[zone.claims[0].body_area].name
    assert area in text
    assert "Source:" in text and "reflexology-chart.md" not in text  # titles, not bare ids
    assert "Reflexology foot chart" in text or ".txt" in text
    techniques = window.atlas.techniques_for_zone(zone_id)
    assert techniques and techniques[0].name in text
    assert "Pressure" in text


def test_heel_arch_toe_names(window) -> None:  # type: ignore[no-untyped-def]
    names = {window.atlas.zones[z].name.lower() for z in ZONES}
    assert any("solar plexus" in n for n in names)
    assert any("heel" in n for n in names)
    assert any("arch" in n for n in names)
    assert any("toe" in n for n in names)


def test_hover_highlight_appears_and_goes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    viewport = window.map.viewport()
    target = window.map.point_of("left.sole.kidney").toPoint()
    outside = QPoint(5, 5)
    QTest.mouseMove(viewport, outside)
    QTest.mouseMove(viewport, target)
    qtbot.waitUntil(lambda: window.scene.hovered_id == "left.sole.kidney", timeout=2000)
    item = window.scene.items_by_id["left.sole.kidney"]
    assert item.hovered and item.brush().color() == window.scene.style.hover
    QTest.mouseMove(viewport, outside)
    qtbot.waitUntil(lambda: window.scene.hovered_id is None, timeout=2000)
    assert not item.hovered and item.brush().color() != window.scene.style.hover


def test_escape_clears_selection(window) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, "left.sole.heart")
    assert window.state.selected_zone == "left.sole.heart"
    window.map.setFocus()
    QTest.keyClick(window.map, Qt.Key.Key_Escape)
    assert window.state.selected_zone is None
    assert not any(i.selected for i in window.scene.items_by_id.values())


def test_tab_walks_every_zone(window) -> None:  # type: ignore[no-untyped-def]
    window.map.setFocus()
    QApplication.processEvents()
    seen = [window.scene.focus_id]
    for _ in range(len(window.scene.zone_ids()) - 1):
        QTest.keyClick(window.map, Qt.Key.Key_Tab)
        seen.append(window.scene.focus_id)
    assert set(seen) == set(window.scene.zone_ids())
    assert len(seen) == len(set(seen))
    # Shift+Tab walks back
    QTest.keyClick(window.map, Qt.Key.Key_Backtab)
    assert window.scene.focus_id == seen[-2]
    QTest.keyClick(window.map, Qt.Key.Key_Return)
    assert window.state.selected_zone == seen[-2]


def test_arrow_keys_move_to_a_neighbour(window) -> None:  # type: ignore[no-untyped-def]
    window.map.setFocus()
    window.map.set_focus_zone("left.sole.kidney")
    QTest.keyClick(window.map, Qt.Key.Key_Up)
    up = window.scene.focus_id
    assert up in window.atlas.neighbours("left.sole.kidney")
    assert window.atlas.label_point(up).y > window.atlas.label_point("left.sole.kidney").y
    window.map.set_focus_zone("left.sole.sciatic_band")
    QTest.keyClick(window.map, Qt.Key.Key_Down)
    assert window.scene.focus_id == "left.sole.lower_heel"
    QTest.keyClick(window.map, Qt.Key.Key_Space)
    assert window.state.selected_zone == "left.sole.lower_heel"
    # Right from the inner edge of the left foot crosses to the right foot.
    window.map.set_focus_zone("left.sole.lungs_chest")
    for _ in range(4):
        QTest.keyClick(window.map, Qt.Key.Key_Right)
    assert window.scene.focus_id.startswith("right.")


def test_reverse_lookup_lights_both_soles(window) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("Body area: Lungs and bronchi")
    window.choose_search("Body area: Lungs and bronchi")
    lit = window.scene.lookup_ids
    assert {"left.sole.lungs_chest", "right.sole.lungs_chest"} <= lit
    assert all(window.scene.items_by_id[z].looked_up for z in lit
               if z in window.scene.items_by_id)
    assert "Lungs and bronchi" in window.status_label.text()


def test_body_area_browser_groups_by_system(window) -> None:  # type: ignore[no-untyped-def]
    tree = window.areas
    systems = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Digestion" in systems and "Chest and breathing" in systems
    group = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                 if tree.topLevelItem(i).text(0) == "Heart and circulation")
    heart = next(group.child(i) for i in range(group.childCount())
                 if group.child(i).text(0) == "Heart")
    tree.itemClicked.emit(heart, 0)
    assert window.scene.lookup_ids == {"left.sole.heart"}


def test_zone_list_shares_selection(window) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, "right.sole.liver")
    item = window.zone_list.currentItem()
    assert item is not None and item.data(Qt.ItemDataRole.UserRole) == "right.sole.liver"
    row = next(r for r in range(window.zone_list.count())
               if window.zone_list.item(r).data(Qt.ItemDataRole.UserRole) == "left.sole.kidney")
    window.zone_list.setCurrentRow(row)
    assert window.state.selected_zone == "left.sole.kidney"


def test_search_finds_a_technique_and_shows_its_motion(window) -> None:  # type: ignore[no-untyped-def]
    window.choose_search("Technique: Heel circles")
    assert window.state.open_technique == "t_heel_circles"
    assert window.atlas.zones[window.state.selected_zone].view == "sole"
    motions = [i for i in window.scene.items() if i.data(1) == "motion"]
    assert len(motions) == 2  # one per foot
    for arrow in motions:  # a point on an arrow still answers the zone under it
        on_arrow = arrow.mapToScene(arrow.path().elementAt(0))
        assert window.scene.itemAt(on_arrow, QTransform()).data(1) == "motion"
        expected = window.atlas.zone_at("sole", on_arrow.x(), -on_arrow.y())
        assert expected is not None and window.scene.zone_at(on_arrow) == expected.id


def test_hovering_a_card_draws_its_direction(window) -> None:  # type: ignore[no-untyped-def]
    click_zone(window, "left.sole.lower_heel")
    window.details.technique_hovered.emit("t_heel_circles")
    assert [i for i in window.scene.items() if i.data(1) == "motion"]
    window.details.technique_hovered.emit("")
    assert not [i for i in window.scene.items() if i.data(1) == "motion"]


def test_zoom_and_fit(window) -> None:  # type: ignore[no-untyped-def]
    before = window.map.transform().m11()
    window.map.zoom_by(1.25)
    assert window.map.transform().m11() == pytest.approx(before * 1.25)
    window.map.fit()
    assert window.map.transform().m11() == pytest.approx(before, rel=0.02)


def test_every_control_has_an_accessible_name(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    missing = [w.objectName() or type(w).__name__ for w in window.findChildren(QWidget)
               if isinstance(w, QComboBox | QLineEdit | QAbstractItemView | QAbstractButton)
               and w.isVisible() and not w.accessibleName() and not
               (isinstance(w, QAbstractButton) and w.text())
               and not isinstance(w.parent(), QComboBox | QLineEdit)
               and w.objectName() not in ("qt_scrollarea_viewport",)]
    assert missing == []
    assert window.map.accessibleName() and window.details.accessibleName()


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


def test_settings_restore_view_and_splitter(qtbot, atlas, settings) -> None:  # type: ignore[no-untyped-def]
    from reflexmap.qt.main_window import MainWindow

    first = MainWindow(atlas, settings, theme_name="light")
    qtbot.addWidget(first)
    first.splitter.setSizes([150, 800, 450])
    sizes = first.splitter.sizes()
    views = list(atlas.views)
    first.state.set_view(views[-1])
    first.close()
    second = MainWindow(atlas, settings, theme_name="light")
    qtbot.addWidget(second)
    assert second.state.view_id == views[-1]
    assert second.splitter.sizes() == sizes


def test_hit_test_agrees_with_shapely(window) -> None:  # type: ignore[no-untyped-def]
    """Qt's item shape is the polygon itself, so scene hits match Shapely's zone_at."""
    import random

    rng = random.Random(4)
    minx, miny, maxx, maxy = window.atlas.outlines[("sole", "left")].bounds
    agree = 0
    for _ in range(400):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        shapely_zone = window.atlas.zone_at("sole", x, y)
        qt_zone = window.scene.zone_at(QPointF(x, -y))
        if shapely_zone is None:
            assert qt_zone is None or window.atlas.zones[qt_zone].polygon.exterior.distance(
                __import__("shapely").Point(x, y)) < 0.05
        elif qt_zone == shapely_zone.id:
            agree += 1
        else:  # only on a shared edge may they differ
            assert shapely_zone.polygon.exterior.distance(
                __import__("shapely").Point(x, y)) < 0.05
    assert agree > 150


def test_dark_theme_switch(window) -> None:  # type: ignore[no-untyped-def]
    window.set_theme("dark")
    assert window.scene.style.name == "dark"
    assert window.scene.backgroundBrush().color() == DARK.background
    window.set_theme("light")
    _ = QMouseEvent  # imported for type completeness


def test_the_map_has_most_of_the_window(window) -> None:  # type: ignore[no-untyped-def]
    """At the default size no dock squeezes the map: it is the widest part of the window."""
    assert window.map.width() >= 0.45 * window.width()
    assert window.map.height() >= 0.8 * window.height()
