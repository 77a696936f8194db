"""What a heard command does next: the listening modes, the yes/no after "end routine" and
the texture words just after a tenderness.

The app and `reflexmap listen --wav` share this, so the diagnostic hears what the player
would: after "end routine" only "yes" and "no" are listened for, for `CONFIRM_S`; after a
"tender …" mark (while recording) only the texture words, for `TEXTURE_S` from the last
mark word.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from reflexmap.core.listen.commands import CONFIRM_S, TEXTURE_S, Heard, Mode

__all__ = ["CONFIRM_S", "TEXTURE_S", "Action", "Dialogue", "Lapsed"]


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # a command id, or "ask_end", "end", "keep_going"
    heard: Heard


class Lapsed(Enum):
    """What `Dialogue.expire` ended (the listening modes change with either)."""

    QUESTION = "question"  # "end the routine?" went unanswered: nothing ends
    TEXTURES = "textures"  # the texture words after a mark are no longer listened for


class Dialogue:
    def __init__(self, recording: bool = False) -> None:
        self._recording = recording
        self._asked_at: float | None = None
        self._textures_until: float | None = None

    @property
    def recording(self) -> bool:
        return self._recording

    @recording.setter
    def recording(self, on: bool) -> None:
        self._recording = on
        if not on:
            self._textures_until = None

    @property
    def modes(self) -> frozenset[Mode]:
        if self._asked_at is not None:
            return frozenset({Mode.CONFIRM})
        if self._textures_until is not None:
            return frozenset({Mode.TEXTURE})
        return frozenset({Mode.ROUTINE, Mode.RECORD} if self._recording else {Mode.ROUTINE})

    @property
    def asking(self) -> bool:
        return self._asked_at is not None

    @property
    def waiting(self) -> bool:
        """Something is waited for that `expire` or `cancel` ends: yes/no, a texture word."""
        return self._asked_at is not None or self._textures_until is not None

    def expire(self, now_s: float) -> Lapsed | None:
        """What has just lapsed at `now_s`, if anything."""
        if self._asked_at is not None and now_s - self._asked_at > CONFIRM_S:
            self._asked_at = None
            return Lapsed.QUESTION
        if self._textures_until is not None and now_s > self._textures_until:
            self._textures_until = None
            return Lapsed.TEXTURES
        return None

    def cancel(self) -> None:
        self._asked_at = None
        self._textures_until = None

    def on_heard(self, heard: Heard, now_s: float | None = None) -> Action | None:
        """`now_s`: the clock `expire` is given (default: the stream's, heard.end_s)."""
        now = heard.end_s if now_s is None else now_s
        if self._asked_at is not None:
            if heard.command == "yes":
                self._asked_at = None
                return Action("end", heard)
            if heard.command == "no":
                self._asked_at = None
                return Action("keep_going", heard)
            return None
        kind = heard.command
        if kind.startswith("texture_"):
            if self._textures_until is None:
                return None  # not listened for: a texture needs a tenderness first
            self._textures_until = now + TEXTURE_S
            return Action(kind, heard)
        if self._textures_until is not None:
            return None  # only the texture words are listened for now
        if kind.startswith("tender_"):
            if not self._recording:
                return None
            self._textures_until = now + TEXTURE_S
            return Action(kind, heard)
        if kind == "end":
            self._asked_at = now
            return Action("ask_end", heard)
        if kind in ("yes", "no"):
            return None
        return Action(kind, heard)
