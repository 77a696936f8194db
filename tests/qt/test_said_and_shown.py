"""Said and shown (issue 29): an export, a note and a session log tell a screen reader
(notice.say) and the status bar how they went, with the file's full path; after a
dialog the focus is back where the user was.

Mutations tried by hand, each failing the tests named:
- `_note_left` not called on leaving the note: test_leaving_a_note_says_it_is_saved_and_where.
- `tell_saved` dropped from the journal's save: test_a_logged_session_is_said_with_the_file.
- player_panel.log_session without moving the focus off the button it hides:
  test_after_logging_the_focus_stays_in_the_player (the focus went to the Zones tab).
- the export's failure not shown in the status bar: test_a_failed_export_names_the_file.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from test_player import FakeClock, answer  # tests/qt is on the path
from test_player_keys_focus import play_to_the_end

from reflexmap.qt import notice

SOLAR = "left.sole.solar_plexus"


@pytest.fixture
def said(monkeypatch) -> list[str]:
    heard: list[str] = []
    real = notice.say

    def say(source, text, **kw):  # type: ignore[no-untyped-def]
        heard.append(text)
        real(source, text, **kw)

    monkeypatch.setattr(notice, "say", say)
    return heard


def test_leaving_a_note_says_it_is_saved_and_where(window, qtbot, said) -> None:
    data = window.features.userdata
    window.ctx.state.select_zone(SOLAR)
    data.notes.setFocus()
    QTest.keyClicks(data.notes, "sore")
    QTest.keyClick(data.notes, Qt.Key.Key_Tab)  # Tab leaves the note (tabChangesFocus)
    data.notes.clearFocus()  # an inactive offscreen window: the focus out, as Tab does
    path = str(data.store.db_path)
    assert said and said[-1] == f"Note saved ({path})."
    assert path in window.statusBar().currentMessage()
    assert data.store.note(SOLAR) == "sore"
    said.clear()
    data.notes.setFocus()
    data.notes.clearFocus()  # left without typing: nothing said
    assert said == []


def test_a_logged_session_is_said_with_the_file(window, said) -> None:
    data = window.features.userdata
    seq = next(iter(window.ctx.atlas.sequences))
    dialog = data.log_session(seq, 300)
    dialog.accept()
    assert said[-1] == f"Session logged in your journal ({data.store.db_path})."
    assert str(data.store.db_path) in window.statusBar().currentMessage()


def test_after_logging_the_focus_stays_in_the_player(window, qtbot) -> None:
    panel = window.features.player.panel
    panel.session.clock = FakeClock()
    panel.choose(next(iter(window.ctx.atlas.sequences)))
    panel.start()
    answer(panel)
    play_to_the_end(panel)
    panel.log_button.setFocus()
    QTest.keyClick(panel.log_button, Qt.Key.Key_Return)
    dialog = window.findChild(QDialog, "sessionDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.accept()
    assert window.focusWidget() is panel.play_button  # not the Zones tab
    assert panel.message.text() == "Session logged."


def test_a_failed_export_names_the_file(window, tmp_path, monkeypatch, said) -> None:
    from reflexmap.qt.printing import print_actions

    printing = window.features.printing
    target = tmp_path / "no such folder" / "chart.pdf"
    monkeypatch.setattr(printing, "ask_options", lambda handout=False: printing.options)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(
        print_actions, "message", lambda _p, _i, title, text, *a, **k: shown.append(text)
    )
    printing.export_chart()
    assert shown and str(target) in shown[0]
    assert str(target) in window.statusBar().currentMessage()
    good = tmp_path / "chart.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(good), ""))
    printing.export_chart()
    assert good.exists() and said[-1] == f"Wrote {good}"
    assert str(good) in window.statusBar().currentMessage()


def _active(window, qtbot) -> bool:
    window.show()
    window.activateWindow()
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    except Exception:  # noqa: BLE001 - an offscreen window that will not activate
        return False
    return True


def test_the_focus_comes_back_after_each_dialog(window, qtbot) -> None:
    """The safety check, the journal and "build a routine" closed (Escape): the window's
    focus is still the widget the user was on (the card), which Qt gives back when the
    window is active again (Orca 43 heard it after the export and the journal: t6, t7)."""
    if not _active(window, qtbot):
        pytest.skip("the window cannot be made active here")
    card = window.features.details.panel
    window.ctx.state.select_zone(SOLAR)
    player = window.features.player
    panel = player.panel
    panel.choose(next(iter(window.ctx.atlas.sequences)))
    for open_dialog in (
        lambda: panel.safety_check(),
        lambda: window.features.userdata.open_journal(),
        lambda: player.build_session(),
    ):
        card.setFocus()
        qtbot.waitUntil(card.hasFocus, timeout=2000)
        dialog = open_dialog()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d, timeout=2000)
        QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        window.activateWindow()  # what the window manager does (offscreen has none)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        qtbot.waitUntil(card.hasFocus, timeout=2000)
