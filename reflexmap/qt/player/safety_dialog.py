"""The safety check shown before a routine's first run (and from Routines → Safety check…).

The questions come from the content's safety rules (`reflexmap.core.safety_check`) and
their words from `reflexmap.core.present.safety`; nothing is hard-coded here. Answers are
remembered only when the user asks for it, by the app-level state (`AppState`, kept
in the settings under ``safety/answers``).

Layout (top to bottom, nothing drawn over anything else): the title; one scroll area that
never scrolls sideways, holding the intro, the questions (each follow-up under its
parent, shown once the parent is ticked) and the reminders; the verdict in its own
scroll area, so it is never clipped however small the window gets; the doctor
acknowledgement; "remember"; the buttons, Start the default (Enter starts).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QGuiApplication,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.atlas import Atlas
from reflexmap.core.practice import Who, who_of
from reflexmap.core.present import rich, routine, safety
from reflexmap.core.records import Sequence
from reflexmap.core.safety_check import (
    Checklist,
    Verdict,
    build_checklist,
    evaluate,
    with_parents,
)
from reflexmap.qt import notice
from reflexmap.qt.app_state import AppState
from reflexmap.qt.player.wrapping_checkbox import WrappingCheckBox
from reflexmap.qt.text import plain_label, set_tooltip

VERDICT_SHARE = 0.4  # of the room it shares with the questions, before it scrolls
FOLLOW_UP_INDENT = 28  # px: a follow-up sits under its parent's text


class VerdictArea(QScrollArea):
    """The verdict's own scroll area: as tall as the verdict, up to a share of the
    dialog; beyond that it scrolls, so the verdict is never cut off."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        self.cap = 240
        self.setObjectName("safetyVerdictArea")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def _content_height(self) -> int:
        width = self.viewport().width()
        if width <= 1:
            width = self.label.sizeHint().width()
        return self.label.heightForWidth(width) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), min(self._content_height(), self.cap))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        lines = 3 * self.fontMetrics().lineSpacing()
        return QSize(super().minimumSizeHint().width(), min(self._content_height(), lines))


