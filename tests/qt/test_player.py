"""The routine player dock: safety check first, then a run driven by a fake clock."""

from __future__ import annotations

import pytest
from player_atlas import with_leg  # tests/ is on the path: its conftest lives there
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reflexmap.core.safety_check import build_checklist, sequence_kind
from reflexmap.qt.app_state import ANSWERS_KEY
from reflexmap.qt.player.player_panel import PlayerPanel
from reflexmap.qt.player.safety_dialog import SafetyDialog


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def atlas():
    """The bundled content plus a made-up leg view and leg routines (see player_atlas)."""
    from reflexmap.core.content import load_bundled

    return with_leg(load_bundled())


@pytest.fixture
def panel(window) -> PlayerPanel:
    found = window.features.player.panel
    assert isinstance(found, PlayerPanel) and found.objectName() == "sequencePlayer"
    found.session.clock = FakeClock()
    return found


def answer(
    panel: PlayerPanel,
    ticked: set[str] = frozenset(),
    *,
    ok: bool = True,
) -> SafetyDialog:
    dialog = panel.dialog
    assert isinstance(dialog, SafetyDialog) and dialog.isVisible()
    for rid in ticked:
        dialog.boxes[rid].setChecked(True)
    if ok:
        dialog.start_button.click()
    return dialog


def clot_rule_and_leg_routine(atlas):
    """Prefer the bundled content's own clot rule and leg routine; else the test ones."""
    for seq in atlas.sequences.values():
        if seq.id.startswith("seq_test") or sequence_kind(atlas, seq) != "leg":
            continue
        for rule in build_checklist(atlas, seq).questions:
            if rule.effect == "avoid" and rule.applies_to == "leg":
                return rule, seq
    return atlas.safety["s_test_clot"], atlas.sequences["seq_test_leg"]


def test_leg_routine_with_clot_answer_is_blocked(window, panel, qtbot) -> None:
    rule, seq = clot_rule_and_leg_routine(window.ctx.atlas)
    panel.choose(seq.id)
    panel.start()
    dialog = answer(panel, {rule.id}, ok=False)
    assert "not a diagnosis" in dialog.findChildren(type(dialog.verdict_label))[1].text()
    assert not dialog.start_button.isEnabled()
    assert rule.explanation in dialog.verdict_label.text()
    dialog.start_button.click()  # disabled: nothing happens
    assert dialog.isVisible()
    dialog.reject()
    assert panel.session.state == "idle"
    assert rule.explanation in panel.message.text()
    assert not window.features.map.scene.hatched


def test_mixed_routine_with_clot_answer_plays_its_foot_steps(window, panel) -> None:
    panel.choose("seq_test_mixed")
    panel.start()
    answer(panel, {"s_test_clot"})
    assert panel.session.state != "idle"
    assert {p.step_index for p in panel.session.plays} == {1, 2}
    assert "Because s_test_clot." in panel.message.text()


def test_routine_runs_pauses_and_lights_the_map(window, panel, qtbot, settings) -> None:
    seq = next(iter(window.ctx.atlas.sequences.values()))  # a bundled routine
    assert not panel.isVisible()  # the map keeps the room until a routine is opened
    wide = window.features.map.view.width()
    panel.choose(seq.id)
    panel.start()
    dialog = answer(panel, ok=False)
    dialog.remember.setChecked(True)
    dialog.start_button.click()
    assert panel.isVisible()
    qtbot.waitUntil(lambda: window.features.map.view.width() < wide)
    assert settings.value(ANSWERS_KEY) == "[]"
    player = panel.session
    assert player is not None and player.state == "get_ready"
    assert "Get ready" in panel.banner.text()
    panel.session.clock.now += 3.0
    qtbot.wait(5)
    panel.tick()
    assert player.state == "running"
    play = player.current
    step_zones = {z.id for z in window.ctx.atlas.step_zones(play.step)}
    hatched = window.features.map.scene.hatched
    assert hatched and hatched <= step_zones
    assert window.ctx.state.motion_technique == play.step.technique
    window.ctx.state.select_zone(None)  # a window refresh must not wipe the step's zones
    assert window.features.map.scene.hatched
    panel.session.clock.now += 10.0
    panel.tick()
    left = player.remaining_s
    window.activateWindow()  # the dialog had the focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.state == "paused"
    assert panel.play_button.text() == "Resume"
    panel.session.clock.now += 100.0
    panel.tick()
    assert player.remaining_s == pytest.approx(left)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.state == "running"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.index == 1
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert player.index == 0
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert panel.session.state == "idle" and not window.features.map.scene.hatched


