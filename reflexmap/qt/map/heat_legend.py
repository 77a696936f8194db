"""The legend of the tenderness tint: four swatches 0-3 with their words, drawn by one
routine for the screen (a small box over the map) and for paper (the progress sheet)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from reflexmap.qt.map.style import ChartStyle
from reflexmap.qt.state import UiState


def legend_words() -> list[str]:
    return [
        QCoreApplication.translate("HeatLegend", "0 none"),
        QCoreApplication.translate("HeatLegend", "1 slight"),
        QCoreApplication.translate("HeatLegend", "2 moderate"),
        QCoreApplication.translate("HeatLegend", "3 marked"),
    ]


def paint_heat_legend(
    painter: QPainter, rect: QRectF, style: ChartStyle, title: str, font: QFont
) -> None:
    """Title on the first line, then four swatches with their words, in `rect`: in one
    row, or two rows of two when the rect is taller than three lines' worth."""
    painter.save()
    painter.setFont(font)
    rows = 2 if rect.height() > rect.width() / 6.0 else 1
    line = rect.height() / (1 + rows)
    painter.setPen(style.ink)
    painter.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), line),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        title,
    )
    per_row = 4 // rows
    cell = rect.width() / per_row
    for i, word in enumerate(legend_words()):
        col, row = i % per_row, i // per_row
        box = QRectF(rect.left() + col * cell, rect.top() + line * (1 + row), cell, line)
        swatch = QRectF(box.left(), box.top() + line * 0.15, line * 0.7, line * 0.7)
        edge = QPen(style.ink)
        edge.setWidthF(max(0.2, line * 0.04))
        painter.setPen(edge)
        painter.setBrush(style.heat_fill(i))
        painter.drawRect(swatch)
        painter.setPen(style.ink)
        painter.drawText(
            QRectF(swatch.right() + line * 0.2, box.top(), cell - line, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            word,
        )
    painter.restore()


class HeatLegend(QWidget):
    """Shown over the map while marks are laid on it; hidden otherwise."""

    def __init__(
        self,
        state: UiState,
        style: ChartStyle,
        parent: QWidget,
        reserve: Callable[[int], None],
    ) -> None:
        """`reserve(px)`: the map keeps this many pixels free at its bottom for the legend
        (0 while hidden), so the legend covers no zone nor caption."""
        super().__init__(parent)
        self.reserve = reserve
        self.setObjectName("heatLegend")
        self.state = state
        self.style_ = style
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.resize(440, 46)
        state.marks_changed.connect(self.follow)
        parent.installEventFilter(self)  # stays in the corner when the map is resized
        self.follow()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.follow()
        return False

    def set_style(self, style: ChartStyle) -> None:
        self.style_ = style
        self.update()

    def follow(self) -> None:
        layer = self.state.marks
        self.setVisible(layer is not None)
        parent = self.parentWidget()
        if layer is None or parent is None:
            self.reserve(0)
            return
        room = parent.width() - 16
        self.resize(440, 46) if room >= 440 else self.resize(max(220, room), 66)
        self.setAccessibleName(f"{layer.title}: {', '.join(legend_words())}")
        self.move(8, max(0, parent.height() - self.height() - 8))
        self.raise_()
        self.update()
        self.reserve(self.height() + 16)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        layer = self.state.marks
        if layer is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.style_.background)
        painter.setPen(self.style_.zone_edge)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        font = QFont(self.font())
        font.setPixelSize(13)
        paint_heat_legend(
            painter, QRectF(self.rect().adjusted(6, 2, -6, -2)), self.style_, layer.title, font
        )
