"""The foot map scene: one QGraphicsPathItem per zone, built from the Shapely polygons.

This scene is the chart's single paint routine: the window shows it through a
QGraphicsView, and every export (printer, PDF, SVG, PNG) renders the same scene.
Scene units are millimetres with y pointing down (content y is up, so it is negated).
Signals live on the scene, not on the items.
"""

from __future__ import annotations

import math
from weakref import WeakKeyDictionary

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)
from shapely.geometry import LineString, Polygon

from reflexmap.core.atlas import Atlas
from reflexmap.core.models import Zone
from reflexmap.qt.style import LIGHT, ChartStyle

FONT_PX = 40.0  # fonts are drawn at this pixel size and scaled down to millimetres
LABEL_MM = 4.6  # label height at full size
CAPTION_MM = 7.0


def polygon_path(poly: Polygon) -> QPainterPath:
    """The polygon as a QPainterPath, y flipped."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in (poly.exterior, *poly.interiors):
        path.addPolygon(QPolygonF([QPointF(x, -y) for x, y in ring.coords]))
        path.closeSubpath()
    return path


_PATHS: WeakKeyDictionary[Atlas, dict[object, QPainterPath]] = WeakKeyDictionary()


def atlas_path(atlas: Atlas, key: str | tuple[str, str]) -> QPainterPath:
    """A zone's path (key: zone id) or an outline's ((view, foot)), made once per atlas:
    every view switch and export reuses it (QPainterPath is implicitly shared). The cache
    goes with the atlas."""
    paths = _PATHS.setdefault(atlas, {})
    if key not in paths:
        poly = atlas.outlines[key] if isinstance(key, tuple) else atlas.zones[key].polygon
        paths[key] = polygon_path(poly)
    return paths[key]


def scaled_text(
    text: str, mm: float, colour: QColor, bold: bool = False
) -> QGraphicsSimpleTextItem:
    """Text sized in millimetres, identical on screen, paper, SVG and PNG."""
    item = QGraphicsSimpleTextItem(text)
    font = QFont()
    font.setPixelSize(int(FONT_PX))
    font.setBold(bold)
    item.setFont(font)
    item.setBrush(colour)
    item.setScale(mm / FONT_PX)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)
    return item


_IDENTITY = QTransform()  # itemAt's device transform: none, the scene is not transformed


class EdgedPathItem(QGraphicsPathItem):
    """A path item whose edge is drawn in paint(), not set as its pen.

    With no pen, Qt's own shape() is exactly the path, so hit tests stay in C++ (no
    stroking per mouse move, no Python call) and agree with Shapely at the edges.
    """

    def __init__(self, path: QPainterPath) -> None:
        super().__init__(path)
        self.edge = QPen(Qt.PenStyle.NoPen)
        self.setPen(QPen(Qt.PenStyle.NoPen))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        super().paint(painter, option, widget)
        if self.edge.style() != Qt.PenStyle.NoPen:
            painter.setPen(self.edge)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.path())


class ZoneItem(EdgedPathItem):
    """A zone. Its hit area is exactly its polygon (the edge is not part of its shape)."""

    def __init__(self, zone: Zone, fill: QColor, style: ChartStyle,
                 path: QPainterPath | None = None) -> None:
        super().__init__(path if path is not None else polygon_path(zone.polygon))
        self.zone_id = zone.id
        self.base_fill = fill
        self.style = style
        self.hovered = False
        self.selected = False
        self.looked_up = False
        self.focused = False
        self.setData(0, zone.id)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.refresh()

    def refresh(self) -> None:
        s = self.style
        fill = self.base_fill
        if self.looked_up:
            fill = s.lookup.lighter(185) if s.name == "light" else s.lookup
        if self.selected:
            fill = s.selected.lighter(140) if s.name in ("light", "grayscale") else s.selected
        elif self.hovered:
            fill = s.hover
        self.setBrush(QBrush(fill))
        pen = QPen(s.ink if (self.selected or self.focused) else s.zone_edge)
        pen.setCosmetic(True)
        pen.setWidthF(3.0 if self.selected else (2.0 if self.focused else 1.0))
        if self.focused and not self.selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.edge = pen
        self.setZValue(2 if self.selected else (1.5 if self.focused else 1))
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        super().paint(painter, option, widget)
        if self.looked_up:  # a hatch, so the lookup does not rely on colour alone
            hatch = self.style.lookup.darker(160) if self.style.name == "light" else self.style.ink
            painter.fillPath(self.path(), QBrush(hatch, Qt.BrushStyle.BDiagPattern))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        scene = self.scene()
        if isinstance(scene, FootScene):
            scene.set_hovered(self.zone_id)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        scene = self.scene()
        if isinstance(scene, FootScene) and scene.hovered_id == self.zone_id:
            scene.set_hovered(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if isinstance(scene, FootScene) and self.path().contains(event.pos()):
            scene.zone_clicked.emit(self.zone_id)
        event.accept()


class FootScene(QGraphicsScene):
    zone_hovered = Signal(str)  # "" when the pointer leaves every zone
    zone_clicked = Signal(str)

    def __init__(self, atlas: Atlas, style: ChartStyle = LIGHT, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.atlas = atlas
        self.style = style
        self.view_id = ""
        self.feet: tuple[str, ...] = ("left", "right")
        self.items_by_id: dict[str, ZoneItem] = {}
        self.hovered_id: str | None = None
        self.selected_id: str | None = None
        self.focus_id: str | None = None
        self.lookup_ids: set[str] = set()
        self.motion_technique: str | None = None
        self.show_numbers = True
        self.text_scale = 1.0
        self._motion_items: list[QGraphicsItem] = []
        self._outlines: list[QPainterPath] = []
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    # ---- building ----------------------------------------------------------------------
    def show_view(self, view_id: str, feet: tuple[str, ...] = ("left", "right"),
                  captions: bool = True) -> None:
        self.clear()
        self.items_by_id = {}
        self._motion_items = []
        self.hovered_id = None
        self.view_id = view_id
        self.feet = feet
        self.setBackgroundBrush(self.style.background)
        atlas = self.atlas
        # Text grows with the drawing so it stays legible when a tall view (the legs) or a
        # wide one (the feet in profile) is fitted to the window.
        boxes = [o.bounds for (v, f), o in atlas.outlines.items() if v == view_id and f in feet]
        if boxes:
            extent = max(max(b[3] for b in boxes) - min(b[1] for b in boxes),
                         (max(b[2] for b in boxes) - min(b[0] for b in boxes)) * 0.9)
            self.text_scale = max(1.0, extent / 290.0)
        else:
            self.text_scale = 1.0
        # Foot outlines are drawn over the zones in drawForeground, not as items: an item
        # covering the whole foot would be the topmost hit of every hover test.
        self._outlines = [atlas_path(atlas, (view_id, foot)) for foot in feet
                          if (view_id, foot) in atlas.outlines]
        for index, zone in enumerate(atlas.zones_of(view=view_id)):
            if zone.foot not in feet:
                continue
            system = None
            if zone.claims:
                area = atlas.body_areas.get(zone.claims[0].body_area)
                system = area.system if area else None
            item = ZoneItem(zone, self.style.zone_fill(system, zone.number + index), self.style,
                            atlas_path(atlas, zone.id))
            item.setToolTip(self._tooltip(zone))
            self.addItem(item)
            self.items_by_id[zone.id] = item
            self._add_label(item, zone)
        if captions:
            self._add_captions(view_id, feet)
        rect = self.itemsBoundingRect().adjusted(-8, -8, 8, 8)
        self.setSceneRect(rect)
        self._apply_state()

    def _tooltip(self, zone: Zone) -> str:
        foot = self.tr("left foot") if zone.foot == "left" else self.tr("right foot")
        areas = ", ".join(dict.fromkeys(
            self.atlas.body_areas[c.body_area].name for c in zone.claims))
        tip = f"{zone.name} ({foot})"
        if areas:
            tip += "\n" + self.tr("Reflexology claims: {0}").format(areas)
        return tip

    def _add_label(self, item: ZoneItem, zone: Zone) -> None:
        pt = self.atlas.label_point(zone.id)
        room = self.atlas.label_room(zone.id)
        text = str(zone.number)
        k = self.text_scale
        mm = max(2.2 * k, min(LABEL_MM * k, room * 2.0 * 0.8,
                              room * 2.0 * 1.5 / max(1, len(text))))
        label = scaled_text(text, mm, self.style.ink, bold=True)
        br = label.boundingRect()
        w, h = br.width() * label.scale(), br.height() * label.scale()
        label.setParentItem(item)
        label.setPos(pt.x - w / 2.0, -pt.y - h / 2.0)
        label.setVisible(self.show_numbers)

    def _add_captions(self, view_id: str, feet: tuple[str, ...]) -> None:
        top = min((-b for (v, f), o in self.atlas.outlines.items()
                   if v == view_id and f in feet for b in [o.bounds[3]]), default=-250.0)
        for foot in feet:
            outline = self.atlas.outlines.get((view_id, foot))
            if outline is None:
                continue
            minx, miny, maxx, _ = outline.bounds
            text = self.tr("Left foot") if foot == "left" else self.tr("Right foot")
            if self.atlas.views[view_id].kind == "leg":
                text = self.tr("Left leg") if foot == "left" else self.tr("Right leg")
            cap = scaled_text(text, CAPTION_MM * self.text_scale, self.style.ink, bold=True)
            w = cap.boundingRect().width() * cap.scale()
            cap.setPos((minx + maxx) / 2.0 - w / 2.0, -miny + 4.0 * self.text_scale)
            self.addItem(cap)
        title = scaled_text(self.atlas.views[view_id].name, CAPTION_MM * self.text_scale,
                            self.style.muted)
        w = title.boundingRect().width() * title.scale()
        title.setPos(-w / 2.0, top - 16.0 * self.text_scale)
        self.addItem(title)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt)
        if not self._outlines:
            return
        pen = QPen(self.style.outline_edge)
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self._outlines:
            painter.drawPath(path)

    # ---- state -------------------------------------------------------------------------
    def set_style(self, style: ChartStyle) -> None:
        self.style = style
        if self.view_id:
            self.show_view(self.view_id, self.feet)

    def set_hovered(self, zone_id: str | None) -> None:
        if zone_id == self.hovered_id:
            return
        old, self.hovered_id = self.hovered_id, zone_id
        for zid in (old, zone_id):
            if zid in self.items_by_id:
                item = self.items_by_id[zid]
                item.hovered = zid == zone_id
                item.refresh()
        self.zone_hovered.emit(zone_id or "")

    def set_selected(self, zone_id: str | None) -> None:
        self.selected_id = zone_id
        self._apply_state()

    def set_focus_zone(self, zone_id: str | None) -> None:
        self.focus_id = zone_id
        self._apply_state()

    def set_lookup(self, zone_ids: set[str]) -> None:
        self.lookup_ids = set(zone_ids)
        self._apply_state()

    def set_motion(self, technique_id: str | None) -> None:
        self.motion_technique = technique_id
        self._draw_motions()

    def _apply_state(self) -> None:
        for zid, item in self.items_by_id.items():
            item.selected = zid == self.selected_id
            item.focused = zid == self.focus_id
            item.looked_up = zid in self.lookup_ids
            item.refresh()
        self._draw_motions()

    def _draw_motions(self) -> None:
        for item in self._motion_items:
            self.removeItem(item)
        self._motion_items = []
        if not self.motion_technique or not self.view_id:
            return
        for motion in self.atlas.motions_for(self.motion_technique, self.view_id):
            if motion.foot in self.feet:
                self._motion_items.append(self._arrow_item(motion.line, motion.circular))

    def _arrow_item(self, line: LineString, circular: bool) -> QGraphicsItem:
        path = QPainterPath()
        pts = [QPointF(x, -y) for x, y in line.coords]
        path.moveTo(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
        heads = QPainterPath()
        length = line.length
        marks = [length] if circular else [length * f for f in (0.35, 0.7, 1.0)]
        for d in marks:
            tip = line.interpolate(d)
            back = line.interpolate(max(0.0, d - 3.0))
            ang = math.atan2(-(tip.y - back.y), tip.x - back.x)
            size = 5.0
            a = QPointF(tip.x, -tip.y)
            b = QPointF(tip.x - size * math.cos(ang - 0.45), -tip.y - size * math.sin(ang - 0.45))
            c = QPointF(tip.x - size * math.cos(ang + 0.45), -tip.y - size * math.sin(ang + 0.45))
            heads.addPolygon(QPolygonF([a, b, c, a]))
        path.addPath(heads)
        item = QGraphicsPathItem(path)
        pen = QPen(self.style.motion)
        pen.setWidthF(1.4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        item.setPen(pen)
        fill = QPainterPath()
        fill.addPath(heads)
        item.setBrush(Qt.BrushStyle.NoBrush)
        head_item = QGraphicsPathItem(heads, item)
        head_item.setBrush(self.style.motion)
        head_item.setPen(Qt.PenStyle.NoPen)
        item.setZValue(10)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setAcceptHoverEvents(False)
        item.setData(1, "motion")
        self.addItem(item)
        return item

    # ---- queries -----------------------------------------------------------------------
    def zone_ids(self) -> list[str]:
        return list(self.items_by_id)

    def zone_at(self, pos: QPointF) -> str | None:
        """Hit test through the scene's BSP index: the topmost item is a zone (data(0) holds
        its id) or a zone's label, whose parent is the zone.

        Only a motion arrow can lie over a zone, and only while a card is hovered: then the
        zone under the arrow is looked up in the same index."""
        top = self.itemAt(pos, _IDENTITY)
        if top is None:
            return None
        zone_id = top.data(0)
        if zone_id is None:
            parent = top.parentItem() or top
            zone_id = parent.data(0)
            if zone_id is None and parent.data(1) == "motion":
                for item in self.items(pos, Qt.ItemSelectionMode.ContainsItemShape,
                                       Qt.SortOrder.DescendingOrder):
                    if isinstance(item, ZoneItem):
                        return item.zone_id
        return zone_id

    def render_to(self, painter: QPainter, target: QRectF) -> None:
        """Draw the chart into `target` keeping its aspect ratio (for every export)."""
        self.render(painter, target, self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
