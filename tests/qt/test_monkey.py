"""A GUI monkey: 10,000 seeded random clicks, keys, wheel turns, view switches, menu actions
and dialogs over the main window. No Python exception and no Qt warning or critical message
at all (the few the offscreen platform itself prints are listed and matched exactly); and the
monkey really drove the app (zones got selected, views switched, menu actions ran).

Two runs: 1,000 events (their own seed) in the default `uv run pytest`, and the full
10,000 in the `heavy` tier (~20 s of a core), which `uv run pytest -m heavy` and .ci/run
run. MONKEY_EVENTS and MONKEY_SEED change the full run."""

from __future__ import annotations

import os
import random
import sys
import time

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMenuBar,
    QMessageBox,
    QWidget,
)

EVENTS = int(os.environ.get("MONKEY_EVENTS", "10000"))
SEED = int(os.environ.get("MONKEY_SEED", "20240607"))
QUICK_EVENTS, QUICK_SEED = 1000, 20240608  # the default run's monkey
# Messages of the offscreen platform plugin, not of the app: matched exactly, nothing else.
PLATFORM_NOISE = frozenset(
    {
        "This plugin does not support propagateSizeHints()",
        "This plugin does not support raise()",
        "This plugin does not support grabbing the keyboard",
    }
)
KEYS = [
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Space,
    Qt.Key.Key_Plus,
    Qt.Key.Key_Minus,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Delete,
    Qt.Key.Key_A,
    Qt.Key.Key_H,
    Qt.Key.Key_E,
    Qt.Key.Key_Z,
    Qt.Key.Key_0,
    Qt.Key.Key_1,
]
MODIFIERS = [Qt.KeyboardModifier.NoModifier] * 6 + [
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
]


def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("about", "aboutQt", "critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: None))
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    # the static getters run their own modal loop in C++, out of reach of exec() above
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    for cls in (QDialog, QMessageBox, QFileDialog, QPrintDialog, QPrintPreviewDialog):
        monkeypatch.setattr(cls, "exec", lambda self, *a: 0)
    monkeypatch.setattr(QMenu, "exec", lambda self, *a: None)


def _actions(window: QWidget) -> list[QAction]:
    out: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu())
            elif not act.isSeparator() and "Quit" not in act.text():
                out.append(act)

    for act in window.menuBar().actions():
        if act.menu() is not None:
            walk(act.menu())
    return out


def _close_extras(window: QWidget) -> None:
    popup = QApplication.activePopupWidget()
    while popup is not None:
        popup.close()
        popup = QApplication.activePopupWidget()
    for w in QApplication.topLevelWidgets():
        if w is not window and w.isVisible() and isinstance(w, QDialog | QMessageBox):
            w.close()
        elif (
            w is not window
            and w.isVisible()
            and not isinstance(w, QMenu)
            and w.inherits("QMainWindow")
        ):
            w.close()  # a content pack window


