"""The session journal: its table (sorted, deletable with undo, exported as CSV) and the
dialog that logs a finished routine. Writes go through the user-data feature, which
reports a failed save instead of raising."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.present import labels
from reflexmap.core.user_store import JournalEntry, UserStore
from reflexmap.qt.text import plain_label

if TYPE_CHECKING:
    from reflexmap.qt.userdata.user_data import UserData

_ROOT = QModelIndex()


class JournalModel(QAbstractTableModel):
    COLUMNS = ("date", "routine", "duration", "before", "after", "note", "person")

    def __init__(self, store: UserStore, names: dict[str, str], parent: QObject) -> None:
        super().__init__(parent)
        self.store = store
        self.names = names
        self.headers = [
            self.tr("Date"),
            self.tr("Routine"),
            self.tr("Duration"),
            self.tr("Tension before"),
            self.tr("Tension after"),
            self.tr("Note"),
            self.tr("Person"),
        ]

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.store.journal_view())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def entry(self, row: int) -> JournalEntry:
        return self.store.journal_view()[row]

    def values(self, e: JournalEntry) -> list[Any]:
        return [
            e.date.astimezone().strftime("%Y-%m-%d %H:%M"),
            self.names.get(e.sequence_id, e.sequence_id),
            e.duration_s,  # sorted as seconds; shown by `duration_label`
            e.tension_before,
            e.tension_after,
            e.note,
            self.person_name(e.person_id),
        ]

    def person_name(self, person_id: int) -> str:
        person = self.store.person(person_id)
        return person.name if person is not None else ""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self.store.journal_view()):
            return None
        e = self.entry(index.row())
        value = self.values(e)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 2:  # "7 min 20 s", not "7.3" (min): read, not worked out
                return labels.duration_label(e.duration_s)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:  # sort key: numbers as numbers, dates as dates
            if index.column() == 0:
                return e.date.timestamp()
            return -1 if value is None else value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class JournalDialog(QDialog):
    def __init__(self, feature: UserData) -> None:
        super().__init__(feature.shell.widget())
        self.feature = feature
        self.setObjectName("journalDialog")
        self.setWindowTitle(self.tr("Session journal"))
        self.resize(760, 420)
        names = {s.id: s.name for s in feature.ctx.atlas.sequences.values()}
        self.model = JournalModel(feature.store, names, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setObjectName("journalTable")
        self.table.setAccessibleName(self.tr("Journal entries"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.deleted: list[JournalEntry] = []
        self.delete_button = QPushButton(self.tr("&Delete entry"))
        self.undo_button = QPushButton(self.tr("&Undo delete"))
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.export_button.clicked.connect(self.export_csv)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.delete_button, self.undo_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        self.undo_button.setEnabled(bool(self.deleted))
        self.delete_button.setEnabled(bool(self.feature.store.journal))
        self.export_button.setEnabled(bool(self.feature.store.journal))

    def delete_selected(self) -> None:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        ids = [self.model.entry(r).id for r in rows if r < len(self.feature.store.journal)]
        with self.feature.writing():
            for entry_id in ids:
                entry = self.feature.store.delete_entry(entry_id)
                if entry is not None:
                    self.deleted.append(entry)
        self.refresh()

    def undo_delete(self) -> None:
        if self.deleted:
            with self.feature.writing():
                self.feature.store.restore_entry(self.deleted.pop())
        self.refresh()

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export journal"),
            str(Path.home() / "reflexmap-journal.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if not path:
            return
        try:
            write_csv(Path(path), self.feature.store.journal, self.model)
        except OSError as exc:
            self.feature.warn(self.tr("Could not write {0}: {1}").format(path, exc.strerror))


def write_csv(path: Path, entries: list[JournalEntry], model: JournalModel) -> None:
    """The journal as the table shows it; a cell that a spreadsheet would run as a formula
    (=, +, -, @, tab, CR first) is prefixed with a quote (`user_export.neutralise`)."""
    from reflexmap.core.user_export import neutralise

    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "date",
                "routine_id",
                "routine",
                "duration_s",
                "tension_before",
                "tension_after",
                "note",
            ]
        )
        for e in sorted(entries, key=lambda e: e.at):  # naive and aware dates together
            out.writerow(
                neutralise(cell)
                for cell in [
                    e.date.isoformat(),
                    e.sequence_id,
                    model.names.get(e.sequence_id, e.sequence_id),
                    e.duration_s,
                    "" if e.tension_before is None else e.tension_before,
                    "" if e.tension_after is None else e.tension_after,
                    e.note,
                ]
            )


class SessionDialog(QDialog):
    """Before/after tension and a note, asked after a routine; never required."""

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setObjectName("sessionDialog")
        self.setWindowTitle(self.tr("Log this session"))
        self.before, self.after = QSpinBox(), QSpinBox()
        for spin in (self.before, self.after):
            spin.setRange(-1, 10)
            spin.setValue(-1)
            spin.setSpecialValueText(self.tr("not rated"))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)  # Tab leaves the note, as everywhere else
        self.note.setObjectName("sessionNote")
        self.note.setPlaceholderText(self.tr("How did it go? (optional)"))
        form = QFormLayout(self)
        form.addRow(
            plain_label(self.tr("Routine: {0}").format(title), name="sessionRoutine", wrap=True)
        )
        form.addRow(self.tr("Tension &before (0-10):"), self.before)
        form.addRow(self.tr("Tension &after (0-10):"), self.after)
        form.addRow(self.tr("&Note:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def rating(self, spin: QSpinBox) -> int | None:
        return None if spin.value() < 0 else spin.value()
