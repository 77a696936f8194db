"""The practice journal on the map: marking what was felt with 0-3 during a
routine or after, the marks and the heat on the map, the card's trend and its one
sentence, two sessions compared, people, and hand-written dates."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from reflexmap.core.present import labels
from reflexmap.core.user_store import Mark, UserStore, data_dir
from tests.qt.test_map import painted_fills


def zones_on_view(window, n: int) -> list[str]:
    atlas = window.ctx.atlas
    view = window.ctx.state.view
    big = sorted(
        (z for z in atlas.zones.values() if z.view == view),
        key=lambda z: -z.polygon.area,
    )
    return [z.id for z in big[:n]]


def test_marking_with_keys_shows_on_the_map_and_is_saved(window, qtbot) -> None:
    practice = window.features.userdata.practice
    a, b = zones_on_view(window, 2)
    before = painted_fills(window, [a, b])
    scene = window.features.map.scene
    numbers = [scene.items_by_id[z].childItems()[0].sceneBoundingRect() for z in (a, b)]
    practice.record_action.trigger()  # Data > Record a Session
    session = practice.session
    assert session is not None
    window.ctx.state.select_zone(a)
    window.activateWindow()
    qtbot.keyClick(window.features.map.view, Qt.Key.Key_3)
    window.ctx.state.set_focus(b)  # a zone focused with the keyboard, not clicked
    window.ctx.state.select_zone(None)
    qtbot.keyClick(window.features.map.view, Qt.Key.Key_1)
    assert UserStore(data_dir()).marks(session.id) == {
        a: Mark(zone_id=a, tenderness=3),
        b: Mark(zone_id=b, tenderness=1),
    }
    layer = window.ctx.state.marks
    assert layer is not None and layer.labels == {a: "3", b: "1"}
    from reflexmap.qt.map.accessible import zone_accessible_name

    assert zone_accessible_name(window.features.map.scene, a).endswith(", tenderness 3")
    window.features.map.view.viewport().repaint()
    after = painted_fills(window, [a, b])
    scene.rebuild()  # the numbers drawn anew after plates were painted keep their size
    assert numbers == [scene.items_by_id[z].childItems()[0].sceneBoundingRect() for z in (a, b)]
    style = window.features.map.scene.chart_style
    assert after[a] == style.heat_fill(3) and after[a] != before[a]
    assert after[b] == style.heat_fill(1)
    # texture words and a note on the mark of the selected zone
    window.ctx.state.select_zone(a)
    practice.texture_boxes["grainy"].setChecked(True)
    practice.mark_note.setText("felt like sand")
    practice.mark_note.editingFinished.emit()
    saved = UserStore(data_dir()).marks(session.id)[a]
    assert saved.texture == ("grainy",) and saved.note == "felt like sand"
    felt = window.findChild(QLabel, "feltNotMeant")
    assert felt.isVisible() and "not what it means" in felt.text()
    dialog = practice.finish()
    dialog.before.setValue(6)
    dialog.accept()
    entry = next(e for e in UserStore(data_dir()).journal if e.id == session.id)
    assert entry.tension_before == 6
    assert window.ctx.state.marks is None  # the session's marks leave the map


def test_marking_during_a_routine_marks_the_current_step(window, qtbot) -> None:
    from reflexmap.qt.state import Overlay

    practice = window.features.userdata.practice
    seq = next(iter(window.ctx.atlas.sequences))
    practice.start()
    a, b = zones_on_view(window, 2)
    window.ctx.state.set_overlay(Overlay(frozenset({a, b}), None))  # as a playing step does
    window.ctx.state.select_zone(None)
    window.ctx.state.set_focus(None)
    step_zones = practice.target_zones()
    assert step_zones == sorted([a, b])  # the zones the current step works
    practice.mark_key(2)
    marks = UserStore(data_dir()).marks(practice.session.id)
    assert set(marks) == set(step_zones) and {m.tenderness for m in marks.values()} == {2}
    window.ctx.settings.setValue("safety/answers", json.dumps(["s_pregnancy"]))
    dialog = window.ctx.journal.log_session(seq, 300)  # the routine's end logs this session
    dialog.accept()
    (entry,) = UserStore(data_dir()).journal
    assert entry.sequence_id == seq and entry.duration_s == 300
    me = UserStore(data_dir()).person(entry.person_id)
    assert me.safety_answers == {"s_pregnancy": True} and me.safety_date is not None


def ten_sessions(person_id: int, zone_a: str, zone_b: str) -> UserStore:
    store = UserStore(data_dir())
    start = datetime(2026, 1, 5, 18, tzinfo=UTC)
    for week in range(10):
        entry = store.add_entry(
            "free", 1200, person_id=person_id, date=start + timedelta(weeks=week)
        )
        store.set_mark(entry.id, Mark(zone_id=zone_a, tenderness=3 - week // 4))
        if week % 2:
            store.set_mark(entry.id, Mark(zone_id=zone_b, tenderness=1))
    return store


def test_heat_trend_and_comparison_for_a_person(window, qtbot) -> None:
    practice = window.features.userdata.practice
    a, b = zones_on_view(window, 2)
    store = window.ctx.store
    ann = store.add_person("Ann")
    ten_sessions(ann.id, a, b)
    practice.refresh_people()
    practice.set_person(ann.id)
    history = practice.open_history()
    history.heat.setChecked(True)
    layer = window.ctx.state.marks
    assert layer is not None and layer.labels == {a: "2.2", b: "1"}
    assert "10 sessions" in layer.title and "Ann" in layer.title
    legend = window.features.map.heat_legend
    assert legend.isVisible()
    window.features.map.view.viewport().repaint()
    style = window.features.map.scene.chart_style
    assert painted_fills(window, [b])[b] == style.heat_fill(1.0)
    window.ctx.state.select_zone(a)
    trend = practice.trend
    assert trend.isVisible() and [p.tenderness for p in trend.points] == [3] * 4 + [2] * 4 + [1] * 2
    assert history.table.rowCount() == 10
    history.table.selectRow(0)
    history.table.setSelectionMode(history.table.SelectionMode.MultiSelection)
    history.table.selectRow(9)
    assert history.compare.rowCount() == 2
    zone_a_name = labels.zone_line(window.ctx.atlas, a)  # with its side: a and b may be mirrors
    a_row = next(
        [history.compare.item(r, c).text() for c in range(4)]
        for r in range(2)
        if history.compare.item(r, 0).text() == zone_a_name
    )
    assert a_row[1:] == ["3", "1", "-2"]
    history.heat.setChecked(False)
    assert window.ctx.state.marks is None and not legend.isVisible()
    history.close()


def test_people_add_archive_delete(window, qtbot, monkeypatch) -> None:
    practice = window.features.userdata.practice
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dialog = practice.open_people()
    monkeypatch.setattr(
        "reflexmap.qt.userdata.practice.QInputDialog.getText", lambda *a, **k: ("Bea", True)
    )
    dialog.add()
    bea = window.ctx.store.person_named("Bea")
    assert bea is not None and practice.person_box.findText("Bea") >= 0
    dialog.notes.setPlainText("prefers light pressure")
    dialog.consent.setChecked(True)
    dialog.save()
    again = UserStore(data_dir()).person(bea.id)
    assert again.notes == "prefers light pressure" and again.consent_date is not None
    monkeypatch.setattr(
        "reflexmap.qt.userdata.practice.QInputDialog.getText", lambda *a, **k: ("Beatrice", True)
    )
    dialog.rename()
    assert UserStore(data_dir()).person(bea.id).name == "Beatrice"
    assert practice.person_box.findText("Beatrice") >= 0
    dialog.add()  # the same name again: refused with a message, nothing added
    assert [p.name for p in UserStore(data_dir()).people].count("Beatrice") == 1
    assert warned and "already someone called" in warned[0]
    dialog.toggle_archive()
    assert practice.person_box.findText("Beatrice") < 0  # archived: not offered for new sessions
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    dialog.delete()
    assert UserStore(data_dir()).person(bea.id) is None
    dialog.close()


def test_hand_written_dates_open_the_journal_and_export(
    window, new_window, atlas, qtbot, tmp_path, monkeypatch
) -> None:
    """Naive and aware dates mixed, year 1 and 9999 with a +14:00 offset."""
    folder = data_dir()
    window.close()
    for f in folder.glob("reflexmap.sqlite3*"):
        f.unlink()
    entries = [
        {"id": f"e{i}", "date": d, "sequence_id": "=cmd|' /C calc'!A0", "duration_s": 60}
        for i, d in enumerate(
            [
                "2025-03-01T10:00:00+14:00",
                "2025-03-01 09:00",
                "0001-01-01T00:00:00+14:00",
                "9999-12-31T23:59:59+14:00",
            ]
        )
    ]
    (folder / "journal.json").write_text(json.dumps({"schema_version": 2, "entries": entries}))
    win = new_window(atlas, fresh_store=True)
    box = win.features.userdata.recovered_box
    assert box is not None and "journal.json" in box.detailedText() + box.informativeText()
    box.close()
    notice = win.features.userdata.notice_box
    assert notice is not None
    notice.close()
    journal = win.features.userdata.open_journal()
    assert journal.model.rowCount() == 2
    for r in range(2):
        for c in range(6):
            journal.model.data(journal.model.index(r, c))  # no OverflowError
    out = tmp_path / "journal.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    journal.export_csv()
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert len(rows) == 3 and rows[1][1].startswith("'=")
    journal.close()
    win.close()
    assert Path(folder / "journal.json.imported").exists()


def test_a_damaged_database_is_told_and_the_window_starts(new_window, atlas) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reflexmap.sqlite3").write_bytes(b"this is not a database" * 100)
    win = new_window(atlas, fresh_store=True)
    box = win.features.userdata.recovered_box
    assert box is not None and "moved aside" in box.informativeText() + box.detailedText()
    box.close()
    assert list(folder.glob("reflexmap.sqlite3.damaged-*"))
    win.ctx.state.select_zone(win.features.map.scene.zone_ids()[0])
    win.features.userdata.favourite_action.trigger()  # the new database takes writes
    assert UserStore(data_dir()).favourite_zones == [win.ctx.state.selected]


def test_the_heat_legend_covers_no_zone_nor_caption(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 1366x768 the legend (bottom left, over the map) lay on the right foot's caption.
    While it shows, the fitted chart ends above it; hidden, the chart fills the map."""
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    feature = window.features.map
    legend, view, scene = feature.heat_legend, feature.view, feature.scene

    def on_screen(item):  # type: ignore[no-untyped-def]  # what is drawn: a zone's polygon
        drawn = item.path().boundingRect() if hasattr(item, "path") else item.boundingRect()
        return view.mapFromScene(item.mapToScene(drawn)).boundingRect()

    before = view.transform().m11()
    window.features.userdata.practice.record_action.trigger()
    qtbot.waitUntil(lambda: legend.isVisible(), timeout=5000)
    captions = [
        i
        for i in scene.items()
        if isinstance(i, QGraphicsSimpleTextItem) and i.text().endswith(" foot")
    ]
    assert len(captions) == 2
    for item in captions + list(scene.items_by_id.values()):
        assert not legend.geometry().intersects(on_screen(item)), on_screen(item)
    assert view.transform().m11() < before  # the chart made room
    window.features.userdata.practice.finish().reject()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not legend.isVisible(), timeout=5000)
    assert view.transform().m11() == before
