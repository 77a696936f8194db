"""The JSON files reflexmap kept before the database (favourites.json, notes.json,
journal.json, schema versions 1 and 2): read once, with the care they always had, to be
imported into the database.

Every shape the old store read is read the same way: a file that cannot be read at all is
kept as `<name>.bak-<time>` and nothing is imported from it; a file with some bad items
(a date that is not a date, a note over the limit, a date outside what the app can show)
is copied to `.bak-` first and its good items are imported. What happened is said in
`recovered`, naming the file. Nothing here writes a data file; the store renames the files
once their content is committed.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflexmap.core.paths import read_regular
from reflexmap.core.user_db import free_name
from reflexmap.core.user_store import JournalEntry, ZoneNote, migrate

# The old store refused to read more than 32 MB, but wrote more (84 long notes); the
# import reads what it wrote.
MAX_LEGACY_BYTES = 256 * 1024 * 1024
NAMES = ("favourites", "notes", "journal")


@dataclass
class LegacyData:
    favourite_zones: list[str] = field(default_factory=list)
    favourite_techniques: list[str] = field(default_factory=list)
    notes: dict[str, ZoneNote] = field(default_factory=dict)
    journal: list[JournalEntry] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # the files that were read (to rename)


def present(folder: Path) -> list[Path]:
    """The legacy files in `folder` (a link counts; a FIFO too: it is set aside)."""
    out = []
    for name in NAMES:
        path = folder / f"{name}.json"
        if os.path.lexists(path):
            out.append(path)
    return out


def read(folder: Path) -> LegacyData:
    data = LegacyData()
    reader = _Reader(folder, data)
    reader.favourites()
    reader.notes()
    reader.journal()
    return data


class _Reader:
    def __init__(self, folder: Path, data: LegacyData) -> None:
        self.folder = folder
        self.data = data

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def _read(self, name: str) -> dict[str, Any] | None:
        path = self.path(name)
        try:
            if not os.path.lexists(path):
                return None
            doc = json.loads(read_regular(path, MAX_LEGACY_BYTES).decode("utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            doc = migrate(name, doc)
        except (OSError, ValueError, RecursionError, KeyError, TypeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            bak = _set_aside(path, keep_original=False)
            self._tell(path, bak, f"could not be read ({_short(reason)}); nothing was imported")
            return None
        self.data.files.append(path)
        return doc

    def _tell(self, path: Path, bak: Path | None, what: str) -> None:
        kept = f"the old file is kept as {bak}" if bak else "the old file could not be moved aside"
        self.data.recovered.append(f"{path.name} {what}; {kept}.")

    def _partial(self, name: str, dropped: int, total: int, first: str) -> None:
        if not dropped:
            return
        path = self.path(name)
        bak = _set_aside(path, keep_original=True)
        why = f" (the first: {_short(first, 100)})" if first else ""
        self._tell(
            path,
            bak,
            f"had {dropped} of {total} unreadable item(s){why}, which were dropped; "
            "the rest was kept",
        )

    def favourites(self) -> None:
        doc = self._read("favourites")
        if doc is None:
            return
        total = dropped = 0
        for key, target in (
            ("zones", self.data.favourite_zones),
            ("techniques", self.data.favourite_techniques),
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
        self._partial("favourites", dropped, max(total, dropped), "")

    def notes(self) -> None:
        doc = self._read("notes")
        if doc is None:
            return
        raw = doc.get("notes", {})
        first = ""
        if not isinstance(raw, dict):
            raw, dropped, total = {}, 1, 1
        else:
            dropped, total = 0, len(raw)
        for zone, value in raw.items():
            try:
                if not 0 < len(zone) <= 200:
                    raise ValueError("zone: expected 1 to 200 characters")
                self.data.notes[zone] = ZoneNote.from_json(value)
            except ValueError as exc:
                dropped += 1
                first = first or str(exc)
        self._partial("notes", dropped, total, first)

    def journal(self) -> None:
        doc = self._read("journal")
        if doc is None:
            return
        raw = doc.get("entries", [])
        first = ""
        if not isinstance(raw, list):
            raw, dropped, total = [], 1, 1
        else:
            dropped, total = 0, len(raw)
        seen: set[str] = set()
        for value in raw:
            try:
                entry = JournalEntry.from_json(value)
            except ValueError as exc:
                dropped += 1
                first = first or str(exc)
                continue
            if entry.id in seen:
                dropped += 1
                continue
            seen.add(entry.id)
            self.data.journal.append(entry)
        self._partial("journal", dropped, total, first)


def _set_aside(path: Path, *, keep_original: bool) -> Path | None:
    bak = free_name(path, "bak")
    try:
        if keep_original:
            shutil.copy2(path, bak)
        else:
            os.replace(path, bak)
    except OSError:
        return None
    return bak


def backup_name(path: Path) -> Path:
    """Where an imported file is kept: `<name>.json.imported` (a stamp if that exists)."""
    target = path.with_name(f"{path.name}.imported")
    if os.path.lexists(target):
        target = path.with_name(f"{path.name}.imported-{time.strftime('%Y%m%d-%H%M%S')}")
    return target


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
