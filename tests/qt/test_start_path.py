"""The start path: from a warm content snapshot the window is built and painted with Qt and
the snapshot only; Shapely, NumPy and Pydantic stay unimported. A cold start
(no snapshot) validates on a worker thread while the loading window stays responsive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("shapely", "numpy", "pydantic")
# the player's voice, sounds and screen-awake: loaded when a routine starts (issue 28)
VOICE = (
    "reflexmap.qt.player.hands_free",
    "reflexmap.qt.player.speech",
    "reflexmap.qt.player.ssip",
    "reflexmap.qt.player.qt_speech",
    "reflexmap.qt.player.sounds",
    "reflexmap.qt.player.screen_awake",
    "reflexmap.core.cue_sounds",
    "reflexmap.core.pulse_simple",
    "PySide6.QtTextToSpeech",
    "PySide6.QtMultimedia",
)
# voice control (issue 33): the recogniser, its model and the microphone wait for the switch
LISTEN = ("pocketsphinx", "reflexmap.core.listen.recognizer", "reflexmap.core.listen.microphone")

# Starts the real app (`reflexmap` with no arguments), waits for the main window's first
# paint, clicks nothing, and prints what was imported by then.
CHILD = r"""
import json, sys, threading
HEAVY = ("shapely", "numpy", "pydantic")
VOICE = %r
LISTEN = %r
import reflexmap.qt.shell.app as app_module
from PySide6.QtCore import QEvent, QObject, QTimer

real = app_module.make_app
seen = {"ticks": 0, "threads": set()}

def make_app(*a, **k):
    app = real(*a, **k)

    def tick():  # the event loop keeps turning while the content loads
        seen["ticks"] += 1
        seen["threads"].update(t.name for t in threading.enumerate())
        QTimer.singleShot(10, tick)

    class Painted(QObject):
        def eventFilter(self, obj, event):
            win = obj.window() if hasattr(obj, "window") else None
            if event.type() == QEvent.Type.Paint and win is not None \
                    and hasattr(win, "features") and "map" in win.features:
                app.removeEventFilter(self)
                QTimer.singleShot(0, lambda: report(win))
            return False

    def report(win):
        painted = {
            "heavy": sorted(m for m in HEAVY if m in sys.modules),
            "voice": sorted(m for m in VOICE if m in sys.modules),
            "search": "reflexmap.core.search" in sys.modules,  # made on first use
            "listen": sorted(m for m in LISTEN if m in sys.modules),
            # issue 32: the hand drawings and the rhythm load when a card first needs them
            "drawings": "PySide6.QtSvg" in sys.modules,
            "rhythm": "reflexmap.core.present.rhythm" in sys.modules,
            "zones": len(win.features.map.scene.items_by_id),
            "at_paint": sorted(win.features),
            "ticks": seen["ticks"], "threads": sorted(seen["threads"])}

        def later():  # the features left to the turn after the first paint
            routines = [a.text() for a in win.menuBar().actions() if "Routines" in a.text()]
            menu = win.menuBar().actions()[[a.text() for a in win.menuBar().actions()]
                                           .index(routines[0])].menu()
            painted["after"] = sorted(win.features)
            painted["voice_after"] = sorted(m for m in VOICE if m in sys.modules)
            painted["listen_after"] = sorted(m for m in LISTEN if m in sys.modules)
            painted["routine_items"] = len([a for a in menu.actions() if a.text()])
            print(json.dumps(painted))
            app.exit(0)
        QTimer.singleShot(500, later)

    app._painted = Painted()
    app.installEventFilter(app._painted)
    QTimer.singleShot(0, tick)
    QTimer.singleShot(60000, lambda: app.exit(3))
    return app

