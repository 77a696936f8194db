"""The player's voice on Windows and macOS: Qt's text-to-speech (QtTextToSpeech).

There Qt's engines are the system's own: WinRT/SAPI on Windows, AVSpeechSynthesizer on
macOS. QtTextToSpeech ships in PySide6-Addons, which pyproject.toml requires on those two
platforms only (Linux speaks to speech-dispatcher through `ssip.py` and does not download
it). The module is imported at the first text or voice list, that is when a routine
starts or the voice dialog opens, never at start-up.

The engine is a QObject used on the window's thread: its calls return at once and the
speaking happens in the system's synthesizer. `enqueue` keeps the texts in order,
`stop(Immediate)` cuts what is said and empties Qt's queue (pause, stop, closing).

Verified on Linux only, with the QTextToSpeech object replaced by a recorder
(tests/qt/test_platform_backends.py): not yet run against a real Windows or macOS engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from reflexmap.qt.player import ssip
from reflexmap.qt.player.speech import VoiceSettings


class TextToSpeech(Protocol):
    """The part of QTextToSpeech this module uses (its enums are read from the class)."""

    BoundaryHint: ClassVar[Any]
    State: ClassVar[Any]
    errorOccurred: Any  # a Qt signal: (reason, message)

    def enqueue(self, text: str, /) -> int: ...
    def stop(self, boundaryHint: Any = ..., /) -> None: ...
    def setRate(self, rate: float, /) -> None: ...
    def setVolume(self, volume: float, /) -> None: ...
    def setVoice(self, voice: Any, /) -> None: ...
    def voice(self) -> Any: ...
    def setLocale(self, locale: Any, /) -> None: ...
    def locale(self) -> Any: ...
    def availableLocales(self) -> list[Any]: ...
    def availableVoices(self) -> list[Any]: ...
    def state(self) -> Any: ...
    def errorString(self) -> str: ...


def qt_text_to_speech() -> TextToSpeech:
    """The system's default engine (raises ImportError without PySide6-Addons)."""
    module = importlib.import_module("PySide6.QtTextToSpeech")
    engine: TextToSpeech = module.QTextToSpeech()
    return engine


class QtSpeaker:
    """The same contract as `speech.Speaker`: texts said in order, `interrupt` and `stop()`
    cut at once, `on_unavailable(reason)` called once when nothing can be said (then the
    texts are dropped quietly and the routine goes on with its sounds)."""

    def __init__(
        self,
        on_unavailable: Callable[[str], None] | None = None,
        on_voices: Callable[[list[ssip.Voice]], None] | None = None,
        *,
        make_engine: Callable[[], TextToSpeech] = qt_text_to_speech,
    ) -> None:
        self.on_unavailable = on_unavailable
        self.on_voices = on_voices
        self.unavailable = ""
        self.settings = VoiceSettings()
        self.said: list[str] = []  # every text handed to the engine, in order
        self._make_engine = make_engine
        self._engine: TextToSpeech | None = None
        self._applied: VoiceSettings | None = None
        self._default: tuple[Any, Any] | None = None  # the engine's own locale and voice
        self._voices: list[Any] | None = None

    # ---- the contract -------------------------------------------------------------------
    def say(self, text: str, *, interrupt: bool = False) -> None:
        text = " ".join(text.split())
        engine = self._ready()
        if engine is None or not text:
            return
        if interrupt:
            engine.stop(type(engine).BoundaryHint.Immediate)
        self._apply(engine)
        if engine.enqueue(text) < 0:
            self._fail(engine.errorString() or "the speech engine refused the text")
            return
        self.said.append(text)

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop(type(self._engine).BoundaryHint.Immediate)

    def configure(self, settings: VoiceSettings) -> None:
        self.settings = settings
        if self._engine is not None and not self.unavailable:
            self._apply(self._engine)

    def list_voices(self) -> None:
        engine = self._ready()
        found = [] if engine is None else self._all_voices(engine)
        if self.on_voices is not None:
            self.on_voices([ssip.Voice(v.name(), v.locale().name(), "") for v in found])

    def close(self) -> None:
        self.stop()
        self._engine = None

    # ---- the engine ---------------------------------------------------------------------
    def _fail(self, reason: str) -> None:
        if not self.unavailable:
            self.unavailable = reason
            self.stop()
            if self.on_unavailable is not None:
                self.on_unavailable(reason)

    def _ready(self) -> TextToSpeech | None:
        """The engine, made on first use; None (said once) when there is no voice."""
        if self.unavailable:
            return None
        if self._engine is None:
            try:
                engine = self._make_engine()
            except ImportError:
                self._fail("Qt's text-to-speech is not installed (PySide6-Addons)")
                return None
            if engine.state() == type(engine).State.Error:
                self._fail(engine.errorString() or "the system's speech engine did not start")
                return None
            if not engine.availableLocales():
                self._fail("the system offers no voice")
                return None
            engine.errorOccurred.connect(self._engine_error)
            self._engine = engine
            self._default = (engine.locale(), engine.voice())
        return self._engine

    def _engine_error(self, reason: object, message: str) -> None:
        self._fail(message or "the system's speech engine failed")

    def _all_voices(self, engine: TextToSpeech) -> list[Any]:
        """Every voice of every language the engine offers (Qt lists a locale's only)."""
        if self._voices is None:
            here = engine.locale()
            seen: dict[str, Any] = {}
            for locale in engine.availableLocales():
                engine.setLocale(locale)
                for voice in engine.availableVoices():
                    seen.setdefault(voice.name(), voice)
            engine.setLocale(here)
            self._voices = list(seen.values())
        return self._voices

    def _apply(self, engine: TextToSpeech) -> None:
        wanted = self.settings
        if wanted == self._applied:
            return
        engine.setRate(max(-100, min(100, wanted.rate)) / 100)  # Qt: -1.0 .. 1.0
        engine.setVolume(max(0, min(100, wanted.volume)) / 100)  # Qt: 0.0 .. 1.0
        if self._applied is None or wanted.voice != self._applied.voice:
            self._choose_voice(engine, wanted.voice)
        self._applied = wanted

    def _choose_voice(self, engine: TextToSpeech, name: str) -> None:
        if not name:
            if self._default is not None:
                locale, voice = self._default
                engine.setLocale(locale)
                engine.setVoice(voice)
            return
        for voice in self._all_voices(engine):
            if voice.name() == name:
                engine.setLocale(voice.locale())  # the voice's language, then the voice
                engine.setVoice(voice)
                return
        # a voice removed from the system since it was chosen: the default one speaks
