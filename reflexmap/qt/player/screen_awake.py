"""Keep the screen on while a routine plays: one small interface, one class per platform.

Linux: the freedesktop ScreenSaver service on the session bus (KDE, GNOME through
gsd-screensaver-proxy, Xfce, LXQt): ``Inhibit(app, reason) -> cookie`` while playing,
``UnInhibit(cookie)`` on pause, stop, the end and closing the player.

Why libdbus through ctypes and not QtDBus: QtDBus is in PySide6-Essentials, but PySide6
6.11 cannot send the unsigned 32-bit cookie that UnInhibit takes: a Python int goes out
as ``i`` (``QDBusMessage.setArguments``), ``x`` when large, or ``q`` (``QDBusArgument <<``),
and the service refuses it ("Type of message, (i), does not match expected type (u)";
measured against tests/qt/screensaver_service.py). libdbus (``libdbus-1.so.3``, which Qt
itself needs on Linux) sends it typed. Calls run on a worker thread, so a slow or
missing service never holds the window.

Windows: ``SetThreadExecutionState(ES_CONTINUOUS | ES_DISPLAY_REQUIRED)`` (kernel32, ctypes)
while playing, ``SetThreadExecutionState(ES_CONTINUOUS)`` to release. The state belongs to
the calling thread, so both are called on the window's thread (they return at once).
macOS: an IOKit power assertion, ``IOPMAssertionCreateWithName("PreventUserIdleDisplaySleep",
kIOPMAssertionLevelOn, reason)`` (the current name of kIOPMAssertionTypeNoDisplaySleep),
released with ``IOPMAssertionRelease(id)``; also immediate calls. Both are verified on Linux
only with the OS function replaced by a recorder (tests/qt/test_platform_backends.py), not
on a real Windows or Mac. Elsewhere `NoScreenAwake` holds nothing (`available` is False).
"""

from __future__ import annotations

import ctypes
import os
import queue
import sys
import threading
from collections.abc import Callable
from typing import Any, Protocol, cast

SERVICE = b"org.freedesktop.ScreenSaver"
PATH = b"/org/freedesktop/ScreenSaver"
INTERFACE = b"org.freedesktop.ScreenSaver"
APP = "reflexmap"
TIMEOUT_MS = 3000


class ScreenAwake(Protocol):
    available: bool

    def hold(self, reason: str) -> None:
        """Keep the screen on until `release` (a second hold changes nothing)."""
        ...

    def release(self) -> None: ...

    def close(self) -> None: ...


class NoScreenAwake:
    """Where no way to keep the screen on is implemented (see the module's note)."""

    available = False
    held = False

    def hold(self, reason: str) -> None:
        pass

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


class _DBusError(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("message", ctypes.c_char_p),
        ("dummy", ctypes.c_uint),
        ("padding1", ctypes.c_void_p),
    ]


def _libdbus() -> ctypes.CDLL:
    lib = ctypes.CDLL("libdbus-1.so.3")
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    err = ctypes.POINTER(_DBusError)
    for name, res, args in (
        ("dbus_error_init", None, [err]),
        ("dbus_error_free", None, [err]),
        ("dbus_error_is_set", ctypes.c_uint, [err]),
        ("dbus_connection_open_private", vp, [cp, err]),
        ("dbus_bus_register", ctypes.c_uint, [vp, err]),
        ("dbus_connection_set_exit_on_disconnect", None, [vp, ctypes.c_uint]),
        ("dbus_connection_close", None, [vp]),
        ("dbus_connection_unref", None, [vp]),
        ("dbus_message_new_method_call", vp, [cp, cp, cp, cp]),
        ("dbus_connection_send_with_reply_and_block", vp, [vp, vp, ctypes.c_int, err]),
        ("dbus_message_unref", None, [vp]),
    ):
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    # variadic: (message, type, pointer, ..., DBUS_TYPE_INVALID); arguments passed typed
    lib.dbus_message_append_args.restype = ctypes.c_uint
    lib.dbus_message_get_args.restype = ctypes.c_uint
    return lib


