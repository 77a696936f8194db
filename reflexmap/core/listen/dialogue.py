"""What a heard command does next: the listening modes and the yes/no after "end routine".

The app and `reflexmap listen --wav` share this, so the diagnostic hears what the player
would: after "end routine" only "yes" and "no" are listened for, for `CONFIRM_S`.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflexmap.core.listen.commands import Heard, Mode

CONFIRM_S = 10.0


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # a command id, or "ask_end", "end", "keep_going"
    heard: Heard


class Dialogue:
    def __init__(self, recording: bool = False) -> None:
        self.recording = recording
        self._asked_at: float | None = None

    @property
    def modes(self) -> frozenset[Mode]:
        if self._asked_at is not None:
            return frozenset({Mode.CONFIRM})
        return frozenset({Mode.ROUTINE, Mode.RECORD} if self.recording else {Mode.ROUTINE})

    @property
    def asking(self) -> bool:
        return self._asked_at is not None

    def expire(self, now_s: float) -> bool:
        """True when an unanswered "end the routine?" has just lapsed (nothing ends)."""
        if self._asked_at is not None and now_s - self._asked_at > CONFIRM_S:
            self._asked_at = None
            return True
        return False

    def cancel(self) -> None:
        self._asked_at = None

    def on_heard(self, heard: Heard, now_s: float | None = None) -> Action | None:
        """`now_s`: the clock `expire` is given (default: the stream's, heard.end_s)."""
        if self._asked_at is not None:
            if heard.command == "yes":
                self._asked_at = None
                return Action("end", heard)
            if heard.command == "no":
                self._asked_at = None
                return Action("keep_going", heard)
            return None
        if heard.command == "end":
            self._asked_at = heard.end_s if now_s is None else now_s
            return Action("ask_end", heard)
        if heard.command in ("yes", "no"):
            return None
        return Action(heard.command, heard)
