"""The player feature: the dock (hidden until a routine starts), the Routines menu, and
the `ctx.routines` service that search and the zone cards use ("Do it now")."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from reflexmap.core import practice
from reflexmap.core.listen import commands
from reflexmap.core.my_sessions import MySessions, SavedSession
from reflexmap.core.records import Sequence
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.player.build_dialog import BuildDialog
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.text import menu_text, message
from reflexmap.qt.who import remembered_who


class PlayerFeature:
    """The player dock (hidden until a routine starts) and the Routines menu."""

    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        ctx.state.set_who(remembered_who(ctx.settings))  # before the panel counts steps
        self.panel = PlayerPanel(ctx, shell)
        self.shell = shell
        self.build_dialog: BuildDialog | None = None
        self.later_done = False  # the lengths and the saved sessions are in the menu
        shell.add_dock(self.panel)
        self.panel.hide()  # the map keeps the room until a routine is opened
        self.routine_actions: dict[str, QAction] = {}
        # grouped by whom they suit, each group under a heading that cannot be picked
        headings = {
            "self": QCoreApplication.translate("PlayerPanel", "For your own feet"),
            "both": QCoreApplication.translate(
                "PlayerPanel", "For your own feet or someone else's"
            ),
            "partner": QCoreApplication.translate("PlayerPanel", "For someone else's feet"),
        }
        for group, heading in headings.items():
            members = [s for s in ctx.atlas.sequences.values() if practice.suits(s) == group]
            if not members:
                continue
            title = QAction(heading, self.panel)
            title.setEnabled(False)
            shell.add_action("routines", title, f"suits_{group}")
            for seq in members:
                action = QAction(menu_text(self.panel.summary_of(seq.id).line), self.panel)
                action.setObjectName(f"routine_{seq.id}")
                action.triggered.connect(lambda _=False, sid=seq.id: self.open_routine(sid))
                shell.add_action("routines", action, f"suits_{group}")
                self.routine_actions[seq.id] = action
        self._install_my_sessions(ctx, shell)
        # the walk at 10 and 30 minutes and the saved sessions are built a turn later: a
        # saved search builds the search index (20-60 ms), which the first click must not
        # wait for
        QTimer.singleShot(0, self._add_later)
        self.who_actions: dict[str, QAction] = {}
        who_group = QActionGroup(self.panel)
        for who, text in (
            ("self", QCoreApplication.translate("PlayerPanel", "I massage my &own feet")),
            ("partner", QCoreApplication.translate("PlayerPanel", "I massage someone &else")),
        ):
            action = QAction(text, who_group)
            action.setCheckable(True)
            action.setObjectName(f"who_{who}")
            action.triggered.connect(lambda _=False, w=who: self.panel.set_who(w))
            shell.add_action("routines", action, "who")
            self.who_actions[who] = action
        ctx.state.who_changed.connect(self._show_who)
        self._show_checks(ctx.state.who)  # the counts were made in these words already
        check = QAction(QCoreApplication.translate("PlayerPanel", "&Safety check…"), self.panel)
        check.triggered.connect(lambda: self.panel.safety_check(then_start=False))
        shell.add_action("routines", check, "check")
        shell.add_action("routines", self.panel.toggleViewAction(), "check")
        voice_help = QAction(
            QCoreApplication.translate("PlayerPanel", "&Voice commands…"), self.panel
        )
        voice_help.triggered.connect(self.show_voice_commands)
        shell.add_action("help", voice_help)
        ctx.routines = self

    def show_voice_commands(self) -> QMessageBox:
        return message(
            self.shell.widget(),
            QMessageBox.Icon.Information,
            QCoreApplication.translate("PlayerPanel", "Voice commands"),
            QCoreApplication.translate(
                "PlayerPanel", "Say these with Voice control on in the routine player."
            ),
            commands.help_text(),
            name="voiceCommands",
        )

    # ---- my sessions ---------------------------------------------------------------------
    def _add_routine(self, seq: Sequence, section: str) -> QAction:
        """A routine the content does not hold (a length, a built session) in the player's
        list and the menu, counted as the others."""
        panel = self.panel
        panel.session.add_routine(seq)  # the dock lists it (and counts it) on the event
        summary = panel.summary_of(seq.id)
        action = self.routine_actions.get(seq.id)
        if action is None:
            action = QAction(menu_text(summary.line), panel)
            action.setObjectName(f"routine_{seq.id}")
            action.triggered.connect(lambda _=False, sid=seq.id: self.open_routine(sid))
            self.shell.add_action("routines", action, section)
            self.routine_actions[seq.id] = action
        action.setText(menu_text(summary.line))
        return action

    def _install_my_sessions(self, ctx: AppContext, shell: Shell) -> None:
        self.my = MySessions(ctx.store)
        heading = QAction(QCoreApplication.translate("PlayerPanel", "My sessions"), self.panel)
        heading.setEnabled(False)
        shell.add_action("routines", heading, "my")
        build = QAction(QCoreApplication.translate("PlayerPanel", "&Build my session…"), self.panel)
        build.setObjectName("buildMySession")
        build.triggered.connect(self.build_session)
        shell.add_action("routines", build, "my_manage")
        manage = QAction(
            QCoreApplication.translate("PlayerPanel", "Rename or delete my sessions…"), self.panel
        )
        manage.setObjectName("manageMySessions")
        manage.triggered.connect(self.manage_sessions)
        shell.add_action("routines", manage, "my_manage")

    def _add_later(self) -> None:
        try:
            for seq in practice.session_lengths(self.panel.atlas):
                self._add_routine(seq, "suits_both")
            for saved in self.my.sessions:
                self._add_saved(saved)
        except RuntimeError:  # the window closed before this turn (its widgets are gone)
            return
        self.later_done = True

    def _built(self, saved: SavedSession) -> Sequence | None:
        try:
            return practice.build_session(
                self.panel.atlas,
                query=saved.query,
                zones=[z for z in saved.zones if z in self.panel.atlas.zones],
                name=saved.name,
                sequence_id=saved.sequence_id,
                minutes=saved.minutes,
            )
        except practice.BuildError:  # the content no longer has what it asked for
            return None

    def _add_saved(self, saved: SavedSession) -> None:
        seq = self._built(saved)
        if seq is not None:
            self._add_routine(seq, "my")

    def build_session(self) -> BuildDialog:
        ctx = self.panel.ctx
        notes = ctx.notes
        dialog = BuildDialog(
            ctx.atlas,
            favourites=list(ctx.store.favourite_zones),
            selected=ctx.state.selected,
            show_evidence=(lambda: notes.show_note("evidence")) if notes else None,
            parent=self.shell.widget(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._play_built(dialog))
        self.build_dialog = dialog
        dialog.open()
        return dialog

    def _play_built(self, dialog: BuildDialog) -> None:
        seq = dialog.built
        if seq is None:
            return
        if dialog.save_requested:
            try:
                saved = self.my.save(
                    dialog.name.text(),
                    query=dialog.query.text().strip(),
                    zones=tuple(dialog.zones()),
                    minutes=dialog.minutes.value(),
                )
            except (OSError, ValueError) as exc:
                self.shell.show_status(
                    QCoreApplication.translate("PlayerPanel", "Not saved: {0}").format(exc)
                )
            else:
                seq = dataclasses.replace(seq, id=saved.sequence_id)
                self._add_routine(seq, "my")
                self.shell.show_status(
                    QCoreApplication.translate("PlayerPanel", "Saved in Routines: {0}").format(
                        saved.name
                    )
                )
        if seq.id == "my.preview":  # played, not kept
            self._add_routine(seq, "my")
        self.open_routine(seq.id)

    def rename_session(self, session_id: str, name: str) -> None:
        self.my.rename(session_id, name)
        saved = self.my.get(session_id)
        if saved is not None:
            self._add_saved(saved)

    def delete_session(self, session_id: str) -> None:
        saved = self.my.get(session_id)
        self.my.delete(session_id)
        if saved is None:
            return
        action = self.routine_actions.pop(saved.sequence_id, None)
        if action is not None:
            action.deleteLater()
            self.shell.menu("routines").removeAction(action)
        self.panel.session.remove_routine(saved.sequence_id)  # not while it is picked

    def manage_sessions(self) -> QDialog:
        dialog = QDialog(self.shell.widget())
        dialog.setObjectName("mySessions")
        dialog.setWindowTitle(QCoreApplication.translate("PlayerPanel", "My sessions"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box = QVBoxLayout(dialog)
        listing = QListWidget()
        listing.setObjectName("mySessionList")

        def fill() -> None:
            listing.clear()
            for saved in self.my.sessions:
                item = QListWidgetItem(saved.name)
                item.setData(Qt.ItemDataRole.UserRole, saved.id)
                listing.addItem(item)

        def current() -> str | None:
            item = listing.currentItem()
            return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

        def rename() -> None:
            sid = current()
            saved = self.my.get(sid) if sid else None
            if saved is None:
                return
            name, ok = QInputDialog.getText(
                dialog,
                QCoreApplication.translate("PlayerPanel", "Rename"),
                QCoreApplication.translate("PlayerPanel", "New name:"),
                text=saved.name,
            )
            if ok and name.strip():
                self.rename_session(saved.id, name)
                fill()

        def delete() -> None:
            sid = current()
            if sid:
                self.delete_session(sid)
                fill()

        fill()
        box.addWidget(listing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for text, slot, name in (
            (QCoreApplication.translate("PlayerPanel", "Rename…"), rename, "mySessionRename"),
            (QCoreApplication.translate("PlayerPanel", "Delete"), delete, "mySessionDelete"),
        ):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setObjectName(name)
            button.clicked.connect(slot)
        buttons.rejected.connect(dialog.reject)
        box.addWidget(buttons)
        dialog.open()
        return dialog

    def _show_checks(self, who: object) -> None:
        for value, action in self.who_actions.items():
            action.setChecked(value == who)

    def _show_who(self, who: object) -> None:
        """The menu shows the answer, and counts each routine's steps as it will play."""
        self._show_checks(who)
        self.panel.reword()  # the dock's list first: the menu reads its counts
        for sid, action in self.routine_actions.items():
            action.setText(menu_text(self.panel.summary_of(sid).line))

    def play_technique(self, technique_id: str) -> None:
        """ "Do it now": the technique alone, timed, after the same safety check."""
        # in the words for whose feet, as now
        routine_id = self.panel.session.add_technique(technique_id, self.panel.ctx.state.who)
        if routine_id is not None:
            self.open_routine(routine_id)

    def safety_check(self) -> None:
        self.panel.show()
        self.panel.safety_check(then_start=False)

    def open_routine(self, sequence_id: str) -> None:
        self.panel.open_routine(sequence_id)


def install(ctx: AppContext, shell: Shell) -> PlayerFeature:
    """Installed only for content with routines (`features.FEATURES`)."""
    return PlayerFeature(ctx, shell)
