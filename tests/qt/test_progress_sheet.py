"""The progress sheet: a person's summary and the chart pages with the heat,
through the chart page code; PDF text and the map's tint checked."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from reflexmap.core.present import labels
from reflexmap.core.user_store import Mark, UserStore, data_dir
from reflexmap.qt.printing import progress_sheet


def practice(atlas) -> tuple[UserStore, int, str, str]:
    store = UserStore(data_dir())
    ann = store.add_person("Ann Example")
    sole = sorted(z.id for z in atlas.zones.values() if z.view == "sole")
    heel, toe = sole[0], sole[1]
    start = datetime(2026, 9, 7, 18, tzinfo=UTC)
    for week in range(10):
        e = store.add_entry(
            "free", 1500, person_id=ann.id, date=start + timedelta(weeks=week), note=f"week {week}"
        )
        store.set_mark(e.id, Mark(zone_id=heel, tenderness=3 if week < 5 else 1))
        store.set_mark(e.id, Mark(zone_id=toe, tenderness=2))
    return store, ann.id, heel, toe


def test_the_sheet_holds_the_summary_and_the_heat_map(atlas, qapp, tmp_path: Path) -> None:
    store, pid, heel, toe = practice(atlas)
    sheet = progress_sheet.ProgressSheet(atlas, store, pid)
    assert sheet.page_count == 2  # a summary page, the soles' chart page
    assert sheet.chart.state.marks is not None
    sheet.chart.show("sole")
    item = sheet.chart.scene.items_by_id[heel]
    fill, _, _ = item.look()
    assert fill == sheet.chart.style.heat_fill(2.0)  # the mean of 3,3,3,3,3,1,1,1,1,1
    assert sheet.layer.labels[heel] == "2" and sheet.layer.labels[toe] == "2"
    written = progress_sheet.write(tmp_path / "ann.pdf", sheet)
    assert written == [tmp_path / "ann.pdf"]
    pngs = progress_sheet.write(tmp_path / "ann.png", sheet)
    assert [p.name for p in pngs] == ["ann.png", "ann-2.png"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "ann.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(text.split())
    assert "Progress: Ann Example" in text
    assert "Zones whose tenderness changed most" in text
    assert f"{labels.zone_line(atlas, heel)}: 3 → 1 (-2), 10 marks" in text
    assert "week 9" in text and "not what it means" in text


def test_file_menu_writes_the_sheet_of_the_chosen_person(window, tmp_path, monkeypatch) -> None:
    store, pid, _, _ = practice(window.ctx.atlas)
    window.features.userdata.practice.set_person(pid)
    out = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    from reflexmap.qt.printing.print_actions import export_progress

    assert export_progress(window.features.printing) == [out]
    assert out.read_bytes().startswith(b"%PDF")


def test_the_sheet_prints_through_the_preview(window, qtbot, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from reflexmap.qt.printing.print_actions import preview_progress

    store, pid, _, _ = practice(window.ctx.atlas)
    window.features.userdata.practice.set_person(pid)
    printing = window.features.printing
    out = tmp_path / "printed.pdf"
    printing.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printing.printer.setOutputFileName(str(out))
    preview = preview_progress(printing)
    qtbot.waitUntil(lambda: preview.isVisible(), timeout=5000)
    assert progress_sheet.print_to(
        printing.printer, progress_sheet.ProgressSheet(window.ctx.atlas, store, pid)
    )
    preview.close()
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 10_000
