"""The window with the hand test pack (tests/packs/hand): a third body part, no code change.

The map draws the palms with "Left hand"/"Right hand" under them, the zone list and the
details panel say "hand", the Routines menu lists the pack's routine and the player plays
it hand by hand ("Now the right hand"), and `reflexmap chart` prints the palm chart.
The core side (validate, zones, card, routine, search): tests/core/test_body_parts.py.

Mutation checked: the map's caption back to the foot/leg literals ("Left foot" for a
kind that is not "leg") fails test_the_window_draws_and_plays_the_hand_pack.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fake_clock import FakeClock  # tests/ is on the path: its conftest lives there
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from reflexmap.cli import main
from reflexmap.core.loader import load_content

HAND = Path(__file__).resolve().parents[1] / "packs" / "hand"


@pytest.fixture
def hand_window(new_window):
    win = new_window(load_content(HAND))
    yield win
    win.close()


def _captions(window) -> set[str]:
    scene = window.features.map.scene
    return {i.text() for i in scene.items() if isinstance(i, QGraphicsSimpleTextItem)}


def test_the_window_draws_and_plays_the_hand_pack(hand_window, qtbot) -> None:
    window = hand_window
    assert {"Left hand", "Right hand"} <= _captions(window)
    assert not {"Left foot", "Right foot", "Left leg", "Right leg"} & _captions(window)
    rows = window.findChild(type(window.features.browse.zone_list), "zoneList")
    texts = [rows.item(i).text() for i in range(rows.count())]
    assert "2. Centre of the palm (left hand)" in texts

    view = window.features.map.view
    pos = view.point_of("right.palm.centre").toPoint()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos
    )
    assert window.ctx.state.selected == "right.palm.centre"
    details = window.features.details.panel.toPlainText()
    assert "Right hand" in details and "Thumb circles in the palm" in details

    qtbot.waitUntil(lambda: "player" in window.features)  # installed the turn after paint
    menu = [a.text() for a in window.menu("routines").actions() if not a.isSeparator()]
    assert any("Palm circles, one hand then the other" in t for t in menu)
    panel = window.features.player.panel
    panel.session.clock = FakeClock()
    panel.open_routine("seq_hand_test")
    qtbot.waitUntil(lambda: panel.dialog is not None)
    assert "Do you have a cut or a wound on your palm?" in [
        box.text() for box in panel.dialog.boxes.values()
    ]
    panel.dialog.start_button.click()
    assert panel.session.state == "get_ready"
    panel.session.clock.now += 3.0
    panel.tick()
    assert "left hand" in panel.heading.text()
    assert window.ctx.state.overlay is not None
    assert window.ctx.state.overlay.zones == {"left.palm.centre"}
    panel.session.clock.now += 30.0
    panel.tick()
    assert panel.banner.text().startswith("Now the right hand")
    panel.stop()


def test_the_chart_command_prints_the_palms(qapp, tmp_path: Path) -> None:
    out = tmp_path / "palm.svg"
    assert main(["--content", str(HAND), "chart", "-o", str(out), "--labels", "numbers"]) == 0
    svg = out.read_text(encoding="utf-8")
    for text in ("Left hand", "Right hand", "Centre of the palm", "the left hand and the right"):
        assert text in svg, text
    # with names beside the drawing (the default), in the hand's words too; a name may
    # wrap, so its lines are read together
    named = tmp_path / "named.svg"
    assert main(["--content", str(HAND), "chart", "-o", str(named)]) == 0
    lines = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", named.read_text(encoding="utf-8")))
    for text in ("Left hand", "Right hand", "Centre of the palm", "the left hand's on the left"):
        assert text in lines, text
    assert "left foot" not in lines.lower() and "right foot" not in lines.lower()
    # the pack's hand-only rule is on paper, in the hand's words
    assert "Do not massage the hands with: A cut on the palm." in svg
    assert "left foot" not in svg.lower() and "right foot" not in svg.lower()
