"""Self-practice in the window: whose feet (asked once, remembered, shown, changed in the
Routines menu and the safety dialog), the Routines menu grouped by whom routines suit,
the self-reflexology session lighting one zone at a time with a strong edge, and the
practice layout that gives the map the room while a routine plays.

Mutations checked (each failed here, then was restored):
- `practice_layout(True)` not called on start: test_the_map_takes_the_room_while_a_routine_plays.
- the step's thick edge off (width kept at 1): test_the_session_lights_one_zone_with_a_strong_edge.
- `_answered` not remembering the first answer: test_the_first_checks_answer_is_kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QRadioButton

from reflexmap.core import practice
from reflexmap.qt.who import WHO_KEY


def _panel(window):
    return window.features.player.panel


def _start(window, qtbot, seq_id: str):
    panel = _panel(window)
    window.ctx.routines.open_routine(seq_id)
    if panel.dialog is not None:
        panel.dialog.accept()
    qtbot.waitUntil(lambda: panel.session.state != "idle")
    return panel


def test_whose_feet_is_asked_once_and_remembered(window, qtbot) -> None:
    panel, state = _panel(window), window.ctx.state
    assert state.who is None and window.ctx.settings.value(WHO_KEY) is None
    window.ctx.routines.open_routine("seq_004_circulation")
    dialog = panel.dialog
    assert "asked once" in dialog.findChild(QGroupBox, "safetyWho").title()
    radios = {b.objectName(): b for b in dialog.findChildren(QRadioButton)}
    assert radios["whoPartner"].isChecked()  # what the routine is written for
    radios["whoSelf"].click()  # the other answer: the same check, in its words
    qtbot.waitUntil(lambda: panel.dialog is not dialog and panel.dialog is not None)
    assert state.who == "self" and window.ctx.settings.value(WHO_KEY) == "self"
    intro = panel.dialog.findChild(QLabel, "safetyIntro").text()
    assert intro.startswith("Tick anything that applies to you.")
    panel.dialog.accept()
    qtbot.waitUntil(lambda: panel.session.state != "idle")
    texts = " ".join(p.step.instruction for p in panel.session.plays)
    assert "face down" not in texts and "Ask the person" not in texts
    assert panel.who_label.text().startswith("For your own feet")
    menu = window.features.player.who_actions
    assert menu["self"].isChecked() and not menu["partner"].isChecked()


def test_the_first_checks_answer_is_kept(window, qtbot) -> None:
    panel = _start(window, qtbot, "seq_001_bedtime")  # accepted as it came: someone else
    assert window.ctx.state.who == "partner"
    assert window.ctx.settings.value(WHO_KEY) == "partner"
    panel.stop()
    window.ctx.routines.open_routine("seq_002_seated_self_massage")
    radios = {b.objectName(): b for b in panel.dialog.findChildren(QRadioButton)}
    assert radios["whoPartner"].isChecked()  # remembered, not the routine's own default
    assert "asked once" not in panel.dialog.findChild(QGroupBox, "safetyWho").title()
    panel.dialog.reject()


def test_the_menu_changes_whose_feet_everywhere(window, qtbot) -> None:
    feature, state = window.features.player, window.ctx.state
    feature.who_actions["partner"].trigger()
    assert state.who == "partner"
    line_partner = feature.routine_actions["seq_004_circulation"].text()
    feature.who_actions["self"].trigger()
    assert window.ctx.settings.value(WHO_KEY) == "self"
    line_self = feature.routine_actions["seq_004_circulation"].text()
    assert line_partner != line_self  # two steps fewer on your own: the count follows
    assert "(11 steps" in line_self and "(13 steps" in line_partner


def test_the_zone_card_speaks_to_whose_feet(window, qtbot) -> None:
    from PySide6.QtWidgets import QTextBrowser

    state = window.ctx.state
    card = window.findChild(QTextBrowser, "zoneDetails")
    state.select_zone("left.sole.solar_plexus")
    window.features.player.who_actions["partner"].trigger()
    assert "Ask the person to take a slow breath in" in card.toPlainText()
    window.features.player.who_actions["self"].trigger()
    text = card.toPlainText()
    assert "Ask the person" not in text
    assert "Breathe in slowly and press in as you do." in text
    assert "the hand on the same side holding the foot" in text  # its hands too
    assert "one on each foot" not in text


def test_the_menu_groups_routines_by_whom_they_suit(window) -> None:
    actions = window.menu("routines").actions()
    texts = [a.text() for a in actions]
    headings = [a for a in actions if not a.isEnabled() and not a.isSeparator()]
    assert [h.text() for h in headings] == [
        "For your own feet",
        "For your own feet or someone else's",
        "For someone else's feet",
        "My sessions",
    ]
    own = texts.index("For your own feet")
    both = texts.index("For your own feet or someone else's")
    other = texts.index("For someone else's feet")
    seated = next(i for i, t in enumerate(texts) if t.startswith("Seated self foot massage"))
    session = next(i for i, t in enumerate(texts) if t.startswith("Self-reflexology session"))
    circulation = next(i for i, t in enumerate(texts) if t.startswith("Leg massage for circ"))
    assert own < seated < both < session < other < circulation


def test_the_session_lights_one_zone_with_a_strong_edge(window, qtbot) -> None:
    window.features.player.who_actions["self"].trigger()
    panel = _start(window, qtbot, practice.SESSION_ID)
    state, scene = window.ctx.state, window.features.map.scene
    assert state.overlay.zones == {"right.sole.solar_plexus"} and state.view == "sole"
    _, pen, _ = scene.items_by_id["right.sole.solar_plexus"].look()
    _, thin, _ = scene.items_by_id["right.sole.kidney"].look()
    assert pen.widthF() >= 6 and thin.widthF() <= 1
    seen = []
    for _ in range(6):
        panel.next()
        seen.append(set(state.overlay.zones))
    walked = [z for z in seen if len(z) == 1]
    assert {"right.sole.head_brain"} in walked and {"right.sole.pituitary"} in walked
    assert panel.how.text().startswith("1. ")  # the card folded to the step's technique
    panel.stop()


def test_the_map_takes_the_room_while_a_routine_plays(window, qtbot) -> None:
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    view = window.features.map.view
    _panel(window).show()  # the player beside the zone list and the card, as before
    qtbot.wait(50)
    before = view.width()
    sizes = window.splitter.sizes()
    panel = _start(window, qtbot, practice.SESSION_ID)
    qtbot.waitUntil(lambda: view.width() > before)
    assert window.side.isHidden() and window.details_column.isHidden()
    during = view.width()
    panel.stop()
    assert not window.side.isHidden() and not window.details_column.isHidden()
    qtbot.waitUntil(lambda: view.width() == before)
    assert all(abs(a - b) <= 10 for a, b in zip(window.splitter.sizes(), sizes, strict=True))
    assert during > 1.5 * before, (before, during)


def test_the_walk_comes_in_three_lengths(window, qtbot) -> None:
    qtbot.waitUntil(lambda: window.features.player.later_done)  # a turn after install
    texts = [a.text() for a in window.menu("routines").actions()]
    walks = [t for t in texts if t.startswith("Self-reflexology session")]
    assert len(walks) == 3
    minutes = sorted(int(t.rsplit(", ", 1)[1].split(":")[0]) for t in walks)
    for got, want in zip(minutes, (10, 20, 30), strict=True):
        assert abs(got - want) <= want * 0.1, walks


def test_build_save_rename_delete_my_session(window, qtbot) -> None:
    from reflexmap.core.my_sessions import MySessions

    feature = window.features.player
    window.ctx.state.select_zone("left.sole.thyroid")
    dialog = feature.build_session()
    dialog.query.setText("headache")
    assert "Big toe: head and brain: claimed for Head and brain" in dialog.preview.text()
    assert "Under the big toe: thyroid and throat" in dialog.preview.text()  # picked on the map
    assert not dialog.save_button.isEnabled()  # a name first
    dialog.minutes.setValue(8)
    dialog.name.setText("Head before bed")
    dialog.save_button.click()
    panel = _panel(window)
    qtbot.waitUntil(lambda: panel.dialog is not None)  # the same safety check
    panel.dialog.accept()
    qtbot.waitUntil(lambda: panel.session.state != "idle")
    assert panel.session.run_routine.id.startswith("my.")
    assert abs(panel.session.total_s - 8 * 60) <= 48
    lit = {z for p in panel.session.plays for z in p.zones}
    assert {"left.sole.head_brain", "right.sole.head_brain", "right.sole.thyroid"} <= lit
    panel.stop()
    saved = MySessions(window.ctx.store).sessions  # on disk, read again
    assert [(s.name, s.query, s.minutes) for s in saved] == [("Head before bed", "headache", 8.0)]
    action = feature.routine_actions[saved[0].sequence_id]
    assert action.text().startswith("Head before bed (")
    feature.rename_session(saved[0].id, "Evening head")
    assert action.text().startswith("Evening head (")
    assert MySessions(window.ctx.store).sessions[0].name == "Evening head"
    feature.delete_session(saved[0].id)
    assert MySessions(window.ctx.store).sessions == []
    texts = [a.text() for a in window.menu("routines").actions()]
    assert not any(t.startswith("Evening head") for t in texts)


def test_a_saved_session_is_in_the_next_windows_menu(new_window, atlas, qtbot) -> None:
    first = new_window(atlas)
    saved = first.features.player.my.save("Sleep well", query="sleep", minutes=6)
    second = new_window(atlas)
    feature = second.features.player
    qtbot.waitUntil(lambda: feature.later_done)
    action = feature.routine_actions[saved.sequence_id]
    assert action.text().startswith("Sleep well (")
    panel = _start(second, qtbot, saved.sequence_id)
    assert abs(panel.session.total_s - 360) <= 36
    lit = {z for p in panel.session.plays for z in p.zones}
    assert "left.sole.solar_plexus" in lit and len(lit) > 2
    panel.stop()
