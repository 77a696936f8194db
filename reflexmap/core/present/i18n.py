"""The presenters' one door to translation.

The core cannot import Qt, yet its strings must be translatable from day one. So the
presenters call `translate(context, text)`, which is the identity until the Qt
application hands it `QCoreApplication.translate` with `install`; scripts and tests keep
the English. The name and argument order are Qt's, so `pyside6-lupdate` extracts every
call with its context (a function named `tr` it would read as Qt's one-context `tr`).
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str, str], str]

_translate: Translate | None = None


def translate(context: str, text: str) -> str:
    """Translate `text`; format its placeholders *after*, so translators see them."""
    if _translate is None:
        return text
    return _translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Marks `text` for translation where it is defined (a table of labels) and returns it
    untranslated; `translate(context, text)` translates it where it is shown. pyside6-lupdate
    finds the calls by this name, so a label kept in a dict still reaches the .ts file."""
    return text


def install(translate: Translate | None) -> None:
    """Plug a translator in (``None`` goes back to English, which tests rely on)."""
    global _translate
    _translate = translate
