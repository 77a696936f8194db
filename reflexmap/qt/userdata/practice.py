"""The practice journal on the map: whose feet (people), recording what was felt in a
session (marks 0-3 set with the keys on a clicked or focused zone, during a routine or
after it), and the history (a heat tint over a date range, each zone's trend on its card,
the sessions list and two sessions compared).

Everything is read from and written to `UserStore`; what is laid over the map goes
through `UiState.set_marks`, so the one paint routine draws it (screen and paper).
Marks record what was felt, never what it means (reference: reflexology-chart.md §6).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from datetime import time as dtime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.present import labels
from reflexmap.core.present.i18n import trn
from reflexmap.core.user_store import (
    FREE_SESSION,
    MARK_NOTE_LIMIT,
    ME,
    TEXTURE_LIMIT,
    TEXTURE_WORDS,
    JournalEntry,
    Mark,
    Person,
    TrendPoint,
)
from reflexmap.qt.state import MarkLayer, heat_layer
from reflexmap.qt.text import plain_label

if TYPE_CHECKING:
    from reflexmap.qt.userdata.user_data import UserData


def tenderness_words() -> list[str]:
    return [
        QCoreApplication.translate("Practice", "none"),
        QCoreApplication.translate("Practice", "slight"),
        QCoreApplication.translate("Practice", "moderate"),
        QCoreApplication.translate("Practice", "marked"),
    ]


def _new_id() -> str:
    import uuid  # when a session starts, not at start-up (uuid loads platform)

    return uuid.uuid4().hex


class Practice(QObject):
    """People, the session being recorded, and what the map shows of them."""

    def __init__(self, feature: UserData) -> None:
        super().__init__(feature)
        self.feature = feature
        self.ctx = feature.ctx
        self.store = feature.store
        shell = feature.shell
        saved = self.ctx.settings.value("practice/person", ME)
        try:
            self.person_id = int(str(saved))
        except (TypeError, ValueError):
            self.person_id = ME
        if self.store.person(self.person_id) is None:
            self.person_id = ME
        self.session: JournalEntry | None = None
        self.started = 0.0
        self.heat_on = False
        self.heat_start: datetime | None = None
        self.heat_end: datetime | None = None
        self.history: HistoryDialog | None = None
        self.people_dialog: PeopleDialog | None = None

        self.person_box = QComboBox()
        self.person_box.setObjectName("personBox")
        self.person_box.setAccessibleName(self.tr("Person"))
        self.person_box.setToolTip(self.tr("Whose sessions are recorded and shown"))
        self.person_box.activated.connect(self._person_chosen)
        shell.add_toolbar_widget(self.person_box)

        self.record_action = QAction(self.tr("&Record a Session"), self)
        self.record_action.setObjectName("recordSession")
        self.record_action.setCheckable(True)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.record_action.setToolTip(
            self.tr("Mark what you feel on the map: click or focus a zone and press 0-3")
        )
        self.record_action.toggled.connect(self._record_toggled)
        self.history_action = QAction(self.tr("&History and Heat Map…"), self)
        self.history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.history_action.triggered.connect(self.open_history)
        self.people_action = QAction(self.tr("&People…"), self)
        self.people_action.triggered.connect(self.open_people)
        for action in (self.record_action, self.history_action, self.people_action):
            shell.add_action("data", action, "practice")
        shell.add_toolbar_action(self.record_action)

        self.shortcuts: list[QShortcut] = []
        for n in range(4):
            key = QShortcut(QKeySequence(str(n)), shell.widget())
            key.setContext(Qt.ShortcutContext.WindowShortcut)
            key.activated.connect(lambda n=n: self.mark_key(n))
            key.setEnabled(False)
            self.shortcuts.append(key)
        # The box under the card is filled the first time it has something to show (a
        # session being recorded, a zone with marks): nothing of it is built at start.
        self.box = QGroupBox(self.tr("Your record"))
        self.box.setObjectName("practiceBox")
        self.box.setAccessibleName(self.tr("Your record"))
        self.box.hide()
        self.built = False
        shell.place("details", self.box)
        state = self.ctx.state
        state.selected_changed.connect(self.follow)
        state.focus_changed.connect(self._focus_moved)
        self.refresh_people()
        self.follow()

    # ---- the box under the card ---------------------------------------------------------
    def _build_box(self) -> None:
        self.built = True
        layout = QVBoxLayout(self.box)
        self.status = plain_label(name="practiceStatus", wrap=True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.tender_group = QButtonGroup(self.box)
        self.tender_group.setExclusive(True)
        for n, word in enumerate(tenderness_words()):
            button = QToolButton()
            button.setObjectName(f"tenderness{n}")
            button.setText(str(n))
            button.setCheckable(True)
            button.setToolTip(self.tr("Tenderness {0}: {1} (key {0})").format(n, word))
            button.setAccessibleName(self.tr("Tenderness {0}, {1}").format(n, word))
            self.tender_group.addButton(button, n)
            row.addWidget(button)
        self.tender_group.idClicked.connect(self.mark_key)
        row.addStretch(1)
        self.finish_button = QPushButton(self.tr("&Finish session…"))
        self.finish_button.setObjectName("finishSession")
        self.finish_button.clicked.connect(lambda: self.record_action.setChecked(False))
        row.addWidget(self.finish_button)
        self.mark_row = QWidget()
        self.mark_row.setLayout(row)
        layout.addWidget(self.mark_row)
        grid = QGridLayout()
        self.texture_boxes: dict[str, QCheckBox] = {}
        for i, word in enumerate(TEXTURE_WORDS):
            check = QCheckBox(QCoreApplication.translate("Practice", TEXTURE_WORDS[i]))
            check.setObjectName(f"texture_{word}")
            check.toggled.connect(self._texture_changed)
            grid.addWidget(check, i // 4, i % 4)
            self.texture_boxes[word] = check
        self.texture_row = QWidget()
        self.texture_row.setLayout(grid)
        layout.addWidget(self.texture_row)
        self.mark_note = QLineEdit()
        self.mark_note.setObjectName("markNote")
        self.mark_note.setMaxLength(MARK_NOTE_LIMIT)
        self.mark_note.setPlaceholderText(self.tr("What you felt here (optional)"))
        self.mark_note.setAccessibleName(self.tr("Note on this mark"))
        self.mark_note.editingFinished.connect(self._note_changed)
        layout.addWidget(self.mark_note)
        self.felt = plain_label(
            self.tr(
                "Marks record what was felt, not what it means: a tender zone is not a "
                "finding about the organ the chart links it to."
            ),
            name="feltNotMeant",
            wrap=True,
        )
        layout.addWidget(self.felt)
        self.trend = TrendPlot()
        layout.addWidget(self.trend)

    def _fit_box(self) -> None:
        """Shown after the start, the box would get an even share of the details column:
        it takes the height it needs, from the card above."""
        split = self.box.parentWidget()
        if not isinstance(split, QSplitter):
            return
        sizes = split.sizes()
        i = split.indexOf(self.box)
        want = min(max(self.box.sizeHint().height(), 120), 300)
        if i <= 0 or not sum(sizes):
            return
        sizes[0] += sizes[i] - want
        sizes[i] = want
        split.setSizes(sizes)

    def _focus_moved(self) -> None:
        """The focus names the zone only while recording (`zone`): otherwise an arrow key
        on the map asked the journal for a trend that could not change."""
        if self.session is not None:
            self.follow()

    def zone(self) -> str | None:
        """The zone of the card; while recording, the focused one when none is selected
        (the keys mark it)."""
        state = self.ctx.state
        return state.selected or (state.focus if self.session is not None else None)

    def target_zones(self) -> list[str]:
        """What a key press marks: the focused zone, else the selected one, else (during a
        routine) the zones the current step works on the view shown."""
        state = self.ctx.state
        zone = state.focus or state.selected
        if zone is not None:
            return [zone]
        if state.overlay is not None:
            atlas = self.ctx.atlas
            return sorted(z for z in state.overlay.zones if z in atlas.zones and state.on_view(z))
        return []

    def follow(self) -> None:
        """The box for the zone of the card, and the trend of that zone."""
        zone = self.zone()
        recording = self.session is not None
        points = self.store.trend(self.person_id, zone) if zone else []
        if not (recording or points):
            self.box.hide()
            return
        if not self.built:
            self._build_box()
        if self.box.isHidden():
            self.box.show()
            self._fit_box()
        person = self.store.person(self.person_id)
        name = person.name if person else "?"
        atlas = self.ctx.atlas
        zone_name = labels.zone_entry(atlas, zone) if zone in atlas.zones else ""
        mark = self.store.marks(self.session.id).get(zone or "") if self.session else None
        if recording and zone:
            self.status.setText(
                self.tr("Recording a session for {0}. {1}: press 0-3 to mark it.").format(
                    name, zone_name
                )
            )
        elif recording:
            self.status.setText(
                self.tr("Recording a session for {0}: click a zone, then press 0-3.").format(name)
            )
        else:
            self.status.setText(
                self.tr("Sessions of {0}. Data > Record a Session marks what you feel.").format(
                    name
                )
            )
        for widget in (self.mark_row, self.texture_row, self.mark_note):
            widget.setVisible(recording)
        self.finish_button.setEnabled(recording)
        editable = recording and mark is not None
        self.texture_row.setEnabled(editable)
        self.mark_note.setEnabled(editable)
        for widget in (*self.texture_boxes.values(), self.mark_note):
            widget.blockSignals(True)
        self.tender_group.setExclusive(False)
        for button in self.tender_group.buttons():
            button.setChecked(mark is not None and self.tender_group.id(button) == mark.tenderness)
            button.setEnabled(recording and bool(zone))
        self.tender_group.setExclusive(True)
        for word, check in self.texture_boxes.items():
            check.setChecked(mark is not None and word in mark.texture)
        self.mark_note.setText(mark.note if mark else "")
        for widget in (*self.texture_boxes.values(), self.mark_note):
            widget.blockSignals(False)
        self.trend.set_points(points, zone_name)
        self.felt.setVisible(mark is not None or bool(points))

    # ---- people ---------------------------------------------------------------------------
    def refresh_people(self) -> None:
        self.person_box.blockSignals(True)
        self.person_box.clear()
        for person in self.store.people:
            if person.archived and person.id != self.person_id:
                continue
            self.person_box.addItem(person.name, person.id)
        self.person_box.setCurrentIndex(max(0, self.person_box.findData(self.person_id)))
        self.person_box.blockSignals(False)

    def _person_chosen(self, index: int) -> None:
        self.set_person(int(self.person_box.itemData(index)))

    def set_person(self, person_id: int) -> None:
        if self.store.person(person_id) is None:
            person_id = ME
        self.person_id = person_id
        self.ctx.settings.setValue("practice/person", person_id)
        self.refresh_people()
        self.show_layer()
        self.follow()
        if self.history is not None:
            self.history.refresh()

    def open_people(self) -> PeopleDialog:
        if self.people_dialog is None:
            self.people_dialog = PeopleDialog(self)
        self.people_dialog.refresh()
        self.people_dialog.show()
        self.people_dialog.raise_()
        return self.people_dialog

    def remember_safety(self) -> None:
        """After a routine: the safety answers the check remembered (`AppState`, read
        with its guards) are kept with the person, dated: the ids of this content's rules
        only (a hand-edited setting holds anything). Nothing readable: nothing kept."""
        ticked = self.ctx.app.safety_answers
        if ticked is None:
            return
        person = self.store.person(self.person_id)
        answers = dict.fromkeys(sorted(t for t in ticked if t in self.ctx.atlas.safety), True)
        if person is not None and person.safety_answers != answers:
            with self.feature.writing():
                self.store.set_safety_answers(self.person_id, answers)

    # ---- recording ------------------------------------------------------------------------
    def _record_toggled(self, on: bool) -> None:
        if on and self.session is None:
            self.start()
        elif not on and self.session is not None:
            self.finish()

    def start(self, sequence_id: str = FREE_SESSION) -> JournalEntry:
        entry = JournalEntry(
            id=_new_id(),
            date=datetime.now(UTC).replace(microsecond=0),
            sequence_id=sequence_id,
            duration_s=0,
            person_id=self.person_id,
        )
        with self.feature.writing():
            self.store.restore_entry(entry)
        self.session = entry
        self.started = time.monotonic()
        for key in self.shortcuts:
            key.setEnabled(True)
        self.person_box.setEnabled(False)
        self.record_action.blockSignals(True)
        self.record_action.setChecked(True)
        self.record_action.blockSignals(False)
        self.show_layer()
        self.follow()
        self.feature.shell.show_status(
            self.tr("Recording: click or focus a zone and press 0 (none) to 3 (marked)."), 8000
        )
        return entry

    def finish(
        self, sequence_id: str | None = None, duration_s: float | None = None
    ) -> QDialog | None:
        """Stop recording; ask tension before/after and a note (as a logged routine)."""
        entry = self.session
        if entry is None:
            return None
        self.session = None
        for key in self.shortcuts:
            key.setEnabled(False)
        self.person_box.setEnabled(True)
        self.record_action.blockSignals(True)
        self.record_action.setChecked(False)
        self.record_action.blockSignals(False)
        entry = replace(
            entry,
            sequence_id=sequence_id or entry.sequence_id,
            duration_s=round(
                duration_s if duration_s is not None else time.monotonic() - self.started
            ),
        )
        from reflexmap.qt.userdata.journal import SessionDialog

        seq = self.ctx.atlas.sequences.get(entry.sequence_id)
        title = seq.name if seq else self.tr("free session")
        dialog = SessionDialog(self.feature.shell.widget(), title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        marked = bool(self.store.marks(entry.id))

        def save() -> None:
            with self.feature.writing():
                self.store.update_entry(
                    replace(
                        entry,
                        tension_before=dialog.rating(dialog.before),
                        tension_after=dialog.rating(dialog.after),
                        note=dialog.note.toPlainText().strip()[:20_000],
                    )
                )
            self._after_change()
            self.feature.tell_saved(self.tr("Session logged in your journal"))

        def dropped() -> None:
            with self.feature.writing():
                if marked:
                    self.store.update_entry(entry)
                else:  # nothing marked, nothing said: no empty session in the journal
                    self.store.delete_entry(entry.id)
            self._after_change()

        dialog.accepted.connect(save)
        dialog.rejected.connect(dropped)
        dialog.open()
        self.show_layer()
        self.follow()
        return dialog

    def _after_change(self) -> None:
        self.show_layer()
        self.follow()
        if self.history is not None:
            self.history.refresh()
        if self.feature.journal_dialog is not None:
            self.feature.journal_dialog.refresh()

    def mark_key(self, n: int, announce: bool = True) -> str:
        """Tenderness `n` on the zones a key marks; what it did, or why not ("" when not
        recording), shown and said unless the caller does (voice control)."""
        if self.session is None:
            return ""
        zones = self.target_zones()
        if not zones:
            words = self.tr("Click or focus a zone first.")
            if announce:
                self.feature.shell.show_status(words, 5000, say=True)
            return words
        marks = self.store.marks(self.session.id)
        with self.feature.writing():
            for zone in zones:
                old = marks.get(zone)
                self.store.set_mark(
                    self.session.id,
                    Mark(
                        zone_id=zone,
                        tenderness=n,
                        texture=old.texture if old else (),
                        note=old.note if old else "",
                    ),
                )
        names = ", ".join(labels.zone_entry(self.ctx.atlas, z) for z in zones[:3])
        words = self.tr("{0}: tenderness {1} ({2})").format(names, n, tenderness_words()[n])
        if announce:
            self.feature.shell.show_status(words, 5000, say=True)
        self.show_layer()
        self.follow()
        return words

    # ---- voice control (ctx.marks) -------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self.session is not None

    def mark_by_voice(self, tenderness: int | None = None, texture: str | None = None) -> str:
        """A spoken mark, on the zones a key press would mark; says what it did, or why not."""
        if self.session is None:
            return self.tr("Not recording: start Record a Session to mark by voice.")
        if tenderness is not None:
            return self.mark_key(tenderness, announce=False)  # the player says it
        zones = self.target_zones()
        if not zones:
            return self.tr("Click or focus a zone first.")
        names = ", ".join(labels.zone_entry(self.ctx.atlas, z) for z in zones[:3])
        marks = self.store.marks(self.session.id)
        if texture is None or any(zone not in marks for zone in zones):
            return self.tr(
                "{0}: say its tenderness first (“tender zero” to “tender three”)."
            ).format(names)
        with self.feature.writing():
            for zone in zones:
                old = marks[zone]
                if texture not in old.texture and len(old.texture) < TEXTURE_LIMIT:
                    self.store.set_mark(
                        self.session.id, replace(old, texture=(*old.texture, texture))
                    )
        self.show_layer()
        self.follow()
        # the word as the check boxes show it (TEXTURE_WORDS is its marked table)
        word = QCoreApplication.translate("Practice", TEXTURE_WORDS[TEXTURE_WORDS.index(texture)])
        return self.tr("{0}: {1}").format(names, word)

    def _edit_mark(self, **changes: Any) -> None:
        zone = self.zone()
        if self.session is None or not zone:
            return
        mark = self.store.marks(self.session.id).get(zone)
        if mark is None:
            return
        with self.feature.writing():
            self.store.set_mark(self.session.id, replace(mark, **changes))

    def _texture_changed(self) -> None:
        words = tuple(w for w, check in self.texture_boxes.items() if check.isChecked())
        self._edit_mark(texture=words)

    def _note_changed(self) -> None:
        self._edit_mark(note=self.mark_note.text().strip())

    # ---- what the map shows ---------------------------------------------------------------
    def show_layer(self) -> None:
        state = self.ctx.state
        person = self.store.person(self.person_id)
        name = person.name if person else ""
        if self.session is not None:
            marks = self.store.marks(self.session.id)
            state.set_marks(
                MarkLayer(
                    values={z: float(m.tenderness) for z, m in marks.items()},
                    labels={z: str(m.tenderness) for z, m in marks.items()},
                    title=self.tr("Tenderness felt in this session ({0})").format(name),
                )
            )
        elif self.heat_on:
            sessions = len(self.store.sessions(self.person_id, self.heat_start, self.heat_end))
            state.set_marks(
                heat_layer(
                    self.ctx.atlas,
                    self.store,
                    self.person_id,
                    self.heat_start,
                    self.heat_end,
                    name,
                    sessions,
                )
            )
        else:
            state.set_marks(None)

    def set_heat(
        self, on: bool, start: datetime | None = None, end: datetime | None = None
    ) -> None:
        self.heat_on, self.heat_start, self.heat_end = on, start, end
        self.show_layer()

    def open_history(self) -> HistoryDialog:
        if self.history is None:
            self.history = HistoryDialog(self)
        self.history.refresh()
        self.history.show()
        self.history.raise_()
        return self.history


class TrendPlot(QWidget):
    """A zone's tenderness in each session that marked it: dots joined by a line, 0-3 up,
    oldest left. Its accessible description reads the values out."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("zoneTrend")
        self.points: list[TrendPoint] = []
        self.setMinimumHeight(84)
        self.hide()

    def set_points(self, points: list[TrendPoint], zone_name: str) -> None:
        self.points = points
        self.setVisible(bool(points))
        self.setAccessibleName(self.tr("Tenderness of {0} over time").format(zone_name))
        self.setAccessibleDescription(
            "; ".join(
                f"{p.date.astimezone().strftime('%Y-%m-%d')}: {p.tenderness}" for p in points[-30:]
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.points:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.windowText().color()
        r = QRectF(self.rect()).adjusted(26, 16, -8, -18)
        painter.setPen(ink)
        font = painter.font()
        font.setPixelSize(11)
        painter.setFont(font)
        n = len(self.points)
        painter.drawText(
            QRectF(0, 0, self.width(), 14),
            Qt.AlignmentFlag.AlignLeft,
            trn("Practice", "Tenderness, %n session", "Tenderness, %n sessions", n),
        )
        grid = QPen(pal.mid().color())
        grid.setStyle(Qt.PenStyle.DotLine)
        for level in range(4):
            y = r.bottom() - r.height() * level / 3
            painter.setPen(grid)
            painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            painter.setPen(ink)
            painter.drawText(QRectF(0, y - 7, 20, 14), Qt.AlignmentFlag.AlignRight, str(level))
        first, last = self.points[0].date, self.points[-1].date
        painter.drawText(
            QRectF(r.left(), r.bottom() + 2, r.width(), 14),
            Qt.AlignmentFlag.AlignLeft,
            first.astimezone().strftime("%Y-%m-%d"),
        )
        if n > 1:
            painter.drawText(
                QRectF(r.left(), r.bottom() + 2, r.width(), 14),
                Qt.AlignmentFlag.AlignRight,
                last.astimezone().strftime("%Y-%m-%d"),
            )
        pts = [
            QPointF(
                r.left() + (r.width() * i / (n - 1) if n > 1 else r.width() / 2),
                r.bottom() - r.height() * p.tenderness / 3,
            )
            for i, p in enumerate(self.points)
        ]
        line = QPen(pal.highlight().color())
        line.setWidthF(2)
        painter.setPen(line)
        path = QPainterPath(pts[0])
        for pt in pts[1:]:
            path.lineTo(pt)
        painter.drawPath(path)
        painter.setBrush(pal.highlight())
        for pt in pts if n <= 60 else []:
            painter.drawEllipse(pt, 3, 3)


class PeopleDialog(QDialog):
    """Add, rename, archive and delete people; their notes, consent date and the safety
    answers remembered for them."""

    def __init__(self, practice: Practice) -> None:
        super().__init__(practice.feature.shell.widget())
        self.practice = practice
        self.store = practice.store
        self.setObjectName("peopleDialog")
        self.setWindowTitle(self.tr("People"))
        self.resize(640, 420)
        self.list = QListWidget()
        self.list.setObjectName("peopleList")
        self.list.setAccessibleName(self.tr("People"))
        self.list.currentItemChanged.connect(self.show_person)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(self.tr("&Add…"))
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.archive_button = QPushButton(self.tr("Ar&chive"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.use_button = QPushButton(self.tr("&Use for sessions"))
        for b, slot in (
            (self.add_button, self.add),
            (self.rename_button, self.rename),
            (self.archive_button, self.toggle_archive),
            (self.delete_button, self.delete),
            (self.use_button, self.use),
        ):
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab leaves the note, as everywhere else
        self.notes.setObjectName("personNotes")
        self.notes.setPlaceholderText(self.tr("Free notes (the person's own comments, …)"))
        self.consent = QCheckBox(self.tr("Consent given on"))
        self.consent_date = QDateEdit()
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat("yyyy-MM-dd")
        self.consent.toggled.connect(self.consent_date.setEnabled)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent)
        consent_row.addWidget(self.consent_date, 1)
        self.safety = plain_label(name="personSafety", wrap=True)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(self.tr("Notes:"), self.notes)
        form.addRow(consent_row)
        form.addRow(self.tr("Safety answers:"), self.safety)
        form.addRow(self.save_button)
        right = QWidget()
        right.setLayout(form)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(buttons)
        top.addWidget(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(close)

    def selected(self) -> Person | None:
        item = self.list.currentItem()
        return None if item is None else self.store.person(int(item.data(Qt.ItemDataRole.UserRole)))

    def refresh(self, select: int | None = None) -> None:
        current = select if select is not None else getattr(self.selected(), "id", None)
        self.list.clear()
        for person in self.store.people:
            label = person.name + (self.tr(" (archived)") if person.archived else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.list.addItem(item)
            if person.id == (current if current is not None else self.practice.person_id):
                self.list.setCurrentItem(item)
        self.practice.refresh_people()

    def show_person(self) -> None:
        person = self.selected()
        enabled = person is not None
        for w in (self.rename_button, self.archive_button, self.delete_button, self.save_button):
            w.setEnabled(enabled)
        if person is None:
            return
        self.archive_button.setText(
            self.tr("Un&archive") if person.archived else self.tr("Ar&chive")
        )
        self.notes.setPlainText(person.notes)
        self.consent.setChecked(person.consent_date is not None)
        self.consent_date.setEnabled(person.consent_date is not None)
        when = person.consent_date or date.today()
        self.consent_date.setDate(QDate(when.year, when.month, when.day))
        if person.safety_answers:
            ticked = [k for k, on in person.safety_answers.items() if on]
            self.safety.setText(
                self.tr("given on {0}: {1}").format(
                    person.safety_date, ", ".join(ticked) or self.tr("nothing ticked")
                )
            )
        else:
            self.safety.setText(self.tr("none remembered yet"))

    def _write(self, action: Callable[[], object]) -> bool:
        """A refused change (a name already taken, an empty one) is said here; a write
        the disk refused stays pending under the feature's banner."""
        feature = self.practice.feature
        try:
            action()
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("People"), str(exc))
            return False
        except OSError as exc:
            feature.last_error = str(exc.strerror or exc)
        feature.update_banner()
        return True

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add a person"), self.tr("Name:"))
        if ok and name.strip():
            made: list[Person] = []
            if self._write(lambda: made.append(self.store.add_person(name))):
                self.refresh(select=made[0].id if made else None)

    def rename(self) -> None:
        person = self.selected()
        if person is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Rename"), self.tr("New name:"), text=person.name
        )
        if (
            ok
            and name.strip()
            and self._write(lambda: self.store.update_person(replace(person, name=name.strip())))
        ):
            self.refresh()

    def toggle_archive(self) -> None:
        person = self.selected()
        if person is not None and self._write(
            lambda: self.store.update_person(replace(person, archived=not person.archived))
        ):
            self.refresh()

    def save(self) -> None:
        person = self.selected()
        if person is None:
            return
        qd = self.consent_date.date()
        consent = date(qd.year(), qd.month(), qd.day()) if self.consent.isChecked() else None
        if self._write(
            lambda: self.store.update_person(
                replace(person, notes=self.notes.toPlainText(), consent_date=consent)
            )
        ):
            self.practice.feature.shell.show_status(self.tr("Saved."), 3000, say=True)

    def delete(self) -> None:
        person = self.selected()
        if person is None:
            return
        count = len(self.store.sessions(person.id))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete a person"),
            trn(
                "Practice",
                "Delete {0} and their %n session, marks and notes for ever? "
                "Nothing of them stays in the data file.",
                "Delete {0} and their %n sessions, marks and notes for ever? "
                "Nothing of them stays in the data file.",
                count,
            ).format(person.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("confirmDeletePerson")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        if self._write(lambda: self.store.delete_person(person.id)):
            if self.practice.person_id == person.id:
                self.practice.set_person(ME)
            self.refresh()

    def use(self) -> None:
        person = self.selected()
        if person is not None and self.practice.session is None:
            self.practice.set_person(person.id)


class HistoryDialog(QDialog):
    """A person's sessions over a range: the heat on the map, the list, two compared."""

    def __init__(self, practice: Practice) -> None:
        super().__init__(practice.feature.shell.widget())
        self.practice = practice
        self.store = practice.store
        self.ready = False  # the date edits signal while they are being set up
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History"))
        self.resize(720, 520)
        self.heat = QCheckBox(self.tr("Show the &heat on the map"))
        self.heat.setObjectName("showHeat")
        self.heat.toggled.connect(self.apply)
        self.all_dates = QCheckBox(self.tr("&All dates"))
        self.all_dates.setChecked(True)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply)
        for edit in (self.start, self.end):
            self.all_dates.toggled.connect(lambda on, e=edit: e.setEnabled(not on))
        self.all_dates.toggled.connect(self.apply)
        today = QDate.currentDate()
        self.start.setDate(today.addYears(-1))
        self.end.setDate(today)
        top = QHBoxLayout()
        self.who = plain_label(name="historyPerson")
        top.addWidget(self.who)
        top.addWidget(self.all_dates)
        top.addWidget(plain_label(self.tr("from")))
        top.addWidget(self.start)
        top.addWidget(plain_label(self.tr("to")))
        top.addWidget(self.end)
        top.addStretch(1)
        top.addWidget(self.heat)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("sessionsTable")
        self.table.setAccessibleName(self.tr("Sessions"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Routine"),
                self.tr("Marks"),
                self.tr("Before"),
                self.tr("After"),
                self.tr("Note"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self.compare_selected)
        self.compare = QTableWidget(0, 4)
        self.compare.setObjectName("compareTable")
        self.compare.setAccessibleName(self.tr("Two sessions compared"))
        self.compare.horizontalHeader().setStretchLastSection(True)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare_hint = plain_label(
            self.tr("Select two sessions (Ctrl+click) to compare them zone by zone."),
            name="compareHint",
            wrap=True,
        )
        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.compare_hint)
        lower_box.addWidget(self.compare)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(split, 1)
        box.addWidget(close)
        self.sessions: list[JournalEntry] = []
        self.ready = True

    def range(self) -> tuple[datetime | None, datetime | None]:
        if self.all_dates.isChecked():
            return None, None
        s, e = self.start.date(), self.end.date()
        return (
            datetime.combine(date(s.year(), s.month(), s.day()), dtime.min, UTC),
            datetime.combine(date(e.year(), e.month(), e.day()), dtime.max, UTC),
        )

    def apply(self) -> None:
        if not self.ready:
            return
        start, end = self.range()
        self.practice.set_heat(self.heat.isChecked(), start, end)
        self.refresh()

    def refresh(self) -> None:
        if not self.ready:
            return
        practice = self.practice
        person = self.store.person(practice.person_id)
        self.who.setText(person.name if person else "")
        start, end = self.range()
        self.sessions = list(reversed(self.store.sessions(practice.person_id, start, end)))
        names = {s.id: s.name for s in practice.ctx.atlas.sequences.values()}
        self.table.setRowCount(len(self.sessions))
        for row, e in enumerate(self.sessions):
            count = len(self.store.marks(e.id))
            for col, value in enumerate(
                [
                    e.date.astimezone().strftime("%Y-%m-%d %H:%M"),
                    names.get(e.sequence_id, self.tr("free session")),
                    str(count),
                    "" if e.tension_before is None else str(e.tension_before),
                    "" if e.tension_after is None else str(e.tension_after),
                    e.note,
                ]
            ):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.compare_selected()

    def compare_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if len(rows) != 2:
            self.compare.setRowCount(0)
            self.compare.hide()
            self.compare_hint.show()
            return
        newer, older = self.sessions[rows[0]], self.sessions[rows[1]]
        a, b = self.store.marks(older.id), self.store.marks(newer.id)
        atlas = self.practice.ctx.atlas
        self.compare.setHorizontalHeaderLabels(
            [
                self.tr("Zone"),
                older.date.astimezone().strftime("%Y-%m-%d"),
                newer.date.astimezone().strftime("%Y-%m-%d"),
                self.tr("Change"),
            ]
        )

        def name(zone: str) -> str:  # the side too: a zone and its mirror read apart
            return labels.zone_line(atlas, zone) if zone in atlas.zones else zone

        zones = sorted(set(a) | set(b), key=name)
        self.compare.setRowCount(len(zones))
        for row, zone in enumerate(zones):
            ta = a[zone].tenderness if zone in a else None
            tb = b[zone].tenderness if zone in b else None
            change = "" if ta is None or tb is None else f"{tb - ta:+d}"
            for col, value in enumerate(
                [
                    name(zone),
                    "" if ta is None else str(ta),
                    "" if tb is None else str(tb),
                    change,
                ]
            ):
                self.compare.setItem(row, col, QTableWidgetItem(value))
        self.compare_hint.hide()
        self.compare.show()
