"""Focus, selection, lookup and overlay stay consistent, driven with real input.

The rules live in `reflexmap.qt.state.UiState` (see its docstring); these tests drive the
window the way a user does (clicks on the map's viewport and in the body-area tree, keys
on the map, the View menu, the search box) and check every view that shows a field: the
map items and pixels, the details panel, the zone list, the view switcher.

Mutations tried in reflexmap/qt/state.py, one at a time: the file was edited, this
module run, and the original bytes written back at once (`git diff reflexmap/qt/state.py`
empty afterwards). Each was caught by the tests named:

* select_zone without `focus=zone_id` → test_click_then_down_moves_from_the_clicked_zone
  (the focus stayed on zone 1, which the map's focus-in set on the press, so Down went
  below zone 1), both view-switch tests, test_selecting_a_zone_of_another_view_switches_to_it,
  test_each_field_signals_once_per_change.
* `_update` without the view-switch clearing (`changes[name] = None` → `pass`) → both
  test_view_switch_drops_zones_of_the_old_view cases (the sole's zone stayed selected on
  the top view) and test_each_field_signals_once_per_change.
* set_overlay keeping the lookup (`changes["lookup"] = None` → `pass`) →
  test_routine_and_lookup_replace_each_other, test_each_field_signals_once_per_change.
* look_up keeping the overlay (`overlay=None` dropped) → the same two tests.
* emitting unchanged fields (`changed = [n for n in FIELDS if n in changes]`) →
  test_each_field_signals_once_per_change.
* emitting inside the update loop (a listener sees a half-made change) →
  test_each_field_signals_once_per_change.
* clear() keeping the selection → test_selected_fill_on_the_screen.

And, monkeypatched from a throw-away pytest plugin (not in reflexmap/):

* FootScene._on_zone_field no longer calling item.update() → test_selected_fill_on_the_screen
  (the screen kept the selected fill after Escape; the probe reads the window's backing
  store, not a fresh render, and waits for the hover-leave repaint to land first).
* ZoneItem.paint filling with the base colour only → test_selected_fill_on_the_screen.

Bug this suite found and that was then fixed: clicking the zone-list row that follows
the focus ring selected nothing (test_clicking_the_row_that_follows_the_focus_selects_it;
the list now selects on a click or Enter on its current row too).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from map_probe import drawn_hatched, drawn_selected
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from reflexmap.qt.state import FIELDS, Overlay, UiState

SOLAR_PLEXUS = "left.sole.solar_plexus"  # zone 16 of the left sole
OTHER_VIEW = "top"


def click_zone(window, zone_id: str) -> None:
    view = window.features.map.view
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.point_of(zone_id).toPoint(),
    )


_AWAY = [QPoint(2, 2)]


def pointer_away(window) -> None:
    """Move the pointer to a corner of the map (no zone there). Each time to a new point:
    Qt drops a move to where the cursor already is, and QTest's clicks do not move it."""
    _AWAY[0] = QPoint(5, 5) if _AWAY[0] == QPoint(2, 2) else QPoint(2, 2)
    QTest.mouseMove(window.features.map.view.viewport(), _AWAY[0])


def key(window, key: Qt.Key) -> None:
    QTest.keyClick(window.features.map.view, key)


def screen_y(window, zone_id: str) -> float:
    return window.features.map.view.point_of(zone_id).y()


def details_text(window) -> str:
    return window.features.details.panel.toPlainText()


# ---- keyboard focus follows the click ----------------------------------------------------


def test_click_then_down_moves_from_the_clicked_zone(window) -> None:
    state, atlas = window.ctx.state, window.ctx.atlas
    assert atlas.zones[SOLAR_PLEXUS].number == 16
    assert state.focus is None  # nothing focused before the click
    click_zone(window, SOLAR_PLEXUS)
    assert state.selected == SOLAR_PLEXUS and state.focus == SOLAR_PLEXUS
    assert window.features.map.view.hasFocus()
    key(window, Qt.Key.Key_Down)
    below = state.focus
    assert below != SOLAR_PLEXUS
    assert below in atlas.neighbours(SOLAR_PLEXUS), below
    assert screen_y(window, below) > screen_y(window, SOLAR_PLEXUS)
    assert atlas.label_point(below).y < atlas.label_point(SOLAR_PLEXUS).y
    assert state.selected == SOLAR_PLEXUS  # moving the focus ring selects nothing
    key(window, Qt.Key.Key_Return)
    assert state.selected == below
    assert atlas.zones[below].name in details_text(window)
    assert drawn_selected(window.features.map.scene.items_by_id[below])
    row = window.features.browse.zone_list.currentItem()
    assert row is not None and row.data(Qt.ItemDataRole.UserRole) == below


