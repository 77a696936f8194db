"""The player's sound cues, made by the project: short tones written with the standard
library (`wave`, `array`, `math`), so no third-party audio file or licence comes in.

Four cues, told apart by ear without looking: a rising two-note chime (a step starts),
three short high pips (ten seconds left), a three-note rising arpeggio (change sides)
and a falling three-note close (the routine is over, or a step waits for you). Each note
is a sine with two soft overtones and a bell-like decay. 16-bit mono at 22,050 Hz.
"""

from __future__ import annotations

import io
import math
import wave
from array import array
from functools import cache
from typing import Literal

Cue = Literal["step", "ten_left", "side", "end"]
CUES: tuple[Cue, ...] = ("step", "ten_left", "side", "end")
RATE = 22_050

# (frequency Hz, start s, length s) per note
_NOTES: dict[Cue, tuple[tuple[float, float, float], ...]] = {
    "step": ((659.3, 0.0, 0.22), (987.8, 0.15, 0.40)),
    "ten_left": ((1318.5, 0.0, 0.07), (1318.5, 0.15, 0.07), (1318.5, 0.30, 0.07)),
    "side": ((392.0, 0.0, 0.16), (523.3, 0.13, 0.16), (659.3, 0.26, 0.16), (784.0, 0.39, 0.35)),
    "end": ((784.0, 0.0, 0.40), (587.3, 0.30, 0.40), (392.0, 0.60, 0.90)),
}
_PEAK = 0.6  # of full scale, before the user's volume


@cache
def samples(cue: Cue) -> array[int]:
    """The cue's signed 16-bit samples at full (cue) volume (made once; read, never
    changed: `scaled` makes the copy at a volume)."""
    notes = _NOTES[cue]
    length = max(start + dur for _, start, dur in notes) + 0.02
    out = [0.0] * int(length * RATE)
    for freq, start, dur in notes:
        first = int(start * RATE)
        n = int(dur * RATE)
        attack = int(0.005 * RATE)
        fade = int(0.015 * RATE)
        for i in range(n):
            t = i / RATE
            env = math.exp(-3.0 * t / dur)
            if i < attack:
                env *= i / attack
            if i > n - fade:
                env *= (n - i) / fade
            w = 2 * math.pi * freq * t
            out[first + i] += env * (math.sin(w) + 0.3 * math.sin(2 * w) + 0.1 * math.sin(3 * w))
    peak = max(abs(v) for v in out) or 1.0
    return array("h", (int(32767 * _PEAK * v / peak) for v in out))


def scaled(pcm: array[int], volume: float) -> bytes:
    """The samples at `volume` (0..1) as little-endian bytes, ready for a sound card."""
    v = max(0.0, min(1.0, volume))
    out = array("h", (int(s * v) for s in pcm)) if v < 1.0 else array("h", pcm)
    return out.tobytes()  # array stores native order: little-endian on x86 and ARM


def wav_bytes(cue: Cue, volume: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(scaled(samples(cue), volume))
    return buffer.getvalue()
