"""Makes commands.wav, the voice-command test recording (espeak-ng and sox needed):

    uv run python tests/data/listen/make_commands.py [NAME.wav ...]

16 kHz mono 16-bit: "go forward", a sentence of a step text, "pause please", "continue",
"previous step", "end routine", "yes", each with a second of quiet around it, in two
espeak-ng voices; marks.wav: "tender two", "grainy texture"; floor.wav: "tender one",
"gritty sand" in voices whose clean words the recogniser mistakes without its noise floor
("repeat"); vote.wav: "tender two" at 10 dB SNR (white noise, seed 0), which one decode
of the audio as heard misses and the warps' vote hears. EXPECTED, MARKS_EXPECTED,
FLOOR_EXPECTED and VOTE_EXPECTED are what the tests expect to hear, in order.
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
FLOOR = (("en-gb-x-gbcwmd+f2", 170, "tender one"), ("en-gb-scotland", 130, "gritty sand"))
FLOOR_EXPECTED = ["tender_1", "texture_gritty"]
VOTE = (("en-gb-x-gbcwmd+f2", 170, "tender two"),)
VOTE_EXPECTED = ["tender_2"]
VOTE_SNR_DB = 10.0


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


def write(name: str, parts: tuple[tuple[str, int, str], ...], snr_db: float | None = None) -> None:
    quiet = np.zeros(16000, dtype="<i2")
    pieces = [quiet]
    for voice, speed, text in parts:
        pieces += [synth(text, voice, speed), quiet]
    audio = np.concatenate(pieces)
    if snr_db is not None:  # white noise this far under the speech's voiced part
        speech = np.concatenate(pieces[1::2]).astype(np.float64)
        voiced = speech[np.abs(speech) > 0.02 * np.max(np.abs(speech))]
        level = float(np.sqrt(np.mean(voiced**2))) / 10 ** (snr_db / 20)
        noisy = audio + np.random.default_rng(0).normal(0.0, level, audio.shape)
        audio = np.clip(np.round(noisy), -32768, 32767).astype("<i2")
    subprocess.run(
        ["sox", "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-"]
        + [str(HERE / name)],
        input=audio.tobytes(),
        check=True,
    )
    sys.stdout.write(f"{name}: {len(audio) / 16000:.1f} s\n")


def main(names: list[str]) -> int:
    """The recordings named (all if none): a file made again differs in its bytes
    (the WAV header sox writes), so only the one changed is made again."""
    made = {
        "commands.wav": (PARTS, None),
        "marks.wav": (MARKS, None),
        "floor.wav": (FLOOR, None),
        "vote.wav": (VOTE, VOTE_SNR_DB),
    }
    for name in names or list(made):
        write(name, *made[name])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
