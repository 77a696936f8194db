"""The user's data in the window: a favourite star, a note per zone, the session journal,
and opening a content pack.

All of it sits on `reflexmap.core.user_store.UserStore`; this module only draws it. A write
that fails (full disk, read-only folder) is never raised and never forgotten: the change
stays pending in the store, a banner above the note says so until a retry (every
RETRY_MS, and at every later change) writes it, and closing the window asks first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.atlas import Atlas
from reflexmap.core.present import labels
from reflexmap.core.present.i18n import trn
from reflexmap.core.problems import ContentError
from reflexmap.core.user_store import NOTE_LIMIT, SESSION_NOTE_LIMIT, UserStore
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.text import menu_text, message

if TYPE_CHECKING:  # the dialogs are imported when first opened, not at start
    from reflexmap.qt.userdata.journal import JournalDialog
    from reflexmap.qt.userdata.pack_load import PackLoad

NOTE_DEBOUNCE_MS = 600
RETRY_MS = 5_000


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
        self.notice_box: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_DEBOUNCE_MS)
        self.timer.timeout.connect(self.save_note)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.retry)
        self.last_error = ""
        self._build()
        from reflexmap.qt.userdata.practice import Practice

        self.practice = Practice(self)
        ctx.marks = self.practice
        shell.widget().installEventFilter(self)
        ctx.state.selected_changed.connect(self.follow_state)
        shell.on_close(self.save_note)
        ctx.journal = self
        self.follow_state()
        self.publish_mine()

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
        self.notes.setTabChangesFocus(True)  # Tab leaves the note, as everywhere else
        self.notes.setObjectName("zoneNotesEdit")
        self.notes.setAccessibleName(self.tr("Your note on this zone"))
        self.notes.textChanged.connect(self._note_edited)
        self.note_dirty = False  # typed in since the field was last left
        self.notes.installEventFilter(self)
        self.notes.setMinimumHeight(60)
        self.banner = QLabel()
        self.banner.setObjectName("unsavedBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #5c4400; "
            "border: 1px solid #d4a017; padding: 4px; }"
        )
        self.banner.setAccessibleDescription(self.tr("Unsaved changes"))  # its text is its name
        self.banner.hide()
        self.notes.setToolTip(self.tr("At most {0} characters").format(NOTE_LIMIT))
        self.note_box = QGroupBox(self.tr("Your note"))
        self.note_box.setObjectName("zoneNotes")
        self.note_box.setAccessibleName(self.tr("Your note"))
        box_layout = QVBoxLayout(self.note_box)
        box_layout.addWidget(self.banner)
        box_layout.addWidget(self.notes)
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
            news = self.store.take_notices()
            if news:
                self.notice_box = message(
                    self.shell.widget(),
                    QMessageBox.Icon.Information,
                    self.tr("Your data has moved"),
                    "\n\n".join(news),
                    name="userDataNotice",
                )

    # ---- following the selection --------------------------------------------------------
    def follow_state(self) -> None:
        zone = self.ctx.state.selected
        if zone != self.zone_id:
            self.save_note()
            self.note_dirty = False
            self.zone_id = zone
            self.notes.blockSignals(True)
            self.notes.setPlainText(self.store.note(zone) if zone else "")
            self.notes.blockSignals(False)
            self.notes.setEnabled(zone is not None)
            self.notes.setPlaceholderText(
                self.tr("Your private note on this zone (saved automatically)")
                if zone
                else self.tr("Select a zone to write a note on it")
            )
        self.favourite_action.setEnabled(zone is not None)
        on = zone is not None and self.store.is_favourite(zone)
        self.favourite_action.blockSignals(True)
        self.favourite_action.setChecked(on)
        self.favourite_action.blockSignals(False)
        self.favourite_action.setText(
            self.tr("★ Favourite zone") if on else self.tr("☆ Favourite zone")
        )

    def set_favourite(self, on: bool) -> None:
        if self.zone_id is None:
            return
        with self.writing():
            self.store.set_favourite(self.zone_id, on)
        self.follow_state()
        self.publish_mine()

    def publish_mine(self) -> None:
        """The zones with a note or a star, for the map's and the lists' small mark."""
        self.ctx.state.set_mine(frozenset(self.store.favourite_zones) | frozenset(self.store.notes))

    def fill_favourites(self) -> None:
        self.favourites_menu.clear()
        atlas = self.ctx.atlas
        zones = [z for z in self.store.favourite_zones if z in atlas.zones]
        if not zones:
            self.favourites_menu.addAction(self.tr("(none yet: Ctrl+D stars a zone)")).setEnabled(
                False
            )
        for zid in zones:
            self.favourites_menu.addAction(
                menu_text(labels.zone_line(atlas, zid))
            ).triggered.connect(lambda _=False, zid=zid: self.ctx.state.select_zone(zid))

    # ---- notes --------------------------------------------------------------------------
    def _note_edited(self) -> None:
        if self.zone_id is not None:
            self.timer.start()
            self.note_dirty = True

    def _note_left(self) -> None:
        """The note field left after typing: saved now, and said (with the file)."""
        if not self.note_dirty:
            return
        self.save_note()
        self.note_dirty = False
        self.tell_saved(self.tr("Note saved"))

    def save_note(self) -> None:
        self.timer.stop()
        if self.zone_id is not None:
            with self.writing():
                self.store.set_note(self.zone_id, self.notes.toPlainText())
            self.publish_mine()

    # ---- journal ------------------------------------------------------------------------
    def open_journal(self) -> JournalDialog:
        if self.journal_dialog is None:
            from reflexmap.qt.userdata.journal import JournalDialog

            self.journal_dialog = JournalDialog(self)
        self.journal_dialog.refresh()
        self.journal_dialog.show()
        self.journal_dialog.raise_()
        return self.journal_dialog

    def log_session(self, sequence_id: str, duration_s: float) -> QWidget:
        """After a routine: the session being recorded takes the routine and its length;
        otherwise a new journal entry for the current person."""
        self.practice.remember_safety()
        if self.practice.session is not None:
            dialog = self.practice.finish(sequence_id, duration_s)
            if dialog is not None:
                return dialog
        seq = self.ctx.atlas.sequences.get(sequence_id)
        from reflexmap.qt.userdata.journal import SessionDialog

        dialog = SessionDialog(self.shell.widget(), seq.name if seq else sequence_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            with self.writing():
                self.store.add_entry(
                    sequence_id,
                    duration_s,
                    tension_before=dialog.rating(dialog.before),
                    tension_after=dialog.rating(dialog.after),
                    note=dialog.note.toPlainText().strip(),
                    person_id=self.practice.person_id,
                )
            if self.journal_dialog is not None:
                self.journal_dialog.refresh()
            self.tell_saved(self.tr("Session logged in your journal"))

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    # ---- content packs ------------------------------------------------------------------
    def choose_pack(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.shell.widget(), self.tr("Open a content pack folder")
        )
        if folder:
            self.open_pack(Path(folder))

    def open_pack(self, folder: Path) -> PackLoad:
        """A pack opens in a new window (a chart variant); this window stays as it was.

        The validation runs in a child process (`pack_process`: Cancel kills it, its
        memory is capped) behind a progress dialog with Cancel; the returned handle's
        `done` signal (or `wait()`) gives the new window, or None when the pack had
        problems (shown in a box) or the user cancelled."""
        from reflexmap.core import pack_process

        def opened(atlas: Atlas) -> QWidget | None:
            return self.ctx.open_window(
                atlas, self.tr("reflexmap: content pack {0}").format(folder.name)
            )

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ContentError):
                raise exc  # a bug, not a bad pack: to the app's exception hook as before
            self.show_problems(folder, [str(p) for p in exc.problems])

        from reflexmap.qt.userdata.pack_load import PackLoad

        return PackLoad(self.shell.widget(), folder, pack_process.load_in_child, opened, failed)

    def show_problems(self, folder: Path, problems: list[str]) -> QMessageBox:
        count = len(problems)  # a plain name: lupdate takes no expression as trn's count
        return message(
            self.shell.widget(),
            QMessageBox.Icon.Warning,
            self.tr("Content pack not loaded"),
            trn(
                "UserData",
                "{0} has %n problem; nothing was loaded:",
                "{0} has %n problems; nothing was loaded:",
                count,
            ).format(folder),
            "\n".join(problems[:15]),
            "\n".join(problems),
            name="packProblems",
        )

    # ---- errors -------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            self.last_error = str(exc.strerror or exc)
        except ValueError:  # a limit the record checks: the text is kept in the box, not saved
            self.last_error = self.tr(
                "a note holds at most {0} characters, a session note {1}"
            ).format(NOTE_LIMIT, SESSION_NOTE_LIMIT)
            self.show_banner(
                self.tr("Not saved: {0}. Shorten it to save it.").format(self.last_error)
            )
            return
        self.update_banner()

    def tell_saved(self, what: str) -> None:
        """Shown and said once a save is on disk: `what`, with the file it went to. A
        failed save says nothing here: its banner is shown and said (show_banner)."""
        if self.store.has_pending() or not self.banner.isHidden() or not self.store.writable:
            return
        self.shell.show_status(
            self.tr("{0} ({1}).").format(what, self.store.db_path), 8000, say=True
        )

    def update_banner(self) -> None:
        """Shown while the store holds changes not on disk; retried until they are."""
        if self.store.has_pending():
            self.show_banner(
                self.tr(
                    "Your changes are not saved yet ({0}). reflexmap keeps "
                    "trying every {1} seconds; do not close it until this "
                    "message goes away."
                ).format(self.last_error or "?", RETRY_MS // 1000)
            )
            if not self.retry_timer.isActive():
                self.retry_timer.start()
        else:
            self.retry_timer.stop()
            if not self.banner.isHidden():
                self.banner.hide()
                self.shell.show_status(self.tr("Your changes are saved."), 4000, say=True)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()
        self.shell.show_status(text, 0, say=True)

    def retry(self) -> bool:
        """Write the pending changes again; True when nothing is pending."""
        ok = self.store.retry_pending()
        if not ok:
            self.last_error = self.last_error or self.tr("the disk refused the write")
        self.update_banner()
        return ok

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Closing with unsaved user data: try once more, then ask; never lose silently.
        Leaving the note field (not the window, not for a menu) saves and says it."""
        if obj is self.notes and event.type() == QEvent.Type.FocusOut:
            assert isinstance(event, QFocusEvent)
            if event.reason() not in (
                Qt.FocusReason.ActiveWindowFocusReason,
                Qt.FocusReason.PopupFocusReason,
                Qt.FocusReason.MenuBarFocusReason,
            ):
                self._note_left()
            return False
        if obj is self.shell.widget() and event.type() == QEvent.Type.Close:
            self.save_note()
            if self.store.has_pending() and not self.retry() and not self.confirm_discard():
                event.ignore()
                return True
        return False

    def confirm_discard(self) -> bool:
        """Ask before closing with changes that could not be written; True: close."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Unsaved changes"),
            self.tr(
                "Some of your changes could not be saved ({0}). If you "
                "close now they are lost. Free some disk space and "
                "choose Cancel to keep trying."
            ).format(self.last_error),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self.shell.widget(),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("unsavedOnClose")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Discard

    def warn(self, text: str) -> None:
        """A one-off failure (a CSV export): nothing stays pending, so no banner."""
        self.shell.show_status(text, 10_000)

    def tell_recovered(self, messages: list[str]) -> QMessageBox:
        return message(
            self.shell.widget(),
            QMessageBox.Icon.Warning,
            self.tr("Some of your data needs your attention"),
            self.tr(
                "reflexmap could not read or save all of your data. Nothing that could be "
                "kept was lost; what happened:"
            ),
            "\n\n".join(messages),
            name="userDataRecovered",
        )


def install(ctx: AppContext, shell: Shell) -> UserData:
    return UserData(ctx, shell)
