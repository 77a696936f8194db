"""The search field's live list, driven with real keys: grouped results as you type, Down
into the list, Enter opens, Escape closes, and a plain "no match" with suggestions.

(Named test_search_box.py, not test_search.py: tests/core/test_search.py has that
basename, and pytest's default import mode refuses two test modules of one name.)

Mutations tried on a copy of the tree (each edit made, both search test modules run),
with the tests that failed:

* `_fill` without the group titles → test_typing_a_typo_lists_the_stomach_zone_grouped
* `_key` without the Enter branch → the stomach, foot, arrow and no-match tests
* `_choices` not skipping title rows → the same four (Down lands on a title; Enter on
  "Zones (1)" opens nothing)
* no suggestions on no match → test_no_match_says_so_with_suggestions
* typing in the open list not handed to the field, or Escape not closing it →
  test_escape_closes_and_typing_reaches_the_field
* `open_result` doing nothing for a body area, or the details feature not setting
  `ctx.notes` → test_each_kind_opens_where_it_is_read
* `Result.id` ignoring the foot the query names → test_enter_opens_the_foot_the_query_names
* every group cut to six rows even for "zone: heel" (ONE_GROUP = PER_GROUP) →
  test_a_kind_prefix_lists_all_of_that_kind
"""

from __future__ import annotations

from map_probe import drawn_selected
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from reflexmap.qt.browse.search_box import TARGET


def type_in(window, text: str):
    browse = window.features.browse
    browse.search.setFocus()
    browse.search.clear()
    QTest.keyClicks(browse.search, text)
    return browse


def selectable(box) -> list[int]:
    return [r for r in range(box.model.rowCount()) if box.model.item(r).data(TARGET)]


def title_above(box, row: int) -> str:
    """The group title a result row sits under."""
    while box.model.item(row).data(TARGET) is not None:
        row -= 1
    return box.model.item(row).text()


def test_typing_a_typo_lists_the_stomach_zone_grouped(window, qtbot) -> None:
    state = window.ctx.state
    browse = type_in(window, "stomack")
    box = browse.search_box
    qtbot.waitUntil(box.popup.isVisible)
    rows = box.rows()
    # grouped by kind, each result under its kind's title; the zone (both feet) leads
    assert rows[0] == "Zones (1)" and "Body areas (1)" in rows
    zone_row = next(r for r, text in enumerate(rows) if "Upper inner arch: stomach" in text)
    assert title_above(box, zone_row) == "Zones (1)"
    assert "both feet" in rows[zone_row]
    area_row = next(r for r, text in enumerate(rows) if text.strip().startswith("Stomach"))
    assert title_above(box, area_row) == "Body areas (1)"
    item = box.model.item(zone_row)
    assert item.data(TARGET) == ("zones", "left.sole.stomach")  # both feet
    assert "stomack" in item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    field_bottom = browse.search.mapToGlobal(browse.search.rect().bottomLeft()).y()
    assert abs(box.popup.geometry().top() - field_bottom) <= 2  # under the field
    assert state.selected is None  # typing opens nothing

    QTest.keyClick(browse.search, Qt.Key.Key_Return)  # Enter: the best result
    assert state.selected == "left.sole.stomach" and state.view == "sole"
    scene = window.features.map.scene
    # issue 32: "(both feet)" selects the zone on both feet
    assert drawn_selected(scene.items_by_id["left.sole.stomach"])
    assert (
        drawn_selected(scene.items_by_id["right.sole.stomach"])
        and state.pair == "right.sole.stomach"
    )
    state.select_zone("left.sole.heart")  # any other selection drops the pair
    assert state.pair is None and not drawn_selected(scene.items_by_id["right.sole.stomach"])
    state.select_zone("left.sole.stomach")
    assert not box.popup.isVisible()


