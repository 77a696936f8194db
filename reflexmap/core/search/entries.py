"""What is searchable: the content turned into entries, each a kind, an id and weighted
fields of words.

Entries (each with a kind and an id):

* zone: one entry per zone *name* on a view, leading to that zone on both feet where
  both have it (its id is the left foot's zone, or the one foot it is on);
* area: a body area; symptom: a claim's own words ("easing headaches"), leading to what
  the claim is said of; technique; routine; note (pages and disagreements); safety rule.

A field's weight says how much a word found in it counts (`reflexmap.core.search.index`
multiplies it by how the word matched): a name, or for a zone a body area it is claimed
for: 1.0; a claim's own words 0.8; a technique's or routine's claimed body area 0.75;
the view 0.65; a region 0.6; a body system, a summary or a question 0.5; other text 0.4.
Typing mistakes are forgiven only in names and the like (`fuzzy`), not in long text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reflexmap.core.atlas import Atlas
from reflexmap.core.search.words import words

if TYPE_CHECKING:
    from reflexmap.core.records import Claim

Kind = Literal["zone", "area", "symptom", "technique", "routine", "note", "safety"]
KINDS: tuple[Kind, ...] = ("zone", "area", "symptom", "technique", "routine", "note", "safety")

# Field weights.
NAME, CLAIMED, VIEW, REGION, SAID, MINOR, TEXT = 1.0, 0.75, 0.65, 0.6, 0.8, 0.5, 0.4


@dataclass(frozen=True)
class Field:
    name: str  # what the words are: "name", "claimed for", "region", "description"...
    text: str
    words: tuple[str, ...]
    weight: float
    fuzzy: bool = False  # typos forgiven here (names, not long text)
    cover: bool = False  # a name: the share of it the query covers adds to the score


def _field(name: str, text: str, weight: float, fuzzy: bool = False, cover: bool = False) -> Field:
    return Field(name, text, words(text), weight, fuzzy, cover)


@dataclass(frozen=True)
class Entry:
    kind: Kind
    id: str  # what opening it opens (a zone: the left foot's, or the one foot it is on)
    name: str  # the content's own words for it
    fields: tuple[Field, ...]
    zones: tuple[str, ...] = ()  # zone: the zone on each foot, left first
    target: tuple[Kind, str] | None = None  # symptom: what the claim is said of
    area: str = ""  # symptom: the claim's body area id


def region_name(atlas: Atlas, region_id: str) -> str:
    """A region's name; a region the content does not describe is named from its id."""
    region = atlas.regions.get(region_id)
    if region is not None:
        return region.name
    return region_id.removeprefix("z_").replace("_", " ").capitalize()


def _broad(atlas: Atlas, region_id: str) -> bool:
    region = atlas.regions.get(region_id)
    return region.broad if region is not None else False


def _claimed(atlas: Atlas, claims: Iterable[Claim]) -> list[str]:
    """The body areas claims name, once each (a zone's are as good as its name)."""
    return list(
        dict.fromkeys(
            atlas.body_areas[c.body_area].name for c in claims if c.body_area in atlas.body_areas
        )
    )


