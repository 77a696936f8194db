"""Hands-free practice in the window: the player speaks, sounds and keeps the screen on,
and its keys work from anywhere while a routine plays. The engines are fakes that record
what they were asked (the real ones: test_hands_free_services.py); the clock is fake."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from reflexmap.core.present import spoken
from reflexmap.core.routine_plan import plan_routine
from reflexmap.qt.player.hands_free import HandsFree
from reflexmap.qt.player.player_panel import PlayerPanel

ROUTINE = "seq_002_seated_self_massage"  # a self routine done on each foot in turn


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


class Log(list):  # type: ignore[type-arg]
    """What every fake engine was asked, in one order."""


class FakeSpeaker:
    def __init__(self, log: Log, on_unavailable, on_voices, missing: str = "") -> None:  # type: ignore[no-untyped-def]
        self.log, self.on_unavailable, self.on_voices = log, on_unavailable, on_voices
        self.unavailable = missing

    def say(self, text: str, *, interrupt: bool = False) -> None:
        if self.unavailable:
            self.on_unavailable(self.unavailable)
            return
        self.log.append(("say", text))

    def stop(self) -> None:
        self.log.append(("silence",))

    def configure(self, settings) -> None:  # type: ignore[no-untyped-def]
        self.settings = settings

    def list_voices(self) -> None:
        self.on_voices([])

    def close(self) -> None:
        self.log.append(("close",))


class FakeCues:
    def __init__(self, log: Log, on_unavailable) -> None:  # type: ignore[no-untyped-def]
        self.log, self.volume, self.unavailable = log, 0.8, ""

    def play(self, cue: str) -> None:
        self.log.append(("cue", cue))

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class FakeAwake:
    available = True

    def __init__(self, log: Log) -> None:
        self.log, self.held = log, False

    def hold(self, reason: str) -> None:
        if not self.held:
            self.log.append(("hold",))
        self.held = True

    def release(self) -> None:
        if self.held:
            self.log.append(("release",))
        self.held = False

    def close(self) -> None:
        self.release()


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def panel(window, log, settings) -> PlayerPanel:  # type: ignore[no-untyped-def]
    found = window.features.player.panel
    found.session.clock = FakeClock()
    found.make_hands_free = lambda: HandsFree(
        window.ctx.atlas,
        window.ctx.settings,
        found,
        make_speaker=lambda u, v: FakeSpeaker(log, u, v, missing=getattr(log, "missing", "")),
        make_cues=lambda u: FakeCues(log, u),
        make_awake=lambda: FakeAwake(log),
    )
    return found


def start(panel: PlayerPanel, routine: str = ROUTINE) -> None:
    panel.choose(routine)
    panel.start()
    if panel.dialog is not None:  # the safety questions, on a routine's first run
        panel.dialog.start_button.click()
    assert panel.session.state == "get_ready"


def run_for(panel: PlayerPanel, seconds: float, step: float = 0.5) -> None:
    for _ in range(int(seconds / step)):
        if panel.session.state in ("finished", "idle"):
            return
        panel.session.clock.now += step
        panel.tick()


def said(log: Log) -> list[str]:
    return [e[1] for e in log if e[0] == "say"]


def test_a_whole_routine_is_spoken_with_no_key(window, panel, log) -> None:  # type: ignore[no-untyped-def]
    atlas = window.ctx.atlas
    plan = plan_routine(atlas, atlas.sequences[ROUTINE])
    start(panel)
    run_for(panel, plan.total_s + 60)
    assert panel.session.state == "finished"
    words = said(log)
    steps = [w for w in words if w in {spoken.step_words(atlas, p) for p in plan.steps}]
    assert steps == [spoken.step_words(atlas, p) for p in plan.steps]  # in order, once each
    assert words[0].startswith(f"{atlas.sequences[ROUTINE].name}: {len(plan.steps)} steps")
    assert words[-1] == f"Routine finished, after {spoken.count_for_ear(plan.total_s)}."
    assert "Change to your right foot." in words
    assert words.count("Ten seconds left.") == sum(
        p.duration_s >= spoken.WARN_MIN_STEP_S for p in plan.steps
    )
    cues = [e[1] for e in log if e[0] == "cue"]
    assert cues.count("step") == len(plan.steps) and cues[-1] == "end" and "side" in cues
    # the screen is kept on from the start to the end, once
    holds = [i for i, e in enumerate(log) if e[0] in ("hold", "release")]
    assert [log[i][0] for i in holds] == ["hold", "release"]
    assert holds[-1] > max(i for i, e in enumerate(log) if e == ("say", steps[-1]))


def test_space_and_r_from_the_map_left_and_right_in_the_player(window, panel, log, qtbot) -> None:  # type: ignore[no-untyped-def]
    atlas = window.ctx.atlas
    plan = plan_routine(atlas, atlas.sequences[ROUTINE])
    start(panel)
    run_for(panel, 4)
    player = panel.session
    assert player.state == "running" and player.index == 0
    view = window.features.map.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert player.state == "paused"
    assert log[-3:] == [("silence",), ("release",), ("say", "Paused.")]  # quiet at once
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert player.state == "running" and ("say", "Go on.") == log[-1]
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the map keeps its arrows (its focus ring)
    assert player.index == 0
    panel.play_button.setFocus()  # where the focus is after Start
    qtbot.keyClick(panel.play_button, Qt.Key.Key_Right)
    assert player.index == 1 and said(log)[-1] == spoken.step_words(atlas, plan.steps[1])
    qtbot.keyClick(panel.play_button, Qt.Key.Key_Left)
    assert player.index == 0 and said(log)[-1] == spoken.step_words(atlas, plan.steps[0])
    before = len(said(log))
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert said(log)[before:] == [spoken.step_words(atlas, plan.steps[0])]


def test_keys_leave_text_fields_and_buttons_alone(window, panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(panel)
    run_for(panel, 4)
    player = panel.session
    search = window.findChild(QLineEdit, "search")
    search.setFocus()
    qtbot.keyClicks(search, "r ")
    qtbot.keyClick(search, Qt.Key.Key_Left)
    assert search.text() == "r " and player.state == "running" and player.index == 0
    # Space on a focused check box ticks it, and the routine plays on
    panel.auto.setFocus()
    qtbot.keyClick(panel.auto, Qt.Key.Key_Space)
    assert not panel.auto.isChecked() and player.state == "running"
    # on a focused button Space presses that button (Next), not pause
    panel.next_button.setFocus()
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Space)
    assert player.index == 1 and player.state != "paused"


def test_nothing_is_said_after_stop_and_closing_silences(window, panel, log) -> None:  # type: ignore[no-untyped-def]
    start(panel)
    run_for(panel, 30)
    panel.stop()
    assert log[-2:] == [("silence",), ("release",)] or ("release",) in log[-3:]
    count = len(said(log))
    run_for(panel, 120)
    panel.repeat()
    assert len(said(log)) == count
    start(panel)
    run_for(panel, 5)
    window.close()  # closing the window closes the player's voice
    assert ("close",) in log and log[-1][0] in ("close", "release")
    assert not any(e == ("hold",) for e in log[log.index(("close",)) :])


def test_switches_are_remembered_and_obeyed(window, panel, log, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert panel.speak_box.isChecked() and panel.sounds_box.isChecked()  # on by default
    panel.speak_box.setChecked(False)
    assert window.ctx.settings.value("player/speak") in (False, "false")
    start(panel)
    run_for(panel, 10)
    assert said(log) == [] and ("cue", "step") in log
    panel.speak_box.setChecked(True)
    panel.sounds_box.setChecked(False)
    cues = len([e for e in log if e[0] == "cue"])
    qtbot.keyClick(panel.play_button, Qt.Key.Key_Right)
    assert said(log) and len([e for e in log if e[0] == "cue"]) == cues


def test_no_voice_is_said_once_and_the_sounds_go_on(window, panel, log) -> None:  # type: ignore[no-untyped-def]
    log.missing = "speech-dispatcher is not installed"
    start(panel)
    run_for(panel, 120)
    assert panel.message.text() == (
        "No voice: speech-dispatcher is not installed. The player goes on without it."
    )
    assert ("cue", "step") in log and said(log) == []
    shown = []
    panel.hands_free.notice.connect(shown.append)  # type: ignore[union-attr]
    run_for(panel, 120)
    QApplication.processEvents()
    assert shown == [] or len(set(shown)) == 1


def control_keys(panel: PlayerPanel) -> dict[str, str]:
    """Each player control's key: its mnemonic (Alt+letter) or the key in its tooltip."""
    from PySide6.QtWidgets import QAbstractButton

    keys = {}
    for button in panel.findChildren(QAbstractButton):
        text, tip = button.text(), button.toolTip()
        if "&" in text.replace("&&", ""):
            keys[button.objectName()] = "Alt+" + text[text.index("&") + 1].upper()
        elif tip.endswith(")") and "(" in tip:
            keys[button.objectName()] = tip[tip.rindex("(") + 1 : -1]
        else:
            keys[button.objectName()] = ""
    return keys


