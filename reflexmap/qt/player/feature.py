"""The player feature: the dock (hidden until a routine starts), the Routines menu, and
the `ctx.routines` service that search and the zone cards use ("Do it now")."""

from __future__ import annotations

from PySide6.QtGui import QAction

from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.text import menu_text


class PlayerFeature:
    """The player dock (hidden until a routine starts) and the Routines menu."""

    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        self.panel = PlayerPanel(ctx, shell)
        self.session = self.panel.session
        shell.add_dock(self.panel)
        self.panel.hide()  # the map keeps the room until a routine is opened
        for seq_id, summary in self.panel.summaries.items():
            action = QAction(menu_text(summary.line), self.panel)
            action.triggered.connect(lambda _=False, sid=seq_id: self.open_routine(sid))
            shell.add_action("routines", action)
        check = QAction(self.panel.tr("&Safety check…"), self.panel)
        check.triggered.connect(lambda: self.panel.safety_check(then_start=False))
        shell.add_action("routines", check, "check")
        shell.add_action("routines", self.panel.toggleViewAction(), "check")
        ctx.routines = self

    def play_technique(self, technique_id: str) -> None:
        """ "Do it now": the technique alone, timed, after the same safety check."""
        routine_id = self.session.add_technique(technique_id)
        if routine_id is not None:
            self.open_routine(routine_id)

    def safety_check(self) -> None:
        self.panel.show()
        self.panel.safety_check(then_start=False)

    def open_routine(self, sequence_id: str) -> None:
        self.panel.open_routine(sequence_id)


def install(ctx: AppContext, shell: Shell) -> PlayerFeature | None:
    if not ctx.atlas.sequences:
        return None
    return PlayerFeature(ctx, shell)
