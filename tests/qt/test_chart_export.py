"""The printed chart and handout: every format, both papers, grayscale, pagination, CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtPrintSupport import QPrintPreviewDialog

from reflexmap.core.present.routine import routine_summary
from reflexmap.qt.printing import export
from reflexmap.qt.printing.chart_page import MIN_PT, ChartDocument, ChartOptions, U

PAPER_PT = {
    ("a4", False): (595, 842),
    ("a4", True): (842, 595),
    ("letter", False): (612, 792),
    ("letter", True): (792, 612),
}


@pytest.fixture
def view(atlas) -> str:
    return "sole" if "sole" in atlas.views else next(iter(atlas.views))


def media_boxes(pdf: Path) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    return [(float(w), float(h)) for w, h in boxes]


def pdf_text(pdf: Path, raw: bool = False) -> str:
    """The PDF's text; `raw` keeps the drawing order, so a name wrapped over two lines
    beside the feet reads as one (-layout interleaves the two columns of names)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not on PATH: install Debian's poppler-utils (.ci/run does)")
    mode = "-raw" if raw else "-layout"
    out = subprocess.run([tool, mode, str(pdf), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFKC", out.stdout.decode())  # "ﬂ" -> "fl", "ﬁ" -> "fi"
    return " ".join(text.replace("\u00ad", "").split())


@pytest.mark.parametrize(("paper", "landscape"), list(PAPER_PT))
def test_pdf_page_size(qapp, atlas, view, tmp_path, paper, landscape) -> None:
    out = tmp_path / "chart.pdf"
    written = export.export(
        out, atlas, ChartOptions(views=(view,), paper=paper, landscape=landscape)
    )
    assert written == [out]
    boxes = media_boxes(out)
    assert boxes, "no page in the PDF"
    for w, h in boxes:
        assert (round(w), round(h)) == PAPER_PT[(paper, landscape)]


def test_pdf_text_is_selectable(qapp, atlas, view, tmp_path) -> None:
    out = tmp_path / "chart.pdf"
    export.export(out, atlas, ChartOptions(views=(view,)))
    text = pdf_text(out, raw=True)
    assert "Left" in text and "Right" in text
    assert atlas.views[view].name in text
    flat = text.replace(" ", "")
    for zone in atlas.zones_of(view=view):
        assert zone.name.replace(" ", "") in flat, zone.name
    assert "no convincing evidence" in text
    assert "not established medical facts" in text
    assert "diagnose" in text and "pregnancy" in text


def test_svg_is_vector_with_text(qapp, atlas, view, tmp_path) -> None:
    out = tmp_path / "chart.svg"
    written = export.export(out, atlas, ChartOptions(views=(view,)))
    svg = written[0].read_text(encoding="utf-8")
    assert svg.count("<path") >= len(atlas.zones_of(view=view))
    assert "<text" in svg
    assert "<image" not in svg
    assert 'viewBox="0 0 595 842"' in svg


@pytest.mark.parametrize(("paper", "size"), [("a4", (2480, 3508)), ("letter", (2550, 3300))])
def test_png_300_dpi_size(qapp, atlas, view, tmp_path, paper, size) -> None:
    out = tmp_path / "chart.png"
    export.export(out, atlas, ChartOptions(views=(view,), paper=paper), dpi=300)
    image = QImage(str(out))
    assert abs(image.width() - size[0]) <= 2 and abs(image.height() - size[1]) <= 2
    assert abs(image.dotsPerMeterX() * 0.0254 - 300) < 1


def test_grayscale_map_has_no_colour(qapp, atlas, view, tmp_path) -> None:
    options = ChartOptions(views=(view,), grayscale=True)
    out = tmp_path / "gray.png"
    export.export(out, atlas, options, dpi=60)
    image = QImage(str(out))
    doc = ChartDocument(atlas, options)
    rect = doc.pages[0].map_rect
    assert rect is not None
    sx, sy = image.width() / doc.width, image.height() / doc.height
    inked = 0
    for i in range(1, 40):
        for j in range(1, 40):
            x = int((rect.left() + rect.width() * i / 40) * sx)
            y = int((rect.top() + rect.height() * j / 40) * sy)
            c = QColor(image.pixel(x, y))
            assert max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) <= 3
            inked += c.red() < 250
    assert inked > 200  # the probes did land on the feet


def test_colour_map_has_colour(qapp, atlas, view, tmp_path) -> None:
    out = tmp_path / "colour.png"
    export.export(out, atlas, ChartOptions(views=(view,)), dpi=40)
    image = QImage(str(out))
    coloured = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if QColor(image.pixel(x, y)).hsvSaturation() > 25
    )
    assert coloured > 100


