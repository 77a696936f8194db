"""Saved sessions: kept across stores, bad entries dropped, a broken file set aside.

Mutation checked: `_change` not re-reading before it writes: the second store's save
loses the first store's session (test_two_stores_keep_both)."""

from __future__ import annotations

import json

import pytest

from reflexmap.core.my_sessions import MySessions
from reflexmap.core.user_store import UserStore


def test_save_rename_delete_survive_a_new_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
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


def test_two_stores_keep_both(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b = MySessions(UserStore(tmp_path)), MySessions(UserStore(tmp_path))
    a.save("One", query="sleep")
    b.save("Two", zones=("left.sole.thyroid",))
    assert [s.name for s in MySessions(UserStore(tmp_path)).sessions] == ["One", "Two"]


def test_bad_entries_are_dropped_and_a_broken_file_set_aside(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "my_sessions.json"
    good = {"id": "a1", "name": "Ok", "query": "sleep", "zones": [], "minutes": 10}
    bad = [{"id": "../x", "name": "x", "query": "q"}, {"id": "b", "name": "", "query": "q"}, 7]
    path.write_text(json.dumps({"schema_version": 2, "sessions": [good, *bad]}))
    assert [s.name for s in MySessions(UserStore(tmp_path)).sessions] == ["Ok"]
    path.write_text("{not json")
    store = UserStore(tmp_path)
    assert MySessions(store).sessions == []
    assert any("my_sessions.json" in m for m in store.take_recovered())
    assert list(tmp_path.glob("my_sessions.json.bak-*"))
