"""Chart and handout output: printer, PDF, SVG, PNG, and the `chart`/`handout` commands.

Every writer opens its device and calls `chart_page.paint_chart` page by page; nothing
here draws the chart itself.

Files are painted into memory and written by `reflexmap.qt.output` (atomically: a
missing folder or a full disk reaches the user as an OSError, no truncated file is left).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from reflexmap import __version__
from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP
from reflexmap.qt.output import check_folder, memory, save, save_image, write_error
from reflexmap.qt.printing.chart_page import (
    PAPERS,
    POSTERS,
    TILE_PAPERS,
    ChartDocument,
    ChartOptions,
    chart_document,
    paint_sheet,
)

if TYPE_CHECKING:  # print support loads on first print, not at start
    from PySide6.QtPrintSupport import QPrinter

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
MIN_DPI, MAX_DPI = 10, 600  # an A4 page at 600 dpi is 35 million pixels (140 MB)


def page_layout(options: ChartOptions) -> QPageLayout:
    """The paper as Qt knows it, with no margins (the page draws its own); a poster's
    is its tiles' paper."""
    paper, landscape = options.sheet()
    w, h = PAPERS[paper]
    size = {
        "a4": QPageSize(QPageSize.PageSizeId.A4),
        "letter": QPageSize(QPageSize.PageSizeId.Letter),
        "a3": QPageSize(QPageSize.PageSizeId.A3),
    }.get(paper, QPageSize(QSizeF(w, h), QPageSize.Unit.Point))
    orient = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orient, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def _keep_going(progress: Progress | None, done: int, total: int) -> bool:
    return progress is None or progress(done, total)


def page_paths(path: Path, count: int) -> list[Path]:
    """Single-page formats: page 1 keeps the name, later pages get -2, -3..."""
    return [
        path if i == 0 else path.with_name(f"{path.stem}-{i + 1}{path.suffix}")
        for i in range(count)
    ]


def paint_pages(
    painter: QPainter,
    doc: ChartDocument,
    page_rect: QRectF,
    new_page: Callable[[], object],
    progress: Progress | None = None,
) -> bool:
    total = len(doc.sheets)
    for i in range(total):
        if not _keep_going(progress, i, total):
            return False
        if i:
            new_page()
        paint_sheet(painter, page_rect, doc, i)
    _keep_going(progress, total, total)
    return True


def print_document(
    printer: QPrinter, atlas: Atlas, options: ChartOptions, progress: Progress | None = None
) -> bool:
    """Paint onto a printer (also the preview's): the layout follows the printer's paper
    (a poster keeps its own size and is tiled on it)."""
    printer.setFullPage(True)
    layout = printer.pageLayout()
    full = layout.fullRect(QPageLayout.Unit.Point)
    size = None if options.poster else QSizeF(full.width(), full.height())
    doc = chart_document(atlas, options, size)
    rect = QRectF(layout.fullRectPixels(printer.resolution()))
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        return paint_pages(
            painter, doc, QRectF(0, 0, rect.width(), rect.height()), printer.newPage, progress
        )
    finally:
        painter.end()


def write_pdf(
    path: Path, atlas: Atlas, options: ChartOptions, progress: Progress | None = None
) -> list[Path]:
    check_folder(path)
    doc = chart_document(atlas, options)
    buffer, data = memory()
    writer = QPdfWriter(buffer)
    writer.setPageLayout(page_layout(options))
    writer.setResolution(1200)
    writer.setTitle(doc.pages[0].title)
    writer.setCreator(f"reflexmap {__version__}")
    rect = QRectF(writer.pageLayout().fullRectPixels(writer.resolution()))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        ok = paint_pages(
            painter, doc, QRectF(0, 0, rect.width(), rect.height()), writer.newPage, progress
        )
    finally:
        painter.end()
    if not ok:
        return []
    save(path, buffer, data)
    return [path]


def write_svg(
    path: Path, atlas: Atlas, options: ChartOptions, progress: Progress | None = None
) -> list[Path]:
    from PySide6.QtSvg import QSvgGenerator

    check_folder(path)
    doc = chart_document(atlas, options)
    size = options.sheet_size_pt()
    rect = QRectF(0, 0, size.width(), size.height())
    written = []
    for i, out in enumerate(page_paths(path, len(doc.sheets))):
        if not _keep_going(progress, i, len(doc.sheets)):
            break
        gen = QSvgGenerator()
        buffer, data = memory()
        gen.setOutputDevice(buffer)
        gen.setSize(QSize(round(size.width()), round(size.height())))
        gen.setViewBox(rect)
        gen.setResolution(72)
        gen.setTitle(doc.pages[doc.sheets[i][0]].title)
        gen.setDescription(f"reflexmap {__version__}")
        painter = QPainter(gen)
        paint_sheet(painter, rect, doc, i)
        painter.end()
        save(out, buffer, data)
        written.append(out)
    return written


