"""Content problems as the user reads them: `file:location: message`."""

from __future__ import annotations

from dataclasses import dataclass

from reflexmap.core.readable import Readable


@dataclass(frozen=True, repr=False)
class Problem(Readable):
    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.location}: {self.message}"


class ContentError(Exception):
    """Raised when content does not load; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
