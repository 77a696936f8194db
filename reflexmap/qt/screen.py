"""Window sizes that follow the screen, not a number typed for one monitor."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, share: float = 0.8) -> None:
    """About `share` of the screen's free area, centred: a first start on a small laptop
    and on a large monitor both get a window that fits and fills the screen sensibly."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    widget.resize(round(free.width() * share), round(free.height() * share))
    frame = widget.frameGeometry()
    frame.moveCenter(free.center())
    widget.move(frame.topLeft())
