"""The content as the app uses it: plain, frozen records with no Pydantic and no Shapely.

The Pydantic models (`models.py`) are the schema that TOML and GeoJSON are validated
against; what passes is turned into these records (`compiler.py`), with the geometry the
window needs already worked out (outline rings, label point, the room around it, area,
bounds, neighbours). The records are what the content snapshot holds (`snapshot.py`) and
what the window is built from, so starting the app imports neither Pydantic, Shapely nor
NumPy. Field names are the models' own (a test keeps the two in step).

`decode(cls, data)` rebuilds a record from JSON-shaped data and checks every value
against the field's type (literals, ids, numbers, nested records): a damaged or doctored
snapshot is refused with TypeError/ValueError, never half-trusted.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Union

Foot = Literal["left", "right"]
ClaimKind = Literal["reflexology", "massage_benefit", "tradition"]
Strength = Literal["asserted", "may", "research_shows", "cites_study", "attributed", "chart"]
# avoid / ask_doctor / lighter_pressure: asked (a tick box); stop / remind: told to everyone
# ("remind": good practice, such as building pressure up slowly, that is no condition).
Effect = Literal["avoid", "ask_doctor", "lighter_pressure", "stop", "remind"]
Applies = Literal["foot", "leg", "both"]
Performer = Literal["self", "partner", "self_or_partner", "unclear"]
# "switch": a change-over step between the two sides of a per-side routine (done once).
Side = Literal["each_foot", "both_feet_together", "each_leg", "switch", "not_stated"]
Pressure = Literal[
    "light", "gentle", "low", "moderate", "firm", "firm_but_gentle", "increasing", "varied",
    "not_stated",
]
SourceKind = Literal["article", "chart_reference", "study", "app"]
NoteKind = Literal["page", "disagreement"]
ViewKind = Literal["foot", "leg"]
Ring = tuple[float, ...]  # x0, y0, x1, y1, ... in mm, y up; closed (last point = first)

CLAIM_KIND_LABELS: dict[str, str] = {
    "reflexology": "reflexology correspondence",
    "massage_benefit": "massage benefit",
    "tradition": "tradition",
}
STRENGTH_LABELS: dict[str, str] = {
    "asserted": "stated as fact by the source",
    "may": "hedged by the source (may / can)",
    "research_shows": "the source appeals to research without naming it",
    "cites_study": "the source describes a study",
    "attributed": "credited to experts or a tradition",
    "chart": "as drawn on conventional reflexology charts",
}
EFFECT_LABELS: dict[str, str] = {
    "avoid": "avoid",
    "ask_doctor": "ask a doctor first",
    "lighter_pressure": "use lighter pressure",
    "stop": "stop",
    "remind": "keep in mind",
}

record = dataclass(frozen=True, slots=True, kw_only=True)


@record
class Point:
    x: float
    y: float


@record
class Source:
    id: str
    title: str
    kind: SourceKind
    note: str = ""


@record
class BodyArea:
    id: str
    name: str
    system: str


@record
class Claim:
    body_area: str
    sources: tuple[str, ...]
    kind: ClaimKind
    strength: Strength
    note: str = ""
    seed_ids: tuple[str, ...] = ()


@record
class Region:
    id: str
    name: str
    broad: bool = False
    claims: tuple[Claim, ...] = ()
    note: str = ""


@record
class Shape:
    """A polygon's rings (exterior first, then holes) and what is measured on it."""

    rings: tuple[Ring, ...]
    bounds: tuple[float, float, float, float]  # min x, min y, max x, max y
    area: float

    def contains(self, x: float, y: float) -> bool:
        """Even-odd rule over every ring; a point on an edge may fall either way."""
        minx, miny, maxx, maxy = self.bounds
        if not (minx <= x <= maxx and miny <= y <= maxy):
            return False
        inside = False
        for ring in self.rings:
            px, py = ring[-2], ring[-1]
            for i in range(0, len(ring), 2):
                qx, qy = ring[i], ring[i + 1]
                if (qy > y) != (py > y) and x < (px - qx) * (y - qy) / (py - qy) + qx:
                    inside = not inside
                px, py = qx, qy
        return inside

    @property
    def polygon(self) -> Any:
        """The Shapely polygon (imports Shapely: for tools and tests, not the window)."""
        from shapely.geometry import Polygon

        pairs = [list(zip(r[0::2], r[1::2], strict=True)) for r in self.rings]
        return Polygon(pairs[0], pairs[1:])