def test_enter_opens_the_foot_the_query_names(window, qtbot) -> None:
    browse = type_in(window, "lung right")
    qtbot.waitUntil(browse.search_box.popup.isVisible)
    assert any("right foot" in r and "lungs" in r for r in browse.search_box.rows())
    QTest.keyClick(browse.search, Qt.Key.Key_Return)
    assert window.ctx.state.selected == "right.sole.lungs_chest"
    assert window.ctx.state.pair is None  # the foot named: that foot only


def test_down_and_enter_open_the_row_the_arrow_is_on(window, qtbot) -> None:
    browse = type_in(window, "sleep")
    box = browse.search_box
    qtbot.waitUntil(box.popup.isVisible)
    rows = box.rows()
    routine = next(r for r, t in enumerate(rows) if "Bedtime" in t)
    QTest.keyClick(browse.search, Qt.Key.Key_Down)  # from the field into the list
    assert box.popup.currentIndex().row() == selectable(box)[0]
    while box.popup.currentIndex().row() != routine:
        before = box.popup.currentIndex().row()
        QTest.keyClick(box.popup, Qt.Key.Key_Down)
        assert box.popup.currentIndex().row() in selectable(box)  # titles are skipped
        assert box.popup.currentIndex().row() > before
    opened: list[str] = []
    window.ctx.routines.open_routine = opened.append  # the player itself is tested elsewhere
    QTest.keyClick(box.popup, Qt.Key.Key_Enter)
    assert opened == ["seq_001_bedtime"]


def test_escape_closes_and_typing_reaches_the_field(window, qtbot) -> None:
    browse = type_in(window, "hee")
    box = browse.search_box
    qtbot.waitUntil(box.popup.isVisible)
    QTest.keyClick(box.popup, Qt.Key.Key_L)  # typed while the list has the keys
    assert browse.search.text() == "heel"
    assert any("Heel circles" in r for r in box.rows())
    QTest.keyClick(box.popup, Qt.Key.Key_Escape)
    assert not box.popup.isVisible()
    assert browse.search.text() == "heel"
    assert window.ctx.state.selected is None


def test_a_kind_prefix_lists_all_of_that_kind(window, qtbot, atlas) -> None:
    box = type_in(window, "heel").search_box
    qtbot.waitUntil(box.popup.isVisible)
    more = [r for r in box.rows() if "more" in r and "“zone:”" in r]
    assert more, "six zones of many, and how to see them all"
    window.features.browse.search.clear()
    box = type_in(window, "zone: heel").search_box
    rows = box.rows()
    count = int(rows[0].removeprefix("Zones (").rstrip(")"))
    assert count > 6 and len(rows) == count + 1  # a title and every heel zone
    box = type_in(window, "routine:").search_box
    assert len(selectable(box)) == len(atlas.sequences)


def test_no_match_says_so_with_suggestions(window, qtbot) -> None:
    browse = type_in(window, "zzqx")
    box = browse.search_box
    qtbot.waitUntil(box.popup.isVisible)
    rows = box.rows()
    assert rows[0] == "No match for “zzqx”."
    assert "Nearest:" in rows
    suggestions = selectable(box)
    assert 1 <= len(suggestions) <= 5
    QTest.keyClick(browse.search, Qt.Key.Key_Return)  # Enter does not guess
    assert window.ctx.state.selected is None and window.ctx.state.lookup is None
    assert box.popup.isVisible()
    # a suggestion can be opened with the arrows
    QTest.keyClick(box.popup, Qt.Key.Key_Down)
    QTest.keyClick(box.popup, Qt.Key.Key_Return)
    assert not box.popup.isVisible()


