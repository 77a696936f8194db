"""The user store: XDG folders, round trips, the old JSON files (v1 and v2) imported, and
recovery."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from reflexmap.core import paths
from reflexmap.core.paths import config_dir
from reflexmap.core.user_db import DB_NAME, DB_VERSION
from reflexmap.core.user_store import (
    SCHEMA_VERSION,
    JournalEntry,
    UserStore,
    data_dir,
    migrate,
)


def test_xdg_folders_are_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    assert data_dir() == tmp_path / "d" / "reflexmap"
    assert config_dir() == tmp_path / "c" / "reflexmap"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir() == tmp_path / ".local" / "share" / "reflexmap"
    assert paths.cache_dir() == tmp_path / ".cache" / "reflexmap"


def test_round_trip(tmp_path: Path) -> None:
    store = UserStore(tmp_path)
    store.set_favourite("left.sole.heart", True)
    store.set_favourite("t_thumb_walk", True, kind="technique")
    store.set_note("left.sole.heart", "tender after running")
    entry = store.add_entry("seq_001", 615.5, tension_before=7, tension_after=3, note="calm")
    again = UserStore(tmp_path)
    assert again.recovered == []
    assert again.is_favourite("left.sole.heart")
    assert again.is_favourite("t_thumb_walk", "technique")
    assert again.note("left.sole.heart") == "tender after running"
    assert again.journal == [entry]
    db = tmp_path / DB_NAME
    assert db.stat().st_mode & 0o777 == 0o600  # private health data
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == DB_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert not list(tmp_path.glob("*.json"))  # nothing but the database
    again.delete_entry(entry.id)
    again.set_favourite("left.sole.heart", False)
    again.set_note("left.sole.heart", "  ")
    third = UserStore(tmp_path)
    assert third.journal == [] and not third.is_favourite("left.sole.heart")
    assert third.note("left.sole.heart") == ""


def test_migration_v1_to_v2(tmp_path: Path) -> None:
    (tmp_path / "favourites.json").write_text(
        json.dumps({"schema_version": 1, "zones": ["left.sole.heart"]})
    )
    (tmp_path / "notes.json").write_text(
        json.dumps({"schema_version": 1, "notes": {"left.sole.heart": "old"}})
    )
    (tmp_path / "journal.json").write_text(
        json.dumps(
            {
                "schema_version": 1,
                "entries": [
                    {
                        "date": "2024-05-01T10:00:00+00:00",
                        "sequence_id": "seq_001",
                        "duration_s": 60,
                    }
                ],
            }
        )
    )
    store = UserStore(tmp_path)
    assert store.recovered == []
    assert store.favourite_zones == ["left.sole.heart"] and store.favourite_techniques == []
    assert store.note("left.sole.heart") == "old"
    assert len(store.journal) == 1 and store.journal[0].id
    assert migrate("notes", {"notes": {"z": "t"}})["notes"] == {"z": {"text": "t", "updated": None}}
    with pytest.raises(ValueError, match="newer"):
        migrate("journal", {"schema_version": SCHEMA_VERSION + 1})


def test_corrupt_file_is_kept_as_bak_and_told_once(tmp_path: Path) -> None:
    UserStore(tmp_path).set_note("left.sole.heart", "mine")  # already in the database
    broken = b'{"schema_version": 2, "notes": {"left.so\xff'
    (tmp_path / "notes.json").write_bytes(broken)
    store = UserStore(tmp_path)
    baks = list(tmp_path.glob("notes.json.bak-*"))
    assert len(baks) == 1 and baks[0].read_bytes() == broken
    assert len(store.recovered) == 1 and baks[0].name in store.recovered[0]
    assert store.take_recovered() and store.take_recovered() == []
    assert UserStore(tmp_path).recovered == []  # told once: the next start is clean
    assert UserStore(tmp_path).note("left.sole.heart") == "mine"


def test_partial_journal_keeps_valid_entries(tmp_path: Path) -> None:
    good = [
        JournalEntry(id=f"g{i}", date=datetime(2025, 1, 1 + i), sequence_id="s", duration_s=60)
        for i in range(3)
    ]
    doc = {"schema_version": 2, "entries": [e.to_json() for e in good]}
    doc["entries"].insert(1, {"id": "x", "date": "yesterday", "sequence_id": "s"})
    doc["entries"].append(
        {
            "id": "y",
            "date": "2024-01-01T00:00:00",
            "sequence_id": "s",
            "duration_s": 5,
            "tension_before": 11,
        }
    )
    doc["entries"].append("not an entry")
    (tmp_path / "journal.json").write_text(json.dumps(doc))
    store = UserStore(tmp_path)
    assert [e.id for e in store.journal] == [e.id for e in good]
    assert "3 of 6" in store.recovered[0]
    assert len(list(tmp_path.glob("journal.json.bak-*"))) == 1
    assert UserStore(tmp_path).recovered == []  # imported once: the next start is clean


def test_read_only_store_never_writes(tmp_path: Path) -> None:
    (tmp_path / "journal.json").write_text("{not json")
    store = UserStore(tmp_path, read_only=True)
    store.add_entry("seq_001", 10)
    store.set_note("z", "n")
    assert store.note("z") == "n"  # in memory only
    assert sorted(p.name for p in tmp_path.iterdir())[0].startswith("journal.json.bak-")
    assert len(list(tmp_path.iterdir())) == 1


def test_unreadable_shapes(tmp_path: Path) -> None:
    for name, text in (
        ("favourites", "[1, 2]"),
        ("notes", '{"notes": []}'),
        ("journal", '{"schema_version": "two"}'),
    ):
        (tmp_path / f"{name}.json").write_text(text)
    store = UserStore(tmp_path)
    assert len(store.recovered) == 3
    assert store.favourite_zones == [] and store.notes == {} and store.journal == []


def test_symlinked_legacy_file_is_imported_and_its_target_kept(tmp_path: Path) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "dotfiles"
    data.mkdir()
    elsewhere.mkdir()
    target = elsewhere / "notes.json"
    text = json.dumps({"schema_version": 2, "notes": {"left.sole.heart": {"text": "behind"}}})
    target.write_text(text)
    (data / "notes.json").symlink_to(target)
    assert UserStore(data).note("left.sole.heart") == "behind"
    assert target.read_text() == text  # the link's target is never changed
    assert (data / "notes.json.imported").is_symlink()


def test_read_only_store_on_a_database_creates_no_file(tmp_path: Path) -> None:
    """`reflexmap shot` reads the database without leaving a -wal or -shm beside it."""
    store = UserStore(tmp_path)
    store.set_note("left.sole.heart", "mine")
    store.close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert list(before) == [DB_NAME]
    reader = UserStore(tmp_path, read_only=True)
    assert reader.note("left.sole.heart") == "mine"
    reader.set_note("left.sole.heart", "in memory only")
    reader.close()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
