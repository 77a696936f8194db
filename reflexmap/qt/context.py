"""What a feature is given, and what it may do to the window.

The shell (reflexmap/qt/shell) builds one `AppContext` per window and hands it, with the
window's `Shell` interface, to every feature's `install(ctx, shell)`. A feature never
imports the main window and never sets attributes on it: it adds menus, actions, docks
and panels through `Shell`, reads and changes the UI state through `ctx.state`, and
reaches other features only through the services declared here (`ctx.journal`,
`ctx.routines`, `ctx.notes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from reflexmap.core.atlas import Atlas
from reflexmap.core.readable import Readable
from reflexmap.qt.app_state import AppState
from reflexmap.qt.state import UiState

if TYPE_CHECKING:
    from reflexmap.core.user_store import UserStore

MenuName = Literal["file", "edit", "view", "routines", "data", "help"]
Slot = Literal["side", "centre", "details"]


class Journal(Protocol):
    """The session journal, offered by the user-data feature to the player."""

    def log_session(self, sequence_id: str, duration_s: float) -> QWidget: ...


class Routines(Protocol):
    """The routine player, offered by the player feature to search and menus."""

    def open_routine(self, sequence_id: str) -> None: ...

    def play_technique(self, technique_id: str) -> None:
        """Play one technique alone, timed ("Do it now" on a card)."""
        ...

    def safety_check(self) -> None: ...


class Marks(Protocol):
    """Marks for the session being recorded, offered by the user-data feature to the
    player's voice control ("tender two", "grainy texture")."""

    @property
    def recording(self) -> bool: ...

    def mark_by_voice(self, tenderness: int | None = None, texture: str | None = None) -> str:
        """Mark the zones a key would mark; the words say what was marked, or why not."""
        ...


class Notes(Protocol):
    """The note pages (evidence, disagreements), offered by the details feature to search."""

    def show_note(self, note_id: str) -> QWidget: ...


class Shell(Protocol):
    """The window as features see it."""

    def widget(self) -> QWidget:
        """The parent for a feature's dialogs."""
        ...

    def menu(self, name: MenuName) -> QMenu:
        """A menu of the menu bar, made on first use, always in the same order."""
        ...

    def add_action(self, menu: MenuName, action: QAction, section: str = "") -> None:
        """Append to a section of a menu (File has "open" and "output"; Quit stays last)."""
        ...

    def add_toolbar_action(self, action: QAction) -> None: ...

    def add_toolbar_widget(self, widget: QWidget) -> None: ...

    def place(self, slot: Slot, widget: QWidget, title: str = "") -> None:
        """side: a tab of the left column; centre: the map; details: the right column,
        top to bottom in install order."""
        ...

    def add_dock(
        self, dock: QDockWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    ) -> None: ...

    def show_status(self, text: str, timeout_ms: int = 6000, *, say: bool = False) -> None:
        """The status bar; `say`: a screen reader hears it too (reflexmap.qt.notice)."""
        ...

    def practice_layout(self, on: bool) -> None:
        """While a routine plays: the zone list and the card column step aside so that
        the map is the largest thing on screen; off puts them back as they were."""
        ...

    def on_close(self, callback: Callable[[], None]) -> None:
        """Called when the window closes, before the settings are saved."""
        ...


@dataclass(repr=False)
class AppContext(Readable):
    atlas: Atlas
    state: UiState  # this window's
    app: AppState  # the same for every window of the process (theme, names, answers)
    settings: QSettings
    store: UserStore
    open_window: Callable[[Atlas, str], QWidget]  # a new main window, e.g. a content pack
    journal: Journal | None = None  # filled in by the user-data feature
    routines: Routines | None = None  # filled in by the player feature
    notes: Notes | None = None  # filled in by the details feature
    marks: Marks | None = None  # filled in by the user-data feature
