"""The interactive foot map, driven as a user drives it: through the viewport."""

from __future__ import annotations

import pytest
from map_probe import drawn_hatched, drawn_hovered, drawn_selected
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from shapely.geometry import Point

from reflexmap.qt.map.style import DARK, HIGH_CONTRAST, LIGHT, contrast_ratio
from reflexmap.qt.shell import theme

ZONES = [
    "left.sole.solar_plexus",
    "right.sole.lower_heel",
    "left.sole.stomach",
    "right.sole.sinus_toe2",
    "left.sole.head_brain",
]


def click_zone(window, zone_id: str) -> None:
    pos = window.features.map.view.point_of(zone_id).toPoint()
    QTest.mouseClick(
        window.features.map.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        pos,
    )


@pytest.mark.parametrize("zone_id", ZONES)
def test_click_selects_and_shows_details(window, zone_id: str) -> None:
    click_zone(window, zone_id)
    assert window.ctx.state.selected == zone_id
    assert drawn_selected(window.features.map.scene.items_by_id[zone_id])
    text = window.features.details.panel.toPlainText()
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


@pytest.mark.parametrize(
    ("fx", "fy", "word"),
    [
        (0.5, 0.04, "heel"),  # the bottom of the left sole
        (0.5, 0.40, "arch"),  # its middle
        (0.7, 0.93, "big toe"),  # the top, on the inner side (the left foot's right)
    ],
)
def test_heel_arch_toe_names(window, fx: float, fy: float, word: str) -> None:
    """A click where a user's eye finds the heel, the arch and the big toe of the drawn
    left sole shows a zone of that name: the chart is not flipped or mirrored, and a click
    lands where it was aimed."""
    view = window.features.map.view
    minx, miny, maxx, maxy = window.ctx.atlas.outlines[("sole", "left")].shape.bounds
    x, y = minx + fx * (maxx - minx), miny + fy * (maxy - miny)
    truth = window.ctx.atlas.zone_at("sole", x, y)
    assert truth.polygon.exterior.distance(Point(x, y)) > 1  # aimed well inside a zone
    scene_point = QPointF(x, -y)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.mapFromScene(scene_point),
    )
    selected = window.ctx.state.selected
    assert selected is not None and selected.startswith("left.sole.")
    name = window.ctx.atlas.zones[selected].name
    assert word in name.lower(), name
    assert name in window.features.details.panel.toPlainText()


def test_a_click_just_inside_an_edge_selects_that_zone(window) -> None:
    """A click a pixel or more inside a zone selects that zone (Shapely's answer); a click
    closer to a shared edge than a pixel selects one of the two, never nothing (the mouse
    has whole pixels; the release used to be checked against the exact outline)."""
    atlas, view = window.ctx.atlas, window.features.map.view
    low, top = atlas.zones["left.sole.pancreas"], atlas.zones["left.sole.transverse_colon"]
    edge = low.polygon.boundary.intersection(top.polygon.boundary)
    mid = edge.interpolate(0.5, normalized=True)
    inward = low.polygon.representative_point()
    d = ((inward.x - mid.x) ** 2 + (inward.y - mid.y) ** 2) ** 0.5
    px_mm = 1.0 / view.transform().m11()  # one screen pixel in millimetres
    for mm, exact in ((0.3 * px_mm, False), (1.5 * px_mm, True), (3 * px_mm, True)):
        x, y = mid.x + (inward.x - mid.x) * mm / d, mid.y + (inward.y - mid.y) * mm / d
        assert atlas.zone_at("sole", x, y).id == low.id
        window.ctx.state.select_zone(None)
        QTest.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            view.mapFromScene(QPointF(x, -y)),
        )
        chosen = window.ctx.state.selected
        if exact:
            assert chosen == low.id, (mm, chosen)
        else:
            assert chosen in (low.id, top.id), (mm, chosen)


