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
    least = widget.minimumSizeHint()  # a layout's own minimum wins, or it moves off-centre
    widget.resize(
        min(free.width(), max(round(free.width() * share), least.width())),
        min(free.height(), max(round(free.height() * share), least.height())),
    )
    frame = widget.frameGeometry()
    frame.moveCenter(free.center())
    widget.move(frame.topLeft())
