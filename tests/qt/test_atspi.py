"""The map on the real AT-SPI bus (what Orca reads), through tests/a11y/atspi_walk.py.

Skipped where Debian's pieces are missing: xvfb xdotool dbus-x11 at-spi2-core
python3-pyatspi (pyatspi lives in the system Python, not in the project's venv).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "a11y" / "atspi_walk.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _missing() -> str:
    for tool in ("Xvfb", "xdotool", "dbus-launch", "dbus-send", "uv"):
        if shutil.which(tool) is None:
            return tool
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "at-spi2-core"
    if (
        not SYSTEM_PYTHON.exists()
        or subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True
        ).returncode
    ):
        return "python3-pyatspi"
    return ""


def test_zones_and_focus_on_the_atspi_bus(atlas) -> None:
    missing = _missing()
    if missing:
        pytest.skip(f"AT-SPI check needs {missing}")
    run = subprocess.run(
        [str(SYSTEM_PYTHON), str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=SCRIPT.parents[2],
    )
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    first_view = next(iter(atlas.views))  # a fresh config opens the first view
    assert summary["zones_on_bus"] == len(atlas.zones_of(view=first_view))
    assert summary["roles"] == ["list item"]
    assert summary["moves_with_focus_event"] == summary["moves"] == 10
    # the map is one Tab stop: Tab leaves it, Shift+Tab comes back to the zone it left
    assert summary["tab_leaves_to"] is not None
    assert summary["back_on_the_same_zone"]
    assert any(s.startswith("Selected: ") for s in summary["announced"])
    # the details panel: each link reached with Tab is said, with its section
    assert len(summary["links_announced"]) == 3
    assert all(", under " in s for s in summary["links_announced"])
