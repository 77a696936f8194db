"""Spoken commands from 16 kHz mono PCM, offline, with PocketSphinx.

How a command is found (measured on synthetic speech, tests/bench/listen_bench.py):
1. An energy gate (EnergyGate) cuts the stream into stretches of speech. A command is
   said on its own, so a stretch longer than ``max_command_s`` is running speech and is
   dropped without decoding (most of a step text read aloud never reaches the decoder).
   Asking for quiet before or after a command as well gained nothing on the bench: the
   false commands there are short step texts said on their own.
2. A short stretch, with a little audio either side, is decoded with a grammar that holds
   only the commands listened for, and with a free phone loop. The grammar always answers
   with some command; the phone loop is what the audio sounds like when nothing is
   forced. The path score of the forced answer per frame, less the phone loop's, is the
   confidence; under ``threshold`` the answer is no vote.
3. That is done at three warps of the audio (WARPS: as heard, and read 5 % slower or
   faster, which moves the voice's formants and pace together, as a longer or shorter
   vocal tract would), and a command needs two votes of three. One voice's odd vowel
   sways one warp's answer, seldom two (the bench's "tune" voices: 182 of 190 right with
   one decode, 7 confused; 185 with the vote, 3 confused).
4. Before decoding, a steady hiss 35 dB under the stretch's speech is added
   (with_noise_floor): clean, synthesised commands were heard worse than noisy ones
   (the "tune" voices: 185 -> 188 of 190, confused 3 -> 0, false commands 1 -> 0).

Nothing heard is kept: the audio of a stretch is dropped once it is decoded. PocketSphinx
is imported only when a Recognizer is made (`reflexmap[listen]`, an optional extra).
"""

from __future__ import annotations

import math
import os
import threading
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from reflexmap.core.listen.commands import (
    SAMPLE_RATE,
    Command,
    Heard,
    Mode,
    VoiceUnavailable,
    commands_for,
)

__all__ = ["SAMPLE_RATE", "Heard", "Recognizer", "Tuning", "VoiceUnavailable"]

BYTES_PER_SECOND = SAMPLE_RATE * 2


FRAME_S = 0.02
# One decode at a time in a process: PocketSphinx does not say its decoders may run on
# several threads at once (two windows, or a closing one, each have a microphone thread).
_DECODING = threading.Lock()
FRAME_BYTES = int(FRAME_S * SAMPLE_RATE) * 2


# The warps a stretch is decoded at (1.0 first: most stretches are settled by the first
# two) and the votes a command needs. Chosen on the bench's "tune" voices from 0.9-1.1 in
# steps of 0.05 and sets of three: (0.95, 1.0, 1.05) needing two was best there.
WARPS = (1.0, 0.95, 1.05)
VOTES_NEEDED = 2


@dataclass(slots=True)
class Tuning:
    threshold: float = -5.0  # least confidence of a vote (chosen on the "tune" voices)
    # a steady hiss this far under the stretch's speech is added before decoding (see
    # with_noise_floor; chosen on the "tune" voices from 25, 30 and 35 dB)
    floor_db: float = 35.0
    # a command is short: measured on the bench, every command said by the "tune" voices
    # (down to 130 words a minute) lasted at most 1.24 s, and the step texts that were
    # taken for commands 1.36 s and more
    max_command_s: float = 1.3
    min_command_s: float = 0.12
    rise_db: float = 5.0  # a frame this far above the noise floor is speech
    hangover_s: float = 0.35  # this much quiet ends a stretch (a stop consonant is shorter)
    margin_s: float = 0.35
    lead_s: float = 0.35  # audio kept before a stretch: the decoder's noise estimate
    retry_edge_s: float = 0.15  # before and after, when the grammar found no path


@dataclass(slots=True)
class Candidate:
    """One decoded stretch, for the bench: each warp's vote, and what they decided."""

    start_s: float
    end_s: float
    command: str | None
    confidence: float
    votes: tuple[tuple[str | None, float], ...] = ()  # (command or None, confidence)


class EnergyGate:
    """Cuts a stream into stretches of speech by loudness above the noise floor.

    PocketSphinx's own endpointer (WebRTC's VAD) took steady noise at 10 dB SNR for
    speech and never closed a stretch (measured: no command heard in noise). The floor
    here follows the quietest frames of the last few seconds, so steady noise raises it.
    """

    def __init__(self, tuning: Tuning) -> None:
        self.tuning = tuning
        self._levels: deque[float] = deque(maxlen=int(3.0 / FRAME_S))
        self._floor = 30.0
        self._start: float | None = None
        self._last_loud = 0.0
        self._loud_run = 0

    def process(self, frame: bytes, at_s: float) -> tuple[float, float] | None:
        """Give a frame; returns (start_s, end_s) when a stretch of speech has ended."""
        samples = np.frombuffer(frame, dtype="<i2").astype(np.float64)
        level = 10.0 * math.log10(float(np.mean(samples * samples)) + 1.0)
        self._levels.append(level)
        if len(self._levels) >= 10:
            self._floor = float(np.percentile(self._levels, 10))
        loud = level > self._floor + self.tuning.rise_db
        if loud:
            self._loud_run += 1
            self._last_loud = at_s + FRAME_S
            if self._start is None and self._loud_run >= 3:
                self._start = at_s - 2 * FRAME_S
        else:
            self._loud_run = 0
        if self._start is not None and at_s - self._last_loud >= self.tuning.hangover_s:
            start, self._start = self._start, None
            return start, self._last_loud
        return None


