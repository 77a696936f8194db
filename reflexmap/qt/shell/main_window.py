"""The main window: a frame with slots, menus and a status bar, filled by the features.

It implements `reflexmap.qt.context.Shell`. It knows no feature: `features.FEATURES`
lists them and each adds what it shows through the Shell interface.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reflexmap import __version__
from reflexmap.core.present import cards
from reflexmap.qt import notice, text
from reflexmap.qt.context import AppContext, MenuName, Slot
from reflexmap.qt.screen import fit_to_screen
from reflexmap.qt.shell.features import FEATURES, LATER, Features, install_all

MENU_ORDER: tuple[MenuName, ...] = ("file", "edit", "view", "routines", "data", "help")
FILE_SECTIONS = ("open", "output")


PRACTICE_DOCK_SHARE = 0.36  # of the window's width: the player beside the map while practising


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, defer: bool = False) -> None:
        """`defer`: leave the features in `LATER` (nothing of them shows at first paint)
        to `install_later()`, which the app calls once the window has painted."""
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("reflexmap: foot and leg massage map"))
        self.features = Features()
        self.last_announcement = ""  # the last "Selected: …" told to a screen reader
        self._menus: dict[str, QMenu] = {}
        self._sections: dict[tuple[str, str], QAction] = {}
        self._tails: dict[str, QAction] = {}
        self._on_close: list[Callable[[], None]] = []
        self._practice_sizes: list[int] | None = None  # the splitter before a routine
        self._practice_docks: list[tuple[QDockWidget, int]] = []  # and the docks' widths
        self._build_frame()
        self._build_menus()
        ctx.app.theme_changed.connect(self._tick_theme)
        for signal in (ctx.state.selected_changed, ctx.state.lookup_changed):
            signal.connect(self._update_status)
        ctx.state.selected_changed.connect(self._announce_selection)
        install_all(self.features, ctx, self, skip=LATER if defer else ())
        self._add_about()
        last_view = str(ctx.settings.value("view", ctx.state.view))
        ctx.state.set_view(last_view)
        self._restore()

    # ---- the frame ---------------------------------------------------------------------
    # the panes F6 and Shift+F6 cycle through (object names), in this order
    PANES = ("footMap", "cardOutline", "zoneDetails", "zoneNotesEdit", "search", "playPause")

    def _build_frame(self) -> None:
        for key, step in ((Qt.Key.Key_F6, 1), (Qt.Modifier.SHIFT | Qt.Key.Key_F6, -1)):
            QShortcut(QKeySequence(key), self, lambda step=step: self.cycle_panes(step))
        self.side = QTabWidget()
        self.side.setObjectName("sideTabs")
        self.side.setAccessibleName(self.tr("Zone list and body areas"))
        # every tab title whole: no scroll arrows, no eliding, so the tabs' width is the
        # side's minimum and the splitter cannot squeeze "Body areas" to "Bod" (issue 29)
        self.side.setUsesScrollButtons(False)
        self.side.setElideMode(Qt.TextElideMode.ElideNone)
        self.centre = QWidget()
        self.centre.setObjectName("centre")
        self._centre_box = QVBoxLayout(self.centre)
        self._centre_box.setContentsMargins(0, 0, 0, 0)
        self.details_column = QSplitter(Qt.Orientation.Vertical)
        self.details_column.setObjectName("detailsColumn")
        self.details_column.setChildrenCollapsible(False)
        self.details_column.setMinimumWidth(280)  # a dock never squeezes the card to a word
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for w in (self.side, self.centre, self.details_column):
            self.splitter.addWidget(w)
        for i, stretch in enumerate((0, 3, 2)):
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setSizes([230, 700, 470])
        self.setCentralWidget(self.splitter)
        self.toolbar = QToolBar(self.tr("Search"))
        self.toolbar.setObjectName("searchBar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.status_label = text.plain_label(name="status", accessible=self.tr("Status"))
        self.statusBar().addWidget(self.status_label, 1)

    def _build_menus(self) -> None:
        # A menu is made when something fills it. The menus of the deferred features
        # are made now (if they will be installed), so no title pops in after the first
        # paint; the others fill theirs as they install, before the window shows.
        for name in ("file", "edit", "view", "help"):
            self.menu(name)
        for spec in FEATURES.values():
            if spec.later and spec.wanted(self.ctx):
                for menu in spec.menus:
                    self.menu(menu)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menu("file").addAction(quit_action)
        self._tails["file"] = quit_action  # Quit stays last
        for section in FILE_SECTIONS:
            self._section("file", section)
        clear = QAction(self.tr("Clear selection"), self)
        clear.triggered.connect(self.ctx.state.clear)
        self.add_action("edit", clear)
        themes = self.menu("view").addMenu(self.tr("&Theme"))
        themes.setObjectName("themeMenu")
        for theme_name, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
            ("high-contrast", self.tr("High contrast")),
        ):
            act = themes.addAction(label)
            act.setCheckable(True)
            act.setData(theme_name)
            act.setChecked(theme_name == self.ctx.app.theme)
            act.triggered.connect(lambda _=False, n=theme_name: self.set_theme(n))
        self._theme_menu = themes
        full = QAction(self.tr("&Full screen"), self)
        full.setObjectName("fullScreen")
        full.setShortcut(QKeySequence(Qt.Key.Key_F11))
        full.triggered.connect(self.toggle_full_screen)
        self.addAction(full)  # F11 works with the menu bar hidden too
        self.menu("view").addAction(full)
        self._tails["view"] = themes.menuAction()  # features add their sections before it

    def install_later(self) -> None:
        """The deferred features (see __init__); installing twice does nothing."""
        for name in LATER:
            self.features.install(name, self.ctx, self)

    def _add_about(self) -> None:
        keys = QAction(self.tr("&Keyboard shortcuts"), self)
        keys.setObjectName("keyboardShortcuts")
        keys.triggered.connect(self.show_keys)
        self.add_action("help", keys, "about")
        about = QAction(self.tr("&About reflexmap"), self)
        about.triggered.connect(self.about)
        self.add_action("help", about, "about")

    # ---- Shell -------------------------------------------------------------------------
    def widget(self) -> QWidget:
        return self

    def menu(self, name: MenuName) -> QMenu:
        if name not in self._menus:
            titles = {
                "file": self.tr("&File"),
                "edit": self.tr("&Edit"),
                "view": self.tr("&View"),
                "routines": self.tr("&Routines"),
                "data": self.tr("&Data"),
                "help": self.tr("&Help"),
            }
            menu = QMenu(titles[name], self)
            menu.setObjectName(f"{name}Menu")
            later = [
                self._menus[n] for n in MENU_ORDER[MENU_ORDER.index(name) + 1 :] if n in self._menus
            ]
            if later:
                self.menuBar().insertMenu(later[0].menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            self._menus[name] = menu
        return self._menus[name]

    def _section(self, menu: MenuName, section: str) -> QAction:
        """A section of a menu: its actions sit before its closing separator; sections
        keep the order they were first used in, before the menu's tail (Quit, Theme)."""
        key = (menu, section)
        if key not in self._sections:
            sep = QAction(self)
            sep.setSeparator(True)
            tail = self._tails.get(menu)
            if tail is not None:
                self.menu(menu).insertAction(tail, sep)
            else:
                self.menu(menu).addAction(sep)
            self._sections[key] = sep
        return self._sections[key]

    def add_action(self, menu: MenuName, action: QAction, section: str = "") -> None:
        if action.parent() is None:
            action.setParent(self)
        self.menu(menu).insertAction(self._section(menu, section), action)

    def add_toolbar_action(self, action: QAction) -> None:
        self.toolbar.addAction(action)

    def add_toolbar_widget(self, widget: QWidget) -> None:
        self.toolbar.addWidget(widget)

    def place(self, slot: Slot, widget: QWidget, title: str = "") -> None:
        if slot == "side":
            self.side.addTab(widget, title)
        elif slot == "centre":
            self._centre_box.addWidget(widget, 1 if self._centre_box.count() else 0)
        else:
            self.details_column.addWidget(widget)
            last = self.details_column.count() - 1
            self.details_column.setStretchFactor(last, 1 if last == 0 else 0)
            if last == 1:
                # the note box at three lines: the card's first move needs the height
                self.details_column.setSizes([700, 100])

    def add_dock(
        self, dock: QDockWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    ) -> None:
        self.addDockWidget(area, dock)

    def cycle_panes(self, step: int) -> QWidget | None:
        """F6 / Shift+F6: the focus to the next / previous pane (map, the card's outline,
        card, note, search, player) that is shown, from the pane that has it; its name is
        what Orca says."""
        panes = [
            w
            for name in self.PANES
            if (w := self.findChild(QWidget, name)) is not None and w.isVisible() and w.isEnabled()
        ]
        if not panes:
            return None
        current = QApplication.focusWidget()
        here = next(
            (
                i
                for i, p in enumerate(panes)
                if current is not None and (current is p or p.isAncestorOf(current))
            ),
            -1,
        )
        if here < 0 and step < 0:
            here = 0
        target = panes[(here + step) % len(panes)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def show_status(self, text: str, timeout_ms: int = 6000, *, say: bool = False) -> None:
        """Show `text` in the status bar; with `say`, a screen reader hears it too (the
        status bar alone is silent with Orca 43)."""
        self.statusBar().showMessage(text, timeout_ms)
        if say:
            notice.say(self, text)

    def practice_layout(self, on: bool) -> None:
        if on == (self._practice_sizes is not None):
            return
        docks = [d for d in self.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
        if on:
            self._practice_sizes = self.splitter.sizes()
            self._practice_docks = [(d, d.width()) for d in docks]
            self.side.hide()
            self.details_column.hide()
            if docks:  # the map keeps the larger share
                share = round(self.width() * PRACTICE_DOCK_SHARE)
                self.resizeDocks(docks, [share] * len(docks), Qt.Orientation.Horizontal)
        else:
            self.side.show()
            self.details_column.show()
            if self._practice_sizes:
                self.splitter.setSizes(self._practice_sizes)
            self._practice_sizes = None
            kept = [(d, w) for d, w in self._practice_docks if d.isVisible()]
            if kept:
                self.resizeDocks(
                    [d for d, _ in kept], [w for _, w in kept], Qt.Orientation.Horizontal
                )
            self._practice_docks = []

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def on_close(self, callback: Callable[[], None]) -> None:
        self._on_close.append(callback)

    # ---- state -> window ---------------------------------------------------------------
    def _update_status(self) -> None:
        st = self.ctx.state
        self.status_label.setText(
            cards.status_text(self.ctx.atlas, st.selected, st.lookup, len(st.lookup_zones))
        )

    def _announce_selection(self, zone_id: str | None) -> None:
        """A screen reader hears "Selected: …" (polite: after what it is saying); the
        status label alone changes silently."""
        if zone_id is None:
            return
        said = cards.status_text(self.ctx.atlas, zone_id, None, 0)
        notice.say(self.status_label, said)
        self.last_announcement = said

    def set_theme(self, name: str) -> None:
        """Every window's: the theme is app-wide (`AppState`, which applies it)."""
        self.ctx.app.set_theme(name)

    def _tick_theme(self, name: str) -> None:
        for act in self._theme_menu.actions():
            act.setChecked(act.data() == name)

    def show_keys(self) -> QDialog:
        """Help > Keyboard shortcuts (made when asked for: nothing of it at start)."""
        from reflexmap.qt.shell.keys_dialog import KeysDialog

        dialog = KeysDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self) -> None:
        text.message(
            self,
            QMessageBox.Icon.Information,
            self.tr("About reflexmap"),
            self.tr(
                "reflexmap {0}: an offline map of foot and leg massage zones. Reflexology's "
                "claims are shown with their sources; they are not medical advice."
            ).format(__version__),
        )

    # ---- settings ----------------------------------------------------------------------
    def _restore(self) -> None:
        s = self.ctx.settings
        if s.value("geometry") is None:
            fit_to_screen(self)  # first start; after that the saved geometry
        for key, restore in (
            ("geometry", self.restoreGeometry),
            ("splitter", self.splitter.restoreState),
            ("detailsColumn", self.details_column.restoreState),
        ):
            value = s.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(QByteArray(value))

    def save_settings(self) -> None:
        self.practice_layout(False)  # the layout the user made, not the routine's
        s: QSettings = self.ctx.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("detailsColumn", self.details_column.saveState())
        s.setValue("view", self.ctx.state.view)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        for callback in self._on_close:
            callback()
        self.save_settings()
        super().closeEvent(event)
