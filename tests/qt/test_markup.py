"""Content can never become markup: a pack whose every text field holds HTML shows it as
characters, everywhere a user reads it.

`hostile_pack` copies the bundled content and prefixes PAYLOAD to every user-visible
string of every TOML file (names, titles, questions, explanations, conditions,
instructions, steps, cautions, motions, hands, summaries, descriptions, notes, note
bodies and choices, repetitions, source titles, body-area names and systems, view names);
ids, keys, references and enum-like fields stay as they were, which the fixture checks by
walking the parsed files side by side, and `load_content` checks the references.

The window is then driven through its features (map click and hover, body-area lookup,
search completer, routine with its safety dialog and a step, session dialog, journal,
pack-problems box, note pages, the Routines and Favourite zones menus) and after each
step `audit` walks every widget, menu, item model and map item:

* a QLabel (any kind: message-box labels too) that Qt renders as rich text (RichText,
  Markdown, or AutoText that `mightBeRichText`) holds escaped text: no raw ``<img``,
  "&lt;img" instead, and the document it makes holds no image; a label with raw
  ``<img`` must be PlainText;
* a tooltip (widget, graphics item, or action in a menu that shows tooltips) that holds
  "img" is escaped (Qt treats tooltips as AutoText);
* QTextEdit/QTextBrowser documents never hold ``<img``;
* wherever the payload shows (label, button, group box, window title, menu entry, combo
  box, list/tree/table cell, status bar, map text, rendered tooltip), the user reads the
  exact characters PAYLOAD: not "&lt;b&gt;" (double escaping) and not half of it.

Mutations tried, one at a time, by monkeypatching from a throw-away pytest plugin (no
file in reflexmap/ was edited); each made test_every_surface_shows_markup_as_text fail at
the step named, with the message shown:

* player_panel.plain_label returning AutoText labels → "window opened": QLabel
  'stepInstruction' / 'stepHeading' renders an image.
* user_data.plain_label returning AutoText → "session dialog": 'sessionRoutine' renders
  an image.
* foot_scene.set_tooltip = raw `setToolTip(value)` → "window opened": ZoneItem tooltip is
  not escaped.
* foot_scene.set_tooltip escaping twice → "window opened": tooltip shows "&amp;lt;b…".
* rich.note_html without escaping → "note page evidence": qt_msgbox_label renders an image.
* rich.zone_card_html with a raw `<h2>{title}</h2>` → "zone clicked": zoneDetails
  document holds an image.
* rich.verdict_html without escaping → "safety dialog answered": 'safetyVerdict' renders
  an image.
* user_data.message with its labels switched to AutoText → "pack problems box":
  'qt_msgbox_informativelabel' renders an image.
* labels.zone_entry escaped in the browse feature (HTML shown as text) → "window
  opened": zoneList cell shows "&lt;b&gt;x…", not the content's characters.
test_audit_catches_markup keeps the audit itself honest: it must flag an AutoText label,
an unescaped tooltip, a double-escaped label, an image in a QTextBrowser and a raw tooltip
on a map item.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives here, not in QtCore.Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from reflexmap.core.loader import load_content

PAYLOAD = '<b>x</b><img src="file:///etc/hostname">'
# the one image a document may hold: the app's own drawing of a move (`hand:<move>`)
OWN_DRAWING = r"<img src=['\"]hand:(?:thumb_walk|finger_walk|hook|rotate|breath)['\"][^<>]*>"

# Fields whose strings a user reads; every other key (ids, keys, references, enums,
# numbers) is left alone.
TEXT_KEYS = frozenset(
    {
        "name",
        "title",
        "question",
        "explanation",
        "condition",
        "instruction",
        "steps",
        "cautions",
        "motion",
        "hands",
        "summary",
        "description",
        "note",
        "body",
        "choice",
        "repetitions",
        "system",
        "question_partner",
    }
)
_ASSIGN = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
_BASIC_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_QUOTED = PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')


def poison_toml(text: str) -> str:
    """Prefix PAYLOAD to every basic string of a text key, in `key = "..."` lines and in
    arrays of strings (inline or one item a line)."""
    out, key = [], None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            out.append(line)
            continue
        if stripped.startswith("[") and not stripped.startswith('["'):
            key = None  # a table header ends the last key's array
        start = 0
        match = _ASSIGN.match(line)
        if match:
            key, start = match.group(1), match.end()
        if key in TEXT_KEYS:
            line = line[:start] + _BASIC_STRING.sub(
                lambda m: '"' + _QUOTED + m.group(0)[1:], line[start:]
            )
        out.append(line)
    return "".join(out)


def _compare(before: Any, after: Any, key: str | None, where: str, seen: set[str]) -> None:
    """`after` is `before` with PAYLOAD on exactly the text keys' strings."""
    if isinstance(before, dict):
        assert isinstance(after, dict) and before.keys() == after.keys(), where
        for k in before:
            _compare(before[k], after[k], k, f"{where}.{k}", seen)
    elif isinstance(before, list):
        assert isinstance(after, list) and len(before) == len(after), where
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            _compare(b, a, key, f"{where}[{i}]", seen)
    elif isinstance(before, str) and key in TEXT_KEYS:
        assert after == PAYLOAD + before, where
        seen.add(key)
    else:
        assert after == before, where