def check_dpi(dpi: int) -> None:
    """The one range check of a PNG's resolution (the writer and the command line)."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"--dpi must be between {MIN_DPI} and {MAX_DPI}, not {dpi}")


def png_size(options: ChartOptions, dpi: int) -> QSize:
    check_dpi(dpi)
    size = options.sheet_size_pt()
    return QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))


def write_png(
    path: Path,
    atlas: Atlas,
    options: ChartOptions,
    dpi: int = 150,
    progress: Progress | None = None,
) -> list[Path]:
    px = png_size(options, dpi)
    check_folder(path)
    doc = chart_document(atlas, options)
    written = []
    for i, out in enumerate(page_paths(path, len(doc.sheets))):
        if not _keep_going(progress, i, len(doc.sheets)):
            break
        image = QImage(px, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        image.fill(doc.style.background)
        painter = QPainter(image)
        paint_sheet(painter, QRectF(0, 0, px.width(), px.height()), doc, i)
        painter.end()
        save_image(out, image)
        written.append(out)
    return written


@dataclass(frozen=True)
class ExportFormat:
    """A file format the chart and the handout can be written in."""

    suffix: str  # ".pdf"
    label: str  # the save dialog's name for it (translated in the "export" context)
    write: Callable[[Path, Atlas, ChartOptions, int, Progress | None], list[Path]]


# The one list of formats: the save dialog's filter, the extension it forces, the
# command line's -o check and export() all read it.
FORMATS: dict[str, ExportFormat] = {
    f.suffix: f
    for f in (
        ExportFormat(
            ".pdf",
            QT_TRANSLATE_NOOP("export", "PDF"),
            lambda path, atlas, options, dpi, progress: write_pdf(path, atlas, options, progress),
        ),
        ExportFormat(
            ".svg",
            QT_TRANSLATE_NOOP("export", "SVG drawing"),
            lambda path, atlas, options, dpi, progress: write_svg(path, atlas, options, progress),
        ),
        ExportFormat(".png", QT_TRANSLATE_NOOP("export", "PNG image"), write_png),
    )
}


def export_format(path: Path) -> ExportFormat:
    """The format of `path`, by its extension; ValueError naming the ones there are."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        *first, last = FORMATS
        raise ValueError(f"-o must end in {', '.join(first)} or {last}, not {path.name!r}")
    return fmt


def export(
    path: Path,
    atlas: Atlas,
    options: ChartOptions,
    dpi: int = 150,
    progress: Progress | None = None,
) -> list[Path]:
    """Write by extension; returns the files written (empty if cancelled)."""
    return export_format(path).write(path, atlas, options, dpi, progress)


# ---- the command line ----------------------------------------------------------------
def _start(args: argparse.Namespace) -> Atlas:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reflexmap.core.content import load
    from reflexmap.qt.application import make_app

    make_app()
    pack = getattr(args, "content", None)
    return load(Path(pack) if pack else None)


def _common(args: argparse.Namespace) -> ChartOptions | str:
    """The options the chart and the handout share, or what is wrong with the arguments."""
    try:
        export_format(Path(args.output))
        check_dpi(args.dpi)
    except ValueError as exc:
        return str(exc)
    options = ChartOptions(paper=args.paper, landscape=args.landscape, grayscale=args.grayscale)
    poster = getattr(args, "poster", None)
    if poster is not None:
        if poster not in POSTERS:
            return f"--poster must be one of {', '.join(POSTERS)}, not {poster!r}"
        if args.tile not in TILE_PAPERS:
            return f"--tile must be one of {', '.join(TILE_PAPERS)}, not {args.tile!r}"
        options = replace(options, poster=poster, tile=args.tile)
    return options


def _finish(cmd: str, args: argparse.Namespace, atlas: Atlas, options: ChartOptions) -> int:
    start = time.perf_counter()
    try:
        written = export(Path(args.output), atlas, options, dpi=args.dpi)
    except OSError as exc:
        sys.stderr.write(f"reflexmap {cmd}: {write_error(args.output, exc)}\n")
        return 1
    except ValueError as exc:
        sys.stderr.write(f"reflexmap {cmd}: {exc}\n")
        return 1
    ms = (time.perf_counter() - start) * 1000
    sys.stdout.write(f"wrote {', '.join(map(str, written))} ({ms:.0f} ms)\n")
    return 0


def run_chart(args: argparse.Namespace) -> int:
    atlas = _start(args)
    common = _common(args)
    if isinstance(common, str):
        sys.stderr.write(f"reflexmap chart: {common}\n")
        return 2
    views = tuple(atlas.views) if args.view == "all" else (args.view or next(iter(atlas.views)),)
    unknown = [v for v in views if v not in atlas.views]
    if unknown:
        sys.stderr.write(
            f"reflexmap chart: unknown view {unknown[0]!r}; views: " + ", ".join(atlas.views) + "\n"
        )
        return 2
    feet = ("left", "right") if args.feet == "both" else (args.feet,)
    options = replace(common, views=views, feet=feet, legend=not args.no_legend, labels=args.labels)
    return _finish("chart", args, atlas, options)


def run_handout(args: argparse.Namespace) -> int:
    atlas = _start(args)
    common = _common(args)
    if isinstance(common, str):
        sys.stderr.write(f"reflexmap handout: {common}\n")
        return 2
    if args.sequence not in atlas.sequences:
        sys.stderr.write(
            f"reflexmap handout: unknown sequence {args.sequence!r}; "
            "sequences: " + ", ".join(atlas.sequences) + "\n"
        )
        return 2
    options = replace(common, sequence=args.sequence)
    return _finish("handout", args, atlas, options)
