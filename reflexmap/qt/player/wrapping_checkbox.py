"""A check box with wrapping text, for the safety check's long questions.

A widget in its own right (size hints for a given width, its own painting and hit area),
apart from what the safety check asks and decides: `SafetyDialog` uses it for every
question, the doctor acknowledgement and "remember".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QWidget,
)


class WrappingCheckBox(QCheckBox):
    """A check box whose text wraps to the width it gets (a QCheckBox's never does).

    One widget, so the box, its text and its accessible name stay one object for a
    screen reader, and a click anywhere on the text toggles it. The text is drawn as
    typed: no mnemonic, no markup."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        super().setText(text.replace("&", "&&"))  # text() keeps the words; no mnemonic
        self.setAccessibleName(text)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def plain_text(self) -> str:
        return self._text

    def _indicator(self) -> QSize:
        style = self.style()
        return QSize(
            style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self),
            style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, self),
        )

    def _text_left(self) -> int:
        spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        return self._indicator().width() + spacing

    def _text_height(self, width: int) -> int:
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        rect = self.fontMetrics().boundingRect(
            QRect(0, 0, max(1, width), 100_000), flags, self._text
        )
        return rect.height()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right() - self._text_left() - 2
        return (
            max(self._indicator().height(), self._text_height(inner))
            + margins.top()
            + margins.bottom()
            + 2
        )

    def sizeHint(self) -> QSize:  # noqa: N802
        margins = self.contentsMargins()
        em = self.fontMetrics().horizontalAdvance("M")
        line = self.fontMetrics().horizontalAdvance(self._text)
        width = min(line, 34 * em) + self._text_left() + 4 + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        margins = self.contentsMargins()
        em = self.fontMetrics().horizontalAdvance("M")
        width = min(
            self.sizeHint().width(), self._text_left() + 8 * em + margins.left() + margins.right()
        )
        return QSize(width, self._indicator().height() + margins.top() + margins.bottom())

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802
        return self.contentsRect().contains(pos)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        style = self.style()
        option = QStyleOptionButton()
        self.initStyleOption(option)
        area = self.contentsRect()
        indicator = self._indicator()
        first_line = self.fontMetrics().height()
        top = area.top() + 1 + max(0, (first_line - indicator.height()) // 2)
        option.rect = QRect(area.left(), top, indicator.width(), indicator.height())
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, self)
        text_rect = QRect(
            area.left() + self._text_left(),
            area.top() + 1,
            area.width() - self._text_left() - 2,
            area.height() - 2,
        )
        flags = (
            int(Qt.AlignmentFlag.AlignLeft)
            | int(Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap)
        )
        style.drawItemText(
            painter,
            text_rect,
            flags,
            self.palette(),
            self.isEnabled(),
            self._text,
            QPalette.ColorRole.WindowText,
        )
        if self.hasFocus():
            focus = QStyleOptionFocusRect()
            focus.initFrom(self)
            focus.rect = painter.boundingRect(text_rect, flags, self._text).adjusted(-2, -1, 2, 1)
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self)
        painter.end()
