"""The zone details panel: what the state's selected zone (or lookup) is, as rich text.

The text comes from the core's presenters and is made HTML only by
`reflexmap.core.present.rich`, which escapes every piece of content: a card holding
markup shows the characters, never the markup.

Rendering is the costly part (setHtml parses and lays out ~14 KB of HTML), so the panel
renders only when the card would look different: the HTML and the theme are its key.
The theme is part of it because Qt turns `palette(mid)` and the link colour into fixed
colours while parsing: after a theme switch the same HTML must be parsed again, or the
source ids and links keep the old theme's colours.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPainter, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.present import cards, rich
from reflexmap.core.present.primer import primer
from reflexmap.core.present.zone_card import zone_card
from reflexmap.qt import notice
from reflexmap.qt.app_state import AppState
from reflexmap.qt.state import UiState

_HANDS: dict[tuple[str, float, tuple[int, int]], QImage] = {}  # the move drawings rendered so far


def hand_image(move: str, ratio: float = 1.0, size: tuple[int, int] = (160, 120)) -> QImage:
    """A basic move's hand drawing (assets/hands/<move>.svg, the project's own), rendered
    the first time a card or the primer shows it (QtSvg is imported then, not at start)
    and kept. A missing or unreadable file gives an empty image, never an error."""
    image = _HANDS.get((move, ratio, size))
    if image is None:
        from PySide6.QtSvg import QSvgRenderer

        from reflexmap.core.paths import bundled_content_root

        image = QImage(int(size[0] * ratio), int(size[1] * ratio), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        renderer = QSvgRenderer(str(bundled_content_root() / "hands" / f"{move}.svg"))
        if renderer.isValid():
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
        image.setDevicePixelRatio(ratio)
        _HANDS[(move, ratio, size)] = image
    return image


class PrimerBrowser(QTextBrowser):
    """Help > Start here: the primer's rich text, with the moves' drawings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("primer")
        self.setAccessibleName(self.tr("Start here"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setHtml(rich.primer_html(primer()))

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        url = QUrl(name)
        if url.scheme() == "hand":
            return hand_image(url.path(), self.devicePixelRatioF())
        return super().loadResource(kind, name)


class ZoneDetails(QTextBrowser):
    note_requested = Signal(str)
    play_requested = Signal(str)  # "Do it now" on a technique card
    safety_requested = Signal()
    primer_requested = Signal()  # "Start here" on a card
    rendered = Signal()  # a new card is shown (its outline follows)

    def __init__(self, state: UiState, app: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zoneDetails")
        self.setAccessibleName(self.tr("Zone details"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.state = state
        self.app = app
        self.open_folds: set[str] = set()  # the kinds of moves unfolded (this panel's view)
        self.full = False  # the full record: every move, every field
        self.offer_primer = False  # the first start: Start here offered on the empty card
        self._shown: tuple[str, str] | None = None  # (theme, HTML) of the rendered card
        # lists indented 20 px, not Qt's 40: at 1366x768 the column is ~340 px wide, and
        # the move's steps are what must fit on the first screen
        self.document().setIndentWidth(20)
        self.anchorClicked.connect(self._on_anchor)
        self.highlighted.connect(self._on_highlight)
        for signal in (
            state.selected_changed,
            state.lookup_changed,
            state.lighter_pressure_changed,
            app.theme_changed,
            state.who_changed,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        st, atlas = self.state, self.state.atlas
        if st.selected is not None:
            html = rich.zone_card_html(
                zone_card(atlas, st.selected, lighter=st.lighter_pressure, who=st.who),
                open_folds=frozenset(self.open_folds),
                full=self.full,
            )
        elif st.lookup is not None:
            html = rich.lookup_html(cards.lookup_card(atlas, st.lookup))
        else:
            html = rich.empty_card_html(offer_primer=self.offer_primer)
        key = (self.app.theme, html)
        if key == self._shown:  # the same card (a lookup's second signal, lighter pressure
            return  # set over a lookup): keep it, and where the reader is
        self._shown = key
        # With an as-needed scroll bar a long card is laid out twice: once without the bar,
        # then, the bar shown, again narrower (and setHtml empties the document first, so
        # a bar already there hides and comes back). The bar is held while the card is
        # replaced, so a long card is laid out once (the first long card after the short
        # welcome too); a short one drops it afterwards and is laid out again, which for
        # a short card costs little.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHtml(html)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        first = self.document().begin().text().strip()
        # what a screen reader says when the panel gets the focus: Orca 43 reads a
        # label's name only (Qt shows a QTextBrowser as a label), so the card's title
        # is in it
        self.setAccessibleName(self.tr("Zone details: {0}").format(first))
        self.rendered.emit()

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        """The card's `hand:<move>` drawings (see `hand_image`), at the card's size."""
        url = QUrl(name)
        if url.scheme() == "hand":
            return hand_image(url.path(), self.devicePixelRatioF(), rich.HAND_SIZE["right"])
        return super().loadResource(kind, name)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "technique":
            self.state.show_technique(ident)
        elif kind == "note":
            self.note_requested.emit(ident)
        elif kind == "zone":
            self.state.select_zone(ident)
        elif kind == "area":
            self.state.look_up(ident)
        elif kind == "play":
            self.play_requested.emit(ident)
        elif kind == "safety":
            self.safety_requested.emit()
        elif kind == "primer":
            self.primer_requested.emit()
        elif kind in ("fold", "full"):
            top = self.verticalScrollBar().value()
            if kind == "full":
                self.full = not self.full
            else:
                self.open_folds ^= {ident}
            self.refresh()
            self.verticalScrollBar().setValue(top)

    def _on_highlight(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        self.state.show_technique(ident if kind == "technique" else None, hover=True)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        """Tab and Shift+Tab move between the card's links (Qt selects each in turn, and
        says nothing). Qt's AT-SPI bridge shows this panel as one text, with no links or
        headings in it: each link the keyboard reaches is announced instead, with the
        heading of its section."""
        moved = super().focusNextPrevChild(next)
        cursor = self.textCursor()
        if moved and self.hasFocus() and cursor.hasSelection():
            said = self.tr("Link: {0}").format(cursor.selectedText().strip())
            heading = self.heading_of(cursor.selectionStart())
            if heading:
                said += self.tr(", under {0}").format(heading)
            notice.say(self, said)
        return moved

    def heading_of(self, position: int) -> str:
        """The text of the nearest heading before `position` in the card, or ""."""
        block = self.document().findBlock(position)
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                return block.text().strip()
            block = block.previous()
        return ""


class CardOutline(QComboBox):
    """The card's parts, for the keyboard and a screen reader: its headings (the zone,
    "How to work it", each move, the claims' sections, "Take care") in order.

    Qt shows the card to a screen reader as one text, with no heading or link objects in
    it (docs/accessibility.md): this list is the card's structure beside it. Up and Down
    move through the parts, each one scrolling the card to it and putting the card's
    cursor there (a screen reader's "read all" starts there); Return goes into the card
    at that part and says the part's text."""

    def __init__(self, card: ZoneDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardOutline")
        self.setAccessibleName(self.tr("Go to"))  # as the view switcher: Orca reads the value too
        self.card = card
        self.positions: list[int] = []  # the document position of each item's heading
        self.levels: list[int] = []  # and its level (2: the zone, 3: a section, 4: a move)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.activated.connect(self.go)
        self.currentIndexChanged.connect(self._moved)
        card.rendered.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """The headings of the card as shown, indented by level."""
        self.blockSignals(True)
        self.clear()
        self.positions, self.levels = [], []
        block = self.card.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            text = block.text().strip()
            if level > 0 and text:
                self.addItem("  " * max(0, level - 2) + text, text)
                self.positions.append(block.position())
                self.levels.append(level)
            block = block.next()
        self.blockSignals(False)

    def _moved(self, index: int) -> None:
        """Orca 43 says nothing when the arrows change a closed combo box's value (measured):
        the part reached is said while the outline has the focus."""
        if self.hasFocus() and 0 <= index < self.count():
            notice.say(self, self.itemData(index))

    def go(self, index: int) -> None:
        """Scroll the card to part `index` and put its cursor there."""
        if not 0 <= index < len(self.positions):
            return
        card = self.card
        block = card.document().findBlock(self.positions[index])
        cursor = QTextCursor(block)
        card.setTextCursor(cursor)
        top = card.document().documentLayout().blockBoundingRect(block).top()
        card.verticalScrollBar().setValue(int(top))

    def part_text(self, index: int) -> str:
        """The words of part `index`: its heading and what follows, to the next heading
        of its level or above (a section holds its moves)."""
        if not 0 <= index < len(self.positions):
            return ""
        doc = self.card.document()
        end = next(
            (
                self.positions[i]
                for i in range(index + 1, len(self.positions))
                if self.levels[i] <= self.levels[index]
            ),
            doc.characterCount(),
        )
        cursor = QTextCursor(doc)
        cursor.setPosition(self.positions[index])
        cursor.setPosition(end - 1, QTextCursor.MoveMode.KeepAnchor)
        text = cursor.selectedText().replace("\ufffc", "")  # a drawing: not words
        lines = [line.strip() for line in re.split("[\u2028\u2029\n]", text) if line.strip()]
        # one line a sentence: a line without a full stop gets one, for the reader's pause
        return " ".join(line if line[-1] in ".!?:…" else line + "." for line in lines)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.view().isVisible():
            index = self.currentIndex()
            self.go(index)
            self.card.setFocus(Qt.FocusReason.OtherFocusReason)
            self.go(index)  # the focus may have scrolled the card to its old cursor
            notice.say(self.card, self.part_text(index))
            return
        super().keyPressEvent(event)


class CardPane(QWidget):
    """The card with its outline above it ("Go to:"), one pane of the details column."""

    def __init__(self, card: ZoneDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardPane")
        self.outline = CardOutline(card)
        label = QLabel(self.tr("&Go to:"))
        label.setBuddy(self.outline)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.outline, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(row)
        box.addWidget(card, 1)
