"""Kill -9 at random moments while the journal is being written, 200 times: the database
stays sound (`PRAGMA integrity_check` is ok) and every entry whose save returned is there.

A launcher process imports the store once and forks one writer per round (a fresh process
each time, started in milliseconds). The writer adds entries with marks in a loop and
prints each entry's id once its save returned; the test kills it with SIGKILL after a
random number of saves plus a random delay, so the kill lands anywhere: inside SQLite's
write of the log, its fsync, between two saves, or while the store opens.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflexmap.core.user_db import DB_NAME
from reflexmap.core.user_store import UserStore

ROUNDS = 200
SEED = int(os.environ.get("JOURNAL_CRASH_SEED", "7"))

LAUNCHER = r"""
import os, sys
from pathlib import Path
from reflexmap.core.user_store import Mark, UserStore

folder = Path(sys.argv[1])
out = sys.stdout.fileno()


def say(text):
    os.write(out, (text + "\n").encode())


say("ready")
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            say(f"start {os.getpid()}")
            store = UserStore(folder)
            n = 0
            while True:
                n += 1
                entry = store.add_entry("seq_crash", n, tension_before=n % 11, note="x" * (n % 50))
                store.set_mark(entry.id, Mark(zone_id=f"zone_{n % 7}", tenderness=n % 4))
                say(f"id {entry.id}")
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    say("done")
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_kill_at_random_moments_loses_no_saved_entry(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    sys.stderr.write(f"journal crash test: seed {SEED} (JOURNAL_CRASH_SEED replays it)\n")
    folder = tmp_path / "data"
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert launcher.stdin is not None and launcher.stdout is not None
    committed: set[str] = set()
    commits = 0
    started = time.monotonic()
    try:
        assert launcher.stdout.readline() == "ready\n"
        for rnd in range(ROUNDS):
            launcher.stdin.write("go\n")
            launcher.stdin.flush()
            saves_before_kill = rng.randint(0, 3)
            delay = rng.random() * 0.004
            pid = None
            seen = 0
            for line in iter(launcher.stdout.readline, ""):
                kind, *rest = line.split()
                if kind == "start":
                    pid = int(rest[0])
                    if saves_before_kill == 0:
                        time.sleep(delay)
                        os.kill(pid, signal.SIGKILL)
                elif kind == "id":
                    committed.add(rest[0])
                    commits += 1
                    seen += 1
                    if seen == saves_before_kill:
                        assert pid is not None
                        time.sleep(delay)
                        os.kill(pid, signal.SIGKILL)
                elif kind == "done":
                    break
            conn = sqlite3.connect(folder / DB_NAME)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], rnd
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            finally:
                conn.close()
            store = UserStore(folder)
            assert store.recovered == [], store.recovered
            missing = committed - {e.id for e in store.journal}
            store.close()
            assert not missing, f"round {rnd}: lost {len(missing)} saved entries"
    finally:
        launcher.kill()
        launcher.wait()
    elapsed = time.monotonic() - started
    sys.stderr.write(
        f"journal crash test: {ROUNDS} kills, {commits} saves reported, all present, "
        f"{elapsed:.1f} s\n"
    )
    assert commits >= ROUNDS  # the kills did land among saves, not only before them
