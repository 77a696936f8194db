"""Hands-free practice against the real services, private and without devices
(desktop_services.py): speech-dispatcher writing what it is asked to say to a file,
PulseAudio with a null sink recorded by parec, a session bus whose ScreenSaver logs its
calls. The last test runs the app itself under Xvfb and drives it by keyboard only.
Each skips, naming what is missing, where those Debian packages are not installed
(.ci/run installs them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from desktop_services import Services, missing, start_routine_by_keys, wait_for

from reflexmap.core import cue_sounds


def need(*kinds: str) -> None:
    gone = missing(*kinds)
    if gone:
        pytest.skip(f"not installed: {', '.join(gone)}")


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with Services(tmp_path / "services") as s:
        yield s


def test_the_voice_says_each_text_once_in_order_and_stop_cuts_the_queue(services) -> None:  # type: ignore[no-untyped-def]
    need("speech")
    from reflexmap.qt.player.speech import Speaker

    services.speech()
    os.environ["SPEECHD_ADDRESS"] = services.env["SPEECHD_ADDRESS"]
    try:
        problems: list[str] = []
        speaker = Speaker(problems.append)
        speaker.say("Right foot: the heel. Thumb walking, 1 minute. Walk the thumb.")
        # a lone "." ends an SSIP message and a leading one is doubled; line breaks go
        speaker.say(".5 seconds\n.\nafter it")
        speaker.say("The next message.")
        wait_for(lambda: len(services.spoken_lines()) >= 3, 10, "three messages")
        speaker.stop()
        speaker.say("Paused.", interrupt=True)
        wait_for(lambda: "Paused." in services.spoken_lines(), 10, "Paused")
        speaker.close()
        # the client itself: a lone "." in a message is escaped, so the connection stays
        # in step (unescaped, the message would end there and the rest read as commands)
        from reflexmap.qt.player import ssip

        client = ssip.connect()
        client.speak("one\n.\ntwo")
        client.speak("After the dotted message.")
        wait_for(lambda: "After the dotted message." in services.spoken_lines(), 10, "after")
        client.close()
    finally:
        os.environ["SPEECHD_ADDRESS"] = "unix_socket:/nonexistent/reflexmap-tests/speechd.sock"
    lines = services.spoken_lines()[:4]
    assert lines[0] == "Right foot: the heel. Thumb walking, 1 minute. Walk the thumb."
    assert lines[1:] == [".5 seconds . after it", "The next message.", "Paused."], lines
    assert problems == []


def test_no_speech_dispatcher_is_said_once(tmp_path: Path) -> None:
    from reflexmap.qt.player.speech import Speaker

    problems: list[str] = []
    speaker = Speaker(problems.append)  # tests point SPEECHD_ADDRESS at nothing
    for text in ("one", "two", "three"):
        speaker.say(text)
        time.sleep(0.2)
    speaker.close()
    assert len(problems) == 1 and "not running" in problems[0] and speaker.said == []


def sox_stat(path: Path) -> dict[str, float]:
    out = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True)
    stats = {}
    for line in out.stderr.splitlines():
        m = re.match(r"^([A-Za-z ()]+):\s+(-?[\d.]+)$", line.strip())
        if m:
            stats[m.group(1).strip()] = float(m.group(2))
    return stats


def test_the_cues_are_heard_and_told_apart(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    need("sound")
    from reflexmap.qt.player.sounds import PulseCuePlayer

    services.sound()
    os.environ["PULSE_SERVER"] = services.env["PULSE_SERVER"]
    stats = {}
    try:
        for cue in cue_sounds.CUES:
            path = tmp_path / f"{cue}.wav"
            rec = services.record(path)
            player = PulseCuePlayer()
            player.play(cue)
            wait_for(lambda p=player, c=cue: c in p.played, 10, f"cue {cue}")  # type: ignore[misc]
            time.sleep(0.6)  # the drain, and the monitor's latency
            player.close()
            rec.terminate()
            rec.wait(5)
            assert player.unavailable == ""
            stats[cue] = sox_stat(path)
    finally:
        os.environ["PULSE_SERVER"] = "unix:/nonexistent/reflexmap-tests/pulse"
    for cue, s in stats.items():
        assert s["RMS     amplitude"] > 0.01, (cue, s)  # not silent
        assert s["Maximum amplitude"] > 0.2, (cue, s)
    # distinct: no two cues have the same pitch and length (sox's rough frequency, and
    # the length of the sounding part from the synthesised samples)
    freqs = {cue: s["Rough   frequency"] for cue, s in stats.items()}
    lengths = {cue: len(cue_sounds.samples(cue)) / cue_sounds.RATE for cue in cue_sounds.CUES}
    for a in cue_sounds.CUES:
        for b in cue_sounds.CUES:
            if a < b:
                assert abs(freqs[a] - freqs[b]) > 60 or abs(lengths[a] - lengths[b]) > 0.15, (a, b)


def test_the_screen_is_kept_on_while_playing_and_let_go_after(services) -> None:  # type: ignore[no-untyped-def]
    need("bus")
    from reflexmap.qt.player.screen_awake import DBusScreenAwake

    calls = services.bus()
    awake = DBusScreenAwake(services.env["DBUS_SESSION_BUS_ADDRESS"])
    awake.hold("A massage routine is playing")
    awake.hold("A massage routine is playing")  # a second hold asks nothing more
    assert awake.idle.wait(5) and awake.held
    awake.release()  # pause
    assert awake.idle.wait(5) and not awake.held
    awake.hold("A massage routine is playing")  # go on
    awake.close()  # the end
    assert calls.read_text().splitlines()[1:] == [
        "Inhibit reflexmap A massage routine is playing -> 7",
        "UnInhibit 7",
        "Inhibit reflexmap A massage routine is playing -> 8",
        "UnInhibit 8",
    ]
    nowhere = DBusScreenAwake("unix:path=/nonexistent/bus")
    nowhere.hold("x")
    assert nowhere.idle.wait(5) and not nowhere.held and "cannot be reached" in nowhere.error
    nowhere.close()


def xdo(services: Services, *args: str) -> str:
    env = {**os.environ, **services.env}
    return subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=20
    ).stdout.strip()


def keys(services: Services, *names: str, wait: float = 0.6) -> None:
    for name in names:
        xdo(services, "key", "--clearmodifiers", name)
        time.sleep(wait)


@pytest.mark.slow
def test_the_app_guides_a_routine_by_voice_driven_by_keys_only(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Start the first routine of the Routines menu with the keyboard; the spoken lines
    are the plan's steps in order, nothing twice, and nothing after Stop (Esc); the
    screen is held while playing and let go on pause and stop; the cues are heard."""
    need("speech", "bus", "x", "sound")
    from reflexmap.core.content import load_bundled
    from reflexmap.core.present import spoken
    from reflexmap.core.routine_plan import plan_routine

    atlas = load_bundled()
    seq = next(iter(atlas.sequences.values()))  # the Routines menu's first item
    plan = plan_routine(atlas, seq)
    services.x()
    services.speech()
    calls = services.bus()
    services.sound()
    rec = services.record(tmp_path / "session.wav")
    env = {**os.environ, **services.env, "QT_QPA_PLATFORM": "xcb"}
    services._start("openbox", ["openbox", "--sm-disable"])
    app = subprocess.Popen(
        [sys.executable, "-m", "reflexmap"],
        env=env,
        stdout=open(tmp_path / "app.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    services.procs.append(app)
    wait_for(lambda: xdo(services, "search", "--onlyvisible", "--name", "^reflexmap"), 60, "app")
    start_routine_by_keys(lambda *a: xdo(services, *a), 0)  # Routines > the first routine
    first = spoken.step_words(atlas, plan.steps[0])
    wait_for(lambda: first in services.spoken_lines(), 60, "the first step said")
    keys(services, "Right", wait=1.0)  # the second step
    second = spoken.step_words(atlas, plan.steps[1])
    wait_for(lambda: second in services.spoken_lines(), 30, "the second step said")
    keys(services, "space", "space", wait=1.0)  # pause, go on
    wait_for(lambda: "Go on." in services.spoken_lines(), 30, "Go on")
    keys(services, "Escape", wait=1.5)  # stop (and what was said before it is written)
    at_stop = len(services.spoken_lines())
    time.sleep(plan.steps[1].duration_s + 5)  # a step still running would be over by now
    lines = services.spoken_lines()
    rec.terminate()
    rec.wait(5)
    assert len(lines) == at_stop, f"said after Stop: {lines[at_stop:]}"
    assert lines[0].startswith(f"{seq.name}: {len(plan.steps)} steps")
    steps = [line for line in lines if line in {spoken.step_words(atlas, p) for p in plan.steps}]
    assert steps == [first, second]  # in the plan's order, each once
    assert lines.index("Paused.") < lines.index("Go on.")
    said = calls.read_text().splitlines()[1:]
    assert [c.split()[0] for c in said] == ["Inhibit", "UnInhibit", "Inhibit", "UnInhibit"], said
    sound = sox_stat(tmp_path / "session.wav")
    assert sound["RMS     amplitude"] > 0.005, sound
    (tmp_path / "transcript.txt").write_text("\n".join(lines) + "\n")


def test_the_voice_comes_back_after_speech_dispatcher_restarts(services) -> None:  # type: ignore[no-untyped-def]
    need("speech")
    import signal

    from reflexmap.qt.player.speech import Speaker

    services.speech()
    os.environ["SPEECHD_ADDRESS"] = services.env["SPEECHD_ADDRESS"]
    try:
        problems: list[str] = []
        speaker = Speaker(problems.append)
        speaker.say("Before the restart.")
        wait_for(lambda: "Before the restart." in services.spoken_lines(), 10, "before")
        daemon = services.procs.pop(0)  # the first service started: speech-dispatcher
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(5)
        (services.root / "run" / "speechd.sock").unlink(missing_ok=True)
        services.speech()  # the same socket, a new daemon
        speaker.say("After the restart.")
        wait_for(lambda: "After the restart." in services.spoken_lines(), 10, "after")
        speaker.close()
    finally:
        os.environ["SPEECHD_ADDRESS"] = "unix_socket:/nonexistent/reflexmap-tests/speechd.sock"
    assert problems == []
