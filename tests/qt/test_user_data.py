"""The user-data features in the window: star, note, journal, session log, content packs."""

from __future__ import annotations

import csv
import json
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)
from shiboken6 import isValid

from reflexmap.core.loader import LoadCancelled
from reflexmap.core.problems import ContentError
from reflexmap.core.user_store import UserStore, data_dir

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def a_zone(window) -> str:
    return window.features.map.scene.zone_ids()[0]


def test_star_and_note_are_saved(window, qtbot) -> None:
    feature = window.features.userdata
    zone = a_zone(window)
    assert not feature.favourite_action.isEnabled()
    window.ctx.state.select_zone(zone)
    assert feature.favourite_action.isEnabled()
    feature.favourite_action.trigger()
    assert UserStore(data_dir()).is_favourite(zone)
    box = window.findChild(QGroupBox, "zoneNotes")  # under the details, not under the map
    assert box is not None and window.details_column.isAncestorOf(box)
    feature.notes.setPlainText("sore after the run")
    qtbot.waitUntil(lambda: UserStore(data_dir()).note(zone) == "sore after the run", timeout=3000)
    feature.notes.setPlainText("changed")
    window.ctx.state.clear()  # leaving the zone saves at once
    assert UserStore(data_dir()).note(zone) == "changed"
    window.ctx.state.select_zone(zone)
    assert feature.notes.toPlainText() == "changed"
    assert feature.favourite_action.isChecked()


def test_log_session_and_journal(window, qtbot, tmp_path, monkeypatch) -> None:
    seq = next(iter(window.ctx.atlas.sequences))
    dialog = window.ctx.journal.log_session(seq, 620)
    dialog.before.setValue(7)
    dialog.note.setPlainText("calmer")
    dialog.accept()
    entry = UserStore(data_dir()).journal[0]
    assert (
        entry.sequence_id,
        entry.duration_s,
        entry.tension_before,
        entry.tension_after,
        entry.note,
    ) == (seq, 620, 7, None, "calmer")
    journal = window.features.userdata.open_journal()
    assert journal.proxy.rowCount() == 1
    # issue 32: a length a person reads, not "10.3" minutes; sorted by its seconds
    shown = journal.proxy.index(0, 2)
    assert shown.data() == "10 min 20 s"
    assert shown.data(Qt.ItemDataRole.UserRole) == 620
    out = tmp_path / "journal.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    journal.export_csv()
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][0] == "date" and rows[1][1] == seq and rows[1][-1] == "calmer"
    journal.table.selectRow(0)
    journal.delete_selected()
    assert UserStore(data_dir()).journal == [] and journal.undo_button.isEnabled()
    journal.undo_delete()
    assert [e.id for e in UserStore(data_dir()).journal] == [entry.id]
    journal.close()


def test_recovered_data_is_told_once(new_window, atlas) -> None:
    folder = data_dir()
    folder.mkdir(parents=True)
    (folder / "journal.json").write_text('{"entries": [{"oops"')
    win = new_window(atlas, show=False)
    box = win.features.userdata.recovered_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "journal.json.bak-" in box.informativeText()
    box.close()
    again = new_window(atlas, show=False, fresh_store=True)
    assert again.features.userdata.recovered_box is None


