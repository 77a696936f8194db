"""The user's own data: favourites, a note per zone, the people whose feet are worked,
their sessions (the journal) and the marks made on the map during a session.

Everything lives in one SQLite database (`user_db.py`: WAL, foreign keys, a busy timeout,
schema migrations, mode 0600) in the platform's data folder. Every change is one
transaction: a save that returned is committed (`synchronous=FULL`), a kill loses at most
the change being made, and two windows or two processes writing at once both keep their
changes (SQLite's lock, with a busy timeout, serialises them; nothing is read-modify-
written in Python). The JSON files of older versions are imported once, kept as
`<name>.json.imported`, and the user is told (`notices`).

Reads of the small concerns (favourites, notes, people, the journal) come from caches
that are reloaded when another connection commits (`PRAGMA data_version`). A change that
could not be written (a full disk, a read-only folder) stays in `pending`, applied in
memory, and is written by the next change or by `retry_pending()`; the UI shows it.

A database SQLite cannot read is moved aside and a new one made; `recovered` says so, so
the UI can tell the user once. The records are stdlib dataclasses checked by hand, not
Pydantic models: the store is read while the first window opens, and importing Pydantic
would cost that start ~200 ms.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Container, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple, cast

from reflexmap.core import user_db
from reflexmap.core.paths import data_dir
from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP
from reflexmap.core.readable import Readable


def _new_id() -> str:
    import uuid  # imported when an entry is made: not on the start path (uuid loads platform)

    return uuid.uuid4().hex


SCHEMA_VERSION = 2  # of the old JSON files (read by user_legacy.py) and of the export
NOTE_LIMIT = 100_000  # characters of one zone note
SESSION_NOTE_LIMIT = 20_000  # characters of a journal entry's note

MAX_DURATION_S = 7 * 24 * 3600  # seconds of one journal entry
IDENT_LIMIT = 200  # characters of an entry's id and sequence_id
NAME_LIMIT = 200  # characters of a person's name and of who massaged
PERSON_NOTE_LIMIT = 20_000
MARK_NOTE_LIMIT = 500
# Stored as they are; marked so the check boxes showing them can be translated.
TEXTURE_WORDS = (
    QT_TRANSLATE_NOOP("Practice", "grainy"),
    QT_TRANSLATE_NOOP("Practice", "gritty"),
    QT_TRANSLATE_NOOP("Practice", "puffy"),
    QT_TRANSLATE_NOOP("Practice", "tight"),
    QT_TRANSLATE_NOOP("Practice", "hard"),
    QT_TRANSLATE_NOOP("Practice", "warm"),
    QT_TRANSLATE_NOOP("Practice", "cold"),
)
TEXTURE_LIMIT = 8  # words on one mark, each at most 30 characters
# The dates the app can show and sort: outside these a hand-edited date is refused at
# import (year 1 or 9999 with a +14:00 offset overflowed when shown).
FIRST_YEAR, LAST_YEAR = 1900, 2999
FREE_SESSION = "free"  # the sequence_id of a session that followed no routine
ME = 1  # the person every database starts with


# ---- the records (schema version 2) ---------------------------------------------------
# Frozen and checked on construction: a value the app builds (a note over the limit) raises
# ValueError at once, and `from_json` applies the same checks to what a file holds.
@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class JournalEntry(Readable):
    """One session in the journal: when, which routine, how long, how it felt."""

    id: str
    date: datetime
    sequence_id: str
    duration_s: float
    tension_before: int | None = None
    tension_after: int | None = None
    note: str = ""
    person_id: int = ME
    giver: str = ""  # who massaged
    pressure: str = ""

    def __post_init__(self) -> None:
        _check_text("id", self.id, IDENT_LIMIT, min_length=1)
        _check_text("giver", self.giver, NAME_LIMIT)
        _check_text("pressure", self.pressure, 40)
        if isinstance(self.person_id, bool) or not isinstance(self.person_id, int):
            raise ValueError("person_id: expected a whole number")
        _check_datetime("date", self.date)
        _check_text("sequence_id", self.sequence_id, IDENT_LIMIT, min_length=1)
        object.__setattr__(
            self, "duration_s", _checked_number("duration_s", self.duration_s, 0, MAX_DURATION_S)
        )
        object.__setattr__(
            self, "tension_before", _checked_rating("tension_before", self.tension_before)
        )
        object.__setattr__(
            self, "tension_after", _checked_rating("tension_after", self.tension_after)
        )
        _check_text("note", self.note, SESSION_NOTE_LIMIT)

    @classmethod
    def from_json(cls, value: object) -> JournalEntry:
        """An entry as `to_json` wrote it; ValueError for anything else."""
        fields = _json_fields(
            value, cls.__dataclass_fields__, required=("id", "date", "sequence_id", "duration_s")
        )
        fields["date"] = _parse_datetime("date", fields["date"])
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "date": _format_datetime(self.date),
            "sequence_id": self.sequence_id,
            "duration_s": self.duration_s,
            "tension_before": self.tension_before,
            "tension_after": self.tension_after,
            "note": self.note,
        }
        if self.giver:
            out["giver"] = self.giver
        if self.pressure:
            out["pressure"] = self.pressure
        return out

    @property
    def at(self) -> float:
        return sort_key(self.date)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Mark(Readable):
    """What was felt at one zone in one session: tenderness 0 (none) to 3 (marked),
    texture words, a short note. Never what it means."""

    zone_id: str
    tenderness: int
    texture: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        _check_text("zone_id", self.zone_id, IDENT_LIMIT, min_length=1)
        if isinstance(self.tenderness, bool) or not isinstance(self.tenderness, int):
            raise ValueError("tenderness: expected a whole number 0 to 3")
        if not 0 <= self.tenderness <= 3:
            raise ValueError(f"tenderness: expected 0 to 3, not {self.tenderness!r:.20}")
        if not isinstance(self.texture, tuple) or len(self.texture) > TEXTURE_LIMIT:
            raise ValueError(f"texture: expected at most {TEXTURE_LIMIT} words")
        for word in self.texture:
            _check_text("texture", word, 30, min_length=1)
            if "," in word:
                raise ValueError("texture: a word holds no comma")
        _check_text("note", self.note, MARK_NOTE_LIMIT)

    @classmethod
    def from_json(cls, value: object) -> Mark:
        fields = _json_fields(value, cls.__dataclass_fields__, required=("zone_id", "tenderness"))
        if "texture" in fields:
            if not isinstance(fields["texture"], list):
                raise ValueError("texture: expected a list of words")
            fields["texture"] = tuple(fields["texture"])
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        return {
            "zone_id": self.zone_id,
            "tenderness": self.tenderness,
            "texture": list(self.texture),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Person(Readable):
    """Someone whose feet are worked: "Me", or a client or a relative."""

    id: int
    name: str
    archived: bool = False
    notes: str = ""
    consent_date: date | None = None
    safety_answers: dict[str, bool] = field(default_factory=dict, hash=False, compare=True)
    safety_date: date | None = None

    def __post_init__(self) -> None:
        _check_text("name", self.name, NAME_LIMIT, min_length=1)
        if not self.name.strip():
            raise ValueError("name: expected some letters, not only spaces")
        _check_text("notes", self.notes, PERSON_NOTE_LIMIT)
        if not isinstance(self.safety_answers, dict) or len(self.safety_answers) > 500:
            raise ValueError("safety_answers: expected at most 500 answers")
        for key, on in self.safety_answers.items():
            _check_text("safety answer", key, IDENT_LIMIT, min_length=1)
            if not isinstance(on, bool):
                raise ValueError("safety answer: expected true or false")
        for name in ("consent_date", "safety_date"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, date) or not FIRST_YEAR <= value.year <= LAST_YEAR
            ):
                raise ValueError(f"{name}: expected a date from {FIRST_YEAR} to {LAST_YEAR}")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "archived": self.archived,
            "notes": self.notes,
            "consent_date": _iso_date(self.consent_date),
            "safety_answers": dict(self.safety_answers),
            "safety_date": _iso_date(self.safety_date),
        }

    @classmethod
    def from_json(cls, value: object) -> Person:
        fields = _json_fields(value, cls.__dataclass_fields__, required=("id", "name"))
        for name in ("consent_date", "safety_date"):
            fields[name] = _parse_date(name, fields.get(name))
        if "archived" in fields and not isinstance(fields["archived"], bool):
            raise ValueError("archived: expected true or false")
        if "safety_answers" in fields and not isinstance(fields["safety_answers"], dict):
            raise ValueError("safety_answers: expected an object")
        return cls(**fields)


def _iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_date(name: str, value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected a date YYYY-MM-DD")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not a date: {value!r:.30}") from None


def sort_key(when: datetime) -> float:
    """Seconds since 1970 in UTC; a naive date (read as local time where shown) counts
    as UTC here, so naive and aware dates sort together without a TypeError."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ZoneNote(Readable):
    """The user's note on a zone and when it was last changed."""

    text: str
    updated: datetime | None = None

    def __post_init__(self) -> None:
        _check_text("text", self.text, NOTE_LIMIT)
        if self.updated is not None:
            _check_datetime("updated", self.updated)

    @classmethod
    def from_json(cls, value: object) -> ZoneNote:
        """A note as `to_json` wrote it; ValueError for anything else."""
        fields = _json_fields(value, cls.__dataclass_fields__, required=("text",))
        if fields.get("updated") is not None:
            fields["updated"] = _parse_datetime("updated", fields["updated"])
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "updated": None if self.updated is None else _format_datetime(self.updated),
        }