def click_row(window, zone_id: str) -> None:
    zone_list = window.features.browse.zone_list
    window.side.setCurrentWidget(zone_list)
    item = next(
        zone_list.item(i)
        for i in range(zone_list.count())
        if zone_list.item(i).data(Qt.ItemDataRole.UserRole) == zone_id
    )
    zone_list.scrollToItem(item)
    QApplication.processEvents()
    rect = zone_list.visualItemRect(item).intersected(zone_list.viewport().rect())
    QTest.mouseClick(
        zone_list.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )


def test_clicking_a_zone_list_row_selects_it(window) -> None:
    state = window.ctx.state
    click_row(window, "left.sole.kidney")
    assert state.selected == "left.sole.kidney"


def test_the_list_stays_on_the_selected_zone_while_the_ring_moves(window) -> None:
    """The list highlights what the card shows, not the map's focus ring; a
    click on another row selects it."""
    state = window.ctx.state
    click_zone(window, SOLAR_PLEXUS)
    key(window, Qt.Key.Key_Down)  # the focus ring moves; the list stays with the card
    below = state.focus
    zone_list = window.features.browse.zone_list
    assert zone_list.currentItem().data(Qt.ItemDataRole.UserRole) == SOLAR_PLEXUS
    assert state.selected == SOLAR_PLEXUS
    click_row(window, below)
    assert state.selected == below
    assert window.ctx.atlas.zones[below].name in details_text(window)


# ---- a view switch drops the old view's zones --------------------------------------------


def _switch_by_menu(window, view_id: str) -> None:
    action = window.features.map.view_actions[view_id]
    assert action in window.menu("view").actions()
    action.trigger()


def _switch_by_state(window, view_id: str) -> None:
    window.ctx.state.set_view(view_id)


@pytest.mark.parametrize("switch", [_switch_by_menu, _switch_by_state], ids=["view-menu", "state"])
def test_view_switch_drops_zones_of_the_old_view(
    window, qtbot, switch: Callable[..., None]
) -> None:
    state, atlas = window.ctx.state, window.ctx.atlas
    view = window.features.map.view
    click_zone(window, SOLAR_PLEXUS)
    pointer_away(window)
    QTest.mouseMove(view.viewport(), view.point_of("left.sole.kidney").toPoint())
    qtbot.waitUntil(lambda: state.hover == "left.sole.kidney", timeout=2000)
    assert state.selected == state.focus == SOLAR_PLEXUS
    assert "Choose a zone" not in details_text(window)

    switch(window, OTHER_VIEW)
    assert state.view == OTHER_VIEW
    # the selection goes; a zone keeps the focus, the new view's first (issue 29)
    first = next(z.id for z in atlas.zones_of(view=OTHER_VIEW))
    assert (state.selected, state.focus) == (None, first)
    # the pointer has not moved: it may now hover the new view's zone under it
    assert state.hover is None or atlas.zones[state.hover].view == OTHER_VIEW
    assert "Choose a zone" in details_text(window)
    assert atlas.zones[SOLAR_PLEXUS].name not in details_text(window)
    zone_list = window.features.browse.zone_list
    current = zone_list.currentItem()  # none, or the focused zone (kept on a view switch)
    assert current is None or current.data(Qt.ItemDataRole.UserRole) == state.focus
    assert all(
        atlas.zones[zone_list.item(i).data(Qt.ItemDataRole.UserRole)].view == OTHER_VIEW
        for i in range(zone_list.count())
    )
    scene = window.features.map.scene
    assert scene.view_id == OTHER_VIEW and SOLAR_PLEXUS not in scene.items_by_id
    assert window.features.map.switcher.currentData() == OTHER_VIEW
    assert window.features.map.view_actions[OTHER_VIEW].isChecked()

    view.setFocus()
    key(window, Qt.Key.Key_Return)
    assert state.selected is None or atlas.zones[state.selected].view == OTHER_VIEW
    assert state.selected != SOLAR_PLEXUS
    key(window, Qt.Key.Key_Escape)
    assert state.selected is None
    assert "Choose a zone" in details_text(window)


