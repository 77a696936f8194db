"""The user's own data: favourite zones and techniques, a private note per zone, a journal.

One versioned JSON file per concern (favourites.json, notes.json, journal.json) in the
platform's data folder, each validated by Pydantic on read and written atomically (temp
file in the same folder, flush, fsync, rename, fsync of the folder): a crash or a full disk
leaves either the old file or the new one, never half of each.

A file that cannot be read is never fatal: it is kept as `<name>.bak-<timestamp>`, the
store starts with whatever could be recovered from it (valid journal entries are kept,
invalid ones dropped) and `recovered` says what happened, so the UI can tell the user once.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reflexmap.core.paths import atomic_write, data_dir
from reflexmap.core.paths import config_dir as config_dir  # re-exported for callers

SCHEMA_VERSION = 2
MAX_FILE_BYTES = 32 * 1024 * 1024

Rating = Annotated[int, Field(ge=0, le=10)]
Ident = Annotated[str, Field(min_length=1, max_length=200)]


# ---- the models (schema version 2) ----------------------------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class JournalEntry(_Model):
    id: Ident
    date: datetime
    sequence_id: Ident
    duration_s: float = Field(ge=0, le=7 * 24 * 3600)
    tension_before: Rating | None = None
    tension_after: Rating | None = None
    note: str = Field(default="", max_length=20_000)


class ZoneNote(_Model):
    text: str = Field(max_length=100_000)
    updated: datetime | None = None


# ---- migrations: each takes a document of version n and returns version n + 1 ------------
def _favourites_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # v1 knew favourite zones only.
    return {"schema_version": 2, "zones": doc.get("zones", []), "techniques": []}


def _notes_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # v1 stored {zone: text}; v2 stores {zone: {text, updated}}.
    notes = doc.get("notes", {})
    if isinstance(notes, dict):
        notes = {k: ({"text": v, "updated": None} if isinstance(v, str) else v)
                 for k, v in notes.items()}
    return {"schema_version": 2, "notes": notes}


def _journal_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # v1 entries had no id; v2 needs one to delete or undo a single entry.
    entries = doc.get("entries", [])
    if isinstance(entries, list):
        entries = [({**e, "id": e.get("id") or uuid.uuid4().hex} if isinstance(e, dict) else e)
                   for e in entries]
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
        if not read_only:
            self._remove_stale_temp_files()
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
        items = self._favourites(kind)
        if on and ident not in items:
            items.append(ident)
        elif not on and ident in items:
            items.remove(ident)
        else:
            return
        self._save("favourites", {"zones": self.favourite_zones,
                                  "techniques": self.favourite_techniques})

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
        if text.strip():
            self.notes[zone_id] = ZoneNote(text=text, updated=datetime.now(UTC))
        else:
            self.notes.pop(zone_id, None)
        self._save("notes", {"notes": {k: n.model_dump(mode="json")
                                       for k, n in self.notes.items()}})

    # ---- journal ------------------------------------------------------------------------
    def add_entry(self, sequence_id: str, duration_s: float, *,
                  tension_before: int | None = None, tension_after: int | None = None,
                  note: str = "", date: datetime | None = None) -> JournalEntry:
        entry = JournalEntry(
            id=uuid.uuid4().hex, date=date or datetime.now(UTC).replace(microsecond=0),
            sequence_id=sequence_id, duration_s=max(0.0, float(duration_s)),
            tension_before=tension_before, tension_after=tension_after, note=note)
        self.restore_entry(entry)
        return entry

    def restore_entry(self, entry: JournalEntry) -> None:
        """Put an entry (back) into the journal: adding, and undoing a delete."""
        self.journal = [e for e in self.journal if e.id != entry.id] + [entry]
        self._save_journal()

    def delete_entry(self, entry_id: str) -> JournalEntry | None:
        found = next((e for e in self.journal if e.id == entry_id), None)
        if found is not None:
            self.journal = [e for e in self.journal if e.id != entry_id]
            self._save_journal()
        return found

    def _save_journal(self) -> None:
        self._save("journal", {"entries": [e.model_dump(mode="json") for e in self.journal]})

    # ---- reading and writing ------------------------------------------------------------
    def _save(self, name: str, body: dict[str, Any]) -> None:
        if self.read_only:
            return
        doc = {"schema_version": SCHEMA_VERSION, **body}
        data = json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
        atomic_write(self.path(name), data)

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a write that was killed half-way: never the real data."""
        with suppress(OSError):
            for tmp in self.folder.glob(".*.json.*.tmp"):
                with suppress(OSError):
                    tmp.unlink()

    def _read(self, name: str) -> dict[str, Any] | None:
        """The migrated document, None if there is no file; a broken file is set aside."""
        path = self.path(name)
        try:
            if not path.exists():
                return None
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
            doc = json.loads(path.read_bytes().decode("utf-8"))
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
        kept = (f"the old file is kept as {bak}" if bak
                else "the old file could not be moved aside")
        self.recovered.append(f"{path.name} {what}; {kept}.")

    def _partial(self, name: str, dropped: int, total: int, good: dict[str, Any]) -> None:
        """Some items were invalid: keep the original as .bak, continue with the rest."""
        if not dropped:
            return
        path = self.path(name)
        bak = self._set_aside(path, keep_original=True)
        self._tell(path, bak, f"had {dropped} of {total} unreadable item(s), which were "
                              "dropped; the rest was kept")
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
        for key, target in (("zones", self.favourite_zones),
                            ("techniques", self.favourite_techniques)):
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
        self._partial("favourites", dropped, max(total, dropped),
                      {"zones": self.favourite_zones, "techniques": self.favourite_techniques})

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
                self.notes[zone] = ZoneNote.model_validate(value)
            except (ValidationError, RecursionError):
                dropped += 1
        self._partial("notes", dropped, total, {"notes": {
            k: n.model_dump(mode="json") for k, n in self.notes.items()}})

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
                entry = JournalEntry.model_validate(value)
            except (ValidationError, RecursionError):
                dropped += 1
                continue
            if entry.id in seen:
                dropped += 1
                continue
            seen.add(entry.id)
            self.journal.append(entry)
        self._partial("journal", dropped, total, {
            "entries": [e.model_dump(mode="json") for e in self.journal]})


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