def _json_fields(
    value: object, known: Container[str], *, required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, not {type(value).__name__}")
    extra = [k for k in value if k not in known]
    if extra:
        raise ValueError(f"unknown field(s): {', '.join(map(repr, extra))[:200]}")
    missing = [k for k in required if k not in value]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    return dict(value)


def _check_text(name: str, value: object, max_length: int, *, min_length: int = 0) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected a string, not {type(value).__name__}")
    if not min_length <= len(value) <= max_length:
        raise ValueError(
            f"{name}: expected {min_length} to {max_length} characters, not {len(value)}"
        )


def _checked_number(name: str, value: object, low: float, high: float) -> float:
    # bool is an int to Python, never a duration to us; NaN fails the range test
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: expected a number, not {type(value).__name__}")
    if not low <= value <= high:  # before float(): a huge int would overflow it
        raise ValueError(f"{name}: expected {low} to {high}, not {value!r:.40}")
    return float(value)


def _checked_rating(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}: expected a whole number or null, not {type(value).__name__}")
    if not 0 <= value <= 10:
        raise ValueError(f"{name}: expected 0 to 10, not {value!r:.40}")
    return int(value)


def _check_datetime(name: str, value: object) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{name}: expected a datetime, not {type(value).__name__}")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"{name}: year {value.year} is outside what reflexmap can show "
            f"({FIRST_YEAR} to {LAST_YEAR})"
        )


