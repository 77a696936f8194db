"""One `__repr__` for the records and the cards, instead of one generated per class.

`dataclass` compiles a `__repr__` for every class it makes: a quarter of a millisecond
each, and the window imports some forty of them before its first paint (10 ms of a
start, measured on these machines). They are made with `repr=False` and inherit this
one, which prints the same `Name(field=value, ...)`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast


class Readable:
    """Base of a dataclass made with `repr=False`: its fields, as dataclass would print."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(cast(Any, self))  # a dataclass: see the docstring
            if f.repr
        )
        return f"{type(self).__qualname__}({fields})"
