"""The user's data in the window: a favourite star, a note per zone, the session journal,
and opening a content pack.

All of it sits on `reflexmap.core.user_store.UserStore`; this module only draws it. A write
that fails (full disk, read-only folder) is reported in the status bar, never raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.present import labels
from reflexmap.core.problems import ContentError
from reflexmap.core.user_store import UserStore
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.text import menu_text, message
from reflexmap.qt.userdata.journal import JournalDialog, SessionDialog

NOTE_DEBOUNCE_MS = 600


class UserData(QObject):
    """Notes, favourites, the journal and content packs; offers `ctx.journal`."""

    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        super().__init__(shell.widget())
        self.ctx = ctx
        self.shell = shell
        self.store: UserStore = ctx.store
        self.zone_id: str | None = None
        self.journal_dialog: JournalDialog | None = None
        self.recovered_box: QMessageBox | None = None  # told once, at the first window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_DEBOUNCE_MS)
        self.timer.timeout.connect(self.save_note)
        self._build()
        ctx.state.selected_changed.connect(self.follow_state)
        shell.on_close(self.save_note)
        ctx.journal = self
        self.follow_state()

    def _build(self) -> None:
        shell = self.shell
        self.favourite_action = QAction(self.tr("☆ Favourite zone"), self)
        self.favourite_action.setObjectName("favouriteZone")
        self.favourite_action.setCheckable(True)
        self.favourite_action.setShortcut(QKeySequence("Ctrl+D"))
        self.favourite_action.setToolTip(self.tr("Mark the selected zone as a favourite"))
        self.favourite_action.toggled.connect(self.set_favourite)
        self.journal_action = QAction(self.tr("Session &journal…"), self)
        self.journal_action.setShortcut(QKeySequence("Ctrl+J"))
        self.journal_action.triggered.connect(self.open_journal)
        self.pack_action = QAction(self.tr("Open &Content Pack…"), self)
        self.pack_action.triggered.connect(self.choose_pack)
        shell.add_action("file", self.pack_action, "open")
        shell.add_action("data", self.favourite_action)
        self.favourites_menu = QMenu(self.tr("Favourite &zones"), shell.widget())
        self.favourites_menu.setObjectName("favouritesMenu")
        self.favourites_menu.aboutToShow.connect(self.fill_favourites)
        shell.add_action("data", self.favourites_menu.menuAction())
        shell.add_action("data", self.journal_action)
        shell.add_toolbar_action(self.favourite_action)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("zoneNotesEdit")
        self.notes.setAccessibleName(self.tr("Your note on this zone"))
        self.notes.textChanged.connect(self._note_edited)
        self.notes.setMinimumHeight(60)
        self.note_box = QGroupBox(self.tr("Your note"))
        self.note_box.setObjectName("zoneNotes")
        self.note_box.setAccessibleName(self.tr("Your note"))
        QVBoxLayout(self.note_box).addWidget(self.notes)
        shell.place("details", self.note_box)  # under the details, not under the map
        show = QAction(self.tr("Show &my note"), self)
        show.setCheckable(True)
        show.setChecked(True)
        show.toggled.connect(self.note_box.setVisible)
        shell.add_action("data", show, "view")
        if not self.store.read_only:
            messages = self.store.take_recovered()
            if messages:
                self.recovered_box = self.tell_recovered(messages)

    # ---- following the selection --------------------------------------------------------
    def follow_state(self) -> None:
        zone = self.ctx.state.selected
        if zone != self.zone_id:
            self.save_note()
            self.zone_id = zone
            self.notes.blockSignals(True)
            self.notes.setPlainText(self.store.note(zone) if zone else "")
            self.notes.blockSignals(False)
            self.notes.setEnabled(zone is not None)
            self.notes.setPlaceholderText(
                self.tr("Your private note on this zone (saved automatically)") if zone
                else self.tr("Select a zone to write a note on it"))
        self.favourite_action.setEnabled(zone is not None)
        on = zone is not None and self.store.is_favourite(zone)
        self.favourite_action.blockSignals(True)
        self.favourite_action.setChecked(on)
        self.favourite_action.blockSignals(False)
        self.favourite_action.setText(self.tr("★ Favourite zone") if on
                                      else self.tr("☆ Favourite zone"))

    def set_favourite(self, on: bool) -> None:
        if self.zone_id is None:
            return
        with self.writing():
            self.store.set_favourite(self.zone_id, on)
        self.follow_state()

    def fill_favourites(self) -> None:
        self.favourites_menu.clear()
        atlas = self.ctx.atlas
        zones = [z for z in self.store.favourite_zones if z in atlas.zones]
        if not zones:
            self.favourites_menu.addAction(self.tr("(none yet: Ctrl+D stars a zone)")).setEnabled(
                False)
        for zid in zones:
            self.favourites_menu.addAction(menu_text(labels.zone_line(atlas, zid))).triggered \
                .connect(lambda _=False, zid=zid: self.ctx.state.select_zone(zid))

    # ---- notes --------------------------------------------------------------------------
    def _note_edited(self) -> None:
        if self.zone_id is not None:
            self.timer.start()

    def save_note(self) -> None:
        self.timer.stop()
        if self.zone_id is not None:
            with self.writing():
                self.store.set_note(self.zone_id, self.notes.toPlainText())

    # ---- journal ------------------------------------------------------------------------
    def open_journal(self) -> JournalDialog:
        if self.journal_dialog is None:
            self.journal_dialog = JournalDialog(self)
        self.journal_dialog.refresh()
        self.journal_dialog.show()
        self.journal_dialog.raise_()
        return self.journal_dialog

    def log_session(self, sequence_id: str, duration_s: float) -> SessionDialog:
        seq = self.ctx.atlas.sequences.get(sequence_id)
        dialog = SessionDialog(self.shell.widget(), seq.name if seq else sequence_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            with self.writing():
                self.store.add_entry(sequence_id, duration_s,
                                     tension_before=dialog.rating(dialog.before),
                                     tension_after=dialog.rating(dialog.after),
                                     note=dialog.note.toPlainText().strip())
            if self.journal_dialog is not None:
                self.journal_dialog.refresh()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    # ---- content packs ------------------------------------------------------------------
    def choose_pack(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.shell.widget(),
                                                  self.tr("Open a content pack folder"))
        if folder:
            self.open_pack(Path(folder))

    def open_pack(self, folder: Path) -> QWidget | None:
        """A pack opens in a new window (a chart variant); this window stays as it was."""
        from reflexmap.core.content import load_with_pack

        try:
            atlas = load_with_pack(folder)
        except ContentError as exc:
            self.show_problems(folder, [str(p) for p in exc.problems])
            return None
        return self.ctx.open_window(
            atlas, self.tr("reflexmap: content pack {0}").format(folder.name))

    def show_problems(self, folder: Path, problems: list[str]) -> QMessageBox:
        return message(self.shell.widget(), QMessageBox.Icon.Warning,
                       self.tr("Content pack not loaded"),
                       self.tr("{0} has {1} problem(s); nothing was loaded:").format(
                           folder, len(problems)),
                       "\n".join(problems[:15]), "\n".join(problems), name="packProblems")

    # ---- errors -------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            self.warn(self.tr("Your data could not be saved: {0}").format(exc.strerror or exc))

    def warn(self, text: str) -> None:
        self.shell.show_status(text, 10_000)

    def tell_recovered(self, messages: list[str]) -> QMessageBox:
        return message(self.shell.widget(), QMessageBox.Icon.Warning,
                       self.tr("Some of your data was damaged"),
                       self.tr("reflexmap could not read all of your saved data. What could "
                               "be recovered was kept; the damaged files were set aside:"),
                       "\n\n".join(messages), name="userDataRecovered")


def install(ctx: AppContext, shell: Shell) -> UserData:
    return UserData(ctx, shell)
