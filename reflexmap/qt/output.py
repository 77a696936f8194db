"""Files the user asked for (a chart page, a screenshot): painted or encoded in memory,
then written with `paths.atomic_write` (temp file, fsync, rename). Qt's writers report no
write errors, Python's do: a missing folder or a full disk is an OSError that reaches the
user, and no truncated file is ever left. Shared by the chart export and `reflexmap shot`,
which needs nothing of the chart to save a window.

An existing name that is not a regular file (/dev/full, a FIFO, a folder) is refused: on
main `shot -o /dev/full` said "wrote" and, as root, replaced the device node with a PNG.
A symbolic link is written through: its target gets the new bytes and the link stays a
link (it used to be replaced by a file, its target left as it was)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from reflexmap.core.paths import atomic_write


def memory() -> tuple[QBuffer, QByteArray]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer, data


def destination(path: Path) -> Path:
    """The file that `path` names: a link's target (followed to the end), or `path`
    itself; OSError if something other than a regular file is there."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real  # a new file (or a link to one not made yet)
    except (OSError, ValueError) as exc:
        raise OSError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not stat.S_ISREG(mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "a special file"
        )
        raise OSError(f"cannot write {path}: it is {kind}, not a regular file")
    return real


def save(path: Path, buffer: QBuffer, data: QByteArray) -> None:
    """The painted bytes to `path` (through a link, to its target), atomically; OSError
    (missing folder, full disk, a device or folder of that name...)."""
    buffer.close()
    if data.isEmpty():
        raise OSError(f"nothing was painted for {path}")
    real = destination(path)
    umask = os.umask(0o022)
    os.umask(umask)
    atomic_write(real, bytes(data.data()), make_parents=False, mode=0o666 & ~umask)


def check_folder(path: Path) -> None:
    """Fail before painting, with the words a user needs."""
    real = destination(path)
    if not real.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {real.parent} does not exist")


def write_error(path: Path | str, exc: OSError) -> str:
    """What a failed write tells the user: the file and the system's reason."""
    return f"cannot write {path}: {exc.strerror}" if exc.strerror else str(exc)


def save_image(path: Path, image: QImage, fmt: str = "PNG") -> None:
    """`image` encoded in memory and written atomically (the chart's PNG pages and
    `reflexmap shot`): OSError for a missing folder, a full disk or a failed encoding."""
    check_folder(path)
    buffer, data = memory()
    # PySide6 wants the format as str here (bytes fails at run time); its stub says bytes.
    if not image.save(buffer, fmt):  # type: ignore[call-overload]
        raise OSError(f"cannot write {path}: the image could not be encoded as {fmt}")
    save(path, buffer, data)
