"""First start fits the screen; the print preview opens large enough to read a page.

Mutations tried: dropping fit_to_screen from MainWindow._restore leaves the window at
Qt's default size in the corner (test_first_start_fills_and_centres fails); fitting the
page's width instead of the whole page (the dialog then opened at 130 % with its "Fit page"
button pressed) fails test_print_preview_is_readable.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication


def test_first_start_fills_and_centres(qtbot, atlas, settings) -> None:
    from reflexmap.qt.shell.windows import Windows

    assert settings.value("geometry") is None  # an empty config: a first start
    win = Windows(settings, theme_name="light").new(atlas)
    win.show()
    qtbot.waitExposed(win)
    free = (win.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    frame = win.frameGeometry()
    assert frame.width() >= 0.75 * free.width() and frame.height() >= 0.75 * free.height()
    assert abs(frame.center().x() - free.center().x()) <= 2
    assert abs(frame.center().y() - free.center().y()) <= 2
    win.close()
    again = Windows(settings, theme_name="light").new(atlas)  # remembered after that
    assert again.size() == win.size()
    again.close()


def test_print_preview_is_readable(window) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from reflexmap.qt.printing.chart_page import ChartOptions

    preview = window.features.printing.open_preview(ChartOptions())
    free = preview.screen().availableGeometry()
    assert preview.width() >= 0.75 * free.width() and preview.height() >= 0.75 * free.height()
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitInView  # the whole page
    preview.close()