def click_link(browser, href: str) -> None:
    """Click a link of a QTextBrowser where it is drawn."""
    doc = browser.document()
    cursor = QTextCursor(doc)
    for pos in range(doc.characterCount() - 1):
        if doc.characterAt(pos) == "\u2029":  # a block's end: its format is the next one's
            continue
        cursor.setPosition(pos + 1)  # the format of the character before the cursor
        if cursor.charFormat().anchorHref() == href:
            break
    else:
        raise AssertionError(f"no link {href}")
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    QApplication.processEvents()
    cursor.setPosition(pos)
    at = browser.cursorRect(cursor).center() + QPoint(3, 0)
    assert browser.anchorAt(at) == href
    QTest.mouseClick(
        browser.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at
    )


def check_shows(window, zone_id: str) -> None:
    """Every view of the state agrees: the zone's view is shown with the zone selected."""
    state, atlas = window.ctx.state, window.ctx.atlas
    view_id = atlas.zones[zone_id].view
    assert state.view == view_id
    assert state.selected == zone_id and state.focus == zone_id
    scene = window.features.map.scene
    assert scene.view_id == view_id and drawn_selected(scene.items_by_id[zone_id])
    assert atlas.zones[zone_id].name in details_text(window)
    assert window.features.map.switcher.currentData() == view_id
    assert window.features.map.view_actions[view_id].isChecked()
    row = window.features.browse.zone_list.currentItem()
    assert row is not None and row.data(Qt.ItemDataRole.UserRole) == zone_id


def test_selecting_a_zone_of_another_view_switches_to_it(window) -> None:
    state, atlas = window.ctx.state, window.ctx.atlas
    assert state.view == "sole"
    # through search, typed: the zone list only ever holds the current view's zones
    target = next(z for z in atlas.zones_of(view=OTHER_VIEW) if z.foot == "right")
    browse = window.features.browse
    browse.search.setFocus()  # "right" picks the foot, the view's name the view
    QTest.keyClicks(browse.search, f"{target.name} right {atlas.views[OTHER_VIEW].name}")
    QTest.keyClick(browse.search, Qt.Key.Key_Return)
    check_shows(window, target.id)

    # through a zone link of a lookup page: an area with zones on two views
    state.set_view("sole")
    area, there = next(
        (a, z.id)
        for a in atlas.body_areas
        for z in atlas.zones_for_body_area(a)
        if z.view == OTHER_VIEW and any(o.view == "sole" for o in atlas.zones_for_body_area(a))
    )
    click_area(window, area)
    assert state.lookup == area and state.view == "sole"
    click_link(window.features.details.panel, f"zone:{there}")
    check_shows(window, there)


# ---- a lookup and a routine replace each other -------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def area_item(tree, area_id: str) -> QTreeWidgetItem:
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if group.child(j).data(0, Qt.ItemDataRole.UserRole) == area_id:
                return group.child(j)
    raise AssertionError(f"{area_id} not in the body-area tree")


def click_area(window, area_id: str) -> None:
    tree = window.features.browse.areas
    window.side.setCurrentWidget(tree)
    item = area_item(tree, area_id)
    tree.scrollToItem(item)
    QApplication.processEvents()
    # column 0 is sized to its contents and may run past the viewport: click what shows
    rect = tree.visualItemRect(item).intersected(tree.viewport().rect())
    assert rect.isValid() and tree.itemAt(rect.center()) is item
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )


def step_zone_ids(window) -> frozenset[str]:
    play = window.features.player.panel.session.current
    return frozenset(z.id for z in window.ctx.atlas.step_zones(play.step, foot=play.foot))


