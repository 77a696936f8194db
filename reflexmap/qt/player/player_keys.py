"""The player's keys, from anywhere in the window while a routine plays.

Space pauses and goes on, Left and Right go to the previous and next step, R says the
last instruction again. They work wherever the focus is in the window (the map, the
card, the player) while a routine plays, and in the player dock at any time, except:

- in a text field (the search box, a note): the key types there;
- Space on a focused button or check box presses it (Qt's own behaviour), and so do
  Return and Enter on a push button of the player (a QPushButton outside a dialog
  takes neither: "Log this session" could not be pressed from the keyboard);
- Left and Right on a control that moves with them keep moving it: the map (its focus
  ring walks the zones), the zone list and body-area tree, a slider, a spin box, a tab
  bar. After Start the focus is on the player's Pause button, where they drive it.

An application event filter, installed only while the player dock is shown (it sees
the key before the focused widget does; a QShortcut would also take Space from buttons).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_R)


class Drivable(Protocol):
    """What the keys drive (the player panel)."""

    @property
    def playing(self) -> bool: ...

    @property
    def has_routine(self) -> bool: ...

    def toggle(self) -> None: ...

    def back(self) -> None: ...

    def next(self) -> None: ...

    def repeat(self) -> None: ...


def is_text_field(widget: QWidget | None) -> bool:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
        return not (isinstance(widget, QLineEdit | QPlainTextEdit) and widget.isReadOnly())
    if isinstance(widget, QTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


def uses_arrows(widget: QWidget | None) -> bool:
    return isinstance(
        widget, QAbstractSlider | QAbstractSpinBox | QTabBar | QAbstractItemView | QGraphicsView
    )


class PlayerKeys(QObject):
    def __init__(self, player: Drivable, dock: QWidget, window: QWidget) -> None:
        super().__init__(dock)
        self.player = player
        self.dock = dock
        self.window = window
        self.installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.installed:
            app.installEventFilter(self)
            self.installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self.installed:
            app.removeEventFilter(self)
            self.installed = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in KEYS or mods != Qt.KeyboardModifier.NoModifier:
            return False
        if obj.window() is not self.window and obj.window() is not self.dock:
            return False  # another window (a dialog, a pack's window)
        return self.handle(Qt.Key(event.key()), obj)

    def handle(self, key: Qt.Key, focus: QWidget) -> bool:
        """True if the key drove the player (and goes no further). `focus` is the widget
        the key is for: the focused one, or its parent when it let the key pass."""
        if is_text_field(focus):
            return False
        in_dock = focus is self.dock or self.dock.isAncestorOf(focus)
        player = self.player
        if key == Qt.Key.Key_Space:
            if isinstance(focus, QAbstractButton):
                return False  # the button takes its own Space
            if player.playing or in_dock:
                player.toggle()
                return True
            return False
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            if uses_arrows(focus) or not (player.playing or (in_dock and player.has_routine)):
                return False
            (player.back if key == Qt.Key.Key_Left else player.next)()
            return True
        if key == Qt.Key.Key_R and (player.playing or (in_dock and player.has_routine)):
            player.repeat()
            return True
        return False
