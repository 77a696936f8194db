"""Light and dark palettes that follow the system, plus a high-contrast option.

Every pair a widget draws text with meets WCAG 2.2 AA (4.5:1), Mid included: the grey
source ids of the details panel are `palette(mid)` on Base. Disabled text is exempt from
the minimum but must look disabled, so it differs clearly from the enabled text. Fusion
draws scroll-bar handles in two near shades of Button (1.4:1 in light, 0 in high contrast);
the style below repaints the handle in the palette's Dark role (Highlight while hovered or
dragged), at 3:1 or more against the groove. tests/qt/test_contrast.py measures them all.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

from reflexmap.qt.map.style import resolve

_COLOURS = {
    # name: (window, base, text, button, highlight, highlighted text, link)
    "light": ("#f3f3f3", "#ffffff", "#1a1a1a", "#e8e8e8", "#1f5fbf", "#ffffff", "#0b4fa8"),
    "dark": ("#26282b", "#1e1f22", "#f0f0f0", "#34373b", "#4a8fe0", "#000000", "#8cc4ff"),
    "high-contrast": ("#000000", "#000000", "#ffffff", "#000000", "#ffff00", "#000000", "#ffff00"),
}
# name: (placeholder, mid = secondary text, dark = scroll-bar handle, disabled text,
#        light, shadow)
_GREYS = {
    "light": ("#595959", "#666666", "#6e6e6e", "#8c8c8c", "#ffffff", "#4a4a4a"),
    "dark": ("#a8a8a8", "#a0a0a0", "#9a9a9a", "#7a7a7a", "#4a4d52", "#101113"),
    "high-contrast": ("#c8c8c8", "#c0c0c0", "#e0e0e0", "#8a8a8a", "#ffffff", "#ffffff"),
}


def palette(name: str) -> QPalette:
    resolved = resolve(name)
    window, base, text, button, highlight, htext, link = (QColor(c) for c in _COLOURS[resolved])
    placeholder, mid, dark, disabled, light, shadow = (QColor(c) for c in _GREYS[resolved])
    pal = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, c in (
        (role.Window, window),
        (role.Base, base),
        (role.AlternateBase, button),
        (role.Text, text),
        (role.WindowText, text),
        (role.ButtonText, text),
        (role.BrightText, text),
        (role.Button, button),
        (role.Highlight, highlight),
        (role.HighlightedText, htext),
        (role.Link, link),
        (role.LinkVisited, link),
        (role.ToolTipBase, base),
        (role.ToolTipText, text),
        (role.PlaceholderText, placeholder),
        (role.Mid, mid),
        (role.Dark, dark),
        (role.Light, light),
        (role.Midlight, light),
        (role.Shadow, shadow),
    ):
        pal.setColor(r, c)
    for r in (role.Text, role.WindowText, role.ButtonText, role.PlaceholderText):
        pal.setColor(group.Disabled, r, disabled)
    pal.setColor(group.Disabled, role.Highlight, mid)
    return pal


FOCUS_PX = 2  # the focus ring's width
_FOCUS_PANELS = (
    QStyle.PrimitiveElement.PE_PanelButtonCommand,  # push buttons
    QStyle.PrimitiveElement.PE_FrameLineEdit,  # text fields (the search field)
)
_EDGED = (
    QStyle.PrimitiveElement.PE_FrameLineEdit,
    QStyle.PrimitiveElement.PE_Frame,  # a QFrame's styled panel (the player's step box)
)


class ReflexStyle(QProxyStyle):
    """Fusion with a scroll-bar handle that can be seen in every theme, edges on fields,
    frames and progress bars in the palette's Dark role (Fusion derives them from Window:
    black on black in high contrast), and a focus ring that every focused control shows,
    FOCUS_PX wide in the Highlight colour (3:1 or more against Window in every theme),
    whether the focus came from Tab, a menu, a dialog or the program (Fusion draws a
    thin one, and only once Tab has been pressed in the window)."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    @staticmethod
    def _edge(painter: QPainter, rect: QRect, colour: QColor, width: int = 1) -> None:
        painter.save()
        pen = QPen(colour)
        pen.setWidth(width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        half = width // 2
        painter.drawRect(rect.adjusted(half, half, -width + half, -width + half))
        painter.restore()

    def _focus(self, option: QStyleOption, painter: QPainter) -> None:
        self._edge(
            painter, option.rect, option.palette.color(QPalette.ColorRole.Highlight), FOCUS_PX
        )

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,  # noqa: N802 (Qt's name)
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._focus(option, painter)  # check boxes, tabs, list items: always shown
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in _EDGED:
            self._edge(painter, option.rect, option.palette.color(QPalette.ColorRole.Dark))
        if element in _FOCUS_PANELS and focused:
            self._focus(option, painter)

    def drawControl(
        self,
        element: QStyle.ControlElement,  # noqa: N802 (Qt's name)
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_ProgressBarGroove:
            self._edge(painter, option.rect, option.palette.color(QPalette.ColorRole.Dark))

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,  # noqa: N802 (Qt's name)
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_ComboBox:
            if option.state & QStyle.StateFlag.State_HasFocus:
                self._focus(option, painter)
            return
        if control != QStyle.ComplexControl.CC_ScrollBar or not isinstance(
            option, QStyleOptionSlider
        ):
            return
        sc = QStyle.SubControl
        if not option.subControls & sc.SC_ScrollBarSlider:
            return
        # Qt takes a null widget here; PySide6's stub says it never is.
        rect = self.subControlRect(control, option, sc.SC_ScrollBarSlider, widget)  # type: ignore[arg-type]
        if rect.isEmpty():
            return
        pal = option.palette
        active = bool(option.activeSubControls & sc.SC_ScrollBarSlider)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        colour = pal.color(
            QPalette.ColorRole.Highlight if active and enabled else QPalette.ColorRole.Dark
        )
        if not enabled:
            colour = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Mid)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(0, 0, 0, 0))
        painter.setBrush(colour)
        inset = rect.adjusted(2, 2, -2, -2)
        painter.drawRoundedRect(inset, 3, 3)
        painter.restore()


_STYLE: list[QObject] = []  # the style outlives apply(): QApplication does not own a proxy


def apply(name: str) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        if not isinstance(app.style(), ReflexStyle):
            style = ReflexStyle()
            _STYLE[:] = [style]
            app.setStyle(style)
        app.setPalette(palette(name))