app_module.make_app = make_app
from reflexmap.cli import main
sys.exit(main([]))
"""


def _start() -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD % (VOICE, LISTEN)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_warm_start_paints_without_shapely_numpy_or_pydantic() -> None:
    from reflexmap.core.content import load_bundled
    from reflexmap.core.paths import cache_dir

    cold = _start()  # no snapshot yet in this test's private cache: validated, compiled
    assert cold["zones"] and set(cold["heavy"]) >= {"pydantic", "shapely"}
    assert "content-load" in cold["threads"]  # validated on a worker thread...
    assert cold["ticks"] > 3  # ...while the loading window's event loop kept turning
    assert list(cache_dir().glob("snapshot-*.json"))
    warm = _start()
    assert warm["heavy"] == [], warm
    # no voice engine at first paint, nor once the player is installed: only at a start
    assert warm["voice"] == [] and warm["voice_after"] == [], warm
    assert warm["drawings"] is False and warm["rhythm"] is False  # issue 32: on first need
    assert warm["search"] is False  # the search stack waits for the field's first use
    # voice control is off: no recogniser, model or microphone, at paint nor after
    assert warm["listen"] == warm["listen_after"] == [], warm
    # the player and printing come on the turn after the first paint, and do come
    assert "player" not in warm["at_paint"] and "map" in warm["at_paint"]
    assert {"player", "printing"} <= set(warm["after"])
    assert warm["routine_items"] >= len(load_bundled().sequences)
    assert (
        warm["zones"]
        == cold["zones"]
        == len([z for z in load_bundled().zones.values() if z.view == "sole"])
    )
    assert "content-load" not in warm["threads"]


def _python(code: str) -> str:
    """What `code` prints in a fresh interpreter started in the repository."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout


def test_the_snapshot_modules_import_no_validation_code() -> None:
    code = (
        "import sys, reflexmap.core.content, reflexmap.core.atlas, reflexmap.core.records;"
        f" print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert _python(code).strip() == "[]"


def test_the_features_installed_after_the_first_paint_change_nothing_on_screen(
    new_window, atlas, qtbot
) -> None:
    """What justifies deferring them (and `reflexmap shot` leaving them out): the window
    looks the same, pixel for pixel and menu title for menu title, before and after."""
    from PySide6.QtWidgets import QApplication

    win = new_window(atlas, defer=True)
    QApplication.processEvents()  # the window settled, as at its first paint
    titles = [a.text() for a in win.menuBar().actions()]
    before = win.grab().toImage()
    win.install_later()
    QApplication.processEvents()
    assert {"player", "printing"} <= set(win.features)
    assert [a.text() for a in win.menuBar().actions()] == titles
    assert "&Routines" in titles
    assert win.grab().toImage() == before


def test_a_pack_without_routines_has_no_routines_menu(new_window, atlas) -> None:
    """A menu is made only when a feature fills it: content with no routines gets no
    player and no empty Routines menu, before or after the deferred features install;
    the other titles stay."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from reflexmap.core.atlas import Atlas

    bare = Atlas(replace(atlas.content, sequences=()))
    win = new_window(bare, defer=True)
    QApplication.processEvents()
    titles = [a.text() for a in win.menuBar().actions()]
    win.install_later()
    assert [a.text() for a in win.menuBar().actions()] == titles
    assert titles == ["&File", "&Edit", "&View", "&Data", "&Help"]
    assert "player" not in win.features and "printing" in win.features
    with pytest.raises(LookupError, match="player"):
        _ = win.features.player


def test_pysides_module_check_gives_its_own_answers_from_the_file() -> None:
    """reflexmap.qt swaps PySide6's per-import check (inspect.getsource of every module,
    13 ms of a start) for a read of the file's bytes: the same answers, else a module that
    uses `__feature__` switches would lose them. Run in a fresh interpreter: the check
    sees each module once."""
    code = r"""
import json, sys
import reflexmap.qt  # swaps the check
from reflexmap.qt.map.style import resolve  # `from`: the hook gets the module itself
from reflexmap.core.records import Point
from json.decoder import JSONDecoder
feature = sys.modules["shibokensupport.feature"]
check = feature._mod_uses_pyside
seen = feature.pyside_feature_dict
print(json.dumps({
    "swapped": check is reflexmap.qt._uses_pyside,
    "qt_module": seen.get("reflexmap.qt.map.style"),
    "core_module": seen.get("reflexmap.core.records"),
    "stdlib": seen.get("json.decoder"),
    "builtin": check(sys),
}))
"""
    answers = json.loads(_python(code).strip().splitlines()[-1])
    # 0: the module uses PySide6 (its features can be switched); -1: it is ignored
    assert answers == {
        "swapped": True,
        "qt_module": 0,
        "core_module": -1,
        "stdlib": -1,
        "builtin": False,
    }
