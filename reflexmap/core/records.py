"""The content as the app uses it: plain, frozen records with no Pydantic and no Shapely.

The Pydantic models (`models.py`) are the schema that TOML and GeoJSON are validated
against; what passes is turned into these records (`compiler.py`), with the geometry the
window needs already worked out (outline rings, label point, the room around it, area,
bounds, neighbours). The records are what the content snapshot holds (`content.py`, by
way of `record_json.py`) and what the window is built from, so starting the app imports
neither Pydantic, Shapely nor NumPy. Field names are the models' own (a test keeps the
two in step), less `seed_ids`: which article fact an item came from is for the authors'
coverage check (tests/core/test_coverage.py reads it from the TOML), not for the app.
"""

from dataclasses import dataclass
from typing import Any, Literal

from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP
from reflexmap.core.readable import Readable

Foot = Literal["left", "right"]
ClaimKind = Literal["reflexology", "massage_benefit", "tradition"]
Strength = Literal["asserted", "may", "research_shows", "cites_study", "attributed", "chart"]
# avoid / ask_doctor / lighter_pressure: asked (a tick box); stop / remind: told to everyone
# ("remind": good practice, such as building pressure up slowly, that is no condition).
Effect = Literal["avoid", "ask_doctor", "lighter_pressure", "stop", "remind"]
# what a safety rule applies to: a value listed in some body part's `reached_by`
# (the bundled content: "foot", "leg", "both"); checked by the loader, not the type
Applies = str
Performer = Literal["self", "partner", "self_or_partner", "unclear"]
# "switch": a change-over step between the two sides of a per-side routine (done once);
# "not_stated"; else a body part's `per_side` ("each_foot") or `together`
# ("both_feet_together"): checked by the loader against the content's body parts.
Side = str
SIDE_SWITCH = "switch"
SIDE_NOT_STATED = "not_stated"
SelfPlan = Literal["as_given", "per_foot", "left_out"]
Pressure = Literal[
    "light",
    "gentle",
    "low",
    "moderate",
    "firm",
    "firm_but_gentle",
    "increasing",
    "varied",
    "not_stated",
]
# reflexology's basic hand moves (the reference's section 4): how a move is shown
BasicMove = Literal["thumb_walk", "finger_walk", "hook", "rotate", "breath"]
SourceKind = Literal["article", "chart_reference", "study", "app"]
NoteKind = Literal["page", "disagreement"]
ViewKind = str  # a body part's id (`BodyPart`); checked by the loader
Ring = tuple[float, ...]  # x0, y0, x1, y1, ... in mm, y up; closed (last point = first)

