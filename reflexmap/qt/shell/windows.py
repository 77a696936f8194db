"""Making main windows: one context per window, one user store and settings per process.

Two windows of one process share the store, so they never overwrite each other's notes.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from reflexmap.core.atlas import Atlas
from reflexmap.core.paths import data_dir
from reflexmap.core.user_store import UserStore
from reflexmap.qt.context import AppContext
from reflexmap.qt.shell import theme
from reflexmap.qt.shell.main_window import MainWindow
from reflexmap.qt.state import UiState


class Windows:
    def __init__(
        self, settings: QSettings, store: UserStore | None = None, theme_name: str | None = None
    ) -> None:
        self.settings = settings
        self.store = store if store is not None else UserStore(data_dir())
        self.theme_name = theme_name or str(settings.value("theme", "system"))
        self.open: list[MainWindow] = []

    def new(self, atlas: Atlas, title: str = "", *, defer: bool = False) -> MainWindow:
        """A main window on `atlas`; kept alive here until it closes. `defer`: as in
        MainWindow (the caller calls `install_later()` after the first paint)."""
        theme.apply(self.theme_name)
        state = UiState(atlas, theme=self.theme_name)
        ctx = AppContext(
            atlas=atlas,
            state=state,
            settings=self.settings,
            store=self.store,
            open_window=self.new_shown,
        )
        window = MainWindow(ctx, defer=defer)
        state.theme_changed.connect(self._remember_theme)
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

    def _remember_theme(self, name: str) -> None:
        self.theme_name = name
