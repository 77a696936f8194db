"""Search results in words: the group titles, each result's line and why it matched.

The window's live list and `reflexmap search` print these same strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP, translate
from reflexmap.core.present.labels import (
    effect_label,
    side_label,
    side_only_label,
    view_kind,
    view_label,
)
from reflexmap.core.search import KINDS, Entry, Kind, Reason, Result

# English words; translated when handed out.
KIND_TITLES: dict[str, str] = {
    "zone": QT_TRANSLATE_NOOP("Present", "Zones"),
    "area": QT_TRANSLATE_NOOP("Present", "Body areas"),
    "symptom": QT_TRANSLATE_NOOP("Present", "What the sources say"),
    "technique": QT_TRANSLATE_NOOP("Present", "Techniques"),
    "routine": QT_TRANSLATE_NOOP("Present", "Routines"),
    "note": QT_TRANSLATE_NOOP("Present", "Notes"),
    "safety": QT_TRANSLATE_NOOP("Present", "Safety"),
}
KIND_NAMES: dict[str, str] = {
    "zone": QT_TRANSLATE_NOOP("Present", "zone"),
    "area": QT_TRANSLATE_NOOP("Present", "body area"),
    "symptom": QT_TRANSLATE_NOOP("Present", "claim"),
    "technique": QT_TRANSLATE_NOOP("Present", "technique"),
    "routine": QT_TRANSLATE_NOOP("Present", "routine"),
    "note": QT_TRANSLATE_NOOP("Present", "note"),
    "safety": QT_TRANSLATE_NOOP("Present", "safety rule"),
}
FIELD_NAMES: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("Present", "the name"),
    "title": QT_TRANSLATE_NOOP("Present", "the title"),
    "condition": QT_TRANSLATE_NOOP("Present", "the condition"),
    "claimed for": QT_TRANSLATE_NOOP("Present", "what it is claimed for"),
    "region": QT_TRANSLATE_NOOP("Present", "its region"),
    "view": QT_TRANSLATE_NOOP("Present", "the view"),
    "number": QT_TRANSLATE_NOOP("Present", "its number on the map"),
    "description": QT_TRANSLATE_NOOP("Present", "the description"),
    "body system": QT_TRANSLATE_NOOP("Present", "the body system"),
    "said": QT_TRANSLATE_NOOP("Present", "the source's words"),
    "how": QT_TRANSLATE_NOOP("Present", "how it is done"),
    "summary": QT_TRANSLATE_NOOP("Present", "the summary"),
    "steps": QT_TRANSLATE_NOOP("Present", "the steps"),
    "text": QT_TRANSLATE_NOOP("Present", "the text"),
    "question": QT_TRANSLATE_NOOP("Present", "the safety question"),
    "explanation": QT_TRANSLATE_NOOP("Present", "the explanation"),
}
QUOTE_CHARS = 90


def kind_title(kind: str) -> str:
    return translate("Present", KIND_TITLES.get(kind, kind))


def kind_name(kind: str) -> str:
    return translate("Present", KIND_NAMES.get(kind, kind))


def _feet(atlas: Atlas, entry: Entry, foot: str | None) -> str:
    zones = [atlas.zones[z] for z in entry.zones if z in atlas.zones]
    if not zones:
        return ""
    kind = view_kind(atlas, zones[0].view)
    if foot is not None and any(z.foot == foot for z in zones):
        return side_label(atlas, kind, foot)
    if len(zones) > 1:
        return side_label(atlas, kind, None)
    return side_only_label(atlas, kind, zones[0].foot, brackets=False)


def _quote(text: str) -> str:
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return translate("Present", "“{0}”").format(text)


def entry_label(atlas: Atlas, entry: Entry, foot: str | None = None) -> str:
    """One line per result: the content's name and what tells it apart."""
    kind = entry.kind
    if kind == "zone":
        zone = atlas.zones.get(entry.id)
        view = view_label(atlas, zone.view) if zone is not None else ""
        return translate("Present", "{0} ({1}; {2})").format(
            entry.name, _feet(atlas, entry, foot), view
        )
    if kind == "area" and entry.id in atlas.body_areas:
        return translate("Present", "{0} ({1})").format(
            entry.name, atlas.body_areas[entry.id].system
        )
    if kind == "symptom":
        area = atlas.body_areas.get(entry.area)
        return translate("Present", "{0} — {1}").format(
            _quote(entry.name), area.name if area else entry.area
        )
    if kind == "safety" and entry.id in atlas.safety:
        return translate("Present", "{0} — {1}").format(
            entry.name, effect_label(atlas.safety[entry.id].effect)
        )
    return entry.name