def test_hover_highlight_appears_and_goes(window, qtbot) -> None:
    viewport = window.features.map.view.viewport()
    target = window.features.map.view.point_of("left.sole.kidney").toPoint()
    outside = QPoint(5, 5)
    QTest.mouseMove(viewport, outside)
    QTest.mouseMove(viewport, target)
    qtbot.waitUntil(lambda: window.ctx.state.hover == "left.sole.kidney", timeout=2000)
    item = window.features.map.scene.items_by_id["left.sole.kidney"]
    assert drawn_hovered(item)
    QTest.mouseMove(viewport, outside)
    qtbot.waitUntil(lambda: window.ctx.state.hover is None, timeout=2000)
    assert not drawn_hovered(item)


def test_escape_clears_selection(window) -> None:
    click_zone(window, "left.sole.heart")
    assert window.ctx.state.selected == "left.sole.heart"
    window.features.map.view.setFocus()
    QTest.keyClick(window.features.map.view, Qt.Key.Key_Escape)
    assert window.ctx.state.selected is None
    assert not any(drawn_selected(i) for i in window.features.map.scene.items_by_id.values())


def test_the_map_is_one_tab_stop(window) -> None:
    """Like a list: Tab comes in on a zone and one Tab leaves; Shift+Tab comes back to the
    same zone; the focus ring shows only while the map has the keyboard."""
    view, state = window.features.map.view, window.ctx.state
    scene = window.features.map.scene
    order = scene.zone_ids()
    view.setFocus()
    QApplication.processEvents()
    assert view.hasFocus() and state.focus == order[0]
    assert scene.items_by_id[order[0]].ring() is not None
    QTest.keyClick(view, Qt.Key.Key_Right)
    here = state.focus
    assert here != order[0]
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QApplication.processEvents()
    after = QApplication.focusWidget()
    assert after is not None and after is not view and not view.isAncestorOf(after)
    assert state.focus == here  # the map remembers its zone
    assert scene.items_by_id[here].ring() is None  # one focus indicator on screen
    QTest.keyClick(after, Qt.Key.Key_Backtab)
    QApplication.processEvents()
    assert view.hasFocus() and state.focus == here
    assert scene.items_by_id[here].ring() is not None
    QTest.keyClick(view, Qt.Key.Key_Backtab)  # Shift+Tab leaves the other way in one key
    QApplication.processEvents()
    before = QApplication.focusWidget()
    assert before is not view and before is not after
    # Home and End; Enter selects the zone with the focus
    QTest.keyClick(before, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert view.hasFocus()
    QTest.keyClick(view, Qt.Key.Key_End)
    assert state.focus == order[-1]
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert state.focus == order[0]
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert state.selected == order[0]


def test_arrow_keys_reach_every_zone_of_every_view(window) -> None:
    """With Tab no longer walking the zones, the arrows must reach each of them."""
    view, state = window.features.map.view, window.ctx.state
    for view_id in window.ctx.atlas.views:
        state.set_view(view_id)
        order = window.features.map.scene.zone_ids()
        seen, todo = {order[0]}, [order[0]]
        while todo:
            here = todo.pop()
            for d in ((-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)):
                there = view.neighbour_in_direction(here, *d)
                if there is not None and there not in seen:
                    seen.add(there)
                    todo.append(there)
        assert seen == set(order), (view_id, sorted(set(order) - seen))


def test_arrow_keys_move_to_a_neighbour(window) -> None:
    window.features.map.view.setFocus()
    window.features.map.view.set_focus_zone("left.sole.kidney")
    QTest.keyClick(window.features.map.view, Qt.Key.Key_Up)
    up = window.ctx.state.focus
    assert up in window.ctx.atlas.neighbours("left.sole.kidney")
    assert window.ctx.atlas.label_point(up).y > window.ctx.atlas.label_point("left.sole.kidney").y
    window.features.map.view.set_focus_zone("left.sole.sciatic_band")
    QTest.keyClick(window.features.map.view, Qt.Key.Key_Down)
    assert window.ctx.state.focus == "left.sole.lower_heel"
    QTest.keyClick(window.features.map.view, Qt.Key.Key_Space)
    assert window.ctx.state.selected == "left.sole.lower_heel"
    # Right from the inner edge of the left foot crosses to the right foot.
    window.features.map.view.set_focus_zone("left.sole.lungs_chest")
    for _ in range(4):
        QTest.keyClick(window.features.map.view, Qt.Key.Key_Right)
    assert window.ctx.state.focus.startswith("right.")


def test_reverse_lookup_lights_both_soles(window) -> None:
    window.features.browse.search.setText("Body area: Lungs and bronchi")
    window.features.browse.choose("Body area: Lungs and bronchi")
    lit = window.features.map.scene.hatched
    assert {"left.sole.lungs_chest", "right.sole.lungs_chest"} <= lit
    assert all(
        drawn_hatched(window.features.map.scene.items_by_id[z])
        for z in lit
        if z in window.features.map.scene.items_by_id
    )
    assert "Lungs and bronchi" in window.status_label.text()


def test_body_area_browser_groups_by_system(window, qtbot) -> None:
    """A click on "Heart" under "Heart and circulation" in the body-area tree (a real
    mouse click on its row) lights the zones reflexology claims for the heart."""
    tree = window.features.browse.areas
    systems = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Digestion" in systems and "Chest and breathing" in systems
    group = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0) == "Heart and circulation"
    )
    heart = next(
        group.child(i) for i in range(group.childCount()) if group.child(i).text(0) == "Heart"
    )
    tabs = window.side  # the user opens the "Body areas" tab with a click on it
    bar = tabs.tabBar()
    QTest.mouseClick(
        bar,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        bar.tabRect(tabs.indexOf(tree)).center(),
    )
    qtbot.waitUntil(tree.isVisible, timeout=2000)
    tree.expandItem(group)
    tree.scrollToItem(heart)
    rect = tree.visualItemRect(heart)
    on_name = QPoint(rect.left() + 12, rect.center().y())  # on the row's text
    assert tree.viewport().rect().contains(on_name) and tree.itemAt(on_name) is heart
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, on_name
    )
    qtbot.waitUntil(lambda: window.features.map.scene.hatched == {"left.sole.heart"}, timeout=2000)
    assert drawn_hatched(window.features.map.scene.items_by_id["left.sole.heart"])


