"""Their data is theirs: a JSON backup that imports back, a CSV a spreadsheet
cannot be attacked through, a person deleted without a trace in the file, and
`reflexmap data ...`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reflexmap.core import user_export
from reflexmap.core.user_db import DB_NAME
from reflexmap.core.user_store import Mark, UserStore

SECRET = "Zebulon Quuxworth"


def practice(folder: Path) -> tuple[UserStore, int]:
    store = UserStore(folder)
    person = store.add_person(SECRET)
    start = datetime(2025, 1, 6, 18, tzinfo=UTC)
    for week in range(12):
        entry = store.add_entry(
            "seq_001",
            900,
            person_id=person.id,
            date=start + timedelta(weeks=week),
            note=f"{SECRET} said week {week} felt calm",
            giver="Me",
        )
        store.set_mark(entry.id, Mark(zone_id="left.sole.heel", tenderness=week % 4))
        store.set_mark(
            entry.id,
            Mark(zone_id="left.sole.arch", tenderness=3, texture=("grainy",), note=SECRET),
        )
    store.add_entry("seq_002", 300, note="my own session")
    return store, person.id


def test_backup_imports_back_into_an_empty_database(tmp_path: Path) -> None:
    store, pid = practice(tmp_path / "a")
    store.set_note("left.sole.heel", "my note")
    store.set_favourite("left.sole.heel", True)
    user_export.write_json(tmp_path / "backup.json", store)
    assert (tmp_path / "backup.json").stat().st_mode & 0o777 == 0o600
    fresh = UserStore(tmp_path / "b")
    doc = user_export.read_file(tmp_path / "backup.json")
    assert user_export.import_doc(fresh, doc, "backup.json") == (1, 13)
    assert user_export.import_doc(fresh, doc, "backup.json") == (0, 0)  # twice: no change
    new_pid = fresh.person_named(SECRET).id
    assert fresh.heat(new_pid) == store.heat(pid)
    assert [p.tenderness for p in fresh.trend(new_pid, "left.sole.heel")] == [
        w % 4 for w in range(12)
    ]
    assert fresh.note("left.sole.heel") == "my note" and fresh.is_favourite("left.sole.heel")
    assert len(fresh.sessions(1)) == 1  # "Me" matched by name


def test_a_bad_backup_is_refused_whole_naming_file_and_place(tmp_path: Path) -> None:
    store, _ = practice(tmp_path / "a")
    doc = user_export.export_doc(store)
    doc["people"][1]["sessions"][3]["date"] = "9999-12-31T23:00:00+14:00"
    doc["people"][1]["sessions"][4]["marks"][0]["tenderness"] = 7
    fresh = UserStore(tmp_path / "b")
    with pytest.raises(user_export.ImportError_) as err:
        user_export.import_doc(fresh, doc, "b.json")
    assert err.value.problems == [
        "b.json: people[1].sessions[3]: date: year 9999 is outside what reflexmap can show "
        "(1900 to 2999)",
        "b.json: people[1].sessions[4].marks[0]: tenderness: expected 0 to 3, not 7",
    ]
    assert fresh.journal == [] and len(fresh.people) == 1  # nothing at all was written


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_could_run_as_formulas_are_neutralised(tmp_path: Path, start: str) -> None:
    store = UserStore(tmp_path)
    evil = f'{start}HYPERLINK("http://x","y")'
    person = store.add_person(evil)
    entry = store.add_entry(evil, 60, person_id=person.id, note=evil, giver=evil)
    store.set_mark(entry.id, Mark(zone_id="z", tenderness=1, note=evil))
    rows = list(csv.reader(io.StringIO(user_export.csv_text(store, person.id, {evil: evil}))))
    header, row = rows
    for column in ("routine_id", "routine", "giver", "session_note", "mark_note"):
        assert row[header.index(column)] == "'" + evil, column
    for cell in row:  # the name (stripped of a leading tab or CR) too
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert row[header.index("tenderness")] == "1"


def test_deleting_a_person_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    store, pid = practice(tmp_path)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def files_hold(text: str) -> bool:
        return any(text.encode() in f.read_bytes() for f in tmp_path.glob(f"{DB_NAME}*"))

    assert files_hold(SECRET)  # the search does find the name while it is there
    store.delete_person(pid)
    assert store.person(pid) is None and [e.note for e in store.journal] == ["my own session"]
    assert not files_hold(SECRET) and not files_hold("felt calm")
    store.close()
    assert not files_hold(SECRET)
    again = UserStore(tmp_path)
    assert [p.name for p in again.people] == ["Me"] and again.check() == []


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, XDG_DATA_HOME=str(home), PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run(
        [sys.executable, "-m", "reflexmap", "data", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    practice(home / "reflexmap")[0].close()
    out = run_cli("export", str(tmp_path / "all.json"), home=home)
    assert out.returncode == 0, out.stderr
    one = run_cli("export", str(tmp_path / "one.csv"), "--person", SECRET.lower(), home=home)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "one.csv").read_text().count(SECRET) == 24 * 2 + 12  # 24 rows: name, note
    check = run_cli("check", home=home)
    assert check.returncode == 0 and "ok; 2 person(s), 13 session(s), 24 mark(s)" in check.stdout
    refused = run_cli("delete", "--person", SECRET, home=home)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    gone = run_cli("delete", "--person", SECRET, "--yes", home=home)
    assert gone.returncode == 0, gone.stderr
    assert "2 person(s)" not in run_cli("check", home=home).stdout
    back = run_cli("import", str(tmp_path / "all.json"), home=home)
    assert back.returncode == 0 and "1 new person(s) and 12 new session(s)" in back.stdout
    (tmp_path / "broken.json").write_text('{"format": "reflexmap-data", "format_ver')
    bad = run_cli("import", str(tmp_path / "broken.json"), home=home)
    assert bad.returncode == 1 and "broken.json: not JSON (line 1" in bad.stderr
    assert "Traceback" not in bad.stderr
    doc = json.loads((tmp_path / "all.json").read_text())
    assert doc["format"] == "reflexmap-data" and len(doc["people"]) == 2
    unknown = run_cli("export", str(tmp_path / "x.csv"), "--person", "Nobody", home=home)
    assert unknown.returncode == 1 and "no person called 'Nobody'" in unknown.stderr


def test_a_delete_while_another_process_reads_is_wiped_when_it_is_done(tmp_path: Path) -> None:
    import sqlite3

    store, pid = practice(tmp_path)
    store.conn.execute("PRAGMA busy_timeout = 200")
    reader = sqlite3.connect(tmp_path / DB_NAME)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sessions").fetchone()  # holds its snapshot
    with pytest.raises(OSError, match="another reflexmap is reading"):
        store.delete_person(pid)
    assert store.person(pid) is None  # deleted; only the wiping waits
    assert store.has_pending() and not store.retry_pending()
    reader.rollback()
    reader.close()
    assert store.retry_pending() and not store.has_pending()
    assert not any(SECRET.encode() in f.read_bytes() for f in tmp_path.glob(f"{DB_NAME}*"))