def test_routine_and_lookup_replace_each_other(window, qtbot) -> None:
    state, atlas = window.ctx.state, window.ctx.atlas
    scene = window.features.map.scene
    area = atlas.zones["left.sole.lungs_chest"].claims[0].body_area
    area_zones = frozenset(z.id for z in atlas.zones_for_body_area(area))

    tree = window.features.browse.areas
    click_area(window, area)
    assert state.lookup == area
    assert tree.currentItem() is area_item(tree, area)
    assert scene.hatched == area_zones
    assert all(drawn_hatched(scene.items_by_id[z]) for z in area_zones if z in scene.items_by_id)
    shown = details_text(window)
    assert atlas.body_areas[area].name in shown
    for zid in area_zones:
        assert atlas.zones[zid].name in shown

    panel = window.features.player.panel
    panel.session.clock = FakeClock()
    seq = next(
        s
        for s in atlas.sequences.values()
        if not area_zones <= frozenset(z.id for z in atlas.step_zones(s.steps[0], foot="left"))
    )
    window.ctx.routines.open_routine(seq.id)
    assert panel.dialog is not None and panel.dialog.isVisible()
    panel.dialog.start_button.click()
    assert panel.session.state != "idle" and panel.session.current is not None
    step = step_zone_ids(window)
    assert state.lookup is None
    assert state.overlay is not None and state.overlay.zones == step
    assert scene.hatched == step
    assert not area_zones <= scene.hatched  # the lookup's zones went
    assert atlas.body_areas[area].name not in details_text(window)
    assert tree.currentItem() is None  # the tree no longer claims a lookup

    window.activateWindow()  # the dialog had the focus
    click_area(window, area)
    assert state.lookup == area and state.overlay is None
    assert scene.hatched == area_zones
    assert atlas.body_areas[area].name in details_text(window)
    ticks: list[int] = []  # the player's 200 ms timer ticks twice: it must not take the map back
    panel.timer.timeout.connect(lambda: ticks.append(1))
    qtbot.waitUntil(lambda: len(ticks) >= 2, timeout=5000)
    assert state.lookup == area and scene.hatched == area_zones

    panel.next()  # the next step lights the map again and the lookup goes
    assert state.lookup is None and scene.hatched == step_zone_ids(window)
    panel.stop()
    assert state.overlay is None and not scene.hatched


# ---- one signal per field ---------------------------------------------------------------