def test_zone_list_shares_selection(window) -> None:
    click_zone(window, "right.sole.liver")
    item = window.features.browse.zone_list.currentItem()
    assert item is not None and item.data(Qt.ItemDataRole.UserRole) == "right.sole.liver"
    zone_list = window.features.browse.zone_list
    row = next(
        r
        for r in range(zone_list.count())
        if zone_list.item(r).data(Qt.ItemDataRole.UserRole) == "left.sole.kidney"
    )
    window.features.browse.zone_list.setCurrentRow(row)
    assert window.ctx.state.selected == "left.sole.kidney"


def test_search_finds_a_technique_and_shows_its_motion(window) -> None:
    window.features.browse.choose("Technique: Heel circles")
    assert window.ctx.state.open_technique == "t_heel_circles"
    assert window.ctx.atlas.zones[window.ctx.state.selected].view == "sole"
    motions = [i for i in window.features.map.scene.items() if i.data(1) == "motion"]
    assert len(motions) == 2  # one per foot
    for arrow in motions:  # a point on an arrow still answers the zone under it
        on_arrow = arrow.mapToScene(arrow.path().elementAt(0))
        assert window.features.map.scene.itemAt(on_arrow, QTransform()).data(1) == "motion"
        expected = window.ctx.atlas.zone_at("sole", on_arrow.x(), -on_arrow.y())
        scene = window.features.map.scene
        assert expected is not None and scene.zone_at(on_arrow) == expected.id


