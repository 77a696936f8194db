"""Two processes on one database (issues 17 and 30): every save either reports is there.

Before the lock and the merge, each process loaded the store once and rewrote whole
files: of 100 notes and 100 journal entries each reported saved, 50 and 50 survived. Now
each change is one SQLite transaction; two processes making 500 changes each at the same
moment lose none.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflexmap.core.user_store import UserStore

WRITES = 500

WRITER = """
import sys, time
from pathlib import Path
from reflexmap.core.user_store import Mark, UserStore

folder, name, start, writes = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
store = UserStore(folder)
while time.time() < start:  # both begin at the same moment
    time.sleep(0.001)
entry = None
for i in range(writes):
    kind = i % 4
    if kind == 0:
        store.set_note(f"left.sole.{name}_{i}", f"note {i} from {name}")
    elif kind == 1:
        entry = store.add_entry(f"seq_{name}", 60 + i, note=f"{name} {i}")
    elif kind == 2:
        store.set_mark(entry.id, Mark(zone_id=f"zone_{name}_{i}", tenderness=i % 4))
    else:
        store.set_favourite(f"fav_{name}_{i}", True)
    if i == 250:  # a third instance starting in the middle must not disturb the writers
        UserStore(folder).close()
print("ok")
"""


@pytest.mark.slow
def test_two_processes_lose_nothing(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    start = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, str(start), str(WRITES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    store = UserStore(tmp_path)
    per_kind = WRITES // 4
    assert len(store.notes) == 2 * per_kind
    assert len(store.journal) == 2 * per_kind
    assert len({e.id for e in store.journal}) == 2 * per_kind
    assert len(store.favourite_zones) == 2 * per_kind
    marks = sum(len(store.marks(e.id)) for e in store.journal)
    assert marks == 2 * per_kind
    assert store.check() == []


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
