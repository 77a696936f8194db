"""Voice and sounds: the player's voice (on/off, voice, rate, volume) and its sound cues
(on/off, volume), remembered in QSettings; "Try" says a line and sounds a cue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from reflexmap.qt.player.hands_free import HandsFree
from reflexmap.qt.player.ssip import Voice
from reflexmap.qt.player.switches import (
    RATE,
    SOUND_VOLUME,
    SOUNDS,
    SPEAK,
    VOICE,
    VOLUME,
    read_bool,
    read_int,
)
from reflexmap.qt.text import plain_label


class VoiceDialog(QDialog):
    def __init__(self, hands_free: HandsFree, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Voice and sounds"))
        self.setObjectName("voiceDialog")
        self.hands_free = hands_free
        s = self.settings = hands_free.settings
        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        self.speak = QCheckBox(self.tr("Speak the steps"))
        self.speak.setChecked(read_bool(s, SPEAK))
        form.addRow(self.speak)
        self.voice = QComboBox()
        self.voice.setObjectName("voiceName")
        self.voice.addItem(self.tr("The system's default voice"), "")
        wanted = str(s.value(VOICE, "") or "")
        if wanted:
            self.voice.addItem(wanted, wanted)
            self.voice.setCurrentIndex(1)
        form.addRow(self._buddy(self.tr("&Voice:"), self.voice), self.voice)
        self.rate = self._slider("voiceRate", -100, 100, read_int(s, RATE, -100, 100))
        form.addRow(self._buddy(self.tr("&Rate:"), self.rate), self.rate)
        self.volume = self._slider("voiceVolume", 0, 100, read_int(s, VOLUME, 0, 100))
        form.addRow(self._buddy(self.tr("Voice v&olume:"), self.volume), self.volume)
        self.sounds = QCheckBox(
            self.tr("Sound cues (step start, ten seconds left, change sides, end)")
        )
        self.sounds.setChecked(read_bool(s, SOUNDS))
        form.addRow(self.sounds)
        self.sound_volume = self._slider("soundVolume", 0, 100, read_int(s, SOUND_VOLUME, 0, 100))
        form.addRow(self._buddy(self.tr("&Cue volume:"), self.sound_volume), self.sound_volume)
        self.status = plain_label(name="voiceStatus", accessible=self.tr("Voice status"), wrap=True)
        box.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.try_button = QPushButton(self.tr("&Try"))
        buttons.addButton(self.try_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.try_button.clicked.connect(self.try_out)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        for check in (self.speak, self.sounds):
            check.toggled.connect(self.save)
        for slider in (self.rate, self.volume, self.sound_volume):
            slider.valueChanged.connect(self.save)
        self.voice.currentIndexChanged.connect(self.save)
        hands_free.voices_found.connect(self._voices)
        hands_free.notice.connect(self.status.setText)
        hands_free.list_voices()

    def _slider(self, name: str, low: int, high: int, value: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(name)
        slider.setRange(low, high)
        slider.setValue(value)
        slider.setPageStep(10)
        return slider

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _voices(self, voices: list[Voice]) -> None:
        current = self.voice.currentData()
        self.voice.blockSignals(True)
        while self.voice.count() > 1:
            self.voice.removeItem(1)
        for v in voices:
            self.voice.addItem(v.label, v.name)
        index = self.voice.findData(current)
        self.voice.setCurrentIndex(max(0, index))
        self.voice.blockSignals(False)
        if not voices:
            self.status.setText(self.tr("The system offers no voice to choose from."))

    def save(self) -> None:
        s = self.settings
        s.setValue(SPEAK, self.speak.isChecked())
        s.setValue(SOUNDS, self.sounds.isChecked())
        s.setValue(RATE, self.rate.value())
        s.setValue(VOLUME, self.volume.value())
        s.setValue(SOUND_VOLUME, self.sound_volume.value())
        s.setValue(VOICE, str(self.voice.currentData() or ""))
        self.hands_free.apply_settings()

    def try_out(self) -> None:
        self.save()
        self.hands_free.silence()
        if self.hands_free.sounds_on:
            self.hands_free.cues.play("step")
        if self.hands_free.speak_on:
            self.hands_free.speaker.say(
                self.tr("Right foot: the solar plexus. Thumb press, 30 seconds."), interrupt=True
            )