def result_label(atlas: Atlas, result: Result) -> str:
    return entry_label(atlas, result.entry, result.foot)


def reason_text(reason: Reason) -> str:
    where = translate("Present", FIELD_NAMES.get(reason.field, reason.field))
    if reason.how == "synonym":
        lead = translate("Present", "search word “{0}”").format(reason.found)
        if reason.typed and reason.typed.casefold() != reason.found.casefold():
            lead = translate("Present", "{0} (for “{1}”)").format(lead, reason.typed)
        if reason.via:
            return translate("Present", "{0} → {1}").format(lead, reason.via)
        return lead
    if reason.how == "typo":
        return translate("Present", "“{0}” read as “{1}” in {2}").format(
            reason.typed, reason.found, where
        )
    if reason.how == "stem":
        return translate("Present", "“{0}” (a form of “{1}”) in {2}").format(
            reason.found, reason.typed, where
        )
    if reason.how == "inside":
        return translate("Present", "“{0}” inside “{1}” in {2}").format(
            reason.typed, reason.found, where
        )
    return translate("Present", "“{0}” in {1}").format(reason.found, where)


def why(result: Result, most: int = 2) -> str:
    """Why it matched: the distinct reasons, the strongest first."""
    texts = list(dict.fromkeys(reason_text(r) for r in result.reasons))
    return translate("Present", "; ").join(texts[:most])


def no_match(text: str) -> str:
    return translate("Present", "No match for “{0}”.").format(text.strip())


def suggestions_line(atlas: Atlas, entries: list[Entry]) -> str:
    if not entries:
        return translate("Present", "Try fewer or other words.")
    names = translate("Present", "; ").join(
        translate("Present", "{0} ({1})").format(
            e.name if e.kind != "symptom" else _quote(e.name), kind_name(e.kind)
        )
        for e in entries
    )
    return translate("Present", "Nearest: {0}").format(names)


@dataclass(frozen=True)
class Group:
    kind: Kind
    title: str
    results: tuple[Result, ...]


def grouped(results: list[Result]) -> list[Group]:
    """Results by kind; the groups in the order of their best result (so the best result
    of all is at the top), each group best first."""
    groups: dict[Kind, list[Result]] = {}
    for result in results:  # already ranked
        groups.setdefault(result.kind, []).append(result)
    order = sorted(groups, key=lambda k: (-groups[k][0].score, KINDS.index(k)))
    return [Group(k, kind_title(k), tuple(groups[k])) for k in order]


@dataclass(frozen=True)
class RulePage:
    """A safety rule as a message: what to do, and why."""

    title: str
    text: str
    informative: str
    note_id: str | None  # a page where the sources disagree about it
    note_title: str


def rule_page(atlas: Atlas, rule_id: str) -> RulePage | None:
    rule = atlas.safety.get(rule_id)
    if rule is None:
        return None
    note = next(
        (n for n in atlas.notes.values() if rule_id in n.related and n.kind == "disagreement"), None
    )
    return RulePage(
        title=rule.condition,
        text=translate("Present", "{0}: {1}").format(
            effect_label(rule.effect).capitalize(), rule.condition
        ),
        informative=rule.explanation,
        note_id=note.id if note is not None else None,
        note_title=note.title if note is not None else "",
    )


def record(atlas: Atlas, rank: int, result: Result) -> dict[str, object]:
    """A result for `reflexmap search --json`."""
    entry = result.entry
    data: dict[str, object] = {
        "rank": rank,
        "kind": entry.kind,
        "id": result.id,
        "label": result_label(atlas, result),
        "name": entry.name,
        "why": why(result, most=4),
        "score": result.score,
    }
    if entry.zones:
        data["zones"] = list(entry.zones)
    if entry.target is not None:
        data["opens"] = {"kind": entry.target[0], "id": entry.target[1]}
    return data
