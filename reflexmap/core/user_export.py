"""The user's data out and back in: a JSON backup that imports back, a CSV of sessions
and marks for a spreadsheet, and `check`.

The JSON holds everything (or one person): people with their sessions and marks, and for
a full backup the favourites and zone notes. Importing it back is one transaction: every
item is checked first and any problem refuses the whole file, naming the file and the
place (`people[0].sessions[3].date: ...`); sessions already there (same id) are skipped,
so importing twice changes nothing. A person is matched by name.

CSV cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed
with a single quote, as OWASP advises against formula injection: a routine name or a
note could otherwise run as a formula in the spreadsheet that opens the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from reflexmap.core.my_sessions import MySessions, SavedSession
from reflexmap.core.paths import ReadRefused, atomic_write, read_regular
from reflexmap.core.user_store import (
    _SESSIONS_SQL,
    ME,
    JournalEntry,
    Mark,
    Person,
    UserStore,
    ZoneNote,
    _entry_row,
    _format_datetime,
    _insert_mark,
    _insert_session,
    _mark_row,
    _person_values,
    _transaction,
)

FORMAT = "reflexmap-data"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 512 * 1024 * 1024
CSV_COLUMNS = (
    "person",
    "date",
    "routine_id",
    "routine",
    "giver",
    "duration_s",
    "pressure",
    "tension_before",
    "tension_after",
    "session_note",
    "zone_id",
    "zone",
    "tenderness",
    "texture",
    "mark_note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# ---- reading the database ----------------------------------------------------------------
def _people(store: UserStore, person_id: int | None) -> list[Person]:
    if person_id is None:
        return store.people
    person = store.person(person_id)
    if person is None:
        raise ValueError("no such person")
    return [person]


def sessions_with_marks(
    store: UserStore, person_id: int
) -> Iterator[tuple[JournalEntry, list[Mark]]]:
    """A person's saved sessions, oldest first, each with its marks: two queries, however
    many sessions (an export of 500 sessions x 30 marks must not make 500 queries)."""
    conn = store.conn
    marks: dict[int, list[Mark]] = {}
    for sid, *row in conn.execute(
        "SELECT m.session, z.zone_id, m.tenderness, m.texture, m.note FROM sessions s "
        "JOIN marks m ON m.session = s.id JOIN zone_keys z ON z.id = m.zone "
        "WHERE s.person_id = ? ORDER BY m.session, z.zone_id",
        (person_id,),
    ):
        marks.setdefault(sid, []).append(_mark_row(tuple(row)))
    for sid, *row in conn.execute(
        "SELECT id, " + _SESSIONS_SQL[len("SELECT ") :] + " WHERE person_id = ? ORDER BY at, uid",
        (person_id,),
    ):
        yield _entry_row(tuple(row)), marks.get(sid, [])


def export_doc(store: UserStore, person_id: int | None = None) -> dict[str, Any]:
    people = []
    for person in _people(store, person_id):
        doc = person.to_json()
        doc["sessions"] = [
            {
                **{k: v for k, v in entry.to_json().items()},
                "giver": entry.giver,
                "pressure": entry.pressure,
                "marks": [m.to_json() for m in marks],
            }
            for entry, marks in sessions_with_marks(store, person.id)
        ]
        people.append(doc)
    out: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported": _format_datetime(datetime.now(UTC).replace(microsecond=0)),
        "people": people,
    }
    if person_id is None:
        out["favourites"] = {
            "zones": store.favourite_zones,
            "techniques": store.favourite_techniques,
        }
        out["notes"] = {k: n.to_json() for k, n in store.notes.items()}
        out["my_sessions"] = [s.to_json() for s in MySessions(store).sessions]
    return out


def write_json(path: Path, store: UserStore, person_id: int | None = None) -> int:
    """The backup, written atomically, private (0600); the number of sessions."""
    doc = export_doc(store, person_id)
    data = json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    atomic_write(path, data, make_parents=False, mode=0o600)
    return sum(len(p["sessions"]) for p in doc["people"])


def csv_text(
    store: UserStore,
    person_id: int | None = None,
    names: dict[str, str] | None = None,
) -> str:
    """Sessions and marks, one row per mark (a session without marks: one row)."""
    names = names or {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for person in _people(store, person_id):
        for entry, marks in sessions_with_marks(store, person.id):
            session = [
                person.name,
                _format_datetime(entry.date),
                entry.sequence_id,
                names.get(entry.sequence_id, entry.sequence_id),
                entry.giver,
                entry.duration_s,
                entry.pressure,
                entry.tension_before,
                entry.tension_after,
                entry.note,
            ]
            rows: list[Mark | None] = [*marks] if marks else [None]  # a session with no mark
            for mark in rows:
                rest = (
                    ["", "", "", "", ""]
                    if mark is None
                    else [
                        mark.zone_id,
                        names.get(mark.zone_id, mark.zone_id),
                        mark.tenderness,
                        " ".join(mark.texture),
                        mark.note,
                    ]
                )
                writer.writerow([neutralise(v) for v in session + rest])
    return out.getvalue()


def write_csv(
    path: Path,
    store: UserStore,
    person_id: int | None = None,
    names: dict[str, str] | None = None,
) -> None:
    data = csv_text(store, person_id, names).encode("utf-8")
    atomic_write(path, data, make_parents=False, mode=0o600)


# ---- importing ---------------------------------------------------------------------------
class ImportError_(ValueError):  # noqa: N801 (not the builtin ImportError)
    """The file cannot be imported; `problems` are `file: place: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems[:20]))
        self.problems = problems


def read_file(path: Path) -> dict[str, Any]:
    """The JSON of a backup file, or ImportError_ naming the file."""
    try:
        doc = json.loads(read_regular(path, MAX_IMPORT_BYTES).decode("utf-8"))
    except ReadRefused as exc:
        raise ImportError_([f"{path}: {exc}"]) from None
    except OSError as exc:
        raise ImportError_([f"{path}: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ImportError_([f"{path}: not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        raise ImportError_([f"{path}: not JSON (line {exc.lineno}, column {exc.colno})"]) from None
    except RecursionError:
        raise ImportError_([f"{path}: nested too deeply"]) from None
    if not isinstance(doc, dict):
        raise ImportError_([f"{path}: expected a JSON object"])
    return doc


T = TypeVar("T")


def _each(
    raw: object, place: str, read: Callable[[object], T], bad: Callable[[str, str], None]
) -> list[T]:
    """The records of a JSON list, each bad one named by its place (and left out)."""
    if not isinstance(raw, list):
        bad(place, "expected a list")
        return []
    out = []
    for k, value in enumerate(raw):
        try:
            out.append(read(value))
        except (ValueError, TypeError) as exc:
            bad(f"{place}[{k}]", str(exc))
    return out


def import_doc(store: UserStore, doc: dict[str, Any], source: str) -> tuple[int, int]:
    """Add what a backup holds; (people added, sessions added). Everything is checked
    before anything is written; ImportError_ lists the problems."""
    problems: list[str] = []

    def bad(place: str, message: str) -> None:
        if len(problems) < 1000:
            problems.append(f"{source}: {place}: {message}")

    if doc.get("format") != FORMAT:
        raise ImportError_([f"{source}: not a reflexmap data export (format {FORMAT!r})"])
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportError_([f"{source}: format_version: expected a whole number"])
    if version > FORMAT_VERSION:
        raise ImportError_([f"{source}: written by a newer reflexmap (format {version})"])
    raw_people = doc.get("people", [])
    if not isinstance(raw_people, list):
        raise ImportError_([f"{source}: people: expected a list"])
    plan: list[tuple[Person, list[tuple[JournalEntry, list[Mark]]]]] = []
    seen_names: set[str] = set()
    for i, raw in enumerate(raw_people):
        place = f"people[{i}]"
        if not isinstance(raw, dict):
            bad(place, "expected an object")
            continue
        body = {k: v for k, v in raw.items() if k != "sessions"}
        try:
            person = Person.from_json(body)
        except (ValueError, TypeError) as exc:
            bad(place, str(exc))
            continue
        if person.name.casefold() in seen_names:
            bad(place, f"name {person.name!r} appears twice")
        seen_names.add(person.name.casefold())
        sessions = []
        raw_sessions = raw.get("sessions", [])
        if not isinstance(raw_sessions, list):
            bad(f"{place}.sessions", "expected a list")
            raw_sessions = []
        for j, rs in enumerate(raw_sessions):
            splace = f"{place}.sessions[{j}]"
            if not isinstance(rs, dict):
                bad(splace, "expected an object")
                continue
            try:
                entry = JournalEntry.from_json({k: v for k, v in rs.items() if k != "marks"})
            except (ValueError, TypeError) as exc:
                bad(splace, str(exc))
                continue
            marks = _each(rs.get("marks", []), f"{splace}.marks", Mark.from_json, bad)
            sessions.append((entry, marks))
        plan.append((person, sessions))
    favourites = doc.get("favourites", {})
    notes: dict[str, ZoneNote] = {}
    if not isinstance(favourites, dict):
        bad("favourites", "expected an object")
        favourites = {}
    fav: dict[str, list[str]] = {}
    for key, kind in (("zones", "zone"), ("techniques", "technique")):
        items = favourites.get(key, [])
        if not isinstance(items, list) or not all(
            isinstance(x, str) and 0 < len(x) <= 200 for x in items
        ):
            bad(f"favourites.{key}", "expected a list of ids")
            items = []
        fav[kind] = items
    raw_notes = doc.get("notes", {})
    if not isinstance(raw_notes, dict):
        bad("notes", "expected an object")
        raw_notes = {}
    for zone, value in raw_notes.items():
        try:
            if not 0 < len(zone) <= 200:
                raise ValueError("zone id: expected 1 to 200 characters")
            notes[zone] = ZoneNote.from_json(value)
        except (ValueError, TypeError) as exc:
            bad(f"notes[{zone[:40]!r}]", str(exc))
    built = _each(doc.get("my_sessions", []), "my_sessions", SavedSession.from_json, bad)
    if problems:
        raise ImportError_(problems)
    result = _write_import(store, plan, fav, notes)
    mine = MySessions(store)
    have = {(s.name, s.query, s.zones, s.minutes) for s in mine.sessions}
    for saved in built:  # a session already there (same name and request) is not doubled
        if (saved.name, saved.query, saved.zones, saved.minutes) not in have:
            mine.save(saved.name, query=saved.query, zones=saved.zones, minutes=saved.minutes)
    return result


def _write_import(
    store: UserStore,
    plan: list[tuple[Person, list[tuple[JournalEntry, list[Mark]]]]],
    favourites: dict[str, list[str]],
    notes: dict[str, ZoneNote],
) -> tuple[int, int]:
    import secrets

    from reflexmap.core.user_store import _add_favourite, _opt_datetime

    conn = store.conn
    if store.read_only or not store.writable:
        raise ImportError_([f"{store.db_path} cannot be written now; nothing was imported"])
    added_people = added_sessions = 0
    try:
        with _transaction(conn):
            by_name = {
                name.casefold(): pid for pid, name in conn.execute("SELECT id, name FROM people")
            }
            for person, sessions in plan:
                pid = by_name.get(person.name.casefold())
                if pid is None:
                    pid = secrets.randbits(48) + 2
                    values = _person_values(person)
                    conn.execute(
                        "INSERT INTO people(id, name, archived, notes, consent_date, "
                        "safety_answers, safety_date, created) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                        (pid, *values[1:]),
                    )
                    added_people += 1
                for entry, marks in sessions:
                    from dataclasses import replace

                    before = conn.total_changes
                    _insert_session(conn, replace(entry, person_id=pid))
                    if conn.total_changes == before:
                        continue  # already there
                    added_sessions += 1
                    for mark in marks:
                        _insert_mark(conn, entry.id, mark)
            for kind, items in favourites.items():
                for ident in items:
                    _add_favourite(conn, kind, ident)
            conn.executemany(
                "INSERT OR IGNORE INTO zone_notes VALUES (?, ?, ?)",
                [(z, n.text, _opt_datetime(n.updated)) for z, n in notes.items()],
            )
    except Exception as exc:  # sqlite3.Error: a full disk, a locked file
        raise ImportError_([f"nothing was imported: {exc}"]) from exc
    store._cache.clear()  # noqa: SLF001 (the store's own caches, read again)
    return added_people, added_sessions


def resolve_person(store: UserStore, name: str | None) -> int | None:
    """The id of the person named (any case), None for everyone; ValueError if unknown."""
    if name is None:
        return None
    person = store.person_named(name)
    if person is None:
        known = ", ".join(p.name for p in store.people)
        raise ValueError(f"no person called {name!r}; there are: {known}")
    return person.id


__all__ = [
    "ME",
    "csv_text",
    "export_doc",
    "import_doc",
    "neutralise",
    "read_file",
    "resolve_person",
    "write_csv",
    "write_json",
]
