"""Light and dark palettes that follow the system, plus a high-contrast option."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reflexmap.qt.map.style import resolve

_COLOURS = {
    # name: (window, base, text, button, highlight, highlighted text, link)
    "light": ("#f3f3f3", "#ffffff", "#1a1a1a", "#e8e8e8", "#1f5fbf", "#ffffff", "#0b4fa8"),
    "dark": ("#26282b", "#1e1f22", "#f0f0f0", "#34373b", "#4a8fe0", "#000000", "#8cc4ff"),
    "high-contrast": ("#000000", "#000000", "#ffffff", "#000000", "#ffff00", "#000000",
                      "#ffff00"),
}


def palette(name: str) -> QPalette:
    window, base, text, button, highlight, htext, link = (
        QColor(c) for c in _COLOURS[resolve(name)])
    pal = QPalette()
    role = QPalette.ColorRole
    for r, c in ((role.Window, window), (role.Base, base), (role.AlternateBase, button),
                 (role.Text, text), (role.WindowText, text), (role.ButtonText, text),
                 (role.Button, button), (role.Highlight, highlight),
                 (role.HighlightedText, htext), (role.Link, link), (role.LinkVisited, link),
                 (role.ToolTipBase, base), (role.ToolTipText, text),
                 (role.PlaceholderText, text.darker(130) if resolve(name) == "dark"
                  else QColor("#595959")),
                 (role.Mid, QColor("#767676"))):
        pal.setColor(r, c)
    return pal


def apply(name: str) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyle("Fusion")
        app.setPalette(palette(name))
