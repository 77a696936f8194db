"""The content schema: every model is frozen and rejects unknown keys.

Text content (TOML) and geometry (GeoJSON) are parsed into these models by
`reflexmap.core.loader`; cross-references between them are checked there, where the whole
content set is known.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from shapely.geometry import LineString, Polygon, mapping

from reflexmap.core.records import (  # noqa: F401 - one copy of the vocabulary
    CLAIM_KIND_LABELS,
    EFFECT_LABELS,
    STRENGTH_LABELS,
    Applies,
    BasicMove,
    ClaimKind,
    Effect,
    Foot,
    NoteKind,
    Performer,
    Pressure,
    SelfPlan,
    SourceKind,
    Strength,
)

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]+$", min_length=1, max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
# Numbers are range-checked here, so that no later arithmetic (float(), timers, Qt's
# 32-bit ints) meets a 400-digit duration.
Seconds = Annotated[int, Field(gt=0, le=24 * 3600)]
Order = Annotated[int, Field(ge=-100_000, le=100_000)]


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
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )  # built on first validation: a cached
    # start (reflexmap.core.content) never validates, so it never builds them


class GeoModel(Model):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )


class Source(Model):
    """Where a claim or technique comes from: one of the articles, a chart, a study."""

    id: Id
    title: Text
    kind: SourceKind
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
    number: Annotated[int, Field(gt=0, le=1_000_000)] = 1

    @field_validator("polygon")
    @classmethod
    def _valid_polygon(cls, value: Polygon) -> Polygon:
        if not isinstance(value, Polygon):
            raise ValueError("expected a Polygon")
        if value.is_empty or not value.is_valid:
            raise ValueError("polygon is empty or invalid")
        return value


class BodyPart(Model):
    """A kind of view (see records.BodyPart): the words for its sides and which safety
    rules reach it. The bundled ones (foot, leg) are in assets/content/body_parts.toml; a
    pack that declares none uses those."""

    id: Id
    name: Text
    left: Text
    right: Text
    both: Text
    plural: Text
    whole: Text
    per_side: Id
    together: str = Field(default="", pattern=r"^[A-Za-z0-9_.\-]*$", max_length=120)
    reached_by: tuple[Id, ...] = Field(min_length=1)
    region_weight: float = Field(default=1.0, gt=0, le=1000)
    rank: Order = 0
    reflexes: bool = True


class View(Model):
    id: Id
    name: Text
    chart: Text  # GeoJSON file, relative to the content root
    order: Order = 0
    description: str = ""
    kind: Id = "foot"  # a body part's id


class Motion(GeoModel):
    """The direction of a technique drawn on one view, in the left foot's placement."""

    technique: Id
    view: Id
    foot: Foot
    line: LineField
    circular: bool = False


class ZoneCaution(Model):
    """A caution about some zones only (the zone keys): shown on their cards alone, so a
    word on the gallbladder never lands on the left foot's kidney."""

    zones: tuple[Id, ...] = Field(min_length=1)
    text: Text


class Technique(Model):
    id: Id
    name: Text
    zones: tuple[Id, ...] = Field(min_length=1)  # region ids, e.g. "z_heel"
    hands: tuple[Text, ...] = Field(min_length=1)
    motion: Text
    pressure: Pressure
    repetitions: str = ""
    duration_s: Seconds | None = None
    duration_stated: bool = True  # False: the time is the app's suggestion
    setup: bool = False  # a routine's set-up (soak, oil, positions), not a way to work a zone
    relaxation: bool = False  # a relaxation move between areas, not a way to work a reflex
    move: BasicMove | None = None  # the basic move it is made of (its drawing, its rhythm)
    steps: tuple[Text, ...] = Field(min_length=1)
    cautions: tuple[Text, ...] = ()
    zone_cautions: tuple[ZoneCaution, ...] = ()  # cautions for some zones (their keys)
    sources: tuple[Id, ...] = Field(min_length=1)
    performer: Performer = "self_or_partner"
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[Id, ...] = ()
    # who is massaged (practice.py): `steps` read right for both unless these are given
    steps_self: tuple[Text, ...] = ()  # the steps on your own feet
    steps_partner: tuple[Text, ...] = ()  # the steps on someone else's feet
    motion_self: str = ""
    hands_self: tuple[Text, ...] = ()
    alone: bool = True  # False: cannot be done on yourself (the card says so)


class Step(Model):
    technique: Id
    instruction: Text
    zones: tuple[Id, ...] = ()  # region ids; empty means the technique's own
    duration_s: Seconds | None = None
    repetitions: str = ""
    duration_stated: bool = True
    side: Id = "not_stated"  # "switch", or a body part's per_side / together
    seed_ids: tuple[Id, ...] = ()
    # who is massaged (practice.py): `instruction` reads right for both unless these are
    zone_keys: tuple[Id, ...] = ()  # "view.key": the step lights these zones only
    instruction_self: str = Field(default="", max_length=4000)
    instruction_partner: str = Field(default="", max_length=4000)
    self_plan: SelfPlan = "as_given"  # on your own feet: per_foot (needs both hands),
    # left_out (cannot be done alone; `self_note` says why)
    self_note: str = Field(default="", max_length=4000)

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
    side: Id  # "not_stated", or a body part's per_side / together
    first_side: Foot | None = None  # the side the source starts on; None: it does not say
    summary: str = ""
    steps: tuple[Step, ...] = Field(min_length=1)
    claims: tuple[Claim, ...] = ()
    seed_ids: tuple[Id, ...] = ()
    summary_self: str = ""  # the summary on your own feet, where `summary` is not right
    summary_partner: str = ""


