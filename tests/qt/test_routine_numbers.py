"""One plan: the Routines menu, the handout, the player and `reflexmap routine` give every
routine the same step count and total time, and the player lights the step's side.

Mutation tried: the menu counting the source's steps (len(sequence.steps)) instead of
the plan fails test_menu_handout_player_and_cli_agree; the player ignoring the plan's
view and lighting both sides fails test_player_shows_the_steps_side_and_view.
"""

from __future__ import annotations

import json
import re

from PySide6.QtWidgets import QCheckBox

from reflexmap.cli import main
from reflexmap.core import practice
from reflexmap.core.present.labels import mmss
from reflexmap.qt.printing.chart_page import ChartDocument, ChartOptions


def _start(window, qtbot, seq_id: str):
    """Open a routine as a user does, answer nothing in the safety check, start."""
    panel = window.features.player.panel
    window.ctx.routines.open_routine(seq_id)
    dialog = panel.dialog  # None: answered earlier in this window, not asked again
    if dialog is not None:
        for box in dialog.findChildren(QCheckBox):
            assert not box.isChecked() or box.objectName() == "safetyRemember"
        dialog.accept()
    qtbot.waitUntil(lambda: panel.session.state != "idle")
    return panel


def test_menu_handout_player_and_cli_agree(window, qtbot, capsys) -> None:
    """Each routine for whom its source writes it (the handout prints the source's
    words); whose feet is set as the user sets it, and the CLI is told the same."""
    atlas = window.ctx.atlas
    panel = window.features.player.panel
    for seq in atlas.sequences.values():
        who = "self" if practice.suits(seq) == "self" else "partner"
        panel.set_who(who)
        menu = {a.text().replace("&&", "&"): a for a in window.menu("routines").actions()}
        assert main(["routine", seq.id, "--who", who, "--json"]) == 0
        cli = json.loads(capsys.readouterr().out)
        count, total = len(cli["steps"]), cli["total_seconds"]
        line = next(t for t in menu if t.startswith(seq.name + " ("))
        assert line.endswith(f"({count} steps, {mmss(total)})"), line
        doc = ChartDocument(atlas, ChartOptions(sequence=seq.id))
        assert doc.plan is not None
        intro = doc.handout_intro()
        assert re.search(rf"\b{count} steps, about {max(1, round(total / 60))} min", intro)
        assert sum(len(b.planned) for b in doc.handout) == count
        panel = _start(window, qtbot, seq.id)
        assert len(panel.session.plays) == count
        assert panel.session.total_s == total
        assert f"of {count} ·" in panel.heading.text()
        panel.stop()


def test_player_shows_the_steps_side_and_view(window, qtbot) -> None:
    """004 opens on the right foot: the map switches to the step's view and hatches the
    right side only; the card says "right foot"."""
    panel = _start(window, qtbot, "seq_004_circulation")
    play = panel.session.current
    state, scene = window.ctx.state, window.features.map.scene
    assert play.foot == "right"
    assert state.view == play.view
    assert scene.hatched and all(window.ctx.atlas.zones[z].foot == "right" for z in scene.hatched)
    assert "right foot" in panel.heading.text()
    panel.stop()


def test_closing_the_player_stops_the_routine(window, qtbot) -> None:
    panel = _start(window, qtbot, "seq_004_circulation")
    assert panel.timer.isActive() and window.ctx.state.overlay is not None
    panel.close()
    assert panel.session.state == "idle" and not panel.timer.isActive()
    assert window.ctx.state.overlay is None and not window.features.map.scene.hatched
    panel = _start(window, qtbot, "seq_004_circulation")
    panel.toggleViewAction().trigger()  # Routines > Routine player, unticked
    assert panel.session.state == "idle" and window.ctx.state.overlay is None


def test_player_keys_never_take_the_maps_arrows(window, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = _start(window, qtbot, "seq_004_circulation")
    view = window.features.map.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    index = panel.session.index
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert panel.session.index == index  # the map moved its focus ring, not the routine
    assert window.ctx.state.focus is not None
    panel.play_button.setFocus()
    qtbot.waitUntil(panel.play_button.hasFocus)
    QTest.keyClick(panel.play_button, Qt.Key.Key_Right)
    assert panel.session.index == index + 1
    panel.stop()
