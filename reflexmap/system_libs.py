"""Before Qt: are the system libraries it needs there? Said plainly, with the packages.

A bare Linux machine (a container, a minimal install) lacks libraries that the PySide6
wheels expect from the system. Without them, importing QtGui fails with a loader message
naming a ``.so`` file, and a window on X11 is worse: the xcb platform plugin cannot load,
Qt prints a hint and aborts the interpreter (SIGABRT, a core dump). So the commands that
start Qt ask the dynamic loader first, with ``dlopen`` (ctypes.CDLL), the same search Qt's
own loading does (LD_LIBRARY_PATH, the cache, the default folders): a library that loads
here loads for Qt, and one that is missing or broken is named with the Debian package
that holds it. ``ctypes.util.find_library`` was not used: it runs ``ldconfig -p`` (a
subprocess) and ignores LD_LIBRARY_PATH. The libraries are loaded by Qt a moment later
anyway, so opening them first costs only the lookups (measured: see `missing`).

No Qt here; the checks run only on Linux (macOS and Windows wheels carry what they need).
"""

from __future__ import annotations

import ctypes
import os
import sys

# soname -> Debian package; what QtGui and QtWidgets link to outside the wheel
BASE = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
}
# what the xcb platform plugin (a window on X11) needs on top
XCB = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _wants_xcb(window: bool) -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    # Qt picks wayland on a Wayland session and falls back to xcb; with no display at all
    # it fails anyway (and says so itself)
    return window and bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing(*, window: bool) -> list[tuple[str, str, str]]:
    """(library, package, why) for each library the loader cannot open. `window`: the
    command opens a window (the xcb plugin's libraries are needed too)."""
    if not sys.platform.startswith("linux"):
        return []
    wanted = dict(BASE)
    if _wants_xcb(window):
        wanted.update(XCB)
    out = []
    for soname, package in wanted.items():
        try:
            ctypes.CDLL(soname)
        except OSError as exc:
            out.append((soname, package, str(exc)))
    return out


def message(problems: list[tuple[str, str, str]]) -> str:
    packages = " ".join(dict.fromkeys(p for _, p, _ in problems))
    lines = [
        "reflexmap: Qt cannot start: the system lacks libraries it needs:",
        *(f"  {lib} ({why})" for lib, _, why in problems),
        "On Debian or Ubuntu, install them with:",
        f"  sudo apt-get install {packages}",
        "(Other systems: the same libraries, from their own packages.)",
    ]
    return "\n".join(lines) + "\n"


def check(*, window: bool) -> bool:
    """True when Qt can start; else the message is written to stderr."""
    problems = missing(window=window)
    if problems:
        sys.stderr.write(message(problems))
    return not problems
