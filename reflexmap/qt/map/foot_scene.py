"""The foot map scene: one QGraphicsPathItem per zone, built from the records' rings.

This scene is the chart's single paint routine: the window shows it through a
QGraphicsView, and every export (printer, PDF, SVG, PNG) renders the same scene.
Scene units are millimetres with y pointing down (content y is up, so it is negated).
Signals live on the scene, not on the items, and the items keep no state: they read
the UiState when they paint, and the scene repaints the zones whose look a state change
touched.
"""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
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

from reflexmap.core.atlas import Atlas
from reflexmap.core.present import labels
from reflexmap.core.records import Shape, Zone
from reflexmap.qt.map.style import LIGHT, ChartStyle
from reflexmap.qt.state import UiState
from reflexmap.qt.text import set_tooltip

FONT_PX = 40.0  # fonts are drawn at this pixel size and scaled down to millimetres
LABEL_MM = 4.6  # label height at full size
CAPTION_MM = 7.0
NAME_MM = (3.2, 2.8, 2.4)  # names on paper: the sizes tried, largest first
# On screen the map is ~2.2 px/mm at 1366x768: 2.4 mm was 5 px, unreadable. A name is
# shown at 8-9 px or not at all; the zone's tooltip (the hover) names every zone.
SCREEN_NAME_MM = (4.0, 3.6)
PLATE_MM = 0.6  # the hatch keeps this far from a zone's text, so the text stays legible
STEP_OUTLINE_PX = 6.0  # the edge of the zone a routine step works (one zone: a reflex)
RING_PX = 2.0  # each of the focus ring's two bands, on screen
STRONG_OUTLINE_MAX = 3  # a step lighting more zones (the whole sole) keeps thin edges


def polygon_path(shape: Shape) -> QPainterPath:
    """The shape's rings as a QPainterPath, y flipped."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in shape.rings:
        path.addPolygon(QPolygonF([QPointF(ring[i], -ring[i + 1]) for i in range(0, len(ring), 2)]))
        path.closeSubpath()
    return path


HATCH_MM = (2.2, 0.16)  # a group hatch on paper: line spacing and width, in millimetres


def hatch_path(shape: QPainterPath, kind: str, spacing: float, width: float) -> QPainterPath:
    """`shape` hatched as filled stripes ("/", "\\" or both for "x"), clipped to it by
    geometry, not by a clip region: SVG output drops clip regions, and a pattern brush is
    sized in device pixels (hair-fine at 1200 dpi). The chart's zones and its key's
    swatches are hatched by this one function."""
    out = QPainterPath()
    if not kind:
        return out
    r = shape.boundingRect()
    stripes = QPainterPath()
    span = r.width() + r.height()
    half = width / 2
    for sign in {"/": (1,), "\\": (-1,), "x": (1, -1)}[kind]:
        k = 0.0
        while k <= span + spacing:
            # a line x + sign*y = const: from the rect's bottom edge up to its top edge
            if sign > 0:
                a = QPointF(r.left() + k - r.height(), r.bottom())
                b = QPointF(r.left() + k, r.top())
            else:
                a = QPointF(r.right() - k + r.height(), r.bottom())
                b = QPointF(r.right() - k, r.top())
            stripes.addPolygon(
                QPolygonF(
                    [
                        a + QPointF(-half, 0),
                        b + QPointF(-half, 0),
                        b + QPointF(half, 0),
                        a + QPointF(half, 0),
                    ]
                )
            )
            stripes.closeSubpath()
            k += spacing
    stripes.setFillRule(Qt.FillRule.WindingFill)
    return stripes.intersected(shape)


def _path_table(atlas: Atlas) -> dict[object, QPainterPath]:
    return {}


def atlas_path(atlas: Atlas, key: str | tuple[str, str]) -> QPainterPath:
    """A zone's path (key: zone id) or an outline's ((view, foot)), made once per atlas:
    every view switch and export reuses it (QPainterPath is implicitly shared). The paths
    are kept by the atlas (`Atlas.derived`)."""
    paths = atlas.derived(_path_table)
    if key not in paths:
        shape = atlas.outlines[key].shape if isinstance(key, tuple) else atlas.zones[key].shape
        paths[key] = polygon_path(shape)
    return paths[key]


def _build_key_systems(atlas: Atlas) -> dict[str, str]:
    out: dict[str, str] = {}
    for zone in atlas.zones_of():
        if zone.key in out:
            continue
        for claim, _region in atlas.claims_for_zone(zone.id):
            area = atlas.body_areas.get(claim.body_area)
            if area is not None:
                out[zone.key] = area.system
                break
    return out


def key_systems(atlas: Atlas) -> dict[str, str]:
    """The body system that colours each zone key: the first claimed (its own claims, then
    its regions') by the first zone with that key in display order. Keyed by the zone's
    key, not its id, so a zone has one colour on both feet and on every view."""
    return atlas.derived(_build_key_systems)


STAR_FILL = QColor("#f2b705")  # a zone with the user's note or star


@cache
def _text_font(bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(int(FONT_PX))
    font.setBold(bold)
    return font


@cache
def _mark_font() -> tuple[QFont, QFontMetricsF]:
    """A mark plate's font at 100 px and its metrics: made once, not per paint."""
    font = QFont(_text_font(True))  # a copy: the cached one is shared by every label
    font.setPixelSize(100)
    return font, QFontMetricsF(font)


def scaled_text(
    text: str, mm: float, colour: QColor, bold: bool = False
) -> QGraphicsSimpleTextItem:
    """Text sized in millimetres, identical on screen, paper, SVG and PNG."""
    item = QGraphicsSimpleTextItem(text)
    item.setFont(_text_font(bold))
    item.setBrush(colour)
    item.setScale(mm / FONT_PX)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)
    return item


