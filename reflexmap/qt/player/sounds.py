"""Playing the sound cues (`reflexmap.core.cue_sounds`) through the desktop's sound server.

Why not QSoundEffect: QtMultimedia is not in PySide6-Essentials (its library ships in
the 175 MB PySide6-Addons wheel, with FFmpeg). On Linux every desktop's sound server
speaks PulseAudio's protocol (PipeWire through pipewire-pulse), and its client library
`libpulse-simple.so.0` is on every desktop: a mono 16-bit stream is opened, written and
drained on a worker thread, through ctypes.

Windows and macOS play the same generated cues as WAV files, written at the user's volume
into a private temporary folder, with what every install has (not QSoundEffect, although
PySide6-Addons is installed there for the voice: QtMultimedia's sound needs its media
back-end plugin and FFmpeg in the bundle, and a cue should not depend on that):
Windows `winsound.PlaySound(file, SND_FILENAME | SND_ASYNC | SND_NODEFAULT)` (standard
library; a memory image cannot be played asynchronously, CPython refuses SND_MEMORY with
SND_ASYNC), cut with `PlaySound(None, 0)`; macOS `/usr/bin/afplay FILE`, a process that is
terminated to cut it. Both are verified on Linux only with the OS call replaced by a
recorder (tests/qt/test_platform_backends.py), not on a real Windows or Mac.
"""

from __future__ import annotations

import ctypes
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reflexmap.core import cue_sounds, pulse_simple
from reflexmap.core.cue_sounds import Cue

CHUNK = 2048  # bytes per write: a stop is heard within ~50 ms


class CuePlayer:
    """Plays one cue at a time; a new cue or `stop()` cuts the one playing.

    `on_unavailable(reason)` is called once (from the worker thread) when no sound can be
    played; after that the cues are dropped quietly."""

    def __init__(self, on_unavailable: Callable[[str], None] | None = None) -> None:
        self.on_unavailable = on_unavailable
        self.volume = 0.8
        self.unavailable = ""
        self._jobs: queue.Queue[Cue | None] = queue.Queue()
        self._cut = threading.Event()
        self._thread: threading.Thread | None = None
        self.played: list[Cue] = []  # what reached the sound server, in order
        # called on the worker thread as a cue starts, with its length in seconds: voice
        # control stops listening while it plays
        self.on_playing: Callable[[float], None] | None = None

    def play(self, cue: Cue) -> None:
        if self.unavailable:
            return
        self._cut.set()
        self._jobs.put(cue)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sound-cues", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._cut.set()

    def close(self) -> None:
        self._cut.set()
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=2)
            self._thread = None

    def _fail(self, reason: str) -> None:
        if not self.unavailable:
            self.unavailable = reason
            if self.on_unavailable is not None:
                self.on_unavailable(reason)

    def _run(self) -> None:
        while True:
            cue = self._jobs.get()
            if cue is None:
                return
            if not self._jobs.empty():  # a newer cue is waiting: this one is stale
                continue
            self._cut.clear()
            try:
                self._play(cue)
            except OSError as exc:
                self._fail(str(exc))

    def _play(self, cue: Cue) -> None:
        raise OSError("sound cues are not available on this system yet")


class PulseCuePlayer(CuePlayer):
    def _play(self, cue: Cue) -> None:
        lib = pulse_simple.library()
        data = cue_sounds.scaled(cue_sounds.samples(cue), self.volume)
        spec = pulse_simple.SampleSpec(pulse_simple.PA_SAMPLE_S16LE, cue_sounds.RATE, 1)
        error = ctypes.c_int(0)
        stream = lib.pa_simple_new(
            None, b"reflexmap", pulse_simple.PA_STREAM_PLAYBACK, None, cue.encode(),
            ctypes.byref(spec),
            None, None, ctypes.byref(error),
        )  # fmt: skip
        if not stream:
            raise OSError(f"the sound server cannot be reached (PulseAudio error {error.value})")
        if self.on_playing is not None:
            self.on_playing(len(data) / 2 / cue_sounds.RATE)
        try:
            for start in range(0, len(data), CHUNK):
                if self._cut.is_set():
                    lib.pa_simple_flush(stream, ctypes.byref(error))
                    return
                piece = data[start : start + CHUNK]
                if lib.pa_simple_write(stream, piece, len(piece), ctypes.byref(error)) < 0:
                    raise OSError(
                        f"writing to the sound server failed (PulseAudio error {error.value})"
                    )
            self.played.append(cue)
            lib.pa_simple_drain(stream, ctypes.byref(error))
        finally:
            lib.pa_simple_free(stream)