def test_every_routine_plays_to_the_summary(window, panel) -> None:
    logged: list[dict[str, object]] = []

    class Journal:  # the declared service the player logs through (AppContext.journal)
        def log_session(self, sequence_id: str, duration_s: float) -> None:
            logged.append({"sequence_id": sequence_id, "duration_s": duration_s})

    window.ctx.journal = Journal()
    for seq in window.ctx.atlas.sequences.values():
        panel.choose(seq.id)
        panel.start()
        answer(panel)
        player = panel.session
        assert player is not None
        for _ in range(10_000):
            if player.state == "finished":
                break
            panel.session.clock.now += 7.0
            panel.tick()
        assert player.state == "finished", seq.id
        assert "steps done" in panel.heading.text()
        assert panel.overall.value() == 100
        assert panel.log_button.isVisible()
        panel.log_button.click()
        assert logged[-1]["sequence_id"] == seq.id
        assert int(logged[-1]["duration_s"]) >= 0
        panel.stop()


def test_remembered_answers_and_lighter_pressure(window, panel, settings) -> None:
    settings.setValue(ANSWERS_KEY, '["s_test_lighter"]')
    panel.choose("seq_test_mixed")
    panel.start()
    dialog = answer(panel, ok=False)
    assert dialog.boxes["s_test_lighter"].isChecked() and dialog.remember.isChecked()
    dialog.boxes["s_test_doctor"].setChecked(True)
    assert not dialog.start_button.isEnabled()  # the doctor answer needs acknowledging
    dialog.acknowledge.setChecked(True)
    dialog.start_button.click()
    assert panel.session.state != "idle" and window.ctx.state.lighter_pressure
    panel.session.clock.now += 3.0
    panel.tick()
    assert "lowered by your safety answers" in panel.pressure.text()
    assert '"s_test_doctor"' in str(settings.value(ANSWERS_KEY))


def test_the_dock_is_a_view_of_the_session(window, panel) -> None:
    """Driving the Qt-free session directly moves the dock: picker, timer, banner, map."""
    from reflexmap.core.safety_check import build_checklist, evaluate

    session = panel.session
    session.pick("seq_test_mixed")
    assert panel.picker.currentData() == "seq_test_mixed"
    seq = session.routine
    checklist = build_checklist(window.ctx.atlas, seq)
    session.answer(checklist, evaluate(checklist, frozenset()))
    assert session.start() == "started"
    assert panel.timer.isActive() and "Get ready" in panel.banner.text()
    assert window.ctx.state.overlay is not None  # the first step's zones are lit
    session.stop()
    assert not panel.timer.isActive() and window.ctx.state.overlay is None
    assert panel.play_button.text() == "Start"


def test_the_dock_relays_the_session_events_as_a_signal(window, panel, qtbot) -> None:
    """Other views (spoken cues, later) follow the routine through the dock's signal."""
    seen: list[str] = []
    panel.session_event.connect(lambda event: seen.append(event.kind))
    panel.choose("seq_test_mixed")
    panel.start()
    answer(panel)
    panel.session.clock.now += 3.0
    panel.tick()
    panel.stop()
    assert seen[:1] == ["picked"] and "verdict" in seen
    assert seen[-3:] == ["get_ready", "step_started", "stopped"]


@pytest.mark.parametrize(
    "kept",
    ["[" * 50_000 + "]" * 50_000, "[" * 500 + "]" * 500, '["a", ["b"]]', '{"a": 1}', "x" * 200_000],
    ids=["100,000 brackets", "500 brackets", "a list in the list", "an object", "200,000 chars"],
)
def test_unreadable_remembered_answers_are_treated_as_absent(window, panel, settings, kept) -> None:
    """A deeply nested `safety/answers` raised RecursionError on every routine start."""
    settings.setValue(ANSWERS_KEY, kept)
    panel.choose("seq_test_mixed")
    panel.start()
    dialog = answer(panel, ok=False)
    assert not any(box.isChecked() for box in dialog.boxes.values())
    assert not dialog.remember.isChecked()
    dialog.reject()
