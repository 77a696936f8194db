"""The user's own data: favourite zones and techniques, a private note per zone, a journal.

One versioned JSON file per concern (favourites.json, notes.json, journal.json) in the
platform's data folder, each validated strictly on read and written atomically (temp
file in the same folder, flush, fsync, rename, fsync of the folder): a crash or a full disk
leaves either the old file or the new one, never half of each.

The records are stdlib dataclasses checked by hand, not Pydantic models: the store is read
while the first window opens, and importing Pydantic would cost that start ~200 ms (issue
18). Their rules and their JSON are those of the Pydantic models they replace, so files
written by either version read the same in both.

Two windows of one process share one store; two processes each have their own, and they
meet at the files: every change takes an advisory lock (`fcntl.flock` on `.lock` in the
data folder), re-reads the concern's file, applies this change to what is on disk, writes
the result atomically and releases the lock. So a change saved by another process is
merged, never overwritten. A change that could not be written (a full disk) stays in
`pending` and is written by the next change or by `retry_pending()`; the UI shows it.

A file that cannot be read is never fatal: it is kept as `<name>.bak-<timestamp>`, the
store starts with whatever could be recovered from it (valid journal entries are kept,
invalid ones dropped) and `recovered` says what happened, so the UI can tell the user once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from reflexmap.core.paths import atomic_write, data_dir


def _new_id() -> str:
    import uuid  # imported when an entry is made: not on the start path (uuid loads platform)

    return uuid.uuid4().hex


if sys.platform != "win32":
    import fcntl
else:  # Windows: one process at a time is all the lock can promise there
    fcntl = None

SCHEMA_VERSION = 2
MAX_FILE_BYTES = 32 * 1024 * 1024
LOCK_NAME = ".lock"
STALE_TEMP_S = 600  # a temp file this old belongs to a writer that died
NOTE_LIMIT = 100_000  # characters of one zone note
SESSION_NOTE_LIMIT = 20_000  # characters of a journal entry's note

MAX_DURATION_S = 7 * 24 * 3600  # seconds of one journal entry
IDENT_LIMIT = 200  # characters of an entry's id and sequence_id


# ---- the records (schema version 2) ---------------------------------------------------
# Frozen and checked on construction: a value the app builds (a note over the limit) raises
# ValueError at once, and `from_json` applies the same checks to what a file holds.
@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntry:
    id: str
    date: datetime
    sequence_id: str
    duration_s: float
    tension_before: int | None = None
    tension_after: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _check_text("id", self.id, IDENT_LIMIT, min_length=1)
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
        return {
            "id": self.id,
            "date": _format_datetime(self.date),
            "sequence_id": self.sequence_id,
            "duration_s": self.duration_s,
            "tension_before": self.tension_before,
            "tension_after": self.tension_after,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneNote:
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
class UserStore:
    """Favourites, notes and journal, loaded at construction and saved on every change.

    `read_only` (used by `reflexmap shot`) never writes a data file; a broken file is still
    set aside as a `.bak-` copy so that nothing the user typed is lost.
    """

    def __init__(self, folder: Path | None = None, *, read_only: bool = False) -> None:
        self.folder = Path(folder) if folder is not None else data_dir()
        self.read_only = read_only
        self.recovered: list[str] = []  # what went wrong at load, in words; UI tells once
        self.favourite_zones: list[str] = []
        self.favourite_techniques: list[str] = []
        self.notes: dict[str, ZoneNote] = {}
        self.journal: list[JournalEntry] = []
        # Changes made in memory but not yet on disk, per concern, in order; each is
        # idempotent, so it can be applied again on top of a fresh read of the file.
        self.pending: dict[str, list[Callable[[], None]]] = {}
        self._lock_depth = 0
        if read_only:
            self._load_all()
            return
        try:
            with self._locked():
                self._remove_stale_temp_files()
                self._load_all()
        except OSError:  # no data folder (read-only file system...): read what is there
            self._load_all()

    def _load_all(self) -> None:
        self._load_favourites()
        self._load_notes()
        self._load_journal()

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def take_recovered(self) -> list[str]:
        """The recovery messages, once: a second call returns nothing."""
        out, self.recovered = self.recovered, []
        return out

    # ---- favourites -------------------------------------------------------------------
    def is_favourite(self, ident: str, kind: str = "zone") -> bool:
        return ident in self._favourites(kind)

    def set_favourite(self, ident: str, on: bool, kind: str = "zone") -> None:
        if (ident in self._favourites(kind)) == on:
            return

        def change() -> None:
            items = self._favourites(kind)
            if on and ident not in items:
                items.append(ident)
            elif not on and ident in items:
                items.remove(ident)

        self._change("favourites", change)

    def _favourites(self, kind: str) -> list[str]:
        if kind == "zone":
            return self.favourite_zones
        if kind == "technique":
            return self.favourite_techniques
        raise ValueError(f"unknown favourite kind {kind!r}")

    # ---- notes --------------------------------------------------------------------------
    def note(self, zone_id: str) -> str:
        found = self.notes.get(zone_id)
        return found.text if found else ""

    def set_note(self, zone_id: str, text: str) -> None:
        if self.note(zone_id) == text:
            return
        note = ZoneNote(text=text, updated=datetime.now(UTC)) if text.strip() else None

        def change() -> None:
            if note is not None:
                self.notes[zone_id] = note
            else:
                self.notes.pop(zone_id, None)

        self._change("notes", change)

    # ---- journal ------------------------------------------------------------------------
    def add_entry(
        self,
        sequence_id: str,
        duration_s: float,
        *,
        tension_before: int | None = None,
        tension_after: int | None = None,
        note: str = "",
        date: datetime | None = None,
    ) -> JournalEntry:
        entry = JournalEntry(
            id=_new_id(),
            date=date or datetime.now(UTC).replace(microsecond=0),
            sequence_id=sequence_id,
            duration_s=max(0.0, float(duration_s)),
            tension_before=tension_before,
            tension_after=tension_after,
            note=note,
        )
        self.restore_entry(entry)
        return entry

    def restore_entry(self, entry: JournalEntry) -> None:
        """Put an entry (back) into the journal: adding, and undoing a delete."""

        def change() -> None:
            if all(e.id != entry.id for e in self.journal):
                self.journal = [*self.journal, entry]

        self._change("journal", change)

    def delete_entry(self, entry_id: str) -> JournalEntry | None:
        found = next((e for e in self.journal if e.id == entry_id), None)
        if found is not None:

            def change() -> None:
                self.journal = [e for e in self.journal if e.id != entry_id]

            self._change("journal", change)
        return found

    # ---- changes: lock, re-read, apply, write -------------------------------------------
    def has_pending(self) -> bool:
        """Changes the user made that are not on disk yet (a write failed)."""
        return any(self.pending.values())

    def retry_pending(self) -> bool:
        """Try again to write every pending change; True if nothing is pending now.
        Raises nothing: a write that fails again stays pending."""
        for name in list(self.pending):
            with suppress(OSError):
                self._flush(name)
        return not self.has_pending()

    def _change(self, name: str, change: Callable[[], None]) -> None:
        """Apply `change` at once in memory, then merge it into the file (OSError if the
        write failed: the change stays pending and in memory)."""
        change()
        if self.read_only:
            return
        self.pending.setdefault(name, []).append(change)
        self._flush(name)

    def _flush(self, name: str) -> None:
        changes = self.pending.get(name)
        if not changes:
            self.pending.pop(name, None)
            return
        with self._locked():
            self._reload(name)  # what every process saved so far...
            for change in changes:  # ...plus what this one has not yet written
                change()
            self._save(name, self._body(name))
        self.pending.pop(name, None)

    def _reload(self, name: str) -> None:
        if name == "favourites":
            self.favourite_zones, self.favourite_techniques = [], []
            self._load_favourites()
        elif name == "notes":
            self.notes = {}
            self._load_notes()
        else:
            self.journal = []
            self._load_journal()

    def _body(self, name: str) -> dict[str, Any]:
        if name == "favourites":
            return {"zones": self.favourite_zones, "techniques": self.favourite_techniques}
        if name == "notes":
            return {"notes": {k: n.to_json() for k, n in self.notes.items()}}
        return {"entries": [e.to_json() for e in self.journal]}

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The data folder's advisory lock, re-entrant within this store."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            self._lock_depth = 1
            yield
        finally:
            self._lock_depth = 0
            os.close(fd)  # closing releases the lock

    # ---- reading and writing ------------------------------------------------------------
    def _save(self, name: str, body: dict[str, Any]) -> None:
        if self.read_only:
            return
        doc = {"schema_version": SCHEMA_VERSION, **body}
        data = json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
        atomic_write(self._write_target(self.path(name)), data)

    @staticmethod
    def _write_target(path: Path) -> Path:
        """Where a save goes: a data file that is a symlink (kept in a synced or dotfiles
        folder) is written at the file it points to, temp file next to it, so the rename
        replaces the target and the link stays a link."""
        if not path.is_symlink():
            return path
        return Path(os.path.realpath(path))  # every link in the chain, even a dangling one

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a write that was killed half-way: never the real data, and
        never another process's write in progress (called under the lock, and only files
        older than STALE_TEMP_S, for writers that do not take the lock)."""
        now = time.time()
        with suppress(OSError):
            for tmp in self.folder.glob(".*.json.*.tmp"):
                with suppress(OSError):
                    if now - tmp.stat().st_mtime > STALE_TEMP_S:
                        tmp.unlink()

    def _read(self, name: str) -> dict[str, Any] | None:
        """The migrated document, None if there is no file; a broken file is set aside."""
        path = self.path(name)
        try:
            if not path.exists():
                return None
            doc = json.loads(_read_regular(path).decode("utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            return migrate(name, doc)
        except (OSError, ValueError, RecursionError, KeyError, TypeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            bak = self._set_aside(path, keep_original=False)
            self._tell(path, bak, f"could not be read ({_short(reason)}); starting empty")
            return None

    def _set_aside(self, path: Path, *, keep_original: bool) -> Path | None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        bak = path.with_name(f"{path.name}.bak-{stamp}")
        n = 1
        while bak.exists():
            n += 1
            bak = path.with_name(f"{path.name}.bak-{stamp}-{n}")
        try:
            if keep_original:
                shutil.copy2(path, bak)
            else:
                os.replace(path, bak)
        except OSError:
            return None
        return bak

    def _tell(self, path: Path, bak: Path | None, what: str) -> None:
        kept = f"the old file is kept as {bak}" if bak else "the old file could not be moved aside"
        self.recovered.append(f"{path.name} {what}; {kept}.")

    def _partial(self, name: str, dropped: int, total: int, good: dict[str, Any]) -> None:
        """Some items were invalid: keep the original as .bak, continue with the rest."""
        if not dropped:
            return
        path = self.path(name)
        bak = self._set_aside(path, keep_original=True)
        self._tell(
            path,
            bak,
            f"had {dropped} of {total} unreadable item(s), which were dropped; the rest was kept",
        )
        if not self.read_only:
            try:
                self._save(name, good)
            except OSError:
                pass  # the next change tries again

    def _load_favourites(self) -> None:
        doc = self._read("favourites")
        if doc is None:
            return
        total = dropped = 0
        for key, target in (
            ("zones", self.favourite_zones),
            ("techniques", self.favourite_techniques),
        ):
            items = doc.get(key, [])
            if not isinstance(items, list):
                total, dropped = total + 1, dropped + 1
                continue
            for item in items:
                total += 1
                if isinstance(item, str) and 0 < len(item) <= 200 and item not in target:
                    target.append(item)
                else:
                    dropped += 1
        dropped += sum(1 for k in doc if k not in ("schema_version", "zones", "techniques"))
        self._partial(
            "favourites",
            dropped,
            max(total, dropped),
            {"zones": self.favourite_zones, "techniques": self.favourite_techniques},
        )

    def _load_notes(self) -> None:
        doc = self._read("notes")
        if doc is None:
            return
        raw = doc.get("notes", {})
        if not isinstance(raw, dict):
            raw, dropped, total = {}, 1, 1
        else:
            dropped, total = 0, len(raw)
        for zone, value in raw.items():
            try:
                self.notes[zone] = ZoneNote.from_json(value)
            except ValueError:
                dropped += 1
        self._partial("notes", dropped, total, self._body("notes"))

    def _load_journal(self) -> None:
        doc = self._read("journal")
        if doc is None:
            return
        raw = doc.get("entries", [])
        if not isinstance(raw, list):
            raw, dropped, total = [], 1, 1
        else:
            dropped, total = 0, len(raw)
        seen: set[str] = set()
        for value in raw:
            try:
                entry = JournalEntry.from_json(value)
            except ValueError:
                dropped += 1
                continue
            if entry.id in seen:
                dropped += 1
                continue
            seen.add(entry.id)
            self.journal.append(entry)
        self._partial("journal", dropped, total, self._body("journal"))


def _read_regular(path: Path) -> bytes:
    """A data file's bytes; a FIFO, a device or a file over MAX_FILE_BYTES is refused
    (ValueError) without waiting on it or reading it whole."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
        return data
    finally:
        os.close(fd)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