def test_each_kind_opens_where_it_is_read(window, qtbot) -> None:
    browse = window.features.browse
    state = window.ctx.state
    browse.open_result("area", "head_brain")
    assert state.lookup == "head_brain"
    assert {"left.sole.head_brain", "right.sole.head_brain"} <= state.hatched_zones

    assert window.ctx.notes is not None
    browse.open_result("note", "d_always_beneficial")
    box = _box("notePage")
    assert (
        box is not None and box.windowTitle() == window.ctx.atlas.notes["d_always_beneficial"].title
    )
    box.close()

    rule = browse.show_rule("s_pregnancy")
    assert rule is not None
    assert rule.textFormat() == Qt.TextFormat.PlainText
    assert window.ctx.atlas.safety["s_pregnancy"].condition in rule.text()
    read = [b for b in rule.buttons() if b.text().startswith("Read: ")]
    assert read, "the rule's disagreement note is one button away"
    read[0].click()
    note = _box("notePage")
    assert note is not None
    note.close()

    browse.open_result("technique", "t_heel_circles")
    assert state.open_technique == "t_heel_circles"
    assert state.selected is not None


def _box(name: str) -> QMessageBox | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
        ),
        None,
    )


def test_a_picked_result_clears_the_field_and_gives_the_map_the_keys(window, qtbot) -> None:
    """Issue 32: after picking a result the field is empty for the next search and the
    arrows move on the map from the zone found. Mutation tried: `_picked` without
    `search.clear()` / without the focus fails it."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    browse = type_in(window, "stomack")
    qtbot.waitUntil(browse.search_box.popup.isVisible)
    QTest.keyClick(browse.search, Qt.Key.Key_Return)
    assert window.ctx.state.selected == "left.sole.stomach"
    assert browse.search.text() == ""
    view = window.features.map.view
    qtbot.waitUntil(view.hasFocus)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert window.ctx.state.focus in window.ctx.atlas.neighbours("left.sole.stomach")


def test_a_pasted_page_is_cut_by_the_field(window, qtbot) -> None:
    """Pasting ~4,000 words blocked the window 12.9 s on main: the field holds at most
    MAX_QUERY_CHARS characters, and the list is made from those."""
    from reflexmap.core.search.query import MAX_QUERY_CHARS

    browse = type_in(window, "")
    QApplication.clipboard().setText(" ".join(["stomach"] * 4_000))
    browse.search.paste()
    box = browse.search_box
    assert len(browse.search.text()) == MAX_QUERY_CHARS
    box.update()
    assert any("Stomach" in box.model.item(r).text() for r in selectable(box))


def test_the_count_and_the_group_titles_are_said(window, qtbot, monkeypatch) -> None:
    """Issue 29: Orca 43 read the rows but never the count or a group's title (the arrows
    skip the title rows). The count and the groups are said once typing pauses, and each
    group's first row carries its title. Mutations tried: `say_timer` not started in
    `update`, or the title not added to a group's first row: this test fails."""
    from reflexmap.qt import notice

    said: list[str] = []
    monkeypatch.setattr(notice, "say", lambda source, text, **_: said.append(text))
    browse = type_in(window, "headache")
    box = browse.search_box
    qtbot.waitUntil(lambda: bool(said), timeout=3000)
    groups = [r for r in box.rows() if r and not r.startswith(" ")]
    assert said[-1].startswith(f"{len(box.results)} results: ")
    for title in groups:  # "Zones (2)" said as "Zones 2"
        name, _, count = title.rpartition(" (")
        assert f"{name} {count.rstrip(')')}" in said[-1]
    assert len(said) == 1  # once, after the typing, not per key
    QTest.keyClick(browse.search, Qt.Key.Key_Down)
    row = box.popup.currentIndex()
    assert row.data(Qt.ItemDataRole.AccessibleTextRole).startswith(groups[0] + ": ")


def test_a_body_area_result_gives_the_card_the_focus(window, qtbot) -> None:
    """A body area is read on its card (its zones listed there): the focus goes there.
    Mutation tried: `_picked` not giving an area the card fails it."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    area = next(iter(window.ctx.atlas.body_areas.values()))
    browse = type_in(window, f"area: {area.name}")
    qtbot.waitUntil(browse.search_box.popup.isVisible)
    QTest.keyClick(browse.search, Qt.Key.Key_Return)
    assert window.ctx.state.lookup == area.id
    panel = window.features.details.panel
    qtbot.waitUntil(panel.hasFocus)
    assert area.name in panel.accessibleName()
