"""Voice control in the player: the microphone, the recogniser and what a command does.

Opt-in ("Voice control" in the player, remembered in QSettings). The microphone is open
only while the switch is on and a routine runs; the recogniser and its model are loaded
the first time it opens (on the microphone's thread, so the window never waits), never at
start-up. Audio goes from the microphone to the recogniser and is dropped: nothing heard
is kept or sent. While the app itself speaks (`hold(True)`) the audio is dropped unheard
and the half-heard stretch forgotten, so a step read aloud never counts as a command.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from reflexmap.core.listen.commands import Heard, Mode, VoiceUnavailable
from reflexmap.core.listen.dialogue import Action, Dialogue, Lapsed
from reflexmap.qt.player.switches import VOICE_CONTROL, VOICE_DEVICE, read_bool, read_text

if TYPE_CHECKING:
    from reflexmap.core.listen.recognizer import Recognizer

SWITCH_KEY = VOICE_CONTROL
DEVICE_KEY = VOICE_DEVICE

MicrophoneFactory = Callable[[Callable[[bytes], None], Callable[[str], None], str | None], object]


def speaking_s(text: str, rate: int = 0) -> float:
    """About how long the system's voice takes to say `text` at `rate` (-100 .. 100), with
    a margin for the echo: an estimate, long rather than short (speech-dispatcher does not
    say when it has finished unless asked for events, which `ssip.py` does not ask)."""
    # espeak-ng at speech-dispatcher's rate 0 reads about 14 characters a second; the rate
    # doubles (or halves) the speed at +100 (-100)
    chars_per_s = 14.0 * math.pow(2.0, max(-100, min(100, rate)) / 100)
    return 0.6 + len(text) / chars_per_s * 1.25  # seconds


class VoiceControl(QObject):
    """The microphone and the recogniser behind the player's "Voice control" switch.

    Signals reach the GUI thread queued (they are emitted on the microphone's thread)."""

    heard = Signal(object)  # a Heard
    failed = Signal(str)  # plain words: no microphone, no permission, lost, not installed
    listening_changed = Signal(bool)
    _heard_raw = Signal(object, object)  # a Heard, and the Action it led to (or None)

    def __init__(
        self,
        settings: QSettings,
        parent: QObject | None = None,
        make_microphone: MicrophoneFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.make_microphone = make_microphone
        self.dialogue = Dialogue()
        self.on_action: Callable[[Action], None] = lambda action: None
        self._lock = threading.Lock()
        self._recognizer: Recognizer | None = None
        self._microphone: object | None = None
        self._hold_until = 0.0  # time.monotonic(): the app's own voice is still speaking
        self._reset = False
        self._wanted = False
        self.failure = ""
        self.model_loaded = False
        self._heard_raw.connect(self._on_heard)
        self.failed.connect(self._on_failed)

    # ---- switch and state --------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return read_bool(self.settings, SWITCH_KEY)

    def set_enabled(self, on: bool) -> None:
        self.settings.setValue(SWITCH_KEY, on)
        self.failure = ""
        self._apply()

    @property
    def device(self) -> str:
        return read_text(self.settings, DEVICE_KEY)

    def set_device(self, device: str) -> None:
        """Another microphone: remembered; if listening, reopened on it."""
        if device == self.device:
            return
        self.settings.setValue(DEVICE_KEY, device)
        self.failure = ""
        if self._microphone is not None:
            wanted, self._wanted = self._wanted, False
            self._apply()
            self._wanted = wanted
        self._apply()

    @property
    def listening(self) -> bool:
        return self._microphone is not None and not self.failure

    @property
    def waiting_for_texture(self) -> bool:
        """Just after a tenderness by voice: only the texture words are listened for."""
        return self.dialogue.modes == {Mode.TEXTURE}

    # The lock is taken from the window's thread only to change what is listened for: the
    # microphone's thread holds it while it decodes (~130 ms a command), and these run on
    # the player's one-second timer.
    def set_running(self, running: bool, recording: bool = False) -> None:
        """A routine (or a recording) runs, or not: the microphone follows."""
        self._wanted = running
        dialogue = self.dialogue
        if dialogue.recording != recording or (not running and dialogue.waiting):
            with self._lock:
                dialogue.recording = recording
                if not running:
                    dialogue.cancel()
                self._set_modes_locked()
        self._apply()

    def hold_for(self, seconds: float) -> None:
        """The app says something that lasts about `seconds`: drop the audio till then."""
        with self._lock:
            self._hold_until = max(self._hold_until, time.monotonic() + seconds)
            self._reset = True

    def release_hold(self) -> None:
        """The app's voice was silenced (pause, stop): listen again now. Only a hold that
        still runs is ended (a reset here would cut the next command, already under way
        on the microphone's thread, whose audio is ahead of the window)."""
        with self._lock:
            if self._hold_until > time.monotonic():
                self._hold_until = 0.0
                self._reset = True

    def close(self) -> None:
        self._wanted = False
        self._apply()

    def _apply(self) -> None:
        want = self._wanted and self.enabled and not self.failure
        if want and self._microphone is None:
            device = self.device or None
            make = self.make_microphone
            if make is None:
                from reflexmap.core.listen.microphone import Microphone

                make = Microphone
            self._microphone = make(self._audio, self._failure, device)
            self._microphone.open()  # type: ignore[attr-defined] # Microphone or a test's
            self.listening_changed.emit(True)
        elif not want and self._microphone is not None:
            microphone, self._microphone = self._microphone, None
            microphone.close()  # type: ignore[attr-defined]
            with self._lock:
                self._reset = True
            self.listening_changed.emit(False)

    def _set_modes_locked(self) -> None:
        if self._recognizer is not None:
            self._recognizer.set_modes(self.dialogue.modes)

    def expire(self) -> Lapsed | None:
        """Called by the player's timer: an unanswered "end the routine?" lapses, and the
        texture words after a mark are no longer listened for."""
        now = time.monotonic()
        if not self.dialogue.waiting:
            return None
        with self._lock:
            lapsed = self.dialogue.expire(now)
            if lapsed is not None:
                self._set_modes_locked()
        if lapsed is Lapsed.QUESTION:
            self.on_action(Action("keep_going", Heard("no", now, now, 0.0)))
        return lapsed

    # ---- the microphone's thread -------------------------------------------------------
    def _audio(self, pcm: bytes) -> None:
        with self._lock:
            if self._recognizer is None:
                try:
                    # the model loads here, on the microphone's thread, the first time only
                    from reflexmap.core.listen.recognizer import Recognizer

                    self._recognizer = Recognizer(self.dialogue.modes)
                except VoiceUnavailable as error:
                    self._fail_locked(str(error))
                    return
                self.model_loaded = True
            recognizer = self._recognizer
            if time.monotonic() < self._hold_until:
                return
            if self._reset:
                recognizer.reset()
                self._reset = False
            heard = recognizer.feed(pcm)
            # What a command means next is settled here, before the next block is decoded:
            # "yes" after "end routine", a texture word after a mark, are listened for at
            # once (the window's thread may be busy for longer than the pause between).
            actions = []
            for item in heard:
                actions.append(self.dialogue.on_heard(item, time.monotonic()))
                recognizer.set_modes(self.dialogue.modes)
        for item, action in zip(heard, actions, strict=True):
            self._heard_raw.emit(item, action)

    def _failure(self, reason: str) -> None:
        with self._lock:
            self._fail_locked(reason)

    def _fail_locked(self, reason: str) -> None:
        if not self.failure:
            self.failure = reason
            self.failed.emit(reason)

    # ---- back on the GUI thread --------------------------------------------------------
    def _on_failed(self, _reason: str) -> None:
        self._apply()  # the microphone is closed; the routine goes on without voice

    def _on_heard(self, heard: Heard, action: Action | None) -> None:
        if self._microphone is None:
            return  # heard just before the switch went off
        self.heard.emit(heard)
        if action is not None:
            self.on_action(action)
