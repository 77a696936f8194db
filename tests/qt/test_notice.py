"""Feedback a screen reader hears, on the channel Orca 43 speaks (issue 29).

Orca 43 (Debian 12) drops `object:announcement`; it speaks an object of role Notification
when it is shown (measured, docs/accessibility.md). `notice.say` sends one of the two.

Mutations tried by hand, each failing the tests named:
- `say` always sends the announcement (the old code): test_orca43_hears_a_notification.
- `say` sends both channels: test_orca43_hears_a_notification and
  test_newer_reader_gets_the_announcement_only.
- `set_tooltip` no longer sets a plain description: test_descriptions_are_plain_text.
- the play button keeps the name "Start or pause": test_play_button_names_its_state.
- `setTabChangesFocus` dropped on the zone note (user_data): test_tab_leaves_note_fields.
- `_keep_focus_and_say` not called, or UiState dropping the focus on a view switch:
  test_view_switch_keeps_a_focused_zone_and_says_its_name.
- the F6 shortcuts not made: test_f6_cycles_the_panes.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QPlainTextEdit, QWidget

from reflexmap.qt import notice
from reflexmap.qt.app_state import AppState
from reflexmap.qt.player.safety_dialog import SafetyDialog


@pytest.fixture
def announcements(monkeypatch):  # type: ignore[no-untyped-def]
    QAccessible.setActive(True)
    record: list[str] = []
    original = QAccessible.updateAccessibility

    def update(event):  # type: ignore[no-untyped-def]
        if isinstance(event, QAccessibleAnnouncementEvent):
            record.append(event.message())
        original(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    return record


def shown_notice(window):  # type: ignore[no-untyped-def]
    shown = [n for n in window.findChildren(notice.Notice) if n.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


def test_orca43_hears_a_notification(window, announcements, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: False)
    window.ctx.state.select_zone("left.sole.solar_plexus")
    box = shown_notice(window)
    assert box is not None
    iface = QAccessible.queryAccessibleInterface(box)
    assert iface.role() == QAccessible.Role.Notification
    assert iface.text(QAccessible.Text.Name) == "Selected: Solar plexus"
    assert announcements == []  # not said twice


def test_newer_reader_gets_the_announcement_only(window, announcements, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: True)
    window.ctx.state.select_zone("left.sole.solar_plexus")
    assert announcements == ["Selected: Solar plexus"]
    assert shown_notice(window) is None


def test_no_bus_means_the_notification(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(notice, "_cache", (-1.0, True))  # never asked: asked now, waited for
    assert notice.reader_speaks_announcements() is False  # tests have no a11y bus


def test_the_registry_is_asked_again_off_the_gui_thread(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After the first answer, a registry slow to answer (dbus-send waits up to 2 s)
    never holds the window: the last answer is used while it is asked again."""
    import threading

    release = threading.Event()
    asked_on: list[str] = []

    def slow() -> list[str]:
        asked_on.append(threading.current_thread().name)
        release.wait(10)
        return ["object:announcement"]

    monkeypatch.setattr(notice, "_registered_events", slow)
    monkeypatch.setattr(notice, "_cache", (time.monotonic() - notice._CACHE_SECONDS - 1, False))
    # answered while the registry is still asked (had it waited, it would say True)
    assert notice.reader_speaks_announcements() is False
    assert notice.reader_speaks_announcements() is False  # one question at a time
    release.set()
    assert notice._asking is not None
    notice._asking.join(10)
    assert asked_on == ["a11y registry"]
    assert notice.reader_speaks_announcements() is True


def test_view_switch_keeps_a_focused_zone_and_says_its_name(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: False)
    state, atlas = window.ctx.state, window.ctx.atlas
    state.set_focus(next(z.id for z in atlas.zones_of(view=state.view)))
    other = next(v for v in atlas.views if v != state.view)
    state.set_view(other)
    assert state.focus is not None and atlas.zones[state.focus].view == other
    assert notice.last_said == f"View: {atlas.views[other].name}"


def test_descriptions_are_plain_text(qtbot, atlas, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = SafetyDialog(atlas, atlas.sequences["seq_004_circulation"], AppState(settings))
    qtbot.addWidget(dialog)
    boxes = dialog.findChildren(QCheckBox)
    described = [b for b in boxes if b.toolTip()]
    assert described
    for box in described:
        desc = QAccessible.queryAccessibleInterface(box).text(QAccessible.Text.Description)
        assert desc and "<" not in desc, desc
    assert dialog.verdict_label.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_play_button_names_its_state(window) -> None:  # type: ignore[no-untyped-def]
    player = window.features.player
    panel = getattr(player, "panel", player)
    name = lambda: QAccessible.queryAccessibleInterface(panel.play_button).text(  # noqa: E731
        QAccessible.Text.Name
    )
    assert name() == panel.play_button.text()
    panel.play_button.setText("Resume")
    assert name() == "Resume"


def test_tab_leaves_note_fields(window) -> None:  # type: ignore[no-untyped-def]
    notes = window.findChildren(QPlainTextEdit)
    assert notes
    assert all(n.tabChangesFocus() for n in notes), [n.objectName() for n in notes]


def test_f6_cycles_the_panes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """F6 from the map reaches the card, then on; Shift+F6 comes back."""
    window.activateWindow()
    window.ctx.state.select_zone("left.sole.solar_plexus")
    view = window.findChild(QWidget, "footMap")
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget().objectName())
    # the player is hidden until a routine runs: from the search back to the map
    assert seen == ["cardOutline", "zoneDetails", "zoneNotesEdit", "search", "footMap"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget().objectName() == "search"


def test_nothing_is_sent_while_no_assistive_technology_is_active(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No screen reader connected: no Notification made and the bus not asked (that cost
    13 ms on every first selection); the words are still kept for the next say."""
    asked: list[int] = []
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: bool(asked.append(1)))
    was = QAccessible.isActive()
    QAccessible.setActive(False)
    try:
        window.ctx.state.select_zone("left.sole.solar_plexus")
        assert shown_notice(window) is None and asked == []
        assert (notice.last_said, notice.last_channel) == ("Selected: Solar plexus", "none")
        QAccessible.setActive(True)
        window.ctx.state.select_zone("right.sole.solar_plexus")
        assert shown_notice(window) is not None and asked == [1]
    finally:
        QAccessible.setActive(was)


def test_two_notices_at_once_are_both_said(window, announcements, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A routine's first step and a sound-cue warning came at once: Orca 43 read only the
    second (the first was hidden before it was read; measured, issue 29). The words of a
    notice shown under a second ago go first in the next. Mutation tried: not joining
    (the old code) fails this test."""
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: False)
    notice.say(window, "Step 1 of 6.")
    notice.say(window, "No sound cues.")
    box = shown_notice(window)
    assert box is not None and box.text() == "Step 1 of 6. No sound cues."
    assert notice.last_said == "No sound cues."
    box.born -= 5  # read long ago: the next notice is its own
    notice.say(window, "Paused.")
    box = shown_notice(window)
    assert box is not None and box.text() == "Paused."