def test_each_field_signals_once_per_change(window) -> None:
    state: UiState = window.ctx.state
    atlas = window.ctx.atlas
    heard: list[tuple[str, object]] = []
    snapshots: list[dict[str, object]] = []

    def values() -> dict[str, object]:
        return {name: getattr(state, name) for name in FIELDS}

    def listener(name: str) -> Callable[[object], None]:
        def slot(value: object) -> None:
            heard.append((name, value))
            snapshots.append(values())

        return slot

    state.set_hover(None)
    state.clear()
    assert state.view == "sole"
    slots = {name: listener(name) for name in FIELDS}
    for name, slot in slots.items():
        getattr(state, f"{name}_changed").connect(slot)

    top_zone = next(z.id for z in atlas.zones_of(view=OTHER_VIEW))
    sole_other = "left.sole.kidney"
    area = atlas.zones["left.sole.lungs_chest"].claims[0].body_area
    area_views = {z.view for z in atlas.zones_for_body_area(area)}
    technique = atlas.techniques_for_zone(SOLAR_PLEXUS)[0].id
    overlay = Overlay(frozenset({SOLAR_PLEXUS, sole_other}), technique)
    steps: list[tuple[str, Callable[[], None], set[str] | None]] = [
        # (what, operation, the fields it must change; None: whatever differs)
        ("select", lambda: state.select_zone(SOLAR_PLEXUS), {"selected", "focus"}),
        ("select again", lambda: state.select_zone(SOLAR_PLEXUS), set()),
        ("focus", lambda: state.set_focus(sole_other), {"focus"}),
        ("focus again", lambda: state.set_focus(sole_other), set()),
        ("focus off the view", lambda: state.set_focus(top_zone), set()),
        ("hover", lambda: state.set_hover(sole_other), {"hover"}),
        ("hover again", lambda: state.set_hover(sole_other), set()),
        ("card", lambda: state.show_technique(technique), {"open_technique"}),
        ("card again", lambda: state.show_technique(technique), set()),
        ("hover card", lambda: state.show_technique(technique, hover=True), {"hover_technique"}),
        ("lighter", lambda: state.set_lighter_pressure(True), {"lighter_pressure"}),
        ("lighter again", lambda: state.set_lighter_pressure(True), set()),
        ("unknown view", lambda: state.set_view("no_such_view"), set()),
        ("view", lambda: state.set_view(OTHER_VIEW), {"view", "selected", "focus", "hover"}),
        ("view again", lambda: state.set_view(OTHER_VIEW), set()),
        (
            "select on another view",
            lambda: state.select_zone(SOLAR_PLEXUS),
            {"view", "selected", "focus", "open_technique"},
        ),
        ("look up", lambda: state.look_up(area), {"lookup", "selected"}),
        ("look up again", lambda: state.look_up(area), set()),
        ("overlay", lambda: state.set_overlay(overlay), {"overlay", "lookup"}),
        ("overlay again", lambda: state.set_overlay(overlay), set()),
        (
            "overlay on a view",
            lambda: state.set_overlay(overlay, view=OTHER_VIEW),
            {"view", "focus"},
        ),
        (
            "look up over a routine",
            lambda: state.look_up(area),
            {"lookup", "overlay"}
            # a view switch moves the focus to the new view's first zone (issue 29)
            | ({"view", "focus"} if area_views and OTHER_VIEW not in area_views else set()),
        ),
        ("routine over", lambda: state.set_overlay(None), set()),  # the lookup stays
        ("clear", state.clear, {"lookup", "hover_technique"}),
        ("clear again", state.clear, set()),
        ("unselect", lambda: state.select_zone(None), set()),
    ]
    for what, operation, expected in steps:
        before = values()
        heard.clear()
        snapshots.clear()
        operation()
        after = values()
        changed = {n for n in FIELDS if before[n] != after[n]}
        if expected is not None:
            assert changed == expected, what
        names = [n for n, _ in heard]
        assert sorted(names) == sorted(changed), f"{what}: heard {names}"
        assert len(names) == len(set(names)), f"{what}: a signal twice: {names}"
        assert names == [n for n in FIELDS if n in changed], f"{what}: order {names}"
        for (name, value), seen in zip(heard, snapshots, strict=True):
            assert value == after[name], f"{what}: {name} sent {value!r}"
            assert seen == after, f"{what}: {name}'s listener saw a half-made change"
    for name, slot in slots.items():
        getattr(state, f"{name}_changed").disconnect(slot)


# ---- what the screen shows ----------------------------------------------------------------


def _screen() -> QImage:
    return QApplication.primaryScreen().grabWindow(0).toImage()


def probe_point(window, zone_id: str) -> QPoint:
    """A viewport point near the zone's label point, off the number, well inside the
    zone (4 px from its edge each way)."""
    view = window.features.map.view
    item = window.features.map.scene.items_by_id[zone_id]
    label = view.mapFromScene(item.childItems()[0].sceneBoundingRect()).boundingRect()
    centre = view.point_of(zone_id).toPoint()

    def inside(p: QPoint) -> bool:
        return item.contains(item.mapFromScene(view.mapToScene(p)))

    for r in range(6, 40, 2):
        for dx, dy in ((r, 0), (-r, 0), (0, r), (0, -r), (r, r), (-r, r), (r, -r), (-r, -r)):
            p = centre + QPoint(dx, dy)
            if label.adjusted(-3, -3, 3, 3).contains(p):
                continue
            if all(inside(p + QPoint(ex, ey)) for ex in (-4, 0, 4) for ey in (-4, 0, 4)):
                return p
    raise AssertionError(f"no probe point inside {zone_id}")


def pixel(window, at: QPoint) -> QColor:
    """The colour on the screen (the window's backing store), not a fresh render: a zone
    that was not repainted keeps its old colour here."""
    viewport = window.features.map.view.viewport()
    g = viewport.mapToGlobal(at)
    image = _screen()
    assert image.rect().contains(g), "the probe is off the offscreen screen"
    return image.pixelColor(g)


