"""Where things live: the bundled content (inside the wheel, or beside the package in a
checkout) and the user's folders (XDG when set, else the platform's usual place)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

APP = "reflexmap"

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_body_parts() -> Path:
    """The bundled body parts (foot, leg): a pack that declares none uses them."""
    return bundled_content_root() / "content" / "body_parts.toml"


def bundled_content_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle
    candidates = [
        _PACKAGE / "_assets",  # installed wheel (force-included by hatch)
        _PACKAGE.parent / "assets",  # source checkout / editable install
    ]
    if frozen:
        candidates.insert(0, Path(frozen) / "reflexmap" / "_assets")
    for path in candidates:
        if (path / "content").is_dir():
            return path
    raise FileNotFoundError("reflexmap's bundled content (assets/) is missing from this install")


def user_dir(
    xdg_var: str,
    linux_default: str,
    windows_var: str,
    mac_default: str = "Library/Application Support",
) -> Path:
    """XDG when set (any platform); otherwise the platform's usual place."""
    xdg = os.environ.get(xdg_var)
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / APP
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get(windows_var) or home / "AppData" / "Roaming") / APP
    if sys.platform == "darwin":
        return home / mac_default / APP
    return home / linux_default / APP


def data_dir() -> Path:
    """$XDG_DATA_HOME/reflexmap, or ~/.local/share/reflexmap (macOS/Windows: their own)."""
    return user_dir("XDG_DATA_HOME", ".local/share", "APPDATA")


def config_dir() -> Path:
    """$XDG_CONFIG_HOME/reflexmap, or ~/.config/reflexmap (macOS/Windows: their own)."""
    return user_dir("XDG_CONFIG_HOME", ".config", "APPDATA")


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/reflexmap, or ~/.cache/reflexmap (macOS/Windows: their own)."""
    return user_dir("XDG_CACHE_HOME", ".cache", "LOCALAPPDATA", "Library/Caches")


# ---- atomic files -----------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(
    path: Path, data: bytes, *, make_parents: bool = True, mode: int | None = None
) -> None:
    """Replace `path` by `data` so that a crash leaves the old file or the new one.

    The temp file is unique per writer (process id + a random part), so two processes
    never share or remove each other's. `make_parents=False`: a missing folder is an
    error (FileNotFoundError), as an export to /nonexistent/x.svg must be."""
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise FileNotFoundError(f"the folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        if mode is not None:  # mkstemp makes 0600: right for user data, not for an export
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


class ReadRefused(ValueError):
    """`read_regular` would not read the file; the message says why in a few words."""


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO is opened without
    waiting for a writer and refused, as are a folder, a device and a file over `limit`
    (before it is read, or while it grows): ReadRefused. With `follow_links` False a
    symbolic link is not followed (OSError). Other failures are the OSError they are."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadRefused("not a regular file")
        if st.st_size > limit:
            raise ReadRefused(f"larger than {limit} bytes")
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 22, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ReadRefused(f"larger than {limit} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)