CLAIM_KIND_LABELS: dict[str, str] = {
    "reflexology": QT_TRANSLATE_NOOP("Present", "reflexology correspondence"),
    "massage_benefit": QT_TRANSLATE_NOOP("Present", "massage benefit"),
    "tradition": QT_TRANSLATE_NOOP("Present", "tradition"),
}
STRENGTH_LABELS: dict[str, str] = {
    "asserted": QT_TRANSLATE_NOOP("Present", "stated as fact by the source"),
    "may": QT_TRANSLATE_NOOP("Present", "hedged by the source (may / can)"),
    "research_shows": QT_TRANSLATE_NOOP(
        "Present", "the source appeals to research without naming it"
    ),
    "cites_study": QT_TRANSLATE_NOOP("Present", "the source describes a study"),
    "attributed": QT_TRANSLATE_NOOP("Present", "credited to experts or a tradition"),
    "chart": QT_TRANSLATE_NOOP("Present", "as drawn on conventional reflexology charts"),
}
EFFECT_LABELS: dict[str, str] = {
    "avoid": QT_TRANSLATE_NOOP("Present", "avoid"),
    "ask_doctor": QT_TRANSLATE_NOOP("Present", "ask a doctor first"),
    "lighter_pressure": QT_TRANSLATE_NOOP("Present", "use lighter pressure"),
    "stop": QT_TRANSLATE_NOOP("Present", "stop"),
    "remind": QT_TRANSLATE_NOOP("Present", "keep in mind"),
}


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Point(Readable):
    """A point on a chart, in millimetres (y up)."""

    x: float
    y: float


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Source(Readable):
    """A source the claims and moves are taken from: an article, a book, a review."""

    id: str
    title: str
    kind: SourceKind
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class BodyArea(Readable):
    """A part of the body that reflexology links zones to, and its body system."""

    id: str
    name: str
    system: str


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Claim(Readable):
    """What a source says a zone or move does for a body area, of a kind and strength."""

    body_area: str
    sources: tuple[str, ...]
    kind: ClaimKind
    strength: Strength
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Region(Readable):
    """A named group of zones (the ball of the foot, the toes) with its own claims."""

    id: str
    name: str
    broad: bool = False
    claims: tuple[Claim, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Shape(Readable):
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


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Zone(Readable):
    """A zone of a chart on one foot: its outline, where its number goes, its claims."""

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


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Outline(Readable):
    """The outline of one foot (or leg) on one view."""

    view: str
    foot: Foot
    shape: Shape

    @property
    def polygon(self) -> Any:
        return self.shape.polygon


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class BodyPart(Readable):
    """A kind of view: what its charts draw (a foot, a leg, a hand) and how the app speaks
    of it. Zones, steps and safety rules reach their body part through the views."""

    id: str
    name: str  # "foot"
    left: str  # "left foot"
    right: str  # "right foot"
    both: str  # "both feet"
    plural: str  # "feet" ("Do not massage the feet or legs with: …")
    whole: str  # "the whole foot" ("Also for the whole foot: 3 moves")
    per_side: str  # the `side` of a routine or step done on one, then the other: "each_foot"
    together: str = ""  # the `side` of a step done on both at once: "both_feet_together"
    reached_by: tuple[str, ...] = ()  # the safety rules' `applies_to` values that reach it
    # A region drawn on views of several body parts belongs to the one whose drawn area,
    # times its weight, is largest (a tie: the higher rank); a step that works zones of
    # several body parts is of the highest rank among them (a leg step may touch the heel).
    region_weight: float = 1.0
    rank: int = 0
    reflexes: bool = True  # its zones are reflexes (a reflexology chart); False: massage
    # areas, each a place in its own right (the leg): "For this area", not "this reflex"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class View(Readable):
    """A chart: one way of looking at the feet (soles, tops, sides) or the legs."""

    id: str
    name: str
    chart: str
    order: int = 0
    description: str = ""
    kind: ViewKind = "foot"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Motion(Readable):
    """The direction a technique moves in, drawn on one foot of one view."""

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


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ZoneCaution(Readable):
    """A caution that holds only where a technique works the zones named."""

    zones: tuple[str, ...]  # zone keys
    text: str


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Technique(Readable):
    """A way of working zones: steps, hands, pressure, time, sources, both wordings."""

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
    relaxation: bool = False
    move: BasicMove | None = None  # the basic move it is made of (its drawing, its rhythm)
    steps: tuple[str, ...]
    cautions: tuple[str, ...] = ()
    zone_cautions: tuple[ZoneCaution, ...] = ()
    sources: tuple[str, ...]
    performer: Performer = "self_or_partner"
    claims: tuple[Claim, ...] = ()
    steps_self: tuple[str, ...] = ()
    steps_partner: tuple[str, ...] = ()
    motion_self: str = ""
    hands_self: tuple[str, ...] = ()
    alone: bool = True


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Step(Readable):
    """One step of a routine: the technique, the words, where, how long, which side."""

    technique: str
    instruction: str
    zones: tuple[str, ...] = ()  # region ids; empty means the technique's own
    duration_s: int | None = None
    repetitions: str = ""
    duration_stated: bool = True
    side: Side = "not_stated"
    zone_keys: tuple[str, ...] = ()
    instruction_self: str = ""
    instruction_partner: str = ""
    self_plan: SelfPlan = "as_given"
    self_note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Sequence(Readable):
    """A routine: its steps in order, its sources and who it is worded for."""

    id: str
    name: str
    sources: tuple[str, ...]
    performer: Performer
    side: Side
    first_side: Foot | None = None
    summary: str = ""
    steps: tuple[Step, ...]
    claims: tuple[Claim, ...] = ()
    summary_self: str = ""
    summary_partner: str = ""

    @property
    def total_s(self) -> int:
        return sum(step.duration_s or 0 for step in self.steps)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class SafetyRule(Readable):
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
    stops_routines: tuple[str, ...] = ()
    only_routines: tuple[str, ...] = ()
    short: str = ""

    @property
    def asked(self) -> bool:
        """A condition (a tick box), not a reminder told to everyone."""
        return self.effect in ("avoid", "ask_doctor", "lighter_pressure")

    @property
    def name(self) -> str:
        """The condition as an item of a list (a printed note, a handout)."""
        return self.short or self.condition


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Note(Readable):
    """A page of explanation (the evidence, where the sources disagree) with sources."""

    id: str
    title: str
    kind: NoteKind
    body: tuple[str, ...]
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    choice: str = ""
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Synonym(Readable):
    """Words a search maps to body areas, regions, techniques, routines, rules, notes."""

    words: tuple[str, ...]
    body_areas: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    sequences: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Content(Readable):
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
    body_parts: tuple[BodyPart, ...] = ()
