#!/usr/bin/python3
"""The map as the Orca screen reader sees it: walk the real AT-SPI bus (by hand or from
tests/qt/test_atspi.py).

Run with Debian's Python, outside the project's venv (pyatspi is a Debian package):

    apt-get install -y xvfb xdotool dbus-x11 at-spi2-core python3-pyatspi
    /usr/bin/python3 tests/a11y/atspi_walk.py          # from the repository root

It starts its own Xvfb, session bus and accessibility bus, runs `uv run reflexmap`
with private config and data folders, finds the map on the bus, prints its zones' names,
roles and states, gives a zone the focus through its SetFocus action, presses the arrows,
Home and End with xdotool, counts the focus events the bus carries, checks that one Tab
leaves the map and Shift+Tab comes back to the same zone (the map is one Tab stop), presses Return
and waits for the "Selected: …" announcement. The last line is a JSON summary; the exit
status is 0 when every zone is on the bus, every move gave a focus event and the
selection was announced. See docs/accessibility.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MOVES = ["Right", "Right", "Down", "Down", "Left", "Up", "End", "Home", "Right", "Down"]


def say(text: str) -> None:
    """What the walk found, for a person (the package's no-print rule is for the app)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def start(cmd: list[str], **kw: object) -> subprocess.Popen:
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **kw
    )


