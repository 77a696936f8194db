"""Features that plug into the main window (printing, the player, user data...).

Each feature module exposes `install(window)`, which adds its actions, menus and panels
through the window's public API; the window calls `install_all` once it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reflexmap.qt import player_panel, print_actions, user_data

if TYPE_CHECKING:
    from reflexmap.qt.main_window import MainWindow

INSTALLERS: list[Callable[[MainWindow], None]] = [
    user_data.install,
    player_panel.install,
    print_actions.install,
]


def install_all(window: MainWindow) -> None:
    for install in INSTALLERS:
        install(window)
