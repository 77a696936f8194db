"""Content is data, never code or markup; nothing in the app talks to the network."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from reflexmap.core.loader import load_content

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PAYLOAD = '<img src="file:///etc/passwd">'


@pytest.fixture
def hostile_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(ASSETS, pack)
    quoted = PAYLOAD.replace('"', '\\"')
    zones = pack / "content" / "zones" / "sole.toml"
    text = zones.read_text(encoding="utf-8")
    text = text.replace('name = "Big toe: head and brain"', f'name = "{quoted} head"', 1)
    zones.write_text(text, encoding="utf-8")
    techniques = pack / "content" / "techniques.toml"
    text = re.sub(
        r'(steps = \[\s*")',
        lambda m: m.group(1) + quoted + " ",
        techniques.read_text(encoding="utf-8"),
    )
    techniques.write_text(text, encoding="utf-8")
    return pack


_WATCH: list[list[str]] = []  # the audit hook reports into the innermost active list


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _WATCH:
        return
    if event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.")):
        _WATCH[-1].append(f"{event} {args!r}"[:200])
    elif event == "open" and "passwd" in str(args[0]):
        _WATCH[-1].append(f"{event} {args[0]!r}")  # the payload's file:///etc/passwd


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one is idle outside a test


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    """Every socket the process creates, connects or resolves (any library, not only the
    functions we thought of), and any read of the payload's file:///etc/passwd."""
    calls: list[str] = []
    _WATCH.append(calls)
    yield calls
    _WATCH.remove(calls)


def test_the_network_watch_sees_a_connection(no_network) -> None:
    """The watch itself works: a lookup and a socket are seen without touching the net."""
    with socket.socket() as sock:
        sock.settimeout(0.01)
        with contextlib.suppress(OSError):
            sock.connect(("127.0.0.1", 9))
    assert any(c.startswith("socket.connect") for c in no_network), no_network


def test_markup_in_content_is_shown_as_text(new_window, hostile_pack) -> None:
    atlas = load_content(hostile_pack)
    win = new_window(atlas, show=False)
    zone = "left.sole.head_brain"
    assert atlas.zones[zone].name.startswith(PAYLOAD)
    win.ctx.state.select_zone(zone)
    shown = win.features.details.panel.toPlainText()
    assert f"{PAYLOAD} head" in shown
    assert sum(t.steps[0].startswith(PAYLOAD) for t in atlas.techniques_for_zone(zone))
    assert shown.count(PAYLOAD) >= 2  # the name and at least one technique step
    # the one image: the app's own drawing of the move (`hand:`), never the content's
    html = win.features.details.panel.toHtml()
    own = re.sub(
        r"<img src=\"hand:(?:thumb_walk|finger_walk|hook|rotate|breath)\"[^<>]*>", "", html
    )
    assert "<img" not in own
    win.close()


def _written(path: Path) -> bytes:
    data = path.read_bytes()
    assert len(data) > 5_000, f"{path.name}: {len(data)} bytes, not a drawn chart"
    return data


def test_no_network_anywhere(
    new_window,
    hostile_pack,
    tmp_path,
    no_network,
    monkeypatch,
) -> None:
    """Load a pack whose names carry an <img src="file:///etc/passwd">, then do what a user
    does with it: browse, log a session, export the journal, export the chart as PNG, PDF
    and SVG (the export module and the window's File > Export Chart… action), take a
    screenshot and validate the pack. Nothing opens a socket or reads the payload's file;
    every export is really written, and the payload stays text in the SVG."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    from reflexmap.cli import main
    from reflexmap.qt.printing import export as export_module
    from reflexmap.qt.printing.chart_page import ChartOptions
    from reflexmap.qt.printing.print_actions import ChartOptionsDialog

    atlas = load_content(hostile_pack)
    win = new_window(atlas)
    for zid in list(atlas.zones)[:20]:
        win.ctx.state.select_zone(zid)
    win.ctx.journal.log_session(next(iter(atlas.sequences)), 60).accept()
    journal = win.features.userdata.open_journal()
    save_as: list[Path] = [tmp_path / "j.csv"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(save_as[0]), ""))
    journal.export_csv()
    assert save_as[0].stat().st_size > 0
    journal.close()

    options = ChartOptions(views=("sole",), legend=True)
    for ext in ("png", "pdf", "svg"):
        out = tmp_path / f"module.{ext}"
        assert export_module.export(out, atlas, options, dpi=72) == [out]
        _written(out)

    monkeypatch.setattr(ChartOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    (action,) = [
        a
        for m in win.menuBar().actions()
        if m.menu() is not None
        for a in m.menu().actions()
        if a.text().startswith("&Export Chart")
    ]
    for ext in ("png", "pdf", "svg"):
        save_as[0] = tmp_path / f"action.{ext}"
        action.trigger()
        QApplication.processEvents()
        _written(save_as[0])
    win.close()

    svg = (tmp_path / "action.svg").read_text(encoding="utf-8")
    assert "<image" not in svg  # the payload never became a picture
    for data in (
        (tmp_path / f"{n}.{e}").read_bytes() for n in ("module", "action") for e in ("pdf", "svg")
    ):
        assert b"root:x:0:0" not in data and b"/URI" not in data

    assert main(["--content", str(hostile_pack), "shot", "-o", str(tmp_path / "shot.png")]) == 0
    _written(tmp_path / "shot.png")
    assert main(["validate", str(hostile_pack)]) == 0
    QApplication.processEvents()
    assert no_network == []