def free_display() -> str:
    for n in range(120, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return f":{n}"
    raise SystemExit("no free X display")


def main() -> int:  # noqa: C901, PLR0912, PLR0915 (one script, read top to bottom)
    for tool in ("Xvfb", "xdotool", "dbus-launch", "dbus-send", "uv"):
        if shutil.which(tool) is None:
            say(f"missing: {tool}")
            return 77
    launcher = Path("/usr/libexec/at-spi-bus-launcher")
    if not launcher.exists():
        say("missing: at-spi2-core")
        return 77
    t0 = time.monotonic()
    procs: list[subprocess.Popen] = []
    tmp = Path(tempfile.mkdtemp(prefix="reflexmap-atspi-"))
    env = os.environ.copy()
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("VIRTUAL_ENV", None)
    display = free_display()
    runtime = tmp / "run"
    runtime.mkdir(mode=0o700)
    env.update(
        DISPLAY=display,
        XDG_RUNTIME_DIR=str(runtime),
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CACHE_HOME=str(tmp / "cache"),
    )
    summary: dict[str, object] = {}
    try:
        procs.append(
            start(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"], env=env)
        )
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
                break
            time.sleep(0.05)
        out = subprocess.run(
            ["dbus-launch", "--sh-syntax"], env=env, check=True, capture_output=True, text=True
        ).stdout
        for line in out.splitlines():
            if "=" in line and line.split("=", 1)[0] in (
                "DBUS_SESSION_BUS_ADDRESS",
                "DBUS_SESSION_BUS_PID",
            ):
                key, value = line.rstrip(";").split("=", 1)
                env[key] = value.strip("'")
        bus_pid = int(env["DBUS_SESSION_BUS_PID"])
        procs.append(start([str(launcher), "--launch-immediately"], env=env))
        deadline = time.monotonic() + 10  # until the accessibility bus has its name
        while (
            time.monotonic() < deadline
            and "boolean true"
            not in subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--dest=org.freedesktop.DBus",
                    "--print-reply",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.a11y.Bus",
                ],
                env=env,
                capture_output=True,
                text=True,
            ).stdout
        ):
            time.sleep(0.02)
        subprocess.run(
            [
                "dbus-send",
                "--session",
                "--dest=org.a11y.Bus",
                "--print-reply",
                "/org/a11y/bus",
                "org.freedesktop.DBus.Properties.Set",
                "string:org.a11y.Status",
                "string:IsEnabled",
                "variant:boolean:true",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        os.environ.update(env)  # pyatspi finds the buses through this process's env
        import pyatspi  # noqa: PLC0415 (only once the buses exist)
        from gi.repository import GLib  # noqa: PLC0415

        app_env = dict(env, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1")
        procs.append(
            start(["uv", "run", "--project", str(ROOT), "reflexmap"], env=app_env, cwd=ROOT)
        )

        def pump_until(done: Callable[[], bool], seconds: float) -> bool:
            """Deliver the bus's events until `done()` (True) or `seconds` pass (False):
            waits on what the walk needs to see, never a fixed time."""
            end = time.monotonic() + seconds
            ctx = GLib.MainContext.default()
            while True:
                while ctx.pending():
                    ctx.iteration(False)
                if done():
                    return True
                if time.monotonic() >= end:
                    return False
                time.sleep(0.01)

        def find_map() -> object | None:
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is None:
                    continue
                found = pyatspi.findDescendant(
                    app,
                    lambda a: a is not None and a.getRoleName() == "list" and a.name == "Foot map",
                )
                if found is not None:
                    return found
            return None

        the_map = None
        deadline = time.monotonic() + 60
        while the_map is None and time.monotonic() < deadline:
            pump_until(lambda: False, 0.1)
            try:
                the_map = find_map()
            except Exception:  # noqa: BLE001 (an app half-way onto the bus)
                the_map = None
        if the_map is None:
            say("the map never appeared on the bus")
            return 1
        # Its zones: read once the count has stayed the same for 0.3 s (the app may still
        # be fitting the view and restoring the last one when the map first shows).
        counts: list[tuple[float, int]] = []

        def settled() -> bool:
            counts.append((time.monotonic(), the_map.childCount))
            same = [t for t, n in counts if n != counts[-1][1]]
            since = max(same) if same else counts[0][0]
            return counts[-1][1] > 0 and counts[-1][0] - since >= 0.3

        pump_until(settled, 10)
        zones = [the_map.getChildAtIndex(i) for i in range(the_map.childCount)]
        summary["zones_on_bus"] = len(zones)
        summary["roles"] = sorted({z.getRoleName() for z in zones})
        say(f"map: {the_map.name!r} role={the_map.getRoleName()} children={len(zones)}")
        for z in zones[:6]:
            states = sorted(pyatspi.stateToString(s) for s in z.getState().getStates())
            ext = z.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            actions = z.queryAction()
            names = [actions.getName(i) for i in range(actions.nActions)]
            say(
                f"  {z.name!r} role={z.getRoleName()} desc={z.description!r} "
                f"states={states} rect=({ext.x},{ext.y},{ext.width}x{ext.height}) "
                f"actions={names}"
            )
        say("  …")

        events: list[tuple[str, str, str, int]] = []  # type, role, name, detail1

        def on_event(event: object) -> None:
            src = event.source
            try:
                name, role = src.name, src.getRoleName()
            except Exception:  # noqa: BLE001
                name, role = "?", "?"
            if event.type.startswith("object:announcement"):
                name = str(event.any_data)
            events.append(
                (
                    str(event.type),
                    role,
                    name,
                    int(event.detail1),
                )
            )

        def is_focus(e: tuple[str, str, str, int]) -> bool:
            return e[0].startswith("focus") or e[0].startswith("object:state-changed:focused")

        def gained(e: tuple[str, str, str, int]) -> bool:
            """A zone got the focus ("focus:", or the focused state set, not cleared)."""
            return e[0].startswith("focus") or (
                e[0].startswith("object:state-changed:focused") and e[3] == 1
            )

        for kind in ("focus:", "object:state-changed:focused", "object:announcement"):
            pyatspi.Registry.registerEventListener(on_event, kind)

        win = subprocess.run(
            ["xdotool", "search", "--name", "reflexmap: foot"],
            env=env,
            capture_output=True,
            text=True,
        ).stdout.split()
        if win:
            subprocess.run(
                ["xdotool", "windowactivate", "--sync", win[-1]], env=env, capture_output=True
            )
            subprocess.run(
                ["xdotool", "windowfocus", "--sync", win[-1]], env=env, capture_output=True
            )
        action = zones[0].queryAction()
        action.doAction([action.getName(i) for i in range(action.nActions)].index("SetFocus"))
        focused = zones[0].name
        pump_until(lambda: any(gained(e) and e[2] == focused for e in events), 5)
        events.clear()
        per_move = []
        for key in MOVES:
            before = len(events)
            subprocess.run(["xdotool", "key", key], env=env, check=True)

            def moved(before: int = before, was: str = focused) -> bool:
                # the focus arrived on another zone: events from an earlier move (their
                # zone is the one the focus was on) do not count for this one
                return any(gained(e) and e[2] != was for e in events[before:])

            pump_until(moved, 5)
            focus = [e for e in events[before:] if is_focus(e)]
            new = [e[2] for e in events[before:] if gained(e) and e[2] != focused]
            per_move.append(new[-1] if new else None)
            focused = new[-1] if new else focused
            say(
                f"{key:>10} -> {new[-1] if new else 'NO FOCUS EVENT'}"
                f"{'' if focus else ' (no focus event at all)'}"
            )
        summary["moves"] = len(MOVES)
        summary["moves_with_focus_event"] = sum(1 for m in per_move if m)
        summary["focus_events"] = sum(1 for e in events if e[0].startswith("focus"))
        summary["state_focused_events"] = sum(
            1 for e in events if e[0].startswith("object:state-changed:focused")
        )
        # One Tab leaves the map (the focus goes to an object that is not a zone), one
        # Shift+Tab comes back with a focus event for the zone it left.
        zone_names = {z.name for z in zones}
        mark = len(events)
        subprocess.run(["xdotool", "key", "Tab"], env=env, check=True)
        pump_until(lambda: any(gained(e) and e[2] not in zone_names for e in events[mark:]), 5)
        left_to = [e[2] for e in events[mark:] if gained(e) and e[2] not in zone_names]
        mark = len(events)
        subprocess.run(["xdotool", "key", "shift+Tab"], env=env, check=True)
        pump_until(lambda: any(gained(e) and e[2] == focused for e in events[mark:]), 5)
        back = [e[2] for e in events[mark:] if gained(e) and e[2] in zone_names]
        summary["tab_leaves_to"] = left_to[-1] if left_to else None
        summary["shift_tab_back_to"] = back[-1] if back else None
        summary["back_on_the_same_zone"] = bool(back) and back[-1] == focused
        say(
            f"       Tab -> {summary['tab_leaves_to']!r}; "
            f"shift+Tab -> {summary['shift_tab_back_to']!r}"
        )
        before = len(events)
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)

        def announced(before: int = before) -> list[str]:
            return [e[2] for e in events[before:] if e[0].startswith("object:announcement")]

        pump_until(lambda: any(s.startswith("Selected: ") for s in announced()), 5)
        said = announced()
        summary["announced"] = said
        say(f"    Return -> announced {said}")
        # The details panel is one text on the bus (Qt's bridge has no hyperlink
        # interface): Tab there must announce each link with its section's heading.
        app = the_map
        while app.parent is not None and app.getRoleName() != "application":
            app = app.parent
        details = pyatspi.findDescendant(
            app, lambda a: a is not None and a.name.startswith("Zone details")
        )
        links: list[str] = []
        if details is not None:
            details.queryComponent().grabFocus()
            pump_until(
                lambda: any(
                    gained(e) and str(e[2]).startswith("Zone details") for e in events[before:]
                ),
                5,
            )
            for _ in range(3):
                mark = len(events)
                subprocess.run(["xdotool", "key", "Tab"], env=env, check=True)
                pump_until(
                    lambda mark=mark: any(s.startswith("Link: ") for s in announced(mark)), 5
                )
                links += [s for s in announced(mark) if s.startswith("Link: ")]
        summary["links_announced"] = links
        say(f"    Tab x3 in the details -> {links}")
        summary["seconds"] = round(time.monotonic() - t0, 1)
        ok = (
            len(zones) > 0
            and summary["moves_with_focus_event"] == len(MOVES)
            and summary["tab_leaves_to"] is not None
            and summary["back_on_the_same_zone"]
            and any(s.startswith("Selected: ") for s in said)
            and len(links) == 3
        )
        say(json.dumps(summary))
        return 0 if ok else 1
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        if "DBUS_SESSION_BUS_PID" in env:
            try:
                os.kill(bus_pid, signal.SIGTERM)
            except (ProcessLookupError, UnboundLocalError):
                pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
