"""What is the same in every window of the process: the theme, names on the map, the
safety answers the user asked to keep. Held once, above the windows (`shell/windows.py`
makes one and hands it to every window's context as `ctx.app`), and kept in the
settings, so the next start opens as this one ended.

The theme is applied to the whole application (palette and style), so a copy per window
could only disagree: window B kept a light map and "Follow the system" ticked under dark
widgets once window A switched. Per-window state (the view, the selection, the lookup…)
stays in `UiState`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QObject, QSettings, Signal

THEME_KEY = "theme"
NAMES_KEY = "map/names"
ANSWERS_KEY = "safety/answers"
MAX_ANSWERS_CHARS = 100_000  # a remembered value longer than this was not written by us


class AppState(QObject):
    theme_changed = Signal(str)  # "system", "light", "dark" or "high-contrast"
    show_names_changed = Signal(bool)  # zone names written on the map
    safety_answers_changed = Signal(object)  # frozenset of ticked rule ids, or None

    def __init__(
        self, settings: QSettings, theme: str | None = None, parent: QObject | None = None
    ) -> None:
        """`theme`: this run's theme instead of the saved one (`reflexmap shot --dark`,
        tests); it is saved only if the user then picks one."""
        super().__init__(parent)
        self.settings = settings
        self._theme = theme or str(settings.value(THEME_KEY, "system"))
        self._show_names = str(settings.value(NAMES_KEY, "false")).lower() == "true"

    # ---- reading ----------------------------------------------------------------------
    @property
    def theme(self) -> str:
        return self._theme

    @property
    def show_names(self) -> bool:
        return self._show_names

    @property
    def safety_answers(self) -> frozenset[str] | None:
        """The ticked rule ids the user asked us to remember, or None if nothing is kept or
        what is kept cannot be read as a list of ids (edited by hand, damaged: 100,000
        nested brackets raised RecursionError on every routine start). Read from the
        settings each time: another process may have changed them."""
        raw = self.settings.value(ANSWERS_KEY)
        if not isinstance(raw, str) or len(raw) > MAX_ANSWERS_CHARS:
            return None
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        return frozenset(value)

    # ---- operations --------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        self.settings.setValue(THEME_KEY, name)
        if name != self._theme:
            self._theme = name
            self.theme_changed.emit(name)

    def set_show_names(self, on: bool) -> None:
        if on != self._show_names:
            self._show_names = on
            self.settings.setValue(NAMES_KEY, on)
            self.show_names_changed.emit(on)

    def remember_answers(self, ticked: Iterable[str] | None) -> None:
        """Keep `ticked` (None: keep nothing)."""
        if ticked is None:
            self.settings.remove(ANSWERS_KEY)
            self.safety_answers_changed.emit(None)
        else:
            kept = frozenset(ticked)
            self.settings.setValue(ANSWERS_KEY, json.dumps(sorted(kept)))
            self.safety_answers_changed.emit(kept)
