"""The foot map view: zoom, pan, fit, and keyboard walking of the zones."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from reflexmap.qt.map.accessible import ZoneAccessibility, install_factory
from reflexmap.qt.map.foot_scene import FootScene


class FootMapView(QGraphicsView):
    """Shows a FootScene. One Tab stop, like a list: Tab comes in on the focused zone
    (else the selected one, else the view's first), arrows move to a neighbour, Home/End
    to the first/last zone, Enter/Space select, Escape clears, Tab and Shift+Tab leave for
    the next or previous control. To a screen reader it is a list of the zones
    (`accessible.py`)."""

    def __init__(self, scene: FootScene, parent: QWidget | None = None) -> None:
        install_factory()
        super().__init__(scene, parent)
        # before anything below sends an accessibility event for the view
        self.zone_accessibility = ZoneAccessibility(self, scene)
        self.setObjectName("footMap")
        self.setAccessibleName(self.tr("Foot map"))
        self.setAccessibleDescription(
            self.tr(
                "Zones of the feet. Arrow keys move to a neighbouring zone, Home and End to "
                "the first and last, Enter or Space selects, Escape clears the selection, "
                "Tab leaves the map."
            )
        )
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._auto_fit = True
        self._bottom_band = 0  # px kept free at the bottom (the heat legend lies there)

    @property
    def foot_scene(self) -> FootScene:
        scene = self.scene()
        assert isinstance(scene, FootScene)
        return scene

    # ---- zoom --------------------------------------------------------------------------
    def fit(self) -> None:
        self._auto_fit = True
        self.fitInView(self._fit_rect(), Qt.AspectRatioMode.KeepAspectRatio)

    def reserve_bottom(self, px: int) -> None:
        """Keep `px` free under the fitted chart (the heat legend's band; 0: none)."""
        if px != self._bottom_band:
            self._bottom_band = px
            if self._auto_fit:
                self.fit()

    def _fit_rect(self) -> QRectF:
        """The scene rect, taller by what the bottom band takes of the viewport: fitted,
        the chart ends above the band."""
        rect = self.sceneRect()
        height = self.viewport().height()
        band = self._bottom_band
        if band <= 0 or height <= 2 * band:
            return rect
        return rect.adjusted(0, 0, 0, rect.height() * band / (height - band))

    def zoom_by(self, factor: float) -> None:
        self._auto_fit = False
        current = self.transform().m11()
        if 0.3 < current * factor < 80:
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fitInView(self._fit_rect(), Qt.AspectRatioMode.KeepAspectRatio)

    # ---- keyboard ------------------------------------------------------------------------
    def _order(self) -> list[str]:
        return self.foot_scene.zone_ids()

    def move_focus(self, step: int) -> bool:
        order = self._order()
        if not order:
            return False
        current = self.foot_scene.state.focus
        if current not in order:
            index = 0 if step > 0 else len(order) - 1
        else:
            index = order.index(current) + step
            if not 0 <= index < len(order):
                return False
        self.set_focus_zone(order[index])
        return True

    def set_focus_zone(self, zone_id: str) -> None:
        self.foot_scene.state.set_focus(zone_id)
        item = self.foot_scene.items_by_id.get(zone_id)
        if item is not None and not self._auto_fit:
            self.ensureVisible(item, 20, 20)

    def neighbour_in_direction(self, zone_id: str, dx: float, dy: float) -> str | None:
        """The zone to move to with an arrow key: direction (dx, dy) on screen (y down).

        First choice: a neighbour (shared boundary, from the core) whose label lies that
        way. With none (an enclosed zone, the edge of a foot), the nearest zone of the view
        that way, which lets the arrows cross from one foot to the other.
        """
        atlas = self.foot_scene.atlas
        here = atlas.label_point(zone_id)

        def best_of(candidates: list[str], min_cos: float) -> str | None:
            best, best_score = None, math.inf
            for other in candidates:
                if other == zone_id or other not in self.foot_scene.items_by_id:
                    continue
                there = atlas.label_point(other)
                vx, vy = there.x - here.x, -(there.y - here.y)
                dist = math.hypot(vx, vy) or 1e-9
                cos = (vx * dx + vy * dy) / dist
                if cos < min_cos:
                    continue
                score = dist * (2.0 - cos)
                if score < best_score:
                    best, best_score = other, score
            return best

        return best_of(list(atlas.neighbours(zone_id)), 0.35) or best_of(
            self.foot_scene.zone_ids(), 0.6
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        state = self.foot_scene.state
        arrows: dict[int, tuple[float, float]] = {
            Qt.Key.Key_Left: (-1.0, 0.0),
            Qt.Key.Key_Right: (1.0, 0.0),
            Qt.Key.Key_Up: (0.0, -1.0),
            Qt.Key.Key_Down: (0.0, 1.0),
        }
        if key in arrows and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            current = state.focus or (state.selected if state.on_view(state.selected) else None)
            if current is None:
                self.move_focus(1)
            else:
                target = self.neighbour_in_direction(current, *arrows[key])
                if target:
                    self.set_focus_zone(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._order():
            self.set_focus_zone(self._order()[0 if key == Qt.Key.Key_Home else -1])
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if state.on_view(state.focus):
                state.select_zone(state.focus)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            state.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        """Tab (or a click, F6, a search result) into the map lands on a zone: the one
        with the focus, else the selected one, else the view's first."""
        super().focusInEvent(event)
        scene, state = self.foot_scene, self.foot_scene.state
        scene.set_keyboard_focus(True)
        if not state.on_view(state.focus) and scene.zone_ids():
            selected = state.selected
            self.set_focus_zone(
                selected
                if selected is not None and state.on_view(selected)
                else scene.zone_ids()[0]
            )
        # Qt tells clients the view got the focus after this handler: then tell them
        # which zone inside it has it
        QTimer.singleShot(0, self.zone_accessibility, self.zone_accessibility.announce_focus)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.foot_scene.set_keyboard_focus(False)

    def point_of(self, zone_id: str) -> QPointF:
        """The viewport position of a zone's label point (for tests and tours)."""
        pt = self.foot_scene.atlas.label_point(zone_id)
        return QPointF(self.mapFromScene(QPointF(pt.x, -pt.y)))