class SafetyRule(Model):
    """One condition (or one piece of good practice) and what it means for a routine.

    The checklist asks one question per condition. A condition whose outcome differs for
    feet and legs is several rules: the one that asks (``question``) and rules that are
    ``part_of`` it, answered by the same tick (pregnancy: no leg massage; its part for
    the feet: ask a doctor). A ``follows`` rule is a follow-up, asked only once its
    parent is ticked (pregnant -> first three months?).

    Wording: every question is put so that "yes" means a risk. ``question`` addresses
    you, massaging yourself; ``question_partner`` asks about "the person receiving the
    massage" and is used in every routine another person may give (empty: ``question``
    reads right for both). A rule with no ``question`` is not asked (or told) in a
    routine you do on yourself. Told rules (stop, remind) hold a sentence, not a
    question.
    """

    id: Id
    condition: Text
    question: str = Field(default="", max_length=4000)  # how the checklist asks (or tells)
    question_partner: str = Field(default="", max_length=4000)
    effect: Effect
    applies_to: Id  # a value in some body part's reached_by
    explanation: Text
    sources: tuple[Id, ...] = Field(min_length=1)
    zones: tuple[Id, ...] = ()  # region ids it concerns; empty means everywhere it applies
    follows: Id | None = None  # a follow-up: asked only when this rule is ticked
    part_of: Id | None = None  # no question of its own: ticked with this rule's question
    stops_routines: tuple[Id, ...] = ()  # routines this rule concerns whole, every step
    # (a source that rules out its whole treatment, foot moves included)
    only_routines: tuple[Id, ...] = ()  # in force only in these routines (never on a card)
    short: str = Field(default="", max_length=200)  # the condition in a list ("diabetes")
    seed_ids: tuple[Id, ...] = ()

    @property
    def asked(self) -> bool:
        """A condition (a tick box), not a reminder told to everyone."""
        return self.effect in ("avoid", "ask_doctor", "lighter_pressure")

    @model_validator(mode="after")
    def _worded(self) -> SafetyRule:
        if self.part_of is not None:
            if self.question or self.question_partner:
                raise ValueError(
                    "a rule that is part_of another has no question of its "
                    "own: it is answered by that rule's question"
                )
            if self.follows is not None:
                raise ValueError("a rule cannot both follow and be part_of another")
        elif not (self.question or self.question_partner):
            raise ValueError(
                "a rule needs a question (or question_partner), unless it is part_of another rule"
            )
        if (self.part_of is not None or self.follows is not None) and not self.asked:
            raise ValueError(
                f"a {self.effect!r} rule is told, not asked: it cannot be a "
                "follow-up or part of a question"
            )
        if self.id in (self.follows, self.part_of):
            raise ValueError("a rule cannot follow, or be part of, itself")
        if self.asked:
            for name in ("question", "question_partner"):
                text = getattr(self, name)
                if text and not text.endswith("?"):
                    raise ValueError(
                        f"{name} must be a question (ending with '?') that "
                        "is answered yes when there is a risk"
                    )
        return self


class Note(Model):
    """A page of content: the evidence summary, an explanation, or a disagreement."""

    id: Id
    title: Text
    kind: NoteKind
    body: tuple[Text, ...] = Field(min_length=1)  # paragraphs
    related: tuple[Id, ...] = ()  # ids of rules, claims' body areas, techniques...
    sources: tuple[Id, ...] = ()
    choice: str = ""  # for a disagreement: the cautious choice the app makes
    claims: tuple[Claim, ...] = ()  # e.g. the "about massage" page's general claims
    seed_ids: tuple[Id, ...] = ()


class Synonym(Model):
    """Words people search with that the content does not use ("headache", "tummy"), and
    what they lead to. Targets are ids, checked by the loader like any reference."""

    words: tuple[Annotated[str, Field(min_length=2, max_length=80)], ...] = Field(min_length=1)
    body_areas: tuple[Id, ...] = ()  # also reaches the zones claimed for them
    regions: tuple[Id, ...] = ()  # region ids (z_heel...): the zones in them
    techniques: tuple[Id, ...] = ()
    sequences: tuple[Id, ...] = ()
    safety: tuple[Id, ...] = ()
    notes: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _leads_somewhere(self) -> Synonym:
        if not (
            self.body_areas
            or self.regions
            or self.techniques
            or self.sequences
            or self.safety
            or self.notes
        ):
            raise ValueError(
                "a synonym needs at least one target (body_areas, regions, "
                "techniques, sequences, safety or notes)"
            )
        return self
