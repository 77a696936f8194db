"""A person's progress sheet: a summary page (the range, the tint's legend, the zones whose
tenderness changed most, the sessions with their notes) and the chart pages of every view
that holds marks, drawn by the chart page code (`chart_page.paint_chart`) with the heat laid
on the map through the page's own UiState, so paper shows what the screen shows.

PDF, SVG and PNG go through `reflexmap.qt.output` like every export; a printer through
`paint_progress` page by page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPdfWriter, QPen

from reflexmap import __version__
from reflexmap.core.atlas import Atlas
from reflexmap.core.present import labels
from reflexmap.core.present.i18n import trn
from reflexmap.core.user_store import JournalEntry, UserStore
from reflexmap.qt.map.heat_legend import paint_heat_legend
from reflexmap.qt.output import check_folder, memory, save, save_image
from reflexmap.qt.printing.chart_page import (
    ChartDocument,
    ChartOptions,
    U,
    begin_page,
    font,
    paint_chart,
    text_height,
)
from reflexmap.qt.state import heat_layer

if TYPE_CHECKING:  # print support loads on first print
    from PySide6.QtPrintSupport import QPrinter

MOST_CHANGED = 12


@dataclass
class Line:
    rect: QRectF
    text: str
    font: QFont
    muted: bool = False
    legend: bool = False


class ProgressSheet:
    """Laid out once; paint any page with `paint_progress`."""

    def __init__(
        self,
        atlas: Atlas,
        store: UserStore,
        person_id: int,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        options: ChartOptions | None = None,
    ) -> None:
        person = store.person(person_id)
        if person is None:
            raise ValueError("no such person")
        self.atlas = atlas
        self.person = person
        options = options or ChartOptions()
        sessions = store.sessions(person_id, start, end)
        count = len(sessions)  # a plain name: lupdate takes no expression as trn's count
        self.layer = heat_layer(atlas, store, person_id, start, end, person.name, count)
        heat = self.layer.values
        views = [v for v in atlas.views if any(atlas.zones[z].view == v for z in heat)]
        self.chart = ChartDocument(atlas, replace(options, views=tuple(views or ["sole"])))
        self.chart.state.set_marks(self.layer)  # the chart pages draw the heat
        self.width, self.height, self.margin = (
            self.chart.width,
            self.chart.height,
            self.chart.margin,
        )
        self.style = self.chart.style
        if sessions:
            first = sessions[0].date.astimezone().date()
            last = sessions[-1].date.astimezone().date()
            self.span = QCoreApplication.translate("ProgressSheet", "{0} to {1}").format(
                first, last
            )
        else:
            self.span = QCoreApplication.translate("ProgressSheet", "no sessions in this range")
        self.pages: list[list[Line]] = []
        self._layout(store, sessions, start, end)

    @property
    def page_count(self) -> int:
        return len(self.pages) + len(self.chart.pages)

    def _layout(
        self,
        store: UserStore,
        sessions: list[JournalEntry],
        start: dt.datetime | None,
        end: dt.datetime | None,
    ) -> None:
        m, w = self.margin, self.width - 2 * self.margin
        bottom = self.height - m - 30 * U
        count = len(sessions)  # a plain name: lupdate takes no expression as trn's count
        page: list[Line] = []
        y = m

        def add(text: str, f: QFont, *, muted: bool = False, gap: float = 0.0) -> None:
            nonlocal y, page
            h = text_height(f, w, text) + 2 * U
            if y + gap + h > bottom and page:
                self.pages.append(page)
                page, y = [], m
            y += gap
            page.append(Line(QRectF(m, y, w, h), text, f, muted))
            y += h

        add(
            QCoreApplication.translate("ProgressSheet", "Progress: {0}").format(self.person.name),
            font(15, bold=True),
        )
        add(
            trn(
                "ProgressSheet",
                "{0} · %n session · printed {1}",
                "{0} · %n sessions · printed {1}",
                count,
            ).format(self.span, dt.date.today().isoformat()),
            font(8.5),
            muted=True,
        )
        add(
            QCoreApplication.translate(
                "ProgressSheet",
                "Marks record what was felt (tenderness 0 none, 1 slight, 2 moderate, 3 "
                "marked), not what it means: a tender zone is not a finding about the organ "
                "the chart links it to. The map pages show the mean tenderness of each "
                "marked zone over these sessions.",
            ),
            font(9),
            gap=6 * U,
        )
        page.append(Line(QRectF(m, y + 4 * U, min(w, 300 * U), 30 * U), "", font(9), legend=True))
        y += 38 * U
        changes = store.changes(self.person.id, start, end)
        add(
            QCoreApplication.translate("ProgressSheet", "Zones whose tenderness changed most"),
            font(11, bold=True),
            gap=8 * U,
        )
        if not changes:
            add(
                QCoreApplication.translate(
                    "ProgressSheet", "No zone was marked in two sessions of this range."
                ),
                font(9),
                muted=True,
            )
        for zone, first, last, count in changes[:MOST_CHANGED]:
            name = labels.zone_line(self.atlas, zone) if zone in self.atlas.zones else zone
            add(
                QCoreApplication.translate(
                    "ProgressSheet", "{0}: {1} → {2} ({3:+d}), {4} marks"
                ).format(name, first, last, last - first, count),
                font(9),
            )
        add(QCoreApplication.translate("ProgressSheet", "Sessions"), font(11, bold=True), gap=8 * U)
        names = {s.id: s.name for s in self.atlas.sequences.values()}
        for e in sessions:
            before = "–" if e.tension_before is None else str(e.tension_before)
            after = "–" if e.tension_after is None else str(e.tension_after)
            marks = store.marks(e.id)
            n_marks = len(marks)
            add(
                trn(
                    "ProgressSheet",
                    "{0} · {1} · {2} min · tension {3} → {4} · %n mark",
                    "{0} · {1} · {2} min · tension {3} → {4} · %n marks",
                    n_marks,
                ).format(
                    e.date.astimezone().strftime("%Y-%m-%d %H:%M"),
                    names.get(
                        e.sequence_id, QCoreApplication.translate("ProgressSheet", "free session")
                    ),
                    round(e.duration_s / 60),
                    before,
                    after,
                ),
                font(9, bold=True),
                gap=3 * U,
            )
            if e.note:
                add(e.note[:2000], font(9))
        self.pages.append(page)


def paint_progress(painter: QPainter, page_rect: QRectF, sheet: ProgressSheet, index: int) -> None:
    """Page `index`: a summary page, then the chart pages (the chart page code's)."""
    if index >= len(sheet.pages):
        paint_chart(painter, page_rect, sheet.chart, index - len(sheet.pages))
        return
    style = sheet.style
    begin_page(painter, page_rect, sheet.width, sheet.height, style.background)
    for line in sheet.pages[index]:
        if line.legend:
            paint_heat_legend(painter, line.rect, style, sheet.layer.title, font(9))
            continue
        painter.setPen(style.muted if line.muted else style.ink)
        painter.setFont(line.font)
        painter.drawText(line.rect, Qt.TextFlag.TextWordWrap, line.text)
    m, inner_w = sheet.margin, sheet.width - 2 * sheet.margin
    top = sheet.height - m - 26 * U
    painter.setPen(QPen(style.muted, 0.5 * U))
    painter.drawLine(QRectF(m, top, inner_w, 0).topLeft(), QRectF(m, top, inner_w, 0).topRight())
    painter.setFont(font(7))
    painter.drawText(
        QRectF(m, top + 4 * U, inner_w, 22 * U),
        Qt.AlignmentFlag.AlignRight,
        QCoreApplication.translate(
            "ProgressSheet", "reflexmap {0} · progress of {1} · page {2} of {3} (then the maps)"
        ).format(__version__, sheet.person.name, index + 1, len(sheet.pages)),
    )
    painter.restore()


def print_to(printer: QPrinter, sheet: ProgressSheet) -> bool:
    """Onto a printer (also the print preview's), page by page, the whole sheet."""
    printer.setFullPage(True)
    layout = printer.pageLayout()
    rect = QRectF(layout.fullRectPixels(printer.resolution()))
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for i in range(sheet.page_count):
            if i:
                printer.newPage()
            paint_progress(painter, QRectF(0, 0, rect.width(), rect.height()), sheet, i)
    finally:
        painter.end()
    return True


def write(path: Path, sheet: ProgressSheet, dpi: int = 150) -> list[Path]:
    """The sheet as a PDF (all pages), or SVG/PNG (one file a page: -2, -3...)."""
    from reflexmap.qt.printing.export import export_format, page_layout, page_paths

    export_format(path)  # one of the formats a chart is written in, or ValueError naming them
    check_folder(path)
    fmt = path.suffix.lower().lstrip(".")
    size = sheet.chart.options.page_size_pt()
    count = sheet.page_count
    if fmt == "pdf":
        buffer, data = memory()
        writer = QPdfWriter(buffer)
        writer.setPageLayout(page_layout(sheet.chart.options))
        writer.setResolution(1200)
        writer.setTitle(
            QCoreApplication.translate("ProgressSheet", "Progress: {0}").format(sheet.person.name)
        )
        writer.setCreator(f"reflexmap {__version__}")
        rect = QRectF(writer.pageLayout().fullRectPixels(writer.resolution()))
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"cannot write {path}")
        try:
            for i in range(count):
                if i:
                    writer.newPage()
                paint_progress(painter, QRectF(0, 0, rect.width(), rect.height()), sheet, i)
        finally:
            painter.end()
        save(path, buffer, data)
        return [path]
    written = []
    for i, out in enumerate(page_paths(path, count)):
        if fmt == "svg":
            from PySide6.QtSvg import QSvgGenerator

            gen = QSvgGenerator()
            buffer, data = memory()
            gen.setOutputDevice(buffer)
            gen.setSize(QSize(round(size.width()), round(size.height())))
            gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
            gen.setResolution(72)
            painter = QPainter(gen)
            paint_progress(painter, QRectF(0, 0, size.width(), size.height()), sheet, i)
            painter.end()
            save(out, buffer, data)
        elif fmt == "png":
            px = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
            image = QImage(px, QImage.Format.Format_RGB32)
            image.fill(sheet.style.background)
            painter = QPainter(image)
            paint_progress(painter, QRectF(0, 0, px.width(), px.height()), sheet, i)
            painter.end()
            save_image(out, image)
        else:
            raise ValueError(f"{path}: name a .pdf, .svg or .png file")
        written.append(out)
    return written
