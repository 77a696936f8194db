"""The player's remembered settings: their QSettings keys, defaults, and the one way each
kind is read. An INI file gives back "true"/"false" (or "1") strings, memory gives bools:
every switch in the player is read here, so the panel's check boxes, the voice and the
voice control cannot disagree about one value.

Small and Qt-only, so the panel reads its switches without loading the voice.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

SPEAK = "player/speak"
SOUNDS = "player/sounds"
RATE = "player/voiceRate"
VOLUME = "player/voiceVolume"
VOICE = "player/voiceName"
SOUND_VOLUME = "player/soundVolume"
VOICE_CONTROL = "player/voice_control"
VOICE_DEVICE = "player/voice_device"  # a PulseAudio source name; empty: the default

DEFAULTS: dict[str, object] = {
    SPEAK: True,
    SOUNDS: True,
    RATE: 0,
    VOLUME: 100,
    VOICE: "",
    SOUND_VOLUME: 80,
    VOICE_CONTROL: False,  # opt-in
    VOICE_DEVICE: "",
}


def read_bool(settings: QSettings, key: str) -> bool:
    value = settings.value(key, DEFAULTS[key])
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def read_int(settings: QSettings, key: str, low: int, high: int) -> int:
    try:
        value = int(str(settings.value(key, DEFAULTS[key])))
    except ValueError:
        value = int(str(DEFAULTS[key]))
    return max(low, min(high, value))


def read_text(settings: QSettings, key: str) -> str:
    return str(settings.value(key, DEFAULTS[key]) or "")
