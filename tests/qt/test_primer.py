"""Issue 32: Start here, a primer reachable from Help and from every card, offered once on
the first start; its moves shown with their drawings.

Mutations tried: dropping the `primer:` link from `zone_card_html` fails
test_every_card_links_to_start_here; `offer_primer` without the settings flag fails
test_the_primer_is_offered_once; the primer's moves without `hand_html` fails
test_the_primer_teaches_each_basic_move_with_its_drawing.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog

from reflexmap.core.present import rich
from reflexmap.core.present.primer import primer
from reflexmap.core.present.zone_card import zone_card


def test_every_card_links_to_start_here(atlas) -> None:
    for zid in atlas.zones:
        assert "<a href='primer:start'>" in rich.zone_card_html(zone_card(atlas, zid)), zid
    assert "<a href='primer:start'>" in rich.empty_card_html()


def test_the_primer_teaches_each_basic_move_with_its_drawing() -> None:
    page = primer()
    headings = [s.heading for s in page.sections]
    assert headings[0] == "First, the safety check"  # before anything to press
    for wanted in ("How to sit", "How firm", "The basic moves", "How long and how often"):
        assert wanted in headings
    evidence = next(s for s in page.sections if s.heading == "What the evidence says")
    assert len(evidence.lines) == 3 and evidence.link[0] == "note:evidence"
    sit = " ".join(next(s for s in page.sections if s.heading == "How to sit").lines)
    assert "own feet" in sit and "partner" in sit
    moves = [m.move for s in page.sections for m in s.moves]
    assert moves == list(rich.HAND_DRAWINGS)  # every shipped drawing, once
    html = rich.primer_html(page)
    for move in moves:
        assert f"<img src='hand:{move}'" in html


def test_help_start_here_opens_the_primer_with_drawings(window, qtbot) -> None:
    action = next(a for a in window.menu("help").actions() if a.objectName() == "startHereAction")
    action.trigger()
    dialog = window.findChild(QDialog, "primerWindow")
    assert dialog is not None and dialog.isVisible()
    from reflexmap.qt.details.zone_details import PrimerBrowser

    browser = dialog.findChild(PrimerBrowser, "primer")
    assert "How firm" in browser.toPlainText()
    image = browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("hand:thumb_walk")
    )
    assert isinstance(image, QImage) and not image.isNull()
    action.trigger()  # one window, raised again
    assert len([d for d in window.findChildren(QDialog, "primerWindow") if d.isVisible()]) == 1
    dialog.close()


def test_a_card_link_opens_the_primer(window, qtbot) -> None:
    window.ctx.state.select_zone("left.sole.heart")
    window.features.details.panel.anchorClicked.emit(QUrl("primer:start"))
    dialog = window.findChild(QDialog, "primerWindow")
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_the_primer_is_offered_once(window, qtbot) -> None:
    """On the first start the empty card offers Start here (nothing modal); the offer is
    remembered, so a second start does not make it again."""
    details = window.features.details
    offer = "New to foot massage and reflexology?"
    assert offer not in details.panel.toPlainText()
    assert details.offer_primer() is True
    assert offer in details.panel.toPlainText()
    window.ctx.state.select_zone("left.sole.heart")
    window.ctx.state.select_zone(None)
    assert offer in details.panel.toPlainText()  # still offered in this session
    assert details.offer_primer() is False  # remembered: never again
