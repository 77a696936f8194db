"""Makes commands.wav, the voice-command test recording (espeak-ng and sox needed):

    uv run python tests/data/listen/make_commands.py [NAME.wav ...]

16 kHz mono 16-bit: "go forward", a sentence of a step text, "pause please", "continue",
"previous step", "end routine", "yes", each with a second of quiet around it, in two
espeak-ng voices; marks.wav: "tender two", "grainy texture"; and warps.wav: "tender two",
then "tight muscle" and "warm skin" in a voice whose "tight" and "warm" one decode as heard takes
for "hard" and "cold" (the warps' vote hears them right). EXPECTED, MARKS_EXPECTED and
WARPS_EXPECTED are what the tests expect to hear, in order.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PARTS = (
    ("en-us", 150, "go forward"),
    ("en-us", 150, "Rest one foot on top of the opposite thigh and let it relax."),
    ("en-gb", 175, "pause please"),
    ("en-gb", 175, "continue"),
    ("en-us", 150, "previous step"),
    ("en-gb", 175, "end routine"),
    ("en-us", 150, "yes"),
)
EXPECTED = ["next", "pause", "go_on", "back", "end", "yes"]
MARKS = (("en-us", 150, "tender two"), ("en-gb", 175, "grainy texture"))  # marks.wav
MARKS_EXPECTED = ["tender_2", "texture_grainy"]
WARPS = (
    ("en-us", 150, "tender two"),
    ("en-gb-scotland", 130, "tight muscle"),
    ("en-gb-scotland", 130, "warm skin"),
)
WARPS_EXPECTED = ["tender_2", "texture_tight", "texture_warm"]


def synth(text: str, voice: str, speed: int) -> np.ndarray:
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", text],
        capture_output=True,
        check=True,
    ).stdout
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-r", "16000", "-c", "1", "-b", "16"]
        + ["-e", "signed-integer", "-"],
        input=wav,
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<i2")


def write(name: str, parts: tuple[tuple[str, int, str], ...]) -> None:
    quiet = np.zeros(16000, dtype="<i2")
    pieces = [quiet]
    for voice, speed, text in parts:
        pieces += [synth(text, voice, speed), quiet]
    audio = np.concatenate(pieces)
    subprocess.run(
        ["sox", "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-"]
        + [str(HERE / name)],
        input=audio.tobytes(),
        check=True,
    )
    sys.stdout.write(f"{name}: {len(audio) / 16000:.1f} s\n")


def main(names: list[str]) -> int:
    """The recordings named (all three if none): a file made again differs in its bytes
    (the WAV header sox writes), so only the one changed is made again."""
    made = {"commands.wav": PARTS, "marks.wav": MARKS, "warps.wav": WARPS}
    for name in names or list(made):
        write(name, made[name])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
