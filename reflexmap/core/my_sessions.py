"""The sessions a user built and saved: what was asked for, not the steps.

A saved session keeps its name, the search words, the zone ids and the length; its steps
are built again from the content when it is used (`practice.build_session`), so a
content update reaches it. It is user data, kept in the user's database (table
`built_sessions`, schema version 2 of `user_db`) through the store's own change path: a
save that returned is committed, a failed write stays pending and is shown. Everything
goes through `MySessions`: the rest of the app never sees a table.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from reflexmap.core.practice import BUILT_PREFIX
from reflexmap.core.user_store import UserStore, _new_id

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
    CONCERN = "built"

    def __init__(self, store: UserStore) -> None:
        self.store = store

    @property
    def sessions(self) -> list[SavedSession]:
        """The saved sessions, in the order saved; a row another tool broke is skipped."""
        rows: list[Any] = self.store._get(self.CONCERN)  # noqa: SLF001 - the store's cache
        out: list[SavedSession] = []
        for row in rows:
            try:
                ident, name, query, zones, minutes = row
                found = SavedSession.from_json(
                    {
                        "id": ident,
                        "name": name,
                        "query": query,
                        "zones": json.loads(zones),
                        "minutes": minutes,
                    }
                )
            except (ValueError, TypeError):
                continue
            if all(s.id != found.id for s in out):
                out.append(found)
        return out[:MAX_SESSIONS]

    def _row(self, s: SavedSession) -> tuple[Any, ...]:
        return (s.id, s.name, s.query, json.dumps(list(s.zones)), s.minutes)

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
        row = self._row(session)

        def mem(rows: list[Any]) -> None:
            rows.append(row)

        def db(conn: sqlite3.Connection) -> None:
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM built_sessions")
            conn.execute(
                "INSERT OR REPLACE INTO built_sessions(id, name, query, zones, minutes, position)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (*row, position.fetchone()[0]),
            )

        self.store._change(self.CONCERN, mem, db)  # noqa: SLF001
        return session

    def rename(self, session_id: str, name: str) -> None:
        if not 0 < len(name.strip()) <= NAME_LIMIT:
            raise ValueError(f"a name of 1 to {NAME_LIMIT} characters")
        new = name.strip()

        def mem(rows: list[Any]) -> None:
            rows[:] = [(r[0], new, *r[2:]) if r[0] == session_id else r for r in rows]

        def db(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE built_sessions SET name = ? WHERE id = ?", (new, session_id))

        self.store._change(self.CONCERN, mem, db)  # noqa: SLF001

    def delete(self, session_id: str) -> None:
        def mem(rows: list[Any]) -> None:
            rows[:] = [r for r in rows if r[0] != session_id]

        def db(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM built_sessions WHERE id = ?", (session_id,))

        self.store._change(self.CONCERN, mem, db)  # noqa: SLF001