def test_hovering_a_card_draws_its_direction(window, qtbot) -> None:
    """The pointer over a technique card's title (a real mouse move over the link) draws
    the technique's direction on the foot; moving off the link removes it."""
    from reflexmap.core.present.zone_card import zone_card

    click_zone(window, "left.sole.lower_heel")
    panel = window.features.details.panel
    first = zone_card(window.ctx.atlas, "left.sole.lower_heel").recommended
    assert first is not None  # the move the card teaches: its title is a link
    tid = first.card.id
    name = window.ctx.atlas.techniques[tid].name
    cursor = panel.document().find(name)
    assert not cursor.isNull()
    panel.setTextCursor(cursor)
    panel.ensureCursorVisible()
    on_link = panel.cursorRect(cursor).center() - QPoint(8, 0)

    def arrows() -> list:
        return [i for i in window.features.map.scene.items() if i.data(1) == "motion"]

    qtbot.mouseMove(panel.viewport(), on_link)
    qtbot.waitUntil(lambda: bool(arrows()))
    assert window.ctx.state.hover_technique == tid
    qtbot.mouseMove(panel.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: not arrows())


def test_zoom_and_fit(window) -> None:
    before = window.features.map.view.transform().m11()
    window.features.map.view.zoom_by(1.25)
    assert window.features.map.view.transform().m11() == pytest.approx(before * 1.25)
    window.features.map.view.fit()
    assert window.features.map.view.transform().m11() == pytest.approx(before, rel=0.02)


def test_every_control_has_an_accessible_name(window) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    missing = [
        w.objectName() or type(w).__name__
        for w in window.findChildren(QWidget)
        if isinstance(w, QComboBox | QLineEdit | QAbstractItemView | QAbstractButton)
        and w.isVisible()
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
        and not isinstance(w.parent(), QComboBox | QLineEdit)
        and w.objectName() not in ("qt_scrollarea_viewport",)
    ]
    assert missing == []
    assert window.features.map.view.accessibleName()
    assert window.features.details.panel.accessibleName()


@pytest.mark.parametrize("style", [LIGHT, DARK, HIGH_CONTRAST])
def test_text_contrast(style) -> None:
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


def test_settings_restore_view_and_splitter(new_window, atlas) -> None:
    first = new_window(atlas, show=False)
    first.splitter.setSizes([150, 800, 450])
    sizes = first.splitter.sizes()
    views = list(atlas.views)
    first.ctx.state.set_view(views[-1])
    first.close()
    second = new_window(atlas, show=False)
    assert second.ctx.state.view == views[-1]
    assert second.splitter.sizes() == sizes


EDGE_MM = 0.05  # a point this close to a zone boundary may be either side's: not tested
GRID_POINTS = 10_000  # per view: a 1.2 mm grid over the soles, coarser over the legs


def hit_test_mismatches(window, points: int = GRID_POINTS) -> tuple[list[str], int, int]:
    """Every point of a grid over both feet of every view, asked of the scene (what the
    pointer hits) and of Shapely (atlas.zone_at, the truth). Returns the disagreements,
    the points compared and the points skipped as edge points; fails if a zone of a view
    got no grid point at all (the grid would be too coarse to speak for it)."""
    import numpy as np
    import shapely

    atlas, scene = window.ctx.atlas, window.features.map.scene
    bad: list[str] = []
    compared = skipped = 0
    for view in atlas.views:
        window.ctx.state.set_view(view)
        assert scene.view_id == view
        outlines = [o.polygon for (v, _), o in atlas.outlines.items() if v == view]
        zones = atlas.zones_of(view=view)
        edges = shapely.union_all(
            [z.polygon.boundary for z in zones] + [o.boundary for o in outlines]
        )
        minx, miny, maxx, maxy = shapely.union_all(outlines).buffer(2).bounds
        step = max(0.5, ((maxx - minx) * (maxy - miny) / points) ** 0.5)
        xs, ys = np.meshgrid(np.arange(minx, maxx, step), np.arange(miny, maxy, step))
        xs, ys = xs.ravel(), ys.ravel()
        near = shapely.distance(edges, shapely.points(xs, ys)) < EDGE_MM
        skipped += int(near.sum())
        seen: set[str] = set()
        for x, y in zip(xs[~near].tolist(), ys[~near].tolist(), strict=True):
            truth = atlas.zone_at(view, x, y)
            hit = scene.zone_at(QPointF(x, -y))
            compared += 1
            if truth is not None:
                seen.add(truth.id)
            if hit != (truth.id if truth else None):
                bad.append(f"{view} ({x:.2f}, {y:.2f}): Shapely {truth and truth.id}, Qt {hit}")
        missed = {z.id for z in zones if z.foot in scene.feet} - seen
        assert not missed, f"{view}: grid step {step:.2f} mm misses {sorted(missed)[:5]}"
    return bad, compared, skipped


