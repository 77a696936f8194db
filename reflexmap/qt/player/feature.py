"""The player feature: the dock (hidden until a routine starts), the Routines menu, and
the `ctx.routines` service that search and the zone cards use ("Do it now")."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup

from reflexmap.core import practice
from reflexmap.core.present import routine
from reflexmap.core.records import Sequence, Step, Technique
from reflexmap.core.routine_plan import DEFAULT_STEP_S
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.text import menu_text
from reflexmap.qt.who import remembered_who


def technique_routine(tech: Technique, name: str, who: practice.Who | None = None) -> Sequence:
    """One technique as a one-step routine: its steps (in the words for whose feet) as the
    instruction, its own time (or the player's suggested one) and its own regions."""
    stated = tech.duration_s is not None and tech.duration_stated
    step = Step(
        technique=tech.id,
        instruction=" ".join(practice.technique_steps(tech, who) if who else tech.steps),
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
        ctx.state.set_who(remembered_who(ctx.settings))
        self.routine_actions: dict[str, QAction] = {}
        # grouped by whom they suit, each group under a heading that cannot be picked
        headings = {
            "self": self.panel.tr("For your own feet"),
            "both": self.panel.tr("For your own feet or someone else's"),
            "partner": self.panel.tr("For someone else's feet"),
        }
        for group, heading in headings.items():
            members = [s for s in ctx.atlas.sequences.values() if practice.suits(s) == group]
            if not members:
                continue
            title = QAction(heading, self.panel)
            title.setEnabled(False)
            shell.add_action("routines", title, f"suits_{group}")
            for seq in members:
                action = QAction(menu_text(self.panel.summaries[seq.id].line), self.panel)
                action.setObjectName(f"routine_{seq.id}")
                action.triggered.connect(lambda _=False, sid=seq.id: self.open_routine(sid))
                shell.add_action("routines", action, f"suits_{group}")
                self.routine_actions[seq.id] = action
        self.who_actions: dict[str, QAction] = {}
        who_group = QActionGroup(self.panel)
        for who, text in (
            ("self", self.panel.tr("I massage my own feet")),
            ("partner", self.panel.tr("I massage someone else")),
        ):
            action = QAction(text, who_group)
            action.setCheckable(True)
            action.setObjectName(f"who_{who}")
            action.triggered.connect(lambda _=False, w=who: self.panel.set_who(w))  # type: ignore[arg-type]
            shell.add_action("routines", action, "who")
            self.who_actions[who] = action
        ctx.state.who_changed.connect(self._show_who)
        self._show_who(ctx.state.who)
        check = QAction(self.panel.tr("&Safety check…"), self.panel)
        check.triggered.connect(lambda: self.panel.safety_check(then_start=False))
        shell.add_action("routines", check, "check")
        shell.add_action("routines", self.panel.toggleViewAction(), "check")
        self.panel.toggleViewAction().triggered.connect(  # the user's click, not a teardown
            lambda shown: None if shown else self.panel._stop_on_close()
        )
        ctx.routines = self

    def _show_who(self, who: object) -> None:
        """The menu shows the answer, and counts each routine's steps as it will play."""
        for value, action in self.who_actions.items():
            action.setChecked(value == who)
        panel = self.panel
        for seq in panel.atlas.sequences.values():
            summary = routine.routine_summary(panel.atlas, panel.worded(seq))
            panel.summaries[seq.id] = summary
            self.routine_actions[seq.id].setText(menu_text(summary.line))
            index = panel.picker.findData(seq.id)
            if index >= 0:
                panel.picker.setItemText(index, summary.line)

    def play_technique(self, technique_id: str) -> None:
        """ "Do it now": the technique alone, timed, after the same safety check."""
        tech = self.panel.atlas.techniques.get(technique_id)
        if tech is None:
            return
        name = self.panel.tr("Do it now: {0}").format(tech.name)
        seq = technique_routine(tech, name, self.panel.ctx.state.who)
        if seq.id not in self.panel.sequences:
            self.panel.picker.addItem(seq.name, seq.id)
        self.panel.sequences[seq.id] = seq  # in the words for whose feet, as now
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


def install(ctx: AppContext, shell: Shell) -> PlayerFeature | None:
    if not ctx.atlas.sequences:
        return None
    return PlayerFeature(ctx, shell)
