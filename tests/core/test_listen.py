"""Voice commands without a display: the recogniser on a real recording, the WAV reader's
errors, the yes/no before ending, and `reflexmap listen --wav` as a user runs it."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reflexmap.cli import main
from reflexmap.core.listen.commands import (
    BY_ID,
    COMMANDS,
    TEXTURE_PHRASES,
    Heard,
    Mode,
    commands_for,
    help_text,
)
from reflexmap.core.listen.dialogue import CONFIRM_S, TEXTURE_S, Dialogue, Lapsed
from reflexmap.core.listen.wav_input import MAX_BYTES, WavError, read_wav
from reflexmap.core.user_store import TEXTURE_WORDS

pytest.importorskip("pocketsphinx")

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
RECORDING = DATA / "commands.wav"
sys.path.insert(0, str(DATA))
from make_commands import EXPECTED, FLOOR_EXPECTED, VOTE_EXPECTED  # noqa: E402


def listen_json(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["listen", "--wav", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def wav(path: Path, samples: np.ndarray, rate: int = 16000, channels: int = 1) -> Path:
    data = samples.astype("<i2").tobytes()
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, channels, rate, rate * 2 * channels, 2 * channels, 16
    )
    path.write_bytes(header + b"data" + struct.pack("<I", len(data)) + data)
    return path


def test_the_recording_is_heard_in_order_with_its_times(capsys) -> None:  # type: ignore[no-untyped-def]
    heard = listen_json(RECORDING, capsys)
    assert [h["command"] for h in heard] == EXPECTED  # the step sentence gives nothing
    starts = [h["start_s"] for h in heard]
    assert starts == sorted(starts) and starts[0] == pytest.approx(1.0, abs=0.3)
    assert set(heard[0]) == {"command", "start_s"}


def test_the_noise_floor_keeps_clean_words_apart(capsys) -> None:  # type: ignore[no-untyped-def]
    """Clean synthesised words, which without the noise floor are taken for "say again".
    Mutation checked: with recognizer.with_noise_floor returning the audio unchanged,
    ["repeat"] is heard."""
    heard = listen_json(DATA / "floor.wav", capsys)
    assert [h["command"] for h in heard] == FLOOR_EXPECTED


def test_the_warps_vote_hears_what_one_decode_misses(capsys) -> None:  # type: ignore[no-untyped-def]
    """ "tender two" at 10 dB SNR: the audio as heard falls under the threshold, the two
    warps either side agree. Mutation checked: with recognizer.WARPS = (1.0,) and
    VOTES_NEEDED = 1, nothing is heard."""
    heard = listen_json(DATA / "vote.wav", capsys)
    assert [h["command"] for h in heard] == VOTE_EXPECTED


def test_the_table_names_phrases(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["listen", "--wav", str(RECORDING)]) == 0
    out = capsys.readouterr().out
    assert '"go forward"' in out and "pause" in out


def test_resampled_stereo_is_heard_the_same(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A 44.1 kHz stereo recording, as a phone or a desktop recorder makes it."""
    mono = np.frombuffer(read_wav(RECORDING), dtype="<i2").astype(np.float64)
    count = int(len(mono) * 44100 / 16000)
    up = np.interp(np.arange(count) * 16000 / 44100, np.arange(len(mono)), mono)
    stereo = np.repeat(up, 2)
    heard = listen_json(wav(tmp_path / "stereo.wav", stereo, 44100, 2), capsys)
    assert [h["command"] for h in heard] == EXPECTED


