"""The practice journal at scale: a synthetic practice of 200 people x 10 years
of weekly sessions (~104,000 sessions, ~3.1 million marks) in the real schema.

    uv run python tests/bench/journal.py              # 200 people, medians of 7 runs
    uv run python tests/bench/journal.py --people 20  # a quicker look

Measures, for one person over all their sessions: the heat overlay (`UserStore.heat`,
target <= 100 ms), one zone's trend (`UserStore.trend`, <= 50 ms), the export of that
person (JSON and CSV, <= 1 s), the store's open on that database (the app opens it at
start: the part the start-up ratio pays), and states the database's size. The data is
made with plain SQL inserts into a database the store created (its schema, its pragmas);
making it is not timed. Not a pytest file.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"heat": 100.0, "trend": 50.0, "export_json": 1000.0, "export_csv": 1000.0}


def build(folder: Path, people: int, years: int, marks_per_session: int, zones: int) -> int:
    from reflexmap.core.user_store import UserStore

    store = UserStore(folder)
    conn = store.conn
    rng = random.Random(30)
    zone_ids = [
        f"{foot}.sole.zone_{i:03d}" for foot in ("left", "right") for i in range(zones // 2)
    ]
    start = 1_577_000_000.0  # 2019-12-22
    week = 7 * 24 * 3600.0
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO zone_keys(id, zone_id) VALUES (?, ?)",
        list(enumerate(zone_ids, start=1)),
    )
    sid = 0
    for p in range(people):
        pid = 1 if p == 0 else p + 1
        if p:
            conn.execute(
                "INSERT INTO people(id, name, created) VALUES (?, ?, '2020-01-01T00:00:00Z')",
                (pid, f"Client {p:03d}"),
            )
        sessions, marks = [], []
        base = {z: rng.randint(0, 3) for z in range(1, len(zone_ids) + 1)}
        for w in range(52 * years):
            sid += 1
            at = start + w * week + rng.randint(0, 5) * 86400
            date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
            sessions.append(
                (
                    sid,
                    f"s{sid:08x}{p:04x}",
                    pid,
                    date,
                    at,
                    "seq_001",
                    "",
                    1200.0,
                    "medium",
                    rng.randint(0, 10),
                    rng.randint(0, 10),
                    "calm" if w % 3 else "",
                )
            )
            for z in sorted(rng.sample(range(1, len(zone_ids) + 1), marks_per_session)):
                t = min(3, max(0, base[z] + rng.choice((-1, 0, 0, 1))))
                marks.append((sid, z, t, "grainy" if t == 3 else "", ""))
        conn.executemany("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sessions)
        conn.executemany("INSERT INTO marks VALUES (?,?,?,?,?)", marks)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return sid


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(map(str, parts)) + "\n")


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--marks", type=int, default=30, help="marks per session")
    parser.add_argument("--zones", type=int, default=120, help="zones marked from")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    from reflexmap.core import user_export
    from reflexmap.core.user_db import DB_NAME
    from reflexmap.core.user_store import UserStore

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        sessions = build(folder, args.people, args.years, args.marks, args.zones)
        made_s = time.perf_counter() - t
        size = sum(f.stat().st_size for f in folder.glob(f"{DB_NAME}*"))
        opens = []
        for _ in range(args.runs):
            t = time.perf_counter()
            s = UserStore(folder)
            s.note("left.sole.zone_000"), s.is_favourite("x"), s.take_recovered()
            opens.append((time.perf_counter() - t) * 1000)
            s.close()
        store = UserStore(folder)
        pid = args.people // 2 + 1  # a client in the middle of the file
        marks = store.conn.execute("SELECT count(*) FROM marks").fetchone()[0]
        heat = timed(lambda: store.heat(pid), args.runs)
        trend = timed(lambda: store.trend(pid, "left.sole.zone_007"), args.runs)
        out_json, out_csv = folder / "one.json", folder / "one.csv"
        export_json = timed(lambda: user_export.write_json(out_json, store, pid), args.runs)
        export_csv = timed(lambda: user_export.write_csv(out_csv, store, pid), args.runs)
        rows = {
            "heat": heat,
            "trend": trend,
            "export_json": export_json,
            "export_csv": export_csv,
            "open (start path)": opens,
        }
        say(
            f"{args.people} people x {args.years} years weekly: {sessions:,} sessions, "
            f"{marks:,} marks; database {size / 1e6:.0f} MB ({size / marks:.1f} bytes a mark);"
            f" made in {made_s:.0f} s"
        )
        say(
            f"one person: {len(store.trend(pid, 'left.sole.zone_007'))} trend points, "
            f"{len(store.heat(pid))} zones in the heat, JSON {out_json.stat().st_size / 1e6:.1f}"
            f" MB, CSV {out_csv.stat().st_size / 1e6:.1f} MB"
        )
        say(f"{'measure':<20} {'median ms':>10} {'min':>8} {'max':>8} {'target':>8}")
        failed = False
        for name, values in rows.items():
            target = TARGETS.get(name)
            med = statistics.median(values)
            mark = "" if target is None else ("ok" if med <= target else "OVER")
            failed |= mark == "OVER"
            say(
                f"{name:<20} {med:>10.1f} {min(values):>8.1f} {max(values):>8.1f} "
                f"{'' if target is None else f'{target:.0f}':>8} {mark}"
            )
        store.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
