"""The microphone: 16 kHz mono PCM from the desktop's sound server, on a worker thread.

Why not Qt Multimedia's QAudioSource: it is not in PySide6-Essentials; its library comes
with the PySide6-Addons wheel (measured by the hands-free work: 175.3 MB wheel, 438.5 MB
unpacked). Every Linux desktop's sound server speaks PulseAudio's protocol (PipeWire
through pipewire-pulse) and ships `libpulse-simple.so.0`, which records a mono 16-bit
stream with three calls; the hands-free cues use the same library to play. Windows and
macOS are not implemented: there the microphone reports it is unavailable.

Nothing is kept: each block read is handed to `on_audio` and dropped.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable

from reflexmap.core import pulse_simple
from reflexmap.core.listen.commands import SAMPLE_RATE

BLOCK_BYTES = SAMPLE_RATE * 2 // 10  # 100 ms


def _library() -> ctypes.CDLL:
    if not sys.platform.startswith("linux"):
        raise OSError("recording is implemented only for Linux desktops so far")
    return pulse_simple.library()


class Microphone:
    """Reads the chosen source (None: the default) until `close()`.

    `on_audio(pcm)` gets each 100 ms block, on the worker thread. `on_failure(reason)` is
    called once, from the worker thread, with plain words when the source cannot be
    opened or is lost; the thread then ends."""

    def __init__(
        self,
        on_audio: Callable[[bytes], None],
        on_failure: Callable[[str], None],
        device: str | None = None,
    ) -> None:
        self.on_audio = on_audio
        self.on_failure = on_failure
        self.device = device or None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.opened = threading.Event()  # set once the stream is open (tests wait on it)

    def open(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="microphone", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        self.opened.clear()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        try:
            lib = _library()
        except OSError as missing:
            self.on_failure(f"no sound server client library ({missing})")
            return
        spec = pulse_simple.SampleSpec(pulse_simple.PA_SAMPLE_S16LE, SAMPLE_RATE, 1)
        # fragsize: the server hands over 100 ms at a time, so a stop is seen quickly
        attr = pulse_simple.BufferAttr(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, BLOCK_BYTES)
        error = ctypes.c_int(0)
        device = self.device.encode() if self.device else None
        stream = lib.pa_simple_new(
            None,
            b"reflexmap",
            pulse_simple.PA_STREAM_RECORD,
            device,
            b"voice control",
            ctypes.byref(spec),
            None,
            ctypes.byref(attr),
            ctypes.byref(error),
        )
        if not stream:
            reason = lib.pa_strerror(error.value).decode(errors="replace")
            where = f"the microphone {self.device!r}" if self.device else "the microphone"
            self.on_failure(f"{where} could not be opened ({reason})")
            return
        self.opened.set()
        block = ctypes.create_string_buffer(BLOCK_BYTES)
        try:
            while not self._stop.is_set():
                if lib.pa_simple_read(stream, block, BLOCK_BYTES, ctypes.byref(error)) < 0:
                    reason = lib.pa_strerror(error.value).decode(errors="replace")
                    self.on_failure(f"the microphone was lost ({reason})")
                    return
                self.on_audio(block.raw)
        finally:
            lib.pa_simple_free(stream)


def list_sources(timeout_s: float = 3.0) -> list[str]:
    """The sound server's recording sources (PulseAudio names), as `pactl` lists them;
    [] when pactl is missing or the server does not answer (a name can still be typed)."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return []
    try:
        out = subprocess.run(
            [pactl, "list", "short", "sources"],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if out.returncode != 0:
        return []
    return [line.split("\t")[1] for line in out.stdout.splitlines() if line.count("\t") >= 1]