def test_help_lists_every_player_key_and_the_menu_shortcuts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.features.player.panel
    dialog = window.show_keys()
    qtbot.waitExposed(dialog)
    rows = {(key, what) for _, key, what in dialog.rows}
    keys = {key for key, _ in rows}
    assert {"Space", "Left", "Right", "R", "Esc", "Ctrl+R"} <= keys
    assert ("R", "Say the last instruction again") in rows
    assert "Ctrl+F" in keys and "Ctrl+D" in keys  # read from the menus
    # every control of the player has a key, and Help lists it
    controls = {k: v for k, v in control_keys(panel).items() if not k.startswith("qt_")}
    assert {"playPause", "next", "back", "stop", "restart", "speakSteps", "soundCues"} <= set(
        controls
    )
    assert all(key in keys for key in controls.values()), controls
    dialog.close()


def test_voice_and_sounds_dialog_remembers_and_tries(window, panel, log, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reflexmap.qt.player.voice_dialog import VoiceDialog

    panel.voice_settings()
    dialog = window.findChild(VoiceDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.rate.setValue(-40)
    dialog.volume.setValue(70)
    dialog.sound_volume.setValue(25)
    settings = window.ctx.settings
    assert int(settings.value("player/voiceRate")) == -40
    assert int(settings.value("player/voiceVolume")) == 70
    hands_free = panel.hands_free
    assert hands_free is not None
    assert (hands_free.speaker.settings.rate, hands_free.speaker.settings.volume) == (-40, 70)
    assert hands_free.cues.volume == 0.25
    dialog.try_button.click()
    assert log[-1][0] == "say" and ("cue", "step") in log
    dialog.sounds.setChecked(False)
    dialog.close()
    assert not panel.sounds_box.isChecked()  # the dock's switch follows the dialog
