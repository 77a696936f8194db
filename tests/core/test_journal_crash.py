"""Kill -9 in the middle of saving the journal, 200 times: no committed entry is ever lost,
and every save follows the durable protocol (fsync the data, rename, fsync the folder).

A launcher process imports the store once and forks one writer per round (a fresh process
each time, started in milliseconds). The writer appends entries in a loop and prints each
entry's id once its save returned. It also reports every `os.fsync` and `os.replace` it
makes, and at the step of the save the test asked for (before the data's fsync, between
the fsync and the rename, between the rename and the folder's fsync) it stops and says so:
the test kills it right there. So every one of the 200 kills lands inside a save, by
construction, whatever the speed of the disk.

Why the protocol check: SIGKILL cannot show a missing fsync (the kernel still holds the
written pages; only a power cut loses them), so the test checks the order of the calls
instead: a save whose data was never fsynced before its rename, or whose folder was never
fsynced after it, fails the test.
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
SEED = int(os.environ.get("JOURNAL_CRASH_SEED", "7"))
STAGES = ("before-fsync", "before-replace", "before-dir-fsync")

LAUNCHER = r"""
import os, sys, time
from pathlib import Path
from reflexmap.core.user_store import UserStore

folder = Path(sys.argv[1])
out = sys.stdout.fileno()
real_fsync, real_replace = os.fsync, os.replace


def say(text):
    os.write(out, (text + "\n").encode())


os.write(out, b"ready\n")
for line in sys.stdin:
    _, stage, nth = line.split()
    nth = int(nth)
    pid = os.fork()
    if pid == 0:
        try:
            saves = [0]

            def stop_if(here):
                if here == stage and saves[0] == nth:
                    say("paused " + here)
                    time.sleep(60)  # the test kills us here

            def fsync(fd):
                target = os.readlink(f"/proc/self/fd/{fd}")
                if os.path.isdir(target):
                    stop_if("before-dir-fsync")
                    real_fsync(fd)
                    say("fsync-dir " + target)
                else:
                    saves[0] += 1
                    stop_if("before-fsync")
                    real_fsync(fd)
                    say("fsync " + target)

            def replace(src, dst, **kw):
                stop_if("before-replace")
                real_replace(src, dst, **kw)
                say(f"replace {src} {dst}")

            os.fsync, os.replace = fsync, replace
            store = UserStore(folder)
            say(f"start {os.getpid()} {len(store.journal)}")
            n = 0
            while True:
                n += 1
                entry = store.add_entry("seq_crash", n, tension_before=n % 11, note="x" * (n % 50))
                say(f"id {entry.id}")
                if n > nth + 8:  # the save never reached the step the test waits for
                    say("missed " + stage)
                    break
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    say("done")
"""


def check_protocol(ops: list[tuple[str, ...]], folder: Path) -> list[str]:
    """Every rename of a journal file was preceded by an fsync of the renamed file, and
    every save that returned (an `id` line) was followed by an fsync of the folder."""
    folder = folder.resolve()
    errors: list[str] = []
    synced: set[str] = set()
    pending_dir = False
    for op in ops:
        if op[0] == "fsync":
            synced.add(op[1])
        elif op[0] == "replace":
            if op[1] not in synced:
                errors.append(f"renamed {op[1]} -> {op[2]} without an fsync of its data")
            pending_dir = Path(op[2]).resolve().parent == folder
        elif op[0] == "fsync-dir" and Path(op[1]).resolve() == folder:
            pending_dir = False
        elif op[0] == "id" and pending_dir:
            errors.append("a save returned before the folder was fsynced after its rename")
    return errors


@pytest.mark.slow
@pytest.mark.skipif(
    not hasattr(os, "fork") or not Path("/proc/self/fd").is_dir(),
    reason="needs fork, SIGKILL and /proc (Linux)",
)
def test_kill_during_save_loses_nothing(tmp_path: Path) -> None:
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
    killed_at: dict[str, int] = dict.fromkeys(STAGES, 0)
    commits = 0
    protocol_errors: list[str] = []
    started = time.monotonic()
    try:
        assert launcher.stdout.readline() == "ready\n"
        for rnd in range(ROUNDS):
            if rnd % 50 == 0 and rnd:  # keep the file small enough for quick rounds
                for f in folder.iterdir():
                    f.unlink()
                committed.clear()
            stage = STAGES[rnd % len(STAGES)]
            launcher.stdin.write(f"go {stage} {rng.randint(1, 4)}\n")
            launcher.stdin.flush()
            ops: list[tuple[str, ...]] = []
            pid = None
            for line in iter(launcher.stdout.readline, ""):
                kind, *rest = line.split()
                if kind == "start":
                    pid = int(rest[0])
                elif kind == "paused":
                    assert pid is not None and rest == [stage], line
                    os.kill(pid, signal.SIGKILL)
                    killed_at[stage] += 1
                elif kind == "missed":
                    protocol_errors.append(f"no save reached {rest[0]} (no such step?)")
                elif kind == "done":
                    break
                else:
                    assert kind in ("id", "fsync", "fsync-dir", "replace"), line
                    ops.append((kind, *rest))
                    if kind == "id":
                        committed.add(rest[0])
                        commits += 1
            protocol_errors += check_protocol(ops, folder)
            store = UserStore(folder, read_only=True)
            assert store.recovered == [], store.recovered
            missing = committed - {e.id for e in store.journal}
            assert not missing, f"round {rnd}, killed {stage}: lost {len(missing)} entries"
    finally:
        launcher.kill()
        launcher.wait()
    elapsed = time.monotonic() - started
    sys.stderr.write(
        f"journal crash test: {ROUNDS} kills inside a save {killed_at}, "
        f"{commits} commits, {elapsed:.1f} s\n"
    )
    assert sum(killed_at.values()) == ROUNDS  # every kill landed inside a save
    assert protocol_errors == [], protocol_errors[:5]


def test_the_protocol_check_catches_a_missing_fsync(tmp_path: Path) -> None:
    folder = tmp_path
    good = [
        ("fsync", f"{folder}/.j.tmp"),
        ("replace", f"{folder}/.j.tmp", f"{folder}/j"),
        ("fsync-dir", str(folder)),
        ("id", "1"),
    ]
    assert check_protocol(good, folder) == []
    assert check_protocol(good[1:], folder)  # no fsync of the data before the rename
    assert check_protocol([good[0], good[1], good[3]], folder)  # no fsync of the folder
