"""The zone card: how to work the zone first, then what is claimed, then what to mind.

People click a zone to learn how to work it. So the card opens with the zone, one line
of what reflexology links it to, and the techniques ranked by how specific they are to
this zone: a way to work the reflex before a relaxation move (reflexology's moves between
areas), then a technique for this reflex before one for its area before one for the whole
foot or leg; those last are folded under one line. Routine set-ups (positions, soaks,
oil) are not ways to work a zone and stay with the routines. Then the claims, one entry
per body area with its sources merged, reflexology's correspondences apart from the
massage benefits; claims made of the whole foot are named once, not repeated per zone.
Then the safety rules that apply to this zone (the one rule, `safety_rules`), the notes
where the sources disagree about any of it, and the area's own notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflexmap.core.atlas import Atlas
from reflexmap.core.practice import Who
from reflexmap.core.present.cards import SafetyEntry, SourceRef, TechniqueCard, source_ref
from reflexmap.core.present.cards import technique_card as make_technique_card
from reflexmap.core.present.i18n import translate, trn
from reflexmap.core.present.labels import (
    claim_kind_label,
    effect_label,
    strength_label,
    view_kind,
    view_label,
    whole_label,
    zone_side,
    zone_title,
)
from reflexmap.core.readable import Readable
from reflexmap.core.records import Claim, Technique, Zone
from reflexmap.core.safety_rules import zone_kinds

KIND_ORDER = ("reflexology", "tradition", "massage_benefit")


@dataclass(frozen=True, repr=False)
class RankedTechnique(Readable):
    """A technique on a zone card, with how closely it belongs to the zone."""

    card: TechniqueCard
    scope: str  # "For this reflex", "For the arch", "For the whole foot"
    level: int  # 0 this reflex, 1 its area, 2 the whole foot or leg
    notes: tuple[tuple[str, str], ...]  # (note id, title): where the sources disagree
    relaxation: bool = False  # a move between areas, not a way to work one


@dataclass(frozen=True, repr=False)
class MoveGroup(Readable):
    """The card's other moves of one kind, folded under one line."""

    key: str  # "reflex", "area", "relaxation", "whole": the fold's id
    heading: str  # "More for this reflex", "For its area", "Relaxation", "For the whole foot"
    moves: tuple[RankedTechnique, ...]


