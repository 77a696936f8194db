"""The one way a content pack's files are read (see PackReader): regular files inside the
pack, bounded in size, depth, count and time. No Pydantic or Shapely here: the content
snapshot's key is computed through it on every start."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflexmap.core.problems import ContentError, Problem
from reflexmap.core.readable import Readable

# A pack at these limits is served quickly (measured, see docs/architecture.md): 56 MB of
# notes took 34 s to validate, 1.2 GB, and the search index 28 s; 16 MB still 10 s of search.
MAX_FILE_BYTES = 4 * 1024 * 1024  # one file of a pack (the bundled largest: 78 KB)
MAX_PACK_BYTES = 8 * 1024 * 1024  # every file of a pack together (the bundle: 460 KB)
MAX_DEPTH = 16  # folders below content/
MAX_FILES = 2_000  # TOML files under content/
MAX_ENTRIES = 20_000  # folder entries looked at while scanning
MAX_PROBLEMS = 200  # problems kept; the rest are counted
TIME_BUDGET_S = 120.0  # reading a pack's files (not the geometry checks)


class ProblemList(list[Problem]):
    """The first MAX_PROBLEMS problems, then a count: 3.9M bad items must not print 3.9M
    lines or hold 3.9M objects."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.cap = cap
        self.dropped = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.cap:
            super().append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def final(self, root: Path) -> list[Problem]:
        out = list(self)
        if self.dropped:
            out.append(
                Problem(
                    str(root),
                    "problems",
                    f"{self.dropped} more problem(s) not "
                    f"shown (only the first {self.cap} are listed)",
                )
            )
        return out


def hasher(data: bytes = b"") -> Any:
    """The hash every snapshot check uses: BLAKE2b, 32 bytes. Taken from CPython's built-in
    `_blake2` module: `import hashlib` loads OpenSSL first (2.6 ms of every start measured
    on these machines), and the start path hashes before the window shows."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python: hashlib's, the same algorithm
        from hashlib import blake2b
    return blake2b(data, digest_size=32)


def digest(data: bytes) -> str:
    """A file's bytes as the content snapshot records them."""
    return str(hasher(len(data).to_bytes(8, "little") + data).hexdigest())


@dataclass(repr=False)
class ReadFiles(Readable):
    """What a validation read: the TOML files it found and the digest of the bytes it read
    of each file, so that a snapshot vouches for exactly the bytes that were validated
    (not for the files as they are a moment later). `changed`: a file read twice gave two
    different contents (it was being written): no snapshot is made of that."""

    tomls: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    changed: bool = False


class LoadCancelled(ContentError):
    """The caller's `cancelled()` said stop (the user chose Cancel): nothing was loaded."""