def test_open_content_pack(window, qtbot, tmp_path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    other = window.features.userdata.open_pack(pack).wait()
    assert other is not None and other is not window and other.isVisible()
    assert other.ctx.atlas is not window.ctx.atlas
    other.close()
    broken = tmp_path / "broken"
    shutil.copytree(ASSETS, broken)
    (broken / "charts" / "sole.geojson").write_text("{")
    assert window.features.userdata.open_pack(broken).wait() is None
    box = window.findChild(QMessageBox, "packProblems")
    assert "charts/sole.geojson:line 1" in box.detailedText()
    box.close()
    QApplication.processEvents()


def slow_load(
    monkeypatch,
    release: threading.Event | None = None,
    seconds: float = 0.0,
) -> list[Path]:
    """The pack loader made slow (sleeping, or blocked until `release`), on its thread."""
    from reflexmap.core import pack_process

    real, calls = pack_process.load_in_child, []

    def load(folder: Path, *, cancelled):
        calls.append(folder)
        if release is not None:
            assert release.wait(30)
        time.sleep(seconds)
        return real(folder, cancelled=cancelled)

    monkeypatch.setattr(pack_process, "load_in_child", load)
    return calls


def test_open_pack_keeps_the_window_responsive(window, qtbot, tmp_path, monkeypatch) -> None:
    pack = tmp_path / "pack <b>x</b>"
    shutil.copytree(ASSETS, pack)
    slow_load(monkeypatch, seconds=1.0)
    ticks: list[float] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start(20)
    start = time.monotonic()
    load = window.features.userdata.open_pack(pack)
    assert time.monotonic() - start < 0.5  # open_pack returned at once
    dialog = window.findChild(QProgressDialog, "packProgress")
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText() == f"Checking {pack}…"
    assert dialog.findChild(QLabel).textFormat() == Qt.TextFormat.PlainText
    assert (dialog.minimum(), dialog.maximum()) == (0, 0)  # an indeterminate bar
    other = load.wait()
    ticker.stop()
    assert other is not None and other is not window
    assert len(ticks) > 20  # the event loop turned all through the one-second load
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.5
    assert load.dialog is None and not (isValid(dialog) and dialog.isVisible())
    other.close()


def test_cancel_discards_the_pack(window, qtbot, tmp_path, monkeypatch) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    release = threading.Event()
    calls = slow_load(monkeypatch, release)
    before = set(QApplication.topLevelWidgets())
    load = window.features.userdata.open_pack(pack)
    dialog = window.findChild(QProgressDialog, "packProgress")
    qtbot.waitUntil(lambda: calls == [pack], timeout=3000)
    button = dialog.findChild(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert load.cancelled and load.dialog is None
    assert not (isValid(dialog) and dialog.isVisible())
    release.set()  # the loader goes on after Cancel, is told to stop...
    assert load.wait() is None  # ...and whatever it answers is dropped
    assert isinstance(load.future.exception(), LoadCancelled)
    QApplication.processEvents()
    new = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert new == [] and window.isVisible()
    assert window.findChild(QMessageBox, "packProblems") is None


def test_loader_stops_when_cancelled(tmp_path) -> None:
    from reflexmap.core.content import load_with_pack

    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    asked: list[int] = []

    def cancelled() -> bool:  # says stop after the first few files
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(LoadCancelled) as err:
        load_with_pack(pack, cancelled=cancelled)
    assert any("cancelled" in p.message for p in err.value.problems)
    assert len(load_with_pack(pack, cancelled=lambda: False).zones) > 0


def test_cancelled_result_is_dropped_even_if_it_loaded(
    window,
    qtbot,
    tmp_path,
    monkeypatch,
) -> None:
    from reflexmap.core import pack_process

    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    release = threading.Event()
    real = pack_process.load_in_child

    def deaf(folder: Path, *, cancelled):
        assert release.wait(30)
        return real(folder, cancelled=lambda: False)  # a whole Atlas arrives after Cancel

    monkeypatch.setattr(pack_process, "load_in_child", deaf)
    before = set(QApplication.topLevelWidgets())
    load = window.features.userdata.open_pack(pack)
    load.cancel()
    release.set()
    assert load.wait() is None and load.future.result() is not None
    QApplication.processEvents()
    assert [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()] == []


def test_chart_path_outside_pack_is_refused(tmp_path) -> None:
    from reflexmap.core.loader import load_content
    from reflexmap.core.problems import ContentError

    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    views = pack / "content" / "views.toml"
    views.write_text(views.read_text().replace('"charts/sole.geojson"', '"../../etc/passwd"'))
    with pytest.raises(ContentError) as err:
        load_content(pack)
    assert any(
        p.file == "content/views.toml" and "inside the content folder" in p.message
        for p in err.value.problems
    )


def test_shot_with_corrupt_journal(tmp_path, monkeypatch, capsys) -> None:
    from reflexmap.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "reflexmap"
    folder.mkdir(parents=True)
    old = b'{"schema_version": 2, "entries": [\xff\xfe'
    (folder / "journal.json").write_bytes(old)
    (folder / "notes.json").write_text(json.dumps({"schema_version": 2, "notes": {}}))
    out = tmp_path / "x.png"
    assert main(["shot", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000
    baks = list(folder.glob("journal.json.bak-*"))
    assert len(baks) == 1 and baks[0].read_bytes() == old
    assert sorted(p.name for p in folder.iterdir()) == sorted(["notes.json", baks[0].name])
    assert "journal.json" in capsys.readouterr().err
    QApplication.processEvents()


def _children() -> set[int]:
    """Our child processes, found by their parent pid: /proc/self/task/*/children lists a
    child under the thread that started it and can miss it while that thread ends."""
    import os

    me = os.getpid()
    out: set[int] = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == me:
            out.add(int(entry))
    return out


def _resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_cancel_ends_the_pack_check_and_frees_its_memory(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    """On main the errbomb's validation ran on a thread of the app: Cancel did not stop
    it, the window stayed blocked 25 s and its 4.3 GB stayed taken. The check now runs in
    a child process that Cancel kills."""
    from functools import partial

    from pack_hogs import hold_memory

    from reflexmap.core import pack_process

    monkeypatch.setattr(
        pack_process, "load_in_child", partial(pack_process.load_in_child, child=hold_memory)
    )
    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    before = _children()
    load = window.features.userdata.open_pack(pack)
    big: list[int] = []

    def holding() -> bool:
        big[:] = [pid for pid in _children() - before if _resident_mb(pid) > 250]
        return bool(big)

    qtbot.waitUntil(holding, timeout=20_000)
    (child,) = big
    dialog = window.findChild(QProgressDialog, "packProgress")
    start = time.monotonic()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert time.monotonic() - start < 1.0  # control is back at once
    qtbot.waitUntil(lambda: _resident_mb(child) == 0, timeout=1_000)  # and the memory freed
    assert time.monotonic() - start < 1.5
    assert load.wait() is None and isinstance(load.future.exception(), LoadCancelled)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_the_pack_checks_memory_is_capped(tmp_path) -> None:
    from pack_hogs import want_too_much

    from reflexmap.core import pack_process

    with pytest.raises(ContentError) as err:
        pack_process.load_in_child(
            tmp_path, cancelled=lambda: False, memory_cap=800 * 1024**2, child=want_too_much
        )
    assert "needed more than 800 MB of memory" in err.value.problems[0].message


def test_a_pack_checked_in_the_child_is_the_pack(tmp_path, atlas) -> None:
    from reflexmap.core import pack_process

    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    loaded = pack_process.load_in_child(pack, cancelled=lambda: False)
    assert loaded.content == atlas.content
    (pack / "charts" / "sole.geojson").write_text("{")
    with pytest.raises(ContentError) as err:
        pack_process.load_in_child(pack, cancelled=lambda: False)
    assert "charts/sole.geojson:line 1" in str(err.value.problems[0])


def _nul_chart_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "nulchart"
    shutil.copytree(ASSETS, pack, ignore=shutil.ignore_patterns("snapshot.json"))
    views = pack / "content" / "views.toml"
    text = views.read_text(encoding="utf-8")
    views.write_text(
        text.replace('"charts/sole.geojson"', '"charts/sole.geojson\\u0000.txt"', 1), "utf-8"
    )
    return pack


NUL_PROBLEM = "content/views.toml:view[0] (id=sole).chart: holds NUL"


def test_a_nul_in_a_chart_path_is_told_by_open_content_pack(window, tmp_path) -> None:
    """On main: a ValueError traceback on stderr and no message."""
    assert window.features.userdata.open_pack(_nul_chart_pack(tmp_path)).wait() is None
    box = window.findChild(QMessageBox, "packProblems")
    assert NUL_PROBLEM in box.detailedText()
    box.close()
    QApplication.processEvents()


def test_a_nul_in_a_chart_path_is_told_at_the_gui_start(qapp, tmp_path, monkeypatch) -> None:
    import argparse

    from reflexmap.qt.shell import app

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    args = argparse.Namespace(content=str(_nul_chart_pack(tmp_path)))
    assert app.run_gui(args) == 1
    assert len(told) == 1 and NUL_PROBLEM in told[0]
    # and the process's event loops still run after the events left are delivered (as
    # pytest-qt does at teardown): a Quit posted when the loading window closed was left
    # unread, exited outside exec(), and every later QEventLoop.exec() returned at once,
    # so the tests after this one in the same worker never got a queued signal or a timer
    # (the voice tests heard nothing in full runs)
    QApplication.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(10, lambda: loop.exit(7))
    assert loop.exec() == 7


def test_my_zones_are_marked_on_the_map_and_in_the_lists(window, qtbot) -> None:
    """Issue 32: a zone with a star or a note shows a small star on the map and in the zone
    list, and the "My zones" list holds it; list and card agree when it is picked there.
    Mutations tried: `publish_mine` not called after a favourite fails it (no mark);
    ZoneItem.paint without `paint_mine` fails the pixel probe."""
    from PySide6.QtGui import QImage, QPainter

    state, atlas = window.ctx.state, window.ctx.atlas
    browse, userdata = window.features.browse, window.features.userdata
    scene = window.features.map.scene
    heart, kidney = "left.sole.heart", "left.sole.kidney"
    assert state.mine == frozenset()
    assert browse.my_zones.count() == 1 and not browse.my_zones.item(0).data(
        Qt.ItemDataRole.UserRole
    )

    def star_pixels(zone_id: str) -> int:
        item = scene.items_by_id[zone_id]
        rect = item.sceneBoundingRect().adjusted(-3, -3, 3, 3)
        img = QImage(200, 200, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.white)
        p = QPainter(img)
        scene.render(p, target=img.rect().toRectF(), source=rect)
        p.end()
        return sum(
            1
            for x in range(0, 200, 2)
            for y in range(0, 200, 2)
            if img.pixelColor(x, y).name() == "#f2b705"
        )

    assert star_pixels(heart) == 0
    state.select_zone(heart)
    userdata.favourite_action.setChecked(True)  # Ctrl+D
    state.select_zone(kidney)
    userdata.notes.setPlainText("tender after walking")
    userdata.save_note()
    assert state.mine == {heart, kidney}
    assert star_pixels(heart) > 3
    rows = {
        browse.zone_list.item(r).data(Qt.ItemDataRole.UserRole): browse.zone_list.item(r).text()
        for r in range(browse.zone_list.count())
    }
    assert rows[heart].endswith("\u2605") and rows[kidney].endswith("\u2605")
    assert not rows["left.sole.stomach"].endswith("\u2605")
    mine = [
        browse.my_zones.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(browse.my_zones.count())
    ]
    assert set(mine) == {heart, kidney}
    browse.my_zones.itemClicked.emit(browse.my_zones.item(mine.index(heart)))
    assert state.selected == heart
    assert browse.zone_list.currentItem().data(Qt.ItemDataRole.UserRole) == heart
    assert browse.my_zones.currentItem().data(Qt.ItemDataRole.UserRole) == heart
    assert atlas.zones[heart].name in window.features.details.panel.toPlainText()
    userdata.favourite_action.setChecked(False)
    assert state.mine == {kidney}


def test_a_pack_opened_again_is_read_from_its_snapshot_without_a_child(tmp_path, atlas) -> None:
    """The first open validates in a child and writes the snapshot; the second reads the
    snapshot in the parent (a child here would be the stand-in that never answers)."""
    from pack_hogs import hold_memory

    from reflexmap.core import pack_process

    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    first = pack_process.load_in_child(pack, cancelled=lambda: False)
    deadline = time.monotonic() + 5
    again = pack_process.load_in_child(
        pack, cancelled=lambda: time.monotonic() > deadline, child=hold_memory
    )
    assert again.content == first.content == atlas.content