class DBusScreenAwake:
    """``held`` is True from the Inhibit reply until UnInhibit is sent; `error` says why
    not, if the service refused or is missing."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        self.available = bool(self.address)
        self.held = False
        self.error = ""
        self.cookie: int | None = None
        self._jobs: queue.Queue[tuple[str, str]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lib: ctypes.CDLL | None = None
        self._conn: int | None = None
        self.idle = threading.Event()  # set when every asked call has been made
        self.idle.set()

    def hold(self, reason: str) -> None:
        self._put("hold", reason)

    def release(self) -> None:
        self._put("release", "")

    def close(self) -> None:
        """Release, then end the worker and the connection (waits up to 2 s)."""
        if self._thread is None:
            return
        self._put("close", "")
        self._thread.join(timeout=2)
        self._thread = None

    def _put(self, what: str, reason: str) -> None:
        if not self.available:
            return
        self.idle.clear()
        self._jobs.put((what, reason))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="screen-awake", daemon=True)
            self._thread.start()

    # ---- the worker thread ------------------------------------------------------------
    def _run(self) -> None:
        while True:
            what, reason = self._jobs.get()
            try:
                if what == "hold" and self.cookie is None:
                    self.cookie = self._inhibit(reason)
                    self.held = True
                elif what in ("release", "close") and self.cookie is not None:
                    cookie, self.cookie, self.held = self.cookie, None, False
                    self._uninhibit(cookie)
            except OSError as exc:
                self.error = str(exc)
            if what == "close":
                self._disconnect()
                self.idle.set()
                return
            if self._jobs.empty():
                self.idle.set()

    def _connection(self) -> tuple[ctypes.CDLL, int]:
        if self._lib is None:
            self._lib = _libdbus()
        lib = self._lib
        if self._conn is None:
            err = _DBusError()
            lib.dbus_error_init(ctypes.byref(err))
            conn = lib.dbus_connection_open_private(self.address.encode(), ctypes.byref(err))
            if not conn or not lib.dbus_bus_register(conn, ctypes.byref(err)):
                message = (err.message or b"no session bus").decode(errors="replace")
                lib.dbus_error_free(ctypes.byref(err))
                if conn:
                    lib.dbus_connection_close(conn)
                    lib.dbus_connection_unref(conn)
                raise OSError(f"The session bus cannot be reached: {message}")
            lib.dbus_connection_set_exit_on_disconnect(conn, 0)
            self._conn = conn
        return lib, self._conn

    def _disconnect(self) -> None:
        if self._lib is not None and self._conn is not None:
            self._lib.dbus_connection_close(self._conn)
            self._lib.dbus_connection_unref(self._conn)
            self._conn = None

    def _call(self, method: bytes, *args: object) -> tuple[ctypes.CDLL, int]:
        lib, conn = self._connection()
        msg = lib.dbus_message_new_method_call(SERVICE, PATH, INTERFACE, method)
        if not msg:
            raise OSError("Out of memory for a D-Bus message")
        try:
            if not lib.dbus_message_append_args(ctypes.c_void_p(msg), *args, ctypes.c_int(0)):
                raise OSError("A D-Bus message could not be written")
            err = _DBusError()
            lib.dbus_error_init(ctypes.byref(err))
            reply = lib.dbus_connection_send_with_reply_and_block(
                conn, msg, TIMEOUT_MS, ctypes.byref(err)
            )
            if not reply:
                message = (err.message or b"no reply").decode(errors="replace")
                lib.dbus_error_free(ctypes.byref(err))
                raise OSError(f"The screen saver service did not keep the screen on: {message}")
            return lib, reply
        finally:
            lib.dbus_message_unref(msg)

    def _inhibit(self, reason: str) -> int:
        app = ctypes.c_char_p(APP.encode())
        why = ctypes.c_char_p(reason.encode())
        s = ctypes.c_int(ord("s"))
        lib, reply = self._call(b"Inhibit", s, ctypes.byref(app), s, ctypes.byref(why))
        try:
            cookie = ctypes.c_uint32(0)
            err = _DBusError()
            lib.dbus_error_init(ctypes.byref(err))
            got = lib.dbus_message_get_args(
                ctypes.c_void_p(reply),
                ctypes.byref(err),
                ctypes.c_int(ord("u")),
                ctypes.byref(cookie),
                ctypes.c_int(0),
            )
            if not got:
                lib.dbus_error_free(ctypes.byref(err))
                raise OSError("The screen saver service answered without a cookie")
            return int(cookie.value)
        finally:
            lib.dbus_message_unref(reply)

    def _uninhibit(self, cookie: int) -> None:
        value = ctypes.c_uint32(cookie)
        lib, reply = self._call(b"UnInhibit", ctypes.c_int(ord("u")), ctypes.byref(value))
        lib.dbus_message_unref(reply)


# ---- Windows --------------------------------------------------------------------------
ES_CONTINUOUS = 0x80000000
ES_DISPLAY_REQUIRED = 0x00000002


def _set_thread_execution_state() -> Callable[[int], int]:
    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]  # Windows only
    fn = kernel32.SetThreadExecutionState
    fn.argtypes = [ctypes.c_uint32]
    fn.restype = ctypes.c_uint32  # the previous state; 0 when the call failed
    return cast(Callable[[int], int], fn)


class WindowsScreenAwake:
    """`set_state` is kernel32's SetThreadExecutionState (tests pass a recorder)."""

    available = True

    def __init__(self, set_state: Callable[[int], int] | None = None) -> None:
        self._set_state = set_state
        self.held = False
        self.error = ""

    def _call(self, flags: int) -> None:
        if self._set_state is None:
            self._set_state = _set_thread_execution_state()
        if self._set_state(flags) == 0:  # it returns the previous state, 0 on failure
            self.error = "Windows did not accept the request to keep the screen on"

    def hold(self, reason: str) -> None:
        if not self.held:
            # held even if the call reports 0: the release that follows is always sent,
            # and a release of a request that failed changes nothing
            self.held = True
            self._call(ES_CONTINUOUS | ES_DISPLAY_REQUIRED)

    def release(self) -> None:
        if self.held:
            self.held = False
            self._call(ES_CONTINUOUS)

    def close(self) -> None:
        self.release()


