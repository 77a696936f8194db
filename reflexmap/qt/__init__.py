"""Everything that imports PySide6 lives in this package.

On import it makes PySide6's module check cheap. PySide6 hooks every import statement
in the process to learn whether the module it hands back uses PySide6 (for its opt-in
`__feature__` switches) and answers by `inspect.getsource(module)`, the source read
through the line cache: 124 modules and 13 ms of a start, measured on these machines.
The same question is answered here from the module's file bytes.
Nothing in reflexmap uses `__feature__`; a module that does still gets the same answer.
If a PySide6 release renames the hook, it is left alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import PySide6.QtCore  # noqa: F401 - installs the import hook adjusted below

_pysides_check: list[Callable[[object], object]] = []  # PySide's own, kept for odd modules


def _uses_pyside(module: object) -> bool:
    """PySide's question, answered from the module file's bytes."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return bool(_pysides_check[0](module))  # compiled, frozen or odd: PySide's own check
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return bool(_pysides_check[0](module))


def _quicker_feature_check() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or original is _uses_pyside:
        return
    _pysides_check[:] = [original]
    setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 - a private hook


_quicker_feature_check()
