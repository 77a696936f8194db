"""The spoken commands: what is said, what it means, and when it is listened for.

Phrases are chosen to be told apart by a small recogniser, not for elegance: two words
where one short word would be mistaken for another ("go back" vs "go on" was measured as
confused, so going on is "carry on"), and the journal's texture words behind "feels" so a
step text that says "warm" is not taken for a mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Mode(Enum):
    """What the recogniser listens for."""

    ROUTINE = "routine"  # a routine runs: move, pause, repeat, end
    CONFIRM = "confirm"  # "end routine" was heard: only yes / no
    RECORD = "record"  # the journal's record mode: marks for the current zone


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # stable name, what `reflexmap listen --json` prints
    phrase: str  # the words to say
    mode: Mode
    meaning: str  # shown in Help > Voice commands


TEXTURE_WORDS = ("grainy", "gritty", "puffy", "tight", "hard", "warm", "cold")

COMMANDS: tuple[Command, ...] = (
    Command("next", "next step", Mode.ROUTINE, "go to the next step"),
    Command("back", "go back", Mode.ROUTINE, "go to the step before"),
    Command("pause", "pause", Mode.ROUTINE, "pause the routine"),
    Command("go_on", "carry on", Mode.ROUTINE, "go on after a pause"),
    Command("repeat", "repeat", Mode.ROUTINE, "say the step again"),
    Command("end", "end routine", Mode.ROUTINE, "end the routine (asks yes or no)"),
    Command("yes", "yes", Mode.CONFIRM, "yes, end the routine"),
    Command("no", "no", Mode.CONFIRM, "no, keep going"),
    *(
        Command(f"tender_{n}", f"tender {word}", Mode.RECORD, f"mark the zone tender {n} of 3")
        for n, word in enumerate(("zero", "one", "two", "three"))
    ),
    *(
        Command(f"texture_{word}", f"feels {word}", Mode.RECORD, f"note the zone feels {word}")
        for word in TEXTURE_WORDS
    ),
)

BY_ID = {command.id: command for command in COMMANDS}


def commands_for(modes: frozenset[Mode] | set[Mode]) -> tuple[Command, ...]:
    return tuple(command for command in COMMANDS if command.mode in modes)
