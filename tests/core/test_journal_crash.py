"""Kill -9 in the middle of saving the journal, 200 times: no committed entry is ever lost.

A launcher process imports the store once and forks one writer per round (a fresh process
each time, started in milliseconds); the writer appends entries in a loop and prints each
entry's id to stdout once its save returned. The test kills the writer with SIGKILL at a
random moment, then loads the journal and checks every printed id is there and the file
never needed recovering.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflexmap.core.user_store import UserStore

ROUNDS = 200

LAUNCHER = r"""
import os, sys
from pathlib import Path
from reflexmap.core.user_store import UserStore

folder = Path(sys.argv[1])
out = sys.stdout.fileno()
os.write(out, b"ready\n")
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            store = UserStore(folder)
            os.write(out, f"start {os.getpid()} {len(store.journal)}\n".encode())
            n = 0
            while True:
                n += 1
                entry = store.add_entry("seq_crash", n, tension_before=n % 11, note="x" * (n % 50))
                os.write(out, f"id {entry.id}\n".encode())
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    os.write(out, b"done\n")
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_kill_during_save_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(7)
    folder = tmp_path / "data"
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(folder)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                bufsize=1)
    assert launcher.stdin is not None and launcher.stdout is not None
    committed: set[str] = set()
    killed_after: list[int] = []
    mid_write = 0
    started = time.monotonic()
    try:
        assert launcher.stdout.readline() == "ready\n"
        for rnd in range(ROUNDS):
            if rnd % 50 == 0 and rnd:  # keep the file small enough for quick rounds
                for f in folder.iterdir():
                    f.unlink()
                committed.clear()
            launcher.stdin.write("go\n")
            launcher.stdin.flush()
            start = launcher.stdout.readline().split()
            assert start[0] == "start", start
            time.sleep(rng.uniform(0.0, 0.04))
            os.kill(int(start[1]), signal.SIGKILL)
            count = 0
            for line in iter(launcher.stdout.readline, ""):
                if line == "done\n":
                    break
                kind, _, ident = line.strip().partition(" ")
                assert kind == "id", line
                committed.add(ident)
                count += 1
            killed_after.append(count)
            mid_write += any(folder.glob(".journal.json.*.tmp"))  # the kill hit a write
            store = UserStore(folder, read_only=True)
            assert store.recovered == [], store.recovered
            assert committed <= {e.id for e in store.journal}
    finally:
        launcher.kill()
        launcher.wait()
    elapsed = time.monotonic() - started
    sys.stderr.write(f"journal crash test: {ROUNDS} kills, {sum(killed_after)} commits, "
                     f"{mid_write} kills in the middle of a write, {elapsed:.1f} s\n")
    assert mid_write >= ROUNDS // 10  # kills really landed inside a save (49-89 seen)
