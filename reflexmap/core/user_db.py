"""The user's database file: opening it safely, its schema and its migrations.

One SQLite file (`reflexmap.sqlite3` in the data folder) holds everything the user writes.
Opened with the write-ahead log (a reader never blocks the writer, a kill leaves the last
committed transaction), foreign keys on, a busy timeout (two processes wait for each other
instead of failing), `synchronous=FULL` (a commit that returned is on disk) and
`secure_delete` (a deleted row's bytes are overwritten, not left in a free page). The
file is created with mode 0600: it is private health data.

The schema version is SQLite's `user_version`; `MIGRATIONS[n]` takes a database of
version n to n + 1, each in its own transaction. A file from a newer reflexmap is opened
read-only and never written. A file SQLite cannot read (not a database, a damaged page
found by the check at open) is moved aside with its -wal and -shm as
`reflexmap.sqlite3.damaged-<time>` and a new one is made; the caller tells the user.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

DB_NAME = "reflexmap.sqlite3"
BUSY_TIMEOUT_MS = 10_000
# At open, a database this small gets a full `quick_check` (<= 5 ms); a larger one only
# the cheap checks (header, schema); `reflexmap data check` runs `integrity_check` on any.
QUICK_CHECK_BYTES = 512 * 1024

_V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE favourites(
    kind TEXT NOT NULL CHECK (kind IN ('zone', 'technique')),
    ident TEXT NOT NULL CHECK (length(ident) BETWEEN 1 AND 200),
    position INTEGER NOT NULL,
    PRIMARY KEY (kind, ident)
) WITHOUT ROWID;
CREATE TABLE zone_notes(
    zone_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    updated TEXT
) WITHOUT ROWID;
CREATE TABLE people(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    archived INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    consent_date TEXT,
    safety_answers TEXT,
    safety_date TEXT,
    created TEXT NOT NULL
);
CREATE TABLE sessions(
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    at REAL NOT NULL,
    sequence_id TEXT NOT NULL,
    giver TEXT NOT NULL DEFAULT '',
    duration_s REAL NOT NULL,
    pressure TEXT NOT NULL DEFAULT '',
    tension_before INTEGER,
    tension_after INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person_at ON sessions(person_id, at);
CREATE TABLE zone_keys(id INTEGER PRIMARY KEY, zone_id TEXT NOT NULL UNIQUE);
CREATE TABLE marks(
    session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    zone INTEGER NOT NULL REFERENCES zone_keys(id),
    tenderness INTEGER NOT NULL CHECK (tenderness BETWEEN 0 AND 3),
    texture TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session, zone)
) WITHOUT ROWID;
INSERT INTO people(id, name, created) VALUES (1, 'Me', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
"""


# MIGRATIONS[n] brings a database of user_version n to n + 1 (0 is a new, empty file).
def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    # statement by statement: executescript() would COMMIT the migration's transaction
    def run(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                conn.execute(statement)

    return run


# 2: the sessions a user built and saved: what was asked for, not the steps
_V2 = """
CREATE TABLE built_sessions(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  query TEXT NOT NULL DEFAULT '',
  zones TEXT NOT NULL DEFAULT '[]',
  minutes REAL NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID
"""

MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _script(_V1),
    1: _script(_V2),
}
DB_VERSION = max(MIGRATIONS) + 1


class NewerDatabase(Exception):
    """The file was written by a newer reflexmap: read it, never write it."""


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the house settings; the file is made 0600 if it is new."""
    if not read_only and not path.exists():
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=10
        )
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            # Where the log cannot be used (a file system without shared memory, such as
            # some network shares) SQLite stays with its rollback journal: commits are
            # still atomic and durable, only readers wait for writers.
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to DB_VERSION, one step per transaction; NewerDatabase if the
    file is from a newer reflexmap. Returns the version found."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > DB_VERSION:
        raise NewerDatabase(
            f"written by a newer reflexmap (schema {found}, this one knows {DB_VERSION})"
        )
    version = found
    while version < DB_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the lock
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version < DB_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    return found


def check_open(conn: sqlite3.Connection, path: Path) -> None:
    """The cheap checks at open: the header and schema are readable, and a small file
    passes `quick_check`. sqlite3.DatabaseError when the file is damaged."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    size = path.stat().st_size if path.exists() else 0
    if size <= QUICK_CHECK_BYTES:
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        # A row that breaks a CHECK or NOT NULL rule (written by another tool) is not a
        # damaged file: the store skips such rows and says so; the rest is damage.
        damage = [r for r in result if r != "ok" and not _ROW_RULE.match(r)]
        if damage:
            raise sqlite3.DatabaseError("; ".join(damage[:3]))


_ROW_RULE = re.compile(r"(CHECK|NOT NULL) constraint failed|NULL value in ")


def integrity(conn: sqlite3.Connection) -> list[str]:
    """`PRAGMA integrity_check` and `foreign_key_check`: [] when the file is sound."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} refers to a missing {parent} row")
    return problems


def free_name(path: Path, kind: str) -> Path:
    """`<name>.<kind>-<time>`, with -2, -3... if that is taken: where a file is set aside."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{kind}-{stamp}")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = path.with_name(f"{path.name}.{kind}-{stamp}-{n}")
    return target


def move_aside(path: Path) -> Path | None:
    """Move a damaged database (and its -wal, -shm) out of the way; the new name, or None
    if it could not be moved."""
    target = free_name(path, "damaged")
    try:
        os.replace(path, target)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        with suppress(OSError):
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    return target
