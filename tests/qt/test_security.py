"""Content is data, never code or markup; nothing in the app talks to the network."""

from __future__ import annotations

import re
import shutil
import socket
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
    text = re.sub(r'(steps = \[\s*")', lambda m: m.group(1) + quoted + " ",
                  techniques.read_text(encoding="utf-8"))
    techniques.write_text(text, encoding="utf-8")
    return pack


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(repr(args)[:200])
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return calls


def test_markup_in_content_is_shown_as_text(new_window, hostile_pack) -> None:  # type: ignore[no-untyped-def]
    atlas = load_content(hostile_pack)
    win = new_window(atlas, show=False)
    zone = "left.sole.head_brain"
    assert atlas.zones[zone].name.startswith(PAYLOAD)
    win.ctx.state.select_zone(zone)
    shown = win.features["details"].panel.toPlainText()
    assert f"{PAYLOAD} head" in shown
    assert sum(t.steps[0].startswith(PAYLOAD) for t in atlas.techniques_for_zone(zone))
    assert shown.count(PAYLOAD) >= 2  # the name and at least one technique step
    assert "<img" not in win.features["details"].panel.toHtml()
    win.close()


def test_no_network_anywhere(new_window, hostile_pack, tmp_path, no_network,  # type: ignore[no-untyped-def]
                             monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from reflexmap.cli import main

    atlas = load_content(hostile_pack)
    win = new_window(atlas)
    for zid in list(atlas.zones)[:20]:
        win.ctx.state.select_zone(zid)
    win.ctx.journal.log_session(next(iter(atlas.sequences)), 60).accept()
    journal = win.features["userdata"].open_journal()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "j.csv"), ""))
    journal.export_csv()
    for name in ("export_png", "export_pdf", "export_svg"):  # the printing helper's, if any
        export = getattr(win, name, None)
        if callable(export):
            try:
                export(str(tmp_path / f"out.{name[7:]}"))
            except TypeError:
                pass
    journal.close()
    win.close()
    assert main(["--content", str(hostile_pack), "shot", "-o", str(tmp_path / "shot.png")]) == 0
    assert main(["validate", str(hostile_pack)]) == 0
    QApplication.processEvents()
    assert no_network == []
