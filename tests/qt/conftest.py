"""Qt fixtures: the main window with private settings; no leaked top-level widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, atlas, settings):  # type: ignore[no-untyped-def]
    from reflexmap.qt.main_window import MainWindow

    before = set(QApplication.topLevelWidgets())
    win = MainWindow(atlas, settings, theme_name="light")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.map.fit()
    yield win
    win.close()
    leaked = [w for w in QApplication.topLevelWidgets()
              if w not in before and w is not win and w.isVisible()
              and w.parent() is None and not w.inherits("QMenu")]
    assert not leaked, f"leaked top-level widgets: {leaked}"
