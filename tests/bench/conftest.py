"""The bench's pytest files use the window fixtures of tests/qt."""

from __future__ import annotations

from qt.conftest import new_window, settings, window  # noqa: F401 (fixtures)
