"""The translators' template: every string of reflexmap/ in one Qt .ts file.

    uv run python packaging/translations.py reflexmap_de.ts   # then Qt Linguist, then
    uv run pyside6-lrelease reflexmap_de.ts -qm reflexmap/translations/reflexmap_de.qm

pyside6-lupdate does the extraction. One thing it cannot see is a count in the core's
words: `i18n.trn(context, singular, plural, n)` (lupdate's Python reader marks a plural
only for `self.tr(text, "", n)`). So lupdate reads `trn` as an alias of `translate` (the
singular as the source, the plural as the comment), and the messages it made are turned
into what the app asks for at run time: the plural as the source (`trn` translates
``(context, plural, n)``), a plural message, the English singular as a note for the
translator. `tests/qt/test_translation.py` runs this on every test run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lupdate() -> str:
    here = Path(sys.executable).parent / "pyside6-lupdate"
    found = str(here) if here.exists() else shutil.which("pyside6-lupdate")
    if found is None:
        raise SystemExit("pyside6-lupdate is missing: it comes with PySide6-Essentials")
    return found


def sources() -> list[Path]:
    """The package's modules, less the chart generators (geometry, no user strings)."""
    return sorted(p for p in (ROOT / "reflexmap").rglob("*.py") if "chartgen" not in p.parts)


def extract(out: Path, *, locations: bool = False) -> None:
    """Writes the .ts for every string of the package to `out` (made or updated)."""
    cmd = [lupdate(), "-tr-function-alias", "translate+=trn", *map(str, sources())]
    cmd += [] if locations else ["-locations", "none"]
    run = subprocess.run([*cmd, "-ts", str(out)], capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"pyside6-lupdate failed: {run.stderr.strip()}")
    tree = ET.parse(out)
    for message in tree.getroot().iter("message"):
        comment = message.find("comment")
        source = message.find("source")
        if comment is None or source is None or "%n" not in (comment.text or ""):
            continue
        singular = source.text or ""
        source.text = comment.text  # the plural: what trn asks the translator for
        message.remove(comment)
        note = ET.Element("extracomment")  # (the .ts order: before the translation)
        note.text = f"English for one: {singular}"
        translation = message.find("translation")
        at = list(message).index(translation) if translation is not None else len(message)
        message.insert(at, note)
        message.set("numerus", "yes")
        if translation is not None and translation.find("numerusform") is None:
            translation.text = None
            ET.SubElement(translation, "numerusform")
    tree.write(out, encoding="utf-8", xml_declaration=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    extract(Path(sys.argv[1]), locations=True)
