"""The player feature: the dock (hidden until a routine starts), the Routines menu, and
the `ctx.routines` service that search and the zone cards use ("Do it now")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from reflexmap.core.records import Sequence, Step, Technique
from reflexmap.core.routine_plan import DEFAULT_STEP_S
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.text import menu_text


def technique_routine(tech: Technique, name: str) -> Sequence:
    """One technique as a one-step routine: its steps as the instruction, its own time
    (or the player's suggested one) and its own regions."""
    stated = tech.duration_s is not None and tech.duration_stated
    step = Step(
        technique=tech.id,
        instruction=" ".join(tech.steps),
        duration_s=tech.duration_s or int(DEFAULT_STEP_S),
        duration_stated=stated,
        repetitions=tech.repetitions,
    )
    return Sequence(
        id=f"technique.{tech.id}",
        name=name,
        sources=tech.sources,
        performer=tech.performer,
        side="not_stated",
        steps=(step,),
    )


class PlayerFeature:
    """The player dock (hidden until a routine starts) and the Routines menu."""

    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        self.panel = PlayerPanel(ctx, shell)
        shell.add_dock(self.panel)
        self.panel.hide()  # the map keeps the room until a routine is opened
        for seq in ctx.atlas.sequences.values():
            action = QAction(menu_text(self.panel.summaries[seq.id].line), self.panel)
            action.triggered.connect(lambda _=False, sid=seq.id: self.open_routine(sid))
            shell.add_action("routines", action)
        check = QAction(QCoreApplication.translate("PlayerPanel", "&Safety check…"), self.panel)
        check.triggered.connect(lambda: self.panel.safety_check(then_start=False))
        shell.add_action("routines", check, "check")
        shell.add_action("routines", self.panel.toggleViewAction(), "check")
        self.panel.toggleViewAction().triggered.connect(  # the user's click, not a teardown
            lambda shown: None if shown else self.panel._stop_on_close()
        )
        ctx.routines = self

    def play_technique(self, technique_id: str) -> None:
        """ "Do it now": the technique alone, timed, after the same safety check."""
        tech = self.panel.atlas.techniques.get(technique_id)
        if tech is None:
            return
        seq = technique_routine(
            tech, QCoreApplication.translate("PlayerPanel", "Do it now: {0}").format(tech.name)
        )
        if seq.id not in self.panel.sequences:
            self.panel.sequences[seq.id] = seq
            self.panel.picker.addItem(seq.name, seq.id)
        self.open_routine(seq.id)

    def safety_check(self) -> None:
        self.panel.show()
        self.panel.safety_check(then_start=False)

    def open_routine(self, sequence_id: str) -> None:
        panel = self.panel
        panel.show()
        panel.raise_()
        panel.choose(sequence_id)
        panel.stop()
        panel.start()


def install(ctx: AppContext, shell: Shell) -> PlayerFeature:
    """Installed only for content with routines (`features.FEATURES`)."""
    return PlayerFeature(ctx, shell)