def entries_of(atlas: Atlas) -> Iterable[Entry]:
    """Every entry of the atlas in a fixed order (zones, left before right, then body
    areas, symptoms, techniques, routines, notes, safety rules): a kind prefix alone
    ("routine:") lists its entries in it."""
    groups: dict[tuple[str, str], list[str]] = {}
    for zone in atlas.zones_of():  # left before right
        groups.setdefault((zone.view, zone.key), []).append(zone.id)
    for (view_id, _key), ids in groups.items():
        zone = atlas.zones[ids[0]]
        view = atlas.views.get(view_id)
        regions = " ".join(region_name(atlas, r) for r in zone.regions if not _broad(atlas, r))
        claimed = tuple(
            _field("claimed for", name, NAME, fuzzy=True, cover=True)
            for name in _claimed(atlas, zone.claims)
        )
        yield Entry(
            "zone",
            ids[0],
            zone.name,
            (
                _field("name", zone.name, NAME, fuzzy=True, cover=True),
                *claimed,
                _field("region", regions, REGION, fuzzy=True),
                _field("view", view.name if view else view_id, VIEW, fuzzy=True),
                _field("number", str(zone.number), MINOR),
                _field("description", zone.description, TEXT),
            ),
            zones=tuple(ids),
        )
    for area in atlas.body_areas.values():
        yield Entry(
            "area",
            area.id,
            area.name,
            (
                _field("name", area.name, NAME, fuzzy=True, cover=True),
                _field("body system", area.system, MINOR, fuzzy=True),
            ),
        )
    yield from _symptoms(atlas, groups)
    for tech in atlas.techniques.values():
        yield Entry(
            "technique",
            tech.id,
            tech.name,
            (
                _field("name", tech.name, NAME, fuzzy=True, cover=True),
                _field("claimed for", " ".join(_claimed(atlas, tech.claims)), CLAIMED, fuzzy=True),
                _field(
                    "region",
                    " ".join(region_name(atlas, r) for r in tech.zones if not _broad(atlas, r)),
                    REGION,
                    fuzzy=True,
                ),
                _field("how", " ".join((tech.motion, *tech.steps)), TEXT),
            ),
        )
    for seq in atlas.sequences.values():
        yield Entry(
            "routine",
            seq.id,
            seq.name,
            (
                _field("name", seq.name, NAME, fuzzy=True, cover=True),
                _field("claimed for", " ".join(_claimed(atlas, seq.claims)), CLAIMED, fuzzy=True),
                _field("summary", seq.summary, MINOR),
                _field("steps", " ".join(s.instruction for s in seq.steps), TEXT),
            ),
        )
    for note in atlas.notes.values():
        yield Entry(
            "note",
            note.id,
            note.title,
            (
                _field("title", note.title, NAME, fuzzy=True, cover=True),
                _field("text", " ".join((*note.body, note.choice)), TEXT),
            ),
        )
    for rule in atlas.safety.values():
        yield Entry(
            "safety",
            rule.id,
            rule.condition,
            (
                _field("condition", rule.condition, NAME, fuzzy=True, cover=True),
                _field("question", rule.question or rule.question_partner, MINOR),
                _field("explanation", rule.explanation, TEXT),
            ),
        )


def _symptoms(atlas: Atlas, groups: dict[tuple[str, str], list[str]]) -> Iterable[Entry]:
    """A claim's own words, once per wording, leading to what the claim is said of."""
    seen: set[str] = set()

    def entry(claim: Claim, where: str, target: tuple[Kind, str]) -> Entry | None:
        if not claim.note or claim.note in seen or claim.body_area not in atlas.body_areas:
            return None
        seen.add(claim.note)
        area = atlas.body_areas[claim.body_area]
        return Entry(
            "symptom",
            where,
            claim.note,
            (
                _field("said", claim.note, SAID, cover=True),
                _field("claimed for", area.name, REGION, fuzzy=True),
            ),
            target=target,
            area=area.id,
        )

    found: list[Entry | None] = []
    for ids in groups.values():
        zone = atlas.zones[ids[0]]
        found += [
            entry(c, f"{ids[0]}.claims[{k}]", ("zone", ids[0])) for k, c in enumerate(zone.claims)
        ]
    for region in atlas.regions.values():
        first = atlas.zones_for_regions([region.id])
        for k, c in enumerate(region.claims):
            target: tuple[Kind, str] = (
                ("area", c.body_area) if region.broad or not first else ("zone", first[0].id)
            )
            found.append(entry(c, f"{region.id}.claims[{k}]", target))
    for tech in atlas.techniques.values():
        found += [
            entry(c, f"{tech.id}.claims[{k}]", ("technique", tech.id))
            for k, c in enumerate(tech.claims)
        ]
    for seq in atlas.sequences.values():
        found += [
            entry(c, f"{seq.id}.claims[{k}]", ("routine", seq.id)) for k, c in enumerate(seq.claims)
        ]
    for note in atlas.notes.values():
        found += [
            entry(c, f"{note.id}.claims[{k}]", ("note", note.id)) for k, c in enumerate(note.claims)
        ]
    return [e for e in found if e is not None]
