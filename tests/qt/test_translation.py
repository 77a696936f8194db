"""Translation ready in fact: the translators' template (packaging/translations.py, which
runs pyside6-lupdate) holds every string a user reads, under the context the running app
asks for, counts as plural messages, and a translation dropped in as a file is used.

The source is read with `ast` for what the app will ask the translator for: `self.tr(s)`
in class C asks (C, s); `translate(ctx, s)` (Qt's or the core's) and
`QT_TRANSLATE_NOOP(ctx, s)` ask (ctx, s); `trn(ctx, one, many, n)` asks (ctx, many) as a
plural. The template must hold each of those. A
text that is not a literal must come from a table whose entries are marked with
QT_TRANSLATE_NOOP in the same context (else lupdate cannot see the words), and a bare
`tr(...)` or `obj.tr(...)` is refused: lupdate files it under a context the app does not use.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "reflexmap"
# Translated where the text is an attribute of a marked record (context -> attribute):
# export.FORMATS' labels are QT_TRANSLATE_NOOP("export", ...) where they are defined.
MARKED_ATTRIBUTES = {
    "export": {"label"},
    # A body part's phrases ("left foot", "the whole leg") are content (the TOML's body
    # parts), not source text: lupdate cannot see them, a translator gets them from the
    # content. (Open: a catalogue of the bundled ones for the template.)
    "Present": {"both", "left", "right", "whole", "name", "plural"},
    # listen.commands: a command's meaning is QT_TRANSLATE_NOOP("VoiceCommands", ...) where
    # it is defined; a texture command's detail is one of the journal's texture words
    # (user_store.TEXTURE_WORDS, marked in "Practice"; test_listen holds the two equal).
    "VoiceCommands": {"meaning"},
    "Practice": {"detail"},
}


def _template_maker():  # packaging/translations.py, as a module
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "packaging" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: it comes with PySide6-Essentials")
    return found


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _sources() -> list[Path]:
    return list(_template_maker().sources())


class _Asks(ast.NodeVisitor):
    """What one module asks the translator for, and what lupdate could not follow."""

    def __init__(self, path: Path, tables: dict[str, str]) -> None:
        self.path, self.tables = path, tables
        self.classes: list[str] = []
        self.asks: set[tuple[str, str]] = set()
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 (ast's name)
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        where = f"{self.path.relative_to(ROOT)}:{node.lineno}"
        if name == "tr":
            text = _literal(node.args[0]) if node.args else None
            own = isinstance(func, ast.Attribute) and ast.unparse(func.value) == "self"
            if not own:
                self.problems.append(f"{where}: {ast.unparse(func)}(): lupdate gives it no context")
            elif text is None:
                self.problems.append(f"{where}: self.tr() of a non-literal")
            elif self.classes:
                self.asks.add((self.classes[-1], text))
        elif name == "trn" and len(node.args) >= 3:
            context, plural = _literal(node.args[0]), _literal(node.args[2])
            if context is None or plural is None or _literal(node.args[1]) is None:
                self.problems.append(f"{where}: trn() of a non-literal")
            else:
                self.asks |= {(context, plural), ("plural", plural)}
        elif name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
            context = _literal(node.args[0])
            if context is not None:  # (painter.translate(point) is no translation)
                text = _literal(node.args[1])
                if text is not None:
                    self.asks.add((context, text))
                elif not self._marked(context, node.args[1]):
                    self.problems.append(
                        f"{where}: {ast.unparse(node)[:80]}: the text is not a literal, nor "
                        "taken from a table marked with QT_TRANSLATE_NOOP"
                    )
        self.generic_visit(node)

    def _marked(self, context: str, expr: ast.expr) -> bool:
        for sub in ast.walk(expr):
            if isinstance(sub, ast.Name) and self.tables.get(sub.id) == context:
                return True
            if isinstance(sub, ast.Attribute) and sub.attr in MARKED_ATTRIBUTES.get(context, ()):
                return True
        return False


def _marked_tables(paths: list[Path]) -> dict[str, str]:
    """Module-level names bound to QT_TRANSLATE_NOOP(ctx, "...") or to a dict or tuple whose
    every value is one: name -> ctx."""
    tables: dict[str, str] = {}
    for path in paths:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = getattr(node, "value", None)
            if not isinstance(target, ast.Name):
                continue
            if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "QT_TRANSLATE_NOOP":
                tables[target.id] = str(_literal(value.args[0]))
                continue
            if isinstance(value, ast.Tuple):  # a tuple of marked words
                value = ast.Dict(keys=list(value.elts), values=list(value.elts))
            if not isinstance(value, ast.Dict):
                continue
            contexts = {
                _literal(v.args[0])
                for v in value.values
                if isinstance(v, ast.Call) and getattr(v.func, "id", "") == "QT_TRANSLATE_NOOP"
            }
            if len(contexts) == 1 and len(value.values) == sum(
                isinstance(v, ast.Call) for v in value.values
            ):
                tables[target.id] = str(contexts.pop())
    return tables


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """The .ts a translator would start from, made as CI makes it."""
    ts = tmp_path_factory.mktemp("ts") / "reflexmap.ts"
    _template_maker().extract(ts)
    found = set()
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.add((name, message.findtext("source") or ""))
            if message.get("numerus") == "yes":
                found.add(("plural", message.findtext("source") or ""))
    return found


def test_lupdate_finds_every_string_under_the_apps_context(extracted) -> None:
    paths = _sources()
    tables = _marked_tables(paths)
    asks: set[tuple[str, str]] = set()
    problems: list[str] = []
    for path in paths:
        visitor = _Asks(path, tables)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        asks |= visitor.asks
        problems += visitor.problems
    assert not problems, "\n".join(problems)
    assert len(asks) > 300  # the scan itself works (393 strings today)
    missing = sorted(asks - extracted)
    assert not missing, f"lupdate does not extract {len(missing)}: {missing[:10]}"
    assert not [m for m in extracted if not m[0]], "strings with no context"
    # The words kept in tables reach the .ts too: a claim's strength, a search kind.
    assert ("Present", "stated as fact by the source") in extracted
    assert ("Present", "Body areas") in extracted and ("export", "SVG drawing") in extracted
    # A count in a message is a plural the translation chooses (Qt's %n with tr(s, "", n),
    # the core's trn).
    assert ("plural", "{0} has %n problems; nothing was loaded:") in extracted
    assert ("plural", "Tenderness, %n sessions") in extracted
    assert ("plural", "Also for {0}: %n moves") in extracted


def test_a_translation_is_a_file(extracted, new_window, atlas, tmp_path: Path) -> None:
    """A .qm for the user's language in the translations folder is used by the window's
    own words and by the core's presenters, counts in their plural forms, with no code
    change."""
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QApplication

    from reflexmap.core.present import i18n, labels
    from reflexmap.qt.application import install_translations, translate_n

    words = {
        ("MainWindow", "&File"): "&Datei",
        ("Present", "firm"): "fest",  # a table's word (PRESSURE_LABELS)
    }
    assert set(words) <= extracted
    messages = "".join(
        f"<context><name>{c}</name><message><source>{escape(s)}</source>"
        f"<translation>{escape(t)}</translation></message></context>"
        for (c, s), t in words.items()
    )
    moves = "Also for {0}: %n moves"
    assert ("plural", moves) in extracted
    messages += (
        f'<context><name>Present</name><message numerus="yes"><source>{moves}</source>'
        "<translation><numerusform>Auch für {0}: %n Griff</numerusform>"
        "<numerusform>Auch für {0}: %n Griffe</numerusform></translation></message></context>"
    )
    ts = tmp_path / "reflexmap_de.ts"
    ts.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="de">'
        f"{messages}</TS>",
        encoding="utf-8",
    )
    qm = tmp_path / "reflexmap_de.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, timeout=60)
    app = QApplication.instance()
    installed = install_translations(app, QLocale("de_DE"), tmp_path)
    i18n.install(QCoreApplication.translate, translate_n)
    try:
        assert installed
        assert labels.pressure_label("firm") == "fest"
        one = i18n.trn("Present", "Also for {0}: %n move", moves, 1).format("x")
        assert (one, i18n.trn("Present", "", moves, 3)) == (
            "Auch für x: 1 Griff",
            "Auch für {0}: 3 Griffe",
        )
        win = new_window(atlas)
        assert "&Datei" in [a.text() for a in win.menuBar().actions()]
    finally:
        i18n.install(None)
        for translator in installed:
            app.removeTranslator(translator)
    assert labels.pressure_label("firm") == "firm"
