"""The core never imports Qt: checked on the source and on a real import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "reflexmap" / "core"


def test_core_sources_import_no_qt() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "shiboken6") or name.startswith(
                    "reflexmap.qt"
                ):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_loading_content_and_cli_tables_do_not_load_pyside() -> None:
    code = (
        "import sys\n"
        "from reflexmap.core.content import load_bundled\n"
        "from reflexmap.cli import main\n"
        "import io, contextlib\n"
        "a = load_bundled(); a.neighbours(next(iter(a.zones)))\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['zones', '--json'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_unsafe_calls_in_package() -> None:
    """No eval/exec/pickle/marshal/unsafe YAML anywhere in the package (the content
    snapshot is JSON: test_snapshot)."""
    pkg = CORE.parent
    bad = []
    # the one socket: speech-dispatcher's local Unix socket (the player's voice); never
    # a network one
    allowed = {("ssip.py", "socket")}
    ssip = (pkg / "qt" / "player" / "ssip.py").read_text(encoding="utf-8")
    assert "AF_UNIX" in ssip and "AF_INET" not in ssip and "create_connection" not in ssip
    for path in pkg.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("eval", "exec", "compile", "__import__")
            ):
                bad.append(f"{path.name}:{node.lineno} {node.func.id}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for m in mods:
                    if (
                        m.split(".")[0]
                        in (
                            "pickle",
                            "marshal",
                            "yaml",
                            "shelve",
                            "socket",
                            "urllib",
                            "http",
                            "requests",
                        )
                        and (path.name, m) not in allowed
                    ):
                        bad.append(f"{path.name}:{node.lineno} import {m}")
    assert bad == []
