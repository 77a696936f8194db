"""Start the app, or render its main window offscreen (`reflexmap shot`)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from reflexmap.core.problems import ContentError
from reflexmap.qt.application import make_app
from reflexmap.qt.screen import fit_to_screen
from reflexmap.qt.text import plain_label

if TYPE_CHECKING:  # the window's modules are imported once the content is there
    from reflexmap.core.atlas import Atlas
    from reflexmap.qt.shell.windows import Windows


def load_atlas(args: argparse.Namespace) -> Atlas:
    from reflexmap.core.content import load

    pack = getattr(args, "content", None)
    return load(Path(pack) if pack else None)


Loaded = Callable[[], "Atlas"]  # gives the content, or raises why it did not load


def snapshot_loaded(args: argparse.Namespace) -> Loaded | None:
    """The content at once if a snapshot holds it (no validation code imported), or the
    error met while looking; None on a miss (a validation is needed)."""
    from reflexmap.core.content import load_fast

    pack = getattr(args, "content", None)
    try:
        atlas = load_fast(Path(pack) if pack else None)
    except Exception as exc:  # noqa: BLE001 - handed on, like a validation error
        return partial(_raise, exc)
    return None if atlas is None else (lambda: atlas)


def _raise(exc: Exception) -> Atlas:
    raise exc


def load_atlas_then(
    args: argparse.Namespace, then: Callable[[Loaded], object], parent: QObject
) -> None:
    """`then(loaded)` after a full validation on a worker thread, so the loading window
    keeps painting. `then` runs on the GUI thread."""
    from concurrent.futures import Future

    future: Future[Atlas] = Future()

    def work() -> None:
        try:
            future.set_result(load_atlas(args))
        except BaseException as exc:  # noqa: BLE001 - re-raised on the GUI thread
            future.set_exception(exc)

    threading.Thread(target=work, daemon=True, name="content-load").start()
    timer = QTimer(parent)
    timer.setInterval(30)

    def poll() -> None:
        if future.done():
            timer.stop()
            timer.deleteLater()
            then(future.result)

    timer.timeout.connect(poll)
    timer.start()


class _StartWindow(QMainWindow):
    """Shown only when no snapshot holds the content: importing Shapely and Pydantic and
    validating takes a second or more, and a window on screen at once is what users feel."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("reflexmap: foot and leg massage map"))
        label = plain_label(self.tr("Loading the chart…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(label)
        geom = settings.value("geometry")
        if geom is not None:
            self.restoreGeometry(geom)
        else:
            fit_to_screen(self)


class _AfterFirstPaint(QObject):
    """Calls `then` once, on the event-loop turn after the watched window first paints
    (or after `fallback_ms` if it never does, e.g. started minimised)."""

    def __init__(
        self, window: QMainWindow, then: Callable[[], object], fallback_ms: int = 400
    ) -> None:
        super().__init__(window)
        self._then = then
        self._done = False
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        if not self._done:
            self._done = True
            self._then()


def run_gui(args: argparse.Namespace) -> int:
    from reflexmap.qt.shell import theme

    app = make_app()
    settings = QSettings()
    theme.apply(str(settings.value("theme", "system")))
    windows_: list[Windows] = []
    failed: list[BaseException] = []
    start: list[_StartWindow] = []  # the loading window, shown only while validating
    looping: list[bool] = []  # the event loop runs (the content was validated in it)

    def leave(code: int) -> None:
        """End the event loop with `code`, if it runs. Qt 6 remembers an exit asked before
        the loop starts and ends every later loop at once (a test's too: measured)."""
        if looping:
            app.exit(code)

    def build(loaded: Loaded) -> int | None:
        """The main window shown; else the exit code (and the loop told to exit)."""
        try:
            atlas = loaded()  # every validation ran, here or when it was compiled
            from reflexmap.qt.shell.windows import Windows

            windows_.append(Windows(settings))
            window = windows_[0].new(atlas, defer=True)  # the rest after the first paint
            _AfterFirstPaint(window, window.install_later)
        except ContentError as exc:
            for w in start:
                w.close()
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "reflexmap",
                "The content did not load:\n\n" + "\n".join(str(p) for p in exc.problems[:30]),
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()
            leave(1)
            return 1
        except Exception as exc:  # re-raised below, outside the event loop
            failed.append(exc)
            leave(1)
            return 1
        window.show()
        for w in start:
            w.close()
        if "details" in window.features:  # first start only: Start here, offered once
            window.features.details.offer_primer()
        return None

    fast = snapshot_loaded(args)
    if fast is not None:  # a snapshot: the window straight away, no loading window
        code = build(fast)
        if code is not None:
            if failed:
                raise failed[0]
            return code
    else:
        start.append(_StartWindow(settings))
        _AfterFirstPaint(start[0], lambda: load_atlas_then(args, build, start[0]))
        start[0].show()
    looping.append(True)
    code = app.exec()
    # Closing the loading window (the last window) posted a Quit that the exit above left
    # unread: whatever turned the event loop next in this process (pytest-qt's teardown)
    # exited outside exec(), and every later QEventLoop.exec() returned at once: a worker's
    # later tests never received a queued signal or a timer (the voice tests heard nothing)
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    if failed:
        raise failed[0]
    return code


SHOT_MIN, SHOT_MAX = 200, 8000  # pixels per side of `reflexmap shot`


def run_shot(args: argparse.Namespace) -> int:
    """Render the real main window offscreen and save it as a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTemporaryDir

    app = make_app()
    try:
        width, height = (int(v) for v in str(args.size).lower().split("x"))
    except ValueError:
        sys.stderr.write(f"reflexmap shot: --size must look like 1400x900, not {args.size!r}\n")
        return 2
    if not (SHOT_MIN <= width <= SHOT_MAX and SHOT_MIN <= height <= SHOT_MAX):
        # Qt's sizes are 32-bit and a 40000x40000 grab segfaults: refuse before Qt sees it
        sys.stderr.write(
            f"reflexmap shot: --size must be between {SHOT_MIN} and {SHOT_MAX} "
            f"pixels each way, not {args.size}\n"
        )
        return 2
    from reflexmap.qt.output import check_folder, save_image, write_error

    out = Path(args.output)
    try:
        check_folder(out)  # before the window is built, not after
    except OSError as exc:
        sys.stderr.write(f"reflexmap shot: {write_error(out, exc)}\n")
        return 1
    atlas = load_atlas(args)
    name = "dark" if args.dark else "light"
    tmp = QTemporaryDir()  # a screenshot never reads or changes the user's settings
    settings = QSettings(os.path.join(tmp.path(), "shot.ini"), QSettings.Format.IniFormat)
    from reflexmap.core.paths import data_dir
    from reflexmap.core.user_store import UserStore
    from reflexmap.qt.shell.windows import Windows

    store = UserStore(data_dir(), read_only=True)  # nor the user's data
    for message in store.recovered:
        sys.stderr.write(f"reflexmap shot: your data: {message}\n")
    # the features that show nothing until used (features.LATER) stay out: the picture
    # is the same without them (tests/qt/test_start_path.py compares the two grabs)
    window = Windows(settings, store, theme_name=name).new(atlas, defer=True)
    window.resize(width, height)
    if args.view:
        if args.view not in atlas.views:
            sys.stderr.write(
                f"reflexmap shot: unknown view {args.view!r}; views: "
                + ", ".join(atlas.views)
                + "\n"
            )
            return 2
        window.ctx.state.set_view(args.view)
    if args.select:
        if args.select not in atlas.zones:
            sys.stderr.write(f"reflexmap shot: unknown zone {args.select!r}\n")
            return 2
        window.ctx.state.select_zone(args.select)
    if getattr(args, "lookup", None):
        window.ctx.state.look_up(args.lookup)
    if getattr(args, "legend", False):
        window.features.map.legend.show()
    if getattr(args, "names", False):
        window.features.map.names_action.setChecked(True)
    window.show()
    for _ in range(3):
        app.processEvents()
    app.processEvents()
    try:  # through a temp file and a rename: a failed write leaves no truncated PNG
        save_image(out, window.grab().toImage(), out.suffix.lstrip(".").upper() or "PNG")
    except OSError as exc:
        sys.stderr.write(f"reflexmap shot: {write_error(out, exc)}\n")
        return 1
    finally:
        window.close()
    sys.stdout.write(f"wrote {out} ({width}x{height})\n")
    return 0