class PackReader:
    """The one way a pack's files are read: regular files inside the pack after resolving
    every link (no FIFO, device, socket, or a link to /dev/zero or out of the pack), each
    at most MAX_FILE_BYTES and all together MAX_PACK_BYTES, at most MAX_DEPTH folders deep
    and MAX_FILES files, within TIME_BUDGET_S. Every refusal is a Problem, never a raise.

    `cancelled`, if given, is asked before each file (from the loading thread): once it
    says True the rest is not read, as when the time budget runs out.
    """

    def __init__(
        self,
        root: Path,
        problems: list[Problem],
        cancelled: Callable[[], bool] | None = None,
        record: ReadFiles | None = None,
    ) -> None:
        self.root = Path(root)
        self.record = record
        self.problems = problems
        try:
            self.real_root: Path | None = self.root.resolve(strict=True)
        except (OSError, RuntimeError):
            self.real_root = None
        self.read_bytes = 0
        self.deadline = time.monotonic() + TIME_BUDGET_S
        self.out_of_budget = False
        self.cancelled = cancelled
        self.was_cancelled = False

    def _refuse(self, rel: str, location: str, message: str) -> None:
        self.problems.append(Problem(rel, location, message))

    def _inside(self, path: Path) -> Path | None:
        """The resolved path if it lies inside the pack, else None."""
        if self.real_root is None:
            return None
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        return real if real.is_relative_to(self.real_root) else None

    def _over_time(self, rel: str) -> bool:
        if not self.out_of_budget and self.cancelled is not None and self.cancelled():
            self.out_of_budget = self.was_cancelled = True
            self._refuse(rel, "file", "opening the pack was cancelled; the rest was not read")
        if not self.out_of_budget and time.monotonic() > self.deadline:
            self.out_of_budget = True
            self._refuse(
                rel,
                "file",
                f"reading the pack took longer than {TIME_BUDGET_S:.0f} s; the rest was not read",
            )
        return self.out_of_budget

    def toml_files(self) -> list[tuple[str, Path]]:
        """content/**/*.toml, sorted; links followed only to folders inside the pack, each
        folder visited once (no cycles), depth, entries and files bounded."""
        found = self._toml_files()
        if self.record is not None:
            self.record.tomls = [rel for rel, _ in found]
        return found

    def _toml_files(self) -> list[tuple[str, Path]]:
        start = self.root / "content"
        found: list[tuple[str, Path]] = []
        seen: set[Path] = set()
        entries = 0
        real = self._inside(start)
        if real is None:
            self._refuse(
                "content", "directory", "must be a folder inside the pack (not a link out of it)"
            )
            return found
        stack: list[tuple[Path, str, int]] = [(start, "content", 0)]
        while stack:
            folder, rel_folder, depth = stack.pop()
            real = self._inside(folder)
            if real is None or real in seen:
                continue
            seen.add(real)
            try:
                with os.scandir(folder) as it:
                    listing = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self._refuse(
                    rel_folder, "directory", f"cannot be read: {exc.strerror or type(exc).__name__}"
                )
                continue
            for entry in listing:
                entries += 1
                if entries > MAX_ENTRIES:
                    self._refuse(
                        "content",
                        "directory",
                        f"more than {MAX_ENTRIES} entries; the rest was not read",
                    )
                    return sorted(found)
                rel = f"{rel_folder}/{entry.name}"
                path = folder / entry.name
                try:
                    is_dir = entry.is_dir()  # follows links; a vanished entry is no folder
                except OSError:
                    is_dir = False
                if is_dir:
                    if depth + 1 > MAX_DEPTH:
                        self._refuse(
                            rel, "directory", f"folders nested more than {MAX_DEPTH} deep; not read"
                        )
                        continue
                    if self._inside(path) is None:
                        self._refuse(
                            rel, "directory", "a link to a folder outside the pack; not read"
                        )
                        continue
                    stack.append((path, rel, depth + 1))
                elif entry.name.endswith(".toml"):
                    if len(found) >= MAX_FILES:
                        self._refuse(
                            rel, "file", f"more than {MAX_FILES} TOML files; the rest was not read"
                        )
                        return sorted(found)
                    found.append((rel, path))
        return sorted(found)

    def read_bytes_of(self, rel: str, missing: str = "is missing") -> bytes | None:
        """The bytes of the pack file `rel`, or None with a problem recorded."""
        if self._over_time(rel):
            return None
        path = self.root / rel
        try:
            os.lstat(path)  # ENOENT, ENAMETOOLONG, EACCES... as the file's problem
            real = self._inside(path)
            if real is None:
                self._refuse(
                    rel,
                    "file",
                    "is a link to something outside the pack (or a broken link); not read",
                )
                return None
            # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
            fd = os.open(real, flags)
        except FileNotFoundError:
            self._refuse(rel, "file", missing)
            return None
        except OSError as exc:
            self._refuse(rel, "file", f"cannot be read: {exc.strerror or type(exc).__name__}")
            return None
        except ValueError:  # a NUL in the name: no such file can exist
            self._refuse(rel, "file", "the name holds a NUL character; not read")
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                kind = (
                    "a folder"
                    if stat.S_ISDIR(st.st_mode)
                    else "a FIFO (named pipe)"
                    if stat.S_ISFIFO(st.st_mode)
                    else "a device"
                    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                    else "a special file"
                )
                self._refuse(rel, "file", f"is {kind}, not a regular file; not read")
                return None
            if st.st_size > MAX_FILE_BYTES:
                self._refuse(
                    rel,
                    "file",
                    f"larger than {MAX_FILE_BYTES} bytes (the limit for one file of a pack)",
                )
                return None
            if self.read_bytes + st.st_size > MAX_PACK_BYTES:
                self._refuse(
                    rel,
                    "file",
                    f"the pack's files together are larger than {MAX_PACK_BYTES} bytes; not read",
                )
                return None
            chunks: list[bytes] = []
            size = 0
            while True:  # bounded even if the file grows while it is read
                chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    self._refuse(
                        rel,
                        "file",
                        f"larger than {MAX_FILE_BYTES} bytes (the limit for one file of a pack)",
                    )
                    return None
        except OSError as exc:
            self._refuse(rel, "file", f"cannot be read: {exc.strerror or type(exc).__name__}")
            return None
        finally:
            os.close(fd)
        self.read_bytes += size
        data = b"".join(chunks)
        if self.record is not None:
            now = digest(data)
            self.record.changed |= self.record.digests.setdefault(rel, now) != now
        return data

    def read_text(self, rel: str, missing: str = "is missing") -> str | None:
        data = self.read_bytes_of(rel, missing)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._refuse(rel, f"byte {exc.start}", f"not UTF-8 text (byte 0x{data[exc.start]:02x})")
            return None
