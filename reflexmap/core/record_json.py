"""Records to and from JSON-shaped data: what the content snapshot is made of.

`encode(record)` gives dicts, lists and scalars; `decode(cls, data)` rebuilds a record
from them and checks every value against the field's type (literals, ids, numbers,
nested records) and every text against the loader's limits (`limits.text_problem`): a
damaged or doctored snapshot is refused with TypeError/ValueError naming the place,
never half-trusted. What the records must mean together is `record_check`'s part.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import types
import typing
from functools import cache
from typing import Any, Literal, Union

from reflexmap.core.limits import MAX_ITEMS, text_problem

MAX_RECORDS = 2 * MAX_ITEMS  # items of any list (a zone entry is drawn on two feet)


def encode(obj: Any) -> Any:
    """A record as JSON-shaped data (dicts, lists, str, int, float, bool, None)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [encode(v) for v in obj]
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


@cache
def field_names(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """(every field, the fields without a default)."""
    fields = dataclasses.fields(cls)
    required = {
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    return frozenset(f.name for f in fields), frozenset(required)


def decode(tp: Any, data: Any, where: str = "$") -> Any:
    """`data` checked against the type `tp` and rebuilt (records, tuples); TypeError or
    ValueError naming the place if anything does not fit."""
    try:
        return _decoder(tp)(data)
    except _Misfit as bad:
        raise bad.kind(f"{where}{''.join(reversed(bad.place))}: {bad.message}") from None


Decoder = Any  # data -> value, or _Misfit


class _Misfit(Exception):
    """What did not fit and where: the place is put together only on the way out of a
    failed decode, so that a good snapshot (thousands of values) builds no strings."""

    def __init__(self, kind: type[Exception], message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message
        self.place: list[str] = []


def _at(place: str, decoder: Decoder, data: Any) -> None:
    """Re-runs the part that failed to say where (the error path only)."""
    try:
        decoder(data)
    except _Misfit as bad:
        bad.place.append(place)
        raise


def _numbers(data: Any) -> tuple[float, ...]:
    """Rings: thousands of numbers, checked in one pass."""
    if type(data) is not list:
        raise _Misfit(TypeError, "expected a list")
    try:
        if set(map(type, data)) <= {float} and math.isfinite(math.fsum(data)):
            return tuple(data)
    except OverflowError:
        pass
    if not all(type(v) in (float, int) and math.isfinite(v) for v in data):
        raise _Misfit(TypeError, "expected finite numbers")
    return tuple(float(v) for v in data)


def _text(data: Any) -> str:
    """Content text: the loader's limits (length, no control or bidi characters)."""
    if type(data) is not str:
        raise _Misfit(TypeError, "expected str")
    problem = text_problem(data)
    if problem:
        raise _Misfit(ValueError, problem)
    return data


def _scalar(tp: type) -> Decoder:
    def check(data: Any) -> Any:
        if type(data) is not tp:
            raise _Misfit(TypeError, f"expected {tp.__name__}")
        return data

    return check


def _number(data: Any) -> float:
    if type(data) not in (float, int) or not math.isfinite(data):
        raise _Misfit(TypeError, "expected a finite number")
    return float(data)


def _none(data: Any) -> None:
    if data is not None:
        raise _Misfit(TypeError, "expected null")
    return None


@cache
def _decoder(tp: Any) -> Decoder:
    """A checking decoder for the type `tp`, made once per type."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        names, required = field_names(tp)
        fields = {k: _decoder(t) for k, t in _hints(tp).items() if k in names}

        def record_(data: Any) -> Any:
            if type(data) is not dict:
                raise _Misfit(TypeError, "expected an object")
            keys = data.keys()
            if not required <= keys or not keys <= names:
                raise _Misfit(ValueError, f"fields {sorted(data)} do not match {tp.__name__}")
            try:
                return tp(**{k: fields[k](v) for k, v in data.items()})
            except _Misfit:
                for k, v in data.items():
                    _at("." + k, fields[k], v)
                raise

        return record_
    origin = typing.get_origin(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] is float:
                return _numbers
            item = _decoder(args[0])

            def many(data: Any) -> tuple[Any, ...]:
                if type(data) is not list:
                    raise _Misfit(TypeError, "expected a list")
                if len(data) > MAX_RECORDS:
                    raise _Misfit(ValueError, f"more than {MAX_RECORDS} items")
                try:
                    return tuple([item(v) for v in data])
                except _Misfit:
                    for i, v in enumerate(data):
                        _at(f"[{i}]", item, v)
                    raise

            return many
        items = [_decoder(a) for a in args]

        def fixed(data: Any) -> tuple[Any, ...]:
            if type(data) is not list or len(data) != len(items):
                raise _Misfit(ValueError, f"expected a list of {len(items)} items")
            try:
                return tuple([d(v) for d, v in zip(items, data, strict=True)])
            except _Misfit:
                for i, (d, v) in enumerate(zip(items, data, strict=True)):
                    _at(f"[{i}]", d, v)
                raise

        return fixed
    if origin is Literal:
        allowed = frozenset(typing.get_args(tp))

        def literal(data: Any) -> str:
            if type(data) is not str or data not in allowed:
                raise _Misfit(ValueError, f"{data!r} is not one of {sorted(allowed)}")
            return data

        return literal
    if origin is Union or origin is types.UnionType:
        options = [_decoder(o) for o in typing.get_args(tp)]

        def either(data: Any) -> Any:
            error: _Misfit | None = None
            for option in options:
                try:
                    return option(data)
                except _Misfit as exc:
                    error = exc
            assert error is not None  # options is never empty
            raise error

        return either
    if tp is type(None):
        return _none
    if tp is float:
        return _number
    if tp is str:
        return _text
    if tp in (int, bool):
        return _scalar(tp)
    raise TypeError(f"cannot decode {tp!r}")  # pragma: no cover - a new field type
