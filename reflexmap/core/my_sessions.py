"""The sessions a user built and saved: what was asked for, not the steps.

A saved session keeps its name, the search words, the zone keys and the length; its
steps are built again from the content when it is used (`practice.build_session`), so a
content update reaches it. It is user data, kept by the user store's own file handling
(one file, ``my_sessions.json``: under the store's lock, re-read before every change,
written atomically, a broken file set aside and the user told). Everything goes through
`MySessions`: when user data moves to another store, this file changes and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reflexmap.core.practice import BUILT_PREFIX
from reflexmap.core.user_store import UserStore, _new_id

FILE = "my_sessions"
NAME_LIMIT = 120
MAX_SESSIONS = 500


@dataclass(frozen=True)
class SavedSession:
    id: str
    name: str
    query: str = ""
    zones: tuple[str, ...] = ()
    minutes: float = 10.0

    @property
    def sequence_id(self) -> str:
        return BUILT_PREFIX + self.id

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "query": self.query,
            "zones": list(self.zones),
            "minutes": self.minutes,
        }

    @classmethod
    def from_json(cls, value: object) -> SavedSession:
        if not isinstance(value, dict):
            raise ValueError("not an object")
        ident, name = value.get("id"), value.get("name")
        query, zones, minutes = value.get("query", ""), value.get("zones", []), value.get("minutes")
        if not isinstance(ident, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", ident):
            raise ValueError("bad id")
        if not isinstance(name, str) or not 0 < len(name.strip()) <= NAME_LIMIT:
            raise ValueError("bad name")
        if not isinstance(query, str) or len(query) > 200:
            raise ValueError("bad query")
        if not isinstance(zones, list) or not all(
            isinstance(z, str) and 0 < len(z) <= 120 for z in zones
        ):
            raise ValueError("bad zones")
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            raise ValueError("bad minutes")
        if not 1 <= minutes <= 180 or not (query or zones):
            raise ValueError("bad minutes or nothing asked for")
        return cls(ident, name.strip(), query, tuple(zones), float(minutes))


class MySessions:
    def __init__(self, store: UserStore) -> None:
        self.store = store
        self.sessions: list[SavedSession] = []
        self._load()

    def _load(self) -> None:
        self.sessions = []
        doc = self.store._read(FILE)  # noqa: SLF001 - the store's own file handling
        if doc is None:
            return
        for value in doc.get("sessions", [])[:MAX_SESSIONS]:
            try:
                found = SavedSession.from_json(value)
            except ValueError:
                continue  # one bad entry costs itself, not the others
            if all(s.id != found.id for s in self.sessions):
                self.sessions.append(found)

    def _change(self, change: Any) -> None:
        """Re-read what every process saved, apply, write (OSError if it cannot be)."""
        if self.store.read_only:
            change()
            return
        with self.store._locked():  # noqa: SLF001
            self._load()
            change()
            body = {"sessions": [s.to_json() for s in self.sessions]}
            self.store._save(FILE, body)  # noqa: SLF001

    def get(self, session_id: str) -> SavedSession | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def save(
        self, name: str, *, query: str = "", zones: tuple[str, ...] = (), minutes: float = 10.0
    ) -> SavedSession:
        session = SavedSession.from_json(
            {
                "id": _new_id(),
                "name": name,
                "query": query,
                "zones": list(zones),
                "minutes": minutes,
            }
        )  # the same checks as a read
        self._change(lambda: self.sessions.append(session))
        return session

    def rename(self, session_id: str, name: str) -> None:
        if not 0 < len(name.strip()) <= NAME_LIMIT:
            raise ValueError(f"a name of 1 to {NAME_LIMIT} characters")

        def change() -> None:
            self.sessions = [
                SavedSession(s.id, name.strip(), s.query, s.zones, s.minutes)
                if s.id == session_id
                else s
                for s in self.sessions
            ]

        self._change(change)

    def delete(self, session_id: str) -> None:
        def change() -> None:
            self.sessions = [s for s in self.sessions if s.id != session_id]

        self._change(change)
