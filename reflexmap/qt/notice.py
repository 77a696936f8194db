"""Say something to a screen reader once, on the channel that reader speaks.

Measured with Orca 43.1 (Debian 12) driving the app (docs/accessibility.md): Qt's
`QAccessibleAnnouncementEvent` (AT-SPI `object:announcement`) is silent there, and so is a
status-bar label's text change; an object of role Notification becoming visible is spoken
("notification …") wherever the focus is. Newer readers speak announcements and would also
speak the notification, so `say` sends one of the two: the announcement when some client
on the accessibility bus listens for `object:announcement` (the registry lists the
events its clients registered, read with dbus-send), else the notification.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAccessibleWidget, QWidget

_CACHE_SECONDS = 3.0
_JOIN_SECONDS = 1.0  # a notice younger than this is said again with the next one
_cache: tuple[float, bool] = (-1.0, False)  # (when asked, the answer); never asked: < 0
last_channel = ""  # "announcement" or "notification": the last `say`, for tests
last_said = ""


_asking: threading.Thread | None = None


def _dbus_send(*args: str) -> str:
    """dbus-send's printed reply ("" without the tool or on an error). PySide6 cannot read
    the registry's a(ss) reply (QDBusArgument has no reading operators in Python), and
    QtDBus is for the GUI thread here: dbus-send, shipped with D-Bus itself, does both."""
    import shutil
    import subprocess

    tool = shutil.which("dbus-send")
    if tool is None:
        return ""
    run = subprocess.run(
        [tool, "--print-reply", *args], capture_output=True, text=True, timeout=2, check=False
    )
    return run.stdout if run.returncode == 0 else ""


def _registered_events() -> list[str]:
    """The events that clients of the accessibility bus listen for ([] without a bus)."""
    import re  # here: only when a reader is active, not at start

    address = re.findall(
        r'string "([^"]*)"',
        _dbus_send("--session", "--dest=org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus.GetAddress"),
    )
    if not address or not address[0]:
        return []
    reply = _dbus_send(
        f"--bus={address[0]}",
        "--dest=org.a11y.atspi.Registry",
        "/org/a11y/atspi/registry",
        "org.a11y.atspi.Registry.GetRegisteredEvents",
    )
    return re.findall(r'string "([^"]*)"', reply)


def _ask_registry() -> None:
    global _cache
    try:
        listens = any("announcement" in e.lower() for e in _registered_events())
    except Exception:  # noqa: BLE001 - a broken bus must not break feedback
        listens = False
    _cache = (time.monotonic(), listens)


def reader_speaks_announcements() -> bool:
    """True when a client listens for `object:announcement`. The first time, the registry
    is asked and waited for (once a session: ~10 ms, at most the 2 s timeout of each of
    two dbus-send calls); after that the last answer is used, and asked again on a thread
    of its own when it is older than 3 s, so a slow bus never holds the window again."""
    global _asking
    if _cache[0] < 0:
        _ask_registry()
        return _cache[1]
    stale = time.monotonic() - _cache[0] >= _CACHE_SECONDS
    if stale and (_asking is None or not _asking.is_alive()):
        _asking = threading.Thread(target=_ask_registry, name="a11y registry", daemon=True)
        _asking.start()
    return _cache[1]


class NoticeText(QWidget):
    """The words of a Notice: a label to a screen reader (see _factory); draws nothing."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setAccessibleName(text)


class Notice(QWidget):
    """A one-pixel widget of role Notification holding a "label" with the words;
    showing it is what Orca 43 speaks ("notification …"). Orca reads a notification's
    labels: without one it reads the labels of the whole dialog around it (measured).
    Neither is a QLabel: nothing is drawn, and walks over a window's labels skip them.
    A new one each time: Orca keeps the name it first read of an object."""

    def __init__(self, window: QWidget, text: str) -> None:
        super().__init__(window)
        self.setObjectName("screenReaderNotice")
        self._text = text
        self.born = time.monotonic()
        self.label = NoticeText(text)
        self.label.setParent(self)
        self.setAccessibleName(text)
        self.setGeometry(0, 0, 1, 1)
        self.label.setGeometry(0, 0, 1, 1)
        self.hide()
        QTimer.singleShot(4000, self, self.deleteLater)

    def text(self) -> str:
        return self._text


def _factory(_class_name: str, obj: QObject) -> QAccessibleWidget | None:
    if isinstance(obj, Notice):
        return QAccessibleWidget(obj, QAccessible.Role.Notification, obj.text())
    if isinstance(obj, NoticeText):
        return QAccessibleWidget(obj, QAccessible.Role.StaticText)
    return None


_installed = False


def say(source: QWidget, text: str, *, assertive: bool = False) -> None:
    """Tell a screen reader `text` once: an announcement from `source` for readers that
    listen for them, else a Notification shown in `source`'s window; nothing while no
    assistive technology is active (Qt turns accessibility on when one connects)."""
    global _installed, last_channel, last_said
    if not text:
        return
    last_said = text
    if not QAccessible.isActive():  # no assistive technology is listening: no one to tell
        last_channel = "none"  # (and the bus and the registry are not asked, 13 ms)
        return
    if reader_speaks_announcements():
        event = QAccessibleAnnouncementEvent(source, text)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
        last_channel = "announcement"
        return
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
    # in `source`'s window. Inside a dialog Orca 43 reads the dialog again before the
    # notice (measured); as a window of its own (a ToolTip) it is not spoken at all.
    home = source.window()
    words = text
    for old in home.findChildren(Notice):
        # one shown at a time; one shown under a second ago may not have been read yet
        # (two at once: the step that starts and a sound-cue warning; Orca 43 read
        # only the second): its words go first in the new one
        if old.isVisible() and time.monotonic() - old.born < _JOIN_SECONDS:
            words = f"{old.text()} {words}"
        old.hide()
        old.deleteLater()
    notice = Notice(home, words)
    notice.show()
    notice.lower()
    last_channel = "notification"