@pytest.mark.slow
@pytest.mark.parametrize(
    ("events", "seed"),
    [
        pytest.param(QUICK_EVENTS, QUICK_SEED, id=f"{QUICK_EVENTS}-events"),
        pytest.param(EVENTS, SEED, id=f"{EVENTS}-events", marks=pytest.mark.heavy),
    ],
)
def test_monkey(window, qtbot, monkeypatch, events: int, seed: int) -> None:
    _no_modal_dialogs(monkeypatch)
    window.resize(1100, 750)  # smaller paints; every widget still shown
    rng = random.Random(seed)
    sys.stderr.write(
        f"monkey: seed {seed}, {events} events"
        + (f" (MONKEY_SEED={seed} replays it with -m heavy)\n" if events == EVENTS else "\n")
    )
    bad: list[str] = []
    noise: dict[str, int] = {}

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            if message in PLATFORM_NOISE:
                noise[message] = noise.get(message, 0) + 1
            else:
                bad.append(f"{kind.name}: {message}")

    previous = qInstallMessageHandler(handler)
    counts: dict[str, int] = {}
    selected: set[str] = set()
    seen_views: set[str] = set()
    actions = _actions(window)
    views = list(window.ctx.atlas.views)
    start = time.monotonic()
    try:
        with qtbot.capture_exceptions() as exceptions:
            widgets: list[QWidget] = []
            for i in range(events):
                if i % 50 == 0:
                    widgets = [
                        w
                        for w in window.findChildren(QWidget)
                        if w.isVisible()
                        and w.width() > 2
                        and w.height() > 2
                        and not isinstance(w, QMenuBar | QComboBox)
                    ]
                r = rng.random()
                vp = window.features.map.view.viewport()
                if r < 0.40:
                    kind = "map click"
                    pos = QPoint(
                        rng.randrange(max(1, vp.width())), rng.randrange(max(1, vp.height()))
                    )
                    QTest.mouseClick(
                        vp,
                        rng.choice([Qt.MouseButton.LeftButton] * 5 + [Qt.MouseButton.RightButton]),
                        Qt.KeyboardModifier.NoModifier,
                        pos,
                    )
                elif r < 0.65:
                    kind = "key"
                    target = QApplication.focusWidget() or window.features.map.view
                    if not target.isVisible():
                        target = window.features.map.view
                    key, mod = rng.choice(KEYS), rng.choice(MODIFIERS)
                    if not (
                        mod == Qt.KeyboardModifier.ControlModifier
                        and key in (Qt.Key.Key_Z, Qt.Key.Key_Backspace)
                    ):
                        QTest.keyClick(target, key, mod)
                elif r < 0.80:
                    kind = "wheel"
                    pos = QPointF(
                        rng.randrange(max(1, vp.width())), rng.randrange(max(1, vp.height()))
                    )
                    delta = rng.choice([-240, -120, 120, 240])
                    event = QWheelEvent(
                        pos,
                        vp.mapToGlobal(pos),
                        QPoint(0, 0),
                        QPoint(0, delta),
                        Qt.MouseButton.NoButton,
                        rng.choice(MODIFIERS),
                        Qt.ScrollPhase.NoScrollPhase,
                        False,
                    )
                    QApplication.sendEvent(vp, event)
                elif r < 0.82:
                    kind = "view switch"
                    window.ctx.state.set_view(rng.choice(views))
                elif r < 0.96:
                    kind = "widget click"
                    w = rng.choice(widgets)
                    if shiboken6.isValid(w) and w.isVisible():
                        QTest.mouseClick(
                            w,
                            Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier,
                            QPoint(
                                rng.randrange(max(1, w.width())), rng.randrange(max(1, w.height()))
                            ),
                        )
                elif r < 0.99:
                    kind = "menu action"
                    act = rng.choice(actions)
                    if act.isEnabled():
                        act.trigger()
                else:
                    kind = "dialog"
                    if rng.random() < 0.5:
                        window.features.userdata.open_journal()
                    elif window.ctx.atlas.sequences:
                        dialog = window.ctx.journal.log_session(
                            rng.choice(list(window.ctx.atlas.sequences)), rng.uniform(0, 3600)
                        )
                        dialog.before.setValue(rng.randrange(-1, 11))
                        (dialog.accept if rng.random() < 0.5 else dialog.reject)()
                counts[kind] = counts.get(kind, 0) + 1
                if window.ctx.state.selected:
                    selected.add(window.ctx.state.selected)
                seen_views.add(window.ctx.state.view)
                if i % 40 == 0:
                    QApplication.processEvents()
                if i % 50 == 0:
                    _close_extras(window)
            _close_extras(window)
            QApplication.processEvents()
    finally:
        qInstallMessageHandler(previous)
    elapsed = time.monotonic() - start
    sys.stderr.write(
        f"monkey: {sum(counts.values())} events {counts} in {elapsed:.1f} s; "
        f"{len(selected)} zones selected, views {sorted(seen_views)}; "
        f"{len(bad)} Qt warnings, platform noise {noise}\n"
    )
    assert not exceptions, exceptions[0]
    assert bad == [], f"{len(bad)} Qt warning/critical messages: {bad[:5]}"
    # The monkey drove the app, not a dead window: its clicks selected many zones and it
    # saw every view (a map that ignores clicks or a view switch that does nothing fails).
    assert len(selected) >= min(40, events // 100), sorted(selected)
    assert seen_views == set(views)