def settle() -> None:
    """Let the scene's queued repaints reach the screen."""
    for _ in range(3):
        QApplication.processEvents()


def close(a: QColor, b: QColor, tol: int = 3) -> bool:
    return all(
        abs(x - y) <= tol
        for x, y in ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))
    )


def test_selected_fill_on_the_screen(window, qtbot) -> None:
    state = window.ctx.state
    item = window.features.map.scene.items_by_id[SOLAR_PLEXUS]
    at = probe_point(window, SOLAR_PLEXUS)
    pointer_away(window)
    qtbot.waitUntil(lambda: state.hover is None, timeout=2000)
    qtbot.waitUntil(lambda: close(pixel(window, at), item.look()[0]), timeout=2000)
    plain = pixel(window, at)
    click_zone(window, SOLAR_PLEXUS)
    window.features.map.view.clearFocus()  # the focus ring's bands lie inside the edge
    pointer_away(window)
    qtbot.waitUntil(lambda: state.hover is None, timeout=2000)
    assert state.selected == SOLAR_PLEXUS
    style = window.features.map.scene.chart_style
    selected_fill = item.look()[0]
    assert selected_fill == style.selected.lighter(140)  # the light theme's selected fill
    assert not close(selected_fill, plain)
    qtbot.waitUntil(lambda: close(pixel(window, at), selected_fill), timeout=2000)
    settle()  # the hover-leave repaint is done: only the Escape may repaint the zone now
    assert close(pixel(window, at), selected_fill)
    key(window, Qt.Key.Key_Escape)
    assert state.selected is None
    qtbot.waitUntil(lambda: not close(pixel(window, at), selected_fill), timeout=2000)
    assert close(pixel(window, at), item.look()[0])
    assert close(pixel(window, at), plain)


def test_probe_point_is_on_the_zone(window) -> None:
    """The probe helper itself: its point hits the zone and not its number."""
    at = probe_point(window, SOLAR_PLEXUS)
    scene = window.features.map.scene
    view = window.features.map.view
    assert scene.zone_at(QPointF(view.mapToScene(at))) == SOLAR_PLEXUS
    assert scene.itemAt(view.mapToScene(at), view.transform()) is scene.items_by_id[SOLAR_PLEXUS]


# ---- the zone list and the card never disagree ---------------------------------


def _list_shows(window) -> list[str]:
    """The zones the list highlights: its current row and any selected rows."""
    zone_list = window.features.browse.zone_list
    rows = [zone_list.currentItem(), *zone_list.selectedItems()]
    return sorted({r.data(Qt.ItemDataRole.UserRole) for r in rows if r is not None})


def test_clicking_empty_map_leaves_no_row_highlighted(window) -> None:
    """Today's bug: the card says "Choose a zone" while the list highlights zone 1."""
    view = window.features.map.view
    view.setFocus()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert window.ctx.state.selected is None
    assert "Choose a zone" in details_text(window)
    assert _list_shows(window) == []
    assert window.ctx.state.focus is not None  # the map's focus ring is on zone 1
    click_zone(window, SOLAR_PLEXUS)
    assert _list_shows(window) == [SOLAR_PLEXUS]
    key(window, Qt.Key.Key_Escape)
    assert "Choose a zone" in details_text(window) and _list_shows(window) == []


def test_moving_the_focus_ring_keeps_the_list_on_the_card(window) -> None:
    """Today's bug: after a focus move the list highlights 34 while the card shows 35."""
    state, atlas = window.ctx.state, window.ctx.atlas
    pelvis = next(z.id for z in atlas.zones_of(view="sole") if z.number == 35)
    click_zone(window, pelvis)
    QTest.keyClick(window.features.map.view, Qt.Key.Key_Left)
    assert state.focus != pelvis and state.selected == pelvis
    assert atlas.zones[pelvis].name in details_text(window)
    assert _list_shows(window) == [pelvis]
    key(window, Qt.Key.Key_Return)  # Enter selects the ring's zone: list and card follow
    assert state.selected == state.focus != pelvis
    assert _list_shows(window) == [state.selected]
    assert atlas.zones[state.selected].name in details_text(window)
