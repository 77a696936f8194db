"""The player's voice: what `present.spoken.Guide` says, sent to the system's speech.

Linux: speech-dispatcher through its own protocol (`ssip.py`), on a worker thread: the
window never waits for the daemon, and `stop()` empties the queue and cancels what is
being said at once (pause, stop, closing the player). Windows and macOS: Qt's
text-to-speech over the system's engines (`qt_speech.QtSpeaker`; PySide6-Addons is
required on those platforms only). Both keep the `VoiceOutput` contract below; elsewhere
`NoSpeaker` says once that there is no voice.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from reflexmap.qt.player import ssip


@dataclass(frozen=True)
class VoiceSettings:
    rate: int = 0  # -100 (slowest) .. 100
    volume: int = 100  # 0 .. 100
    voice: str = ""  # a synthesis voice's name; "" for the system's default


class VoiceOutput(Protocol):
    """What the player asks of a voice, on every platform (see `Speaker`)."""

    settings: VoiceSettings
    unavailable: str
    said: list[str]

    def say(self, text: str, *, interrupt: bool = False) -> None: ...
    def stop(self) -> None: ...
    def configure(self, settings: VoiceSettings) -> None: ...
    def list_voices(self) -> None: ...
    def close(self) -> None: ...


class Speaker:
    """Says texts in order; `say(..., interrupt=True)` cuts what is queued or being said.

    `on_unavailable(reason)` is called once, from the worker thread, when nothing can be
    said (no speech-dispatcher, no synthesizer); later texts are dropped quietly.
    `on_voices(voices)` is called from the worker thread when the voices are known."""

    def __init__(
        self,
        on_unavailable: Callable[[str], None] | None = None,
        on_voices: Callable[[list[ssip.Voice]], None] | None = None,
    ) -> None:
        self.on_unavailable = on_unavailable
        self.on_voices = on_voices
        self.unavailable = ""
        self.settings = VoiceSettings()
        self.said: list[str] = []  # every text handed to the speech system, in order
        # called on the worker thread as a text goes to the speech system (text, rate):
        # voice control stops listening while the app itself speaks
        self.on_speaking: Callable[[str, int], None] | None = None
        self._jobs: deque[tuple[str, str]] = deque()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._applied: VoiceSettings | None = None

    # ---- the window's side ------------------------------------------------------------
    def say(self, text: str, *, interrupt: bool = False) -> None:
        text = " ".join(text.split())  # line breaks mean nothing to the ear
        if self.unavailable or not text:
            return
        with self._wake:
            if interrupt:
                self._jobs.clear()
                self._jobs.append(("cancel", ""))
            self._jobs.append(("say", text))
            self._wake.notify()
        self._ensure_thread()

    def stop(self) -> None:
        """Silence now: nothing queued is said, what is being said is cut."""
        with self._wake:
            self._jobs.clear()
            if self._thread is not None:
                self._jobs.append(("cancel", ""))
            self._wake.notify()

    def configure(self, settings: VoiceSettings) -> None:
        self.settings = settings

    def list_voices(self) -> None:
        """Ask for the voices (answered through `on_voices`)."""
        with self._wake:
            self._jobs.append(("voices", ""))
            self._wake.notify()
        self._ensure_thread()

    def close(self) -> None:
        with self._wake:
            self._jobs.clear()
            self._jobs.append(("cancel", ""))
            self._jobs.append(("close", ""))
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
            self._thread.start()

    def _fail(self, reason: str) -> None:
        if not self.unavailable:
            self.unavailable = reason
            if self.on_unavailable is not None:
                self.on_unavailable(reason)

    # ---- the worker thread ------------------------------------------------------------
    def _run(self) -> None:
        client: ssip.SsipClient | None = None
        while True:
            with self._wake:
                while not self._jobs:
                    self._wake.wait()
                what, text = self._jobs.popleft()
            if what == "close":
                if client is not None:
                    client.close()
                return
            if self.unavailable:
                continue
            for attempt in (1, 2):  # a connection that was lost (a restarted daemon): once more
                was_connected = client is not None
                try:
                    if client is None:
                        client = self._connect()
                    self._do(client, what, text)
                    break
                except ssip.SsipError as exc:
                    if client is not None:
                        client.close()
                    client = None
                    if attempt == 2 or not was_connected:
                        self._fail(str(exc))
                        break

    def _do(self, client: ssip.SsipClient, what: str, text: str) -> None:
        if what == "cancel":
            client.cancel()
        elif what == "voices":
            if self.on_voices is not None:
                self.on_voices(client.voices())
        elif what == "say":
            self._apply(client)
            client.speak(text)
            self.said.append(text)
            if self.on_speaking is not None:
                self.on_speaking(text, self.settings.rate)

    def _connect(self) -> ssip.SsipClient:
        client = ssip.connect()
        modules = [m for m in client.modules() if m != "dummy"]
        if not modules:
            client.close()
            raise ssip.SsipError(
                "speech-dispatcher has no voice (install a synthesizer such as espeak-ng)"
            )
        self._applied = None
        return client

    def _apply(self, client: ssip.SsipClient) -> None:
        wanted = self.settings
        if wanted == self._applied:
            return
        client.set_rate(wanted.rate)
        client.set_volume(wanted.volume * 2 - 100)  # SSIP's volume is -100 .. 100
        if wanted.voice:
            client.set_voice(wanted.voice)
        self._applied = wanted


class NoSpeaker(Speaker):
    """Where no voice is implemented (not Linux, Windows or macOS)."""

    def say(self, text: str, *, interrupt: bool = False) -> None:
        self._fail("spoken guidance is not available on this system")

    def list_voices(self) -> None:
        if self.on_voices is not None:
            self.on_voices([])


def make_speaker(
    on_unavailable: Callable[[str], None] | None = None,
    on_voices: Callable[[list[ssip.Voice]], None] | None = None,
) -> VoiceOutput:
    if sys.platform.startswith("linux"):
        return Speaker(on_unavailable, on_voices)
    if sys.platform in ("win32", "darwin"):
        from reflexmap.qt.player.qt_speech import QtSpeaker

        return QtSpeaker(on_unavailable, on_voices)
    return NoSpeaker(on_unavailable, on_voices)
