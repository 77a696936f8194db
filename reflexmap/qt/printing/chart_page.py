"""The printed zone chart and sequence handout: page layout and THE page paint routine.

`paint_sheet(painter, rect, doc, index)` draws one sheet into any paint device (the
print preview, a printer, a PDF, an SVG, a PNG): a page (`paint_chart`), or one tile of
a poster, which is the same page painted at full size and windowed. The feet are the
FootScene itself, rendered with the print style. Page units are tenths of a point, so
fonts are sized in whole pixels of that space and text stays text in PDF and SVG.

A chart page is a map, an overlay of words placed around it, and text blocks (title,
key or legend, the note): the names beside the feet and their leader lines come from
`reflexmap.core.chart_layout` (Qt-free, tested with plain numbers), measured here with
the page's font.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from shiboken6 import isValid

from reflexmap import __version__
from reflexmap.core.atlas import Atlas
from reflexmap.core.chart_layout import (
    Box,
    KeyEntry,
    LabelRequest,
    Metrics,
    PlacedLabel,
    Tile,
    flow_key,
    layout_labels,
    plan_tiles,
)
from reflexmap.core.present import labels, routine, safety
from reflexmap.core.records import Zone
from reflexmap.core.routine_plan import RoutinePlan, plan_routine
from reflexmap.qt.map.foot_scene import HATCH_MM, FootScene, hatch_path, key_systems
from reflexmap.qt.map.style import PRINT_COLOUR, PRINT_GRAY, ChartStyle, systems
from reflexmap.qt.state import Overlay, UiState

U = 10.0  # page units per point
MIN_PT = 7.0  # text on an A4 or Letter chart never gets smaller than this
PAPERS = {"a4": (595.0, 842.0), "letter": (612.0, 792.0), "a3": (842.0, 1191.0)}
POSTERS = {"a2": (1191.0, 1684.0), "a1": (1684.0, 2384.0)}
TILE_PAPERS = ("a4", "letter")
MARGIN_PT = 34.0  # 12 mm: inside every printer's unprintable border
TILE_MARGIN_PT = 28.35  # 10 mm of white round a poster's sheet
TILE_OVERLAP_PT = 28.35  # 10 mm that a sheet shares with its neighbour (glued under it)
LABEL_PT = (8.5, 8.0, 7.5, 7.0)  # names beside the feet: the sizes tried (A4), largest first
MAX_LINES = 3  # a name takes at most this many lines beside the feet
MAP_SHARES = tuple(x / 100 for x in range(96, 30, -2))  # of the width the feet may take


@dataclass(frozen=True)
class ChartOptions:
    views: tuple[str, ...] = ("sole",)
    feet: tuple[str, ...] = ("left", "right")
    grayscale: bool = False
    paper: str = "a4"
    landscape: bool = False
    legend: bool = True
    sequence: str | None = None  # a handout of this sequence instead of a chart
    date: str = field(default_factory=lambda: datetime.date.today().isoformat())
    labels: str = "names"  # "names" beside the feet, or "numbers" and a legend
    poster: str | None = None  # "a2" | "a1": the chart that size, printed on tiles
    tile: str = "a4"  # the paper a poster's tiles are printed on

    def page_size_pt(self) -> QSizeF:
        """The page the chart is laid out on (a poster's whole size)."""
        w, h = POSTERS[self.poster] if self.poster else PAPERS[self.paper]
        return QSizeF(h, w) if self.landscape else QSizeF(w, h)

    def sheet(self) -> tuple[str, bool]:
        """The paper the printer or file gets, and whether it lies landscape."""
        if self.poster:
            return self.tile, tile_plan(self)[0]
        return self.paper, self.landscape

    def sheet_size_pt(self) -> QSizeF:
        paper, landscape = self.sheet()
        w, h = PAPERS[paper]
        return QSizeF(h, w) if landscape else QSizeF(w, h)


def tile_plan(options: ChartOptions) -> tuple[bool, list[Tile]]:
    """A poster's tiles, on the tile paper laid the way that needs fewer sheets."""
    size = options.page_size_pt()
    best: tuple[bool, list[Tile]] | None = None
    for landscape in (False, True):
        w, h = PAPERS[options.tile]
        if landscape:
            w, h = h, w
        tiles = plan_tiles(
            size.width(),
            size.height(),
            w - 2 * TILE_MARGIN_PT,
            h - 2 * TILE_MARGIN_PT,
            TILE_OVERLAP_PT,
        )
        if best is None or len(tiles) < len(best[1]):
            best = (landscape, tiles)
    assert best is not None
    return best


@dataclass
class LegendRow:
    """One legend line: a zone number, drawn on one or both sides."""

    number: int
    name: str
    kind: str  # the view's body part ("foot", "leg")
    feet: list[str]
    areas: list[str]


@dataclass
class Block:
    """One positioned piece of a page: a key heading, group or row, or a handout step."""

    kind: str  # "heading" | "group" | "row" | "note" | "step"
    rect: QRectF
    data: object
    continued: bool = False  # a heading repeated at the top of a column


@dataclass
class Page:
    kind: str  # "chart" | "handout"
    title: str
    view_id: str = ""
    map_rect: QRectF | None = None
    blocks: list[Block] = field(default_factory=list)
    legend_pt: float = 8.0
    labels: list[PlacedLabel] = field(default_factory=list)  # names beside the feet
    label_pt: float = 0.0
    scale: float = 0.0  # page units per millimetre of the drawing
    scene_rect: QRectF | None = None  # what of the scene map_rect shows
    side_titles: list[tuple[str, Box, str]] = field(default_factory=list)  # over the names


@cache
def font(pt: float, bold: bool = False, italic: bool = False) -> QFont:
    """The page's font at `pt` points; one shared QFont per size and face (setFont copies
    it: never change the one returned)."""
    f = QFont()
    f.setPixelSize(max(1, round(pt * U)))
    f.setBold(bold)
    f.setItalic(italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


_HEIGHTS: dict[tuple[str, float, str], float] = {}


def text_height(f: QFont, width: float, text: str) -> float:
    """Wrapped height; measured 4% narrower than drawn so no device wraps more. Layouts
    try several legend sizes, so the same text is measured again and again: remembered."""
    key = (f.key(), round(width, 3), text)
    height = _HEIGHTS.get(key)
    if height is None:
        if len(_HEIGHTS) > 20_000:
            _HEIGHTS.clear()
        fm = QFontMetricsF(f)
        box = fm.boundingRect(QRectF(0, 0, width * 0.96, 1e7), Qt.TextFlag.TextWordWrap, text)
        height = _HEIGHTS[key] = box.height()
    return height


@cache
def label_metrics(pt: float) -> Metrics:
    """The names' font as the label layout measures it (widths 3% wide: no device sets a
    line wider than it was laid out)."""
    fm = QFontMetricsF(font(pt))
    widths: dict[str, float] = {}

    def width(text: str) -> float:
        w = widths.get(text)
        if w is None:
            w = widths[text] = fm.horizontalAdvance(text) * 1.03
        return w

    return Metrics(width, fm.lineSpacing())


def _chart_table(atlas: Atlas) -> dict[tuple[object, ...], ChartDocument]:
    """The charts laid out so far for one content, kept by its atlas (`Atlas.derived`):
    (options, paper) -> the document, its layout and its scene (read only once made;
    painting sets the view and overlay it needs)."""
    return {}


def chart_document(
    atlas: Atlas, options: ChartOptions, page_size_pt: QSizeF | None = None
) -> ChartDocument:
    """The chart for these options and paper, made once per content and kept: the print
    preview, then the printer or a PDF, share its layout (the labels and the legend
    measured and fitted) and its scene. A handout is made each time."""
    if options.sequence:
        return ChartDocument(atlas, options, page_size_pt)
    size = page_size_pt or options.page_size_pt()
    made = atlas.derived(_chart_table)
    key = (options, size.width(), size.height())
    doc = made.get(key)
    if doc is None or not isValid(doc.scene):
        if len(made) >= 8:
            made.clear()
        doc = made[key] = ChartDocument(atlas, options, size)
    return doc


class ChartDocument:
    """The pages of a chart (one or more views) or of a sequence handout, laid out for a
    page size in points. Build it once, then paint any sheet with `paint_sheet`."""

    def __init__(
        self,
        atlas: Atlas,
        options: ChartOptions,
        page_size_pt: QSizeF | None = None,
        legend_pt: float = 8.0,
    ) -> None:
        self.atlas = atlas
        self.options = options
        self.style: ChartStyle = PRINT_GRAY if options.grayscale else PRINT_COLOUR
        self.state = UiState(atlas)  # the page's own: printing never changes the window's
        self.scene = FootScene(self.state, self.style, paper=True, feet=options.feet)
        self.names = options.labels == "names" and not options.sequence
        # numbers on the feet for a numbered chart; a handout's maps show where, not which
        self.scene.show_numbers = not options.sequence and not self.names
        self.scene.group_hatches = options.grayscale and not options.sequence
        self.scene.view_title = bool(options.sequence)  # a chart's title names the view
        # with names, "Left foot" heads the left column of names instead of lying under
        # the foot, where the leaders to the heel would run through it
        self.scene.captions = not self.names
        size = page_size_pt or options.page_size_pt()
        self.width, self.height = size.width() * U, size.height() * U
        # text grows with the paper: 1 on A4 and Letter, about 1.4 on A3, 2 on an A2 poster
        self.k = max(1.0, min(size.width(), size.height()) / 595.0)
        self.margin = MARGIN_PT * U
        self.legend_pt = legend_pt * self.k
        self.min_pt = MIN_PT * self.k
        self.map_share = 0.6
        self.pages: list[Page] = []
        self.plan: RoutinePlan | None = None  # a handout's: the player's plan
        self.handout: tuple[routine.HandoutStep, ...] = ()
        self._legends: dict[str, list[KeyEntry]] = {}
        self._row_texts: dict[int, str] = {}  # id(row) -> its line (rows live with the doc)
        self._heights: dict[tuple[str, str, int, float, float, bool], float] = {}
        if options.sequence:
            self._layout_handout(options.sequence)
        else:
            for view_id in options.views:
                self._layout_chart(view_id, self.legend_pt)
        # what the printer or file gets: the pages, or each page's tiles for a poster
        self.tiles: list[Tile] = []
        self.sheets: list[tuple[int, Tile | None]] = [(i, None) for i in range(len(self.pages))]
        if options.poster and not options.sequence:
            self.tiles = tile_plan(options)[1]
            self.sheets = [(i, t) for i in range(len(self.pages)) for t in self.tiles]

    def _layout_chart(self, view_id: str, legend_pt: float) -> None:
        if self.names:
            page = self._names_page(view_id)
            if page is not None:
                self.pages.append(page)
                return
            # the names do not fit this paper (a very small page): numbered, as
            # `--labels numbers` would be, for this view and the rest
            self.names = False
            self.scene.show_numbers = True
            self.scene.captions = True
            self.scene.view_id = ""  # rebuilt with its numbers on the next show()
        self._layout_numbers(view_id, legend_pt)

    # ---- geometry of a page ----------------------------------------------------------
    @property
    def body(self) -> QRectF:
        m = self.margin
        top = m + 40 * U * self.k  # title and subtitle
        bottom = self.height - m - self.footer_height()
        return QRectF(m, top, self.width - 2 * m, bottom - top)

    def footer_height(self) -> float:
        w = self.width - 2 * self.margin
        f = font(7 * self.k)
        return sum(text_height(f, w, t) for t in footnote_lines(self)) + 22 * U * self.k

    def show(self, view_id: str, lookup: set[str] | None = None, motion: str | None = None) -> None:
        self.state.set_view(view_id)
        if self.scene.view_id != view_id:
            self.scene.rebuild()
        overlay = Overlay(frozenset(lookup or ()), motion) if lookup or motion else None
        self.state.set_overlay(overlay)

    def _fit(self, area: QRectF, view_id: str) -> QRectF:
        self.show(view_id)
        sr = self.scene.sceneRect()
        scale = min(area.width() / sr.width(), area.height() / sr.height())
        w, h = sr.width() * scale, sr.height() * scale
        return QRectF(area.center().x() - w / 2, area.top(), w, h)

    def to_page(self, page: Page, x: float, y: float) -> tuple[float, float]:
        """A point of the drawing (millimetres, y up, as the records hold it) on the page."""
        assert page.map_rect is not None and page.scene_rect is not None
        sr, r = page.scene_rect, page.map_rect
        s = r.width() / sr.width()
        return r.left() + (x - sr.left()) * s, r.top() + (-y - sr.top()) * s

    def feet_bounds(self, view_id: str) -> tuple[float, float, float, float]:
        """The feet's outlines' extent in scene units (x, y down): minx, miny, maxx, maxy."""
        boxes = [
            self.atlas.outlines[(view_id, f)].shape.bounds
            for f in self.options.feet
            if (view_id, f) in self.atlas.outlines
        ]
        return (
            min(b[0] for b in boxes),
            -max(b[3] for b in boxes),
            max(b[2] for b in boxes),
            -min(b[1] for b in boxes),
        )

    def groups_shown(self, view_id: str) -> list[str]:
        """The body systems that colour a zone of this view, in the key's order."""
        shown = {
            key_systems(self.atlas).get(z.key)
            for z in self.atlas.zones_of(view=view_id)
            if z.foot in self.options.feet
        }
        order = {s: i for i, s in enumerate(systems())}
        return sorted((s for s in shown if s), key=lambda s: (order.get(s, 99), s))

    # ---- names beside the feet ---------------------------------------------------------
    def _names_page(self, view_id: str) -> Page | None:
        """The largest drawing and text for which every zone's name fits beside the feet
        (left foot's on the left, right foot's on the right) with leaders that do not
        cross; the key below. Text never goes under MIN_PT (scaled with the paper)."""
        view_name = self.atlas.views[view_id].name
        page = Page(
            "chart",
            QCoreApplication.translate("ChartPage", "Reflexology zone chart: {0}").format(
                view_name
            ),
            view_id,
        )
        self.show(view_id)
        sr = QRectF(self.scene.sceneRect())
        body = self.body
        gap = 10 * U * self.k
        if self.options.legend:
            key_blocks, key_h = self._names_key(view_id, body)
        else:
            key_blocks, key_h = [], 0.0
        region = QRectF(body.left(), body.top(), body.width(), body.height() - key_h - gap)
        fx0, fy0, fx1, fy1 = self.feet_bounds(view_id)
        zones = [z for z in self.atlas.zones_of(view=view_id) if z.foot in self.options.feet]
        best: tuple[float, Page] | None = None
        for pt in (p * self.k for p in LABEL_PT):
            metrics = label_metrics(pt)
            tried: set[float] = set()
            for share in MAP_SHARES:
                s = min(share * region.width() / (fx1 - fx0), region.height() / sr.height())
                if round(s, 6) in tried:
                    continue
                tried.add(round(s, 6))
                trial = self._try_names(page, view_id, zones, sr, region, s, metrics, pt)
                if trial is None:
                    continue
                # a larger drawing, up to two thirds of the width; past that, larger text
                share = (fx1 - fx0) * s / region.width()
                score = min(share, 0.68) + 0.02 * (pt / self.k - MIN_PT)
                if best is None or score > best[0]:
                    best = (score, trial)
                break  # the largest drawing at this size found
        if best is None:
            return None
        page = best[1]
        page.blocks = key_blocks
        return page

    def _try_names(
        self,
        page: Page,
        view_id: str,
        zones: list[Zone],
        sr: QRectF,
        region: QRectF,
        s: float,
        metrics: Metrics,
        pt: float,
    ) -> Page | None:
        fx0, _fy0, fx1, _fy1 = self.feet_bounds(view_id)
        cx = region.center().x() - (fx0 + fx1) / 2 * s  # the feet centred on the page
        map_h = sr.height() * s
        top = region.top() + (region.height() - map_h) / 2
        trial = Page(page.kind, page.title, view_id)
        trial.scene_rect = sr
        trial.map_rect = QRectF(cx + sr.left() * s, top, sr.width() * s, map_h)
        trial.scale = s
        stub = 5 * U * self.k
        feet_left, feet_right = cx + fx0 * s, cx + fx1 * s
        title_font = QFontMetricsF(font(pt * 1.25, bold=True))
        kind = labels.view_kind(self.atlas, view_id)
        # a column takes at least its title ("Right foot") and a word of the names
        min_w = max(
            45 * U * self.k,
            *(
                title_font.horizontalAdvance(labels.side_label(self.atlas, kind, f, capital=True))
                for f in self.options.feet
            ),
        )
        title_h = title_font.lineSpacing() * 1.4
        top, height = region.top() + title_h, region.height() - title_h
        left = Box(region.left(), top, feet_left - stub - region.left(), height)
        right = Box(feet_right + stub, top, region.right() - feet_right - stub, height)
        if ("left" in self.options.feet and left.w < min_w) or (
            "right" in self.options.feet and right.w < min_w
        ):
            return None
        requests = []
        for z in zones:
            p = self.atlas.label_point(z.id)
            requests.append(LabelRequest(z.id, z.name, self.to_page(trial, p.x, p.y), z.foot))
        placed = None
        for gap in (0.35, 0.15):  # names a third of a line apart, or closer when crowded
            placed = layout_labels(
                requests, left, right, metrics, gap=metrics.line_height * gap, stub=stub * 0.6
            )
            if placed is not None:
                break
        if placed is None or max(len(p.lines) for p in placed) > MAX_LINES:
            return None  # a name in a tall narrow stack reads badly: a smaller drawing
        trial.labels = placed
        # each column's title just above its first name
        trial.side_titles = []
        for side, col in (("left", left), ("right", right)):
            tops = [p.box.y for p in placed if p.side == side]
            if tops:
                title = labels.side_label(self.atlas, kind, side, capital=True)
                trial.side_titles.append(
                    (title, Box(col.x, min(tops) - title_h, col.w, title_h - U), side)
                )
        trial.label_pt = pt
        return trial

    def _names_key(self, view_id: str, body: QRectF) -> tuple[list[Block], float]:
        """The colour key under the drawing: a swatch per body system, in columns."""
        pt = self.legend_pt
        entries = [
            KeyEntry(
                "note",
                "",
                QCoreApplication.translate(
                    "ChartPage", "Colour key: the body system each zone is linked to."
                ),
            )
        ]
        entries += [KeyEntry("group", g) for g in self.groups_shown(view_id)]
        col_w = 150 * U * self.k
        ncols = max(1, int(body.width() // col_w))
        col_w = body.width() / ncols
        row_h = pt * 1.6 * U
        title_h = text_height(font(pt, italic=True), body.width(), str(entries[0].data)) + 4 * U
        rows = -(-(len(entries) - 1) // ncols)
        key_h = title_h + rows * row_h
        top = body.bottom() - key_h
        blocks = [Block("note", QRectF(body.left(), top, body.width(), title_h), entries[0].data)]
        for i, e in enumerate(entries[1:]):
            col, row = i // rows, i % rows
            blocks.append(
                Block(
                    "group",
                    QRectF(body.left() + col * col_w, top + title_h + row * row_h, col_w, row_h),
                    e.group,
                )
            )
        return blocks, key_h

    # ---- numbers and a legend -----------------------------------------------------------
    def _layout_numbers(self, view_id: str, legend_pt: float) -> None:
        """The largest map, then the largest legend size from `legend_pt` down to MIN_PT,
        for which the page needs the fewest sheets (one, on every paper the app offers):
        text is never shrunk below MIN_PT, the legend continues instead."""
        best: list[Page] = []
        for self.map_share in (0.7, 0.66, 0.62, 0.56, 0.5, 0.44, 0.38):
            for pt in (legend_pt, legend_pt - 0.5 * self.k, legend_pt - self.k):
                self.legend_pt = max(pt, self.min_pt)
                self._heights.clear()
                pages = self._chart_pages(view_id)
                for p in pages:
                    p.legend_pt = self.legend_pt
                if not best or len(pages) < len(best):
                    best = pages
                if len(best) == 1:
                    break
            if len(best) == 1:
                break
        self.legend_pt = best[0].legend_pt
        self.pages.extend(best)

    def legend_items(self, view_id: str) -> list[KeyEntry]:
        """Headings and rows, grouped by the body system that colours the zone (the map's
        own rule, so a heading's swatch is the fill of its rows' zones); one row per zone
        number (made once per view: the layout tries several sizes)."""
        if view_id not in self._legends:
            self._legends[view_id] = self._make_legend(view_id)
        return self._legends[view_id]

    def _make_legend(self, view_id: str) -> list[KeyEntry]:
        atlas = self.atlas
        colour_of = key_systems(atlas)
        groups: dict[str, dict[int, LegendRow]] = {}
        for zone in atlas.zones_of(view=view_id):
            if zone.foot not in self.options.feet:
                continue
            claims = [
                c
                for c, rid in atlas.claims_for_zone(zone.id)  # not whole-foot claims
                if rid is None or not atlas.regions[rid].broad
            ]
            system = colour_of.get(zone.key) or QCoreApplication.translate("ChartPage", "Other")
            row = groups.setdefault(system, {}).setdefault(
                zone.number,
                LegendRow(
                    zone.number,
                    zone.name,
                    labels.view_kind(atlas, view_id),
                    [],
                    list(
                        dict.fromkeys(
                            atlas.body_areas[c.body_area].name
                            for c in claims
                            if c.body_area in atlas.body_areas
                        )
                    ),
                ),
            )
            row.feet.append(zone.foot)
        # An area claimed for most zones of the view says nothing about where: said once,
        # under the legend, in a sentence that says what it is.
        all_rows = [r for rows in groups.values() for r in rows.values()]
        count: dict[str, int] = {}
        for r in all_rows:
            for a in r.areas:
                count[a] = count.get(a, 0) + 1
        common = [a for a, n in count.items() if n > len(all_rows) / 2 and len(all_rows) > 3]
        for r in all_rows:
            r.areas = [a for a in r.areas if a not in common]
        items: list[KeyEntry] = []
        for system, rows in sorted(groups.items(), key=lambda kv: min(kv[1])):
            items.append(KeyEntry("heading", system))
            items.extend(KeyEntry("row", system, rows[n]) for n in sorted(rows))
        if common:
            items.append(
                KeyEntry(
                    "note",
                    "",
                    QCoreApplication.translate(
                        "ChartPage",
                        "Not repeated on each line above: most zones of this view are also "
                        "claimed for {0}.",
                    ).format(", ".join(common).lower()),
                )
            )
        return items

    def row_text(self, row: LegendRow) -> str:
        text = self._row_texts.get(id(row))
        if text is None:
            text = self._row_texts[id(row)] = self._compose_row(row)
        return text

    def _compose_row(self, row: LegendRow) -> str:
        text = row.name
        if len(self.options.feet) > 1 and len(row.feet) == 1:
            text += " " + labels.side_only_label(self.atlas, row.kind, row.feet[0])
        name = text.lower()
        areas = [
            a for a in row.areas if a.lower().rstrip("s") not in name
        ]  # "Kidney": no "- Kidneys"
        if areas:
            text += " \u2014 " + ", ".join(areas)
        return text

    def heading_text(self, system: str, continued: bool) -> str:
        return (
            QCoreApplication.translate("ChartPage", "{0}, continued").format(system)
            if continued
            else system
        )

    def _item_height(self, entry: KeyEntry, width: float, continued: bool = False) -> float:
        """An entry's height at the current legend size (the layout's tries ask again)."""
        key = (entry.kind, entry.group, id(entry.data), width, self.legend_pt, continued)
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = self._measure(entry, width, continued)
        return height

    def _measure(self, entry: KeyEntry, width: float, continued: bool) -> float:
        pt = self.legend_pt
        if entry.kind == "heading":
            sw = (pt + 1) * 1.4 * U  # the swatch beside the heading
            text = self.heading_text(entry.group, continued)
            return text_height(font(pt + 1, bold=True), width - sw, text) + 6 * U
        if entry.kind == "note":
            return text_height(font(pt, italic=True), width, str(entry.data)) + 6 * U
        row = entry.data
        assert isinstance(row, LegendRow)
        return text_height(font(pt), width - 2.4 * pt * U, self.row_text(row)) + 1.5 * U

    def _flow(
        self, items: list[KeyEntry], area: QRectF, ncols: int
    ) -> tuple[list[Block], list[KeyEntry]]:
        """Fill `area`'s columns top to bottom (a group that goes on in another column
        repeats its heading there, marked continued); the placed blocks and the rest."""
        gap = 14 * U * self.k
        col_w = (area.width() - gap * (ncols - 1)) / ncols
        places, rest = flow_key(
            items, ncols, area.height(), lambda e, cont: self._item_height(e, col_w, cont)
        )
        blocks = []
        for p in places:
            x = area.left() + p.column * (col_w + gap)
            data = p.entry.group if p.entry.kind == "heading" else p.entry.data
            blocks.append(
                Block(p.entry.kind, QRectF(x, area.top() + p.y, col_w, p.h), data, p.continued)
            )
        return blocks, rest

    def _chart_pages(self, view_id: str) -> list[Page]:
        body = self.body
        view_name = self.atlas.views[view_id].name
        title = QCoreApplication.translate("ChartPage", "Reflexology zone chart: {0}").format(
            view_name
        )
        page = Page("chart", title, view_id)
        self.show(view_id)
        sr = QRectF(self.scene.sceneRect())
        page.scene_rect = sr
        if not self.options.legend:
            page.map_rect = self._fit(body, view_id)
            page.scale = page.map_rect.width() / sr.width()
            return [page]
        aspect = sr.width() / sr.height()
        items = self.legend_items(view_id)
        gap = 12 * U * self.k
        col_w = 190 * U * self.k
        scale_top = min(body.width() / sr.width(), body.height() * self.map_share / sr.height())
        scale_side = min(
            body.width() * (self.map_share - 0.04) / sr.width(), body.height() / sr.height()
        )
        if scale_side > scale_top:  # landscape paper or tall legs: map left, legend right
            map_w = min(body.height() * aspect, body.width() * (self.map_share - 0.04))
            page.map_rect = self._fit(
                QRectF(body.left(), body.top(), map_w, body.height()), view_id
            )
            legend_area = QRectF(
                page.map_rect.right() + gap,
                body.top(),
                body.right() - page.map_rect.right() - gap,
                body.height(),
            )
        else:  # portrait: map on top, legend below
            map_h = min(body.width() / aspect, body.height() * self.map_share)
            page.map_rect = self._fit(QRectF(body.left(), body.top(), body.width(), map_h), view_id)
            top = page.map_rect.bottom() + gap
            legend_area = QRectF(body.left(), top, body.width(), body.bottom() - top)
        page.scale = page.map_rect.width() / sr.width()
        ncols = max(1, int(legend_area.width() // col_w))
        page.blocks, rest = self._flow(items, legend_area, ncols)
        pages = [page]
        while rest:
            more = Page(
                "chart",
                QCoreApplication.translate("ChartPage", "Legend, continued: {0}").format(view_name),
                view_id,
            )
            ncols = max(1, int(body.width() // col_w))
            more.blocks, left = self._flow(rest, body, ncols)
            if len(left) == len(rest):  # nothing fits: give up rather than loop
                break
            rest = left
            pages.append(more)
        return pages

    # ---- handout -----------------------------------------------------------------------
    def step_view(self, block: int) -> str:
        """The view the plan shows the step on (the first view when it has no zones)."""
        return self.handout[block].view or next(iter(self.atlas.views))

    def step_lines(self, block: int) -> list[tuple[str, QFont]]:
        step = self.handout[block]
        lines = [
            (step.heading, font(11, bold=True)),
            (step.card.instruction, font(10)),
            (step.card.facts, font(8.5, italic=True)),
        ]
        lines += [
            (QCoreApplication.translate("ChartPage", "Caution: {0}").format(c), font(8))
            for c in step.card.cautions
        ]
        return lines

    def _layout_handout(self, sequence_id: str) -> None:
        seq = self.atlas.sequences[sequence_id]
        self.plan = plan_routine(self.atlas, seq)
        self.handout = routine.handout_steps(self.atlas, self.plan)
        body = self.body
        intro = self.handout_intro()
        intro_h = text_height(font(9.5), body.width(), intro) + 10 * U
        title = QCoreApplication.translate("ChartPage", "Routine handout: {0}").format(seq.name)
        map_w = min(body.width() * 0.42, 230 * U)
        page = Page("handout", title)
        y = body.top() + intro_h
        for i in range(len(self.handout)):
            text_w = body.width() - map_w - 14 * U
            text_h = sum(text_height(f, text_w, t) + 3 * U for t, f in self.step_lines(i))
            view_id = self.step_view(i)
            self.show(view_id)
            sr = self.scene.sceneRect()
            map_h = min(map_w * sr.height() / sr.width(), body.height() * 0.3)
            h = min(max(text_h, map_h) + 12 * U, body.height())
            if y + h > body.bottom() and page.blocks:
                self.pages.append(page)
                page, y = (
                    Page(
                        "handout",
                        QCoreApplication.translate("ChartPage", "{0} (continued)").format(title),
                    ),
                    body.top(),
                )
            page.blocks.append(
                Block("step", QRectF(body.left(), y, body.width(), h), (i, view_id, map_w, map_h))
            )
            y += h
        self.pages.append(page)

    def handout_intro(self) -> str:
        return routine.handout_intro(self.atlas, self.atlas.sequences[self.options.sequence or ""])


def footnote_lines(doc: ChartDocument) -> list[str]:
    """The note at the foot of every page of `doc`, one paragraph per line: what the
    evidence says, then the safety rules, made from the content's rules by the core (a
    handout prints its own routine's safety check in its introduction, so its pages
    carry the evidence). One text input of the page layout, measured and drawn as given."""
    handout = doc.options.sequence is not None
    return safety.paper_note_lines(doc.atlas, handout=handout)


# ---- THE paint routine ----------------------------------------------------------------
def paint_sheet(painter: QPainter, rect: QRectF, doc: ChartDocument, index: int) -> None:
    """Draw sheet `index` of `doc` into `rect` (device coordinates): a page, or a tile of
    a poster (the page painted at full size through the tile's window)."""
    page_index, tile = doc.sheets[index]
    if tile is None:
        paint_chart(painter, rect, doc, page_index)
        return
    size = doc.options.sheet_size_pt()
    sw, sh = size.width() * U, size.height() * U
    painter.save()
    painter.translate(rect.topLeft())
    painter.scale(rect.width() / sw, rect.height() / sh)
    painter.fillRect(QRectF(0, 0, sw, sh), doc.style.background)
    m = TILE_MARGIN_PT * U
    win = tile.window
    painter.save()
    painter.translate(m - win.x * U, m - win.y * U)
    paint_chart(painter, QRectF(0, 0, doc.width, doc.height), doc, page_index)
    painter.restore()
    # white round the window (drawn, not clipped: SVG keeps no clip region)
    ww, wh = win.w * U, win.h * U
    bg = doc.style.background
    painter.fillRect(QRectF(0, 0, sw, m), bg)
    painter.fillRect(QRectF(0, m + wh, sw, sh - m - wh), bg)
    painter.fillRect(QRectF(0, 0, m, sh), bg)
    painter.fillRect(QRectF(m + ww, 0, sw - m - ww, sh), bg)
    _paint_tile_marks(painter, doc, tile, index, QRectF(m, m, ww, wh), sw, sh)
    painter.restore()


def _paint_tile_marks(
    painter: QPainter,
    doc: ChartDocument,
    tile: Tile,
    index: int,
    win: QRectF,
    sw: float,
    sh: float,
) -> None:
    """Cut marks at the window's corners and where the overlap begins, the sheet's place
    (n of m, row and column) and a small map of how the sheets go together."""
    style = doc.style
    m = TILE_MARGIN_PT * U
    ov = TILE_OVERLAP_PT * U
    mark = 7 * U
    painter.setPen(QPen(style.ink, 0.5 * U))
    xs = [win.left(), win.right()]
    ys = [win.top(), win.bottom()]
    if tile.col + 1 < tile.cols:
        xs.append(win.right() - ov)  # the next sheet covers from here
    if tile.row + 1 < tile.rows:
        ys.append(win.bottom() - ov)
    for x in xs:
        painter.drawLine(QPointF(x, win.top() - 2 * U), QPointF(x, win.top() - 2 * U - mark))
        painter.drawLine(QPointF(x, win.bottom() + 2 * U), QPointF(x, win.bottom() + 2 * U + mark))
    for y in ys:
        painter.drawLine(QPointF(win.left() - 2 * U, y), QPointF(win.left() - 2 * U - mark, y))
        painter.drawLine(QPointF(win.right() + 2 * U, y), QPointF(win.right() + 2 * U + mark, y))
    total = len(doc.sheets)
    poster = (doc.options.poster or "").upper()
    view = doc.atlas.views[doc.pages[doc.sheets[index][0]].view_id].name
    line = QCoreApplication.translate(
        "ChartPage", "{0} poster, {1}: sheet {2} of {3} (row {4}, column {5})"
    ).format(poster, view, index + 1, total, tile.row + 1, tile.col + 1)
    how = QCoreApplication.translate(
        "ChartPage",
        "Trim the left and top edges along the marks (not on the first column or row), "
        "then lay the sheet over its neighbours' 10 mm overlap and glue.",
    )
    painter.setPen(style.ink)
    painter.setFont(font(7, bold=True))
    painter.drawText(
        QRectF(m, sh - m + 9 * U, sw - 2 * m, 10 * U), Qt.AlignmentFlag.AlignLeft, line
    )
    painter.setFont(font(6.5))
    painter.drawText(QRectF(m, sh - m + 18 * U, sw - 2 * m, 9 * U), Qt.AlignmentFlag.AlignLeft, how)
    # the assembly map, top right in the margin: the grid, this sheet filled
    cell = min(22 * U / tile.rows, 40 * U / tile.cols)
    gx = sw - m - cell * tile.cols
    gy = (m - cell * tile.rows) / 2
    painter.setFont(font(6.5))
    painter.drawText(
        QRectF(m, gy, gx - m - 4 * U, cell * tile.rows),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        QCoreApplication.translate("ChartPage", "Where this sheet goes:"),
    )
    painter.setPen(QPen(style.ink, 0.4 * U))
    for r in range(tile.rows):
        for c in range(tile.cols):
            cell_rect = QRectF(gx + c * cell, gy + r * cell, cell, cell)
            if (r, c) == (tile.row, tile.col):
                painter.fillRect(cell_rect, style.ink)
            painter.drawRect(cell_rect)


def begin_page(
    painter: QPainter, page_rect: QRectF, width: float, height: float, background: QColor
) -> None:
    """Save the painter and map a `width` x `height` page onto `page_rect` (device
    coordinates), cleared to `background`: every sheet the printing feature paints starts
    so. The caller restores the painter when the page is done."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(page_rect.topLeft())
    painter.scale(page_rect.width() / width, page_rect.height() / height)
    painter.fillRect(QRectF(0, 0, width, height), background)


def paint_chart(painter: QPainter, page_rect: QRectF, doc: ChartDocument, page_index: int) -> None:
    """Draw page `page_index` of `doc` into `page_rect` (device coordinates)."""
    page = doc.pages[page_index]
    style = doc.style
    k = doc.k
    begin_page(painter, page_rect, doc.width, doc.height, style.background)
    m = doc.margin
    inner_w = doc.width - 2 * m

    painter.setPen(style.ink)
    title_pt = 15.0 * k
    while (
        title_pt > 10 * k
        and QFontMetricsF(font(title_pt, True)).horizontalAdvance(page.title) > inner_w
    ):
        title_pt -= 0.5
    painter.setFont(font(title_pt, bold=True))
    painter.drawText(QRectF(m, m, inner_w, 22 * U * k), Qt.AlignmentFlag.AlignLeft, page.title)
    painter.setPen(style.muted)
    painter.setFont(font(8.5 * k))
    kind = labels.view_kind(doc.atlas, page.view_id) if page.view_id else ""
    if page.kind == "handout":
        sub = QCoreApplication.translate(
            "ChartPage", "Follow the steps in order; work gently and stay within comfort."
        )
    elif page.labels:
        sub = QCoreApplication.translate(
            "ChartPage",
            "Each name points to its zone: the {0}'s on the left, the {1}'s on the right.",
        ).format(
            labels.side_label(doc.atlas, kind, "left"), labels.side_label(doc.atlas, kind, "right")
        )
    else:
        sub = QCoreApplication.translate(
            "ChartPage",
            "Numbers match the legend; the same number marks the same zone on the {0} and the {1}.",
        ).format(
            labels.side_label(doc.atlas, kind, "left"), labels.side_label(doc.atlas, kind, "right")
        )
    painter.drawText(
        QRectF(m, m + 22 * U * k, inner_w, 14 * U * k), Qt.AlignmentFlag.AlignLeft, sub
    )

    if page.map_rect is not None:
        doc.show(page.view_id)
        doc.scene.render(
            painter, page.map_rect, doc.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio
        )
    if page.labels:
        _paint_labels(painter, doc, page)
    if page.kind == "handout" and page_index == 0:
        painter.setPen(style.ink)
        painter.setFont(font(9.5))
        body = doc.body
        painter.drawText(
            QRectF(body.left(), body.top(), body.width(), body.height()),
            Qt.TextFlag.TextWordWrap,
            doc.handout_intro(),
        )
    for block in page.blocks:
        _paint_block(painter, doc, page, block)
    _paint_footer(painter, doc, page_index)
    painter.restore()


def _paint_labels(painter: QPainter, doc: ChartDocument, page: Page) -> None:
    """The names beside the feet: leader lines first, a dot on each zone, then the text
    (line by line, as laid out; the left side's flush against the drawing)."""
    style, k = doc.style, doc.k
    halo = QPen(style.background, 1.6 * U * k)
    halo.setCapStyle(Qt.PenCapStyle.RoundCap)
    line = QPen(style.ink, 0.45 * U * k)
    line.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for pen in (halo, line):  # a thin white halo keeps a leader visible over dark fills
        painter.setPen(pen)
        for label in page.labels:
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in label.leader]))
    painter.setPen(QPen(style.background, 0.5 * U * k))
    painter.setBrush(style.ink)
    r = 1.3 * U * k
    for label in page.labels:
        x, y = label.leader[-1]
        painter.drawEllipse(QPointF(x, y), r, r)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    title = font(page.label_pt * 1.25, bold=True)
    painter.setFont(title)
    painter.setPen(style.ink)
    for text, b, side in page.side_titles:
        align = Qt.AlignmentFlag.AlignRight if side == "left" else Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRectF(b.x, b.y, b.w, b.h), align | Qt.AlignmentFlag.AlignTop, text)
    f = font(page.label_pt)
    fm = QFontMetricsF(f)
    metrics = label_metrics(page.label_pt)
    painter.setFont(f)
    painter.setPen(style.ink)
    for label in page.labels:
        y = label.box.y + fm.ascent()
        for text in label.lines:
            x = (
                label.box.right - fm.horizontalAdvance(text)
                if label.side == "left"
                else label.box.x
            )
            painter.drawText(QPointF(x, y), text)
            y += metrics.line_height


def paint_swatch(
    painter: QPainter, doc: ChartDocument, page: Page, rect: QRectF, system: str
) -> None:
    """A body system's swatch: the map's fill and, in grayscale, its hatch at the map's
    density on this page (the same style rule and hatch function the zones use)."""
    style = doc.style
    path = QPainterPath()
    path.addRect(rect)
    painter.fillPath(path, style.system_fill(system))
    kind = style.group_hatch(system)
    if kind:
        scale = page.scale or U
        painter.fillPath(
            hatch_path(path, kind, HATCH_MM[0] * scale, HATCH_MM[1] * scale), style.ink
        )
    painter.setPen(QPen(style.zone_edge, 0.5 * U))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)


def _paint_block(painter: QPainter, doc: ChartDocument, page: Page, block: Block) -> None:
    style, r = doc.style, block.rect
    pt = page.legend_pt if not page.labels else doc.legend_pt
    if block.kind == "heading":
        system = str(block.data)
        sw = (pt + 1) * 1.4 * U
        paint_swatch(
            painter,
            doc,
            page,
            QRectF(r.left(), r.top() + 3.5 * U, sw * 0.8, (pt + 1) * U * 0.95),
            system,
        )
        painter.setPen(style.ink)
        painter.setFont(font(pt + 1, bold=True))
        painter.drawText(
            QRectF(r.left() + sw, r.top() + 3 * U, r.width() - sw, r.height()),
            Qt.TextFlag.TextWordWrap,
            doc.heading_text(system, block.continued),
        )
        painter.setPen(QPen(style.muted, 0.5 * U))
        painter.drawLine(r.bottomLeft(), r.bottomRight())
    elif block.kind == "group":
        system = str(block.data)
        h = pt * U
        paint_swatch(
            painter, doc, page, QRectF(r.left(), r.top() + 0.2 * h, 2.2 * h, 1.1 * h), system
        )
        painter.setPen(style.ink)
        painter.setFont(font(pt))
        painter.drawText(
            QRectF(r.left() + 2.8 * h, r.top() + 0.2 * h, r.width() - 2.8 * h, 1.4 * h),
            Qt.AlignmentFlag.AlignLeft,
            system,
        )
    elif block.kind == "note":
        painter.setPen(style.muted)
        painter.setFont(font(pt, italic=True))
        painter.drawText(r.adjusted(0, 4 * U, 0, 0), Qt.TextFlag.TextWordWrap, str(block.data))
    elif block.kind == "row":
        row = block.data
        assert isinstance(row, LegendRow)
        num_w = 2.4 * pt * U
        painter.setPen(style.ink)
        painter.setFont(font(pt, bold=True))
        painter.drawText(
            QRectF(r.left(), r.top() + 0.75 * U, num_w - 3 * U, r.height()),
            Qt.AlignmentFlag.AlignRight,
            str(row.number),
        )
        painter.setFont(font(pt))
        painter.drawText(
            QRectF(r.left() + num_w, r.top() + 0.75 * U, r.width() - num_w, r.height()),
            Qt.TextFlag.TextWordWrap,
            doc.row_text(row),
        )
    elif block.kind == "step":
        index, view_id, map_w, map_h = cast(tuple[int, str, float, float], block.data)
        step = doc.handout[index]
        zones = {z for z in step.zones if doc.atlas.zones[z].view == view_id}
        doc.show(view_id, zones, step.technique_id)
        sr = doc.scene.sceneRect()
        map_rect = QRectF(r.left(), r.top() + 6 * U, map_w, map_h)
        doc.scene.render(painter, map_rect, sr, Qt.AspectRatioMode.KeepAspectRatio)
        x = r.left() + map_w + 14 * U
        y = r.top() + 6 * U
        for i, (text, f) in enumerate(doc.step_lines(index)):
            painter.setFont(f)
            painter.setPen(style.ink if i < 2 else style.muted)
            h = text_height(f, r.right() - x, text)
            painter.drawText(QRectF(x, y, r.right() - x, h + 2 * U), Qt.TextFlag.TextWordWrap, text)
            y += h + 3 * U
        painter.setPen(QPen(QColor(style.muted), 0.5 * U))
        painter.drawLine(r.bottomLeft(), r.bottomRight())


def _paint_footer(painter: QPainter, doc: ChartDocument, page_index: int) -> None:
    m, style, k = doc.margin, doc.style, doc.k
    inner_w = doc.width - 2 * m
    top = doc.height - m - doc.footer_height() + 6 * U * k
    painter.setPen(QPen(style.muted, 0.5 * U))
    painter.drawLine(QPointF(m, top), QPointF(m + inner_w, top))
    painter.setPen(style.ink)
    f = font(7 * k)
    painter.setFont(f)
    y = top + 4 * U * k
    for text in footnote_lines(doc):
        h = text_height(f, inner_w, text)
        painter.drawText(QRectF(m, y, inner_w, h + 4 * U), Qt.TextFlag.TextWordWrap, text)
        y += h
    painter.setPen(style.muted)
    line = QCoreApplication.translate(
        "ChartPage", "reflexmap {0} · content version {1} · {2} · page {3} of {4}"
    ).format(__version__, __version__, doc.options.date, page_index + 1, len(doc.pages))
    painter.drawText(
        QRectF(m, doc.height - m - 11 * U * k, inner_w, 11 * U * k),
        Qt.AlignmentFlag.AlignRight,
        line,
    )