def _check_layout(doc: ChartDocument) -> None:
    for page in doc.pages:
        assert page.legend_pt >= MIN_PT
        rects = [b.rect for b in page.blocks]
        body = doc.body.adjusted(-1, -1, 1, 1)
        for k, r in enumerate(rects):
            assert body.contains(r), (page.title, r)
            assert page.map_rect is None or not r.intersects(page.map_rect)
            for other in rects[k + 1 :]:
                assert not r.adjusted(1, 1, -1, -1).intersects(other), (r, other)


def test_long_legend_continues_on_a_second_page(qapp, atlas, view) -> None:
    small = ChartDocument(atlas, ChartOptions(views=(view,)), QSizeF(300, 420))
    assert len(small.pages) >= 2
    _check_layout(small)
    numbers = {b.data.number for p in small.pages for b in p.blocks if b.kind == "row"}
    assert numbers == {z.number for z in atlas.zones_of(view=view)}
    a4 = ChartDocument(atlas, ChartOptions(views=(view,)))
    _check_layout(a4)
    assert a4.pages[0].legend_pt >= MIN_PT
    assert a4.pages[0].map_rect is not None
    assert a4.pages[0].map_rect.height() > 0.4 * a4.height  # the feet are large


def test_every_paper_lays_out_cleanly(qapp, atlas, view) -> None:
    for paper, landscape in PAPER_PT:
        for feet in (("left", "right"), ("right",)):
            _check_layout(
                ChartDocument(
                    atlas, ChartOptions(views=(view,), paper=paper, landscape=landscape, feet=feet)
                )
            )
    doc = ChartDocument(atlas, ChartOptions(views=tuple(atlas.views), legend=False))
    assert len(doc.pages) == len(atlas.views)
    assert all(not p.blocks for p in doc.pages)


def test_handout(qapp, atlas, tmp_path) -> None:
    seq_id = next(iter(atlas.sequences))
    seq = atlas.sequences[seq_id]
    doc = ChartDocument(atlas, ChartOptions(sequence=seq_id))
    steps = [b for p in doc.pages for b in p.blocks if b.kind == "step"]
    assert [b.data[0] for b in steps] == list(range(len(doc.handout)))
    assert doc.plan is not None and len(doc.handout) == len(doc.plan.source_steps)
    _check_layout(doc)
    for other in atlas.sequences:  # foot and leg routines alike stay inside the page
        _check_layout(ChartDocument(atlas, ChartOptions(sequence=other)))
    out = tmp_path / "handout.pdf"
    assert export.export(out, atlas, ChartOptions(sequence=seq_id)) == [out]
    png = export.export(tmp_path / "handout.png", atlas, ChartOptions(sequence=seq_id), dpi=50)
    assert QImage(str(png[0])).width() == round(595 / 72 * 50)
    text = pdf_text(out)
    summary = routine_summary(atlas, seq)  # the menu's count and time, on paper too
    assert f"{summary.steps} steps, about {max(1, round(summary.total_s / 60))} min" in text
    first = doc.handout[0]
    assert first.heading.split(" · ")[0] in text  # "Steps 1 and 7": both numbers
    assert atlas.techniques[seq.steps[0].technique].name.split()[0] in text
    assert "no convincing evidence" in text


def test_cancel_stops_a_multi_page_export(qapp, atlas, tmp_path) -> None:
    calls: list[tuple[int, int]] = []

    def cancel(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    out = tmp_path / "all.png"
    assert export.export(out, atlas, ChartOptions(views=tuple(atlas.views)), progress=cancel) == []
    assert calls and not out.exists()


def test_print_preview_opens_and_closes(window, qtbot, monkeypatch) -> None:
    painted: list[bool] = []
    real = export.print_document
    monkeypatch.setattr(export, "print_document", lambda *a, **k: painted.append(real(*a, **k)))
    texts = [a.text() for a in window.menu("file").actions() if not a.isSeparator()]
    assert texts[-1] == "&Quit"
    for name in ("Print Pre&view…", "&Print…", "&Export Chart…"):
        assert name in texts
    preview = window.features.printing.open_preview(ChartOptions(views=(window.ctx.state.view,)))
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: bool(painted))
    assert painted == [True] or all(painted)
    # it opens on the whole page, and the dialog's "Fit page" button says so
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    widget = preview.findChild(QPrintPreviewWidget)
    assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitInView
    fit = [a for a in preview.findChildren(QAction) if a.text().replace("&", "") == "Fit page"]
    assert fit and fit[0].isChecked()
    preview.close()
    assert not preview.isVisible()


