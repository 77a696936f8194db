"""The spoken commands: what is said, what it means, and when it is listened for.

Phrases are chosen to be told apart by a small recogniser, not for elegance (measured by
tests/bench/listen_bench.py): two words where one short word would be mistaken for another
("go back" was measured as "go on", so going back is "previous step"), and each of the
journal's texture words with a second word of its own (see TEXTURE_PHRASES).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP, translate

SAMPLE_RATE = 16000  # what the recogniser takes: 16-bit mono PCM at this rate
CONFIRM_S = 10.0  # after "end routine", "yes" or "no" is waited for this long
TEXTURE_S = 6.0  # after a tenderness (or a texture) by voice, a texture word this long


class VoiceUnavailable(Exception):
    """Voice control cannot run here; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Heard:
    command: str  # a Command id
    start_s: float  # from the start of the stream
    end_s: float
    confidence: float  # per-frame score against the phone loop; 0 is as good as free


class Mode(Enum):
    """What the recogniser listens for."""

    ROUTINE = "routine"  # a routine runs: move, pause, repeat, end
    CONFIRM = "confirm"  # "end routine" was heard: only yes / no
    RECORD = "record"  # the journal's record mode: a tenderness for the current zone
    TEXTURE = "texture"  # just after a tenderness was marked: only the texture words


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # stable name, what `reflexmap listen --json` prints
    phrase: str  # the words to say
    mode: Mode
    meaning: str  # shown in Help > Voice commands (translated there), "{0}" is `detail`
    detail: str = ""


# Each texture word (the journal's, user_store.TEXTURE_WORDS: a test holds them equal) is
# said with a word of its own after it: "feels hard" and "feels tight", "feels cold" and
# "feels warm", "feels grainy" and "feels gritty" differ in one short sound, and the bench
# measured them taken for one another in noise (8 of 70 said by the "tune" voices); with a
# second word each, 3 of 70. They are listened for only just after a tenderness is marked
# (Mode.TEXTURE, for TEXTURE_S): the journal takes a texture only on a zone that has one,
# and the rest of the session has seven look-alike phrases fewer to be taken for.
TEXTURE_PHRASES = {
    "grainy": "grainy texture",
    "gritty": "gritty sand",
    "puffy": "puffy swelling",
    "tight": "tight muscle",
    "hard": "hard lump",
    "warm": "warm skin",
    "cold": "cold feet",
}

_TENDER = QT_TRANSLATE_NOOP("VoiceCommands", "mark the zone tender {0} of 3")
_TEXTURE = QT_TRANSLATE_NOOP("VoiceCommands", "note the zone feels {0}")

# The phrases are English, the language of the recogniser's model; what they do is
# translated.
COMMANDS: tuple[Command, ...] = (
    Command(
        "next",
        "go forward",
        Mode.ROUTINE,
        QT_TRANSLATE_NOOP("VoiceCommands", "go to the next step"),
    ),
    Command(
        "back",
        "previous step",
        Mode.ROUTINE,
        QT_TRANSLATE_NOOP("VoiceCommands", "go to the step before"),
    ),
    Command(
        "pause",
        "pause please",
        Mode.ROUTINE,
        QT_TRANSLATE_NOOP("VoiceCommands", "pause the routine"),
    ),
    Command(
        "go_on", "continue", Mode.ROUTINE, QT_TRANSLATE_NOOP("VoiceCommands", "go on after a pause")
    ),
    Command(
        "repeat",
        "say again",
        Mode.ROUTINE,
        QT_TRANSLATE_NOOP("VoiceCommands", "say the step again"),
    ),
    Command(
        "end",
        "end routine",
        Mode.ROUTINE,
        QT_TRANSLATE_NOOP("VoiceCommands", "end the routine (asks yes or no)"),
    ),
    Command("yes", "yes", Mode.CONFIRM, QT_TRANSLATE_NOOP("VoiceCommands", "yes, end the routine")),
    Command("no", "no", Mode.CONFIRM, QT_TRANSLATE_NOOP("VoiceCommands", "no, keep going")),
    *(
        Command(f"tender_{n}", f"tender {word}", Mode.RECORD, _TENDER, str(n))
        for n, word in enumerate(("zero", "one", "two", "three"))
    ),
    *(
        Command(f"texture_{word}", phrase, Mode.TEXTURE, _TEXTURE, word)
        for word, phrase in TEXTURE_PHRASES.items()
    ),
)

BY_ID = {command.id: command for command in COMMANDS}


def commands_for(modes: frozenset[Mode] | set[Mode]) -> tuple[Command, ...]:
    return tuple(command for command in COMMANDS if command.mode in modes)


def help_text() -> str:
    """Help > Voice commands: what to say, by when it is listened for."""

    parts = {
        Mode.ROUTINE: translate("VoiceCommands", "While a routine runs:"),
        Mode.CONFIRM: translate(
            "VoiceCommands", "After \u201cend routine\u201d (for {0} seconds):"
        ).format(f"{CONFIRM_S:.0f}"),
        Mode.RECORD: translate("VoiceCommands", "While recording marks (the practice journal):"),
        Mode.TEXTURE: translate(
            "VoiceCommands",
            "For {0} seconds after a \u201ctender \u2026\u201d mark (and after each texture "
            "word), only these:",
        ).format(f"{TEXTURE_S:.0f}"),
    }
    lines = []
    for mode, title in parts.items():
        lines.append(title)
        for command in commands_for({mode}):
            detail = (
                translate("Practice", command.detail)
                if command.mode is Mode.TEXTURE
                else command.detail
            )
            meaning = translate("VoiceCommands", command.meaning).format(detail)
            lines.append(f"  \u201c{command.phrase}\u201d \u2013 {meaning}")
        lines.append("")
    lines.append(
        translate(
            "VoiceCommands",
            "Voice control is switched on in the player. The microphone is open only while "
            "a routine runs or a session is being recorded; what it hears is not kept or "
            "sent anywhere, and nothing is heard while the app itself speaks. Say a command "
            "on its own, with a short pause before and after. So far voice control works "
            "on Linux desktops only (the microphone is read through PulseAudio or PipeWire).",
        )
    )
    return "\n".join(lines)