@dataclass(frozen=True, repr=False)
class ClaimGroup(Readable):
    """Every claim the zone's content makes about one body area, sources merged."""

    area: str
    area_id: str
    system: str
    kinds: str  # "reflexology correspondence" (or several, joined)
    strengths: str
    sources: tuple[SourceRef, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class ClaimSection(Readable):
    """The claims of one kind on a zone card, grouped by body area."""

    heading: str  # "What reflexology claims", "What the sources say massage does"…
    groups: tuple[ClaimGroup, ...]


@dataclass(frozen=True, repr=False)
class ZoneCard(Readable):
    """A zone's card: how to work it first, then what is claimed for it."""

    zone_id: str
    title: str  # "16. Solar plexus"
    side: str  # "Left foot"
    view: str
    description: str
    links_to: tuple[str, ...]  # the areas reflexology links this zone itself to
    techniques: tuple[RankedTechnique, ...]  # specific to the zone or its area: open
    generic: tuple[RankedTechnique, ...]  # for the whole foot or leg: folded
    generic_line: str  # "Also for the whole foot: 9 moves"
    no_source_line: str  # said when no article explains how to work this zone
    sections: tuple[ClaimSection, ...]
    broad_line: str  # "Said of the whole foot, not of this zone: …"
    safety: tuple[SafetyEntry, ...]
    notes: tuple[tuple[str, str], ...]  # (note id, title) of disagreements touching it
    area_notes: tuple[str, ...]  # notes of the zone's areas ("gentle touch only")
    general_line: str  # the precautions that hold everywhere, counted, not repeated
    whole_heading: str = ""  # "For the whole foot" / "For the whole leg"

    @property
    def recommended(self) -> RankedTechnique | None:
        """The one move the card teaches first: the most specific way to work the zone
        (the ranking's first), else the first for the whole foot or leg."""
        if self.techniques:
            return self.techniques[0]
        return self.generic[0] if self.generic else None

    @property
    def folds(self) -> tuple[MoveGroup, ...]:
        """The other moves by kind, in the order a learner needs them: for this reflex,
        for its area, relaxation moves, then the whole foot or leg."""
        first = self.recommended
        rest = [r for r in (*self.techniques, *self.generic) if r is not first]
        kinds = (
            ("reflex", translate("Present", "For this reflex"), lambda r: r.level == 0),
            ("area", translate("Present", "For its area"), lambda r: r.level == 1),
            ("relaxation", translate("Present", "Relaxation moves"), lambda r: r.level < 2),
            ("whole", self.whole_heading, lambda r: True),
        )
        out, left = [], rest
        for key, heading, fits in kinds:
            if key != "whole":
                moves = [r for r in left if fits(r) and r.relaxation == (key == "relaxation")]
            else:
                moves = list(left)
            left = [r for r in left if r not in moves]
            if moves:
                out.append(MoveGroup(key, heading, tuple(moves)))
        return tuple(out)


def _build_region_keys(atlas: Atlas) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for zone in atlas.zones.values():
        for rid in zone.regions:
            keys.setdefault(rid, set()).add(zone.key)
    return keys


def _region_keys(atlas: Atlas) -> dict[str, set[str]]:
    """The zone keys each region spans (a key names a zone on both feet and every view):
    the fewer, the more specific a technique for the region."""
    return atlas.derived(_build_region_keys)


def _broad(atlas: Atlas, region_id: str) -> bool:
    region = atlas.regions.get(region_id)
    return region is not None and region.broad


def _level(atlas: Atlas, zone: Zone, technique: Technique) -> tuple[int, int, str]:
    """(level, how many zones the technique spans, the narrowest region it shares with
    the zone: the one its scope line names)."""
    shared = [r for r in technique.zones if r in zone.regions]
    specific = [r for r in shared if not _broad(atlas, r)]
    keys = _region_keys(atlas)
    if not specific:
        widest = shared[0] if shared else ""
        return 2, len(keys.get(widest, ())), widest
    narrowest = min(specific, key=lambda r: (len(keys.get(r, ())), r))
    span: set[str] = set().union(*(keys.get(r, set()) for r in technique.zones))
    own_reflex = span <= {zone.key}  # the technique works this zone only, on either foot
    return (0 if own_reflex else 1), len(span), narrowest


def _scope(atlas: Atlas, level: int, region_id: str, *, area: bool = False) -> str:
    if level == 0:  # a massage area is not a reflex (the leg views draw massage areas)
        return (
            translate("Present", "For this area")
            if area
            else translate("Present", "For this reflex")
        )
    region = atlas.regions.get(region_id)
    name = (
        region.name.lower()
        if region is not None
        else region_id.removeprefix("z_").replace("_", " ")
    )  # a region no claim names has no entry of its own
    return translate("Present", "For the {0}").format(name)


def related_notes(atlas: Atlas, ids: set[str]) -> tuple[tuple[str, str], ...]:
    """The disagreement notes that name any of `ids` (rules, techniques, body areas)."""
    return tuple(
        (n.id, n.title)
        for n in atlas.notes.values()
        if n.kind == "disagreement" and ids.intersection(n.related)
    )


def _claim_groups(atlas: Atlas, claims: list[Claim]) -> tuple[ClaimGroup, ...]:
    by_area: dict[str, list[Claim]] = {}
    for claim in claims:
        by_area.setdefault(claim.body_area, []).append(claim)
    groups = []
    for area_id, items in by_area.items():
        area = atlas.body_areas.get(area_id)
        sources = tuple(dict.fromkeys(source_ref(atlas, s) for c in items for s in c.sources))
        groups.append(
            ClaimGroup(
                area=area.name if area is not None else area_id,
                area_id=area_id,
                system=area.system if area is not None else "",
                kinds=", ".join(dict.fromkeys(claim_kind_label(c.kind) for c in items)),
                strengths="; ".join(dict.fromkeys(strength_label(c.strength) for c in items)),
                sources=sources,
                notes=tuple(dict.fromkeys(c.note for c in items if c.note)),
            )
        )
    return tuple(groups)


def zone_card(
    atlas: Atlas, zone_id: str, *, lighter: bool = False, who: Who | None = None
) -> ZoneCard:
    """`who`: whose feet the technique cards speak of (None: the content's own words)."""
    zone = atlas.zones[zone_id]
    # a zone of a body part whose zones are massage areas, not reflexes (the leg)
    parts = [atlas.body_part(k) for k in sorted(zone_kinds(atlas, zone))]
    massage_area = bool(parts) and not any(p.reflexes for p in parts)
    ranked: list[tuple[tuple[int, int, str], tuple[bool, str], RankedTechnique]] = []
    for tech in atlas.techniques_for_zone(zone_id):
        if tech.setup:
            continue
        level = _level(atlas, zone, tech)
        notes = related_notes(atlas, {tech.id})
        ranked.append(
            (
                level,
                (tech.relaxation, tech.name),
                RankedTechnique(
                    make_technique_card(atlas, tech, lighter=lighter, zone_key=zone.key, who=who),
                    _scope(atlas, level[0], level[2], area=massage_area),
                    level[0],
                    notes,
                    tech.relaxation,
                ),
            )
        )
    # a way to work the reflex first, a relaxation move after; then the most specific
    ranked.sort(key=lambda r: (r[1][0], r[0][0], r[0][1], r[1][1]))
    specific = tuple(r for _, _, r in ranked if r.level < 2)
    generic = tuple(r for _, _, r in ranked if r.level == 2)
    whole = whole_label(atlas, view_kind(atlas, zone.view))
    moves = len(generic)  # a plain name: lupdate reads no call as the count
    generic_line = (
        trn("Present", "Also for {0}: %n move", "Also for {0}: %n moves", moves).format(whole)
        if generic
        else ""
    )
    # said once, and only where no move for this reflex follows it: a move for the reflex
    # from the teaching says where it comes from in its own line ("From reflexology
    # teaching"), which is the honest answer, not a disclaimer above it
    own_reflex = any(r.level == 0 and not r.relaxation for r in specific)
    no_source = (
        ""
        if own_reflex
        else translate(
            "Present",
            "None of the articles says how to work this area on its own; the moves "
            "below are for {0} or a wider part of it.",
        ).format(translate("Present", parts[0].whole) if parts else whole)
        if massage_area
        else translate(
            "Present",
            "None of the articles says how to work this reflex itself; the moves "
            "below are for its wider area or come from reflexology teaching.",
        )
    )

    own: list[Claim] = []
    broad: list[Claim] = []
    for claim, rid in atlas.claims_for_zone(zone_id):
        (broad if rid is not None and _broad(atlas, rid) else own).append(claim)
    sections = []
    for kind in KIND_ORDER:
        claims = [c for c in own if c.kind == kind]
        if claims:
            heading = {
                "reflexology": translate("Present", "What reflexology claims"),
                "tradition": translate("Present", "What tradition says"),
                "massage_benefit": translate("Present", "What the sources say massage does"),
            }
            sections.append(ClaimSection(heading[kind], _claim_groups(atlas, claims)))
    broad_areas = list(
        dict.fromkeys(
            atlas.body_areas[c.body_area].name for c in broad if c.body_area in atlas.body_areas
        )
    )
    broad_line = (
        translate("Present", "Said of {0}, not of this zone: {1}.").format(
            whole, ", ".join(broad_areas)
        )
        if broad_areas
        else ""
    )
    links_to = tuple(
        dict.fromkeys(
            atlas.body_areas[c.body_area].name
            for c in own
            if c.kind == "reflexology" and c.body_area in atlas.body_areas
        )
    )
    applying = atlas.safety_for_zone(zone_id)
    rules = [r for r in applying if r.zones]  # rules for this part of the body
    general = len(applying) - len(rules)  # the rest hold everywhere: the safety check
    # the disagreements about anything on the card: its rules (those for this part of
    # the body, and those for feet only or legs only), its claims and every technique
    placed = {r.id for r in applying if r.zones or r.applies_to != "both"}
    ids = placed | {c.body_area for c in own} | {r.card.id for r in (*specific, *generic)}
    area_notes = tuple(
        dict.fromkeys(
            atlas.regions[r].note
            for r in zone.regions
            if r in atlas.regions and atlas.regions[r].note and not atlas.regions[r].broad
        )
    )
    return ZoneCard(
        zone_id=zone.id,
        title=zone_title(atlas, zone_id),
        side=zone_side(atlas, zone_id, capital=True),
        view=view_label(atlas, zone.view),
        description=zone.description,
        links_to=links_to,
        techniques=specific,
        generic=generic,
        generic_line=generic_line,
        no_source_line=no_source,
        sections=tuple(sections),
        broad_line=broad_line,
        safety=tuple(
            SafetyEntry(effect_label(r.effect).capitalize(), r.condition, r.explanation)
            for r in rules
        ),
        notes=related_notes(atlas, ids),
        area_notes=area_notes,
        whole_heading=translate("Present", "For {0}").format(whole),
        general_line=trn(
            "Present",
            "%n general precaution holds for every zone: answer it in the safety check "
            "before a routine.",
            "%n general precautions hold for every zone (clots, pregnancy, broken skin and "
            "more): answer them in the safety check before a routine.",
            general,
        )
        if general
        else "",
    )


def zone_card_lines(card: ZoneCard) -> list[str]:
    """The card as plain text, in the order the panel shows it (`reflexmap card`)."""
    out = [card.title, f"{card.side} · {card.view}"]
    if card.description:
        out.append(card.description)
    if card.links_to:
        out.append(
            translate("Present", "Reflexology links this zone to: {0}.").format(
                ", ".join(card.links_to)
            )
        )
    out += ["", translate("Present", "How to work it")]
    if card.no_source_line:
        out.append(card.no_source_line)
    first = card.recommended
    if first is not None:  # the move the card teaches first, as the panel shows it
        out.append(f"* {first.card.name} ({first.scope})")
        out += [f"  {label}: {value}" for label, value in first.card.brief]
        out += [f"  {n}. {s}" for n, s in enumerate(first.card.steps, 1)]
        out += [translate("Present", "  Caution: {0}").format(c) for c in first.card.cautions]
        if first.card.provenance:
            out.append(f"  {first.card.provenance}")
    for fold in card.folds:
        moves = len(fold.moves)  # a plain name: lupdate reads no call as the count
        count = trn("Present", "{0}: %n move", "{0}: %n moves", moves)
        out.append(count.format(fold.heading) + ": " + ", ".join(r.card.name for r in fold.moves))
    for section in card.sections:
        out += ["", section.heading]
        for g in section.groups:
            out.append(f"* {g.area} ({g.system}): {g.kinds}; {g.strengths}")
            out.append(
                translate("Present", "  Source: {0}").format("; ".join(s.title for s in g.sources))
            )
            out += [f"  {n}" for n in g.notes]
    if card.broad_line:
        out += ["", card.broad_line]
    out += ["", translate("Present", "Take care")]
    out += [f"* {n}" for n in card.area_notes]
    out += [f"* {s.effect}: {s.condition}. {s.explanation}" for s in card.safety]
    if card.general_line:
        out.append(f"* {card.general_line}")
    if card.notes:
        out += ["", translate("Present", "Where the sources disagree")]
        out += [f"* {title}" for _, title in card.notes]
    return out
