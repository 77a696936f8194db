"""Shared test setup: offscreen Qt, and user folders redirected into a temp dir."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's settings or data."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture
def assets_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled content, for tests that break it."""
    dest = tmp_path / "assets"
    shutil.copytree(ASSETS, dest)
    return dest


@pytest.fixture(scope="session")
def atlas():  # type: ignore[no-untyped-def]
    from reflexmap.core.content import load_bundled

    return load_bundled()
