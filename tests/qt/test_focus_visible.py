"""Every control the keyboard can reach shows that it has the focus, in every theme (issue
29: in high contrast the search field, the progress bars and the step box showed no border
and Pause/Resume no ring).

Measured from pixels: each control in the window's Tab chain, with the routine player open,
is grabbed with the keyboard on it and again with the keyboard elsewhere; what changes must
stand out 3:1 or more against what was there before (WCAG 2.2's focus appearance).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from reflexmap.core import practice
from reflexmap.qt.map.style import contrast_ratio

THEMES = ("light", "dark", "high-contrast")


def _grab(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def focus_change(widget: QWidget, elsewhere: QWidget) -> float:
    """The best contrast between a pixel that changed when `widget` got the focus and the
    colour it had before."""
    # The focus is given as the player and the dialogs give it (setFocus, no Tab pressed
    # yet): Fusion then drew no ring at all, so Pause/Resume showed none after Space.
    elsewhere.setFocus(Qt.FocusReason.OtherFocusReason)
    before = _grab(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    assert widget.hasFocus(), widget
    after = _grab(widget)
    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    if before.size() != after.size():
        return 21.0
    best = 1.0
    for y in range(0, after.height()):
        for x in range(0, after.width()):
            a, b = after.pixel(x, y), before.pixel(x, y)
            if a != b:
                best = max(best, contrast_ratio(QColor.fromRgb(a), QColor.fromRgb(b)))
                if best >= 3.0:
                    return best
    return best


def tab_chain(window) -> list[QWidget]:
    first = window.features.map.view
    chain, w = [], first
    for _ in range(400):
        if (
            w.isVisible()
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None  # Tab skips it, as Qt does (the map's viewport)
        ):
            chain.append(w)
        w = w.nextInFocusChain()
        if w is first:
            break
    return chain


def _paused_session(new_window, atlas, qtbot, name: str):  # type: ignore[no-untyped-def]
    """A window in theme `name` with the self session started and paused: the step's
    widgets stay while they are measured."""
    window = new_window(atlas, theme=name)
    panel = window.features.player.panel
    window.ctx.routines.open_routine(practice.SESSION_ID)
    if panel.dialog is not None:
        panel.dialog.accept()
    qtbot.waitUntil(lambda: panel.session.state != "idle")
    panel.toggle()
    return window, panel


@pytest.mark.parametrize("name", THEMES)
def test_every_control_shows_focus(new_window, atlas, qtbot, name: str) -> None:
    window, panel = _paused_session(new_window, atlas, qtbot, name)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    chain = tab_chain(window)
    assert len(chain) > 10
    weak, seen = [], []
    elsewhere = window.features.map.view
    for w in chain[1:] + chain[:1]:
        if not isValid(w):  # a notice's words: shown for a moment, then deleted
            continue
        try:
            ratio = focus_change(w, elsewhere)
        except RuntimeError:
            assert not isValid(w)  # deleted while measured: a notice's words
            continue
        elsewhere = w
        seen.append(w.objectName())
        if ratio < 3.0:
            weak.append(f"{type(w).__name__}:{w.objectName() or w.accessibleName()} {ratio:.2f}")
    assert not weak, f"{name}: " + "; ".join(weak)
    assert {"search", "playPause", "autoAdvance", "sequencePicker", "footMap"} <= set(seen)


def edge_contrast(widget: QWidget) -> float:
    """The weakest of the four sides: on each, the best contrast against the window's
    colour among the outer 3 pixels at the middle of the side."""
    img = _grab(widget)
    window = widget.palette().color(QPalette.ColorRole.Window)
    w, h = img.width(), img.height()
    sides = [
        [(w // 2, y) for y in range(3)],
        [(w // 2, h - 1 - y) for y in range(3)],
        [(x, h // 2) for x in range(3)],
        [(w - 1 - x, h // 2) for x in range(3)],
    ]
    return min(max(contrast_ratio(img.pixelColor(x, y), window) for x, y in side) for side in sides)


@pytest.mark.parametrize("name", THEMES)
def test_fields_boxes_and_bars_have_a_visible_edge(new_window, atlas, qtbot, name: str) -> None:
    """WCAG 1.4.11: a control's boundary at 3:1 against the window (issue 29: in high
    contrast the search field, the progress bars and the step box had none)."""
    window, panel = _paused_session(new_window, atlas, qtbot, name)
    window.features.map.view.setFocus()  # none of them has the focus
    found = {
        n: window.findChild(QWidget, n)
        for n in ("search", "stepCard", "stepProgress", "overallProgress")
    }
    assert all(found.values()), found
    weak = {n: round(edge_contrast(w), 2) for n, w in found.items()}
    assert all(v >= 3.0 for v in weak.values()), f"{name}: {weak}"


def cut_tabs(window) -> list[str]:
    """The side's tab titles that do not show whole (scrolled out, elided or clipped)."""
    bar = window.side.tabBar()
    metrics = bar.fontMetrics()
    cut = []
    for i in range(bar.count()):
        rect, text = bar.tabRect(i), bar.tabText(i).replace("&", "")
        if (
            rect.left() < 0
            or rect.right() >= bar.width()
            or rect.width() < metrics.horizontalAdvance(text)
        ):
            cut.append(f"{text} {rect.width()}px of {bar.width()}px")
    return cut


@pytest.mark.parametrize("size", [(1366, 768), (1158, 637)])
def test_no_tab_title_is_cut_at_1366x768_with_the_player_open(window, qtbot, size) -> None:
    """Issue 29: with the player open, "Body areas" showed as "Bod" behind scroll arrows.
    1158x637: the window the app opened at on a 1366x768 screen (Xvfb, openbox)."""
    window.resize(*size)
    qtbot.waitExposed(window)
    panel = window.features.player.panel
    panel.show()
    qtbot.wait(50)
    assert not cut_tabs(window)
    window.ctx.routines.open_routine(practice.SESSION_ID)
    if panel.dialog is not None:
        panel.dialog.accept()
    qtbot.waitUntil(lambda: panel.session.state != "idle")
    panel.stop()  # the side comes back beside the open player
    qtbot.waitUntil(lambda: not window.side.isHidden())
    QApplication.processEvents()
    assert not cut_tabs(window), window.splitter.sizes()
