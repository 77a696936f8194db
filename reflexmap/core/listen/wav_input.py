"""A WAV file as 16 kHz mono 16-bit PCM for the recogniser (`reflexmap listen --wav`).

The RIFF chunks are read here (Python 3.11's `wave` refuses WAVE_FORMAT_EXTENSIBLE, which
sox writes); other rates and channel counts are mixed down
and resampled here (linear interpolation: enough for speech at 8-48 kHz). A file that is
not a readable PCM WAV raises WavError with the file's name and what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reflexmap.core.listen.commands import SAMPLE_RATE
from reflexmap.core.paths import ReadRefused, read_regular

# A diagnostic reads minutes (an hour of 48 kHz stereo 16-bit is 691 MB); the samples are
# worked on as float64, 4 times a 16-bit file's size: a bigger file is refused unread.
MAX_BYTES = 400_000_000


class WavError(Exception):
    pass


def _parse(path: Path, blob: bytes) -> tuple[int, int, int, bool, bytes]:
    """(channels, bytes per sample, rate, float, data) from a RIFF WAVE file's chunks."""
    if len(blob) < 12 or blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise WavError(f"{path}: not a WAV file (no RIFF/WAVE header)")
    fmt: tuple[int, int, int, int] | None = None
    offset = 12
    while offset + 8 <= len(blob):
        kind = blob[offset : offset + 4]
        size = int.from_bytes(blob[offset + 4 : offset + 8], "little")
        body = blob[offset + 8 : offset + 8 + size]
        if kind == b"fmt ":
            if len(body) < 16:
                raise WavError(f"{path}: its format chunk is cut short")
            tag = int.from_bytes(body[0:2], "little")
            if tag == 0xFFFE and len(body) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the sub-format
                tag = int.from_bytes(body[24:26], "little")
            channels = int.from_bytes(body[2:4], "little")
            rate = int.from_bytes(body[4:8], "little")
            bits = int.from_bytes(body[14:16], "little")
            fmt = (tag, channels, rate, bits)
        elif kind == b"data":
            if fmt is None:
                raise WavError(f"{path}: its sound data comes before its format chunk")
            tag, channels, rate, bits = fmt
            if tag not in (1, 3) or (tag == 3 and bits != 32) or bits not in (8, 16, 32):
                raise WavError(
                    f"{path}: format {tag}, {bits}-bit samples; expected 8, 16 or 32-bit PCM "
                    "or 32-bit float"
                )
            if channels < 1:
                raise WavError(f"{path}: {channels} channels")
            if not 4000 <= rate <= 192000:
                raise WavError(f"{path}: a sample rate of {rate} Hz; expected 8000-48000 Hz")
            return channels, bits // 8, rate, tag == 3, body
        offset += 8 + size + (size & 1)
    if offset < len(blob):
        raise WavError(f"{path}: cut short (a chunk header at byte {offset} is incomplete)")
    raise WavError(
        f"{path}: no sound data (no 'data' chunk)" if fmt else f"{path}: no format chunk"
    )


def read_wav(path: Path) -> bytes:
    try:
        blob = read_regular(path, MAX_BYTES)
    except ReadRefused as refused:
        if path.is_dir():
            raise WavError(f"{path}: a folder, not a WAV file") from None
        if "larger" in str(refused):
            raise WavError(f"{path}: at most {MAX_BYTES // 1_000_000} MB are read") from None
        raise WavError(f"{path}: {refused}") from None  # a FIFO, a device: never waited on
    except FileNotFoundError as error:
        raise WavError(f"{path}: no such file") from error
    except PermissionError as error:
        raise WavError(f"{path}: not allowed to read it") from error
    except OSError as error:
        raise WavError(f"{path}: could not be read ({error.strerror or error})") from error
    channels, width, rate, is_float, data = _parse(path, blob)
    usable = len(data) - len(data) % (width * channels)
    if width == 1:
        samples = (np.frombuffer(data[:usable], dtype=np.uint8).astype(np.float64) - 128) * 256
    elif is_float:
        samples = (
            np.nan_to_num(np.frombuffer(data[:usable], dtype="<f4").astype(np.float64)) * 32767
        )
    elif width == 2:
        samples = np.frombuffer(data[:usable], dtype="<i2").astype(np.float64)
    else:
        samples = np.frombuffer(data[:usable], dtype="<i4").astype(np.float64) / 65536
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE and len(samples) > 1:
        count = int(round(len(samples) * SAMPLE_RATE / rate))
        positions = np.arange(count) * (rate / SAMPLE_RATE)
        samples = np.interp(positions, np.arange(len(samples)), samples)
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()
