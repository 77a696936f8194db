"""The presenters' one door to translation.

The core cannot import Qt, yet its strings must be translatable from day one. So the
presenters call `translate(context, text)` (and `trn` for a count), which are English
until the Qt application hands them `QCoreApplication.translate` with `install`; scripts
and tests keep the English. The name and argument order are Qt's, so `pyside6-lupdate`
extracts every call with its context (a function named `tr` it would read as Qt's
one-context `tr`).

`trn` is the plural-aware door: the source text is the plural with Qt's ``%n`` ("%n
steps"), translated with the count (``QCoreApplication.translate(context, text, None,
n)``), so a translation file can give every plural form its language has. English has two
and no translation file: when none answers, `trn` picks the singular for 1 itself.
`packaging/translations.py` extracts its calls as plural messages (lupdate alone cannot).
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str, str], str]
TranslateN = Callable[[str, str, int], str]  # (context, text with %n, n)

_translate: Translate | None = None
_translate_n: TranslateN | None = None


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


def trn(context: str, singular: str, plural: str, n: int) -> str:
    """`plural` ("%n steps") translated for the count `n`, ``%n`` replaced by it; in
    English, `singular` ("%n step") for 1. Other placeholders ({0}) are formatted after."""
    english = (singular if n == 1 else plural).replace("%n", str(n))
    if _translate_n is None:
        return english
    out = _translate_n(context, plural, n)
    if out == plural.replace("%n", str(n)):  # no translation: Qt only put the number in
        return english
    return out


def install(translate: Translate | None, translate_n: TranslateN | None = None) -> None:
    """Plug a translator in (``None`` goes back to English, which tests rely on)."""
    global _translate, _translate_n
    _translate = translate
    _translate_n = translate_n
