"""Qt fixtures: main windows with private settings and data; no leaked top-level widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def new_window(qtbot, settings) -> Iterator[Callable[..., QWidget]]:
    """Makes main windows the way the app does (one store and settings per process)."""
    from reflexmap.qt.shell.windows import Windows

    factories: dict[int, Windows] = {}
    made: list[QWidget] = []

    def make(
        atlas,
        *,
        theme: str = "light",
        fresh_store: bool = False,
        show: bool = True,
        defer: bool = False,
    ):
        if fresh_store or not factories:
            factories[len(factories)] = Windows(settings, theme_name=theme)
        win = factories[len(factories) - 1].new(atlas, defer=defer)
        made.append(win)  # not qtbot.addWidget: a closed main window is deleted
        win.resize(1400, 900)
        if show:
            win.show()
            qtbot.waitExposed(win)
            win.features.map.view.fit()
        return win

    yield make
    for win in made:
        if isValid(win):
            win.close()


@pytest.fixture
def window(new_window, atlas):
    before = set(QApplication.topLevelWidgets())
    win = new_window(atlas)
    yield win
    leaked = [
        w
        for w in QApplication.topLevelWidgets()
        if w not in before
        and w is not win
        and w.isVisible()
        and w.parent() is None
        and not w.inherits("QMenu")
    ]
    if isValid(win):  # closing deletes a main window (WA_DeleteOnClose)
        win.close()
    assert not leaked, f"leaked top-level widgets: {leaked}"