# What Pydantic (speedate) accepted as an ISO 8601 / RFC 3339 date-time string: a date,
# optionally T (t, space or _) and HH:MM[:SS[.fraction]], optionally Z or +HH:MM / +HHMM.
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?",
    re.ASCII,
)


def _parse_datetime(name: str, value: object) -> datetime:
    """A date-time string as the store (or a hand edit) wrote it. A zero offset (Z, +00:00)
    becomes UTC, any other offset a fixed one, no offset a naive datetime (read as local
    time where shown); a fraction beyond microseconds is cut off."""
    if not isinstance(value, str):
        raise ValueError(
            f"{name}: expected an ISO 8601 date-time string, not {type(value).__name__}"
        )
    m = _ISO_DATETIME.fullmatch(value)
    if m is None:
        raise ValueError(f"{name}: not an ISO 8601 date-time: {value!r:.60}")
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = m.groups()
    tz: timezone | None = None
    if zulu:
        tz = UTC
    elif sign:
        if int(off_h) > 23 or int(off_m) > 59:
            raise ValueError(f"{name}: bad UTC offset in {value!r:.60}")
        offset = (int(off_h) * 60 + int(off_m)) * (-60 if sign == "-" else 60)
        tz = timezone(timedelta(seconds=offset)) if offset else UTC
    try:  # datetime() refuses month 13, 30 February, hour 24, second 60, year 0
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        raise ValueError(f"{name}: not a valid date-time: {value!r:.60}") from None


def _format_datetime(when: datetime) -> str:
    """As Pydantic wrote it: ISO 8601, microseconds only when not zero, a zero offset as Z,
    any other as +HH:MM (seconds of an offset rounded, then dropped)."""
    text = when.replace(tzinfo=None).isoformat()
    offset = when.utcoffset()
    if offset is None:
        return text
    seconds = round(offset.total_seconds())
    if not seconds:
        return text + "Z"
    minutes = abs(seconds) // 60
    return f"{text}{'-' if seconds < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


# ---- migrations: each takes a document of version n and returns version n + 1 ------------
def _favourites_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # v1 knew favourite zones only.
    return {"schema_version": 2, "zones": doc.get("zones", []), "techniques": []}


def _notes_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # v1 stored {zone: text}; v2 stores {zone: {text, updated}}.
    notes = doc.get("notes", {})
    if isinstance(notes, dict):
        notes = {
            k: ({"text": v, "updated": None} if isinstance(v, str) else v) for k, v in notes.items()
        }
    return {"schema_version": 2, "notes": notes}


def _journal_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # v1 entries had no id; v2 needs one to delete or undo a single entry.
    entries = doc.get("entries", [])
    if isinstance(entries, list):
        entries = [
            ({**e, "id": e.get("id") or _new_id()} if isinstance(e, dict) else e) for e in entries
        ]
    return {"schema_version": 2, "entries": entries}


MIGRATIONS: dict[str, dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "favourites": {1: _favourites_v1},
    "notes": {1: _notes_v1},
    "journal": {1: _journal_v1},
    "export": {},
}


