"""The database under the user's data: damaged files, full and read-only
folders, limits it can read back, hand-written dates."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflexmap.core.user_db import DB_NAME, DB_VERSION
from reflexmap.core.user_store import NOTE_LIMIT, Mark, UserStore


def journal_file(folder: Path, dates: list[str]) -> None:
    entries = [
        {"id": f"e{i}", "date": d, "sequence_id": "seq_001", "duration_s": 60}
        for i, d in enumerate(dates)
    ]
    (folder / "journal.json").write_text(json.dumps({"schema_version": 2, "entries": entries}))


def test_hand_written_dates_mixed_naive_and_aware_sort_and_show(tmp_path: Path) -> None:
    journal_file(
        tmp_path,
        ["2025-03-01T10:00:00+14:00", "2025-03-01 09:00", "2025-02-28T23:00:00Z", "2025-03-02"],
    )
    store = UserStore(tmp_path)
    assert store.recovered == []
    assert [e.id for e in store.journal] == ["e0", "e2", "e1", "e3"]  # no TypeError
    for entry in store.journal:
        entry.date.astimezone()  # what the journal table shows: no OverflowError


def test_dates_outside_what_the_app_shows_are_refused_naming_the_file(tmp_path: Path) -> None:
    journal_file(
        tmp_path,
        ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2025-01-01T00:00:00"],
    )
    store = UserStore(tmp_path)
    assert [e.id for e in store.journal] == ["e2"]
    (message,) = store.recovered
    assert "journal.json" in message and "2 of 3" in message and "year 1 " in message


def test_a_damaged_database_is_moved_aside_and_the_app_starts(tmp_path: Path) -> None:
    store = UserStore(tmp_path)
    store.set_note("left.sole.heel", "before the damage")
    store.close()
    db = tmp_path / DB_NAME
    data = bytearray(db.read_bytes())
    data[:16] = b"not a database!!"
    db.write_bytes(bytes(data))
    store = UserStore(tmp_path)
    (message,) = store.take_recovered()
    assert "moved aside" in message and DB_NAME in message
    aside = list(tmp_path.glob(f"{DB_NAME}.damaged-*"))
    assert aside and aside[0].read_bytes()[:16] == b"not a database!!"
    store.set_note("left.sole.heel", "after")  # a new database that works
    assert UserStore(tmp_path).note("left.sole.heel") == "after"
    assert UserStore(tmp_path).recovered == []


def test_a_damaged_page_is_found_at_open(tmp_path: Path) -> None:
    store = UserStore(tmp_path)
    for i in range(200):
        store.set_note(f"zone_{i}", f"note {i} " * 20)
    store.close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    db = tmp_path / DB_NAME
    data = bytearray(db.read_bytes())
    data[page * 3 : page * 3 + 200] = os.urandom(200)  # a table page scribbled over
    db.write_bytes(bytes(data))
    store = UserStore(tmp_path)
    assert any("moved aside" in m for m in store.recovered)
    assert store.check() == []


def test_a_newer_database_is_read_but_never_written(tmp_path: Path) -> None:
    UserStore(tmp_path).set_note("z", "mine")
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {DB_VERSION + 1}")
    conn.close()
    before = (tmp_path / DB_NAME).read_bytes()
    store = UserStore(tmp_path)
    assert "newer" in store.recovered[0]
    assert store.note("z") == "mine"
    store.set_note("z", "changed in memory only")
    store.close()
    assert (tmp_path / DB_NAME).read_bytes() == before


def test_no_limit_the_app_writes_past_is_one_it_cannot_read_back(tmp_path: Path) -> None:
    """84 long notes pushed notes.json past its own 32 MB read limit and the
    next save dropped all but one."""
    store = UserStore(tmp_path)
    long_note = "é€😀x" * (NOTE_LIMIT // 4)
    for i in range(84):
        store.set_note(f"zone_{i}", long_note)
    store.close()
    again = UserStore(tmp_path)
    assert again.recovered == []
    assert len(again.notes) == 84 and all(n.text == long_note for n in again.notes.values())
    again.set_note("zone_84", "one more")
    assert len(UserStore(tmp_path).notes) == 85


def test_an_old_notes_file_over_32_mb_is_imported_whole(tmp_path: Path) -> None:
    note = "😀" * NOTE_LIMIT
    notes = {f"zone_{i}": {"text": note, "updated": None} for i in range(84)}
    (tmp_path / "notes.json").write_text(
        json.dumps({"schema_version": 2, "notes": notes}, ensure_ascii=False), encoding="utf-8"
    )
    assert (tmp_path / "notes.json").stat().st_size > 32 * 1024 * 1024
    store = UserStore(tmp_path)
    assert store.recovered == [] and len(store.notes) == 84


# ---- a real full disk and a real read-only folder (a small tmpfs; needs root) -----------
def _can_mount() -> bool:
    return sys.platform == "linux" and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if not _can_mount():
        pytest.skip("needs root to mount a small tmpfs")
    mount = tmp_path / "disk"
    mount.mkdir()
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)])
    if run.returncode:
        pytest.skip("mount refused")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)])


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as f, pytest.raises(OSError):
        while True:
            f.write(b"\0" * 65536)
            f.flush()
            os.fsync(f.fileno())
    return filler


@pytest.mark.slow
def test_a_full_disk_keeps_the_change_pending_and_a_retry_saves_it(small_disk: Path) -> None:
    store = UserStore(small_disk)
    entry = store.add_entry("seq_001", 60)
    filler = _fill(small_disk)
    with pytest.raises(OSError, match="full"):
        for i in range(200):  # the log's pages fill what is left
            store.set_note(f"zone_{i}", "typed on a full disk " * 200)
    assert store.has_pending()
    assert store.note("zone_0") and store.note(f"zone_{i}")  # still shown
    assert not store.retry_pending()
    filler.unlink()
    assert store.retry_pending()
    store.close()
    again = UserStore(small_disk)
    assert again.note(f"zone_{i}").startswith("typed on a full disk")
    assert [e.id for e in again.journal] == [entry.id]
    assert again.check() == []


@pytest.mark.slow
def test_a_read_only_folder_is_told_kept_pending_and_retried(small_disk: Path) -> None:
    folder = small_disk / "reflexmap"
    folder.mkdir()
    (folder / "notes.json").write_text(
        json.dumps({"schema_version": 2, "notes": {"z": {"text": "old"}}})
    )
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    store = UserStore(folder)
    (told,) = store.take_recovered()
    assert "cannot be written" in told
    assert store.note("z") == "old"  # read from the old file meanwhile
    with pytest.raises(OSError):
        store.set_note("z", "new")
    assert store.has_pending() and store.note("z") == "new"
    assert not store.retry_pending()
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert store.retry_pending()
    again = UserStore(folder)
    assert again.note("z") == "new"
    assert (folder / "notes.json.imported").exists()


def test_marks_survive_a_failed_save_and_undo_of_a_delete(tmp_path: Path) -> None:
    store = UserStore(tmp_path)
    entry = store.add_entry("seq_001", 60, date=datetime(2025, 1, 1, tzinfo=UTC))
    store.set_mark(entry.id, Mark(zone_id="z", tenderness=3, texture=("grainy",), note="n"))
    store.delete_entry(entry.id)
    assert store.marks(entry.id) == {}
    store.restore_entry(entry)
    assert store.marks(entry.id) == {
        "z": Mark(zone_id="z", tenderness=3, texture=("grainy",), note="n")
    }


def test_heat_trend_and_changes_follow_the_range(tmp_path: Path) -> None:
    from datetime import timedelta

    store = UserStore(tmp_path)
    other = store.add_person("Other")
    start = datetime(2025, 1, 6, tzinfo=UTC)
    for week in range(8):
        e = store.add_entry("free", 60, date=start + timedelta(weeks=week))
        store.set_mark(e.id, Mark(zone_id="heel", tenderness=3 if week < 4 else 1))
        o = store.add_entry("free", 60, person_id=other.id, date=start + timedelta(weeks=week))
        store.set_mark(o.id, Mark(zone_id="heel", tenderness=0))
    assert store.heat(1)["heel"] == (2.0, 8, 3)
    later = start + timedelta(weeks=4)
    assert store.heat(1, later)["heel"] == (1.0, 4, 1)
    assert store.heat(1, None, later - timedelta(days=1))["heel"] == (3.0, 4, 3)
    assert [p.tenderness for p in store.trend(1, "heel", later)] == [1] * 4
    assert store.changes(1) == [("heel", 3, 1, 8)]
    assert store.heat(other.id)["heel"] == (0.0, 8, 0)  # one person's marks only


def test_rows_edited_by_another_tool_are_skipped_and_said(tmp_path: Path) -> None:
    """The dates, written straight into the database (sqlite3 CLI, a sync tool):
    the window shows the rest, says what it skipped, and `data check` reports it."""
    store = UserStore(tmp_path)
    good = store.add_entry("seq_001", 60, date=datetime(2025, 1, 1, tzinfo=UTC))
    store.set_mark(good.id, Mark(zone_id="heel", tenderness=2))
    store.close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA ignore_check_constraints = 1")
    conn.execute(
        "INSERT INTO sessions(uid, person_id, date, at, sequence_id, duration_s) "
        "VALUES ('bad', 1, '9999-12-31T23:00:00+14:00', 0, 's', 1)"
    )
    conn.execute(
        "UPDATE marks SET tenderness = 7, texture = 3 WHERE session = "
        "(SELECT id FROM sessions WHERE uid = ?)",
        (good.id,),
    )
    conn.commit()
    conn.close()
    store = UserStore(tmp_path)
    assert [e.id for e in store.journal] == [good.id]
    assert store.marks(good.id) == {}
    assert any("sessions could not be read" in m and "year 9999" in m for m in store.recovered)
    problems = store.check()
    assert any("sessions" in p for p in problems) and any("marks" in p for p in problems)