class SafetyDialog(QDialog):
    note_requested = Signal(str)  # a disagreement note's id: the window opens its page
    who_changed = Signal(str)  # the other answer to "whose feet?": the panel asks again

    def __init__(
        self,
        atlas: Atlas,
        sequence: Sequence,
        app: AppState,
        parent: QWidget | None = None,
        *,
        starting: bool = True,
        who_asked: bool = True,
    ) -> None:
        super().__init__(parent)
        self.replaced = False  # closed to be asked again for the other feet
        self.setObjectName("safetyCheck")
        self.setWindowTitle(self.tr("Safety check"))
        self.setAccessibleName(self.tr("Safety check before the routine"))
        self.setSizeGripEnabled(True)
        self.atlas = atlas
        self.sequence = sequence
        self.app = app
        self.starting = starting
        self.checklist: Checklist = build_checklist(atlas, sequence)
        self.last_announcement = ""
        self.available: QSize | None = None  # the screen's free area; None: ask the screen
        remembered = app.safety_answers
        if remembered is not None:  # a remembered follow-up brings its question with it
            remembered = frozenset(with_parents(self.checklist, remembered))

        layout = QVBoxLayout(self)
        title = plain_label(
            self.tr("Before you start: {0}").format(sequence.name), name="safetyTitle", wrap=True
        )
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self._who_box(who_of(sequence), who_asked))

        # The questions and the reminders scroll, never sideways: the content is as wide
        # as the viewport, and every text in it wraps.
        content = QWidget()
        content.setObjectName("safetyQuestions")
        qbox = QVBoxLayout(content)
        qbox.addWidget(plain_label(safety.intro_text(sequence), name="safetyIntro", wrap=True))
        self.boxes: dict[str, QCheckBox] = {}
        for rule in self.checklist.questions:
            box = WrappingCheckBox(self.checklist.text(rule))
            box.setObjectName(f"safety_{rule.id}")
            set_tooltip(box, safety.question_help(self.checklist, rule))
            if rule.follows is not None:
                box.setContentsMargins(FOLLOW_UP_INDENT, 0, 0, 0)
            box.setChecked(bool(remembered and rule.id in remembered))
            box.toggled.connect(self._update)
            qbox.addWidget(box)
            self.boxes[rule.id] = box
        if not self.checklist.questions:
            qbox.addWidget(plain_label(self.tr("No questions apply to this routine."), wrap=True))
        if self.checklist.reminders:
            group = QGroupBox(self.tr("Whatever your answers"))
            group.setObjectName("safetyReminders")
            rbox = QVBoxLayout(group)
            for rule in self.checklist.reminders:
                label = plain_label("• " + self.checklist.text(rule), wrap=True)
                set_tooltip(label, rule.explanation)
                rbox.addWidget(label)
            qbox.addWidget(group)
        notes = routine.routine_notes(atlas, sequence)
        if notes:  # the disagreements behind the questions, the steps and the routine
            group = QGroupBox(self.tr("Where the sources disagree"))
            group.setObjectName("safetyNotes")
            nbox = QVBoxLayout(group)
            self.notes_label = QLabel(rich.note_links_html(notes))
            self.notes_label.setObjectName("safetyNoteLinks")
            self.notes_label.setTextFormat(Qt.TextFormat.RichText)
            self.notes_label.setWordWrap(True)
            self.notes_label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            self.notes_label.linkActivated.connect(self._open_note)
            nbox.addWidget(self.notes_label)
            qbox.addWidget(group)
        qbox.addStretch(1)
        self.questions_area = QScrollArea()
        self.questions_area.setObjectName("safetyQuestionArea")
        self.questions_area.setWidgetResizable(True)
        self.questions_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.questions_area.setWidget(content)
        self.questions_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its boxes take it
        self.questions_area.setMinimumHeight(4 * self.fontMetrics().lineSpacing())
        layout.addWidget(self.questions_area, 1)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("safetyVerdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # no accessible name: it would hide the verdict's own words (the heading above
        # names it; the verdict itself is the label's text and its description)
        self.verdict_label.setMargin(4)
        # reachable by Tab after the questions, read-only: a screen reader reads it there
        self.verdict_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.verdict_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # after the flags
        self.verdict_area = VerdictArea(self.verdict_label)
        heading = plain_label(self.tr("What your answers mean"), name="safetyVerdictHeading")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        heading.setBuddy(self.verdict_area)
        layout.addWidget(heading)
        layout.addWidget(self.verdict_area)

        self.acknowledge = WrappingCheckBox(safety.acknowledge_text(sequence))
        self.acknowledge.setObjectName("safetyAcknowledge")
        self.acknowledge.toggled.connect(self._update)
        layout.addWidget(self.acknowledge)
        self.remember = WrappingCheckBox(self.tr("Remember my answers on this computer"))
        self.remember.setObjectName("safetyRemember")
        self.remember.setChecked(remembered is not None)
        layout.addWidget(self.remember)

        self.buttons = QDialogButtonBox()
        self.start_button = QPushButton(self.tr("Start") if starting else self.tr("Save"))
        self.start_button.setObjectName("safetyStart")
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("safetyCancel")
        # Enter starts. A button that is autoDefault becomes the default while it has the
        # focus, and QDialogButtonBox made Cancel the default when Start was set before it
        # joined the dialog: so Start is made default here, once it is in, and no other
        # button takes Enter over.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._dim_disabled()
        self._update()
        self.resize(self._preferred_size())

    def _open_note(self, link: str) -> None:
        scheme, _, ident = link.partition(":")
        if scheme == "note":
            self.note_requested.emit(ident)

    # ---- answers -----------------------------------------------------------------------
    def ticked(self) -> set[str]:
        """The ticked questions; a follow-up counts only while its parent is ticked."""
        rules = {r.id: r for r in self.checklist.questions}

        def parent_ticked(rid: str) -> bool:
            follows = rules[rid].follows
            return follows is None or self.boxes[follows].isChecked()

        return {rid for rid, box in self.boxes.items() if box.isChecked() and parent_ticked(rid)}

    def _who_box(self, who: Who, asked: bool) -> QGroupBox:
        """Whose feet: the questions, the verdict and the steps are worded for them."""
        group = QGroupBox(
            self.tr("Whose feet?")
            if asked
            else self.tr("Whose feet? (asked once, remembered; change it any time)")
        )
        group.setObjectName("safetyWho")
        row = QHBoxLayout(group)
        self.who_buttons: dict[str, QRadioButton] = {}
        for value, text in (
            ("self", self.tr("I massage my &own feet")),
            ("partner", self.tr("I massage someone &else")),
        ):
            button = QRadioButton(text)
            button.setObjectName("whoSelf" if value == "self" else "whoPartner")
            button.setChecked(value == who)
            button.toggled.connect(
                lambda on, v=value: self.who_changed.emit(v) if on and v != who else None
            )
            row.addWidget(button)
            self.who_buttons[value] = button
        row.addStretch(1)
        return group

    def verdict(self) -> Verdict:
        return evaluate(self.checklist, self.ticked())

    def _update(self) -> None:
        for rule in self.checklist.questions:
            if rule.follows is None:
                continue
            parent = self.boxes[rule.follows].isChecked()
            box = self.boxes[rule.id]
            box.setVisible(parent)
            box.setEnabled(parent)
            if not parent:
                box.setChecked(False)  # an answer to a question no longer asked
        verdict = self.verdict()
        self.acknowledge.setVisible(verdict.needs_acknowledgement)
        self._show_verdict(verdict)
        ok = verdict.can_start(self.acknowledge.isChecked())
        self.start_button.setEnabled(ok or not self.starting)
        if self.starting and verdict.partly_blocked:
            self.start_button.setText(self.tr("Start the allowed steps"))
        elif self.starting:
            self.start_button.setText(self.tr("Start"))

    def _show_verdict(self, verdict: Verdict) -> None:
        """Show the verdict and, when it changed, tell a screen reader."""
        paragraphs = safety.verdict_paragraphs(verdict, self.sequence, self.atlas)
        html = rich.verdict_html(paragraphs)
        if html == self.verdict_label.text():
            return
        self.verdict_label.setText(html)
        self.verdict_area.updateGeometry()
        text = safety.verdict_text(verdict, self.sequence, self.atlas)
        self.verdict_label.setAccessibleDescription(text)
        QAccessible.updateAccessibility(
            QAccessibleEvent(self.verdict_label, QAccessible.Event.DescriptionChanged)
        )
        if self.isVisible():  # not the first verdict: the dialog itself is read then
            notice.say(self.verdict_label, text)
            self.last_announcement = text

    def accept(self) -> None:
        if self.starting and not self.verdict().can_start(self.acknowledge.isChecked()):
            return
        if self.remember.isChecked():
            others = (self.app.safety_answers or frozenset()) - set(self.boxes)
            self.app.remember_answers(others | self.ticked())
        else:
            self.app.remember_answers(None)
        super().accept()

    # ---- looks and size ----------------------------------------------------------------
    def _dim_disabled(self) -> None:
        """Disabled buttons and boxes must look disabled in every theme: the app's
        palettes (shell/theme.py) give the Disabled group the same colours as the Active
        one. Only the Disabled text colours are set here, half way from the text to its
        background; every other colour is still inherited, so a theme change reaches the
        dialog (and re-runs this)."""
        inherited = QApplication.palette(self)  # the theme's (shell/theme.py apply())
        pal = QPalette()  # nothing set: all inherited but what follows
        group = QPalette.ColorGroup
        role = QPalette.ColorRole
        for text, back in (
            (role.ButtonText, role.Button),
            (role.WindowText, role.Window),
            (role.Text, role.Base),
        ):
            a, b = inherited.color(group.Active, text), inherited.color(group.Active, back)
            pal.setColor(
                group.Disabled,
                text,
                QColor(
                    (a.red() + b.red()) // 2,
                    (a.green() + b.green()) // 2,
                    (a.blue() + b.blue()) // 2,
                ),
            )
        self._dimming = True
        try:
            self.setPalette(pal)
        finally:
            self._dimming = False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.PaletteChange,
        ) and not getattr(self, "_dimming", True):
            self._dim_disabled()

    def _available(self) -> QSize:
        if self.available is not None:
            return self.available
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry().size() if screen is not None else QSize(1024, 700)

    def _preferred_size(self) -> QSize:
        """About 52 letters wide, and most of the screen's height (the questions get
        what the rest leaves)."""
        em = self.fontMetrics().horizontalAdvance("M")
        room = self._available()
        high = max(30 * self.fontMetrics().lineSpacing(), int(0.85 * room.height()))
        wide = max(560, 52 * em)
        return QSize(room.width() if room.width() < 1.5 * wide else wide, high)

    def fit_to(self, available: QSize) -> None:
        """Fit a screen whose free area is `available` (instead of asking the screen, as
        every show does): how a test puts the dialog on a 1366x768 screen."""
        self.available = available
        self.resize(self._preferred_size())
        self._fit(available)

    def _fit(self, available: QSize) -> None:
        """Never larger than the screen's free area (minus the window frame): the user
        can resize within it, and what does not fit scrolls."""
        frame = self.frameGeometry().size() - self.geometry().size()
        if frame.height() <= 0:  # not mapped yet: allow for a title bar
            frame = QSize(0, self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight))
        room = QSize(
            max(1, available.width() - frame.width()), max(1, available.height() - frame.height())
        )
        self.setMaximumSize(room)
        self.resize(self.size().boundedTo(room))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self._fit(self._available())
        super().showEvent(event)
        first = next((b for b in self.boxes.values() if b.isVisibleTo(self)), None)
        focused = QApplication.focusWidget()
        if first is not None and (focused is None or not self.isAncestorOf(focused)):
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._share_height()

    def _share_height(self) -> None:
        """The verdict may take up to VERDICT_SHARE of the height the questions and the
        verdict share (the layout has just placed them); beyond that it scrolls."""
        shared = self.questions_area.height() + self.verdict_area.height()
        cap = max(3 * self.fontMetrics().lineSpacing(), int(shared * VERDICT_SHARE))
        if cap != self.verdict_area.cap:
            self.verdict_area.cap = cap
            self.verdict_area.updateGeometry()