def test_hit_test_agrees_with_shapely(window) -> None:
    """Wherever the pointer is (off the edges), the zone Qt hits is the zone Shapely says
    is there, on every view: no pen widening, no label stealing a neighbour's click."""
    bad, compared, skipped = hit_test_mismatches(window)
    assert bad == [], f"{len(bad)} of {compared} points disagree: {bad[:10]}"
    assert compared > 0.9 * GRID_POINTS * len(window.ctx.atlas.views)
    assert skipped < compared * 0.02  # the edge rule skips only edge points


def test_edge_rule_points_just_off_a_shared_edge_agree(window) -> None:
    """The edge rule's margin is enough: on every view, 1.2 x EDGE_MM either side of the
    middle of a shared edge, Qt and Shapely name the same zone, each side its own."""
    from shapely.geometry import Point

    atlas, scene = window.ctx.atlas, window.features.map.scene
    checked = 0
    for view in atlas.views:
        window.ctx.state.set_view(view)
        zones = atlas.zones_of(view=view)
        for zone in zones[:6]:
            for other_id in atlas.neighbours(zone.id)[:2]:
                shared = zone.polygon.boundary.intersection(atlas.zones[other_id].polygon.boundary)
                if shared.length < 1:
                    continue
                mid = shared.interpolate(0.5, normalized=True)
                step = 1.2 * EDGE_MM
                for dx, dy in ((step, 0), (-step, 0), (0, step), (0, -step)):
                    p = Point(mid.x + dx, mid.y + dy)
                    inside = [
                        z.id
                        for z in (zone, atlas.zones[other_id])
                        if z.polygon.contains(p) and z.polygon.exterior.distance(p) > EDGE_MM
                    ]
                    if len(inside) != 1:
                        continue  # this direction runs along the edge
                    truth = atlas.zone_at(view, p.x, p.y)
                    assert truth is not None and truth.id == inside[0]
                    assert scene.zone_at(QPointF(p.x, -p.y)) == inside[0], (view, p)
                    checked += 1
    assert checked >= 20 * len(atlas.views) // 2


def painted_fills(window, zone_ids: list[str]) -> dict[str, QColor]:
    """The colour most painted inside each zone (probes on a grid away from its edges and
    its text), read from the viewport as the user sees it."""
    from collections import Counter

    import numpy as np
    import shapely

    view = window.features.map.view
    image = view.viewport().grab().toImage()
    out = {}
    for zid in zone_ids:
        poly = window.ctx.atlas.zones[zid].polygon
        minx, miny, maxx, maxy = poly.bounds
        xs, ys = np.meshgrid(np.linspace(minx, maxx, 12), np.linspace(miny, maxy, 12))
        pts = shapely.points(xs.ravel(), ys.ravel())
        inside = [p for p in pts if poly.contains(p) and poly.exterior.distance(p) > 1.5]
        colours = Counter()
        for p in inside:
            q = view.mapFromScene(QPointF(p.x, -p.y))
            colours[image.pixelColor(q).name()] += 1
        out[zid] = QColor(colours.most_common(1)[0][0])
    return out