_IDENTITY = QTransform()  # itemAt's device transform: none, the scene is not transformed


class ZoneItem(QGraphicsPathItem):
    """A zone. It keeps no state of its own: paint() reads the scene's UiState, so the map
    cannot disagree with the panel. It has no pen, so Qt's shape() is exactly the polygon:
    hit tests stay in C++ and agree with Shapely at the edges; the edge is drawn in paint().
    """

    def __init__(
        self, zone: Zone, fill: QColor, path: QPainterPath, system: str | None = None
    ) -> None:
        super().__init__(path)
        self.zone_id = zone.id
        self.base_fill = fill
        self.system = system
        self._group_hatch: QPainterPath | None = None
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setData(0, zone.id)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # room for a mark's plate under the number, which may reach past a small zone
        self._bounds = path.boundingRect().adjusted(-8, -8, 8, 16)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return self._bounds

    def look(self) -> tuple[QColor, QPen, bool]:
        """Fill, edge and hatch, from the state (the one place that decides how a zone
        looks: screen and paper)."""
        scene = self.scene()
        assert isinstance(scene, FootScene)
        s, st = scene.chart_style, scene.state
        selected = self.zone_id in (st.selected, st.pair)  # a pair: both feet selected
        focused = st.focus == self.zone_id
        hatched = self.zone_id in scene.hatched
        fill = self.base_fill
        layer = st.marks
        if layer is not None and self.zone_id in layer.values:
            fill = s.heat_fill(layer.values[self.zone_id])
        if hatched:
            fill = s.lookup_fill()
        if selected:
            fill = s.selected_fill()
        elif st.hover == self.zone_id:
            fill = s.hover
        hovered = st.hover == self.zone_id
        # the zone a routine step works: a thick ink edge, found from arm's length
        step_zones = st.overlay.zones if st.overlay is not None else frozenset()
        stepped = self.zone_id in step_zones
        pen = QPen(s.ink if (selected or focused or hovered or stepped) else s.zone_edge)
        width = 3.0 if selected else (2.0 if focused else 1.0)
        if stepped and len(step_zones) <= STRONG_OUTLINE_MAX:
            width = max(width, STEP_OUTLINE_PX)
        if scene.paper:  # screen hairlines become real widths on paper: 1 px -> 0.3 mm
            pen.setWidthF(width * 0.3)
        else:
            pen.setCosmetic(True)
            pen.setWidthF(width)
        return fill, pen, hatched

    def ring(self) -> tuple[QColor, QColor] | None:
        """The keyboard focus ring's bands (along the edge, along the fill), when this zone
        has the focus and the map has the keyboard; never on paper."""
        scene = self.scene()
        assert isinstance(scene, FootScene)
        if scene.paper or not scene.keyboard_focus or scene.state.focus != self.zone_id:
            return None
        fill, pen, _ = self.look()
        return scene.chart_style.focus_ring(fill, pen.color())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.scene()
        assert isinstance(scene, FootScene)
        fill, pen, hatched = self.look()
        path = self.path()
        painter.fillPath(path, fill)
        if hatched:  # a hatch, so the lookup does not rely on colour alone
            hatch = QBrush(scene.chart_style.hatch_ink(), Qt.BrushStyle.BDiagPattern)
            painter.fillPath(path.subtracted(self.text_plates()), hatch)
        if scene.group_hatches and not hatched:
            group = self.group_hatch(scene)
            if not group.isEmpty():
                painter.fillPath(group, scene.chart_style.ink)
        ring = self.ring()
        if ring is not None:
            self.paint_ring(painter, path, pen, ring)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        layer = scene.state.marks
        if layer is not None and self.zone_id in layer.labels:
            self.paint_mark(painter, layer.labels[self.zone_id], layer.values[self.zone_id])
        if self.zone_id in scene.state.mine:
            self.paint_mine(painter)

    def paint_ring(
        self, painter: QPainter, path: QPainterPath, pen: QPen, ring: tuple[QColor, QColor]
    ) -> None:
        """Two bands of RING_PX screen pixels each just inside the edge (clipped to the
        zone, so no neighbour covers them and the edge still shows the selection): the
        first along the edge, the second along the fill."""
        edge_in = pen.widthF() / 2  # the half of the edge that lies inside the zone
        painter.save()
        painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for colour, reach in ((ring[1], edge_in + 2 * RING_PX), (ring[0], edge_in + RING_PX)):
            band = QPen(colour)
            band.setCosmetic(True)
            band.setWidthF(2 * reach)  # centred on the edge: half of it falls inside
            band.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(band)
            painter.drawPath(path)
        painter.restore()

    def paint_mine(self, painter: QPainter) -> None:
        """A small star above the zone's number: the user wrote a note on it or starred
        it. Not the heat's numbered plate (issue 30): a shape, ink-edged, in any theme."""
        scene = self.scene()
        assert isinstance(scene, FootScene)
        pt = scene.atlas.label_point(self.zone_id)
        k = scene.text_scale
        r = max(1.4, min(2.2 * k, scene.atlas.label_room(self.zone_id) * 0.5))
        cx, cy = pt.x + r * 1.6, -pt.y - LABEL_MM * 0.55 * k - r * 0.3
        star = QPolygonF(
            [
                QPointF(
                    cx + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi * i / 5),
                    cy - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi * i / 5),
                )
                for i in range(10)
            ]
        )
        painter.save()
        edge = QPen(scene.chart_style.ink)
        edge.setCosmetic(True)
        edge.setWidthF(1.0)
        painter.setPen(edge)
        painter.setBrush(STAR_FILL)
        painter.drawPolygon(star)
        painter.restore()

    def paint_mark(self, painter: QPainter, text: str, value: float) -> None:
        """The number of a mark (or a mean) on a plate under the zone's number, in the
        heat colour with an ink edge: readable in colour, in grayscale and on paper."""
        scene = self.scene()
        assert isinstance(scene, FootScene)
        pt = scene.atlas.label_point(self.zone_id)
        room = scene.atlas.label_room(self.zone_id)
        k = scene.text_scale
        height = max(2.2 * k, min(LABEL_MM * 0.9 * k, room * 1.2))
        font, metrics = _mark_font()
        scale = height / 100.0
        width = (metrics.horizontalAdvance(text) + 40) * scale
        box = QRectF(pt.x - width / 2, -pt.y + height * 0.55, width, height * 1.15)
        painter.save()
        edge = QPen(scene.chart_style.ink)
        edge.setWidthF(0.25 if scene.paper else 0.0)
        edge.setCosmetic(not scene.paper)
        painter.setPen(edge)
        painter.setBrush(scene.chart_style.heat_fill(value))
        painter.drawRoundedRect(box, height * 0.3, height * 0.3)
        painter.translate(box.center())
        painter.scale(scale, scale)
        painter.setFont(font)
        painter.setPen(scene.chart_style.heat_ink(value))
        half = QRectF(-width / scale / 2, -height / scale / 2, width / scale, height / scale * 1.15)
        painter.drawText(half, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def group_hatch(self, scene: FootScene) -> QPainterPath:
        """The zone's body-system hatch (grayscale paper), made once per item."""
        if self._group_hatch is None:
            kind = scene.chart_style.group_hatch(self.system)
            self._group_hatch = hatch_path(
                self.path().subtracted(self.text_plates()), kind, *HATCH_MM
            )
        return self._group_hatch

    def text_plates(self) -> QPainterPath:
        """Where the zone's number and name lie, with a margin: the hatch leaves them out,
        so they sit on the plain fill (4.5:1) instead of on hatch lines."""
        plates = QPainterPath()
        for child in self.childItems():
            if child.isVisible():
                r = child.mapRectToParent(child.boundingRect())
                pad = PLATE_MM * r.height() / LABEL_MM if r.height() < LABEL_MM else PLATE_MM
                plates.addRoundedRect(r.adjusted(-pad, -pad * 0.4, pad, pad * 0.4), pad, pad)
        return plates

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        scene = self.scene()
        if isinstance(scene, FootScene):
            scene.state.set_hover(self.zone_id)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        scene = self.scene()
        if isinstance(scene, FootScene) and scene.state.hover == self.zone_id:
            scene.state.set_hover(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        scene = self.scene()
        # A click is a release near the press: the view hands the press to the zone drawn
        # under a pixel-wide area, so a release just beside an edge is still this click.
        moved = event.screenPos() - event.buttonDownScreenPos(Qt.MouseButton.LeftButton)
        if isinstance(scene, FootScene) and (
            moved.manhattanLength() <= 4 or self.path().contains(event.pos())
        ):
            scene.zone_clicked.emit(self.zone_id)
        event.accept()


class RhythmItem(QGraphicsItem):
    """The beat of the shown move (`present.rhythm`), painted at the state's time: the
    walked bites as dots and the thumb as a ring (filled while it presses), the hook's
    press and draw-back, the turning foot's arc, the breath's growing and easing ring.
    Drawn only while `state.rhythm` is set: the map's clock sets it, paper never does."""

    def __init__(self, scene: FootScene, move: str, lines: list[list[tuple[float, float]]]):
        super().__init__()
        self.foot_scene = scene
        self.move = move
        self.lines = lines
        self.setZValue(11)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setData(1, "motion")
        xs = [x for line in lines for x, _ in line]
        ys = [-y for line in lines for _, y in line]
        self._bounds = QRectF(
            min(xs) - 14, min(ys) - 14, max(xs) - min(xs) + 28, max(ys) - min(ys) + 28
        )

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never in the way of a click or a hover

    def frames(self) -> list[object]:
        from reflexmap.core.present.rhythm import frame  # with the first move shown

        t = self.foot_scene.state.rhythm
        return [] if t is None else [frame(self.move, line, t) for line in self.lines]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        ink = self.foot_scene.chart_style.motion
        for f in self.frames():
            self._paint_frame(painter, f, ink)

    def _paint_frame(self, painter: QPainter, f: object, ink: QColor) -> None:
        from reflexmap.core.present.rhythm import RhythmFrame

        assert isinstance(f, RhythmFrame)
        pen = QPen(ink)
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        x, y = f.point[0], -f.point[1]
        if f.trail:  # the bites walked so far: small dots, left behind, never gone back over
            painter.setBrush(ink)
            for px, py in f.trail:
                painter.drawEllipse(QPointF(px, -py), 0.8, 0.8)
        painter.setBrush(
            ink if f.pressing and f.move in ("thumb_walk", "finger_walk") else Qt.BrushStyle.NoBrush
        )
        if f.move in ("thumb_walk", "finger_walk"):
            r = 2.4 if f.move == "thumb_walk" else 1.8
            painter.drawEllipse(QPointF(x, y), r, r)
        elif f.move == "hook":
            r = 1.2 + 1.6 * f.depth
            painter.setBrush(ink if f.pressing else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y), r, r)
            if f.hook is not None:
                painter.drawLine(QPointF(f.hook[0], -f.hook[1]), QPointF(x, y))
        elif f.move == "rotate":
            painter.setBrush(ink)
            painter.drawEllipse(QPointF(x, y), 1.6, 1.6)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box = QRectF(x - 7, y - 7, 14, 14)
            start = 90 * 16
            painter.drawArc(box, start, int(f.angle * 16 * 2.5))
            end = math.radians(90 + f.angle * 2.5)
            tip = QPointF(x + 7 * math.cos(end), y - 7 * math.sin(end))
            painter.setBrush(ink)
            painter.drawEllipse(tip, 1.0, 1.0)
        elif f.move == "breath":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y), 2.0 + 7.0 * f.depth, 2.0 + 7.0 * f.depth)
            painter.setBrush(ink)
            painter.drawEllipse(QPointF(x, y), 1.4, 1.4)


