"""The details panel's pages, the note pages and the status line, as plain strings.

These were built as HTML inside the widgets; as data they can be tested without a
display, printed, and rendered by `rich` with every string escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflexmap.core.atlas import Atlas
from reflexmap.core.practice import Who, technique_motion, technique_steps
from reflexmap.core.present.i18n import translate
from reflexmap.core.present.labels import (
    amount_label,
    pressure_label,
    zone_line,
)
from reflexmap.core.readable import Readable
from reflexmap.core.records import Technique

NOT_STATED = "not stated by the source"  # how the content writes a field it lacks


@dataclass(frozen=True, repr=False)
class SourceRef(Readable):
    """A source as a card names it: by title (an article never by its file name)."""

    id: str
    title: str
    show_id: bool  # an article (one of the five); shown by its title, never its file name


@dataclass(frozen=True, repr=False)
class TechniqueCard(Readable):
    """A technique as a card shows it: its rows, steps, cautions and sources."""

    id: str
    name: str
    rows: tuple[tuple[str, str], ...]  # (label, value): direction, pressure, amount, hands
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    # the main view's rows: only what a source (or the app, said so) gives; the full
    # record (`rows`) keeps the "not stated by the source" ones, one click away
    brief: tuple[tuple[str, str], ...] = ()
    provenance: str = ""  # "From reflexology teaching" / "From <article title>"
    move: str = ""  # the basic move it is made of ("thumb_walk"): its drawing


@dataclass(frozen=True, repr=False)
class SafetyEntry(Readable):
    """A safety rule as a card lists it: the effect, the condition, why."""

    effect: str  # "Ask a doctor first"
    condition: str
    explanation: str


@dataclass(frozen=True, repr=False)
class LookupCard(Readable):
    """A body area looked up: the zones that reflexology links to it."""

    area: str
    system: str
    zones: tuple[tuple[str, str], ...]  # (zone id, zone_line)


@dataclass(frozen=True, repr=False)
class NotePage(Readable):
    """A page of explanation: title, paragraphs, the titles of its sources."""

    title: str
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...]  # source titles


def source_ref(atlas: Atlas, source_id: str) -> SourceRef:
    source = atlas.sources.get(source_id)
    if source is None:  # the loader checks references; a stale id still shows something
        return SourceRef(source_id, source_id, False)
    return SourceRef(source.id, source.title, source.kind == "article")


def _stated(value: str) -> bool:
    return bool(value) and not value.startswith(NOT_STATED)


def provenance_line(refs: tuple[SourceRef, ...]) -> str:
    """Said once under a move: where it comes from, short. The teaching is named as
    such; an article by its title (the full record lists every source in full)."""
    articles = [r.title for r in refs if r.show_id]
    teaching = any(not r.show_id for r in refs)
    parts = ([translate("Present", "reflexology teaching")] if teaching else []) + articles
    if not parts:
        return ""
    return translate("Present", "From {0}").format(translate("Present", "; ").join(parts))


def needs_someone_text() -> str:
    return translate(
        "Present",
        "This move needs a second person: its source gives it for massaging someone "
        "else only, so the steps keep that wording. On your own feet the routines "
        "leave it out.",
    )


def technique_card(
    atlas: Atlas,
    technique: Technique,
    *,
    lighter: bool = False,
    zone_key: str | None = None,
    who: Who | None = None,
) -> TechniqueCard:
    """`lighter`: the user's safety answers asked for lighter pressure on this card.
    `zone_key`: the card sits on that zone's card, which alone gets the technique's
    cautions about that zone (``zone_cautions``). `who`: whose feet the steps speak of
    (None: the content's own words)."""
    amount = amount_label(
        technique.repetitions, technique.duration_s, suggested=not technique.duration_stated
    )
    rows = (
        (
            translate("Present", "Direction"),
            technique_motion(technique, who) if who else technique.motion,
        ),
        (translate("Present", "Pressure"), pressure_label(technique.pressure, lighter=lighter)),
        (
            translate("Present", "Repetitions or time"),
            amount or translate("Present", "not stated by the source"),
        ),
        (
            translate("Present", "Hands"),
            ", ".join(
                technique.hands_self if who == "self" and technique.hands_self else technique.hands
            ),
        ),
    )
    pressure = rows[1][1] if technique.pressure != "not_stated" or lighter else ""
    hands = ", ".join(
        h
        for h in (
            technique.hands_self if who == "self" and technique.hands_self else technique.hands
        )
        if _stated(h)
    )
    brief = tuple(
        (label, value)
        for label, value in (
            (translate("Present", "Pressure"), pressure),
            (translate("Present", "Time"), amount),
            (translate("Present", "Hands"), hands),
        )
        if value
    )
    sources = tuple(source_ref(atlas, s) for s in technique.sources)
    return TechniqueCard(
        id=technique.id,
        name=technique.name,
        rows=rows,
        steps=tuple(technique_steps(technique, who) if who else technique.steps),
        cautions=(
            *((needs_someone_text(),) if who == "self" and not technique.alone else ()),
            *technique.cautions,
            *(c.text for c in technique.zone_cautions if zone_key in c.zones),
        ),
        sources=sources,
        brief=brief,
        provenance=provenance_line(sources),
        move=technique.move or "",
    )


def lookup_card(atlas: Atlas, area_id: str) -> LookupCard:
    """Reverse lookup: every zone claimed for a body area, on every view and side."""
    area = atlas.body_areas[area_id]
    return LookupCard(
        area=area.name,
        system=area.system,
        zones=tuple((z.id, zone_line(atlas, z.id)) for z in atlas.zones_for_body_area(area_id)),
    )


def note_page(atlas: Atlas, note_id: str) -> NotePage | None:
    """None for a page the loaded content lacks: links are typed by hand in the content."""
    note = atlas.notes.get(note_id)
    if note is None:
        return None
    return NotePage(
        title=note.title,
        paragraphs=(
            *note.body,
            *(
                [translate("Present", "What the app does: {0}").format(note.choice)]
                if note.choice
                else []
            ),
        ),
        sources=tuple(source_ref(atlas, s).title for s in note.sources),
    )


def status_text(atlas: Atlas, selected: str | None, lookup: str | None, lookup_count: int) -> str:
    parts = []
    if selected and selected in atlas.zones:
        parts.append(translate("Present", "Selected: {0}").format(atlas.zones[selected].name))
    if lookup and lookup in atlas.body_areas:
        parts.append(
            translate("Present", "Zones claimed for {0}: {1}").format(
                atlas.body_areas[lookup].name, lookup_count
            )
        )
    return translate("Present", " · ").join(parts)
