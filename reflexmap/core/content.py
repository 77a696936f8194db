"""The app's content: the bundled assets, or a user's content pack, from a snapshot.

Validating content (TOML and GeoJSON through Pydantic, every Shapely check) costs far more
than the window needs at start. So content that passed full validation is compiled into a
*snapshot*: plain JSON of the records in `records.py`, with the geometry already worked
out. Loading one imports neither Pydantic, Shapely nor NumPy, and JSON cannot run code.

A snapshot file is one header line and the payload:

    {"format": 2, "key": "...", "charts": {"charts/sole.geojson": "<hash>"}, "digest": "..."}
    {"sources": [...], "zones": [...], ...}

`key` is a hash of the app version, the compiler's own source (when the files are there:
not in a frozen bundle, whose version says it), and every content TOML file of the pack;
`charts` holds the hash of each chart file the content names; `digest` is the payload's
(all BLAKE2b, `pack_reader.hasher`).
The hashes are of the bytes the validation read (`pack_reader.ReadFiles`), never of the
files read again afterwards. A snapshot is used only if all of them match the files on
disk now, every value decodes to its record type (`record_json.decode`) and the records
hold together (`record_check`); otherwise, or on any failure at all while reading it (a
FIFO, a device, a file over MAX_SNAPSHOT_BYTES, MemoryError...), it is a miss: the pack
is validated and the file replaced, never trusted. Snapshots live in the user's cache
folder, named by pack folder and key, at most KEEP_PER_PACK per pack; the
wheel and the bundle carry one for the bundled content (`snapshot.json` beside it), built
at build time (`python -m reflexmap.core.content build OUT`; packaging/build.sh sets
REFLEXMAP_SNAPSHOT_FOR_BUNDLE=1, as the frozen app keys by version, not by source).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

from reflexmap import __version__
from reflexmap.core import record_check, record_json, records
from reflexmap.core.atlas import Atlas
from reflexmap.core.pack_reader import MAX_PACK_BYTES, PackReader, ReadFiles, digest, hasher
from reflexmap.core.paths import (
    atomic_write,
    bundled_body_parts,
    bundled_content_root,
    cache_dir,
    read_regular,
)
from reflexmap.core.problems import Problem

FORMAT = 2  # 2: BLAKE2b digests (1: SHA-256)
KEEP = 8  # snapshots kept in the cache folder in all
KEEP_PER_PACK = 2  # of one pack folder: the one in use and the one before
# A snapshot holds the pack's text once and its geometry worked out: it is never written
# larger than this, so one found larger is refused before a byte of it is read.
MAX_SNAPSHOT_BYTES = 4 * MAX_PACK_BYTES  # the bundle's is 0.93 of its files
STALE_TMP_S = 3600.0  # a temp file this old is a write that was killed, not one going on
SHIPPED = "snapshot.json"  # beside the bundled content, in the wheel and the bundle
_CORE = Path(__file__).resolve().parent
_NAME = re.compile(r"snapshot-([0-9a-f]{12})-([0-9a-f]{32})\.json")


@cache
def _compiler_digest() -> str:
    """The core's own source (models, loader, compiler...), when it is there to read; in a
    frozen bundle (no source files) the version alone says which code compiled it."""
    if getattr(sys, "frozen", False) or os.environ.get("REFLEXMAP_SNAPSHOT_FOR_BUNDLE"):
        return "frozen"
    digest_ = hasher()
    for path in sorted(_CORE.glob("*.py")):
        with suppress(OSError):
            digest_.update(path.name.encode() + b"\0" + path.read_bytes())
    return str(digest_.hexdigest())


def _key_of(tomls: list[str], digests: dict[str, str]) -> str:
    key = hasher(f"{FORMAT}|{__version__}|{_compiler_digest()}".encode())
    for rel in tomls:
        key.update(rel.encode() + b"\0" + digests[rel].encode())
    with suppress(OSError):  # what a pack declaring no body parts takes from the app
        key.update(b"bundled body parts\0" + digest(bundled_body_parts().read_bytes()).encode())
    return str(key.hexdigest()[:32])


def content_key(root: Path, cancelled: Callable[[], bool] | None = None) -> str | None:
    """The key of the pack's content as it is on disk now, or None if a file cannot be
    read through the guarded reader (then the loader reports why)."""
    problems: list[Problem] = []
    seen = ReadFiles()
    reader = PackReader(root, problems, cancelled, seen)
    for rel, _path in reader.toml_files():
        if reader.read_bytes_of(rel) is None:
            return None
    return None if problems or seen.changed else _key_of(seen.tomls, seen.digests)


def _chart_hashes(root: Path, views: list[records.View]) -> dict[str, str] | None:
    reader = PackReader(root, [])
    out = {}
    for view in views:
        data = reader.read_bytes_of(view.chart)
        if data is None:
            return None
        out[view.chart] = digest(data)
    return out


def dump(key: str, atlas: Atlas, charts: dict[str, str]) -> bytes:
    """The snapshot file's bytes for `atlas`, validated from files whose chart `charts`
    maps each chart to the digest of the bytes the validation read (never read again:
    a chart changed since is not vouched for)."""
    payload = json.dumps(
        record_json.encode(atlas.content), ensure_ascii=False, separators=(",", ":")
    ).encode()
    header = {
        "format": FORMAT,
        "key": key,
        "charts": {v.chart: charts[v.chart] for v in atlas.views.values()},
        "digest": hasher(payload).hexdigest(),
    }
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + payload


def _read_blob(path: Path) -> bytes | None:
    """The snapshot's bytes, or None: a FIFO, a link, a device, a huge or growing file is
    refused before (or while) it is read (paths.read_regular)."""
    try:
        return read_regular(path, MAX_SNAPSHOT_BYTES, follow_links=False)
    except (OSError, ValueError):
        return None


def read(path: Path, root: Path, key: str) -> Atlas | None:
    """The snapshot at `path` if it is whole, for this key, for these chart files, decodes
    and holds content the window can rely on (`record_check`); None otherwise (missing,
    truncated, padded, doctored, stale, not a file, too big). Any failure at all while
    reading, decoding or indexing it is a miss, never an error: the pack is validated."""
    try:
        blob = _read_blob(path)
        if blob is None:
            return None
        head, _, payload = blob.partition(b"\n")
        header = json.loads(head)
        if not (
            isinstance(header, dict)
            and header.get("format") == FORMAT
            and header.get("key") == key
            and header.get("digest") == hasher(payload).hexdigest()
        ):
            return None
        del blob, head
        content = record_json.decode(records.Content, json.loads(payload))
        del payload
        record_check.check(content)
        atlas = Atlas(content)
        if header.get("charts") != _chart_hashes(root, list(atlas.views.values())):
            return None
        return atlas
    except Exception:  # noqa: BLE001 - MemoryError, RecursionError, a bug: all a miss
        return None


def _validate(
    root: Path, cancelled: Callable[[], bool] | None, record: ReadFiles | None = None
) -> Atlas:
    """A full validation (imports Pydantic and Shapely: only on a miss); `record` is
    filled with the digests of the bytes it read."""
    from reflexmap.core.loader import load_content

    return load_content(root, cancelled=cancelled, record=record)


def _snapshot_bytes(atlas: Atlas, seen: ReadFiles) -> tuple[str, bytes] | None:
    """The key and the snapshot of what a validation read, or None: a file changed while
    it was read, or the snapshot would be larger than MAX_SNAPSHOT_BYTES."""
    if seen.changed or any(v.chart not in seen.digests for v in atlas.views.values()):
        return None
    key = _key_of(seen.tomls, seen.digests)
    blob = dump(key, atlas, seen.digests)
    return None if len(blob) > MAX_SNAPSHOT_BYTES else (key, blob)


def _pack_id(root: Path) -> str:
    """The pack folder's own part of its snapshots' names (KEEP_PER_PACK of each)."""
    try:
        where = str(root.resolve())
    except (OSError, RuntimeError, ValueError):
        where = str(root.absolute())
    return str(hasher(where.encode("utf-8", "surrogatepass")).hexdigest()[:12])


def _entry(root: Path, key: str) -> Path:
    return cache_dir() / f"snapshot-{_pack_id(root)}-{key}.json"


def _tidy(entry: Path, pack: str) -> None:
    """After writing `entry`: at most KEEP_PER_PACK snapshots of its pack and KEEP in all
    (the newest), none of an older naming, and no temp file left by a killed write."""
    folder = entry.parent
    now = time.time()
    mine: list[tuple[float, Path]] = []
    others: list[tuple[float, Path]] = []
    for path in folder.iterdir():
        name = path.name
        try:
            st = path.lstat()
        except OSError:
            continue
        if name.startswith(".snapshot-") and name.endswith(".tmp"):
            if now - st.st_mtime > STALE_TMP_S or not _writer_alive(name):
                with suppress(OSError):
                    path.unlink()
            continue
        if not (name.startswith("snapshot-") and name.endswith(".json")):
            continue
        m = _NAME.fullmatch(name)
        if m is None or not stat.S_ISREG(st.st_mode):  # an older naming, or not ours
            with suppress(OSError):
                path.unlink()
            continue
        (mine if m.group(1) == pack else others).append((st.st_mtime, path))
    mine.sort(reverse=True)
    others.sort(reverse=True)
    keep_others = max(0, KEEP - min(len(mine), KEEP_PER_PACK))
    for _, path in [p for p in mine[KEEP_PER_PACK:] if p[1] != entry] + others[keep_others:]:
        with suppress(OSError):
            path.unlink()


def _writer_alive(name: str) -> bool:
    """Whether the process that named a temp file (`atomic_write` puts its id in the
    name) still runs; True when that cannot be told."""
    parts = name.split(".")
    try:
        pid = int(parts[-3])
    except (IndexError, ValueError):
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):
        return True
    return True


def _key(root: Path) -> str | None:
    """The pack's key, or None: snapshots turned off (REFLEXMAP_NO_CONTENT_CACHE=1) or a
    file that cannot be read (the validation says why)."""
    return None if os.environ.get("REFLEXMAP_NO_CONTENT_CACHE") else content_key(root)


def _found(root: Path, key: str, shipped: bool) -> Atlas | None:
    for path in (root / SHIPPED, _entry(root, key)) if shipped else (_entry(root, key),):
        atlas = read(path, root, key)
        if atlas is not None:
            return atlas
    return None


def snapshot_of(root: Path, *, shipped: bool = False) -> Atlas | None:
    """The content at `root` from a matching snapshot, or None (a miss: validation needed).
    Fast, and imports no validation code: the window asks this first."""
    root = Path(root)
    key = _key(root)
    return None if key is None else _found(root, key, shipped)


def load_cached(
    root: Path, *, cancelled: Callable[[], bool] | None = None, shipped: bool = False
) -> Atlas:
    """The content at `root`, from its snapshot when one matches, else validated in full
    (and a snapshot written for next time, replacing whatever was there: a damaged
    snapshot is rebuilt once). REFLEXMAP_NO_CONTENT_CACHE=1: always validate.
    `cancelled()` True stops a validation between files (LoadCancelled). `shipped`: also
    look for the snapshot built with the app beside the content (the bundled content
    only: a pack's own snapshot.json would be content nobody validated here)."""
    root = Path(root)
    key = _key(root)
    atlas = None if key is None else _found(root, key, shipped)
    if atlas is not None:
        return atlas
    seen = ReadFiles()
    atlas = _validate(root, cancelled, seen)  # raises ContentError: nothing is written
    if key is None:
        return atlas
    with suppress(OSError, ValueError, MemoryError):  # no cache folder: validate next time
        made = _snapshot_bytes(atlas, seen)  # the key of the bytes that were validated
        if made is not None:
            entry = _entry(root, made[0])
            with suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    entry.rmdir()  # an empty folder in its place: a file goes there
            atomic_write(entry, made[1])
            _tidy(entry, _pack_id(root))
    return atlas


@cache
def load_bundled() -> Atlas:
    return load_cached(bundled_content_root(), shipped=True)


def load_with_pack(pack: Path, *, cancelled: Callable[[], bool] | None = None) -> Atlas:
    """A user's content pack, loaded and validated on its own (the bundle is untouched);
    `cancelled` as in load_cached."""
    return load_cached(pack, cancelled=cancelled)


def load(pack: Path | None = None) -> Atlas:
    """The bundled content, or a content pack folder instead of it."""
    return load_with_pack(pack) if pack else load_bundled()


def load_fast(pack: Path | None = None) -> Atlas | None:
    """What `load(pack)` gives, if a snapshot holds it (else None: `load` must validate)."""
    return snapshot_of(pack) if pack else snapshot_of(bundled_content_root(), shipped=True)


def compile_snapshot(root: Path) -> bytes:
    """The content at `root` validated in full, as a snapshot's bytes."""
    seen = ReadFiles()
    made = _snapshot_bytes(_validate(root, None, seen), seen)
    if made is None:
        raise SystemExit(f"{root}: the content changed while it was read, or is too big")
    return made[1]


def build(root: Path, out: Path) -> None:
    """Validate the content at `root` in full and write its snapshot to `out` (the wheel
    and the bundle ship the bundled content's as `snapshot.json` beside it)."""
    atomic_write(out, compile_snapshot(root), mode=0o644)


if __name__ == "__main__":  # python -m reflexmap.core.content build OUT [ROOT]
    if len(sys.argv) not in (3, 4) or sys.argv[1] != "build":
        raise SystemExit("usage: python -m reflexmap.core.content build OUT [CONTENT_ROOT]")
    build(Path(sys.argv[3]) if len(sys.argv) == 4 else bundled_content_root(), Path(sys.argv[2]))
