"""The details panel leads with how to work the zone, and "Do it now" plays a technique.

Mutation tried: rendering the claim sections before "How to work it" in rich.py puts the
first technique 900+ px down: test_first_technique_is_on_screen fails. Removing the
`play:` link handling in ZoneDetails fails test_do_it_now_plays_the_technique.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from reflexmap.core.present.zone_card import zone_card

SOLAR = "left.sole.solar_plexus"


def _click_zone(window, qtbot, zone_id: str) -> None:  # type: ignore[no-untyped-def]
    view = window.features["map"].view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.point_of(zone_id).toPoint() + QPoint(0, 9))
    qtbot.waitUntil(lambda: window.ctx.state.selected == zone_id)


def _on_screen(panel, text: str):  # type: ignore[no-untyped-def]
    """Where `text` is drawn in the panel's viewport, or None when it is scrolled away."""
    cursor = panel.document().find(text)
    assert not cursor.isNull(), text
    rect = panel.cursorRect(cursor)
    return rect if panel.viewport().rect().contains(rect) else None


def test_first_technique_is_on_screen(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 1400x900, the first way to work the solar plexus is visible without scrolling."""
    _click_zone(window, qtbot, SOLAR)
    panel = window.features["details"].panel
    assert panel.verticalScrollBar().value() == 0
    first = zone_card(window.ctx.atlas, SOLAR).techniques[0].card.name
    assert _on_screen(panel, first) is not None
    how = _on_screen(panel, "How to work it")
    assert how is not None
    claims = panel.cursorRect(panel.document().find("What reflexology claims"))
    assert how.top() < claims.top()  # the way to work it is read before any claim


def test_do_it_now_plays_the_technique(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _click_zone(window, qtbot, SOLAR)
    panel = window.features["details"].panel
    ranked = zone_card(window.ctx.atlas, SOLAR).techniques[0]
    rect = _on_screen(panel, "Do it now")
    assert rect is not None
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center() - QPoint(10, 0))
    player = window.features["player"].panel
    qtbot.waitUntil(lambda: player.dialog is not None)  # the safety check comes first
    player.dialog.accept()
    qtbot.waitUntil(lambda: player.player is not None)
    assert player.isVisible()
    assert player.player.sequence.steps[0].technique == ranked.card.id
    assert len(player.player.plays) == 1
    assert ranked.card.steps[0] in player.instruction.text()
    player.stop()


def test_disagreements_are_one_click_from_help(window) -> None:  # type: ignore[no-untyped-def]
    menu = window.findChild(type(window.menu("help")), "disagreementsMenu")
    titles = [a.text().replace("&&", "&") for a in menu.actions()]
    notes = [n.title for n in window.ctx.atlas.notes.values() if n.kind == "disagreement"]
    assert titles == notes and len(notes) >= 11
    menu.actions()[0].trigger()
    box = window.findChild(QMessageBox, "notePage")
    assert box is not None and box.isVisible() and box.windowTitle() == notes[0]
    box.close()