@pytest.fixture
def hostile_pack(assets_copy: Path) -> Path:
    seen: set[str] = set()
    for path in sorted((assets_copy / "content").rglob("*.toml")):
        original = path.read_text(encoding="utf-8")
        poisoned = poison_toml(original)
        path.write_text(poisoned, encoding="utf-8")
        _compare(tomllib.loads(original), tomllib.loads(poisoned), None, path.name, seen)
    assert seen == TEXT_KEYS, f"no string found for {sorted(TEXT_KEYS - seen)}"
    return assets_copy


@pytest.fixture
def hostile_atlas(hostile_pack: Path):
    atlas = load_content(hostile_pack)  # raises if a reference or the geometry broke
    assert all(z.name.startswith(PAYLOAD) for z in atlas.zones.values())
    assert all(v.name.startswith(PAYLOAD) for v in atlas.views.values())
    assert all(a.system.startswith(PAYLOAD) for a in atlas.body_areas.values())
    assert all(s.title.startswith(PAYLOAD) for s in atlas.sources.values())
    assert all(r.question.startswith(PAYLOAD) for r in atlas.safety.values() if r.question)
    return atlas


# ---- the audit --------------------------------------------------------------------------


def _renders_rich(fmt: Qt.TextFormat, text: str) -> bool:
    if fmt == Qt.TextFormat.PlainText:
        return False
    if fmt in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText):
        return True
    return GuiQt.mightBeRichText(text)  # AutoText: Qt guesses


def _document(text: str, fmt: Qt.TextFormat) -> QTextDocument:
    doc = QTextDocument()
    if fmt == Qt.TextFormat.MarkdownText:
        doc.setMarkdown(text)
    else:
        doc.setHtml(text)
    return doc


class Audit:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []
        self.shown = 0  # places where the payload was read as text

    def fail(self, what: str, text: str) -> None:
        self.problems.append(f"{what}: {text[:160]!r}")

    def plain(self, what: str, text: str) -> None:
        """Text Qt shows as typed: if it holds the payload, all of it, unescaped."""
        if "img" not in text:
            return
        if PAYLOAD in text and "&lt;" not in text and "&amp;" not in text:
            self.shown += 1
        else:
            self.fail(f"{what} does not show the content's characters", text)

    def rich(self, what: str, text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> None:
        """Text Qt may render as markup (a label's text, a tooltip)."""
        if not _renders_rich(fmt, text):
            if "<img" in text or "<b>" in text:
                if fmt != Qt.TextFormat.PlainText:
                    self.fail(f"{what} holds markup and is not PlainText ({fmt})", text)
            self.plain(what, text)
            return
        doc = _document(text, fmt)
        if "<img" in text or "<img" in doc.toHtml():
            self.fail(f"{what} renders an image", text)
        elif "img" in text and "&lt;img" not in text:
            self.fail(f"{what} holds 'img' but not escaped", text)
        self.plain(f"{what} (as rendered)", doc.toPlainText())

    def tooltip(self, what: str, tip: str) -> None:
        if "img" in tip:
            if "<img" in tip or "&lt;img" not in tip:
                self.fail(f"{what} tooltip is not escaped", tip)
            self.rich(f"{what} tooltip", tip)

    def document(self, what: str, edit: QTextEdit) -> None:
        # the one image a document may hold: the app's own drawing of a move (`hand:`)
        html = re.sub(OWN_DRAWING, "", edit.toHtml())
        if "<img" in html:
            self.fail(f"{what} document holds an image", html)
        self.plain(what, edit.toPlainText())

    def model(self, what: str, view: QAbstractItemView) -> None:
        model = view.model()
        if model is None:
            return

        def columns(parent: QModelIndex) -> int:
            try:
                return int(model.columnCount(parent))
            except TypeError:  # a list model hides columnCount: one column
                return 1

        def rows(parent: QModelIndex) -> Iterator[QModelIndex]:
            for r in range(model.rowCount(parent)):
                for c in range(columns(parent)):
                    index = model.index(r, c, parent)
                    yield index
                    if c == 0 and model.rowCount(index) > 0:
                        yield from rows(index)

        for index in rows(QModelIndex()):
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str):
                self.plain(f"{what} cell", text)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                self.tooltip(f"{what} cell", tip)

    def menu(self, what: str, menu: QMenu) -> None:
        for action in menu.actions():
            self.plain(f"{what} entry", action.text())
            if menu.toolTipsVisible():
                self.tooltip(f"{what} entry", action.toolTip())

    def widget(self, w: QWidget) -> None:
        what = f"{type(w).__name__} {w.objectName()!r}"
        if w.isWindow():
            self.plain(f"{what} window title", w.windowTitle())
        self.tooltip(what, w.toolTip())
        if isinstance(w, QLabel):
            self.rich(what, w.text(), w.textFormat())
        elif isinstance(w, QAbstractButton):
            self.plain(what, w.text())
        elif isinstance(w, QGroupBox):
            self.plain(what, w.title())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                self.plain(f"{what} item", w.itemText(i))
        if isinstance(w, QTextEdit):  # QTextBrowser too
            self.document(what, w)
        if isinstance(w, QAbstractItemView):
            self.model(what, w)
        if isinstance(w, QMenu):
            self.menu(what, w)
        if isinstance(w, QMainWindow):
            self.plain(f"{what} status bar", w.statusBar().currentMessage())

    def scene(self, scene) -> None:
        for item in scene.items():
            what = f"{type(item).__name__} {item.data(0)!r}"
            self.tooltip(what, item.toolTip())
            if isinstance(item, QGraphicsSimpleTextItem):
                self.plain(what, item.text())
            elif isinstance(item, QGraphicsTextItem):
                self.rich(what, item.toHtml(), Qt.TextFormat.RichText)