def migrate(name: str, doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a document up to SCHEMA_VERSION; ValueError if it cannot be."""
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"bad schema_version {version!r}")
    if version > SCHEMA_VERSION:
        raise ValueError(f"written by a newer reflexmap (schema_version {version})")
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[name][version](doc)
        version = doc["schema_version"]
    return doc


# ---- the store --------------------------------------------------------------------------
CONCERNS = ("favourites", "notes", "people", "journal", "marks", "built")


class HeatCell(NamedTuple):
    """One zone over a person's sessions in a range: mean tenderness, how many marks,
    the highest. (Tuples, not dataclasses: each dataclass costs the start ~1 ms.)"""

    mean: float
    times: int  # how many marks (not `count`: that is tuple.count)
    highest: int


class TrendPoint(NamedTuple):
    date: datetime
    tenderness: int
    session_id: str


class _Change:
    __slots__ = ("concern", "mem", "db")

    def __init__(
        self,
        concern: str,
        mem: Callable[[Any], None],  # applies the change to the concern's cached value
        db: Callable[[sqlite3.Connection], None],  # applies it in a transaction
    ) -> None:
        self.concern, self.mem, self.db = concern, mem, db


class UserStore:
    """Everything the user writes, in one SQLite database; see the module's docstring.

    `read_only` (used by `reflexmap shot`) never writes the database or a data file;
    changes are kept in memory only. A broken legacy JSON file is still set aside as a
    `.bak-` copy so that nothing the user typed is lost.
    """

    def __init__(self, folder: Path | None = None, *, read_only: bool = False) -> None:
        self.folder = Path(folder) if folder is not None else data_dir()
        self.read_only = read_only
        self.db_path = self.folder / user_db.DB_NAME
        self.recovered: list[str] = []  # what went wrong at open, in words; UI tells once
        self.notices: list[str] = []  # news (the old files imported); UI tells once
        self.pending: dict[str, list[_Change]] = {}
        self.open_error = ""  # why the database file could not be opened for writing
        self._writable = False  # self.conn is the database file, open for writing
        self._cache: dict[str, Any] = {}
        self._seen: int | None = None
        self._deleted_marks: dict[str, list[Mark]] = {}
        self._compact_due = False  # a delete's VACUUM that could not run yet
        self.bad_rows: list[str] = []  # rows the records refused, said once each
        self.conn: sqlite3.Connection = self._open()

    # ---- opening ----------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.read_only:
            return self._open_read_only()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = self._open_file()
        except (OSError, sqlite3.Error) as exc:
            self.open_error = _reason(exc)
            self.recovered.append(
                f"{self.db_path} cannot be written ({self.open_error}). What you change is "
                "kept while reflexmap runs and saved as soon as the folder can be written."
            )
            return self._memory_copy(import_legacy=True)
        self._writable = True
        self._import_legacy(conn, rename=True)
        return conn

    def _open_file(self) -> sqlite3.Connection:
        path = self.db_path
        try:
            conn = user_db.connect(path)
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise
            conn = self._replace_damaged(exc)
        try:
            user_db.check_open(conn, path)
            user_db.migrate(conn)
        except user_db.NewerDatabase as exc:
            conn.close()
            self.read_only = True
            self.recovered.append(f"{path.name} was {exc}; it is shown but not changed.")
            return user_db.connect(path, read_only=True)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if not _is_damage(exc):
                raise
            conn = self._replace_damaged(exc)
            user_db.migrate(conn)
        return conn

    def _replace_damaged(self, exc: BaseException) -> sqlite3.Connection:
        moved = user_db.move_aside(self.db_path)
        if moved is None:
            raise OSError(f"the damaged {self.db_path.name} could not be moved aside") from exc
        self.recovered.append(
            f"{self.db_path.name} could not be read ({_reason(exc)}); it was moved aside as "
            f"{moved} and a new, empty one was made."
        )
        return user_db.connect(self.db_path)

    def _open_read_only(self) -> sqlite3.Connection:
        if self.db_path.exists():
            # With no log beside it the file is all there is: read it as immutable, which
            # creates no -wal or -shm file. With a log (the app is running, or was
            # killed) read through it, read-only.
            wal = self.db_path.with_name(self.db_path.name + "-wal").exists()
            for query in ("mode=ro", "immutable=1") if wal else ("immutable=1",):
                try:
                    conn = sqlite3.connect(
                        f"{self.db_path.resolve().as_uri()}?{query}",
                        uri=True,
                        isolation_level=None,
                        check_same_thread=False,
                    )
                    conn.execute("PRAGMA foreign_keys = ON")
                    user_db.check_open(conn, self.db_path)
                    if conn.execute("PRAGMA user_version").fetchone()[0] == user_db.DB_VERSION:
                        return conn
                    conn.close()
                    break
                except sqlite3.Error:
                    continue
        return self._memory_copy(import_legacy=True)

    def _memory_copy(self, *, import_legacy: bool) -> sqlite3.Connection:
        """An in-memory database: what the legacy files hold, while the file cannot be
        used (a read-only store, a folder that cannot be written)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        user_db.migrate(conn)
        if import_legacy:
            self._import_legacy(conn, rename=False)
        return conn

    def _import_legacy(self, conn: sqlite3.Connection, *, rename: bool) -> None:
        names = ("favourites.json", "notes.json", "journal.json")
        if not any(os.path.lexists(self.folder / name) for name in names):
            return
        from reflexmap.core import user_legacy  # only when the old files are there

        data = user_legacy.read(self.folder)
        self.recovered += data.recovered
        if not data.files:
            return
        with _transaction(conn):
            for kind, items in (
                ("zone", data.favourite_zones),
                ("technique", data.favourite_techniques),
            ):
                for ident in items:
                    _add_favourite(conn, kind, ident)
            conn.executemany(
                "INSERT OR IGNORE INTO zone_notes VALUES (?, ?, ?)",
                [(z, n.text, _opt_datetime(n.updated)) for z, n in data.notes.items()],
            )
            for entry in data.journal:
                _insert_session(conn, entry)
        if not rename:
            return
        kept = []
        for path in data.files:
            target = user_legacy.backup_name(path)
            with suppress(OSError):
                os.replace(path, target)
                kept.append(target.name)
        if kept:
            self.notices.append(
                "Your favourites, notes and journal are now kept in one database, "
                f"{self.db_path}. The old files were imported and kept as backups: "
                f"{', '.join(kept)}."
            )

    @property
    def writable(self) -> bool:
        """The database file is open for writing (not an in-memory stand-in)."""
        return self._writable and not self.read_only

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self.conn.close()

    def take_recovered(self) -> list[str]:
        """The recovery messages, once: a second call returns nothing."""
        out, self.recovered = self.recovered, []
        return out

    def take_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out

    # ---- cached reads -----------------------------------------------------------------
    def _get(self, concern: str) -> Any:
        version: int | None
        try:
            version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            version = self._seen
        if version != self._seen:  # another connection committed: read again
            self._cache.clear()
            self._seen = version
        if concern not in self._cache:
            try:
                value = self._load(concern)
            except sqlite3.Error:
                value = self._load_empty(concern)
            for change in self.pending.get(concern, ()):
                change.mem(value)
            self._cache[concern] = value
        return self._cache[concern]

    @staticmethod
    def _load_empty(concern: str) -> Any:
        return (
            {"zone": [], "technique": []}
            if concern == "favourites"
            else ([] if concern in ("journal", "built") else {})
        )

    def _load(self, concern: str) -> Any:
        """A concern read from the database. A row the records refuse (edited by hand
        with another tool: a date in year 9999, a tenderness of 7) is skipped and said
        in `recovered` and by `reflexmap data check`, never raised into the window."""
        conn = self.conn
        if concern == "favourites":
            out: dict[str, list[str]] = {"zone": [], "technique": []}
            for kind, ident in conn.execute(
                "SELECT kind, ident FROM favourites ORDER BY position, ident"
            ):
                if kind in out and isinstance(ident, str):
                    out[kind].append(ident)
            return out
        if concern == "notes":
            return dict(
                self._rows("zone_notes", _note_row, conn.execute("SELECT * FROM zone_notes"))
            )
        if concern == "people":
            people = self._rows("people", _person_row, conn.execute(_PEOPLE_SQL))
            return {p.id: p for p in people}
        if concern == "journal":
            rows = conn.execute(_SESSIONS_SQL + " ORDER BY at, uid")
            return self._rows("sessions", _entry_row, rows)
        if concern == "built":  # read as rows; my_sessions.py checks and converts them
            return [
                tuple(row)
                for row in conn.execute(
                    "SELECT id, name, query, zones, minutes FROM built_sessions "
                    "ORDER BY position, id"
                )
            ]
        return {}

    def _rows(self, table: str, convert: Callable[[Any], Any], rows: Iterable[Any]) -> list[Any]:
        out, bad, first = [], 0, ""
        for row in rows:
            try:
                out.append(convert(tuple(row)))
            except (ValueError, TypeError, OverflowError, AttributeError) as exc:
                bad += 1
                first = first or str(exc)
        if bad:
            message = (
                f"{self.db_path.name}: {bad} row(s) of {table} could not be read and are "
                f"not shown (the first: {_short(first, 100)})."
            )
            if message not in self.bad_rows:
                self.bad_rows.append(message)
                self.recovered.append(message)
        return out

    @property
    def favourite_zones(self) -> list[str]:
        return list(self._get("favourites")["zone"])

    @property
    def favourite_techniques(self) -> list[str]:
        return list(self._get("favourites")["technique"])

    @property
    def notes(self) -> dict[str, ZoneNote]:
        return dict(self._get("notes"))

    @property
    def journal(self) -> list[JournalEntry]:
        return list(self._get("journal"))

    def journal_view(self) -> list[JournalEntry]:
        """The journal without a copy (for a table model reading row by row)."""
        return cast("list[JournalEntry]", self._get("journal"))

    # ---- favourites -------------------------------------------------------------------
    def is_favourite(self, ident: str, kind: str = "zone") -> bool:
        return ident in self._get("favourites")[_kind(kind)]

    def set_favourite(self, ident: str, on: bool, kind: str = "zone") -> None:
        kind = _kind(kind)
        _check_text("favourite", ident, IDENT_LIMIT, min_length=1)
        if self.is_favourite(ident, kind) == on:
            return

        def mem(value: dict[str, list[str]]) -> None:
            items = value[kind]
            if on and ident not in items:
                items.append(ident)
            elif not on and ident in items:
                items.remove(ident)

        def db(conn: sqlite3.Connection) -> None:
            if on:
                _add_favourite(conn, kind, ident)
            else:
                conn.execute("DELETE FROM favourites WHERE kind = ? AND ident = ?", (kind, ident))

        self._change("favourites", mem, db)

    # ---- notes ------------------------------------------------------------------------
    def note(self, zone_id: str) -> str:
        found = self._get("notes").get(zone_id)
        return found.text if found else ""

    def set_note(self, zone_id: str, text: str) -> None:
        if self.note(zone_id) == text:
            return
        _check_text("zone", zone_id, IDENT_LIMIT, min_length=1)
        note = ZoneNote(text=text, updated=datetime.now(UTC)) if text.strip() else None

        def mem(value: dict[str, ZoneNote]) -> None:
            if note is not None:
                value[zone_id] = note
            else:
                value.pop(zone_id, None)

        def db(conn: sqlite3.Connection) -> None:
            if note is None:
                conn.execute("DELETE FROM zone_notes WHERE zone_id = ?", (zone_id,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO zone_notes VALUES (?, ?, ?)",
                    (zone_id, note.text, _opt_datetime(note.updated)),
                )

        self._change("notes", mem, db)

    # ---- people -----------------------------------------------------------------------
    @property
    def people(self) -> list[Person]:
        """Everyone, "Me" first, then by name."""
        found = self._get("people").values()
        return sorted(found, key=lambda p: (p.id != ME, p.name.casefold()))

    def person(self, person_id: int) -> Person | None:
        return cast("Person | None", self._get("people").get(person_id))

    def person_named(self, name: str) -> Person | None:
        key = name.strip().casefold()
        return next((p for p in self.people if p.name.casefold() == key), None)

    def add_person(self, name: str) -> Person:
        import secrets

        name = name.strip()
        person = Person(id=secrets.randbits(48) + 2, name=name)
        self._check_name_free(name)
        self._put_person(person, new=True)
        return person

    def update_person(self, person: Person) -> None:
        """Rename, archive, notes, consent, safety answers: the whole record replaced."""
        old = self.person(person.id)
        if old is None:
            raise ValueError("no such person")
        if old == person:
            return
        if person.name.strip().casefold() != old.name.casefold():
            self._check_name_free(person.name)
        self._put_person(person, new=False)

    def _check_name_free(self, name: str) -> None:
        if self.person_named(name) is not None:
            raise ValueError(f"name: there is already someone called {name.strip()!r:.60}")

    def _put_person(self, person: Person, *, new: bool) -> None:
        def mem(value: dict[int, Person]) -> None:
            value[person.id] = person

        def db(conn: sqlite3.Connection) -> None:
            row = _person_values(person)
            if new:
                conn.execute(
                    "INSERT INTO people(id, name, archived, notes, consent_date, "
                    "safety_answers, safety_date, created) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    row,
                )
            else:
                conn.execute(
                    "UPDATE people SET name = ?2, archived = ?3, notes = ?4, consent_date = ?5,"
                    " safety_answers = ?6, safety_date = ?7 WHERE id = ?1",
                    row,
                )

        self._change("people", mem, db)

    def delete_person(self, person_id: int) -> None:
        """The person, their sessions and their marks; afterwards the file is vacuumed and
        the log emptied, so no free page or log frame still holds their words. Deleting
        "Me" leaves a new, empty "Me"."""
        person = self.person(person_id)
        if person is None:
            return

        def mem_people(value: dict[int, Person]) -> None:
            value.pop(person_id, None)
            if person_id == ME:
                value[ME] = Person(id=ME, name="Me")

        def mem_journal(value: list[JournalEntry]) -> None:
            value[:] = [e for e in value if e.person_id != person_id]

        def db(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
            conn.execute("UPDATE sessions SET giver = '' WHERE giver = ?", (person.name,))
            if person_id == ME:
                conn.execute(
                    "INSERT INTO people(id, name, created) VALUES "
                    "(1, 'Me', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                )

        self._change("journal", mem_journal, lambda conn: None, flush=False)
        self._change("people", mem_people, db)
        self.compact()

    def compact(self) -> None:
        """VACUUM and empty the write-ahead log (after a delete: no trace left). If that
        cannot be done now (another process reading, a full disk) it stays pending and
        is retried with the other pending changes."""
        self._compact_due = True
        if not self._writable or any(self.pending.values()):
            return
        try:
            self.conn.execute("VACUUM")
            busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            raise OSError(_reason(exc)) from exc
        if busy:  # a reader (another window's process) still needs the old pages
            raise OSError(
                "another reflexmap is reading the data; the deleted words are wiped when it is done"
            )
        self._compact_due = False

    def set_safety_answers(
        self, person_id: int, answers: dict[str, bool], when: date | None = None
    ) -> None:
        from dataclasses import replace

        person = self.person(person_id)
        if person is not None:
            self.update_person(
                replace(person, safety_answers=dict(answers), safety_date=when or date.today())
            )

    # ---- the journal: sessions --------------------------------------------------------
    def add_entry(
        self,
        sequence_id: str,
        duration_s: float,
        *,
        tension_before: int | None = None,
        tension_after: int | None = None,
        note: str = "",
        date: datetime | None = None,
        person_id: int = ME,
        giver: str = "",
        pressure: str = "",
    ) -> JournalEntry:
        entry = JournalEntry(
            id=_new_id(),
            date=date or datetime.now(UTC).replace(microsecond=0),
            sequence_id=sequence_id,
            duration_s=max(0.0, float(duration_s)),
            tension_before=tension_before,
            tension_after=tension_after,
            note=note,
            person_id=person_id,
            giver=giver,
            pressure=pressure,
        )
        self.restore_entry(entry)
        return entry

    def restore_entry(self, entry: JournalEntry) -> None:
        """Put an entry (back) into the journal: adding, and undoing a delete (its marks
        come back with it)."""
        if self.person(entry.person_id) is None:
            raise ValueError("person: no such person")
        marks = self._deleted_marks.pop(entry.id, [])

        def mem(value: list[JournalEntry]) -> None:
            if all(e.id != entry.id for e in value):
                value.append(entry)
                value.sort(key=lambda e: (e.at, e.id))

        def db(conn: sqlite3.Connection) -> None:
            _insert_session(conn, entry)
            for mark in marks:
                _insert_mark(conn, entry.id, mark)

        self._change("journal", mem, db)

    def update_entry(self, entry: JournalEntry) -> None:
        """A session's details changed (after a routine: tension, note)."""

        def mem(value: list[JournalEntry]) -> None:
            value[:] = [entry if e.id == entry.id else e for e in value]
            value.sort(key=lambda e: (e.at, e.id))

        def db(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE sessions SET person_id = ?2, date = ?3, at = ?4, sequence_id = ?5, "
                "giver = ?6, duration_s = ?7, pressure = ?8, tension_before = ?9, "
                "tension_after = ?10, note = ?11 WHERE uid = ?1",
                _session_values(entry),
            )

        self._change("journal", mem, db)

    def delete_entry(self, entry_id: str) -> JournalEntry | None:
        found = next((e for e in self._get("journal") if e.id == entry_id), None)
        if found is not None:
            self._deleted_marks[entry_id] = list(self.marks(entry_id).values())

            def mem(value: list[JournalEntry]) -> None:
                value[:] = [e for e in value if e.id != entry_id]

            def db(conn: sqlite3.Connection) -> None:
                conn.execute("DELETE FROM sessions WHERE uid = ?", (entry_id,))

            self._change("journal", mem, db)
        return found

    def sessions(
        self, person_id: int, start: datetime | None = None, end: datetime | None = None
    ) -> list[JournalEntry]:
        """A person's sessions in a range, oldest first (with unsaved ones)."""
        low, high = _range(start, end)
        return [e for e in self._get("journal") if e.person_id == person_id and low <= e.at <= high]

    # ---- marks --------------------------------------------------------------------------
    def marks(self, session_id: str) -> dict[str, Mark]:
        try:
            rows = self.conn.execute(
                "SELECT z.zone_id, m.tenderness, m.texture, m.note FROM marks m "
                "JOIN sessions s ON s.id = m.session JOIN zone_keys z ON z.id = m.zone "
                "WHERE s.uid = ?",
                (session_id,),
            ).fetchall()
        except sqlite3.Error:
            rows = []
        found = {session_id: {m.zone_id: m for m in self._rows("marks", _mark_row, rows)}}
        for change in self.pending.get("marks", ()):
            change.mem(found)
        return found[session_id]

    def set_mark(self, session_id: str, mark: Mark) -> None:
        def mem(value: dict[str, dict[str, Mark]]) -> None:
            if session_id in value:
                value[session_id][mark.zone_id] = mark

        self._change("marks", mem, lambda conn: _insert_mark(conn, session_id, mark))

    def heat(
        self, person_id: int, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, HeatCell]:
        """Per zone, over the person's saved sessions in the range: the mean tenderness,
        the number of marks, the highest."""
        low, high = _range(start, end)
        rows = self.conn.execute(
            "SELECT z.zone_id, avg(m.tenderness), count(*), max(m.tenderness) "
            "FROM sessions s JOIN marks m ON m.session = s.id "
            "JOIN zone_keys z ON z.id = m.zone "
            "WHERE s.person_id = ? AND s.at BETWEEN ? AND ? GROUP BY m.zone",
            (person_id, low, high),
        )
        return {zone: HeatCell(float(mean), int(n), int(top)) for zone, mean, n, top in rows}

    def trend(
        self,
        person_id: int,
        zone_id: str,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> list[TrendPoint]:
        """The zone's tenderness in each of the person's saved sessions that marked it."""
        low, high = _range(start, end)
        rows = self.conn.execute(
            "SELECT s.date, m.tenderness, s.uid FROM sessions s "
            "JOIN marks m ON m.session = s.id "
            "AND m.zone = (SELECT id FROM zone_keys WHERE zone_id = ?) "
            "WHERE s.person_id = ? AND s.at BETWEEN ? AND ? ORDER BY s.at",
            (zone_id, person_id, low, high),
        )
        return self._rows(
            "marks", lambda r: TrendPoint(_parse_datetime("date", r[0]), int(r[1]), r[2]), rows
        )

    def changes(
        self, person_id: int, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[str, int, int, int]]:
        """Per zone marked twice or more in the range: (zone, first, last, marks), the
        largest change first (then the zone id, so the order is stable)."""
        low, high = _range(start, end)
        seen: dict[str, list[int]] = {}
        for zone, tenderness in self.conn.execute(
            "SELECT z.zone_id, m.tenderness FROM sessions s JOIN marks m ON m.session = s.id "
            "JOIN zone_keys z ON z.id = m.zone WHERE s.person_id = ? AND s.at BETWEEN ? AND ? "
            "ORDER BY s.at, s.uid",
            (person_id, low, high),
        ):
            seen.setdefault(zone, []).append(int(tenderness))
        out = [(z, v[0], v[-1], len(v)) for z, v in seen.items() if len(v) > 1]
        return sorted(out, key=lambda c: (-abs(c[2] - c[1]), c[0]))

    def check(self) -> list[str]:
        """The whole file checked (`integrity_check`, foreign keys) and every row read
        as the window reads it: [] when sound."""
        problems = user_db.integrity(self.conn)
        self._cache.clear()
        for concern in ("notes", "people", "journal"):
            self._load(concern)
        self._rows(
            "marks",
            _mark_row,
            self.conn.execute(
                "SELECT z.zone_id, m.tenderness, m.texture, m.note FROM marks m "
                "JOIN zone_keys z ON z.id = m.zone"
            ),
        )
        return problems + self.bad_rows

    # ---- changes: apply in memory, commit in one transaction ---------------------------
    def has_pending(self) -> bool:
        """Changes the user made that are not on disk yet (a write failed), or a delete
        whose traces are not wiped from the file yet."""
        return any(self.pending.values()) or self._compact_due

    def retry_pending(self) -> bool:
        """Try again to write every pending change; True if nothing is pending now.
        Raises nothing: a write that fails again stays pending."""
        with suppress(OSError, ValueError):
            self._flush()
            if self._compact_due:
                self.compact()
        return not self.has_pending()

    def _change(
        self,
        concern: str,
        mem: Callable[[Any], None],
        db: Callable[[sqlite3.Connection], None],
        *,
        flush: bool = True,
    ) -> None:
        """Apply a change at once in memory, then commit it (OSError if the write failed:
        the change stays pending and in memory)."""
        if concern != "marks":
            mem(self._get(concern))
        if self.read_only:
            return
        self.pending.setdefault(concern, []).append(_Change(concern, mem, db))
        if flush:
            self._flush()

    def _flush(self) -> None:
        if not any(self.pending.values()):
            self.pending.clear()
            return
        if not self._writable:
            self._reopen()
        changes = [c for concern in CONCERNS for c in self.pending.get(concern, ())]
        refused: list[str] = []
        try:
            with _transaction(self.conn):
                for change in changes:
                    self.conn.execute("SAVEPOINT one")
                    try:
                        change.db(self.conn)
                    except sqlite3.IntegrityError as exc:  # another process deleted a row
                        self.conn.execute("ROLLBACK TO one")
                        refused.append(str(exc))
                    self.conn.execute("RELEASE one")
        except sqlite3.Error as exc:
            raise OSError(_reason(exc)) from exc
        self.pending.clear()
        self._cache.clear()  # read again: what other processes saved, merged by SQLite
        if refused:
            raise ValueError(f"not saved: {refused[0]}")

    def _reopen(self) -> None:
        """The file could not be opened at start: try again (a retry, a later change)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = self._open_file()
        except sqlite3.Error as exc:
            raise OSError(_reason(exc)) from exc
        old, self.conn = self.conn, conn
        self._writable = True
        self.open_error = ""
        with suppress(sqlite3.Error, OSError):
            self._import_legacy(conn, rename=True)
        old.close()


# ---- rows -------------------------------------------------------------------------------
_PEOPLE_SQL = (
    "SELECT id, name, archived, notes, consent_date, safety_answers, safety_date FROM people"
)
_SESSIONS_SQL = (
    "SELECT uid, person_id, date, sequence_id, giver, duration_s, pressure, "
    "tension_before, tension_after, note FROM sessions"
)


def _person_row(row: tuple[Any, ...]) -> Person:
    pid, name, archived, notes, consent, answers, answered = row
    try:
        parsed = json.loads(answers) if answers else {}
        if not isinstance(parsed, dict):
            parsed = {}
    except (ValueError, RecursionError):  # an unreadable remembered value is absent
        parsed = {}
    return Person(
        id=pid,
        name=name,
        archived=bool(archived),
        notes=notes,
        consent_date=_parse_date("consent_date", consent),
        safety_answers={k: v for k, v in parsed.items() if isinstance(v, bool)},
        safety_date=_parse_date("safety_date", answered),
    )


def _person_values(p: Person) -> tuple[Any, ...]:
    return (
        p.id,
        p.name,
        int(p.archived),
        p.notes,
        _iso_date(p.consent_date),
        json.dumps(p.safety_answers) if p.safety_answers else None,
        _iso_date(p.safety_date),
    )


def _entry_row(row: tuple[Any, ...]) -> JournalEntry:
    uid, person, when, seq, giver, duration, pressure, before, after, note = row
    return JournalEntry(
        id=uid,
        person_id=person,
        date=_parse_datetime("date", when),
        sequence_id=seq,
        giver=giver,
        duration_s=duration,
        pressure=pressure,
        tension_before=before,
        tension_after=after,
        note=note,
    )


def _session_values(e: JournalEntry) -> tuple[Any, ...]:
    return (
        e.id,
        e.person_id,
        _format_datetime(e.date),
        e.at,
        e.sequence_id,
        e.giver,
        e.duration_s,
        e.pressure,
        e.tension_before,
        e.tension_after,
        e.note,
    )


def _insert_session(conn: sqlite3.Connection, e: JournalEntry) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO sessions(uid, person_id, date, at, sequence_id, giver, "
        "duration_s, pressure, tension_before, tension_after, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _session_values(e),
    )


def _note_row(row: tuple[Any, ...]) -> tuple[str, ZoneNote]:
    zone, text, updated = row
    _check_text("zone", zone, IDENT_LIMIT, min_length=1)
    note = ZoneNote(
        text=text, updated=None if updated is None else _parse_datetime("updated", updated)
    )
    return zone, note


def _mark_row(row: tuple[Any, ...]) -> Mark:
    zone, tenderness, texture, note = row
    return Mark(
        zone_id=zone,
        tenderness=tenderness,
        texture=tuple(w for w in texture.split(",") if w),
        note=note,
    )


def _insert_mark(conn: sqlite3.Connection, session_id: str, mark: Mark) -> None:
    conn.execute("INSERT OR IGNORE INTO zone_keys(zone_id) VALUES (?)", (mark.zone_id,))
    conn.execute(
        "INSERT OR REPLACE INTO marks(session, zone, tenderness, texture, note) "
        "SELECT s.id, z.id, ?, ?, ? FROM sessions s, zone_keys z "
        "WHERE s.uid = ? AND z.zone_id = ?",
        (mark.tenderness, ",".join(mark.texture), mark.note, session_id, mark.zone_id),
    )


def _add_favourite(conn: sqlite3.Connection, kind: str, ident: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO favourites VALUES (?1, ?2, "
        "(SELECT coalesce(max(position), 0) + 1 FROM favourites WHERE kind = ?1))",
        (kind, ident),
    )


class _transaction:  # noqa: N801 (a context manager used like a function)
    """BEGIN IMMEDIATE (the write lock, waiting up to the busy timeout) ... COMMIT; any
    error rolls back."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            try:
                self.conn.execute("COMMIT")
                return
            except BaseException:
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
        with suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")


def _kind(kind: str) -> str:
    if kind not in ("zone", "technique"):
        raise ValueError(f"unknown favourite kind {kind!r}")
    return kind


def _opt_datetime(when: datetime | None) -> str | None:
    return None if when is None else _format_datetime(when)


def _range(start: datetime | None, end: datetime | None) -> tuple[float, float]:
    return (
        -1e18 if start is None else sort_key(start),
        1e18 if end is None else sort_key(end),
    )


def _is_damage(exc: BaseException) -> bool:
    """SQLITE_CORRUPT, SQLITE_NOTADB, or our own check's finding: the file is damaged (not
    merely locked, read-only or on a full disk)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return type(exc) is sqlite3.DatabaseError
    return code & 0xFF in (11, 26)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _short(str(exc) or type(exc).__name__)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
