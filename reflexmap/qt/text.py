"""Plain text on widgets: content never becomes markup.

QLabel and QMessageBox default to Qt.AutoText, which renders anything that looks like
HTML (`<b>`, `<img src=...>`); a content pack could then show local files or hang the
app. Every label and message box that can hold content is made here, PlainText. Rich
text comes only from `reflexmap.core.present.rich`, which escapes what it is given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGraphicsItem,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QTreeWidgetItem,
    QWidget,
)

from reflexmap.core.present.rich import plain_to_rich


def plain_label(
    value: str = "", *, name: str = "", accessible: str = "", wrap: bool = False
) -> QLabel:
    """A QLabel that shows its text as typed. `accessible` is only a fallback name: a
    label's accessible name is its text, so a screen reader reads what is shown."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(value)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    if accessible and not value:
        label.setAccessibleDescription(accessible)
    return label


def message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    body: str,
    informative: str = "",
    detailed: str = "",
    *,
    name: str = "",
) -> QMessageBox:
    """A non-blocking message box whose texts are all plain."""
    box = QMessageBox(parent)
    if name:
        box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(body)
    if informative:
        box.setInformativeText(informative)
        for label in box.findChildren(QLabel):  # Qt gives the informative label AutoText
            label.setTextFormat(Qt.TextFormat.PlainText)
    if detailed:
        box.setDetailedText(detailed)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def set_tooltip(
    target: QWidget | QGraphicsItem | QAction | QListWidgetItem | QTreeWidgetItem, value: str
) -> None:
    """Qt renders a tooltip as rich text when it looks like HTML: escape it. A widget's
    tooltip is also its accessible description, markup and all: a screen reader gets
    the plain words instead (unless the widget has a description of its own)."""
    tip = plain_to_rich(value) if value else ""
    if isinstance(target, QTreeWidgetItem):
        target.setToolTip(0, tip)
    else:
        target.setToolTip(tip)
    if isinstance(target, QWidget):
        previous = target.property("plainToolTip") or ""
        if target.accessibleDescription() in ("", previous):
            target.setAccessibleDescription(value)
        target.setProperty("plainToolTip", value)


def menu_text(value: str) -> str:
    """Content in a menu or button: `&` would become a mnemonic."""
    return value.replace("&", "&&")