# ---- macOS ----------------------------------------------------------------------------
ASSERTION_TYPE = b"PreventUserIdleDisplaySleep"  # kIOPMAssertionTypePreventUserIdleDisplaySleep
kIOPMAssertionLevelOn = 255
kCFStringEncodingUTF8 = 0x08000100
kIOReturnSuccess = 0


def _frameworks() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    iokit = ctypes.CDLL("/System/Library/Frameworks/IOKit.framework/IOKit")
    cf = ctypes.CDLL("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation")
    cf.CFStringCreateWithCString.restype = ctypes.c_void_p
    cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
    cf.CFRelease.restype = None
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    iokit.IOPMAssertionCreateWithName.restype = ctypes.c_int32  # IOReturn
    iokit.IOPMAssertionCreateWithName.argtypes = [
        ctypes.c_void_p,  # CFStringRef assertion type
        ctypes.c_uint32,  # IOPMAssertionLevel
        ctypes.c_void_p,  # CFStringRef name (shown by `pmset -g assertions`)
        ctypes.POINTER(ctypes.c_uint32),  # IOPMAssertionID *
    ]
    iokit.IOPMAssertionRelease.restype = ctypes.c_int32
    iokit.IOPMAssertionRelease.argtypes = [ctypes.c_uint32]
    return iokit, cf


class MacScreenAwake:
    """`iokit` and `cf` are the IOKit and CoreFoundation libraries (tests pass recorders)."""

    available = True

    def __init__(self, iokit: Any = None, cf: Any = None) -> None:
        self._iokit, self._cf = iokit, cf
        self.assertion: int | None = None
        self.error = ""

    @property
    def held(self) -> bool:
        return self.assertion is not None

    def _libraries(self) -> tuple[Any, Any]:
        if self._iokit is None or self._cf is None:
            self._iokit, self._cf = _frameworks()
        return self._iokit, self._cf

    def hold(self, reason: str) -> None:
        if self.assertion is not None:
            return
        try:
            iokit, cf = self._libraries()
        except OSError as exc:
            self.error = str(exc)
            return
        kind = cf.CFStringCreateWithCString(None, ASSERTION_TYPE, kCFStringEncodingUTF8)
        name = cf.CFStringCreateWithCString(None, reason.encode(), kCFStringEncodingUTF8)
        try:
            found = ctypes.c_uint32(0)
            result = iokit.IOPMAssertionCreateWithName(
                kind, kIOPMAssertionLevelOn, name, ctypes.pointer(found)
            )
        finally:
            for ref in (kind, name):
                if ref:
                    cf.CFRelease(ref)
        if result != kIOReturnSuccess:
            self.error = f"macOS did not keep the screen on (IOReturn {result:#x})"
            return
        self.assertion = int(found.value)

    def release(self) -> None:
        if self.assertion is not None:
            assertion, self.assertion = self.assertion, None
            iokit, _ = self._libraries()
            iokit.IOPMAssertionRelease(assertion)

    def close(self) -> None:
        self.release()


def make_screen_awake() -> ScreenAwake:
    if sys.platform.startswith("linux"):
        return DBusScreenAwake()
    if sys.platform == "win32":
        return WindowsScreenAwake()
    if sys.platform == "darwin":
        return MacScreenAwake()
    return NoScreenAwake()