def test_silence_and_noise_give_an_empty_list(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    quiet = wav(tmp_path / "quiet.wav", np.zeros(16000 * 3))
    assert listen_json(quiet, capsys) == []
    hiss = np.random.default_rng(1).normal(0, 300, 16000 * 5)
    assert listen_json(wav(tmp_path / "hiss.wav", hiss), capsys) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "no RIFF/WAVE header"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt \x10\x00", "cut short"),
        (b"ID3\x03\x00 an mp3", "not a WAV file"),
    ],
)
def test_a_bad_wav_is_named_without_a_traceback(tmp_path: Path, content: bytes, words: str) -> None:
    bad = tmp_path / "bad take.wav"
    bad.write_bytes(content)
    out = subprocess.run(
        [sys.executable, "-m", "reflexmap", "listen", "--wav", str(bad), "--json"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1
    assert str(bad) in out.stderr and words in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_a_fifo_or_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    """A named pipe is not waited on (it hung, nothing ever writing to it); a file too big
    to work on is refused before it is read (a sparse one here: no disk used)."""
    import os

    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    out = subprocess.run(
        [sys.executable, "-m", "reflexmap", "listen", "--wav", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and f"{fifo}: not a regular file" in out.stderr
    huge = tmp_path / "huge.wav"
    with huge.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(WavError, match="at most 400 MB are read"):
        read_wav(huge)


def test_missing_folder_and_unsupported_format(tmp_path: Path) -> None:
    with pytest.raises(WavError, match="no such file"):
        read_wav(tmp_path / "none.wav")
    with pytest.raises(WavError, match="a folder"):
        read_wav(tmp_path)
    adpcm = wav(tmp_path / "adpcm.wav", np.zeros(100))
    blob = bytearray(adpcm.read_bytes())
    blob[20:22] = (2).to_bytes(2, "little")  # format 2: MS ADPCM
    adpcm.write_bytes(bytes(blob))
    with pytest.raises(WavError, match=r"adpcm.wav: format 2"):
        read_wav(adpcm)


def test_ending_asks_first_and_only_yes_or_no_answer() -> None:
    dialogue = Dialogue(recording=False)
    assert dialogue.modes == {Mode.ROUTINE}
    action = dialogue.on_heard(Heard("end", 5.0, 6.0, 0.0))
    assert action is not None and action.kind == "ask_end"
    assert dialogue.modes == {Mode.CONFIRM}
    assert dialogue.on_heard(Heard("next", 7.0, 7.5, 0.0)) is None  # not an answer
    assert dialogue.on_heard(Heard("no", 8.0, 8.2, 0.0)).kind == "keep_going"  # type: ignore[union-attr]
    assert dialogue.modes == {Mode.ROUTINE}
    dialogue.on_heard(Heard("end", 10.0, 11.0, 0.0))
    assert dialogue.on_heard(Heard("yes", 12.0, 12.2, 0.0)).kind == "end"  # type: ignore[union-attr]
    dialogue.on_heard(Heard("end", 20.0, 21.0, 0.0))
    assert dialogue.expire(21.0 + CONFIRM_S - 1) is None
    assert dialogue.expire(21.0 + CONFIRM_S + 1) is Lapsed.QUESTION  # unanswered: nothing ends
    assert dialogue.modes == {Mode.ROUTINE}
    assert Dialogue(recording=True).modes == {Mode.ROUTINE, Mode.RECORD}


def test_texture_words_are_listened_for_just_after_a_tenderness() -> None:
    """A texture needs a tenderness first (as the journal does); for TEXTURE_S after one,
    and after each texture word, only the texture words are listened for."""
    dialogue = Dialogue(recording=True)
    assert dialogue.on_heard(Heard("texture_hard", 1.0, 1.6, 0.0)) is None
    assert dialogue.on_heard(Heard("tender_2", 2.0, 2.8, 0.0)).kind == "tender_2"  # type: ignore[union-attr]
    assert dialogue.modes == {Mode.TEXTURE}
    assert not {c.id for c in commands_for(dialogue.modes)} - {
        f"texture_{word}" for word in TEXTURE_PHRASES
    }
    assert dialogue.on_heard(Heard("next", 3.0, 3.5, 0.0)) is None  # not now
    action = dialogue.on_heard(Heard("texture_grainy", 2.8 + TEXTURE_S - 1, 2.8 + TEXTURE_S, 0.0))
    assert action is not None and action.kind == "texture_grainy"
    assert dialogue.expire(2.8 + TEXTURE_S + 1) is None  # each texture word keeps it open
    assert dialogue.expire(2.8 + 2 * TEXTURE_S + 0.1) is Lapsed.TEXTURES
    assert dialogue.modes == {Mode.ROUTINE, Mode.RECORD}
    dialogue.on_heard(Heard("tender_1", 30.0, 30.5, 0.0))
    dialogue.recording = False  # the recording ends: no texture words
    assert dialogue.modes == {Mode.ROUTINE}
    assert Dialogue(recording=False).on_heard(Heard("tender_1", 1.0, 1.5, 0.0)) is None


def test_help_lists_every_phrase() -> None:
    text = help_text()
    for command in COMMANDS:
        assert f"“{command.phrase}”" in text
    assert len({c.phrase for c in COMMANDS}) == len(COMMANDS) == len(BY_ID)
    assert "“tender two” – mark the zone tender 2 of 3" in text
    assert "“cold feet” – note the zone feels cold" in text


def test_the_texture_words_are_the_journals() -> None:
    assert tuple(TEXTURE_PHRASES) == TEXTURE_WORDS


def test_help_is_translated_but_the_phrases_are_not(shouting) -> None:  # type: ignore[no-untyped-def]
    """The recogniser hears English: the phrases stay; titles, meanings and the texture
    word (in the journal's own context) are translated."""
    text = help_text()
    assert "WHILE A ROUTINE RUNS:" in text and "“go forward” – GO TO THE NEXT STEP" in text
    assert "“cold feet” – NOTE THE ZONE FEELS COLD" in text
    assert ("Practice", "cold") in shouting
    assert ("VoiceCommands", "note the zone feels {0}") in shouting