class FootScene(QGraphicsScene):
    """Draws `state.view` and follows the state's fields. The window's scene shares the
    window's UiState; a printed page has a private one."""

    zone_clicked = Signal(str)

    def __init__(
        self,
        state: UiState,
        style: ChartStyle = LIGHT,
        *,
        paper: bool = False,
        feet: tuple[str, ...] = ("left", "right"),
        captions: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.atlas = state.atlas
        self.chart_style = style
        self.paper = paper
        self.keyboard_focus = False  # the map view has the keyboard: the focus ring shows
        self.feet = feet
        self.captions = captions
        self.view_id = ""
        self.items_by_id: dict[str, ZoneItem] = {}
        self._zone_of: dict[QGraphicsItem, str] = {}  # a zone, its number, its name -> id
        self.hatched: frozenset[str] = frozenset()
        self.show_numbers = True
        self.show_names = False
        self.view_title = True  # the view's name above the feet (a printed chart has its own)
        self.group_hatches = False  # grayscale paper charts: systems told apart by hatching
        self.name_items: dict[str, QGraphicsSimpleTextItem] = {}
        self.text_scale = 1.0
        self._motion_items: list[QGraphicsItem] = []
        self._outlines: list[QPainterPath] = []
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        state.view_changed.connect(self._on_view)
        for signal in (
            state.selected_changed,
            state.focus_changed,
            state.hover_changed,
            state.pair_changed,
        ):
            signal.connect(self._on_zone_field)
        for signal in (state.lookup_changed, state.overlay_changed):
            signal.connect(self._on_hatch)
        for signal in (state.open_technique_changed, state.hover_technique_changed):
            signal.connect(self._draw_motions)
        state.marks_changed.connect(self._on_marks)
        state.rhythm_changed.connect(self._on_rhythm)
        state.mine_changed.connect(self._on_marks)
        self.rhythm_items: list[RhythmItem] = []  # one per drawn line: small repaints
        self._shown: dict[str, str | None] = {}

    # ---- building ----------------------------------------------------------------------
    def _on_view(self) -> None:
        if self.state.view != self.view_id:
            self.rebuild()

    def rebuild(self) -> None:
        """Draw the state's view from scratch (a view switch, a new style)."""
        view_id, feet = self.state.view, self.feet
        self.clear()
        self.items_by_id = {}
        self._zone_of = {}
        self.name_items = {}
        self._motion_items = []
        self.rhythm_items = []
        self.view_id = view_id
        self.setBackgroundBrush(self.chart_style.background)
        atlas = self.atlas
        # Text grows with the drawing so it stays legible when a tall view (the legs) or a
        # wide one (the feet in profile) is fitted to the window.
        boxes = [
            o.shape.bounds for (v, f), o in atlas.outlines.items() if v == view_id and f in feet
        ]
        if boxes:
            extent = max(
                max(b[3] for b in boxes) - min(b[1] for b in boxes),
                (max(b[2] for b in boxes) - min(b[0] for b in boxes)) * 0.9,
            )
            self.text_scale = max(1.0, extent / 290.0)
        else:
            self.text_scale = 1.0
        # Foot outlines are drawn over the zones in drawForeground, not as items: an item
        # covering the whole foot would be the topmost hit of every hover test.
        self._outlines = [
            atlas_path(atlas, (view_id, foot)) for foot in feet if (view_id, foot) in atlas.outlines
        ]
        for zone in atlas.zones_of(view=view_id):
            if zone.foot not in feet:
                continue
            system = key_systems(atlas).get(zone.key)
            item = ZoneItem(
                zone,
                self.chart_style.zone_fill(system, zone.key),
                atlas_path(atlas, zone.id),
                system,
            )
            if not self.paper:
                set_tooltip(item, labels.zone_tooltip(atlas, zone.id))
            self.addItem(item)
            self.items_by_id[zone.id] = item
            self._zone_of[item] = zone.id
            self._add_label(item, zone)
        if self.show_names:
            self._add_names()
        if self.captions:
            self._add_captions(view_id, feet)
        rect = self.itemsBoundingRect().adjusted(-8, -8, 8, 8)
        self.setSceneRect(rect)
        self._shown = {}
        self._on_hatch()
        self._on_zone_field()

    def _add_label(self, item: ZoneItem, zone: Zone) -> None:
        pt = self.atlas.label_point(zone.id)
        room = self.atlas.label_room(zone.id)
        text = str(zone.number)
        k = self.text_scale
        mm = max(2.2 * k, min(LABEL_MM * k, room * 2.0 * 0.8, room * 2.0 * 1.5 / max(1, len(text))))
        label = scaled_text(text, mm, self.chart_style.ink, bold=True)
        br = label.boundingRect()
        w, h = br.width() * label.scale(), br.height() * label.scale()
        label.setParentItem(item)
        label.setPos(pt.x - w / 2.0, -pt.y - h / 2.0)
        label.setVisible(self.show_numbers)
        self._zone_of[label] = zone.id

    def set_show_names(self, on: bool) -> None:
        if on != self.show_names:
            self.show_names = on
            if self.view_id:
                self.rebuild()

    def _add_names(self) -> None:
        """Each zone's name (what it is linked to: the part after "Big toe:") under or over
        its number, where a size of NAME_MM fits inside the zone without touching another
        name or number; a zone where none fits keeps its number alone."""
        taken = [
            self._text_box(item.childItems()[0])
            for item in self.items_by_id.values()
            if item.childItems() and item.childItems()[0].isVisible()
        ]
        for zone_id, item in self.items_by_id.items():
            zone = self.atlas.zones[zone_id]
            name = zone.short or zone.name.split(": ", 1)[-1]
            number = item.childItems()[0] if item.childItems() else None
            placed = self._place_name(zone, name, number, taken)
            if placed is not None:
                placed.setParentItem(item)
                taken.append(self._text_box(placed))
                self.name_items[zone_id] = placed
                self._zone_of[placed] = zone_id

    @staticmethod
    def _text_box(item: QGraphicsItem) -> QRectF:
        return item.mapRectToScene(item.boundingRect())

    def _place_name(
        self, zone: Zone, name: str, number: QGraphicsItem | None, taken: list[QRectF]
    ) -> QGraphicsSimpleTextItem | None:
        words = name.split()
        lines = [name]
        if len(words) > 1:  # also on two lines, broken at the space nearest the middle
            cut = min(
                range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(name) / 2)
            )
            lines.append(" ".join(words[:cut]) + "\n" + " ".join(words[cut:]))
        pt = self.atlas.label_point(zone.id)
        nb = (
            self._text_box(number)
            if number is not None and number.isVisible()
            else QRectF(pt.x, -pt.y, 0, 0)
        )
        inner = atlas_path(self.atlas, zone.id)  # the name keeps 0.4 mm inside the edge
        for mm in NAME_MM if self.paper else SCREEN_NAME_MM:
            for text in lines:
                item = scaled_text(text, mm * self.text_scale, self.chart_style.ink)
                br = item.boundingRect()
                w, h = br.width() * item.scale(), br.height() * item.scale()
                for top in (nb.bottom(), nb.top() - h):
                    rect = QRectF(pt.x - w / 2.0, top, w, h)
                    if inner.contains(rect.adjusted(-0.4, -0.4, 0.4, 0.4)) and not any(
                        rect.intersects(t) for t in taken
                    ):
                        item.setPos(rect.topLeft())
                        return item
        return None

    def systems_shown(self) -> list[str]:
        """The body systems that colour a zone of this view (the legend lists them)."""
        return sorted({i.system for i in self.items_by_id.values() if i.system})

    def _add_captions(self, view_id: str, feet: tuple[str, ...]) -> None:
        top = min(
            (
                -b
                for (v, f), o in self.atlas.outlines.items()
                if v == view_id and f in feet
                for b in [o.shape.bounds[3]]
            ),
            default=-250.0,
        )
        for foot in feet:
            outline = self.atlas.outlines.get((view_id, foot))
            if outline is None:
                continue
            minx, miny, maxx, _ = outline.shape.bounds
            text = labels.side_label(
                self.atlas, labels.view_kind(self.atlas, view_id), foot, capital=True
            )
            cap = scaled_text(text, CAPTION_MM * self.text_scale, self.chart_style.ink, bold=True)
            w = cap.boundingRect().width() * cap.scale()
            cap.setPos((minx + maxx) / 2.0 - w / 2.0, -miny + 4.0 * self.text_scale)
            self.addItem(cap)
        if not self.view_title:
            return
        title = scaled_text(
            self.atlas.views[view_id].name, CAPTION_MM * self.text_scale, self.chart_style.muted
        )
        w = title.boundingRect().width() * title.scale()
        title.setPos(-w / 2.0, top - 16.0 * self.text_scale)
        self.addItem(title)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802 (Qt)
        if not self._outlines:
            return
        pen = QPen(self.chart_style.outline_edge)
        if self.paper:
            pen.setWidthF(0.6)
        else:
            pen.setCosmetic(True)
            pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self._outlines:
            painter.drawPath(path)

    # ---- following the state ------------------------------------------------------------
    def set_style(self, style: ChartStyle) -> None:
        self.chart_style = style
        if self.view_id:
            self.rebuild()

    def set_keyboard_focus(self, on: bool) -> None:
        """The view got or lost the keyboard: the focus ring shows only while it has it
        (one focus indicator on screen, as for any other control)."""
        if on != self.keyboard_focus:
            self.keyboard_focus = on
            item = self.items_by_id.get(self.state.focus or "")
            if item is not None:
                item.update()

    def _on_zone_field(self) -> None:
        """Repaint the zones whose selected / focus / hover look changed."""
        st = self.state
        now = {"selected": st.selected, "focus": st.focus, "hover": st.hover, "pair": st.pair}
        for field_name, zone_id in now.items():
            old = self._shown.get(field_name)
            if old == zone_id:
                continue
            for zid in (old, zone_id):
                item = self.items_by_id.get(zid or "")
                if item is not None:
                    top = zid in (st.selected, st.pair)
                    item.setZValue(2 if top else (1.5 if st.focus == zid else 1))
                    item.update()
        self._shown = now

    def _on_marks(self) -> None:
        for item in self.items_by_id.values():
            item.update()

    def _on_hatch(self) -> None:
        hatched = self.state.hatched_zones
        if hatched != self.hatched:
            for zid in hatched ^ self.hatched:
                item = self.items_by_id.get(zid)
                if item is not None:
                    if zid in hatched:  # its thick edge over its neighbours' fills
                        item.setZValue(max(item.zValue(), 1.8))
                    elif item.zValue() == 1.8:
                        item.setZValue(1)
                    item.update()
            self.hatched = hatched
        self._draw_motions()

    def _draw_motions(self) -> None:
        for item in self._motion_items:
            self.removeItem(item)
        self._motion_items = []
        self.rhythm_items = []
        technique = self.state.motion_technique
        if not technique or not self.view_id:
            return
        feet = set(self.feet)
        overlay = self.state.overlay
        if overlay is not None and overlay.technique == technique and overlay.zones:
            # a routine step's move is drawn only on the side the step lights
            feet &= {self.atlas.zones[z].foot for z in overlay.zones if z in self.atlas.zones}
        lines = []
        for motion in self.atlas.motions_for(technique, self.view_id):
            if motion.foot in feet:
                self._motion_items.append(self._arrow_item(motion.coords, motion.circular))
                lines.append(motion.coords)
        move = self.atlas.techniques[technique].move if technique in self.atlas.techniques else None
        if move and lines:
            for line in lines:  # each item repaints only around its own line
                item = RhythmItem(self, move, [line])
                self.addItem(item)
                self.rhythm_items.append(item)
                self._motion_items.append(item)

    def _on_rhythm(self) -> None:
        for item in self.rhythm_items:
            item.update()

    def _arrow_item(self, coords: list[tuple[float, float]], circular: bool) -> QGraphicsItem:
        path = QPainterPath()
        pts = [QPointF(x, -y) for x, y in coords]
        path.moveTo(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
        heads = QPainterPath()
        length = path.length()

        def at(d: float) -> QPointF:  # the point `d` mm along the line (scene coordinates)
            return path.pointAtPercent(path.percentAtLength(d)) if length else pts[0]

        marks = [length] if circular else [length * f for f in (0.35, 0.7, 1.0)]
        for d in marks:
            tip, back = at(d), at(max(0.0, d - 3.0))
            ang = math.atan2(tip.y() - back.y(), tip.x() - back.x())
            size = 5.0
            a = QPointF(tip)
            b = tip - QPointF(size * math.cos(ang - 0.45), size * math.sin(ang - 0.45))
            c = tip - QPointF(size * math.cos(ang + 0.45), size * math.sin(ang + 0.45))
            heads.addPolygon(QPolygonF([a, b, c, a]))
        path.addPath(heads)
        item = QGraphicsPathItem(path)
        pen = QPen(self.chart_style.motion)
        pen.setWidthF(1.4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        item.setPen(pen)
        item.setBrush(Qt.BrushStyle.NoBrush)
        head_item = QGraphicsPathItem(heads, item)
        head_item.setBrush(self.chart_style.motion)
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
        zone_id = self._zone_of.get(top)  # the usual case, without a QVariant
        if zone_id is not None:
            return zone_id
        zone_id = top.data(0)
        if zone_id is None:
            parent = top.parentItem() or top
            zone_id = parent.data(0)
            if zone_id is None and parent.data(1) == "motion":
                for item in self.items(
                    pos, Qt.ItemSelectionMode.ContainsItemShape, Qt.SortOrder.DescendingOrder
                ):
                    if isinstance(item, ZoneItem):
                        return item.zone_id
        return zone_id
