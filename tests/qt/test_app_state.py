"""What is the same in every window (theme, names on the map, kept safety answers) is held
once, above the windows: a change made in one window shows in all of them."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu

from reflexmap.qt.map.style import DARK, LIGHT
from reflexmap.qt.shell import theme


def _background(win) -> QColor:
    return win.features.map.view.viewport().grab().toImage().pixelColor(3, 3)


def _ticked_themes(win) -> list[str]:
    menu = win.findChild(QMenu, "themeMenu")
    return [act.data() for act in menu.actions() if act.isChecked()]


def test_a_theme_picked_in_one_window_is_every_windows(new_window, atlas, qtbot) -> None:
    """Switch window A to dark: window B's map turns dark too and its Theme menu ticks Dark
    (it kept a light map with "Follow the system" ticked under dark widgets)."""
    a = new_window(atlas, theme="light")
    b = new_window(atlas)  # the same process: the same Windows
    try:
        assert _background(b) == LIGHT.background
        a.set_theme("dark")
        qtbot.waitUntil(lambda: _background(b) == DARK.background, timeout=2000)
        assert _ticked_themes(b) == ["dark"] and _ticked_themes(a) == ["dark"]
        b.set_theme("light")
        qtbot.waitUntil(lambda: _background(a) == LIGHT.background, timeout=2000)
        assert _ticked_themes(a) == ["light"]
    finally:
        theme.apply("light")


def test_names_on_the_map_in_every_window_and_the_next_start(new_window, atlas) -> None:
    a = new_window(atlas)
    b = new_window(atlas)
    a.features.map.names_action.trigger()
    assert b.features.map.names_action.isChecked() and b.features.map.scene.show_names
    later = new_window(atlas, fresh_store=True)  # a new process, the same settings
    assert later.features.map.scene.show_names
