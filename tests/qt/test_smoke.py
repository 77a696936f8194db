"""The window opens and shows two recognisable soles; the PySide6 regression guard."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel


def test_window_shows_both_soles(window) -> None:
    scene = window.features.map.scene
    ids = scene.zone_ids()
    assert sum(i.startswith("left.sole.") for i in ids) >= 30
    assert sum(i.startswith("right.sole.") for i in ids) >= 30
    image = window.features.map.view.viewport().grab().toImage()
    # Pixel probes: inside a zone the fill is not the background; between the feet it is.
    for zid in ("left.sole.lower_heel", "right.sole.lower_heel", "left.sole.lungs_chest"):
        p = window.features.map.view.point_of(zid).toPoint() + QPoint(0, 12)
        assert QColor(image.pixel(p)) != QColor("#ffffff"), zid
    left = window.features.map.view.point_of("left.sole.lower_heel")
    right = window.features.map.view.point_of("right.sole.lower_heel")
    middle = ((left + right) / 2).toPoint()
    assert QColor(image.pixel(middle)) == QColor("#ffffff")


def test_pyside_void_call_regression(qtbot) -> None:
    """PySide6 6.12.0 on Python 3.11 aborted after ~5,000 calls of methods returning
    nothing (a leaked reference to None); pyproject pins below 6.12 there."""
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(10_000):
        label.setText(str(i))
    assert label.text() == "9999"
