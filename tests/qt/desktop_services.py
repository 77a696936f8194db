"""Private desktop services for the hands-free tests and the bench, none with a device:

- speech-dispatcher whose only output module appends each message to a file (one line
  per message: the module's sentence splitting is turned off);
- PulseAudio with a null sink, recorded with parec;
- a session D-Bus with a stand-in org.freedesktop.ScreenSaver that logs its calls
  (screensaver_service.py, run by Debian's python3 with PyGObject);
- Xvfb, for the app itself.

Each is started in its own process group under a folder of the caller's and stopped by
PID (process group) when the `Services` context ends. `missing()` names what is not
installed, so a test can skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"

TOOLS = {
    "speech": ["speech-dispatcher"],
    "sound": ["pulseaudio", "parec", "sox"],
    "bus": ["dbus-daemon"],
    "x": ["Xvfb", "xdotool"],
}


def missing(*kinds: str) -> list[str]:
    gone = [tool for k in kinds for tool in TOOLS[k] if shutil.which(tool) is None]
    if "bus" in kinds:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "from gi.repository import Gio"], capture_output=True
        )
        if probe.returncode != 0:
            gone.append("python3-gi")
    if "speech" in kinds and not Path("/usr/lib/speech-dispatcher-modules/sd_generic").exists():
        gone.append("sd_generic (speech-dispatcher's generic module)")
    return gone


def wait_for(check, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise TimeoutError(f"{what}: not ready after {seconds} s")
        time.sleep(0.05)


class Services:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: list[subprocess.Popen[bytes]] = []
        self.env: dict[str, str] = {}
        root.mkdir(parents=True, exist_ok=True)
        (root / "run").mkdir(exist_ok=True, mode=0o700)

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()

    def _start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **self.env, **(env or {})},
            start_new_session=True,
        )
        self.procs.append(proc)

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=3)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.procs.clear()

    # ---- speech-dispatcher writing to a file -----------------------------------------
    def speech(self) -> Path:
        conf = self.root / "speechd"
        (conf / "modules").mkdir(parents=True, exist_ok=True)
        spoken = self.root / "spoken.txt"
        spoken.write_text("")
        sock = self.root / "run" / "speechd.sock"
        (conf / "speechd.conf").write_text(
            "\n".join(
                [
                    'CommunicationMethod "unix_socket"',
                    f'SocketPath "{sock}"',
                    "LogLevel 3",
                    f'LogDir "{self.root}"',
                    'AudioOutputMethod "libao"',
                    'AddModule "capture" "sd_generic" "capture.conf"',
                    "DefaultModule capture",
                    'LanguageDefaultModule "en" "capture"',
                    "Timeout 0",
                    "",
                ]
            )
        )
        (conf / "modules" / "capture.conf").write_text(
            "\n".join(
                [
                    f"GenericExecuteSynth \"printf '%s\\\\n' \\'$DATA\\' >> {spoken}\"",
                    'GenericCmdDependency "printf"',
                    'AddVoice "en" "MALE1" "en"',
                    'DefaultVoice "en"',
                    'GenericDelimiters "~"',  # one line per message, not per sentence
                    "GenericMaxChunkLength 100000",
                    "Debug 0",
                    "",
                ]
            )
        )
        self._start(
            "speechd",
            ["speech-dispatcher", "-s", "-t", "0", "-C", str(conf), "-L", str(self.root)]
            + ["-c", "unix_socket", "-S", str(sock), "-P", str(self.root / "speechd.pid")],
            # its pid file and runtime folder private: another speech-dispatcher of the
            # same user (the desktop's, another run) would make it exit "already running"
            env={"HOME": str(self.root), "XDG_RUNTIME_DIR": str(self.root / "run")},
        )
        wait_for(sock.exists, 15, "speech-dispatcher")
        self.env["SPEECHD_ADDRESS"] = f"unix_socket:{sock}"
        return spoken

    # ---- PulseAudio with a null sink --------------------------------------------------
    def sound(self) -> str:
        sock = self.root / "run" / "pulse.sock"
        home = self.root / "pulse-home"
        home.mkdir(exist_ok=True)
        self._start(
            "pulseaudio",
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes"]
            + ["--use-pid-file=no", "--system=no", "--log-target=stderr"]
            + ["-L", f"module-native-protocol-unix auth-anonymous=1 socket={sock}"]
            + ["-L", "module-null-sink sink_name=capture"],
            env={"HOME": str(home), "XDG_RUNTIME_DIR": str(self.root / "run")},
        )
        wait_for(sock.exists, 15, "pulseaudio")
        self.env["PULSE_SERVER"] = f"unix:{sock}"
        return self.env["PULSE_SERVER"]

    def record(self, path: Path) -> subprocess.Popen[bytes]:
        """parec from the null sink's monitor into a WAV until the process is ended."""
        proc = subprocess.Popen(
            ["parec", "-d", "capture.monitor", "--rate=22050", "--channels=1"]
            + ["--format=s16le", "--file-format=wav", str(path)],
            env={**os.environ, **self.env},
            start_new_session=True,
        )
        self.procs.append(proc)
        time.sleep(0.3)
        return proc

    # ---- a session bus with a ScreenSaver that logs its calls -------------------------
    def bus(self) -> Path:
        address = f"unix:path={self.root / 'run' / 'bus'}"
        self._start(
            "dbus", ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address={address}"]
        )
        wait_for((self.root / "run" / "bus").exists, 10, "dbus-daemon")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        calls = self.root / "screensaver-calls.txt"
        calls.write_text("")
        service = str(HERE / "screensaver_service.py")
        self._start("screensaver", [SYSTEM_PYTHON, service, str(calls)])
        wait_for(lambda: "ready" in calls.read_text(), 10, "the ScreenSaver stand-in")
        return calls

    # ---- X ------------------------------------------------------------------------------
    def x(self, size: str = "1366x768") -> str:
        for n in range(140, 160):
            if Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
                continue
            self._start("xvfb", ["Xvfb", f":{n}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"])
            try:
                wait_for(Path(f"/tmp/.X11-unix/X{n}").exists, 10, "Xvfb")
            except TimeoutError:
                continue
            self.env["DISPLAY"] = f":{n}"
            return self.env["DISPLAY"]
        raise RuntimeError("no free X display in 140-159")

    def spoken_lines(self) -> list[str]:
        path = self.root / "spoken.txt"
        return [line for line in path.read_text().splitlines() if line.strip()]


