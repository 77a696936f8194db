"""Opening a content pack without freezing the window.

Validating a pack can take seconds (every geometry check) or, for a hostile one, up to the
loader's time budget. `PackLoad` runs the loader it is given (the app's:
`pack_process.load_in_child`, a child process) on a worker thread and polls its future
with a QTimer, so every Qt object stays on the GUI thread; a window-modal progress dialog
("Checking <folder>…", an indeterminate bar) offers Cancel. Cancel closes the dialog at
once and the result, when it arrives, is dropped: the window stays as it was. Cancel also
sets an event the loader asks (`cancelled=`): the child process is killed within
`pack_process.POLL_S`, and its memory goes with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from reflexmap.core.atlas import Atlas

if TYPE_CHECKING:
    from concurrent.futures import Future

POLL_MS = 50


class Loader(Protocol):
    def __call__(self, folder: Path, /, *, cancelled: Callable[[], bool]) -> Atlas: ...


class PackLoad(QObject):
    """One pack being opened. `done` is emitted once, on the GUI thread, with the new
    window (or None: problems, an error, or cancelled); `wait()` returns the same."""

    done = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        folder: Path,
        load: Loader,
        on_atlas: Callable[[Atlas], QWidget | None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.on_atlas = on_atlas
        self.on_error = on_error
        self.cancelled = False
        self.stop = threading.Event()  # read by the loader on its thread
        self.finished = False
        self.window: QWidget | None = None
        from concurrent.futures import Future  # only when a pack is opened

        self.future: Future[Atlas] = Future()
        self.dialog: QProgressDialog | None = self._make_dialog(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        # A daemon thread, not an executor: a cancelled load of a hostile pack must not
        # hold the app open at exit while it runs out its time budget.
        self.worker = threading.Thread(
            target=self._run, args=(load,), daemon=True, name=f"pack-load:{folder.name}"
        )
        self.worker.start()
        self.timer.start()

    def _make_dialog(self, parent: QWidget) -> QProgressDialog:
        dialog = QProgressDialog(parent)
        dialog.setObjectName("packProgress")
        dialog.setWindowTitle(self.tr("Opening a content pack"))
        label = QLabel(dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a folder name is never markup
        label.setWordWrap(True)
        dialog.setLabel(label)
        dialog.setLabelText(self.tr("Checking {0}…").format(self.folder))
        dialog.setRange(0, 0)  # indeterminate: the loader reports no steps
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(self.cancel)
        dialog.open()
        return dialog

    def _run(self, load: Loader) -> None:
        """On the worker thread: no Qt here, only the future and the stop event."""
        try:
            atlas = load(self.folder, cancelled=self.stop.is_set)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as is
            self.future.set_exception(exc)
        else:
            self.future.set_result(atlas)

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

    def cancel(self) -> None:
        """Close the dialog now; the load runs out on its thread and its result is dropped."""
        if self.finished or self.cancelled:
            return
        self.cancelled = True
        self.stop.set()
        self._close_dialog()

    def _poll(self) -> None:
        if not self.future.done():
            return
        self.timer.stop()
        self.finished = True
        self._close_dialog()
        try:
            if not self.cancelled:
                exc = self.future.exception()
                if exc is None:
                    self.window = self.on_atlas(self.future.result())
                else:
                    self.on_error(exc)  # may re-raise a bug: `done` is still emitted
        finally:
            self.done.emit(self.window)

    def wait(self, timeout_ms: int = 60_000) -> QWidget | None:
        """Turn the event loop until the load is over (for tests and scripts)."""
        if not self.finished:
            loop = QEventLoop()
            self.done.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
        return self.window
