"""The map's legend: what the colours, the hatching, the ring and the focus band mean.

A dock (View > Legend, Ctrl+L) listing the body systems that colour a zone of the current
view, then the marks that show a state. The swatches are drawn with the scene's own style,
so they match the map in every theme; the words are plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QDockWidget, QGridLayout, QLabel, QScrollArea, QWidget

from reflexmap.qt.map.foot_scene import FootScene
from reflexmap.qt.map.style import ChartStyle
from reflexmap.qt.text import plain_label

SWATCH = 22  # px


def swatch(
    style: ChartStyle,
    fill: QColor,
    *,
    edge: QColor | None = None,
    width: float = 1.0,
    ring: tuple[QColor, QColor] | None = None,
    hatch: bool = False,
    text: str = "",
) -> QPixmap:
    """A small zone: fill, optional hatch (the style's own hatch rule, as on the map), edge."""
    pix = QPixmap(SWATCH, SWATCH)
    pix.fill(style.background)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(2.5, 2.5, SWATCH - 5, SWATCH - 5)
    p.fillRect(rect, fill)
    if hatch:
        p.fillRect(rect, QBrush(style.hatch_ink(), Qt.BrushStyle.BDiagPattern))
    if ring is not None:  # the map's focus ring: two bands just inside the edge
        p.fillRect(rect.adjusted(1, 1, -1, -1), ring[0])
        p.fillRect(rect.adjusted(3, 3, -3, -3), ring[1])
        p.fillRect(rect.adjusted(5, 5, -5, -5), fill)
    pen = QPen(edge or style.zone_edge)
    pen.setWidthF(width)
    p.setPen(pen)
    p.drawRect(rect)
    if text:
        font = p.font()
        font.setBold(True)
        font.setPixelSize(11)
        p.setFont(font)
        p.setPen(style.ink)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pix


class Legend(QDockWidget):
    def __init__(self, scene: FootScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWindowTitle(self.tr("Legend"))
        self.scene = scene
        self.rows: list[tuple[QLabel, QLabel]] = []
        self._area = QScrollArea()
        self._area.setWidgetResizable(True)
        self._area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(self._area)
        self.setAccessibleName(self.tr("Legend of the map"))
        self._stale = True

    def refresh(self) -> None:
        """Rebuild the rows for the scene's view and style: now if the legend is shown,
        else when it is next shown (it starts hidden)."""
        self._stale = True
        if self.isVisible():
            self._build()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt's name)
        """Filled before it shows, not in showEvent: the main window sizes the dock from
        its rows as it shows it, and empty rows would give it an empty dock's width."""
        if visible and self._stale:
            self._build()
        super().setVisible(visible)

    def _build(self) -> None:
        self._stale = False
        body = QWidget()  # a new body: the scroll area deletes the old one at once
        self._grid = QGridLayout(body)
        self._grid.setColumnStretch(1, 1)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.rows = []
        style = self.scene.chart_style
        row = 0
        heading = plain_label(
            self.tr("Colour: the body system a zone is linked to first"), wrap=True
        )
        self._grid.addWidget(heading, row, 0, 1, 2)
        row += 1
        for system in self.scene.systems_shown():
            self._add_row(row, swatch(style, style.system_fill(system)), system)
            row += 1
        heading = plain_label(self.tr("Marks"), wrap=True)
        self._grid.addWidget(heading, row, 0, 1, 2)
        row += 1
        plain = style.background
        for pix, text in (
            (
                swatch(style, style.background, text="12"),
                self.tr("Number: the zone's number in the zone list"),
            ),
            (
                swatch(style, style.hover, edge=style.ink),
                self.tr("Under the pointer (its name shows in a tooltip)"),
            ),
            (
                swatch(style, style.selected_fill(), edge=style.ink, width=3.0),
                self.tr("Bold ring: the selected zone"),
            ),
            (
                swatch(style, plain, ring=style.focus_ring(plain, style.ink), width=2.0),
                self.tr("Band inside the edge: keyboard focus (arrow keys)"),
            ),
            (
                swatch(style, style.lookup_fill(), hatch=True),
                self.tr("Hatching: zones of the looked-up body area or the routine step"),
            ),
        ):
            self._add_row(row, pix, text)
            row += 1
        self._area.setWidget(body)

    def _add_row(self, row: int, pix: QPixmap, text: str) -> None:
        icon = QLabel()
        icon.setPixmap(pix)
        icon.setFixedSize(SWATCH, SWATCH)
        label = plain_label(text, wrap=True)
        self._grid.addWidget(icon, row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(label, row, 1)
        self.rows.append((icon, label))

    def texts(self) -> list[str]:
        if self._stale:
            self._build()
        return [label.text() for _, label in self.rows]
