"""Help > Keyboard shortcuts: every menu item that has a shortcut (read from the menus
when the list opens) and the keys that are not menu items (`present.keys`)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.present.keys import fixed_keys


def menu_keys(bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(shortcut, item)]) for every menu item with a shortcut."""

    def walk(menu: QMenu, out: list[tuple[str, str]]) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, out)
            elif not action.isSeparator() and not action.shortcut().isEmpty():
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                out.append((key, _plain(action)))

    groups = []
    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows: list[tuple[str, str]] = []
            walk(menu, rows)
            if rows:
                groups.append((_plain(top), rows))
    return groups


def _plain(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class KeysDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setObjectName("keysDialog")
        self.rows = [
            (group, key, what)
            for group, keys in [*menu_keys(bar), *fixed_keys()]
            for key, what in keys
        ]
        table = QTableWidget(len(self.rows), 3, self)
        table.setObjectName("keysTable")
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("Key"), self.tr("What it does")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.resize(760, 520)
        self.table = table
