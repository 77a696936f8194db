"""The journal and note records without Pydantic: the same rules, the same JSON.

The samples below are byte for byte what the Pydantic models (reflexmap before the records)
wrote through `UserStore._save`; a file written by either version must read the same in
both, and rewriting it must not change a byte.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from reflexmap.core.user_store import (
    NOTE_LIMIT,
    SESSION_NOTE_LIMIT,
    JournalEntry,
    UserStore,
    ZoneNote,
)

PYDANTIC_JOURNAL = (
    '{\n "schema_version": 2,\n "entries": [\n  {\n'
    '   "id": "0f3c2a9d8e7b4c1a9e2d3f4a5b6c7d8e",\n   "date": "2026-11-22T05:00:00Z",\n'
    '   "sequence_id": "seq_001",\n   "duration_s": 615.5,\n   "tension_before": 7,\n'
    '   "tension_after": 3,\n   "note": "calm, warm feet — «ça va»"\n  },\n  {\n'
    '   "id": "legacy-1",\n   "date": "2024-01-01T00:00:00",\n   "sequence_id": "seq_002",\n'
    '   "duration_s": 60.0,\n   "tension_before": null,\n   "tension_after": null,\n'
    '   "note": ""\n  },\n  {\n   "id": "b2",\n'
    '   "date": "2025-03-30T01:30:15.250000+02:00",\n   "sequence_id": "seq_003",\n'
    '   "duration_s": 0.0,\n   "tension_before": 0,\n   "tension_after": 10,\n'
    '   "note": ""\n  }\n ]\n}\n'
)

PYDANTIC_NOTES = (
    '{\n "schema_version": 2,\n "notes": {\n  "left.sole.heart": {\n'
    '   "text": "tender after running\\nline 2",\n'
    '   "updated": "2026-11-22T05:00:00.123456Z"\n  },\n  "right.sole.lung": {\n'
    '   "text": "old note, never dated",\n   "updated": null\n  }\n }\n}\n'
)

PLUS_TWO = timezone(timedelta(hours=2))
GOOD_ENTRY: dict[str, Any] = {
    "id": "a",
    "date": "2026-11-22T05:00:00Z",
    "sequence_id": "s",
    "duration_s": 1,
}


def test_a_file_written_by_the_pydantic_models_reads_the_same(tmp_path: Path) -> None:
    (tmp_path / "journal.json").write_text(PYDANTIC_JOURNAL, encoding="utf-8")
    (tmp_path / "notes.json").write_text(PYDANTIC_NOTES, encoding="utf-8")
    store = UserStore(tmp_path)
    assert store.recovered == []
    in_file_order = ["0f3c2a9d8e7b4c1a9e2d3f4a5b6c7d8e", "legacy-1", "b2"]
    journal = sorted(store.journal, key=lambda e: in_file_order.index(e.id))
    assert journal == [
        JournalEntry(
            id="0f3c2a9d8e7b4c1a9e2d3f4a5b6c7d8e",
            date=datetime(2026, 11, 22, 5, 0, tzinfo=UTC),
            sequence_id="seq_001",
            duration_s=615.5,
            tension_before=7,
            tension_after=3,
            note="calm, warm feet — «ça va»",
        ),
        JournalEntry(
            id="legacy-1", date=datetime(2024, 1, 1), sequence_id="seq_002", duration_s=60.0
        ),
        JournalEntry(
            id="b2",
            date=datetime(2025, 3, 30, 1, 30, 15, 250000, tzinfo=PLUS_TWO),
            sequence_id="seq_003",
            duration_s=0.0,
            tension_before=0,
            tension_after=10,
        ),
    ]
    first, naive, plus_two = (e.date for e in journal)
    assert first.utcoffset() == timedelta(0) and naive.tzinfo is None  # as Pydantic read them
    assert plus_two.utcoffset() == timedelta(hours=2)
    assert all(isinstance(e.duration_s, float) for e in store.journal)
    assert store.notes == {
        "left.sole.heart": ZoneNote(
            text="tender after running\nline 2",
            updated=datetime(2026, 11, 22, 5, 0, 0, 123456, tzinfo=UTC),
        ),
        "right.sole.lung": ZoneNote(text="old note, never dated"),
    }
    # imported into the database once; the files are kept, not a byte changed
    assert not (tmp_path / "journal.json").exists()
    assert (tmp_path / "journal.json.imported").read_text(encoding="utf-8") == PYDANTIC_JOURNAL
    assert (tmp_path / "notes.json.imported").read_text(encoding="utf-8") == PYDANTIC_NOTES
    assert "imported" in store.take_notices()[0]
    again = UserStore(tmp_path)
    assert again.notices == [] and sorted(again.journal, key=lambda e: e.id) == sorted(
        store.journal, key=lambda e: e.id
    )
    assert again.notes == store.notes


def test_dump_then_load_round_trips(tmp_path: Path) -> None:
    entries = [
        JournalEntry(
            id="u",
            date=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            sequence_id="seq_001",
            duration_s=615.5,
            tension_before=7,
            tension_after=3,
            note="calm",
        ),
        JournalEntry(id="n", date=datetime(2024, 1, 1), sequence_id="s", duration_s=0),
        JournalEntry(
            id="o",
            date=datetime(
                2025, 3, 30, 1, 30, 15, 250000, tzinfo=timezone(timedelta(hours=-5, minutes=-30))
            ),
            sequence_id="s",
            duration_s=7 * 24 * 3600,
            note="é" * SESSION_NOTE_LIMIT,
        ),
    ]
    for entry in entries:
        dumped = entry.to_json()
        assert json.loads(json.dumps(dumped)) == dumped
        assert JournalEntry.from_json(dumped) == entry
        assert list(dumped) == [
            "id",
            "date",
            "sequence_id",
            "duration_s",
            "tension_before",
            "tension_after",
            "note",
        ]
    assert [e.to_json()["date"] for e in entries] == [
        "2026-01-02T03:04:05Z",
        "2024-01-01T00:00:00",
        "2025-03-30T01:30:15.250000-05:30",
    ]
    assert entries[1].to_json()["duration_s"] == 0.0  # an int is stored as a float
    for note in (ZoneNote(text="t"), ZoneNote(text="x" * NOTE_LIMIT, updated=datetime.now(UTC))):
        assert list(note.to_json()) == ["text", "updated"]
        assert ZoneNote.from_json(json.loads(json.dumps(note.to_json()))) == note
    store = UserStore(tmp_path)
    store.set_note("z", "kept")
    made = store.add_entry("seq_001", 61.25, tension_before=1, tension_after=0, note="n")
    again = UserStore(tmp_path)
    assert again.journal == [made] and again.notes == store.notes
    assert again.notes["z"].updated is not None and again.notes["z"].updated.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22T05:00:00Z", datetime(2026, 11, 22, 5, tzinfo=UTC)),
        ("2026-11-22T05:00:00+00:00", datetime(2026, 11, 22, 5, tzinfo=UTC)),
        ("2026-11-22T05:00:00-00:00", datetime(2026, 11, 22, 5, tzinfo=UTC)),
        ("2026-11-22t05:00:00z", datetime(2026, 11, 22, 5, tzinfo=UTC)),
        ("2026-11-22 05:00:00", datetime(2026, 11, 22, 5)),
        ("2026-11-22T05:00", datetime(2026, 11, 22, 5)),
        ("2026-11-22", datetime(2026, 11, 22)),
        ("2026-11-22T05:00:00.5+0200", datetime(2026, 11, 22, 5, 0, 0, 500000, tzinfo=PLUS_TWO)),
        ("2026-11-22T05:00:00,1234567Z", datetime(2026, 11, 22, 5, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_date_strings_pydantic_accepted(text: str, expected: datetime) -> None:
    date = JournalEntry.from_json({**GOOD_ENTRY, "date": text}).date
    assert date == expected and date.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "field_value",
    [
        ("extra", 1),
        ("id", ""),
        ("id", "x" * 201),
        ("id", 5),
        ("id", None),
        ("sequence_id", ""),
        ("sequence_id", "x" * 201),
        ("sequence_id", ["s"]),
        ("date", None),
        ("date", ""),
        ("date", "yesterday"),
        ("date", "2026-11-22T05"),
        ("date", "2026-11-22T05:00:00+01"),
        ("date", "20261122T050000Z"),
        ("date", "2026-W47-1"),
        ("date", "2026-02-30T00:00:00"),
        ("date", "2026-12-31T23:59:60Z"),
        ("date", "2026-11-22T24:00:00"),
        ("date", "2026-11-22T05:00:00+24:00"),
        ("date", "2026-11-22T05:00:00Z\n"),
        ("date", " 2026-11-22T05:00:00Z"),
        ("date", "２０２６-11-22T05:00:00"),
        ("date", "0000-01-01T00:00:00"),
        ("date", 1_700_000_000),
        ("duration_s", -0.001),
        ("duration_s", 7 * 24 * 3600 + 0.5),
        ("duration_s", float("nan")),
        ("duration_s", 10**400),
        ("duration_s", True),
        ("duration_s", "60"),
        ("duration_s", None),
        ("tension_before", -1),
        ("tension_before", 11),
        ("tension_before", 5.5),
        ("tension_before", True),
        ("tension_after", "5"),
        ("note", None),
        ("note", "x" * (SESSION_NOTE_LIMIT + 1)),
    ],
)
def test_a_bad_entry_is_refused(field_value: tuple[str, Any]) -> None:
    field, value = field_value
    with pytest.raises(ValueError, match=field if field != "extra" else "unknown"):
        JournalEntry.from_json({**GOOD_ENTRY, field: value})


@pytest.mark.parametrize(
    "value",
    [
        "a note",
        None,
        5,
        [],
        {"updated": None},
        {"text": None},
        {"text": "t", "extra": 1},
        {"text": "x" * (NOTE_LIMIT + 1)},
        {"text": "t", "updated": "never"},
        {"text": "t", "updated": 0},
    ],
)
def test_a_bad_note_is_refused(value: object) -> None:
    with pytest.raises(ValueError):
        ZoneNote.from_json(value)


@pytest.mark.parametrize("field", ["id", "date", "sequence_id", "duration_s"])
def test_an_entry_without_a_required_field_is_refused(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        JournalEntry.from_json({k: v for k, v in GOOD_ENTRY.items() if k != field})


def test_the_limits_themselves_are_allowed() -> None:
    entry = JournalEntry.from_json(
        {
            **GOOD_ENTRY,
            "id": "i" * 200,
            "sequence_id": "é" * 200,
            "duration_s": 7 * 24 * 3600,
            "tension_before": 0,
            "tension_after": 10,
            "note": "n" * SESSION_NOTE_LIMIT,
        }
    )
    assert entry.duration_s == 604800.0 and entry.tension_after == 10
    assert ZoneNote.from_json({"text": "x" * NOTE_LIMIT}).updated is None


def test_the_app_cannot_build_a_bad_record(tmp_path: Path) -> None:
    """The constructors check what the app hands them; user_data.py's `writing()` turns
    the ValueError into a 'Not saved: at most N characters' banner."""
    now = datetime.now(UTC)
    with pytest.raises(ValueError, match="text"):
        ZoneNote(text="x" * (NOTE_LIMIT + 1), updated=now)
    with pytest.raises(ValueError, match="note"):
        JournalEntry(
            id="i", date=now, sequence_id="s", duration_s=1, note="x" * (SESSION_NOTE_LIMIT + 1)
        )
    with pytest.raises(ValueError, match="date"):
        JournalEntry(id="i", date="2026-11-22", sequence_id="s", duration_s=1)
    store = UserStore(tmp_path)
    with pytest.raises(ValueError):
        store.set_note("z", "x" * (NOTE_LIMIT + 1))
    with pytest.raises(ValueError):
        store.add_entry("seq_001", 10, tension_after=11)
    with pytest.raises(ValueError):
        store.add_entry("", 10)
    assert store.notes == {} and store.journal == [] and not store.has_pending()
    assert UserStore(tmp_path).notes == {} and UserStore(tmp_path).journal == []


def test_records_are_frozen_and_keyword_only() -> None:
    note = ZoneNote(text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.text = "changed"
    with pytest.raises(TypeError):
        ZoneNote("t")
    assert hash(note) == hash(ZoneNote(text="t"))


def test_invalid_notes_are_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text(
        json.dumps(
            {
                "schema_version": 2,
                "notes": {
                    "a": {"text": "kept", "updated": None},
                    "b": {"text": "x" * (NOTE_LIMIT + 1), "updated": None},
                    "c": {"text": "t", "updated": "2026-13-01T00:00:00Z"},
                },
            }
        )
    )
    store = UserStore(tmp_path)
    assert store.notes == {"a": ZoneNote(text="kept")}
    assert "2 of 3" in store.recovered[0] and "notes.json" in store.recovered[0]
    assert UserStore(tmp_path).recovered == []  # imported once: the next start is clean


def test_reading_the_store_does_not_import_pydantic() -> None:
    code = "import sys, reflexmap.core.user_store; print('pydantic' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"
