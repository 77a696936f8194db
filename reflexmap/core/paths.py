"""Where the bundled content lives: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


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
