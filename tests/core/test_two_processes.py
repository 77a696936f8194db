"""Two processes on one data folder: every save either reports is on disk.

Before the lock and the merge, each process loaded the store once and rewrote whole
files: of 100 notes and 100 journal entries each reported saved, 50 and 50 survived, and a
starting process deleted the other's temp files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflexmap.core.user_store import UserStore

WRITER = """
import sys, time
from pathlib import Path
from reflexmap.core.user_store import UserStore

folder, name, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
store = UserStore(folder)
while time.time() < start:  # both begin at the same moment
    time.sleep(0.001)
for i in range(100):
    store.set_note(f"left.sole.{name}_{i}", f"note {i} from {name}")
    store.add_entry(f"seq_{name}", 60 + i, note=f"{name} {i}")
    if i == 50:  # a third instance starting in the middle must not disturb the writers
        UserStore(folder)
print("ok")
"""


@pytest.mark.slow
def test_two_processes_lose_nothing(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    start = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    notes = json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))["notes"]
    journal = json.loads((tmp_path / "journal.json").read_text(encoding="utf-8"))["entries"]
    assert len(notes) == 200
    assert len(journal) == 200
    assert len({e["id"] for e in journal}) == 200
    assert not list(tmp_path.glob(".*.tmp"))
    store = UserStore(tmp_path)
    assert len(store.notes) == 200 and len(store.journal) == 200


def test_a_save_merges_what_another_store_wrote(tmp_path: Path) -> None:
    first, second = UserStore(tmp_path), UserStore(tmp_path)
    first.set_note("left.sole.heel", "from the first")
    second.set_note("left.sole.arch", "from the second")  # second never loaded the first's
    first.add_entry("seq_a", 60)
    second.add_entry("seq_b", 60)
    second.set_favourite("left.sole.heel", True)
    first.set_favourite("left.sole.arch", True)
    again = UserStore(tmp_path)
    assert again.note("left.sole.heel") == "from the first"
    assert again.note("left.sole.arch") == "from the second"
    assert sorted(e.sequence_id for e in again.journal) == ["seq_a", "seq_b"]
    assert sorted(again.favourite_zones) == ["left.sole.arch", "left.sole.heel"]
    # the next note saved by the first store brings in what the second wrote
    first.set_note("left.sole.toe", "another")
    assert first.note("left.sole.arch") == "from the second"


def test_a_starting_store_keeps_another_writers_temp_file(tmp_path: Path) -> None:
    tmp = tmp_path / ".notes.json.12345.abcd.tmp"
    tmp.write_text("{}", encoding="utf-8")
    UserStore(tmp_path)
    assert tmp.exists()  # fresh: another process may be writing it
    old = time.time() - 3600
    os.utime(tmp, (old, old))
    UserStore(tmp_path)
    assert not tmp.exists()  # an hour old: its writer died


def test_a_failed_save_stays_pending_and_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflexmap.core import user_store

    store = UserStore(tmp_path)
    real = user_store.atomic_write

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(user_store, "atomic_write", full_disk)
    with pytest.raises(OSError):
        store.set_note("left.sole.heel", "typed on a full disk")
    assert store.note("left.sole.heel") == "typed on a full disk"  # still in memory
    assert store.has_pending()
    assert not store.retry_pending()
    monkeypatch.setattr(user_store, "atomic_write", real)
    assert store.retry_pending()
    assert not store.has_pending()
    assert UserStore(tmp_path).note("left.sole.heel") == "typed on a full disk"


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_as_data_file_is_set_aside(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "notes.json")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from reflexmap.core.user_store import UserStore;"
            "s = UserStore(sys.argv[1]); print(s.recovered)",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=20,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
    )
    assert run.returncode == 0, run.stderr
    assert "not a regular file" in run.stdout