def start_routine_by_keys(xdo, downs: int, tries: int = 4) -> None:  # type: ignore[no-untyped-def]
    """Routines > the routine `downs` items down, then Start in the safety questions,
    all by keyboard. The Routines menu fills the turn after the first paint and a busy
    machine may be slow to give the window the focus or to open the questions (a full
    test run failed 2 of 9 times while a wheel was built beside it): until the questions
    show, wait for them, close whatever else opened (Escape) and try again; questions that
    open late, after a try gave up, are taken then."""

    def questions() -> str:
        return str(xdo("search", "--onlyvisible", "--name", "^Safety check$"))

    for _ in range(tries):
        if not questions():
            win = xdo("search", "--onlyvisible", "--name", "^reflexmap").split()
            if win:
                xdo("windowactivate", "--sync", win[0])
            time.sleep(1.0)
            for key in ["alt+r", *["Down"] * downs, "Return"]:
                xdo("key", "--clearmodifiers", key)
                time.sleep(0.6)
        try:
            wait_for(questions, 30, "")
        except TimeoutError:
            if not questions():
                xdo("key", "Escape")
            continue
        time.sleep(1.0)
        xdo("key", "Return")  # Start, the default button
        return
    shown = xdo("search", "--onlyvisible", "--name", ".")
    names = [xdo("getwindowname", w) for w in shown.split()]
    raise TimeoutError(
        f"the safety questions never showed: the routine could not be started (windows: {names})"
    )