def test_dark_theme_switch(window, qtbot) -> None:
    """View > Theme > Dark: the window's palette turns dark and the map is repainted with
    the dark style's background and zone fills (probed on screen), and back again."""
    from PySide6.QtGui import QPalette

    zones = ["left.sole.solar_plexus", "left.sole.kidney", "right.sole.liver"]
    view = window.features.map.view
    scene = window.features.map.scene

    def background() -> QColor:
        return view.viewport().grab().toImage().pixelColor(3, 3)

    light_fills = painted_fills(window, zones)
    assert background().name() == LIGHT.background.name()
    window.set_theme("dark")
    qtbot.waitUntil(lambda: background() == DARK.background, timeout=2000)
    qtbot.waitUntil(
        lambda: window.palette().color(QPalette.ColorRole.Window).lightness() < 100, timeout=2000
    )
    win_colour = window.palette().color(QPalette.ColorRole.Window)
    assert win_colour == theme.palette("dark").color(QPalette.ColorRole.Window)
    assert win_colour.lightness() < 100  # the widgets, not only the map, turned dark
    assert window.features.details.panel.palette().color(QPalette.ColorRole.Base).lightness() < 100
    dark_fills = painted_fills(window, zones)
    for zid in zones:
        expected = scene.items_by_id[zid].look()[0]
        assert dark_fills[zid].name() == expected.name(), zid
        assert dark_fills[zid].name() != light_fills[zid].name()
        assert dark_fills[zid].lightness() < light_fills[zid].lightness()
    window.set_theme("light")
    qtbot.waitUntil(lambda: background() == LIGHT.background, timeout=2000)
    assert {z: c.name() for z, c in painted_fills(window, zones).items()} == {
        z: c.name() for z, c in light_fills.items()
    }


def test_the_map_has_most_of_the_window(window) -> None:
    """At the default size no dock squeezes the map: it is the widest part of the window."""
    assert window.features.map.view.width() >= 0.45 * window.width()
    assert window.features.map.view.height() >= 0.8 * window.height()


def test_a_shown_move_beats_on_the_map_and_stops_when_it_goes(window, qtbot) -> None:
    """Issue 32: a move with a beat (thumb walking) is animated through UiState.rhythm
    and the scene's one paint routine; the clock stops with the move, and a move without
    a beat gets none. Mutation tried: RhythmClock not connected to open_technique_changed
    fails it (rhythm stays None)."""
    state = window.ctx.state
    scene = window.features.map.scene
    state.select_zone("left.sole.stomach")
    state.show_technique("t_reflex_thumb_walk_upper_arch")
    assert scene.rhythm_items and {i.move for i in scene.rhythm_items} == {"thumb_walk"}
    qtbot.waitUntil(lambda: (state.rhythm or 0) > 0.3, timeout=3000)
    frames = [f for i in scene.rhythm_items for f in i.frames()]
    assert frames and all(f.trail for f in frames)  # the bites walked so far
    state.show_technique(None)
    assert scene.rhythm_items == [] and state.rhythm is None
    plain = next(
        t.id
        for t in window.ctx.atlas.techniques.values()
        if t.move is None and window.ctx.atlas.motions_for(t.id, "sole")
    )
    state.show_technique(plain)
    assert scene.rhythm_items == [] and state.rhythm is None


def test_a_routine_step_draws_its_move_on_its_own_side_only(window) -> None:  # type: ignore[no-untyped-def]
    """A step on the right foot lights a right-foot zone: the move's arrow is drawn there,
    not on the left foot as well (the card's open technique draws on both)."""
    from reflexmap.qt.state import Overlay

    scene = window.features.map.scene
    atlas = scene.atlas
    view = scene.view_id
    technique = next(
        t
        for t in atlas.techniques
        if {m.foot for m in atlas.motions_for(t, view)} >= {"left", "right"}
    )
    right = next(z.id for z in atlas.zones_of(view=view) if z.foot == "right")
    window.ctx.state.show_technique(technique)
    both = len(scene._motion_items)
    window.ctx.state.show_technique(None)
    window.ctx.state.set_overlay(Overlay(frozenset({right}), technique))
    step = scene._motion_items
    assert 0 < len(step) < both
    assert all(item.sceneBoundingRect().center().x() > 0 for item in step)  # right foot: x > 0
