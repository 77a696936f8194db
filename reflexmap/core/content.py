"""The app's content: the bundled assets, or a user's content pack, from a snapshot.

Validating content (TOML and GeoJSON through Pydantic, every Shapely check) costs far more
than the window needs at start. So content that passed full validation is compiled into a
*snapshot*: plain JSON of the records in `records.py`, with the geometry already worked
out. Loading one imports neither Pydantic, Shapely nor NumPy, and JSON cannot run code.

A snapshot file is one header line and the payload:

    {"format": 1, "key": "...", "charts": {"charts/sole.geojson": "<sha256>"}, "sha256": "..."}
    {"sources": [...], "zones": [...], ...}

`key` is a hash of the app version, the compiler's own source (when the files are there:
not in a frozen bundle, whose version says it), and every content TOML file of the pack;
`charts` holds the hash of each chart file the content names; `sha256` is the payload's.
A snapshot is used only if all of them match the files on disk now and every value
decodes to its record type (`record_json.decode`); otherwise it is rebuilt from a full
validation, never trusted. Snapshots live in the user's cache folder, named by key; the
wheel and the bundle carry one for the bundled content (`snapshot.json` beside it), built
at build time (`python -m reflexmap.core.content build OUT`; packaging/build.sh sets
REFLEXMAP_SNAPSHOT_FOR_BUNDLE=1, as the frozen app keys by version, not by source).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

from reflexmap import __version__
from reflexmap.core import record_json, records
from reflexmap.core.atlas import Atlas
from reflexmap.core.pack_reader import PackReader
from reflexmap.core.paths import atomic_write, bundled_content_root, cache_dir
from reflexmap.core.problems import Problem

FORMAT = 1
KEEP = 6  # snapshots kept in the cache folder (about 0.4 MB each)
SHIPPED = "snapshot.json"  # beside the bundled content, in the wheel and the bundle
_CORE = Path(__file__).resolve().parent


@cache
def _compiler_digest() -> str:
    """The core's own source (models, loader, compiler...), when it is there to read; in a
    frozen bundle (no source files) the version alone says which code compiled it."""
    if getattr(sys, "frozen", False) or os.environ.get("REFLEXMAP_SNAPSHOT_FOR_BUNDLE"):
        return "frozen"
    digest = hashlib.sha256()
    for path in sorted(_CORE.glob("*.py")):
        with suppress(OSError):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _hash(data: bytes) -> str:
    return hashlib.sha256(len(data).to_bytes(8, "little") + data).hexdigest()


def content_key(root: Path, cancelled: Callable[[], bool] | None = None) -> str | None:
    """The key of the pack's content as it is on disk now, or None if a file cannot be
    read through the guarded reader (then the loader reports why)."""
    problems: list[Problem] = []
    reader = PackReader(root, problems, cancelled)
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{_compiler_digest()}".encode())
    for rel, _path in reader.toml_files():
        data = reader.read_bytes_of(rel)
        if data is None:
            return None
        digest.update(rel.encode() + b"\0" + _hash(data).encode())
    return None if problems else digest.hexdigest()[:32]


def _chart_hashes(root: Path, views: list[records.View]) -> dict[str, str] | None:
    reader = PackReader(root, [])
    out = {}
    for view in views:
        data = reader.read_bytes_of(view.chart)
        if data is None:
            return None
        out[view.chart] = _hash(data)
    return out


def dump(root: Path, key: str, atlas: Atlas) -> bytes:
    """The snapshot file's bytes for `atlas`, compiled from the pack at `root`."""
    payload = json.dumps(
        record_json.encode(atlas.content), ensure_ascii=False, separators=(",", ":")
    ).encode()
    charts = _chart_hashes(root, list(atlas.views.values()))
    if charts is None:
        raise OSError(f"{root}: a chart could not be read again for the snapshot")
    header = {
        "format": FORMAT,
        "key": key,
        "charts": charts,
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + payload


def read(path: Path, root: Path, key: str) -> Atlas | None:
    """The snapshot at `path` if it is whole, for this key, for these chart files, and
    decodes; None otherwise (missing, truncated, doctored, stale)."""
    try:
        blob = path.read_bytes()
        head, _, payload = blob.partition(b"\n")
        header = json.loads(head)
        if not (
            isinstance(header, dict)
            and header.get("format") == FORMAT
            and header.get("key") == key
            and header.get("sha256") == hashlib.sha256(payload).hexdigest()
        ):
            return None
        content = record_json.decode(records.Content, json.loads(payload))
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    atlas = Atlas(content)
    if header.get("charts") != _chart_hashes(root, list(atlas.views.values())):
        return None
    return atlas


def _validate(root: Path, cancelled: Callable[[], bool] | None) -> Atlas:
    """A full validation (imports Pydantic and Shapely: only on a miss)."""
    from reflexmap.core.loader import load_content

    if cancelled is None:
        return load_content(root)
    return load_content(root, cancelled=cancelled)


def _entry(key: str) -> Path:
    return cache_dir() / f"snapshot-{key}.json"


def _key(root: Path) -> str | None:
    """The pack's key, or None: snapshots turned off (REFLEXMAP_NO_CONTENT_CACHE=1) or a
    file that cannot be read (the validation says why)."""
    return None if os.environ.get("REFLEXMAP_NO_CONTENT_CACHE") else content_key(root)


def _found(root: Path, key: str, shipped: bool) -> Atlas | None:
    for path in (root / SHIPPED, _entry(key)) if shipped else (_entry(key),):
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
    (and a snapshot written for next time). REFLEXMAP_NO_CONTENT_CACHE=1: always validate.
    `cancelled()` True stops a validation between files (LoadCancelled). `shipped`: also
    look for the snapshot built with the app beside the content (the bundled content
    only: a pack's own snapshot.json would be content nobody validated here)."""
    root = Path(root)
    key = _key(root)  # of the files as they were before the validation read them
    atlas = None if key is None else _found(root, key, shipped)
    if atlas is not None:
        return atlas
    atlas = _validate(root, cancelled)  # raises ContentError: nothing is written
    if key is None:
        return atlas
    entry = _entry(key)
    with suppress(OSError):  # no cache folder: validate next time
        atomic_write(entry, dump(root, key, atlas))
        entries = sorted(entry.parent.glob("snapshot-*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:  # the bundle and a few packs; older versions go
            old.unlink()
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


def build(root: Path, out: Path) -> None:
    """Validate the content at `root` in full and write its snapshot to `out` (the wheel
    and the bundle ship the bundled content's as `snapshot.json` beside it)."""
    key = content_key(root)
    if key is None:
        raise SystemExit(f"{root}: the content files cannot be read")
    atomic_write(out, dump(root, key, _validate(root, None)), mode=0o644)


if __name__ == "__main__":  # python -m reflexmap.core.content build OUT [ROOT]
    if len(sys.argv) not in (3, 4) or sys.argv[1] != "build":
        raise SystemExit("usage: python -m reflexmap.core.content build OUT [CONTENT_ROOT]")
    build(Path(sys.argv[3]) if len(sys.argv) == 4 else bundled_content_root(), Path(sys.argv[2]))