@record
class Zone:
    id: str
    key: str
    name: str
    short: str = ""
    foot: Foot
    view: str
    shape: Shape
    label: Point  # the point farthest inside from the edges: where the number goes
    room: float  # radius of the largest circle around `label` inside the zone (mm)
    neighbours: tuple[str, ...] = ()  # zones sharing a stretch of boundary
    regions: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    description: str = ""
    number: int = 1

    @property
    def polygon(self) -> Any:
        return self.shape.polygon


@record
class Outline:
    view: str
    foot: Foot
    shape: Shape

    @property
    def polygon(self) -> Any:
        return self.shape.polygon


@record
class View:
    id: str
    name: str
    chart: str
    order: int = 0
    description: str = ""
    kind: ViewKind = "foot"


@record
class Motion:
    technique: str
    view: str
    foot: Foot
    points: Ring  # the line, x0, y0, x1, y1, ...
    circular: bool = False

    @property
    def coords(self) -> list[tuple[float, float]]:
        return list(zip(self.points[0::2], self.points[1::2], strict=True))

    @property
    def line(self) -> Any:
        """The Shapely line (imports Shapely: for tools and tests, not the window)."""
        from shapely.geometry import LineString

        return LineString(self.coords)


@record
class Technique:
    id: str
    name: str
    zones: tuple[str, ...]
    hands: tuple[str, ...]
    motion: str
    pressure: Pressure
    repetitions: str = ""
    duration_s: int | None = None
    duration_stated: bool = True  # False: the time is the app's suggestion
    setup: bool = False  # a routine's set-up (soak, oil, positions)
    steps: tuple[str, ...]
    cautions: tuple[str, ...] = ()
    sources: tuple[str, ...]
    performer: Performer = "self_or_partner"
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[str, ...] = ()


@record
class Step:
    technique: str
    instruction: str
    zones: tuple[str, ...] = ()  # region ids; empty means the technique's own
    duration_s: int | None = None
    repetitions: str = ""
    duration_stated: bool = True
    side: Side = "not_stated"
    seed_ids: tuple[str, ...] = ()


@record
class Sequence:
    id: str
    name: str
    sources: tuple[str, ...]
    performer: Performer
    side: Side
    first_side: Foot | None = None
    summary: str = ""
    steps: tuple[Step, ...]
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[str, ...] = ()

    @property
    def total_s(self) -> int:
        return sum(step.duration_s or 0 for step in self.steps)


@record
class SafetyRule:
    """One condition or piece of good practice (see models.SafetyRule for the wording
    rules the schema enforces)."""

    id: str
    condition: str
    question: str = ""
    question_partner: str = ""
    effect: Effect
    applies_to: Applies
    explanation: str
    sources: tuple[str, ...]
    zones: tuple[str, ...] = ()
    follows: str | None = None
    part_of: str | None = None
    seed_ids: tuple[str, ...] = ()

    @property
    def asked(self) -> bool:
        """A condition (a tick box), not a reminder told to everyone."""
        return self.effect in ("avoid", "ask_doctor", "lighter_pressure")


@record
class Note:
    id: str
    title: str
    kind: NoteKind
    body: tuple[str, ...]
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    choice: str = ""
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[str, ...] = ()


@record
class Synonym:
    words: tuple[str, ...]
    body_areas: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    sequences: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@record
class Content:
    """Everything the window needs, in content order (what a snapshot holds)."""

    sources: tuple[Source, ...]
    body_areas: tuple[BodyArea, ...]
    views: tuple[View, ...]
    zones: tuple[Zone, ...]
    outlines: tuple[Outline, ...]
    techniques: tuple[Technique, ...]
    sequences: tuple[Sequence, ...]
    safety: tuple[SafetyRule, ...]
    notes: tuple[Note, ...]
    motions: tuple[Motion, ...]
    regions: tuple[Region, ...] = ()
    synonyms: tuple[Synonym, ...] = ()


# ---- to and from JSON-shaped data -------------------------------------------------------
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
def _fields(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """(every field, the fields without a default)."""
    fields = dataclasses.fields(cls)
    required = {f.name for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
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
        self.kind, self.message, self.place = kind, message, []


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
        names, required = _fields(tp)
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
            raise error  # type: ignore[misc]
        return either
    if tp is type(None):
        return _none
    if tp is float:
        return _number
    if tp in (str, int, bool):
        return _scalar(tp)
    raise TypeError(f"cannot decode {tp!r}")  # pragma: no cover - a new field type
