"""The search field's live result list: under the field, grouped by kind, as you type.

A popup list, as QCompleter shows one (and Qt's "Google Suggest" example): a `Qt.Popup`
window that closes on a click elsewhere. While it is open it gets the keys; it keeps the
arrows, Page Up/Down, Enter and Escape, and hands every other key to the field, so typing
goes on. The same key handling sits on the field itself (Down opens the list, Enter
opens the best result without touching the list).

Rows are plain text (an item view never renders markup); group titles, "N more" and the
no-match line cannot be selected and the arrow keys skip them. The results come from
`reflexmap.core.search` and the words from `reflexmap.core.present.search`, as for
`reflexmap search`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QListView

from reflexmap.core.atlas import Atlas
from reflexmap.core.present import search as words
from reflexmap.core.present.i18n import trn
from reflexmap.core.present.rich import plain_to_rich
from reflexmap.core.search import PREFIX_OF, Entry, Result, SearchIndex
from reflexmap.core.search.query import MAX_QUERY_CHARS
from reflexmap.qt import notice

TARGET = Qt.ItemDataRole.UserRole  # (kind, id) to open; None on a title row
PER_GROUP = 6  # rows per kind before "N more"
ONE_GROUP = 60  # rows when the results are of one kind ("zone: heel")
MOST_ROWS = 18  # rows the popup shows before it scrolls
PAGE = 8
SAY_COUNT_MS = 700  # the count is said once typing pauses this long


def target_of(result: Result | Entry) -> tuple[str, str]:
    entry = result.entry if isinstance(result, Result) else result
    if entry.target is not None:  # a claim opens what it is said of
        return entry.target
    if (  # "(both feet)": the zone on both feet, unless the query named one
        entry.kind == "zone"
        and isinstance(result, Result)
        and result.foot is None
        and len(entry.zones) > 1
    ):
        return "zones", result.id
    return entry.kind, result.id


class SearchBox(QObject):
    """Live results for a QLineEdit; `chosen(kind, id)` when one is opened."""

    chosen = Signal(str, str)

    def __init__(self, field: QLineEdit, atlas: Atlas, index: Callable[[], SearchIndex]) -> None:
        super().__init__(field)
        self.field = field
        field.setMaxLength(MAX_QUERY_CHARS)  # a pasted page is cut, not searched word by word
        self.atlas = atlas
        self._index = index  # built on first use: the first keystroke, not start-up
        self.model = QStandardItemModel(self)
        self.popup = QListView(field)
        self.popup.setObjectName("searchResults")
        self.popup.setAccessibleName(self.tr("Search results"))
        self.popup.setWindowFlags(Qt.WindowType.Popup)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setFocusProxy(field)
        self.popup.setModel(self.model)
        self.popup.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.popup.setUniformItemSizes(True)
        self.popup.installEventFilter(self)
        self.popup.clicked.connect(self._clicked)
        field.installEventFilter(self)
        field.textEdited.connect(self.update)
        field.textChanged.connect(lambda text: None if text else self.popup.hide())
        self.results: list[Result] = []
        self.suggestions: list[Entry] = []
        self.summary = ""  # what the list holds, in words ("7 results: Zones 4, ...")
        # Orca 43 reads neither the title rows (the arrows skip them) nor a count: the
        # count is said when typing pauses, and each group's title with its first row
        self.say_timer = QTimer(self)
        self.say_timer.setSingleShot(True)
        self.say_timer.setInterval(SAY_COUNT_MS)
        self.say_timer.timeout.connect(self.say_summary)

    # ---- filling the list --------------------------------------------------------------
    def update(self, text: str | None = None) -> None:
        """Search for the field's text and show the list (hidden for an empty field)."""
        text = self.field.text() if text is None else text
        if not text.strip():
            self.results, self.suggestions = [], []
            self.model.clear()
            self.popup.hide()
            self.say_timer.stop()
            return
        index = self._index()
        self.results = index.search(text)
        self.suggestions = [] if self.results else index.suggest(text)
        self._fill(text)
        self._show()
        self.say_timer.start()

    def say_summary(self) -> None:
        """The count and the groups, said to a screen reader (the field keeps the focus)."""
        if self.popup.isVisible() and self.summary:
            notice.say(self.field, self.summary)

    def _fill(self, text: str) -> None:
        model = self.model
        model.clear()
        if self.results:
            groups = words.grouped(self.results)
            shown = PER_GROUP if len(groups) > 1 else ONE_GROUP
            count = len(self.results)  # a plain name: lupdate reads no call as the count
            self.summary = trn("SearchBox", "%n result", "%n results", count) + ": "
            self.summary += self.tr("{0}. Down arrow to read them.").format(
                ", ".join(f"{group.title} {len(group.results)}" for group in groups)
            )
            for group in groups:
                title = f"{group.title} ({len(group.results)})"
                model.appendRow(self._title(title))
                for i, result in enumerate(group.results[:shown]):
                    row = self._row(
                        words.result_label(self.atlas, result),
                        target_of(result),
                        words.why(result),
                    )
                    if i == 0:  # the title row is skipped: its words go with the first row
                        row.setData(
                            f"{title}: {row.data(Qt.ItemDataRole.AccessibleTextRole)}",
                            Qt.ItemDataRole.AccessibleTextRole,
                        )
                    model.appendRow(row)
                more = len(group.results) - shown
                if more > 0:
                    model.appendRow(
                        self._title(
                            "    "
                            + self.tr(
                                "… {0} more: add a word, or start with “{1}:” to list them"
                            ).format(more, PREFIX_OF[group.kind]),
                            bold=False,
                        )
                    )
            return
        model.appendRow(self._title(words.no_match(text)))
        self.summary = words.no_match(text)
        if self.suggestions:
            model.appendRow(self._title(self.tr("Nearest:"), bold=False))
            for entry in self.suggestions:
                label = self.tr("{0} ({1})").format(
                    words.entry_label(self.atlas, entry), words.kind_name(entry.kind)
                )
                model.appendRow(self._row(label, target_of(entry), ""))
            self.summary += " " + self.tr("Nearest: {0}.").format(
                "; ".join(words.entry_label(self.atlas, e) for e in self.suggestions)
            )
        else:
            model.appendRow(self._title(words.suggestions_line(self.atlas, []), bold=False))
            self.summary += " " + words.suggestions_line(self.atlas, [])

    def _title(self, text: str, *, bold: bool = True) -> QStandardItem:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: the arrows skip it
        if bold:
            font = QFont(self.popup.font())
            font.setBold(True)
            item.setFont(font)
        return item

    def _row(self, text: str, target: tuple[str, str], why: str) -> QStandardItem:
        item = QStandardItem("    " + text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(target, TARGET)
        item.setData(text, Qt.ItemDataRole.AccessibleTextRole)
        if why:
            item.setData(plain_to_rich(why), Qt.ItemDataRole.ToolTipRole)
            item.setData(why, Qt.ItemDataRole.AccessibleDescriptionRole)
        return item

    def _show(self) -> None:
        popup = self.popup
        rows = min(self.model.rowCount(), MOST_ROWS)
        height = popup.sizeHintForRow(0) if self.model.rowCount() else 20
        frame = 2 * popup.frameWidth()
        width = max(self.field.width(), 520)
        popup.resize(width, rows * max(height, 1) + frame)
        popup.move(self.field.mapToGlobal(QPoint(0, self.field.height())))
        popup.clearSelection()
        popup.setCurrentIndex(QModelIndex())
        popup.scrollToTop()
        if not popup.isVisible():
            popup.show()

    # ---- rows --------------------------------------------------------------------------
    def rows(self) -> list[str]:
        """The list as shown, one string per row (for tests and screen readers alike)."""
        return [self.model.item(r).text() for r in range(self.model.rowCount())]

    def _choices(self) -> list[int]:
        return [
            r for r in range(self.model.rowCount()) if self.model.item(r).data(TARGET) is not None
        ]

    def _move(self, step: int) -> None:
        choices = self._choices()
        if not choices:
            return
        current = self.popup.currentIndex().row() if self.popup.currentIndex().isValid() else -1
        if current < 0:
            target = choices[0] if step > 0 else -1
        else:
            pos = choices.index(current) if current in choices else 0
            new = pos + step
            target = -1 if new < 0 else choices[min(new, len(choices) - 1)]
        if target < 0:  # above the first result: back to the field, nothing chosen
            self.popup.clearSelection()
            self.popup.setCurrentIndex(QModelIndex())
            self.popup.scrollToTop()
            return
        index = self.model.index(target, 0)
        self.popup.setCurrentIndex(index)
        self.popup.scrollTo(index)

    def open_current(self) -> bool:
        """Enter: the row the arrows are on, else the best result. False if none."""
        index = self.popup.currentIndex()
        row = index.row() if index.isValid() else -1
        choices = self._choices()
        if row not in choices:
            if not self.results:  # "no match": Enter does not guess a suggestion
                return False
            row = choices[0]
        self._open(row)
        return True

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() in self._choices():
            self._open(index.row())

    def _open(self, row: int) -> None:
        target = self.model.item(row).data(TARGET)
        if target is None:  # a title row: nothing to open
            return
        kind, ident = target
        self.popup.hide()
        self.field.selectAll()
        self.chosen.emit(kind, ident)

    # ---- keys --------------------------------------------------------------------------
    _KEYS = (
        Qt.Key.Key_Down,
        Qt.Key.Key_Up,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Escape,
    )

    def _key(self, event: QKeyEvent) -> bool:
        """The list's keys, wherever they arrive; True when used."""
        key = event.key()
        shown = self.popup.isVisible()
        if key == Qt.Key.Key_Down and not shown:
            if not self.field.text().strip():
                return False
            self.update()
            self._move(1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.field.text().strip():
                return False
            if not shown:
                self.update()
            self.open_current()
            return True
        if not shown:
            return False
        if key == Qt.Key.Key_Escape:
            self.popup.hide()
            return True
        steps: dict[int, int] = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: PAGE,
            Qt.Key.Key_PageUp: -PAGE,
        }
        if key in steps:
            self._move(steps[key])
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and watched is self.field:
            # Escape and Enter belong to the list while it is open, not to a shortcut
            if (
                isinstance(event, QKeyEvent)
                and event.key() in self._KEYS
                and (self.popup.isVisible() or event.key() != Qt.Key.Key_Escape)
            ):
                event.accept()
                return True
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if self._key(event):
            return True
        if watched is self.popup:  # typing goes on in the field
            QApplication.sendEvent(self.field, event)
            return True
        return False