def audit(window, where: str) -> Audit:
    """Every widget of the process and the window's map; fails with every problem."""
    QApplication.processEvents()
    report = Audit(where)
    for w in QApplication.allWidgets():
        if isValid(w):
            report.widget(w)
    report.scene(window.features.map.scene)
    assert not report.problems, f"{where}:\n" + "\n".join(report.problems[:40])
    assert report.shown, f"{where}: the payload is shown nowhere"
    return report


def plain_shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.RichText) -> str:
    return _document(text, fmt).toPlainText()


# ---- the window ------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_every_surface_shows_markup_as_text(
    new_window,
    hostile_atlas,
    qtbot,
    tmp_path,
) -> None:
    atlas = hostile_atlas
    window = new_window(atlas)
    view, scene = window.features.map.view, window.features.map.scene
    details = window.features.details.panel
    audit(window, "window opened")
    assert any(
        isinstance(i, QGraphicsSimpleTextItem) and i.text().startswith(PAYLOAD)
        for i in scene.items()
    )  # the view's title on the map

    zone = "left.sole.solar_plexus"
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.point_of(zone).toPoint(),
    )
    assert window.ctx.state.selected == zone
    audit(window, "zone clicked")
    shown = details.toPlainText()
    assert atlas.zones[zone].name in shown and atlas.zones[zone].name.startswith(PAYLOAD)
    assert shown.count(PAYLOAD) >= 5  # name, view, description, claims, a technique
    own = re.sub(OWN_DRAWING, "", details.toHtml())  # the app's drawing of the move only
    assert "<img" not in own and "&lt;img" in own
    tip = scene.items_by_id[zone].toolTip()
    assert atlas.zones[zone].name in plain_shown(tip)
    assert PAYLOAD in window.status_label.text()

    other = "left.sole.kidney"
    QTest.mouseMove(view.viewport(), QPoint(3, 3))
    QTest.mouseMove(view.viewport(), view.point_of(other).toPoint())
    qtbot.waitUntil(lambda: window.ctx.state.hover == other, timeout=2000)
    assert atlas.zones[other].name in window.statusBar().currentMessage()
    audit(window, "zone hovered")

    browse = window.features.browse
    area = atlas.zones[zone].claims[0].body_area
    browse.choose(f"Body area: {atlas.body_areas[area].name}")
    assert window.ctx.state.lookup == area
    audit(window, "body area looked up")
    assert atlas.body_areas[area].name in details.toPlainText()
    browse.search.setFocus()
    QTest.keyClicks(browse.search, "x</b>")
    results = browse.search_box.popup
    assert results.isVisible() and any(PAYLOAD in row for row in browse.search_box.rows())
    audit(window, "search results open")
    QTest.keyClick(results, Qt.Key.Key_Escape)

    # A routine: the safety dialog, then a step on the player.
    panel = window.features.player.panel
    panel.session.clock = FakeClock()
    seq = next(iter(atlas.sequences.values()))
    window.ctx.routines.open_routine(seq.id)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    audit(window, "safety dialog")
    boxes = list(dialog.boxes.values())
    assert boxes and all(b.text().startswith(PAYLOAD) for b in boxes)
    boxes[0].setChecked(True)  # the verdict now quotes the rule's content
    audit(window, "safety dialog answered")
    assert dialog.verdict_label.textFormat() == Qt.TextFormat.RichText
    assert "&lt;img" in dialog.verdict_label.text()
    assert PAYLOAD in plain_shown(dialog.verdict_label.text())
    boxes[0].setChecked(False)
    dialog.start_button.click()
    assert panel.session.state != "idle"
    panel.session.clock.now += 10.0
    panel.tick()
    audit(window, "routine started")
    panel.next()
    panel.session.clock.now += 1.0
    panel.tick()
    assert panel.session.index == 1
    audit(window, "routine advanced")
    assert panel.instruction.text().startswith(PAYLOAD)
    assert panel.instruction.textFormat() == Qt.TextFormat.PlainText
    step_zones = window.features.map.scene.hatched
    assert step_zones

    session = window.ctx.journal.log_session(seq.id, 60)
    audit(window, "session dialog")
    session.note.setPlainText(PAYLOAD + " felt fine")
    session.accept()
    journal = window.features.userdata.open_journal()
    audit(window, "journal")
    journal.close()
    panel.stop()

    userdata = window.features.userdata
    folder = tmp_path / "<b>pack</b>"  # a path keeps no "///": the payload goes in the list
    box = userdata.show_problems(folder, [f"{PAYLOAD}: problem"])
    assert box.isVisible()
    audit(window, "pack problems box")
    assert "<b>pack</b>" in box.text() and PAYLOAD in box.informativeText()
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()

    for note_id in ("evidence", "about_claims"):
        page = window.features.details.show_note(note_id)
        assert isinstance(page, QMessageBox) and page.isVisible()
        assert page.windowTitle().startswith(PAYLOAD)
        audit(window, f"note page {note_id}")
        assert PAYLOAD in plain_shown(page.text())
        page.close()

    routines = window.menu("routines")
    routines.popup(QPoint(0, 0))
    qtbot.waitUntil(routines.isVisible, timeout=2000)
    report = audit(window, "Routines menu")
    assert report.shown >= len(atlas.sequences)
    assert sum(a.text().startswith(PAYLOAD) for a in routines.actions()) >= 1
    routines.hide()

    window.ctx.state.select_zone(zone)
    userdata.favourite_action.trigger()
    favourites = userdata.favourites_menu
    favourites.popup(QPoint(0, 0))
    qtbot.waitUntil(favourites.isVisible, timeout=2000)
    audit(window, "Favourite zones menu")
    entries = [a for a in favourites.actions() if not a.isSeparator()]
    assert entries and PAYLOAD in entries[0].text()
    favourites.hide()
    window.ctx.state.clear()
    entries[0].trigger()
    assert window.ctx.state.selected == zone
    audit(window, "favourite chosen")