def test_print_without_printer_offers_pdf(window, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo
    from PySide6.QtWidgets import QMessageBox

    from reflexmap.qt.printing import print_actions

    asked: list[str] = []
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    monkeypatch.setattr(
        print_actions.QMessageBox,
        "question",
        staticmethod(lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.No),
    )
    window.features.printing.print_chart()
    assert asked and "PDF" in asked[0]


def test_cli_chart_and_handout(qapp, atlas, tmp_path, capsys) -> None:
    from reflexmap.cli import main

    out = tmp_path / "c.png"
    assert (
        main(
            [
                "chart",
                "-o",
                str(out),
                "--paper",
                "letter",
                "--landscape",
                "--grayscale",
                "--dpi",
                "30",
                "--feet",
                "left",
            ]
        )
        == 0
    )
    assert QImage(str(out)).width() == round(792 / 72 * 30)
    assert main(["chart", "-o", str(tmp_path / "c.txt")]) == 2
    assert main(["chart", "-o", str(tmp_path / "c.pdf"), "--view", "nope"]) == 2
    seq = next(iter(atlas.sequences))
    assert main(["handout", seq, "-o", str(tmp_path / "h.svg")]) == 0
    assert (tmp_path / "h.svg").read_text(encoding="utf-8").count("<text") > 3
    assert main(["handout", "nope", "-o", str(tmp_path / "h.pdf")]) == 2
    for cmd in ("chart", "handout"):
        with pytest.raises(SystemExit) as exc:
            main([cmd, "--help"])
        assert exc.value.code == 0
    assert "--grayscale" in capsys.readouterr().out


def test_page_units_match_the_paper(qapp, atlas, view) -> None:
    doc = ChartDocument(atlas, ChartOptions(views=(view,), paper="letter"))
    assert (doc.width / U, doc.height / U) == (612, 792)
    assert QRectF(0, 0, doc.width, doc.height).contains(doc.body)


def test_options_dialog_offers_names_numbers_a3_and_posters(qapp, atlas) -> None:  # type: ignore[no-untyped-def]
    from reflexmap.qt.printing.print_actions import ChartOptionsDialog

    dialog = ChartOptionsDialog(atlas, "sole")
    assert dialog.options().labels == "names" and dialog.options().poster is None
    dialog.labels.setCurrentIndex(dialog.labels.findData("numbers"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    dialog.poster.setCurrentIndex(dialog.poster.findData("a1"))
    options = dialog.options()
    assert (options.labels, options.poster, options.tile) == ("numbers", "a1", "letter")
    assert options.sheet()[0] == "letter"  # the printer gets the tiles' paper
    dialog.paper.setCurrentIndex(dialog.paper.findData("a3"))
    assert dialog.options().tile == "a4"  # A3 is no tile paper: tiles on A4
    assert export.page_layout(ChartOptions(paper="a3")).pageSize().id().name == "A3"
    dialog.deleteLater()


def _special(tmp_path: Path, kind: str) -> Path:
    import os
    import stat

    path = tmp_path / f"{kind}.png"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":  # a copy of /dev/full's node, never the real one
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 7))
        except PermissionError:
            pytest.skip("making a device node needs root")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("command", ["chart", "shot"])
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_an_output_that_is_not_a_regular_file_is_refused(
    qapp, tmp_path, capsys, command, kind
) -> None:
    """`shot -o /dev/full` printed "wrote /dev/full" on main and, as root, replaced the
    device node with a PNG; a FIFO was replaced the same way."""
    import stat

    from reflexmap.cli import main

    target = _special(tmp_path, kind)
    before = target.lstat()
    args = ["-o", str(target)] + (["--dpi", "20"] if command == "chart" else ["--size", "300x200"])
    assert main([command, *args]) == 1
    out, err = capsys.readouterr()
    assert "wrote" not in out and f"cannot write {target}: it is a" in err
    after = target.lstat()
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert after.st_ino == before.st_ino


@pytest.mark.parametrize("command", ["chart", "shot"])
def test_an_output_through_a_link_is_written_to_its_target(qapp, tmp_path, capsys, command) -> None:
    """On main the link was replaced by a file and its target left as it was, while the
    command said "wrote"."""
    real = tmp_path / "real" / "picture.png"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    from reflexmap.cli import main

    args = ["-o", str(link)] + (["--dpi", "20"] if command == "chart" else ["--size", "300x200"])
    assert main([command, *args]) == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert QImage(str(real)).width() > 100
