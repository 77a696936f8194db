"""Space and Enter on the player's focused controls press them (issue 29): the "move on
automatically" box toggles without pausing the routine, "Log this session" logs it.
Space anywhere else in the window still pauses and resumes a playing routine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
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
    return found


def play_to_the_end(panel):
    """The routine played to its end on the fake clock; the session returned."""
    player = panel.session
    for _ in range(10_000):
        if player.state == "finished":
            break
        player.clock.now += 7.0
        panel.tick()
    return player


def focus(qtbot, widget):
    """The widget given the focus (as Tab would) and returned: the keys are sent to it,
    as they are to the focused widget (an inactive offscreen window has no focus
    widget, so the key goes to it straight)."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    return widget


def test_space_on_the_auto_box_toggles_it_and_keeps_playing(panel, qtbot) -> None:
    box = focus(qtbot, panel.auto)
    assert box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    assert panel.session.state == "running"
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert panel.auto.isChecked() and panel.session.state == "running"


def test_space_elsewhere_still_pauses(panel, qtbot, window) -> None:
    view = focus(qtbot, window.features.map.view)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert panel.session.state == "paused"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert panel.session.state == "running"


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_the_log_button_is_pressed_from_the_keyboard(panel, qtbot, window, key) -> None:
    logged: list[str] = []

    class Journal:
        def log_session(self, sequence_id: str, duration_s: float) -> None:
            logged.append(sequence_id)

    window.ctx.journal = Journal()
    player = play_to_the_end(panel)
    assert player.state == "finished" and panel.log_button.isVisible()
    button = focus(qtbot, panel.log_button)
    qtbot.keyClick(button, key)
    assert logged == [panel.sequence_id]
    assert player.state == "finished"  # not restarted
