"""A stand-in for the desktop's org.freedesktop.ScreenSaver, for tests: it answers
Inhibit with a new cookie and UnInhibit with nothing, and appends every call to a file
("Inhibit reflexmap <reason> -> 7", "UnInhibit 7"). Run with Debian's python3 (it uses
PyGObject, not in the project's environment): python3 screensaver_service.py LOG."""

import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.freedesktop.ScreenSaver">
    <method name="Inhibit">
      <arg type="s" name="application_name" direction="in"/>
      <arg type="s" name="reason_for_inhibit" direction="in"/>
      <arg type="u" name="cookie" direction="out"/>
    </method>
    <method name="UnInhibit">
      <arg type="u" name="cookie" direction="in"/>
    </method>
  </interface>
</node>
"""
log_path = sys.argv[1]
cookies = iter(range(7, 10_000))


def record(line: str) -> None:
    with open(log_path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def on_call(conn, sender, path, iface, method, params, invocation):  # noqa: ANN001, ANN201
    args = params.unpack()
    if method == "Inhibit":
        cookie = next(cookies)
        record(f"Inhibit {args[0]} {args[1]} -> {cookie}")
        invocation.return_value(GLib.Variant("(u)", (cookie,)))
    else:
        record(f"UnInhibit {args[0]}")
        invocation.return_value(None)


def on_bus(conn, name):  # noqa: ANN001, ANN201
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    conn.register_object("/org/freedesktop/ScreenSaver", info, on_call, None, None)


def on_name(conn, name):  # noqa: ANN001, ANN201
    record("ready")


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.ScreenSaver", 0, on_bus, on_name, None)
GLib.MainLoop().run()
