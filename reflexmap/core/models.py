"""The content schema: every model is frozen and rejects unknown keys.

Text content (TOML) and geometry (GeoJSON) are parsed into these models by
`reflexmap.core.loader`; cross-references between them are checked there, where the whole
content set is known.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PositiveInt,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from shapely.geometry import LineString, Polygon, mapping

Foot = Literal["left", "right"]
ClaimKind = Literal["reflexology", "massage_benefit", "tradition"]
Strength = Literal["asserted", "may", "research_shows", "cites_study", "attributed", "chart"]
Effect = Literal["avoid", "ask_doctor", "lighter_pressure", "stop"]
Applies = Literal["foot", "leg", "both"]
Performer = Literal["self", "partner", "self_or_partner", "unclear"]
# "switch": a change-over step between the two sides of a per-side routine (done once).
Side = Literal["each_foot", "both_feet_together", "each_leg", "switch", "not_stated"]
Pressure = Literal[
    "light", "gentle", "low", "moderate", "firm", "firm_but_gentle", "increasing", "varied",
    "not_stated",
]

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]+$", min_length=1, max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]

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
}


def _geojson(geom: Polygon | LineString) -> dict[str, object]:
    return dict(mapping(geom))


PolygonField = Annotated[
    Polygon,
    PlainSerializer(_geojson, return_type=dict),
    WithJsonSchema({"type": "object", "description": "GeoJSON Polygon"}),
]
LineField = Annotated[
    LineString,
    PlainSerializer(_geojson, return_type=dict),
    WithJsonSchema({"type": "object", "description": "GeoJSON LineString"}),
]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True,
                              defer_build=True)  # built on first validation: a cached
    # start (reflexmap.core.content) never validates, so it never builds them


class GeoModel(Model):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )


class Source(Model):
    """Where a claim or technique comes from: one of the articles, a chart, a study."""

    id: Id
    title: Text
    kind: Literal["article", "chart_reference", "study", "app"]
    note: str = ""


class BodyArea(Model):
    id: Id
    name: Text
    system: Text


class Claim(Model):
    """A statement that touching a place helps a body area: never presented as fact."""

    body_area: Id
    sources: tuple[Id, ...] = Field(min_length=1)
    kind: ClaimKind
    strength: Strength
    note: str = ""
    seed_ids: tuple[Id, ...] = ()


class ZoneText(Model):
    """A zone's words as written in TOML; its geometry comes from the view's GeoJSON."""

    key: Id
    name: Text
    short: str = Field(default="", max_length=6)
    feet: tuple[Foot, ...] = ("left", "right")
    regions: tuple[Id, ...] = ()
    claims: tuple[Claim, ...] = ()
    description: str = ""


class Region(Model):
    """A named area that words refer to (the seed zone ids, e.g. `z_heel`): techniques,
    steps and rules name regions, chart zones list the regions they belong to, and claims
    the sources make about the area as a whole attach here."""

    id: Id
    name: Text
    broad: bool = False  # whole foot / whole leg: its claims do not light zones in lookups
    claims: tuple[Claim, ...] = ()
    note: str = ""


class Zone(GeoModel):
    id: Id
    key: Id
    name: Text
    short: str = ""
    foot: Foot
    view: Id
    polygon: PolygonField
    regions: tuple[Id, ...] = ()
    claims: tuple[Claim, ...] = ()
    description: str = ""
    number: PositiveInt = 1

    @field_validator("polygon")
    @classmethod
    def _valid_polygon(cls, value: Polygon) -> Polygon:
        if not isinstance(value, Polygon):
            raise ValueError("expected a Polygon")
        if value.is_empty or not value.is_valid:
            raise ValueError("polygon is empty or invalid")
        return value


class View(Model):
    id: Id
    name: Text
    chart: Text  # GeoJSON file, relative to the content root
    order: int = 0
    description: str = ""
    kind: Literal["foot", "leg"] = "foot"


class Motion(GeoModel):
    """The direction of a technique drawn on one view, in the left foot's placement."""

    technique: Id
    view: Id
    foot: Foot
    line: LineField
    circular: bool = False


class Technique(Model):
    id: Id
    name: Text
    zones: tuple[Id, ...] = Field(min_length=1)  # region ids, e.g. "z_heel"
    hands: tuple[Text, ...] = Field(min_length=1)
    motion: Text
    pressure: Pressure
    repetitions: str = ""
    duration_s: PositiveInt | None = None
    duration_stated: bool = True  # False: the time is the app's suggestion
    setup: bool = False  # a routine's set-up (soak, oil, positions), not a way to work a zone
    steps: tuple[Text, ...] = Field(min_length=1)
    cautions: tuple[Text, ...] = ()
    sources: tuple[Id, ...] = Field(min_length=1)
    performer: Performer = "self_or_partner"
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[Id, ...] = ()


class Step(Model):
    technique: Id
    instruction: Text
    zones: tuple[Id, ...] = ()  # region ids; empty means the technique's own
    duration_s: PositiveInt | None = None
    repetitions: str = ""
    duration_stated: bool = True
    side: Side = "not_stated"
    seed_ids: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _timed(self) -> Step:
        if self.duration_s is None and not self.repetitions:
            raise ValueError("a step needs duration_s or repetitions")
        return self


class Sequence(Model):
    id: Id
    name: Text
    sources: tuple[Id, ...] = Field(min_length=1)
    performer: Performer
    side: Side
    first_side: Foot | None = None  # the side the source starts on; None: it does not say
    summary: str = ""
    steps: tuple[Step, ...] = Field(min_length=1)
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[Id, ...] = ()

    @property
    def total_s(self) -> int:
        return sum(step.duration_s or 0 for step in self.steps)


class SafetyRule(Model):
    id: Id
    condition: Text
    question: Text  # how the safety checklist asks about it
    effect: Effect
    applies_to: Applies
    explanation: Text
    sources: tuple[Id, ...] = Field(min_length=1)
    zones: tuple[Id, ...] = ()  # region ids it concerns; empty means everywhere it applies
    seed_ids: tuple[Id, ...] = ()


class Note(Model):
    """A page of content: the evidence summary, an explanation, or a disagreement."""

    id: Id
    title: Text
    kind: Literal["page", "disagreement"]
    body: tuple[Text, ...] = Field(min_length=1)  # paragraphs
    related: tuple[Id, ...] = ()  # ids of rules, claims' body areas, techniques...
    sources: tuple[Id, ...] = ()
    choice: str = ""  # for a disagreement: the cautious choice the app makes
    claims: tuple[Claim, ...] = ()  # e.g. the "about massage" page's general claims
    seed_ids: tuple[Id, ...] = ()
