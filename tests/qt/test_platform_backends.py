"""The player's voice, cues and screen-awake on Windows and macOS, run on Linux.

Each backend is the real code; only the operating system's call is replaced by a recorder,
at the narrowest point: the QTextToSpeech class (a fake `PySide6.QtTextToSpeech` module),
`winsound.PlaySound` (a fake `winsound` module), kernel32's SetThreadExecutionState (a
fake `ctypes.WinDLL`), IOKit/CoreFoundation (a fake `ctypes.CDLL` for those two paths) and
the `afplay` process. Nothing here imports a Windows- or macOS-only module, so it runs on
Linux CI. What it cannot show: that the real engines accept these calls (see
docs/architecture.md, "Hands-free practice": not run on a real Windows or Mac)."""

from __future__ import annotations

import ctypes
import enum
import sys
import time
import types
import wave
from pathlib import Path

import pytest
from fake_clock import FakeClock  # tests/ is on the path: its conftest lives there
from test_hands_free import run_for, start  # the same routine, started and run the same way

from reflexmap.core import cue_sounds
from reflexmap.core.present import spoken
from reflexmap.core.routine_plan import plan_routine
from reflexmap.qt.player import screen_awake, sounds, speech
from reflexmap.qt.player.hands_free import HandsFree
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.player.qt_speech import QtSpeaker
from reflexmap.qt.player.speech import VoiceSettings

ROUTINE = "seq_002_seated_self_massage"  # on each foot in turn: a side change
ES_CONTINUOUS, ES_DISPLAY_REQUIRED = 0x80000000, 0x00000002
SND_MEMORY = 0x0004


# ---- the recorders ----------------------------------------------------------------------
class FakeLocale:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FakeLocale) and other._name == self._name


class FakeVoice:
    def __init__(self, name: str, locale: str) -> None:
        self._name, self._locale = name, FakeLocale(locale)

    def name(self) -> str:
        return self._name

    def locale(self) -> FakeLocale:
        return self._locale


class FakeSignal:
    def __init__(self) -> None:
        self.slots: list = []  # type: ignore[type-arg]

    def connect(self, slot) -> None:  # type: ignore[no-untyped-def]
        self.slots.append(slot)

    def emit(self, *args) -> None:  # type: ignore[no-untyped-def]
        for slot in self.slots:
            slot(*args)


class FakeTextToSpeech:
    """QTextToSpeech as far as the player uses it; every call goes to `log`."""

    class BoundaryHint(enum.Enum):
        Default, Immediate, Word, Sentence, Utterance = range(5)

    class State(enum.Enum):
        Ready, Speaking, Paused, Error, Synthesizing = range(5)

    VOICES = {"en_GB": ["Daniel", "Kate"], "fr_FR": ["Thomas"]}
    log: list = []  # type: ignore[type-arg]  # set per test
    start_state = State.Ready
    made = 0

    def __init__(self) -> None:
        type(self).made += 1
        self.errorOccurred = FakeSignal()
        self._locale = FakeLocale("en_GB")
        self._voice = FakeVoice("Daniel", "en_GB")

    def enqueue(self, text: str) -> int:
        if self.start_state == self.State.Error:
            return -1
        self.log.append(("say", text))
        return 0

    def stop(self, hint=BoundaryHint.Default) -> None:  # type: ignore[no-untyped-def]
        self.log.append(("stop", hint))

    def setRate(self, rate: float) -> None:  # noqa: N802 (Qt's name)
        self.log.append(("rate", rate))

    def setVolume(self, volume: float) -> None:  # noqa: N802
        self.log.append(("volume", volume))

    def setVoice(self, voice: FakeVoice) -> None:  # noqa: N802
        self._voice = voice
        self.log.append(("voice", voice.name(), self._locale.name()))

    def voice(self) -> FakeVoice:
        return self._voice

    def setLocale(self, locale: FakeLocale) -> None:  # noqa: N802
        self._locale = locale

    def locale(self) -> FakeLocale:
        return self._locale

    def availableLocales(self) -> list[FakeLocale]:  # noqa: N802
        return [FakeLocale(name) for name in self.VOICES]

    def availableVoices(self) -> list[FakeVoice]:  # noqa: N802
        name = self._locale.name()
        return [FakeVoice(v, name) for v in self.VOICES.get(name, [])]

    def state(self) -> State:
        return self.start_state

    def errorString(self) -> str:  # noqa: N802
        return "the engine failed (fake)" if self.start_state == self.State.Error else ""


