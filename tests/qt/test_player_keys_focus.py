"""Space and Enter on the player's focused controls press them (issue 29): the "move on
automatically" box toggles without pausing the routine, "Log this session" logs it.
Space anywhere else in the window still pauses and resumes a playing routine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_player import FakeClock, answer  # tests/qt is on the path

from reflexmap.qt.player.player_panel import PlayerPanel


@pytest.fixture
def atlas():
    from reflexmap.core.content import load_bundled

    return load_bundled()


@pytest.fixture
def panel(window, qtbot) -> PlayerPanel:
    found = window.features.player.panel
    found.session.clock = FakeClock()
    seq = next(iter(window.ctx.atlas.sequences.values()))
    found.choose(seq.id)
    found.start()
    answer(found)
    found.session.clock.now += 3.0
    found.tick()
    assert found.session.state == "running"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return found


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def test_space_on_the_auto_box_toggles_it_and_keeps_playing(panel, qtbot) -> None:
    focus(qtbot, panel.auto)
    assert panel.auto.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert not panel.auto.isChecked()
    assert panel.session.state == "running"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert panel.auto.isChecked() and panel.session.state == "running"


def test_space_elsewhere_still_pauses(panel, qtbot, window) -> None:
    focus(qtbot, window.features.map.view)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert panel.session.state == "paused"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert panel.session.state == "running"


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_the_log_button_is_pressed_from_the_keyboard(panel, qtbot, window, key) -> None:
    logged: list[str] = []

    class Journal:
        def log_session(self, sequence_id: str, duration_s: float) -> None:
            logged.append(sequence_id)

    window.ctx.journal = Journal()
    player = panel.session
    for _ in range(10_000):
        if player.state == "finished":
            break
        player.clock.now += 7.0
        panel.tick()
    assert player.state == "finished" and panel.log_button.isVisible()
    focus(qtbot, panel.log_button)
    qtbot.keyClick(QApplication.focusWidget(), key)
    assert logged == [panel.sequence_id]
    assert player.state == "finished"  # not restarted
