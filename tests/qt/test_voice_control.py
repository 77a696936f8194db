"""Voice control in the player, driven by a recording through a stand-in microphone.

The stand-in delivers a real recording (tests/data/listen/commands.wav) in 100 ms blocks
on its own thread, as the real microphone does; the recogniser, the dialogue and the
player are the app's own. The real microphone path (PulseAudio) is tested in
test_voice_pulse.py."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from player_atlas import with_leg  # tests/ is on the path: its conftest lives there

from reflexmap.core.listen.wav_input import read_wav
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.player.voice_control import SWITCH_KEY, speaking_s

pytest.importorskip("pocketsphinx")

RECORDING = Path(__file__).resolve().parents[1] / "data" / "listen" / "commands.wav"


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


class StandInMicrophone:
    """Plays `audio` into the app as a microphone would, then goes quiet (or fails)."""

    made: list[StandInMicrophone] = []

    def __init__(
        self,
        on_audio: Callable[[bytes], None],
        on_failure: Callable[[str], None],
        device: str | None,
        audio: bytes = b"",
        fail: str = "",
    ) -> None:
        self.on_audio, self.on_failure, self.device = on_audio, on_failure, device
        self.audio, self.fail = audio, fail
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        StandInMicrophone.made.append(self)

    def open(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.closed.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        if self.fail:
            self.on_failure(self.fail)
            return
        for offset in range(0, len(self.audio), 3200):
            if self.closed.is_set():
                return
            self.on_audio(self.audio[offset : offset + 3200])
            time.sleep(0.025)  # four times real time
        while not self.closed.wait(0.1):  # quiet after the recording, in real time
            self.on_audio(b"\0" * 3200)


@pytest.fixture
def atlas():  # type: ignore[no-untyped-def]
    from reflexmap.core.content import load_bundled

    return with_leg(load_bundled())


def make_panel(window, audio: bytes = b"", fail: str = "") -> PlayerPanel:  # type: ignore[no-untyped-def]
    panel = window.features.player.panel
    panel.clock = FakeClock()
    StandInMicrophone.made.clear()
    panel.voice.make_microphone = lambda a, f, d: StandInMicrophone(a, f, d, audio, fail)
    return panel


def start_routine(panel: PlayerPanel) -> list[tuple[str, int]]:
    panel.choose("seq_test_mixed")
    panel.start()
    panel.dialog.start_button.click()  # type: ignore[union-attr]
    assert panel.session.state != "idle"
    events: list[tuple[str, int]] = []
    panel.session.subscribe(lambda event: events.append((event.kind, event.index)))
    return events


def test_spoken_commands_drive_the_routine(window, qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(window, read_wav(RECORDING))
    panel.show()
    assert not panel.voice_box.isChecked() and panel.voice_status.text() == ""  # opt-in
    panel.voice_box.setChecked(True)
    assert settings.value(SWITCH_KEY) in (True, "true")
    assert StandInMicrophone.made == []  # no routine yet: the microphone stays closed
    events = start_routine(panel)
    assert len(StandInMicrophone.made) == 1
    assert panel.voice_status.text().startswith("● Listening")
    heard: list[str] = []
    panel.voice.heard.connect(lambda h: heard.append(h.command))
    try:
        # "end routine", then "yes"
        qtbot.waitUntil(lambda: panel.session.state == "idle", timeout=60_000)
    except Exception as error:
        from reflexmap.core.listen.commands import Mode
        from reflexmap.core.listen.recognizer import Recognizer

        fresh = Recognizer({Mode.ROUTINE}, keep_candidates=True)
        again = fresh.feed(read_wav(RECORDING)) + fresh.finish()
        raise AssertionError(
            f"a fresh recogniser here: {again}, {fresh.candidates[:4]}; heard {heard}, "
            f"events {events}, {panel.message.text()!r}, "
            f"{panel.voice_status.text()!r}, {panel.voice.failure!r}, {panel.voice.model_loaded}, "
            f"fed {panel.voice._recognizer.time_s if panel.voice._recognizer else None} s, "
            f"modes {panel.voice.dialogue.modes}, hold until {panel.voice._hold_until}, "
            f"mic {StandInMicrophone.made}"
        ) from error
    # "go forward", "pause please", "continue", "previous step", then the end
    moves = [(kind, index) for kind, index in events if kind in ("paused", "resumed", "stopped")]
    steps = [index for kind, index in events if kind in ("step_started", "get_ready")]
    assert 1 in steps and 0 in steps[steps.index(1) :]  # forward to the second play, then back
    assert [kind for kind, _ in moves] == ["paused", "resumed", "stopped"]
    assert panel.message.text() == "Routine ended."
    assert StandInMicrophone.made[0].closed.is_set()  # no routine: the microphone closed
    assert panel.voice_status.text() == "Listens while a routine runs"


def test_the_banner_says_the_words_while_listening(window) -> None:  # type: ignore[no-untyped-def]
    """Paused, the banner names the spoken way on as well as the key; without voice
    control, only the key."""
    panel = make_panel(window)  # a microphone that hears nothing
    start_routine(panel)
    panel.toggle()  # pause (during "Get ready": the banner says paused, not a frozen count)
    assert panel.session.state == "paused"
    panel.refresh()
    assert panel.banner.text() == "Paused: press Space to go on"
    panel.voice_box.setChecked(True)
    assert panel.voice.listening
    panel.refresh()
    assert panel.banner.text() == "Paused: say “continue” or press Space to go on"


def test_the_switch_is_remembered_and_off_means_no_microphone(
    window, new_window, atlas, settings
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(window, read_wav(RECORDING))
    start_routine(panel)
    assert StandInMicrophone.made == []  # switched off: never opened
    panel.voice_box.setChecked(True)  # switched on mid-routine: opens now
    assert len(StandInMicrophone.made) == 1
    panel.voice_box.setChecked(False)
    assert StandInMicrophone.made[0].closed.is_set()
    panel.voice_box.setChecked(True)
    other = new_window(atlas)
    assert other.features.player.panel.voice_box.isChecked()
    other.close()


def test_no_microphone_is_said_and_the_routine_goes_on(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(window, fail="the microphone could not be opened (No such entity)")
    panel.voice_box.setChecked(True)
    start_routine(panel)
    qtbot.waitUntil(lambda: "could not be opened" in panel.voice_status.text(), timeout=5000)
    assert "The routine goes on" in panel.voice_status.text()
    assert panel.session.state in ("get_ready", "running")
    panel.next()  # the keys still work
    assert (
        StandInMicrophone.made[0].closed.is_set() or not StandInMicrophone.made[0].thread.is_alive()
    )


def test_nothing_is_heard_while_the_app_speaks(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(window, read_wav(RECORDING))
    heard: list[str] = []
    panel.voice.heard.connect(lambda h: heard.append(h.command))
    panel.voice.hold_for(3600)  # the app's own voice speaks for the whole recording
    panel.voice_box.setChecked(True)
    events = start_routine(panel)
    qtbot.wait(1500)
    mic = StandInMicrophone.made[0]
    qtbot.waitUntil(lambda: mic.thread.is_alive(), timeout=2000)
    time.sleep(1.0)
    qtbot.wait(200)
    moved = [e for e in events if e[1] != 0 or e[0] in ("paused", "resumed", "stopped")]
    assert heard == [] and moved == [] and panel.session.state != "idle"


def test_help_lists_the_voice_commands(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = window.features.player.show_voice_commands()
    qtbot.addWidget(box)
    text = box.informativeText()
    assert "“go forward”" in text and "“end routine”" in text and "not kept" in text
    titles = [a.text() for a in window.menuBar().actions()]
    help_menu = window.menuBar().actions()[titles.index("&Help")].menu()
    assert "&Voice commands…" in [a.text() for a in help_menu.actions()]
    box.close()


def test_without_pocketsphinx_the_player_says_so(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # import fails as if not installed
    panel = make_panel(window, read_wav(RECORDING))
    panel.voice_box.setChecked(True)
    start_routine(panel)
    qtbot.waitUntil(lambda: "not installed" in panel.voice_status.text(), timeout=10_000)
    assert "reflexmap[listen]" in panel.voice_status.text()
    assert panel.session.state in ("get_ready", "running")


def test_marks_by_voice_while_recording(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """No routine: Record a Session alone opens the microphone; "tender two" and
    "grainy texture" mark the selected zone in the journal."""
    from reflexmap.core.paths import data_dir
    from reflexmap.core.user_store import Mark, UserStore

    marks_wav = RECORDING.with_name("marks.wav")
    panel = make_panel(window, read_wav(marks_wav))
    practice = window.features.userdata.practice
    zone = next(z.id for z in window.ctx.atlas.zones.values() if z.view == window.ctx.state.view)
    window.ctx.state.select_zone(zone)
    panel.voice_box.setChecked(True)
    assert StandInMicrophone.made == []  # neither a routine nor a recording yet
    practice.record_action.trigger()  # Data > Record a Session
    qtbot.waitUntil(lambda: len(StandInMicrophone.made) == 1, timeout=60_000)
    session = practice.session
    qtbot.waitUntil(
        lambda: (
            UserStore(data_dir()).marks(session.id).get(zone)
            == Mark(zone_id=zone, tenderness=2, texture=("grainy",))
        ),
        timeout=60_000,
    )
    assert panel.message.text().endswith(": grainy")
    # the status bar, shown at every window size, says what was heard and done
    status = window.statusBar().currentMessage()
    assert status.startswith("Heard: “grainy texture” – ") and status.endswith(": grainy")
    practice.finish().reject()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: StandInMicrophone.made[0].closed.is_set(), timeout=3000)


class SpeakingClient:
    """speech-dispatcher as the speech worker sees it: each text is "said" at once."""

    def __init__(self, speaking: threading.Event) -> None:
        self.speaking = speaking
        self.said: list[str] = []

    def modules(self) -> list[str]:
        return ["espeak-ng"]

    def speak(self, text: str) -> None:
        self.said.append(text)
        self.speaking.set()

    def cancel(self) -> None: ...

    def set_rate(self, rate: int) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def set_voice(self, name: str) -> None: ...

    def close(self) -> None: ...


def test_the_apps_own_voice_is_not_taken_for_a_command(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The routine's opening words go to the speech system; the recording (every command)
    reaches the microphone while they are said, and nothing is heard.
    Mutation checked: without `speaker.on_speaking` wired to the hold, "go forward" and the
    rest drive the routine (heard is not empty)."""
    from reflexmap.qt.player import ssip

    speaking = threading.Event()
    client = SpeakingClient(speaking)
    monkeypatch.setattr(ssip, "connect", lambda **_: client)
    panel = make_panel(window)
    audio = read_wav(RECORDING)
    fed = threading.Event()

    class AfterTheVoice(StandInMicrophone):
        def _run(self) -> None:  # the recording, unpaced, once the app has begun to speak
            speaking.wait(30)
            for offset in range(0, len(audio), 3200):
                self.on_audio(audio[offset : offset + 3200])
            fed.set()
            while not self.closed.wait(0.1):
                self.on_audio(b"\0" * 3200)

    panel.voice.make_microphone = lambda a, f, d: AfterTheVoice(a, f, d)
    heard: list[str] = []
    panel.voice.heard.connect(lambda h: heard.append(h.command))
    panel.voice_box.setChecked(True)
    events = start_routine(panel)
    qtbot.waitUntil(lambda: bool(client.said), timeout=30_000)
    opening = client.said[0]
    assert speaking_s(opening) > 3  # the words take seconds to say: held that long
    qtbot.waitUntil(fed.is_set, timeout=3000)  # the whole recording, while they are said
    qtbot.wait(500)
    moved = [e for e in events if e[0] in ("paused", "resumed", "stopped")]
    assert heard == [] and moved == [] and panel.session.state != "idle", (heard, opening)


def test_every_reader_of_a_switch_agrees(new_window, atlas, settings) -> None:  # type: ignore[no-untyped-def]
    """A settings file written by hand (or by another version) says "1", "yes" or "no":
    the panel's boxes, the voice and voice control read each value the same way (one
    reader, qt/player/switches.py; the panel read only "true" and voice control no "yes")."""
    settings.setValue("player/speak", "1")
    settings.setValue("player/sounds", "no")
    settings.setValue("player/voice_control", "yes")
    panel = new_window(atlas).features.player.panel
    assert panel.speak_box.isChecked() and not panel.sounds_box.isChecked()
    assert panel.voice_box.isChecked() and panel.voice.enabled