@pytest.fixture
def tts(monkeypatch: pytest.MonkeyPatch) -> type[FakeTextToSpeech]:
    """A `PySide6.QtTextToSpeech` whose QTextToSpeech records; the class, for its log."""

    class Engine(FakeTextToSpeech):
        log: list = []  # type: ignore[type-arg]

    module = types.ModuleType("PySide6.QtTextToSpeech")
    module.QTextToSpeech = Engine  # type: ignore[attr-defined]
    real = sys.modules.get("PySide6.QtTextToSpeech")
    if real is not None:  # loaded (Addons installed): shiboken still looks its types up here
        module.__getattr__ = lambda name: getattr(real, name)  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", module)
    return Engine


class PlaySound:
    """winsound.PlaySound: records (sound, flags) from the cue worker thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str | None, int]] = []
        self.fail = False

    def __call__(self, sound: str | None, flags: int) -> None:
        if flags & sounds.SND_ASYNC and flags & SND_MEMORY:  # as CPython's winsound does
            raise RuntimeError("Cannot play asynchronously from memory")
        if flags & sounds.SND_FILENAME:
            assert isinstance(sound, str) and Path(sound).is_file()
        if self.fail:
            raise RuntimeError("Failed to play sound")
        self.calls.append((sound, flags))


class Recorder:
    """A ctypes function: accepts argtypes/restype, records its arguments."""

    def __init__(self, log: list, name: str, result=1) -> None:  # type: ignore[no-untyped-def,type-arg]
        self.log, self.name, self.result = log, name, result

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        self.log.append((self.name, *args))
        return self.result(*args) if callable(self.result) else self.result


def fake_windll(log: list, result: int = 1):  # type: ignore[no-untyped-def,type-arg]
    def windll(name: str):  # type: ignore[no-untyped-def]
        assert name == "kernel32"
        return types.SimpleNamespace(
            SetThreadExecutionState=Recorder(log, "SetThreadExecutionState", result)
        )

    return windll


class MacLibraries:
    """IOKit and CoreFoundation as recorders; CFStrings are numbered handles."""

    def __init__(self, log: list, result: int = 0) -> None:  # type: ignore[type-arg]
        self.log, self.strings, self.result = log, {}, result

        def create(alloc, data: bytes, encoding: int) -> int:  # type: ignore[no-untyped-def]
            handle = 1000 + len(self.strings)
            self.strings[handle] = data.decode()
            return handle

        def assertion(kind, level, name, out):  # type: ignore[no-untyped-def]
            out.contents.value = 77
            self.log.append(("create", self.strings[kind], level, self.strings[name]))
            return self.result

        self.iokit = types.SimpleNamespace(
            IOPMAssertionCreateWithName=Recorder([], "c", assertion),
            IOPMAssertionRelease=Recorder(log, "IOPMAssertionRelease", 0),
        )
        self.cf = types.SimpleNamespace(
            CFStringCreateWithCString=Recorder([], "s", create),
            CFRelease=Recorder(log, "CFRelease", None),
        )

    def cdll(self, real):  # type: ignore[no-untyped-def]
        def load(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if str(path).endswith("IOKit.framework/IOKit"):
                return self.iokit
            if str(path).endswith("CoreFoundation.framework/CoreFoundation"):
                return self.cf
            return real(path, *args, **kwargs)

        return load


def wait_for(predicate, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, cue_sounds.RATE)
        return w.readframes(w.getnframes())


# ---- speech: QtTextToSpeech ---------------------------------------------------------------
def test_qt_voice_says_in_order_cuts_at_once_and_follows_the_settings(tts) -> None:  # type: ignore[no-untyped-def]
    speaker = QtSpeaker()
    assert tts.made == 0  # nothing loaded before the first text
    speaker.configure(VoiceSettings(rate=-40, volume=70, voice="Thomas"))
    speaker.say("Right foot:\n the solar plexus.")
    speaker.say("Ten seconds left.")
    immediate = tts.BoundaryHint.Immediate
    assert ("rate", -0.4) in tts.log and ("volume", 0.7) in tts.log
    assert ("voice", "Thomas", "fr_FR") in tts.log  # found in another language's list
    assert [e for e in tts.log if e[0] == "say"] == [
        ("say", "Right foot: the solar plexus."),
        ("say", "Ten seconds left."),
    ]
    speaker.say("Paused.", interrupt=True)
    assert tts.log[-2:] == [("stop", immediate), ("say", "Paused.")]
    speaker.stop()
    assert tts.log[-1] == ("stop", immediate)
    speaker.configure(VoiceSettings(rate=-40, volume=70, voice=""))  # back to the default
    assert tts.log[-1] == ("voice", "Daniel", "en_GB")
    speaker.close()
    assert tts.log[-1] == ("stop", immediate) and tts.made == 1


def test_qt_voice_lists_every_language_s_voices(tts) -> None:  # type: ignore[no-untyped-def]
    found: list = []  # type: ignore[type-arg]
    speaker = QtSpeaker(on_voices=found.extend)
    speaker.list_voices()
    assert [(v.name, v.language, v.label) for v in found] == [
        ("Daniel", "en_GB", "Daniel (en_GB)"),
        ("Kate", "en_GB", "Kate (en_GB)"),
        ("Thomas", "fr_FR", "Thomas (fr_FR)"),
    ]


@pytest.mark.parametrize("how", ["no_addons", "engine_error", "error_later"])
def test_qt_no_voice_is_said_once_then_texts_are_dropped(tts, monkeypatch, how) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    if how == "no_addons":  # the real loader, with no PySide6-Addons installed
        monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    if how == "engine_error":
        tts.start_state = tts.State.Error
    speaker = QtSpeaker(problems.append)
    speaker.say("Right foot: the solar plexus.")
    if how == "error_later":
        speaker._engine.errorOccurred.emit(4, "no audio device")  # type: ignore[union-attr]  # Playback
    speaker.say("Ten seconds left.")
    speaker.say("Paused.", interrupt=True)
    expected = {
        "no_addons": "Qt's text-to-speech is not installed (PySide6-Addons)",
        "engine_error": "the engine failed (fake)",
        "error_later": "no audio device",
    }[how]
    assert problems == [expected]
    said = [e[1] for e in tts.log if e[0] == "say"]
    assert said == (["Right foot: the solar plexus."] if how == "error_later" else [])


# ---- cue sounds ---------------------------------------------------------------------------
def test_windows_cues_play_the_generated_wav_async_and_stop(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    play = PlaySound()
    monkeypatch.setitem(sys.modules, "winsound", types.SimpleNamespace(PlaySound=play))
    player = sounds.WinCuePlayer()
    player.volume = 0.25
    player.play("ten_left")
    assert wait_for(lambda: play.calls)
    path, flags = play.calls[0]
    assert flags == sounds.SND_FILENAME | sounds.SND_ASYNC | sounds.SND_NODEFAULT
    # the project's own cue, at the user's volume
    expected = cue_sounds.scaled(cue_sounds.samples("ten_left"), 0.25)
    assert frames(Path(path)) == expected
    assert wait_for(lambda: player.played == ["ten_left"])
    player.play("end")  # 1.5 s long: cut by stop()
    assert wait_for(lambda: len(play.calls) == 2)
    player.stop()
    assert wait_for(lambda: play.calls[-1] == (None, 0))  # PlaySound(None, 0) silences
    assert player.played == ["ten_left"]
    folder = Path(path).parent
    player.close()
    assert not folder.exists()  # the temporary WAVs go with the player


def test_windows_sound_failure_is_said_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    play = PlaySound()
    play.fail = True
    monkeypatch.setitem(sys.modules, "winsound", types.SimpleNamespace(PlaySound=play))
    problems: list[str] = []
    player = sounds.WinCuePlayer(problems.append)
    player.play("step")
    assert wait_for(lambda: problems)
    player.play("side")
    time.sleep(0.1)
    assert problems == ["Windows could not play a sound (Failed to play sound)"]
    player.close()


class FakeProcess:
    def __init__(self, args: list[str], log: list, length: float) -> None:  # type: ignore[type-arg]
        self.args, self.log, self.end = args, log, time.monotonic() + length
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and time.monotonic() >= self.end:
            self.returncode = 0
        return self.returncode

    def terminate(self) -> None:
        self.log.append(("terminate", self.args[1]))
        self.returncode = -15

    def wait(self) -> int:
        return self.returncode or 0


def test_mac_cues_run_afplay_on_the_wav_and_end_it_on_stop(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    log: list = []  # type: ignore[type-arg]

    def popen(args: list[str]) -> FakeProcess:
        log.append(("start", args))
        return FakeProcess(args, log, length=0.1 if "step" in args[1] else 30)

    monkeypatch.setattr(sounds, "_popen_quiet", popen)
    player = sounds.make_cue_player() if sys.platform == "darwin" else sounds.AfplayCuePlayer()
    player.volume = 1.0
    player.play("step")
    assert wait_for(lambda: player.played == ["step"])
    program, path = log[0][1]
    assert program == "/usr/bin/afplay"
    assert frames(Path(path)) == cue_sounds.scaled(cue_sounds.samples("step"), 1.0)
    player.play("side")  # this fake one would play 30 s
    assert wait_for(lambda: len(log) == 2)
    player.stop()
    assert wait_for(lambda: log[-1][0] == "terminate")
    player.close()


def test_mac_a_cue_that_outlives_its_length_is_cut_by_the_next(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """afplay may still play when the worker stops waiting (its start-up): the next cue
    ends it first instead of playing over it. Mutation checked: without the cut in
    AfplayCuePlayer._start, no terminate is logged and two processes overlap."""
    log: list = []  # type: ignore[type-arg]

    def popen(args: list[str]) -> FakeProcess:
        log.append(("start", args[1]))
        return FakeProcess(args, log, length=30)  # far longer than any cue

    monkeypatch.setattr(sounds, "_popen_quiet", popen)
    player = sounds.AfplayCuePlayer()
    player.play("side")
    assert wait_for(lambda: player.played == ["side"])  # the worker no longer waits on it
    player.play("step")
    assert wait_for(lambda: len(log) == 3)
    assert [kind for kind, _ in log] == ["start", "terminate", "start"]
    player.close()


@pytest.mark.skipif(Path("/usr/bin/afplay").exists(), reason="a Mac: afplay is there")
def test_mac_without_afplay_says_so_once() -> None:
    problems: list[str] = []
    player = sounds.AfplayCuePlayer(problems.append)  # the real Popen: no afplay on Linux
    player.play("step")
    assert wait_for(lambda: problems)
    player.play("end")
    time.sleep(0.1)
    assert len(problems) == 1 and "afplay" in problems[0]
    player.close()


# ---- screen kept on -----------------------------------------------------------------------
def test_windows_screen_awake_holds_once_and_releases(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    log: list = []  # type: ignore[type-arg]
    monkeypatch.setattr(ctypes, "WinDLL", fake_windll(log), raising=False)
    awake = screen_awake.WindowsScreenAwake()
    awake.hold("A massage routine is playing")
    awake.hold("A massage routine is playing")
    assert awake.held and log == [("SetThreadExecutionState", ES_CONTINUOUS | ES_DISPLAY_REQUIRED)]
    awake.release()
    awake.release()
    assert not awake.held and log[1:] == [("SetThreadExecutionState", ES_CONTINUOUS)]
    awake.hold("again")
    awake.close()
    assert log[-2:] == [
        ("SetThreadExecutionState", ES_CONTINUOUS | ES_DISPLAY_REQUIRED),
        ("SetThreadExecutionState", ES_CONTINUOUS),
    ]
    calls: list = []  # type: ignore[type-arg]
    refused = screen_awake.WindowsScreenAwake(Recorder(calls, "SetThreadExecutionState", 0))
    refused.hold("x")
    refused.release()  # sent all the same: the state is never left on by mistake
    assert "Windows" in refused.error and calls[-1] == ("SetThreadExecutionState", ES_CONTINUOUS)


def test_mac_screen_awake_asserts_no_display_sleep_and_releases(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    log: list = []  # type: ignore[type-arg]
    libs = MacLibraries(log)
    monkeypatch.setattr(ctypes, "CDLL", libs.cdll(ctypes.CDLL))
    awake = screen_awake.MacScreenAwake()
    awake.hold("A massage routine is playing")
    awake.hold("A massage routine is playing")
    creates = [e for e in log if e[0] == "create"]
    assert creates == [
        ("create", "PreventUserIdleDisplaySleep", 255, "A massage routine is playing")
    ]
    assert awake.held and awake.assertion == 77
    assert sorted(e[1] for e in log if e[0] == "CFRelease") == sorted(libs.strings)  # no leak
    awake.release()
    awake.release()
    assert [e for e in log if e[0] == "IOPMAssertionRelease"] == [("IOPMAssertionRelease", 77)]
    assert not awake.held
    refused = screen_awake.MacScreenAwake(*_libs(MacLibraries([], result=-536870201)))
    refused.hold("x")
    assert not refused.held and "0x" in refused.error


def _libs(libs: MacLibraries) -> tuple[object, object]:
    return libs.iokit, libs.cf


@pytest.mark.parametrize(
    ("platform", "voice", "cues", "awake"),
    [
        ("win32", QtSpeaker, sounds.WinCuePlayer, screen_awake.WindowsScreenAwake),
        ("darwin", QtSpeaker, sounds.AfplayCuePlayer, screen_awake.MacScreenAwake),
        ("linux", speech.Speaker, sounds.PulseCuePlayer, screen_awake.DBusScreenAwake),
        ("sunos5", speech.NoSpeaker, sounds.CuePlayer, screen_awake.NoScreenAwake),
    ],
)
def test_each_platform_gets_its_backends(monkeypatch, platform, voice, cues, awake) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "platform", platform)
    assert type(speech.make_speaker()) is voice
    assert type(sounds.make_cue_player()) is cues
    assert type(screen_awake.make_screen_awake()) is awake


# ---- the whole player, as on Windows and on a Mac -------------------------------------------
def as_platform(window, monkeypatch, platform: str) -> PlayerPanel:  # type: ignore[no-untyped-def]
    """The player, whose HandsFree picks its backends as on `platform`."""
    panel = window.features.player.panel
    panel.session.clock = FakeClock(50.0)

    def make() -> HandsFree:
        with monkeypatch.context() as m:
            m.setattr(sys, "platform", platform)
            return HandsFree(window.ctx.atlas, window.ctx.settings, panel)

    panel.make_hands_free = make
    return panel


def test_windows_player_speaks_each_step_in_order_and_keeps_the_screen_on(
    window, monkeypatch, tts
) -> None:  # type: ignore[no-untyped-def]
    play = PlaySound()
    monkeypatch.setitem(sys.modules, "winsound", types.SimpleNamespace(PlaySound=play))
    monkeypatch.setattr(ctypes, "WinDLL", fake_windll(tts.log), raising=False)
    panel = as_platform(window, monkeypatch, "win32")
    atlas = window.ctx.atlas
    plan = plan_routine(atlas, atlas.sequences[ROUTINE])
    start(panel)
    hold = ("SetThreadExecutionState", ES_CONTINUOUS | ES_DISPLAY_REQUIRED)
    release = ("SetThreadExecutionState", ES_CONTINUOUS)
    assert tts.log[0] == hold and tts.made == 1  # the engine loaded at the start
    run_for(panel, 4)
    panel.toggle()  # Space, or the Pause button
    assert panel.session.state == "paused"
    immediate = ("stop", tts.BoundaryHint.Immediate)
    paused_at = tts.log.index(("say", "Paused."))
    # the step being said is cut and the screen let go before "Paused." is said
    assert tts.log[paused_at - 3 : paused_at] == [immediate, release, immediate]
    panel.toggle()
    assert panel.session.state == "running" and tts.log[-1] == ("say", "Go on.")
    assert tts.log.count(hold) == 2
    run_for(panel, plan.total_s + 60)
    assert panel.session.state == "finished"
    words = [e[1] for e in tts.log if e[0] == "say"]
    expected = [spoken.step_words(atlas, p) for p in plan.steps]
    assert [w for w in words if w in set(expected)] == expected  # each step, once, in order
    assert words[-1] == f"Routine finished, after {spoken.count_for_ear(plan.total_s)}."
    assert "Change to your right foot." in words
    assert release in tts.log[-4:]  # the screen may sleep again once the routine ends
    assert tts.log.count(release) == 2  # on pause and at the end
    # the cues reached PlaySound as the project's WAV files
    assert wait_for(lambda: play.calls)
    assert all(
        flags == sounds.SND_FILENAME | sounds.SND_ASYNC | sounds.SND_NODEFAULT
        for sound, flags in play.calls
        if sound is not None
    )
    closing = len(tts.log)
    window.close()  # closing the window cuts the voice
    assert ("stop", tts.BoundaryHint.Immediate) in tts.log[closing:]


def test_mac_player_stops_speaking_on_stop_and_lets_the_screen_sleep(
    window, monkeypatch, tts
) -> None:  # type: ignore[no-untyped-def]
    libs = MacLibraries(tts.log)
    monkeypatch.setattr(ctypes, "CDLL", libs.cdll(ctypes.CDLL))
    started: list = []  # type: ignore[type-arg]
    monkeypatch.setattr(
        sounds, "_popen_quiet", lambda args: started.append(args) or FakeProcess(args, [], 0.05)
    )
    panel = as_platform(window, monkeypatch, "darwin")
    atlas = window.ctx.atlas
    plan = plan_routine(atlas, atlas.sequences[ROUTINE])
    start(panel)
    run_for(panel, 4)
    assert ("create", "PreventUserIdleDisplaySleep", 255, "A massage routine is playing") in tts.log
    words = [e[1] for e in tts.log if e[0] == "say"]
    assert spoken.step_words(atlas, plan.steps[0]) in words
    panel.stop()
    stopped = len(tts.log)
    assert ("stop", tts.BoundaryHint.Immediate) in tts.log[stopped - 4 :]
    assert ("IOPMAssertionRelease", 77) in tts.log[stopped - 4 :]
    run_for(panel, 120)
    assert not [e for e in tts.log[stopped:] if e[0] == "say"]  # nothing said after Stop
    assert wait_for(lambda: started) and started[0][0] == "/usr/bin/afplay"


# ---- the real binding, with Qt's own test engine ------------------------------------------
def test_qt_voice_with_the_real_binding_and_qt_s_mock_engine(qtbot) -> None:  # type: ignore[no-untyped-def]
    """QtSpeaker against PySide6's real QTextToSpeech, on the "mock" engine plugin that
    PySide6-Addons ships (it speaks word by word on timers, with a few voices per locale).
    Addons is not installed on Linux, so this is skipped there; run it by hand with
    `uv run --with PySide6-Addons==<the Essentials version> pytest -n0 -k mock_engine
    tests/qt/test_platform_backends.py` (done on Linux, 2026-12-06, PySide6 6.11.3)."""
    qtts = pytest.importorskip("PySide6.QtTextToSpeech")
    if "mock" not in qtts.QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock text-to-speech plugin is not installed")
    words: list[tuple[int, str]] = []
    engines: list = []  # type: ignore[type-arg]

    def mock():  # type: ignore[no-untyped-def]
        engine = qtts.QTextToSpeech("mock")
        engine.sayingWord.connect(lambda word, _id, _start, _len: words.append(word))
        engines.append(engine)
        return engine

    problems: list[str] = []
    voices: list = []  # type: ignore[type-arg]
    speaker = QtSpeaker(problems.append, voices.extend, make_engine=mock)
    speaker.list_voices()
    languages = {v.language for v in voices}
    assert len(languages) > 1 and len(voices) > len(languages)  # every locale's voices
    chosen = voices[-1]
    speaker.configure(VoiceSettings(rate=-40, volume=70, voice=chosen.name))
    speaker.say("Right foot: the solar plexus.")
    speaker.say("Ten seconds left.")
    engine = engines[0]
    assert (engine.rate(), engine.volume()) == (pytest.approx(-0.4), pytest.approx(0.7))
    assert (engine.voice().name(), engine.locale().name()) == (chosen.name, chosen.language)
    ready = qtts.QTextToSpeech.State.Ready
    qtbot.waitUntil(lambda: engine.state() == ready and len(words) >= 8, timeout=10000)
    assert words == ["Right", "foot", "the", "solar", "plexus", "Ten", "seconds", "left"]
    words.clear()
    speaker.say("Press the whole sole slowly from the heel up to the toes.")
    qtbot.waitUntil(lambda: len(words) >= 2, timeout=5000)
    speaker.stop()  # as on pause: cut at once, nothing queued is said
    assert engine.state() == ready
    cut = len(words)
    qtbot.wait(500)
    assert len(words) == cut < 12 and problems == []
    speaker.close()
    missing = QtSpeaker(problems.append, make_engine=lambda: qtts.QTextToSpeech("no-such"))
    missing.say("x")
    missing.say("y")
    assert len(problems) == 1


def test_windows_without_a_voice_says_so_once_and_the_cues_go_on(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # Addons missing
    play = PlaySound()
    monkeypatch.setitem(sys.modules, "winsound", types.SimpleNamespace(PlaySound=play))
    monkeypatch.setattr(ctypes, "WinDLL", fake_windll([]), raising=False)
    panel = as_platform(window, monkeypatch, "win32")
    start(panel)
    run_for(panel, 60)
    assert panel.message.text() == (
        "No voice: Qt's text-to-speech is not installed (PySide6-Addons). "
        "The player goes on without it."
    )
    assert panel.session.state == "running"
    assert wait_for(lambda: any(sound for sound, _ in play.calls))  # the cues still sound
    window.close()


def test_voice_dialog_offers_the_engine_s_voices_and_uses_the_chosen_one(
    window, monkeypatch, tts, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from reflexmap.qt.player.voice_dialog import VoiceDialog

    monkeypatch.setitem(sys.modules, "winsound", types.SimpleNamespace(PlaySound=PlaySound()))
    monkeypatch.setattr(ctypes, "WinDLL", fake_windll([]), raising=False)
    panel = as_platform(window, monkeypatch, "win32")
    panel.voice_settings()
    dialog = window.findChild(VoiceDialog)
    qtbot.waitExposed(dialog)
    offered = [dialog.voice.itemText(i) for i in range(1, dialog.voice.count())]
    assert offered == ["Daniel (en_GB)", "Kate (en_GB)", "Thomas (fr_FR)"]
    dialog.voice.setCurrentIndex(3)
    dialog.rate.setValue(50)
    dialog.try_button.click()
    assert ("voice", "Thomas", "fr_FR") in tts.log and ("rate", 0.5) in tts.log
    assert tts.log[-1] == ("say", "Right foot: the solar plexus. Thumb press, 30 seconds.")
    assert window.ctx.settings.value("player/voiceName") == "Thomas"  # remembered
    dialog.close()
