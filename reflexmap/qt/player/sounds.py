"""Playing the sound cues (`reflexmap.core.cue_sounds`) through the desktop's sound server.

Why not QSoundEffect: QtMultimedia is not in PySide6-Essentials (its library ships in
the 175 MB PySide6-Addons wheel, with FFmpeg). On Linux every desktop's sound server
speaks PulseAudio's protocol (PipeWire through pipewire-pulse), and its client library
`libpulse-simple.so.0` is on every desktop: a mono 16-bit stream is opened, written and
drained on a worker thread, through ctypes. Windows and macOS are NOT implemented yet:
there `make_cue_player()` returns a player that says so (planned: `winsound.PlaySound`
of the cue files with SND_ASYNC on Windows, `afplay` on macOS).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import queue
import sys
import threading
from array import array
from collections.abc import Callable

from reflexmap.core import cue_sounds
from reflexmap.core.cue_sounds import Cue

PA_SAMPLE_S16LE = 3
PA_STREAM_PLAYBACK = 1
CHUNK = 2048  # bytes per write: a stop is heard within ~50 ms


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


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
        self._pcm: dict[Cue, array[int]] = {}
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
    def __init__(self, on_unavailable: Callable[[str], None] | None = None) -> None:
        super().__init__(on_unavailable)
        self._lib: ctypes.CDLL | None = None

    def _library(self) -> ctypes.CDLL:
        if self._lib is None:
            name = ctypes.util.find_library("pulse-simple") or "libpulse-simple.so.0"
            lib = ctypes.CDLL(name)
            lib.pa_simple_new.restype = ctypes.c_void_p
            lib.pa_simple_new.argtypes = [
                ctypes.c_char_p,
                ctypes.c_char_p,
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_char_p,
                ctypes.POINTER(_SampleSpec),
                ctypes.c_void_p,
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_int),
            ]
            for fn in ("pa_simple_write",):
                getattr(lib, fn).argtypes = [
                    ctypes.c_void_p,
                    ctypes.c_void_p,
                    ctypes.c_size_t,
                    ctypes.POINTER(ctypes.c_int),
                ]
            for fn in ("pa_simple_drain", "pa_simple_flush"):
                getattr(lib, fn).argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
            lib.pa_simple_free.argtypes = [ctypes.c_void_p]
            self._lib = lib
        return self._lib

    def _play(self, cue: Cue) -> None:
        lib = self._library()
        if cue not in self._pcm:
            self._pcm[cue] = cue_sounds.samples(cue)
        data = cue_sounds.scaled(self._pcm[cue], self.volume)
        spec = _SampleSpec(PA_SAMPLE_S16LE, cue_sounds.RATE, 1)
        error = ctypes.c_int(0)
        stream = lib.pa_simple_new(
            None, b"reflexmap", PA_STREAM_PLAYBACK, None, cue.encode(), ctypes.byref(spec),
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


def make_cue_player(on_unavailable: Callable[[str], None] | None = None) -> CuePlayer:
    """The platform's cue player (see the module's note on Windows and macOS)."""
    if sys.platform.startswith("linux"):
        return PulseCuePlayer(on_unavailable)
    return CuePlayer(on_unavailable)