def load_engine() -> Any:  # the pocketsphinx module (it ships no types)
    try:
        import pocketsphinx  # type: ignore[import-untyped]
    except ImportError as error:
        raise VoiceUnavailable(
            "PocketSphinx, which voice control needs, is not installed "
            "(pip install 'reflexmap[listen]')"
        ) from error
    return pocketsphinx


def _grammar(commands: Iterable[Command]) -> str:
    alternatives = " | ".join(command.phrase for command in commands)
    return f"#JSGF V1.0;\ngrammar commands;\npublic <command> = {alternatives};\n"


class Recognizer:
    """Feed PCM (16-bit little-endian, 16 kHz, mono) with `feed`; get the commands heard."""

    def __init__(
        self,
        modes: Iterable[Mode] = (Mode.ROUTINE,),
        tuning: Tuning | None = None,
        keep_candidates: bool = False,
    ) -> None:
        ps = load_engine()
        self.tuning = tuning or Tuning()
        model = ps.get_model_path()
        try:
            self._decoder = ps.Decoder(
                hmm=os.path.join(model, "en-us", "en-us"),
                dict=os.path.join(model, "en-us", "cmudict-en-us.dict"),
                lm=None,
                samprate=SAMPLE_RATE,
                loglevel="FATAL",
                fillprob=1e-40,
                cmn="batch",
                bestpath=False,  # the lattice pass gave partial answers ("step" for "next step")
                dither=True,  # digital silence (exact zeros) upsets the cepstral mean
            )
            self._decoder.add_allphone_file(
                "phones", os.path.join(model, "en-us", "en-us-phone.lm.bin")
            )
        except (RuntimeError, ValueError, OSError) as error:
            raise VoiceUnavailable(f"The speech model could not be loaded: {error}") from error
        self._vad = EnergyGate(self.tuning)
        self._pending = b""
        self._time_s = 0.0
        keep = (
            self.tuning.max_command_s + self.tuning.lead_s + self.tuning.margin_s + 1.0
        ) / FRAME_S
        self._recent: deque[tuple[float, bytes]] = deque(maxlen=int(keep))
        self._modes: frozenset[Mode] = frozenset()
        self._by_phrase: dict[str, str] = {}
        self.keep_candidates = keep_candidates
        self.candidates: list[Candidate] = []
        self.set_modes(modes)

    @property
    def modes(self) -> frozenset[Mode]:
        return self._modes

    @property
    def time_s(self) -> float:
        """Seconds of audio fed so far (the clock of Heard.start_s)."""
        return self._time_s

    def set_modes(self, modes: Iterable[Mode]) -> None:
        modes = frozenset(modes)
        if modes == self._modes:
            return
        self._modes = modes
        listened = list(commands_for(modes))
        self._by_phrase = {command.phrase: command.id for command in listened}
        if listened:
            grammar = _grammar(listened)
            self._decoder.add_jsgf_string("commands", grammar)

    def reset(self) -> None:
        """Forget a half-heard stretch (after a pause in listening, e.g. while the app spoke)."""
        self._pending = b""
        self._recent.clear()
        self._vad = EnergyGate(self.tuning)

    def feed(self, pcm: bytes) -> list[Heard]:
        heard: list[Heard] = []
        data = self._pending + pcm
        size = FRAME_BYTES
        whole = len(data) - len(data) % size
        self._pending = data[whole:]
        for offset in range(0, whole, size):
            heard.extend(self._frame(data[offset : offset + size]))
        return heard

    def finish(self) -> list[Heard]:
        """The end of the stream: decide on a stretch still open."""
        tail = self._pending
        self._pending = b""
        heard = self.feed(b"\0" * (FRAME_BYTES - len(tail))) if tail else []
        # Half a second of silence lets the endpointer close a stretch still open.
        heard += self.feed(b"\0" * int(0.6 * BYTES_PER_SECOND))
        return heard

    def _frame(self, frame: bytes) -> list[Heard]:
        self._recent.append((self._time_s, frame))
        stretch = self._vad.process(frame, self._time_s)
        self._time_s += FRAME_S
        return [] if stretch is None else self._close(*stretch)

    def _close(self, start_s: float, end_s: float) -> list[Heard]:
        tuning = self.tuning
        if (
            not self._by_phrase
            or not tuning.min_command_s <= end_s - start_s <= tuning.max_command_s
        ):
            return []
        # The stretch with a little audio either side: the endpointer's edges can clip a
        # soft first or last sound.
        wide = with_noise_floor(
            self._audio_between(start_s - tuning.lead_s, end_s + tuning.margin_s),
            tuning.floor_db,
        )
        narrow = self._audio_between(start_s - tuning.retry_edge_s, end_s + tuning.retry_edge_s)
        votes: list[tuple[str | None, float]] = []
        counts: Counter[str] = Counter()
        for done, warp in enumerate(WARPS, start=1):
            vote = self._vote(wide, narrow, warp)
            votes.append(vote)
            if vote[0] is not None:
                counts[vote[0]] += 1
            most = max(counts.values(), default=0)
            if most >= VOTES_NEEDED or most + len(WARPS) - done < VOTES_NEEDED:
                break  # settled either way: the other warps are not decoded
        winner = next((c for c, n in counts.items() if n >= VOTES_NEEDED), None)
        confidence = (
            sum(conf for command, conf in votes if command == winner) / counts[winner]
            if winner is not None
            else max((conf for _command, conf in votes), default=-1e9)
        )
        if self.keep_candidates:
            self.candidates.append(Candidate(start_s, end_s, winner, confidence, tuple(votes)))
        if winner is None:
            return []
        return [Heard(winner, round(start_s, 2), round(end_s, 2), round(confidence, 1))]

    def _audio_between(self, start_s: float, end_s: float) -> bytes:
        return b"".join(frame for at, frame in self._recent if start_s <= at <= end_s)

    def _vote(self, wide: bytes, narrow: bytes, warp: float) -> tuple[str | None, float]:
        """The grammar's command for the stretch at `warp`, if its confidence reaches the
        threshold; None and the confidence if not. `wide` has its noise floor; `narrow`,
        the rare retry, gets it here."""
        audio = warp_audio(wide, warp)
        text, command_score, frames = self._decode("commands", audio)
        if not text:
            # no path through the grammar: the long quiet either side (digital silence in
            # a clean recording) does not fit it; again with less of it (the bench: 11 of
            # 380 commands were lost so)
            audio = warp_audio(with_noise_floor(narrow, self.tuning.floor_db), warp)
            text, command_score, frames = self._decode("commands", audio)
        if not text:
            return None, -1e9
        _phones, phone_score, _ = self._decode("phones", audio)
        confidence = 1e4 * (command_score - phone_score) / max(frames, 1)
        command = self._by_phrase.get(text)
        return (command if confidence >= self.tuning.threshold else None), confidence

    def _decode(self, search: str, audio: bytes) -> tuple[str, float, int]:
        with _DECODING:
            return self._decode_now(search, audio)

    def _decode_now(self, search: str, audio: bytes) -> tuple[str, float, int]:
        decoder = self._decoder
        decoder.activate_search(search)
        decoder.start_utt()
        decoder.process_raw(audio, full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        if hyp is None:
            return "", -1e9, decoder.n_frames()
        # hyp.score is exp() of the path score, which PocketSphinx keeps relative to the
        # best senone of each frame: its log is how far the path falls below the best.
        score = math.log(hyp.score) if hyp.score > 0 else -1e9
        return " ".join(hyp.hypstr.split()), score, decoder.n_frames()


def warp_audio(audio: bytes, warp: float) -> bytes:
    """The audio read `warp` times as fast (1.05: 5 % faster and higher), by linear
    interpolation: what the decoder hears is a voice with a shorter vocal tract."""
    if warp == 1.0 or not audio:
        return audio
    samples = np.frombuffer(audio, dtype="<i2").astype(np.float64)
    count = int(len(samples) / warp)
    warped = np.interp(np.arange(count) * warp, np.arange(len(samples)), samples)
    return bytes(np.clip(np.round(warped), -32768, 32767).astype("<i2").tobytes())


def with_noise_floor(audio: bytes, below_db: float) -> bytes:
    """The audio with a steady hiss `below_db` under its speech (the mean power of its
    loudest 30 % of 20 ms frames). The model was trained on recordings, which always have
    a noise floor; between and around the words of a digitally clean one (a synthesised
    or edited WAV) it heard something it had not met, and clean commands were heard worse
    than the same at 10 dB SNR (the bench: 85 against 92 of 95, held-out voices). A real
    microphone's own floor is mostly above this one. The hiss is the same for the same
    audio (seeded by its length), so a recording always gives the same answer."""
    if not audio or below_db <= 0:
        return audio
    samples = np.frombuffer(audio, dtype="<i2").astype(np.float64)
    frame = int(FRAME_S * SAMPLE_RATE)
    usable = len(samples) // frame * frame
    if usable == 0:
        return audio
    power = np.sort(np.mean(samples[:usable].reshape(-1, frame) ** 2, axis=1))[::-1]
    loud = float(np.mean(power[: max(1, len(power) * 3 // 10)]))
    level = math.sqrt(loud) / 10 ** (below_db / 20)
    hiss = np.random.default_rng(len(audio)).normal(0.0, level, samples.shape)
    return bytes(np.clip(np.round(samples + hiss), -32768, 32767).astype("<i2").tobytes())
