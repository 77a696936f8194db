"""The printed zone chart and sequence handout: page layout and THE page paint routine.

`paint_chart(painter, page_rect, doc, page_index)` draws one page into any paint device
(the print preview, a printer, a PDF, an SVG, a PNG); the feet are the FootScene itself,
rendered with the print style. Page units are tenths of a point, so fonts are sized in
whole pixels of that space and text stays text in PDF and SVG.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from shiboken6 import isValid

from reflexmap import __version__
from reflexmap.core.atlas import Atlas
from reflexmap.core.present import labels, routine, safety
from reflexmap.core.routine_plan import RoutinePlan, plan_routine
from reflexmap.qt.map.foot_scene import FootScene
from reflexmap.qt.map.style import PRINT_COLOUR, PRINT_GRAY, ChartStyle
from reflexmap.qt.state import Overlay, UiState

U = 10.0  # page units per point
MIN_PT = 7.0  # legend text never gets smaller than this
PAPERS = {"a4": (595.0, 842.0), "letter": (612.0, 792.0)}
MARGIN_PT = 34.0  # 12 mm: inside every printer's unprintable border


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

    def page_size_pt(self) -> QSizeF:
        w, h = PAPERS[self.paper]
        return QSizeF(h, w) if self.landscape else QSizeF(w, h)


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
    """One positioned piece of a page: a legend heading or row, or a handout step."""

    kind: str  # "heading" | "row" | "step"
    rect: QRectF
    data: object


@dataclass
class Page:
    kind: str  # "chart" | "handout"
    title: str
    view_id: str = ""
    map_rect: QRectF | None = None
    blocks: list[Block] = field(default_factory=list)
    legend_pt: float = 8.0


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


def _chart_table(atlas: Atlas) -> dict[tuple[object, ...], ChartDocument]:
    """The charts laid out so far for one content, kept by its atlas (`Atlas.derived`):
    (options, paper) -> the document, its layout and its scene (read only once made;
    painting sets the view and overlay it needs)."""
    return {}


def chart_document(
    atlas: Atlas, options: ChartOptions, page_size_pt: QSizeF | None = None
) -> ChartDocument:
    """The chart for these options and paper, made once per content and kept: the print
    preview, then the printer or a PDF, share its layout (the legend measured and fitted)
    and its scene. A handout is made each time."""
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
    page size in points. Build it once, then paint any page with `paint_chart`."""

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
        self.scene.show_numbers = not options.sequence  # handout maps: where, not which
        size = page_size_pt or options.page_size_pt()
        self.width, self.height = size.width() * U, size.height() * U
        self.margin = MARGIN_PT * U
        self.legend_pt = legend_pt
        self.map_share = 0.6  # of the body height, when the legend goes below the map
        self.pages: list[Page] = []
        self.plan: RoutinePlan | None = None  # a handout's: the player's plan
        self.handout: tuple[routine.HandoutStep, ...] = ()
        self._legends: dict[str, list[tuple[str, object]]] = {}
        self._row_texts: dict[int, str] = {}  # id(row) -> its line (rows live with the doc)
        self._heights: dict[tuple[str, int, float, float], float] = {}  # the layout's tries
        if options.sequence:
            self._layout_handout(options.sequence)
        else:
            for view_id in options.views:
                self._layout_chart(view_id, legend_pt)

    def _layout_chart(self, view_id: str, legend_pt: float) -> None:
        """The largest legend size from `legend_pt` down to MIN_PT that needs the fewest
        pages, the map made slightly smaller before the text is: text is never shrunk
        below MIN_PT, the legend continues instead."""
        best: list[Page] = []
        best_pt = legend_pt
        for pt in (legend_pt, legend_pt - 0.5, legend_pt - 1.0):
            for self.map_share in (0.6, 0.52):  # then a slightly smaller map
                self.legend_pt = max(pt, MIN_PT)
                pages = self._chart_pages(view_id)
                for p in pages:
                    p.legend_pt = self.legend_pt
                if not best or len(pages) < len(best):
                    best, best_pt = pages, self.legend_pt
                if len(best) == 1:
                    break
            if len(best) == 1:
                break
        self.legend_pt = best_pt
        self.pages.extend(best)

    # ---- geometry of a page ----------------------------------------------------------
    @property
    def body(self) -> QRectF:
        m = self.margin
        top = m + 40 * U  # title and subtitle
        bottom = self.height - m - self.footer_height()
        return QRectF(m, top, self.width - 2 * m, bottom - top)

    def footer_height(self) -> float:
        return text_height(font(7), self.width - 2 * self.margin, footnote(self)) + 22 * U

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

    # ---- chart -----------------------------------------------------------------------
    def legend_items(self, view_id: str) -> list[tuple[str, object]]:
        """Headings and rows, grouped by body system; one row per zone number (made once
        per view: the layout tries several sizes)."""
        if view_id not in self._legends:
            self._legends[view_id] = self._make_legend(view_id)
        return self._legends[view_id]

    def _make_legend(self, view_id: str) -> list[tuple[str, object]]:
        atlas = self.atlas
        groups: dict[str, dict[int, LegendRow]] = {}
        for zone in atlas.zones_of(view=view_id):
            if zone.foot not in self.options.feet:
                continue
            claims = [
                c
                for c, rid in atlas.claims_for_zone(zone.id)  # not whole-foot claims
                if rid is None or not atlas.regions[rid].broad
            ]
            system = QCoreApplication.translate("ChartPage", "Other")
            if claims and claims[0].body_area in atlas.body_areas:
                system = atlas.body_areas[claims[0].body_area].system
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
        # An area claimed for most zones of the view says nothing about where: say it once.
        all_rows = [r for rows in groups.values() for r in rows.values()]
        count: dict[str, int] = {}
        for r in all_rows:
            for a in r.areas:
                count[a] = count.get(a, 0) + 1
        common = [a for a, n in count.items() if n > len(all_rows) / 2 and len(all_rows) > 3]
        for r in all_rows:
            r.areas = [a for a in r.areas if a not in common]
        items: list[tuple[str, object]] = []
        for system, rows in sorted(groups.items(), key=lambda kv: min(kv[1])):
            items.append(("heading", system))
            items.extend(("row", rows[n]) for n in sorted(rows))
        if common:
            items.append(
                (
                    "note",
                    QCoreApplication.translate(
                        "ChartPage", "Claimed for most zones of this view: {0}."
                    ).format(", ".join(common)),
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

    def _item_height(self, kind: str, data: object, width: float) -> float:
        """An item's height at the current legend size (the layout's tries ask again)."""
        key = (kind, id(data), width, self.legend_pt)
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = self._measure(kind, data, width)
        return height

    def _measure(self, kind: str, data: object, width: float) -> float:
        pt = self.legend_pt
        if kind == "heading":
            return (pt + 1) * 1.25 * U + 4 * U
        if kind == "note":
            return text_height(font(pt, italic=True), width, str(data)) + 6 * U
        assert isinstance(data, LegendRow)  # the other kind of block
        return text_height(font(pt), width - 2.4 * pt * U, self.row_text(data)) + 1.5 * U

    def _flow(
        self, items: list[tuple[str, object]], area: QRectF, ncols: int
    ) -> tuple[list[Block], list[tuple[str, object]]]:
        """Fill `area`'s columns top to bottom; return the placed blocks and the rest."""
        gap = 14 * U
        col_w = (area.width() - gap * (ncols - 1)) / ncols
        blocks: list[Block] = []
        col, y, i = 0, area.top(), 0
        while i < len(items):
            kind, data = items[i]
            h = self._item_height(kind, data, col_w)
            need = h
            if kind == "heading" and i + 1 < len(items):  # keep a heading with its first row
                need += self._item_height(*items[i + 1], col_w)
            if y + need > area.bottom() and y > area.top():
                col, y = col + 1, area.top()
                if col >= ncols:
                    break
                continue
            x = area.left() + col * (col_w + gap)
            blocks.append(Block(kind, QRectF(x, y, col_w, h), data))
            y += h
            i += 1
        return blocks, items[i:]

    def _chart_pages(self, view_id: str) -> list[Page]:
        body = self.body
        view_name = self.atlas.views[view_id].name
        title = QCoreApplication.translate("ChartPage", "Reflexology zone chart: {0}").format(
            view_name
        )
        page = Page("chart", title, view_id)
        if not self.options.legend:
            page.map_rect = self._fit(body, view_id)
            return [page]
        self.show(view_id)
        sr = self.scene.sceneRect()
        aspect = sr.width() / sr.height()
        items = self.legend_items(view_id)
        gap = 12 * U
        scale_top = min(body.width() / sr.width(), body.height() * self.map_share / sr.height())
        scale_side = min(body.width() * 0.56 / sr.width(), body.height() / sr.height())
        if scale_side > scale_top:  # landscape paper or tall legs: map left, legend right
            map_w = min(body.height() * aspect, body.width() * 0.56)
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
        ncols = max(1, int(legend_area.width() // (190 * U)))
        page.blocks, rest = self._flow(items, legend_area, ncols)
        pages = [page]
        while rest:
            more = Page(
                "chart",
                QCoreApplication.translate("ChartPage", "Legend, continued: {0}").format(view_name),
                view_id,
            )
            ncols = max(1, int(body.width() // (190 * U)))
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


def footnote(doc: ChartDocument) -> str:
    """The note under every page, made from the content's rules by the core (a handout
    prints its own routine's safety check in its introduction)."""
    handout = doc.options.sequence is not None
    return "\n".join(safety.paper_note_lines(doc.atlas, handout=handout))


# ---- THE paint routine ----------------------------------------------------------------
def paint_chart(painter: QPainter, page_rect: QRectF, doc: ChartDocument, page_index: int) -> None:
    """Draw page `page_index` of `doc` into `page_rect` (device coordinates)."""
    page = doc.pages[page_index]
    style = doc.style
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(page_rect.topLeft())
    painter.scale(page_rect.width() / doc.width, page_rect.height() / doc.height)
    painter.fillRect(QRectF(0, 0, doc.width, doc.height), style.background)
    m = doc.margin
    inner_w = doc.width - 2 * m

    painter.setPen(style.ink)
    title_pt = 15.0
    while (
        title_pt > 10
        and QFontMetricsF(font(title_pt, True)).horizontalAdvance(page.title) > inner_w
    ):
        title_pt -= 0.5
    painter.setFont(font(title_pt, bold=True))
    painter.drawText(QRectF(m, m, inner_w, 22 * U), Qt.AlignmentFlag.AlignLeft, page.title)
    painter.setPen(style.muted)
    painter.setFont(font(8.5))
    if page.kind == "chart":
        kind = labels.view_kind(doc.atlas, page.view_id)
        sub = QCoreApplication.translate(
            "ChartPage",
            "Numbers match the legend; the same number marks the same zone on the {0} and the {1}.",
        ).format(
            labels.side_label(doc.atlas, kind, "left"), labels.side_label(doc.atlas, kind, "right")
        )
    else:
        sub = QCoreApplication.translate(
            "ChartPage", "Follow the steps in order; work gently and stay within comfort."
        )
    painter.drawText(QRectF(m, m + 22 * U, inner_w, 14 * U), Qt.AlignmentFlag.AlignLeft, sub)

    if page.map_rect is not None:
        doc.show(page.view_id)
        doc.scene.render(
            painter, page.map_rect, doc.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio
        )
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
        _paint_block(painter, doc, block, page.legend_pt)
    _paint_footer(painter, doc, page_index)
    painter.restore()


def _paint_block(painter: QPainter, doc: ChartDocument, block: Block, pt: float) -> None:
    style, r = doc.style, block.rect
    if block.kind == "heading":
        painter.setPen(style.ink)
        painter.setFont(font(pt + 1, bold=True))
        painter.drawText(
            QRectF(r.left(), r.top() + 4 * U, r.width(), r.height()),
            Qt.AlignmentFlag.AlignLeft,
            str(block.data),
        )
        painter.setPen(QPen(style.muted, 0.5 * U))
        painter.drawLine(r.bottomLeft(), r.bottomRight())
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
    m, style = doc.margin, doc.style
    inner_w = doc.width - 2 * m
    top = doc.height - m - doc.footer_height() + 6 * U
    painter.setPen(QPen(style.muted, 0.5 * U))
    painter.drawLine(QRectF(m, top, inner_w, 0).topLeft(), QRectF(m, top, inner_w, 0).topRight())
    painter.setPen(style.ink)
    painter.setFont(font(7))
    note = footnote(doc)
    note_h = text_height(font(7), inner_w, note)
    painter.drawText(
        QRectF(m, top + 4 * U, inner_w, note_h + 4 * U), Qt.TextFlag.TextWordWrap, note
    )
    painter.setPen(style.muted)
    line = QCoreApplication.translate(
        "ChartPage", "reflexmap {0} · content version {1} · {2} · page {3} of {4}"
    ).format(__version__, __version__, doc.options.date, page_index + 1, len(doc.pages))
    painter.drawText(
        QRectF(m, doc.height - m - 11 * U, inner_w, 11 * U), Qt.AlignmentFlag.AlignRight, line
    )
