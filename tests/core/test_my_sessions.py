"""Saved sessions in the user's database: kept across stores, two writers keep both, a
row another tool broke is skipped, an old database gets the table by migration.

Mutation checked: `save`'s db part not run (memory only): the new store sees nothing
(test_save_rename_delete_survive_a_new_store fails)."""

from __future__ import annotations

import sqlite3

import pytest

from reflexmap.core.my_sessions import MySessions
from reflexmap.core.user_db import DB_NAME
from reflexmap.core.user_store import UserStore


def test_save_rename_delete_survive_a_new_store(tmp_path) -> None:
    mine = MySessions(UserStore(tmp_path))
    saved = mine.save("Sleep", query="sleep", minutes=12)
    mine.rename(saved.id, "Before bed")
    again = MySessions(UserStore(tmp_path))
    assert [(s.name, s.query, s.minutes) for s in again.sessions] == [("Before bed", "sleep", 12.0)]
    again.delete(saved.id)
    assert MySessions(UserStore(tmp_path)).sessions == []
    with pytest.raises(ValueError):
        mine.save("Nothing asked")
    with pytest.raises(ValueError):
        mine.rename(saved.id, "  ")


def test_two_stores_keep_both(tmp_path) -> None:
    a, b = MySessions(UserStore(tmp_path)), MySessions(UserStore(tmp_path))
    a.save("One", query="sleep")
    b.save("Two", zones=("left.sole.thyroid",))
    assert [s.name for s in MySessions(UserStore(tmp_path)).sessions] == ["One", "Two"]
    assert [s.zones for s in a.sessions] == [(), ("left.sole.thyroid",)]


def test_a_broken_row_is_skipped(tmp_path) -> None:
    MySessions(UserStore(tmp_path)).save("Ok", query="sleep")
    conn = sqlite3.connect(tmp_path / DB_NAME)
    with conn:
        conn.execute(
            "INSERT INTO built_sessions(id, name, query, zones, minutes) VALUES (?,?,?,?,?)",
            ("../x", "bad", "q", "[]", 10),
        )
        conn.execute(
            "INSERT INTO built_sessions(id, name, query, zones, minutes) VALUES (?,?,?,?,?)",
            ("b2", "bad", "q", "not json", 10),
        )
    conn.close()
    assert [s.name for s in MySessions(UserStore(tmp_path)).sessions] == ["Ok"]


def test_a_version_1_database_gets_the_table(tmp_path) -> None:
    UserStore(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    with conn:
        conn.execute("DROP TABLE built_sessions")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    mine = MySessions(UserStore(tmp_path))
    assert mine.sessions == []
    mine.save("After the upgrade", query="sleep")
    assert [s.name for s in MySessions(UserStore(tmp_path)).sessions] == ["After the upgrade"]


def test_the_backup_carries_my_sessions(tmp_path) -> None:
    from reflexmap.core.user_export import export_doc, import_doc

    MySessions(UserStore(tmp_path / "a")).save("Sleep", query="sleep", minutes=12)
    doc = export_doc(UserStore(tmp_path / "a"))
    assert [s["name"] for s in doc["my_sessions"]] == ["Sleep"]
    other = UserStore(tmp_path / "b")
    import_doc(other, doc, "backup.json")
    import_doc(other, doc, "backup.json")  # twice: not doubled
    assert [(s.name, s.minutes) for s in MySessions(other).sessions] == [("Sleep", 12.0)]
