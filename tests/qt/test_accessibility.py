"""What a screen reader gets, through Qt's own accessibility API.

The map is read with `QAccessible.queryAccessibleInterface`, as the platform bridge
(AT-SPI on Linux) reads it; the events the app sends are recorded by wrapping
`QAccessible.updateAccessibility` (PySide6 has no `installUpdateHandler`) and passed on.

Mutations tried by hand, each failing the tests named:
- `install_factory` does nothing (Qt's scroll-area interface): every map test fails
  (childCount is 3, no zone names).
- `ZoneAccessible.text` returns the zone title without the side: test_zone_children.
- `state()` never sets `focused` / `selected`: test_states_follow_click_and_keys.
- `rect()` in viewport, not global, coordinates: test_zone_children (outside the view's
  global rect once the window is not at 0,0; offscreen windows sit at 0,0 so the test
  also checks a zone's rect centre hits that zone through `childAt`).
- `doAction` ignores Press: test_actions.
- `_on_focus` not connected / `announce_focus` without the child index:
  test_focus_events_on_tab_and_arrows.
- `_on_view` does not forget the old zones: test_view_switch_resets_children (the
  first child is still the sole's).
- `_on_selected` sends nothing: test_selection_sends_state_change.
- `_announce_selection` not connected in the main window: test_selected_is_announced.
- the player's time up/finished announcements left polite: test_player_end_is_assertive.
- the routine picker given back `setAccessibleName("Routine")`, or its buddy dropped:
  test_picker_is_named_by_its_buddy.
- `plain_label` setting the fallback as accessible name: test_labels_read_their_text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleStateChangeEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser

from reflexmap.core.present import labels
from reflexmap.qt import notice
from reflexmap.qt.map.accessible import MapAccessible

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description


@dataclass
class Sent:
    kind: QAccessible.Event
    child: int
    name: str  # of the interface the event is about
    message: str = ""
    politeness: object = None
    selected_changed: bool = False


@pytest.fixture
def sent(monkeypatch) -> Iterator[list[Sent]]:
    """Accessibility on (as with a screen reader running) and every event recorded."""
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    record: list[Sent] = []
    original = QAccessible.updateAccessibility

    def update(event):
        iface = event.accessibleInterface()
        item = Sent(event.type(), event.child(), iface.text(NAME) if iface else "")
        if isinstance(event, QAccessibleAnnouncementEvent):
            item.message, item.politeness = event.message(), event.politeness()
        if isinstance(event, QAccessibleStateChangeEvent):
            item.selected_changed = bool(event.changedStates().selected)
        record.append(item)
        original(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    # a reader that listens for announcements (newer Orca); Orca 43's channel: test_notice
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: True)
    yield record
    QAccessible.setActive(was_active)


@pytest.fixture
def a11y_window(sent, window, qtbot):
    window.activateWindow()
    view = window.features.map.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    QApplication.processEvents()
    sent.clear()
    return window


def map_iface(window):
    iface = QAccessible.queryAccessibleInterface(window.features.map.view)
    assert isinstance(iface, MapAccessible)
    return iface


def index_of(window, zone_id: str) -> int:
    return window.features.map.scene.zone_ids().index(zone_id)


def test_zone_children(a11y_window) -> None:
    window = a11y_window
    view, atlas = window.features.map.view, window.ctx.atlas
    iface = map_iface(window)
    order = window.features.map.scene.zone_ids()
    assert iface.childCount() == len(order) == len(atlas.zones_of(view=window.ctx.state.view))
    assert iface.text(NAME) == "Foot map"
    global_rect = view.viewport().rect().translated(view.viewport().mapToGlobal(QPoint(0, 0)))
    for index, zone_id in enumerate(order):
        child = iface.child(index)
        zone = atlas.zones[zone_id]
        assert child.text(NAME) == (
            f"{zone.number}, {zone.name}, {labels.zone_side(atlas, zone_id)}"
        )
        assert child.text(DESCRIPTION) == ", ".join(labels.zone_areas(atlas, zone_id))
        assert child.role() == QAccessible.Role.ListItem
        assert child.parent() is iface and iface.indexOfChild(child) == index
        assert child.state().focusable and child.state().selectable
        rect = child.rect()
        assert rect.isValid() and global_rect.contains(rect), (zone_id, rect, global_rect)
        assert iface.childAt(*_inside(window, zone_id)) is child
    solar = iface.child(index_of(window, "left.sole.solar_plexus"))
    assert solar.text(NAME) == "16, Solar plexus, left foot"
    assert "Solar plexus" in solar.text(DESCRIPTION)


def _inside(window, zone_id: str) -> tuple[int, int]:
    view = window.features.map.view
    p = view.viewport().mapToGlobal(view.point_of(zone_id).toPoint())
    return p.x(), p.y()


def test_states_follow_click_and_keys(a11y_window) -> None:
    window = a11y_window
    view, iface = window.features.map.view, map_iface(a11y_window)
    target = "left.sole.stomach"
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.point_of(target).toPoint(),
    )
    child = iface.child(index_of(window, target))
    assert child.state().selected and child.state().focused
    others = [iface.child(i) for i in range(iface.childCount()) if i != index_of(window, target)]
    assert not any(c.state().selected or c.state().focused for c in others)
    QTest.keyClick(view, Qt.Key.Key_Right)
    moved = iface.child(index_of(window, window.ctx.state.focus))
    assert moved is not child
    assert moved.state().focused and not child.state().focused
    assert child.state().selected and not moved.state().selected
    QTest.keyClick(view, Qt.Key.Key_Up)
    up = iface.child(index_of(window, window.ctx.state.focus))
    assert up is not moved and up.state().focused
    assert iface.focusChild() is up


def test_actions(a11y_window) -> None:
    window = a11y_window
    iface = map_iface(window)
    child = iface.child(index_of(window, "right.sole.lower_heel"))
    actions = child.actionInterface()
    assert actions is not None
    assert {"Press", "SetFocus"} <= set(actions.actionNames())
    actions.doAction("SetFocus")
    assert window.ctx.state.focus == "right.sole.lower_heel"
    assert window.ctx.state.selected is None
    actions.doAction("Press")
    assert window.ctx.state.selected == "right.sole.lower_heel"
    assert child.state().selected


def test_focus_events_on_arrows_and_home_end(a11y_window, sent) -> None:
    window = a11y_window
    view = window.features.map.view
    keys = [Qt.Key.Key_Right] * 2 + [
        Qt.Key.Key_Down,
        Qt.Key.Key_Down,
        Qt.Key.Key_Up,
        Qt.Key.Key_Right,
        Qt.Key.Key_Down,
        Qt.Key.Key_Left,
        Qt.Key.Key_End,
        Qt.Key.Key_Home,
    ]
    moves = 0
    for key in keys:
        before = window.ctx.state.focus
        QTest.keyClick(view, key)
        if window.ctx.state.focus != before:
            moves += 1
            focus = [s for s in sent if s.kind == QAccessible.Event.Focus]
            assert focus, key
            assert focus[-1].child == index_of(window, window.ctx.state.focus)
            assert focus[-1].name.startswith(
                f"{window.ctx.atlas.zones[window.ctx.state.focus].number}, "
            )
            sent.clear()
    assert moves >= 9


def test_tab_leaves_and_shift_tab_comes_back_with_a_zone_focus_event(
    a11y_window, sent, qtbot
) -> None:
    """The map is one Tab stop; coming back, the reader hears the zone it left."""
    window = a11y_window
    view, state = window.features.map.view, window.ctx.state
    QTest.keyClick(view, Qt.Key.Key_Down)
    here = state.focus
    QTest.keyClick(view, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert not map_iface(window).child(index_of(window, here)).state().focused
    sent.clear()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.waitUntil(view.hasFocus)
    qtbot.waitUntil(lambda: any(s.kind == QAccessible.Event.Focus and s.child >= 0 for s in sent))
    focus = [s for s in sent if s.kind == QAccessible.Event.Focus and s.child >= 0]
    assert focus[-1].child == index_of(window, here)
    assert map_iface(window).child(index_of(window, here)).state().focused


def test_selection_sends_state_change(a11y_window, sent) -> None:
    window = a11y_window
    state = window.ctx.state
    state.select_zone("left.sole.stomach")
    changes = [s for s in sent if s.selected_changed]
    assert [c.name for c in changes] == [
        map_iface(window).child(index_of(window, "left.sole.stomach")).text(NAME)
    ]
    sent.clear()
    state.select_zone("left.sole.kidney")  # the old one is told too
    assert len([s for s in sent if s.selected_changed]) == 2


def test_view_switch_resets_children(a11y_window, sent) -> None:
    window = a11y_window
    state, atlas = window.ctx.state, window.ctx.atlas
    iface = map_iface(window)
    first = iface.child(0).text(NAME)
    other = next(v for v in atlas.views if v != state.view)
    state.set_view(other)
    assert [s for s in sent if s.kind == QAccessible.Event.ObjectReorder]
    iface = map_iface(window)
    order = window.features.map.scene.zone_ids()
    assert iface.childCount() == len(order)
    assert all(atlas.zones[z].view == other for z in order)
    assert iface.child(0).text(NAME) != first
    assert iface.child(0).text(NAME).startswith(f"{atlas.zones[order[0]].number}, ")


def test_selected_is_announced(a11y_window, sent) -> None:
    window = a11y_window
    window.ctx.state.select_zone("left.sole.solar_plexus")
    said = [s for s in sent if s.kind == QAccessible.Event.Announcement]
    assert [s.message for s in said] == ["Selected: Solar plexus"]
    assert said[0].politeness == QAccessible.AnnouncementPoliteness.Polite


def test_player_end_is_assertive(a11y_window, sent) -> None:
    panel = (
        a11y_window.features.player.panel
        if hasattr(a11y_window.features.player, "panel")
        else a11y_window.features.player
    )
    for kind, politeness in (
        ("step", QAccessible.AnnouncementPoliteness.Polite),
        ("finished", QAccessible.AnnouncementPoliteness.Assertive),
        ("waiting", QAccessible.AnnouncementPoliteness.Assertive),
    ):
        sent.clear()
        panel._announce(kind)
        said = [s for s in sent if s.kind == QAccessible.Event.Announcement]
        assert len(said) == 1 and said[0].politeness == politeness, kind


def test_picker_is_named_by_its_buddy(a11y_window) -> None:
    player = a11y_window.features.player
    panel = getattr(player, "panel", player)
    picker = panel.picker
    assert picker.accessibleName() == ""
    buddies = [w for w in panel.findChildren(QLabel) if w.buddy() is picker]
    assert buddies and buddies[0].text().replace("&", "") == "Routine:"
    assert buddies[0].text() != "&Routine:"  # Alt+R opens the Routines menu
    iface = QAccessible.queryAccessibleInterface(picker)
    assert iface.text(QAccessible.Text.Value) == picker.currentText()


def test_labels_read_their_text(a11y_window) -> None:
    """No label's accessible name hides what it shows ("Time left" for "0:43 left")."""
    hiding = []
    for label in a11y_window.findChildren(QLabel):
        if label.accessibleName():
            hiding.append((label.objectName(), label.accessibleName(), label.text()))
        elif label.text():
            iface = QAccessible.queryAccessibleInterface(label)
            if iface.text(NAME) != label.text().replace("&", ""):
                hiding.append((label.objectName(), iface.text(NAME), label.text()))
    assert not hiding


def test_a_link_reached_with_tab_is_said_with_its_section(a11y_window, sent, qtbot) -> None:
    """The details panel reaches AT-SPI as one text (no hyperlink interface in Qt's
    bridge): each link the keyboard reaches is announced, with its section's heading."""
    window = a11y_window
    window.ctx.state.select_zone("left.sole.solar_plexus")
    details = window.findChild(QTextBrowser, "zoneDetails")
    details.setFocus()
    qtbot.waitUntil(details.hasFocus)
    sent.clear()
    said: list[str] = []
    for _ in range(4):
        qtbot.keyClick(details, Qt.Key.Key_Tab)
        said += [s.message for s in sent if s.kind == QAccessible.Event.Announcement]
        sent.clear()
    assert len(said) == 4, said
    cursor_text = details.textCursor().selectedText().strip()
    assert said[-1].startswith(f"Link: {cursor_text}, under ")
    headings = {b for b in details.toPlainText().splitlines() if b}
    assert all(s.split(", under ", 1)[1] in headings for s in said), said
