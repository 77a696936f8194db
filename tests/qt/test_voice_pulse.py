"""Voice control through the real microphone path: a private PulseAudio server with a null
sink; the recording is played into the sink, and the app's own microphone code
(libpulse-simple) records the sink's monitor, exactly as it records a microphone.

Skipped where pulseaudio/pacat are not installed (.ci/run installs them). The server is
private to the test (its own socket and home under tmp_path, no device, no desktop
server touched) and stopped by its process id."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from player_atlas import with_leg  # tests/ is on the path: its conftest lives there

from reflexmap.qt.player.voice_control import DEVICE_KEY

pytest.importorskip("pocketsphinx")
pytestmark = pytest.mark.skipif(
    not (shutil.which("pulseaudio") and shutil.which("pacat")),
    reason="pulseaudio and pacat (pulseaudio-utils) are not installed",
)

RECORDING = Path(__file__).resolve().parents[1] / "data" / "listen" / "commands.wav"


class PrivatePulse:
    def __init__(self, root: Path) -> None:
        self.root = root
        run = root / "run"
        run.mkdir(mode=0o700, parents=True)
        (root / "home").mkdir()
        self.socket = run / "pulse.sock"
        self.log = open(root / "pulseaudio.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes"]
            + ["--use-pid-file=no", "--system=no", "--log-target=stderr"]
            + ["-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.socket}"]
            + ["-L", "module-null-sink sink_name=voicetest rate=16000 channels=1"],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "HOME": str(root / "home"), "XDG_RUNTIME_DIR": str(run)},
            start_new_session=True,
        )
        end = time.monotonic() + 15
        while not self.socket.exists():
            if time.monotonic() > end or self.proc.poll() is not None:
                self.stop()
                pytest.skip(f"pulseaudio did not start: {(root / 'pulseaudio.log').read_text()}")
            time.sleep(0.05)
        self.server = f"unix:{self.socket}"

    def play(self, wav: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["pacat", "--playback", "-d", "voicetest", "--file-format=wav", str(wav)],
            env={**os.environ, "PULSE_SERVER": self.server},
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.log.close()


@pytest.fixture
def pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    server = PrivatePulse(tmp_path / "pulse")
    monkeypatch.setenv("PULSE_SERVER", server.server)
    yield server
    server.stop()


@pytest.fixture
def atlas():  # type: ignore[no-untyped-def]
    from reflexmap.core.content import load_bundled

    return with_leg(load_bundled())


def start(panel) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    panel.choose("seq_test_mixed")
    panel.start()
    panel.dialog.start_button.click()
    events: list[tuple[str, int]] = []
    panel.session.subscribe(lambda event: events.append((event.kind, event.index)))
    return events


@pytest.mark.slow
def test_commands_played_into_a_virtual_source_drive_the_player(
    pulse, window, settings, qtbot
) -> None:  # type: ignore[no-untyped-def]
    panel = window.features.player.panel
    combo = panel.voice_device
    combo.setFocus()  # the list of sources is read when the field is used
    qtbot.waitUntil(lambda: combo.findData("voicetest.monitor") >= 0, timeout=5000)
    combo.setCurrentIndex(combo.findData("voicetest.monitor"))
    combo.activated.emit(combo.currentIndex())  # as a click in the list does
    assert settings.value(DEVICE_KEY) == "voicetest.monitor"  # remembered
    # the cues would play into the same null sink (its only sink) and hold the recogniser
    # while they do, at times that depend on the machine's load: off, so the recording
    # alone reaches the microphone (the hold is tested in test_voice_control.py)
    panel.sounds_box.setChecked(False)
    panel.voice_box.setChecked(True)
    heard: list[str] = []
    panel.voice.heard.connect(lambda h: heard.append(h.command))
    events = start(panel)
    qtbot.waitUntil(lambda: panel.voice.listening, timeout=15_000)
    qtbot.wait(1500)  # the model loads on the microphone's thread, the window stays live
    player = pulse.play(RECORDING)
    try:
        # "end routine", then "yes"
        qtbot.waitUntil(lambda: panel.session.state == "idle", timeout=60_000)
    except Exception as error:
        raise AssertionError(f"heard {heard}, events {events}") from error
    finally:
        player.wait(timeout=30)
    moves = [kind for kind, _ in events if kind in ("paused", "resumed", "stopped")]
    assert moves == ["paused", "resumed", "stopped"]
    assert panel.message.text() == "Routine ended."
    assert not panel.voice.listening  # no routine: the microphone is closed


def test_a_lost_server_is_said_and_the_routine_goes_on(pulse, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.features.player.panel
    panel.voice_box.setChecked(True)
    start(panel)
    qtbot.waitUntil(lambda: panel.voice.listening, timeout=15_000)
    qtbot.wait(500)
    pulse.stop()  # the sound server (and with it the microphone) goes away mid-routine
    qtbot.waitUntil(lambda: "Voice control stopped" in panel.voice_status.text(), timeout=60_000)
    assert "lost" in panel.voice_status.text() or "could not be opened" in panel.voice_status.text()
    assert panel.session.state in ("get_ready", "running")
    panel.next()
    assert panel.session.current is not None


def test_a_missing_device_is_said(pulse, window, settings, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.features.player.panel
    panel.voice_device.lineEdit().setText("no-such-microphone")  # typed by hand
    panel.voice_device.lineEdit().editingFinished.emit()
    assert settings.value(DEVICE_KEY) == "no-such-microphone"
    panel.voice_box.setChecked(True)
    start(panel)
    qtbot.waitUntil(lambda: "could not be opened" in panel.voice_status.text(), timeout=10_000)
    assert "'no-such-microphone'" in panel.voice_status.text()
    assert panel.session.state != "idle"
