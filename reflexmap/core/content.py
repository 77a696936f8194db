"""The app's content: the bundled assets, optionally with a user's content pack.

Validating the content (TOML and GeoJSON through Pydantic, every geometry check) takes
most of a cold start, and its answer depends only on the files and on this code. So the
validated Atlas is kept in the user's cache folder under a key made of both: the bytes of
every content file (the TOML, and the charts it names) and the source of the core
package. Same key, same answer; a changed file, a new version or a damaged cache entry
means a full validation, as the first time.
Only content that passed every check is ever cached.

The entry is a pickle, signed with HMAC-SHA256 under a random key kept in the user's
config folder (mode 0600): an entry is unpickled only if this app, with this key, wrote
it. A file dropped into the cache folder by anyone else is never loaded, just replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from reflexmap import __version__
from reflexmap.core.atlas import Atlas
from reflexmap.core.loader import PackReader, load_content
from reflexmap.core.paths import atomic_write, bundled_content_root, cache_dir, config_dir
from reflexmap.core.problems import Problem

CACHE_FORMAT = 1
KEEP = 6  # cache entries kept (about 0.5 MB each)
_CORE = Path(__file__).resolve().parent


def _digest(path: Path) -> bytes:
    data = path.read_bytes()
    return hashlib.sha256(len(data).to_bytes(8, "little") + data).digest()


def _pack_digest(reader: PackReader, rel: str) -> bytes:
    """A pack file's digest, read through the loader's guarded reader (a FIFO, a link to
    /dev/zero or a 3 GB file is refused there, not read for the key); OSError if refused."""
    data = reader.read_bytes_of(rel)
    if data is None:
        raise OSError(f"{rel}: refused by the pack reader")
    return hashlib.sha256(len(data).to_bytes(8, "little") + data).digest()


def _key(root: Path, cancelled: Callable[[], bool] | None = None) -> str | None:
    """A hash of the core's source and of every content file the loader starts from
    (content/**/*.toml), or None if one cannot be read (then nothing is cached: the loader
    reports the problem). The charts those files name are checked in `_charts`."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{sys.version}".encode())
    problems: list[Problem] = []
    reader = PackReader(root, problems, cancelled)
    try:
        for path in sorted(_CORE.rglob("*.py")):
            digest.update(str(path.relative_to(_CORE)).encode() + b"\0" + _digest(path))
        for rel, _path in reader.toml_files():
            digest.update(rel.encode() + b"\0" + _pack_digest(reader, rel))
    except OSError:
        return None
    if problems:  # the loader will report them
        return None
    return digest.hexdigest()[:32]


def _signing_key() -> bytes:
    """The user's random cache key (made once, readable by the user only)."""
    path = config_dir() / "content-cache.key"
    with suppress(FileNotFoundError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def _charts(root: Path, atlas: Atlas) -> dict[str, bytes]:
    """The digest of each chart file the content names (OSError if one cannot be read, or
    is no longer a regular file inside the pack)."""
    reader = PackReader(root, [])
    return {view.chart: _pack_digest(reader, view.chart) for view in atlas.views.values()}


def _validate(root: Path, cancelled: Callable[[], bool] | None) -> Atlas:
    """load_content, told about `cancelled` only when there is one to tell."""
    if cancelled is None:
        return load_content(root)
    return load_content(root, cancelled=cancelled)


def load_cached(root: Path, *, cancelled: Callable[[], bool] | None = None) -> Atlas:
    """load_content(root), answered from the cache when the files are the ones validated.

    REFLEXMAP_NO_CONTENT_CACHE=1 turns the cache off (always validate). `cancelled()`
    True stops the validation between files (LoadCancelled, a ContentError)."""
    key = None if os.environ.get("REFLEXMAP_NO_CONTENT_CACHE") else _key(root, cancelled)
    if key is None:
        return _validate(root, cancelled)
    try:
        secret = _signing_key()
    except OSError:  # no config folder: validate every time
        return _validate(root, cancelled)
    entry = cache_dir() / f"content-{key}.pickle"
    with suppress(FileNotFoundError):
        try:
            blob = entry.read_bytes()
            mac, data = blob[:32], blob[32:]
            if hmac.compare_digest(mac, hmac.digest(secret, data, "sha256")):
                atlas, charts = pickle.loads(data)  # noqa: S301 - signed by us (docstring)
                if isinstance(atlas, Atlas) and charts == _charts(root, atlas):
                    return atlas
        except Exception:  # noqa: BLE001 - a damaged or stale entry is dropped and rebuilt
            pass
        with suppress(OSError):
            entry.unlink()
    atlas = _validate(root, cancelled)  # raises ContentError: nothing is cached
    atlas.warm()
    with suppress(OSError, pickle.PicklingError):  # no cache folder: validate next time
        data = pickle.dumps((atlas, _charts(root, atlas)), protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(entry, hmac.digest(secret, data, "sha256") + data)
        entries = sorted(entry.parent.glob("content-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:  # the bundle and a few packs; older versions go
            old.unlink()
    return atlas


@lru_cache(maxsize=1)
def load_bundled() -> Atlas:
    return load_cached(bundled_content_root())


def load_with_pack(pack: Path, *, cancelled: Callable[[], bool] | None = None) -> Atlas:
    """A user's content pack, loaded and validated on its own (the bundle is untouched);
    `cancelled` as in load_cached."""
    return load_cached(pack, cancelled=cancelled)


def load(pack: Path | None = None) -> Atlas:
    """The bundled content, or a content pack folder instead of it."""
    return load_with_pack(pack) if pack else load_bundled()