class FileCuePlayer(CuePlayer):
    """Windows and macOS: the cue as a WAV file at the current volume, played by the system.

    `_start(path)` starts playing and `_playing()`/`_cut_now()` follow and cut it; the
    worker waits for the cue's length (or a cut) between them."""

    def __init__(self, on_unavailable: Callable[[str], None] | None = None) -> None:
        super().__init__(on_unavailable)
        self._folder: Path | None = None

    def wav(self, cue: Cue) -> Path:
        """The cue at the current volume, written once per volume into a private folder."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="reflexmap-cues-"))
        percent = round(max(0.0, min(1.0, self.volume)) * 100)
        path = self._folder / f"{cue}-{percent}.wav"
        if not path.exists():
            path.write_bytes(cue_sounds.wav_bytes(cue, percent / 100))
        return path

    def _play(self, cue: Cue) -> None:
        path = self.wav(cue)
        length = len(cue_sounds.samples(cue)) / cue_sounds.RATE
        self._start(path)
        end = time.monotonic() + length + 0.2
        while self._playing() and time.monotonic() < end:
            if self._cut.wait(0.02):
                self._cut_now()
                return
        self.played.append(cue)

    def close(self) -> None:
        super().close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _start(self, path: Path) -> None:
        raise NotImplementedError

    def _playing(self) -> bool:
        return True

    def _cut_now(self) -> None:
        raise NotImplementedError


SND_ASYNC, SND_NODEFAULT, SND_FILENAME = 0x0001, 0x0002, 0x00020000  # winsound's values


class WinCuePlayer(FileCuePlayer):
    """`play_sound` is `winsound.PlaySound` (tests pass a recorder)."""

    def __init__(
        self,
        on_unavailable: Callable[[str], None] | None = None,
        play_sound: Callable[[str | None, int], None] | None = None,
    ) -> None:
        super().__init__(on_unavailable)
        self._play_sound = play_sound

    def _call(self, sound: str | None, flags: int) -> None:
        if self._play_sound is None:
            import winsound

            # typeshed declares winsound's names for win32 only; mypy runs on Linux
            self._play_sound = winsound.PlaySound  # type: ignore[attr-defined,unused-ignore]
        try:
            self._play_sound(sound, flags)
        except RuntimeError as exc:  # winsound's "Failed to play sound"
            raise OSError(f"Windows could not play a sound ({exc})") from exc

    def _start(self, path: Path) -> None:
        self._call(str(path), SND_FILENAME | SND_ASYNC | SND_NODEFAULT)

    def _cut_now(self) -> None:
        self._call(None, 0)  # stops the sound this program is playing


class AfplayCuePlayer(FileCuePlayer):
    """`popen` starts `afplay FILE` (tests pass a recorder that returns a fake process)."""

    def __init__(
        self,
        on_unavailable: Callable[[str], None] | None = None,
        popen: Callable[[list[str]], Any] | None = None,
    ) -> None:
        super().__init__(on_unavailable)
        self._popen = popen or _popen_quiet
        self._process: Any = None

    def _start(self, path: Path) -> None:
        # a cue still playing past its length (afplay's start-up) is cut, not overlapped
        self._cut_now()
        self._process = self._popen(["/usr/bin/afplay", str(path)])

    def _playing(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _cut_now(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait()


def _popen_quiet(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )  # a missing afplay raises FileNotFoundError, an OSError: "no sound cues", once


def make_cue_player(on_unavailable: Callable[[str], None] | None = None) -> CuePlayer:
    """The platform's cue player (see the module's note)."""
    if sys.platform.startswith("linux"):
        return PulseCuePlayer(on_unavailable)
    if sys.platform == "win32":
        return WinCuePlayer(on_unavailable)
    if sys.platform == "darwin":
        return AfplayCuePlayer(on_unavailable)
    return CuePlayer(on_unavailable)
