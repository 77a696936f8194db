"""The card reads as a document (issue 29): what a screen reader gets of the details panel.

Qt shows the panel (a QTextBrowser) to AT-SPI as one static text, without heading or
link objects; say-all reads that text. So the text itself must carry what is read
(step numbers, no private-use characters), and the card's structure is a list beside
it: the "Go to:" outline, whose parts move the card and are read on Return.

Mutations tried by hand, each failing the tests named:
- the move box as a table again (rich._move_box):
  test_the_card_text_has_no_private_use_characters (68 of 68 cards had U+FDD0/FDD1).
- steps as an <ol> again: test_step_numbers_are_in_the_text.
- CardOutline.go not moving the cursor: test_the_outline_moves_the_card.
- Return in the outline not saying the part: test_return_reads_the_part_and_goes_in.
- the outline not saying the part the arrows reach (`_moved`): test_the_outline_moves_the_card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reflexmap.core.present.zone_card import zone_card
from reflexmap.qt import notice

SOLAR = "left.sole.solar_plexus"


def read_text(panel) -> str:
    """The panel's text as Qt's accessibility bridge hands it out (a cursor's selection)."""
    cursor = QTextCursor(panel.document())
    cursor.select(QTextCursor.SelectionType.Document)
    return cursor.selectedText()


def test_the_card_text_has_no_private_use_characters(window) -> None:
    panel = window.features.details.panel
    panel.full = True  # every move, every field
    for zone_id in list(window.ctx.atlas.zones)[:40]:
        window.ctx.state.select_zone(zone_id)
        text = read_text(panel)
        odd = {
            hex(ord(c)) for c in text if 0xFDD0 <= ord(c) <= 0xFDEF or 0xE000 <= ord(c) <= 0xF8FF
        }
        assert not odd, (zone_id, odd)


def test_step_numbers_are_in_the_text(window) -> None:
    window.ctx.state.select_zone(SOLAR)
    text = read_text(window.features.details.panel)
    first = zone_card(window.ctx.atlas, SOLAR).recommended
    assert first is not None and len(first.card.steps) >= 2
    for n, step in enumerate(first.card.steps[:2], 1):
        assert f"{n}.\u00a0{step}" in text


def test_the_outline_lists_the_cards_parts(window) -> None:
    window.ctx.state.select_zone(SOLAR)
    outline = window.features.details.outline
    parts = [outline.itemData(i) for i in range(outline.count())]
    card = zone_card(window.ctx.atlas, SOLAR)
    assert parts[0] == window.features.details.panel.document().begin().text().strip()
    assert "How to work it" in parts
    assert card.recommended is not None and card.recommended.card.name in parts
    assert parts.index("How to work it") < parts.index(card.recommended.card.name)
    other = next(z for z in window.ctx.atlas.zones if z != SOLAR)
    window.ctx.state.select_zone(other)  # another card: the outline follows
    assert [outline.itemData(i) for i in range(outline.count())] != parts


def test_the_outline_moves_the_card(window, qtbot) -> None:
    window.ctx.state.select_zone(SOLAR)
    panel, outline = window.features.details.panel, window.features.details.outline
    window.resize(1366, 768)
    last = outline.count() - 1
    outline.setFocus()
    qtbot.waitUntil(lambda: outline.hasFocus(), timeout=2000)
    for _ in range(last):
        qtbot.keyClick(outline, Qt.Key.Key_Down)
    assert outline.currentIndex() == last
    assert notice.last_said == outline.itemData(last)  # Orca 43 says no combo box value
    block = panel.document().findBlock(panel.textCursor().position())
    assert block.text().strip() == outline.itemData(last)
    assert panel.verticalScrollBar().value() > 0
    rect = panel.cursorRect(panel.textCursor())
    assert panel.viewport().rect().contains(rect.center())


def test_return_reads_the_part_and_goes_in(window, qtbot) -> None:
    window.ctx.state.select_zone(SOLAR)
    panel, outline = window.features.details.panel, window.features.details.outline
    window.activateWindow()
    outline.setFocus()
    qtbot.waitUntil(lambda: outline.hasFocus(), timeout=2000)
    how = outline.findData("How to work it")
    outline.setCurrentIndex(how)
    qtbot.keyClick(outline, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is panel
    first = zone_card(window.ctx.atlas, SOLAR).recommended
    assert notice.last_said.startswith("How to work it")
    assert first is not None and first.card.name in notice.last_said
    assert "1.\u00a0" in notice.last_said
    assert ".." not in notice.last_said and "\ufffc" not in notice.last_said
