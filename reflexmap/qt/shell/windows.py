"""Making main windows: one context per window, one user store and settings per process.

Two windows of one process share the store, so they never overwrite each other's notes.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from reflexmap.core.atlas import Atlas
from reflexmap.core.paths import data_dir
from reflexmap.core.user_store import UserStore
from reflexmap.qt.app_state import AppState
from reflexmap.qt.context import AppContext
from reflexmap.qt.shell import theme
from reflexmap.qt.shell.main_window import MainWindow
from reflexmap.qt.state import UiState


class Windows:
    """The windows of one process and what they share: the user store, the settings and
    the app-level state (`AppState`: theme, names on the map, remembered answers)."""

    def __init__(
        self, settings: QSettings, store: UserStore | None = None, theme_name: str | None = None
    ) -> None:
        self.settings = settings
        self.store = store if store is not None else UserStore(data_dir())
        self.app = AppState(settings, theme_name)
        self.app.theme_changed.connect(theme.apply)  # once for the whole application
        self.open: list[MainWindow] = []

    def new(self, atlas: Atlas, title: str = "", *, defer: bool = False) -> MainWindow:
        """A main window on `atlas`; kept alive here until it closes. `defer`: as in
        MainWindow (the caller calls `install_later()` after the first paint)."""
        theme.apply(self.app.theme)
        state = UiState(atlas)
        ctx = AppContext(
            atlas=atlas,
            state=state,
            app=self.app,
            settings=self.settings,
            store=self.store,
            open_window=self.new_shown,
        )
        window = MainWindow(ctx, defer=defer)
        if title:
            window.setWindowTitle(title)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open.append(window)
        window.destroyed.connect(
            lambda *_: self.open.remove(window) if window in self.open else None
        )
        return window

    def new_shown(self, atlas: Atlas, title: str = "") -> QWidget:
        """Another window (a content pack), the size of the last one, shown."""
        last = self.open[-1] if self.open else None
        window = self.new(atlas, title)
        if last is not None:
            window.resize(last.size())
        window.show()
        return window