# ---- the audit itself ------------------------------------------------------------------


def test_audit_catches_markup(window, qtbot) -> None:
    """Each planted fault alone makes the audit fail."""

    def planted(make) -> list[str]:
        w = make()
        try:
            report = Audit("planted")
            report.widget(w) if isinstance(w, QWidget) else report.scene(w.scene())
            return report.problems
        finally:
            if isinstance(w, QWidget):
                w.deleteLater()

    def label(fmt: Qt.TextFormat, text: str = PAYLOAD) -> QLabel:
        lab = QLabel()
        lab.setTextFormat(fmt)
        lab.setText(text)
        return lab

    def tipped(tip: str) -> QLabel:
        lab = label(Qt.TextFormat.PlainText, "plain")
        lab.setToolTip(tip)
        return lab

    def browser() -> QTextBrowser:
        b = QTextBrowser()
        b.setHtml(f"<p>{PAYLOAD}</p>")
        return b

    def scene_item():
        item = window.features.map.scene.items_by_id[window.features.map.scene.zone_ids()[0]]
        item.setToolTip(PAYLOAD)
        return item

    from markupsafe import escape

    assert planted(lambda: label(Qt.TextFormat.AutoText))
    assert planted(lambda: label(Qt.TextFormat.RichText))
    assert planted(lambda: tipped(PAYLOAD))
    assert planted(lambda: tipped(f"<qt>{escape(str(escape(PAYLOAD)))}</qt>"))  # double escaping
    assert planted(lambda: label(Qt.TextFormat.PlainText, str(escape(PAYLOAD))))
    assert planted(browser)
    assert planted(scene_item)
    window.features.map.scene.rebuild()  # the tooltips as the app makes them
    assert not planted(lambda: label(Qt.TextFormat.PlainText))
    assert not planted(lambda: tipped(f"<qt>{escape(PAYLOAD)}</qt>"))
