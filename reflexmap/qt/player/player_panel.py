"""Guided self-massage: the routine player dock and the Routines menu.

The routines, their verdicts and plans and the run live in the Qt-free
`reflexmap.core.routine_session.RoutineSession`; this dock is a view of it: it calls the
session, redraws on its events, polls it with a 200 ms timer, lights the current step's
zones on the map and asks the safety questions (the dialog) before a routine's first run.
The voice, the sound cues and the screen kept on (`hands_free.py`) follow the session's
events from the first run on (made then, not at start); the keys that drive the player
from anywhere in the window (`player_keys.py`) work while the dock is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core import practice
from reflexmap.core.listen.commands import BY_ID, TEXTURE_S, Heard
from reflexmap.core.listen.dialogue import Action
from reflexmap.core.present import i18n, labels, routine, safety
from reflexmap.core.records import Sequence
from reflexmap.core.routine_session import (
    TECHNIQUE_PREFIX,
    RoutineSession,
    SessionEvent,
    StartOutcome,
)
from reflexmap.core.safety_check import Verdict
from reflexmap.qt import notice
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.player import switches
from reflexmap.qt.player.player_keys import PlayerKeys
from reflexmap.qt.player.safety_dialog import SafetyDialog
from reflexmap.qt.player.voice_control import VoiceControl, speaking_s
from reflexmap.qt.state import Overlay
from reflexmap.qt.text import plain_label
from reflexmap.qt.who import remember_who

if TYPE_CHECKING:
    from reflexmap.qt.player.hands_free import HandsFree


CUE_ECHO_S = 0.3  # after a cue, the room's echo: still not listened to
DEVICES_FRESH_S = 5.0  # the microphone list read by `pactl`: fresh this long
BANNER_CUE = "background: #ffd54f; color: #000; border-radius: 4px; padding: 6px;"
BANNER_CALM = "background: palette(alternate-base); border-radius: 4px; padding: 6px;"


class PlayerPanel(QDockWidget):
    # the session's events as a Qt signal (a SessionEvent each), for whatever else in the
    # window follows the routine (spoken cues, a self-practice view)
    session_event = Signal(object)

    def __init__(
        self, ctx: AppContext, shell: Shell, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(shell.widget())
        self.setWindowTitle(self.tr("Routine player"))
        self.setObjectName("sequencePlayer")
        self.ctx = ctx
        self.shell = shell
        self.atlas = ctx.atlas
        # the session: routines, verdicts, plans and the run; this dock is its view
        self.session = RoutineSession(ctx.atlas, clock=clock)
        self.last_announcement = ""
        self.hands_free: HandsFree | None = None  # made when the first routine starts
        self.make_hands_free: Callable[[], HandsFree] | None = None  # tests: fake engines
        self.notices: list[str] = []  # no voice, no sound: each told once
        self.dialog: SafetyDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.tick)
        # voice commands: the microphone opens only with the switch on and a routine running
        self.voice = VoiceControl(ctx.settings, self)
        self.voice.on_action = self._on_voice_action
        self._build()
        self._shortcuts()
        self.keys_filter = PlayerKeys(self, self, shell.widget())
        shell.on_close(self._close_hands_free)
        self.voice.heard.connect(self._on_voice_heard)
        self.voice.failed.connect(self._on_voice_failed)
        self.voice.listening_changed.connect(lambda _on: self._show_voice())
        shell.on_close(self.voice.close)
        self.voice_timer = QTimer(self)
        self.voice_timer.setInterval(1000)
        self.voice_timer.timeout.connect(self._follow_voice)
        self._voice_follow_timer()
        self.session.wording = self.worded  # what is played: in the words for whose feet
        self.session.subscribe(self.session_event.emit)
        self.session_event.connect(self._on_event)
        # the user's click on Routines > Routine player, not a teardown
        self.toggleViewAction().triggered.connect(
            lambda shown: None if shown else self._stop_on_close()
        )
        ctx.state.who_changed.connect(self._on_who)
        self.refresh()
        self._show_voice()

    # ---- building ----------------------------------------------------------------------
    def _label(self, name: str, accessible: str) -> QLabel:
        return plain_label(name=name, accessible=accessible, wrap=True)

    @staticmethod
    def _pressable(button: QPushButton) -> QPushButton:
        """Return and Enter press the focused button, as in a dialog (Qt's auto-default;
        outside a dialog it is off)."""
        button.setAutoDefault(True)
        return button

    def _button(self, name: str, text: str, accessible: str, key: str) -> QPushButton:
        button = self._pressable(QPushButton(text))
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(self.tr("{0} ({1})").format(accessible, key))
        return button

    def _build(self) -> None:
        body = QWidget()
        box = QVBoxLayout(body)
        self.picker = QComboBox()
        self.picker.setObjectName("sequencePicker")
        # a buddy label names the picker; an accessible name would replace its value
        picker_label = QLabel(self.tr("Rou&tine:"))
        picker_label.setObjectName("sequencePickerLabel")
        picker_label.setBuddy(self.picker)
        picker_row = QHBoxLayout()
        picker_row.addWidget(picker_label)
        picker_row.addWidget(self.picker, 1)
        box.addLayout(picker_row)
        # its width follows the dock, not the longest routine name (the popup shows it all)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(16)
        # counted once: the picker and the Routines menu show the same lines
        self.summaries: dict[str, routine.RoutineSummary] = {}  # for whose feet (summary_of)
        for seq_id in self.atlas.sequences:  # the content's routines
            self.picker.addItem(self.summary_of(seq_id).line, seq_id)
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.who_label = self._label("playerWho", self.tr("Whose feet"))
        box.addWidget(self.who_label)
        self.banner = self._label("playerBanner", self.tr("Cue"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(BANNER_CALM)
        box.addWidget(self.banner)

        card = QFrame()
        card.setObjectName("stepCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        cbox = QVBoxLayout(card)
        (
            self.heading,
            self.instruction,
            self.technique,
            self.pressure,
            self.amount,
            self.time_left,
        ) = [
            self._label(name, text)
            for name, text in (
                ("stepHeading", self.tr("Step")),
                ("stepInstruction", self.tr("What to do")),
                ("stepTechnique", self.tr("Technique")),
                ("stepPressure", self.tr("Pressure")),
                ("stepRepetitions", self.tr("Repetitions")),
                ("stepTimeLeft", self.tr("Time left")),
            )
        ]
        for label, scale in ((self.instruction, 1.3), (self.time_left, 1.8)):
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            font.setBold(label is self.time_left)
            label.setFont(font)
        # the current technique's own steps: the card folded to the step, while the
        # practice layout hides the card column
        self.how = self._label("stepHow", self.tr("How to do it"))
        self.step_bar = QProgressBar()
        self.step_bar.setObjectName("stepProgress")
        self.step_bar.setAccessibleName(self.tr("Time in this step"))
        self.step_bar.setTextVisible(False)
        # the time sits above the words, so a long instruction never moves it
        for w in (
            self.heading,
            self.time_left,
            self.step_bar,
            self.instruction,
            self.technique,
            self.pressure,
            self.amount,
            self.how,
        ):
            cbox.addWidget(w)
        cbox.addStretch(1)
        box.addWidget(card)

        self.overall = QProgressBar()
        self.overall.setObjectName("overallProgress")
        self.overall.setAccessibleName(self.tr("Whole routine"))
        box.insertWidget(1, self.overall)

        row = QHBoxLayout()
        self.play_button = self._button(
            "playPause", self.tr("Start"), self.tr("Start or pause"), self.tr("Space")
        )
        self.back_button = self._button(
            "back", self.tr("◀ Back"), self.tr("Previous step"), self.tr("Left")
        )
        self.next_button = self._button(
            "next", self.tr("Next ▶"), self.tr("Next step"), self.tr("Right")
        )
        self.restart_button = self._button(
            "restart", self.tr("Restart"), self.tr("Restart the routine"), self.tr("Ctrl+R")
        )
        self.stop_button = self._button(
            "stop", self.tr("Stop"), self.tr("Stop the routine"), self.tr("Esc")
        )
        self.play_button.setAccessibleName("")  # its text names the state: Pause, Resume
        for b, slot in (
            (self.play_button, self.toggle),
            (self.back_button, self.back),
            (self.next_button, self.next),
            (self.restart_button, self.restart),
            (self.stop_button, self.stop),
        ):
            b.clicked.connect(slot)
            row.addWidget(b)
        metrics = self.play_button.fontMetrics()  # wide enough for every text it shows
        self.play_button.setMinimumWidth(
            24
            + max(
                metrics.horizontalAdvance(t)
                for t in (
                    self.tr("Start"),
                    self.tr("Pause"),
                    self.tr("Resume"),
                    self.tr("Start again"),
                )
            )
        )
        box.insertLayout(1, row)  # the controls stay put above the step's words
        self.auto = QCheckBox(self.tr("Move on to the next step au&tomatically"))
        self.auto.setObjectName("autoAdvance")
        self.auto.setChecked(True)
        self.auto.toggled.connect(self._on_auto)
        box.addWidget(self.auto)
        voice_row = QHBoxLayout()
        self.speak_box = QCheckBox(self.tr("S&peak the steps"))
        self.speak_box.setObjectName("speakSteps")
        self.sounds_box = QCheckBox(self.tr("Sound c&ues"))
        self.sounds_box.setObjectName("soundCues")
        for check, key in ((self.speak_box, switches.SPEAK), (self.sounds_box, switches.SOUNDS)):
            check.setChecked(switches.read_bool(self.ctx.settings, key))
            check.toggled.connect(lambda on, k=key: self._set_switch(k, on))
            voice_row.addWidget(check)
        self.voice_button = self._pressable(QPushButton(self.tr("V&oice and sounds…")))
        self.voice_button.setObjectName("voiceSettings")
        self.voice_button.clicked.connect(self.voice_settings)
        voice_row.addWidget(self.voice_button)
        voice_row.addStretch(1)
        box.addLayout(voice_row)
        self.voice_box = QCheckBox(self.tr("&Voice control"))
        self.voice_box.setObjectName("voiceControl")
        self.voice_box.setToolTip(
            self.tr(
                "Listen for spoken commands while a routine runs (Help > Voice commands). "
                "Nothing heard is kept or sent."
            )
        )
        self.voice_box.setChecked(self.voice.enabled)
        self.voice_box.toggled.connect(self._on_voice_switch)
        self.voice_status = self._label("voiceStatus", self.tr("Voice control"))
        self.voice_device = QComboBox()
        self._devices_read_at = -DEVICES_FRESH_S
        self.voice_device.setObjectName("voiceDevice")
        self.voice_device.setEditable(True)  # a source the list does not show can be typed
        self.voice_device.setAccessibleName(self.tr("Microphone for voice control"))
        self.voice_device.setToolTip(self.tr("Microphone for voice control"))
        self.voice_device.addItem(self.tr("Default microphone"), "")
        current = self.voice.device
        if current:
            self.voice_device.addItem(current, current)
            self.voice_device.setCurrentIndex(1)
        self.voice_device.activated.connect(self._on_voice_device)
        typed = self.voice_device.lineEdit()
        assert typed is not None  # editable
        typed.editingFinished.connect(self._on_voice_device)
        self.voice_device.installEventFilter(self)
        typed.installEventFilter(self)
        listen_row = QHBoxLayout()
        listen_row.addWidget(self.voice_box)
        listen_row.addWidget(self.voice_device)
        box.addLayout(listen_row)
        listen_row = QHBoxLayout()
        listen_row.addWidget(self.voice_status, 1)
        box.addLayout(listen_row)
        self.message = self._label("playerMessage", self.tr("Message"))
        box.addWidget(self.message)
        self.log_button = self._pressable(QPushButton(self.tr("&Log this session in my journal")))
        self.log_button.setObjectName("logSession")
        self.log_button.clicked.connect(self.log_session)
        self.log_button.hide()
        box.addWidget(self.log_button)
        box.addStretch(1)
        # a low window scrolls the panel rather than squeezing the step's words
        scroller = QScrollArea()
        scroller.setObjectName("playerScroll")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(body)
        scroller.setMinimumWidth(  # never narrower than its controls: nothing cut off
            body.minimumSizeHint().width() + scroller.verticalScrollBar().sizeHint().width()
        )
        self.setWidget(scroller)
        self.cue_timer = QTimer(self)
        self.cue_timer.setSingleShot(True)
        self.cue_timer.timeout.connect(lambda: self.banner.setStyleSheet(BANNER_CALM))

    def _shortcuts(self) -> None:
        self.keys: list[QShortcut] = []
        # Space, Left, Right and R: player_keys.py (from anywhere in the window)
        for key, slot in (
            (Qt.Key.Key_Escape, self.stop),
            (QKeySequence("Ctrl+R"), self.restart),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            # only while the player has the focus: the map keeps its arrow keys
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.keys.append(shortcut)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.keys_filter.install()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.keys_filter.remove()
        super().hideEvent(event)

    # ---- voice and sounds ----------------------------------------------------------------
    def _set_switch(self, key: str, on: bool) -> None:
        self.ctx.settings.setValue(key, on)
        if self.hands_free is not None:
            self.hands_free.apply_settings()
            if not on:
                self.hands_free.silence()

    def _hands_free(self) -> HandsFree:
        if self.hands_free is None:
            if self.make_hands_free is not None:
                self.hands_free = self.make_hands_free()
            else:
                from reflexmap.qt.player.hands_free import HandsFree

                self.hands_free = HandsFree(self.atlas, self.ctx.settings, self)
            self.hands_free.notice.connect(self._notice)
            # the app's own voice and cues never trigger a command: while either plays
            # (from the moment it reaches the sound server) the recogniser drops the audio
            # (speech-dispatcher and PulseAudio, where voice control listens: Linux)
            from reflexmap.qt.player.sounds import CuePlayer
            from reflexmap.qt.player.speech import Speaker

            if isinstance(self.hands_free.speaker, Speaker):
                self.hands_free.speaker.on_speaking = self._hold_for_speech
            if isinstance(self.hands_free.cues, CuePlayer):
                self.hands_free.cues.on_playing = self._hold_for_cue
        return self.hands_free

    def _notice(self, text: str) -> None:
        """No voice or no sound: said once, in the panel and to a screen reader."""
        if text in self.notices:
            return
        self.notices.append(text)
        self.message.setText(" ".join(self.notices))
        self.shell.show_status(text, 10000)
        notice.say(self.message, text)

    def voice_settings(self) -> None:
        from reflexmap.qt.player.voice_dialog import VoiceDialog

        dialog = VoiceDialog(self._hands_free(), self.shell.widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._sync_switches())
        dialog.open()

    def _sync_switches(self) -> None:
        if self.hands_free is not None:
            self.speak_box.setChecked(self.hands_free.speak_on)
            self.sounds_box.setChecked(self.hands_free.sounds_on)

    def _hold_for_speech(self, text: str, rate: int) -> None:  # on the speech thread
        self.voice.hold_for(speaking_s(text, rate))

    def _hold_for_cue(self, seconds: float) -> None:  # on the sound cues' thread
        self.voice.hold_for(seconds + CUE_ECHO_S)

    def _close_hands_free(self) -> None:
        if self.hands_free is not None:
            self.hands_free.close()

    def repeat(self) -> None:
        """R: the last instruction again (the voice, or the banner's flash without it)."""
        if self.hands_free is None or not self.hands_free.repeat():
            return
        self.banner.setStyleSheet(BANNER_CUE)
        self.cue_timer.start(800)

    @property
    def playing(self) -> bool:
        """A routine is under way (counting down, running or paused)."""
        return self.session.active

    @property
    def has_routine(self) -> bool:
        return self.session.state != "idle"

    # ---- whose feet ------------------------------------------------------------------
    def who_for(self, sequence: Sequence) -> practice.Who:
        """The remembered answer; before it is given, what the routine is written for."""
        who = self.ctx.state.who
        if who is not None:
            return who
        return "self" if practice.suits(sequence) == "self" else "partner"

    def worded(self, sequence: Sequence) -> Sequence:
        """The routine as it is played, checked and shown: in the words for whose feet."""
        return practice.for_who(sequence, self.who_for(sequence))

    def summary_of(self, routine_id: str) -> routine.RoutineSummary:
        """A routine's line (name, steps, time) as the picker and the menu show it."""
        if routine_id not in self.summaries:
            seq = self.session.routines[routine_id]
            self.summaries[routine_id] = routine.routine_summary(self.atlas, self.worded(seq))
        return self.summaries[routine_id]

    def reword(self) -> None:
        """Whose feet changed: every routine counted and listed again in its new words."""
        self.summaries.clear()
        for routine_id, seq in self.session.routines.items():
            index = self.picker.findData(routine_id)
            if index >= 0 and not routine_id.startswith(TECHNIQUE_PREFIX):
                self.picker.setItemText(index, self.summary_of(seq.id).line)

    def set_who(self, who: practice.Who) -> None:
        remember_who(self.ctx.settings, who)
        self.ctx.state.set_who(who)

    def _on_who(self) -> None:
        """New words, new questions: the answers are asked again before the next start."""
        self.session.forget_answers()  # unless a routine is playing: it plays as answered
        self.refresh()

    def _who_text(self) -> str:
        seq = self.session.routines.get(self.sequence_id)
        who = self.who_for(seq) if seq else "self"
        text = self.tr("For your own feet") if who == "self" else self.tr("For someone else's feet")
        return self.tr("{0} (change it in the Routines menu)").format(text)

    # ---- the routine -------------------------------------------------------------------
    @property
    def sequence_id(self) -> str:
        return self.session.picked or ""

    def choose(self, sequence_id: str) -> None:
        """Pick a routine (the picker follows through the session's event)."""
        if sequence_id in self.session.routines:
            self.session.pick(sequence_id)

    def _on_pick(self) -> None:
        data = self.picker.currentData()
        if data is not None and data != self.session.picked:
            self.session.pick(str(data))

    def _on_auto(self, on: bool) -> None:
        self.session.auto_advance = on
        self.refresh()

    def open_routine(self, sequence_id: str) -> None:
        """Show the dock and start `sequence_id` afresh (after its safety check)."""
        self.show()
        self.raise_()
        self.choose(sequence_id)
        self.stop()
        self.start()

    def safety_check(self, *, then_start: bool = False) -> SafetyDialog:
        """Open the checklist for the picked routine; start it once answered if asked."""
        seq = self.session.routine
        assert seq is not None  # the feature is installed only with routines
        dialog = SafetyDialog(
            self.atlas,
            seq,
            self.ctx.app,
            self.shell.widget(),
            starting=then_start,
            who_asked=self.ctx.state.who is not None,
        )
        dialog.who_changed.connect(lambda who: self._who_from_dialog(dialog, who))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.note_requested.connect(
            lambda nid: self.ctx.notes.show_note(nid) if self.ctx.notes else None
        )
        dialog.accepted.connect(lambda: self._answered(dialog, then_start))
        dialog.rejected.connect(lambda: self._declined(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _who_from_dialog(self, dialog: SafetyDialog, who: practice.Who) -> None:
        """The other answer to "whose feet?": the same check again, in its words."""
        dialog.replaced = True
        dialog.reject()
        self.set_who(who)
        self.safety_check(then_start=dialog.starting)

    def _answered(self, dialog: SafetyDialog, then_start: bool) -> None:
        if self.ctx.state.who is None:  # asked once: the first check's answer is kept
            self.set_who(practice.who_of(dialog.sequence))
        verdict = dialog.verdict()
        self.session.answer(dialog.checklist, verdict)
        self.dialog = None
        self.message.setText(self._blocked_text(verdict) if verdict.blocking else "")
        self.ctx.state.set_lighter_pressure(bool(verdict.lighter))
        if then_start and verdict.can_start(dialog.acknowledge.isChecked()):
            self._started(self.session.start())

    def _declined(self, dialog: SafetyDialog) -> None:
        if dialog.replaced:
            return
        self.dialog = None
        verdict = dialog.verdict()
        if dialog.starting and verdict.blocked:
            self.message.setText(self.tr("Not started. {0}").format(self._blocked_text(verdict)))

    def _blocked_text(self, verdict: Verdict) -> str:
        seq = self.session.routine
        assert seq is not None
        return " ".join(safety.verdict_paragraphs(verdict, seq, self.atlas)[:1])

    def start(self) -> None:
        """Start the picked routine: after the safety check on its first run."""
        self._started(self.session.start())

    def _started(self, outcome: StartOutcome | None) -> None:
        if outcome == "needs_check":
            self.safety_check(then_start=True)
        elif outcome == "blocked":
            self.message.setText(
                self.tr(
                    "Not started: the safety check said this routine "
                    "should not be done. Run the safety check again "
                    "if your answers have changed."
                )
            )
        elif outcome == "started":
            self.show()
            self.raise_()
            self.ctx.state.select_zone(None)  # one highlight on the map: the step's zone
            self.play_button.setFocus()  # Space, Left and Right now drive the player
            # and again once the safety dialog has closed, which hands the focus back to
            # where it was (the search field, which keeps its arrow keys)
            QTimer.singleShot(0, self.play_button.setFocus)
            self.shell.practice_layout(True)
        self.refresh()

    def toggle(self) -> None:
        before = self.session.state
        self._started(self.session.toggle())
        after = self.session.state
        if before != after and "paused" in (before, after):  # said: Pause/Resume is silent
            said = self.banner.text() if after == "paused" else self.tr("Resumed")
            notice.say(self, said)
            self.last_announcement = said

    def next(self) -> None:
        self.session.next()
        self.refresh()

    def back(self) -> None:
        self.session.back()
        self.refresh()

    def restart(self) -> None:
        if self.session.state != "idle":
            self._started(self.session.restart())

    def stop(self) -> None:
        self.session.stop()
        self.shell.practice_layout(False)
        self.refresh()

    def tick(self) -> None:
        self.session.tick()
        self.refresh()

    # ---- voice commands ----------------------------------------------------------------
    def _on_voice_switch(self, on: bool) -> None:
        self.voice.set_enabled(on)
        self._follow_voice()
        self._voice_follow_timer()
        self._show_voice()

    def _voice_follow_timer(self) -> None:
        """With the switch on, a recording started without a routine opens the microphone
        too: the journal's record mode is looked at once a second, and what voice control
        waits for (yes or no, a texture word) lapses on time."""
        if self.voice.enabled:
            self.voice_timer.start()
        else:
            self.voice_timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The microphone list is read when it is opened, not at start."""
        if watched in (self.voice_device, self.voice_device.lineEdit()) and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.FocusIn,
        ):
            self._fill_voice_devices()
        return super().eventFilter(watched, event)

    def _fill_voice_devices(self) -> None:
        """`pactl` runs synchronously: at most once in DEVICES_FRESH_S (a Tab into the box
        then a click on it asked twice), yet a microphone plugged in later is found."""
        import time

        from reflexmap.core.listen.microphone import list_sources

        now = time.monotonic()
        if now - self._devices_read_at < DEVICES_FRESH_S:
            return
        self._devices_read_at = now
        for name in list_sources():
            if self.voice_device.findData(name) < 0:
                self.voice_device.addItem(name, name)

    def _on_voice_device(self, _index: int = -1) -> None:
        text = self.voice_device.currentText().strip()
        data = self.voice_device.currentData()
        device = "" if text == self.tr("Default microphone") else str(data or text)
        self.voice.set_device(device)
        self._show_voice()

    def _follow_voice(self) -> None:
        running = self.session.state in ("get_ready", "running", "paused")
        recording = self.ctx.marks is not None and self.ctx.marks.recording
        self.voice.set_running(running or recording, recording=recording)
        if self.voice.expire() is not None:
            self._show_voice()

    def _show_voice(self, heard: str = "") -> None:
        if self.voice.failure:
            text = self.tr("Voice control stopped: {0}. The routine goes on; use the keys.")
            self.voice_status.setText(text.format(self.voice.failure))
        elif self.voice.listening and self.voice.waiting_for_texture:
            waiting = self.tr("● Listening for a texture word ({0} s)").format(f"{TEXTURE_S:.0f}")
            if heard:
                waiting += ". " + self.tr("Heard: “{0}”").format(heard)
            self.voice_status.setText(waiting)
        elif self.voice.listening:
            self.voice_status.setText(
                self.tr("● Listening. Heard: “{0}”").format(heard)
                if heard
                else self.tr("● Listening")
            )
        elif self.voice.enabled:
            self.voice_status.setText(self.tr("Listens while a routine runs"))
        else:
            self.voice_status.setText("")

    def _on_voice_failed(self, _reason: str) -> None:
        self._show_voice()
        self.shell.show_status(self.voice_status.text())

    def _on_voice_heard(self, heard: Heard) -> None:
        self._show_voice(BY_ID[heard.command].phrase)

    def _on_voice_action(self, action: Action) -> None:
        """A command heard: do it, and confirm it with a sound, a flash and the words."""
        state = self.session.state
        kind = action.kind
        said = ""
        if kind == "next":
            self.next()
        elif kind == "back":
            self.back()
        elif kind == "pause" and state in ("get_ready", "running"):
            self.toggle()
        elif kind == "go_on" and state == "paused":
            self.toggle()
        elif kind == "repeat":
            self.repeat()  # the voice says it again (R), and a screen reader with it
            self._announce("step")
            said = self.last_announcement
        elif kind == "ask_end":
            said = self.tr("End the routine? Say “yes” or “no”.")
        elif kind == "end":
            self.stop()
            said = self.tr("Routine ended.")
        elif kind == "keep_going":
            said = self.tr("Going on.")
        elif kind.startswith(("tender_", "texture_")):
            marks = self.ctx.marks
            if marks is None:
                said = self.tr("Marks need the practice journal.")
            elif kind.startswith("tender_"):
                said = marks.mark_by_voice(tenderness=int(kind.removeprefix("tender_")))
            else:
                said = marks.mark_by_voice(texture=kind.removeprefix("texture_"))
        if said:
            self.message.setText(said)
        # and in the status bar, which every window size shows (at 1366x768 the voice
        # rows are below the step card while a routine runs)
        words = self.tr("Heard: “{0}”").format(BY_ID[action.heard.command].phrase)
        # a mark is said to a screen reader too (the journal's keys say theirs)
        self.shell.show_status(
            f"{words} – {said}" if said and kind != "repeat" else words,
            say=kind.startswith(("tender_", "texture_")),
        )
        QApplication.beep()  # the short sound that says "heard"
        self.banner.setStyleSheet(BANNER_CUE)
        self.cue_timer.start(600)

    # ---- cues and the end --------------------------------------------------------------
    def _on_event(self, event: SessionEvent) -> None:
        kind = event.kind
        if self.hands_free is not None or kind in ("get_ready", "step_started"):
            if kind in ("paused", "stopped", "finished"):
                self.voice.release_hold()  # the voice is silenced (what it says next holds)
            self._hands_free().follow(event, self.session)  # made at the first run
        if kind in ("routine_added", "routine_changed"):
            added = self.session.routines[event.routine_id]
            self.summaries.pop(added.id, None)  # new or changed: counted again
            summary = self.summary_of(added.id)
            # "Do it now" by its name; a length or a built session with its count and time
            line = added.name if added.id.startswith(TECHNIQUE_PREFIX) else summary.line
            index = self.picker.findData(added.id)
            if index < 0:
                self.picker.addItem(line, added.id)
            else:
                self.picker.setItemText(index, line)
            return
        if kind == "routine_removed":
            index = self.picker.findData(event.routine_id)
            if index >= 0:
                self.picker.removeItem(index)
            self.summaries.pop(event.routine_id, None)
            return
        if kind == "picked":
            index = self.picker.findData(event.routine_id)
            if index >= 0 and index != self.picker.currentIndex():
                self.picker.setCurrentIndex(index)
            self.message.clear()
            self.refresh()
            return
        if kind == "verdict":
            return
        if kind in ("get_ready", "step_started", "resumed"):
            self.log_button.hide()
            self.timer.start()
        if kind in ("step_started", "get_ready", "finished", "waiting"):
            hands_free = self.hands_free
            if hands_free is None or (hands_free.sounds_on and hands_free.cues.unavailable):
                QApplication.beep()  # where the cues cannot play: the platform's sound
            self.banner.setStyleSheet(BANNER_CUE)  # and a flash for everyone
            self.cue_timer.start(1500)
            self.refresh()
            self._announce(kind)
        if kind == "finished":
            self.timer.stop()
            self.shell.practice_layout(False)
            self.log_button.setVisible(self.ctx.journal is not None)
        if kind == "stopped":
            self.timer.stop()
            self.log_button.hide()
        if kind in ("paused", "resumed", "stopped"):
            self.refresh()
        self._apply_map()

    def _announce(self, kind: str) -> None:
        """Tell a screen reader what changed: the new step, the countdown, the end."""
        if kind == "step_started":
            text = f"{self.heading.text()}. {self.instruction.text()}"
        else:
            text = self.banner.text()
        # time is up, the routine is over: say it now
        notice.say(self, text, assertive=kind in ("waiting", "finished"))
        self.last_announcement = text

    def log_session(self) -> None:
        journal = self.ctx.journal
        routine = self.session.run_routine
        if routine is None or journal is None:
            return
        summary = self.session.summary()
        if self.log_button.hasFocus():  # hidden below: the focus stays in the player
            self.play_button.setFocus()
        asked = journal.log_session(routine.id, round(summary.active_s))
        self.log_button.hide()
        if isinstance(asked, QDialog):  # logged (and said, with the file) on its Save
            asked.accepted.connect(lambda: self.message.setText(self.tr("Session logged.")))
        else:
            self.message.setText(self.tr("Session logged."))
            notice.say(self, self.message.text())
            self.last_announcement = self.message.text()

    # ---- state -> widgets --------------------------------------------------------------
    def _apply_map(self) -> None:
        """Light the current step's zones (its side only), draw its motion, and show the
        view the plan gives for it."""
        state, session = self.ctx.state, self.session
        play = session.current
        if play is None or not session.active:
            state.set_overlay(None)
            return
        state.set_overlay(Overlay(play.zones, play.technique), view=play.view)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Closing the player ends the routine: no timer runs on behind a closed panel."""
        self._stop_on_close()
        super().closeEvent(event)

    def _stop_on_close(self) -> None:
        if self.session.active:
            self.stop()
            self.shell.show_status(self.tr("Routine stopped: the player was closed."))

    def refresh(self) -> None:
        self._follow_voice()
        self.who_label.setText(self._who_text())
        player = self.session
        active = player.active
        self.back_button.setEnabled(active or player.state == "finished")
        self.next_button.setEnabled(active)
        self.restart_button.setEnabled(player.state != "idle")
        self.stop_button.setEnabled(player.state != "idle")
        if player.state == "idle" or player.current is None:
            self._show_idle()
            return
        state = player.state
        self.play_button.setText(
            {"paused": self.tr("Resume"), "finished": self.tr("Start again")}.get(
                state, self.tr("Pause")
            )
        )
        self.overall.setValue(round(player.overall_progress * 100))
        done = player.elapsed_s
        self.overall.setFormat(
            self.tr("{0} of {1}").format(labels.mmss(done), labels.mmss(player.total_s))
        )
        if state == "finished":
            summary = player.summary()
            plays = summary.plays_total  # a plain name: lupdate reads no attribute as the count
            self.banner.setText(self.tr("Well done: routine finished"))
            self.heading.setText(
                i18n.trn(
                    "PlayerPanel",
                    "{0} of %n step done in {1}",
                    "{0} of %n steps done in {1}",
                    plays,
                ).format(summary.plays_done, labels.mmss(summary.active_s))
            )
            for w in (self.instruction, self.technique, self.pressure, self.amount, self.how):
                w.clear()
            self.time_left.setText(labels.mmss(0))
            self.step_bar.setValue(100)
            return
        self._show_step(player)

    def _show_step(self, player: RoutineSession) -> None:
        play, seq = player.current, player.run_routine
        assert play is not None and seq is not None
        card = routine.step_card(
            self.atlas, seq, play, len(player.plays), lighter=player.lighter(play)
        )
        self.heading.setText(card.heading)
        self.instruction.setText(card.instruction)
        self.technique.setText(self.tr("Technique: {0}").format(card.technique))
        self.pressure.setText(self.tr("Pressure: {0}").format(card.pressure))
        self.amount.setText(self.tr("Repetitions: {0}").format(card.amount) if card.amount else "")
        self.amount.setVisible(bool(card.amount))
        tech = self.atlas.techniques.get(play.technique)
        how = practice.technique_steps(tech, practice.who_of(seq)) if tech else ()
        self.how.setText("\n".join(f"{n}. {text}" for n, text in enumerate(how, 1)))
        left = player.remaining_s
        suffix = self.tr(" (suggested time)") if play.suggested else ""
        self.time_left.setText(self.tr("{0} left{1}").format(labels.mmss(left), suffix))
        total = max(player.step_total_s, 0.001)
        self.step_bar.setValue(round(100 * (1 - left / total)))
        nxt = player.next_play
        if player.state == "paused" and self.voice.listening:
            self.banner.setText(
                self.tr("Paused: say “{0}” or press Space to go on").format(BY_ID["go_on"].phrase)
            )
        elif player.state == "paused":
            self.banner.setText(self.tr("Paused: press Space to go on"))
        elif player.phase == "get_ready":
            lead = (
                self.tr("Now the {0}").format(labels.side_label(self.atlas, play.part, play.foot))
                if play.switch
                else self.tr("Get ready")
            )
            self.banner.setText(
                self.tr("{0}… {1}").format(lead, labels.mmss(player.get_ready_left_s))
            )
        elif player.waiting and self.voice.listening:
            self.banner.setText(
                self.tr("Time is up: say “{0}” or press Next (→) when you are ready").format(
                    BY_ID["next"].phrase
                )
            )
        elif player.waiting:
            self.banner.setText(self.tr("Time is up: press Next (→) when you are ready"))
        elif nxt is not None:
            other = self.tr(" (other side)") if nxt.switch else ""
            self.banner.setText(self.tr("Next: {0}{1}").format(nxt.step.instruction, other))
        else:
            self.banner.setText(self.tr("Last step"))

    def _show_idle(self) -> None:
        seq = self.session.routine
        self.play_button.setText(self.tr("Start"))
        self.banner.setText(self.tr("Pick a routine and press Start (Space)"))
        self.heading.setText(seq.name if seq else "")
        self.instruction.setText(seq.summary if seq else "")
        for w in (self.technique, self.pressure, self.amount, self.time_left, self.how):
            w.clear()
        self.step_bar.setValue(0)
        self.overall.setValue(0)
        self.overall.setFormat("%p%")
        self._apply_map()
