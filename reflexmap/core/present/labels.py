"""Short labels: sides, pressures, times, zone names.

Each of these was spelled in several widgets, each a little differently ("left foot" in
the list, "Left leg" on the map, pressure "firm_but_gentle" on paper and "firm but
gentle" on screen). One function per label keeps them equal everywhere.
"""

from __future__ import annotations

from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP, translate
from reflexmap.core.records import CLAIM_KIND_LABELS, EFFECT_LABELS, STRENGTH_LABELS

# The English words; `pressure_label` translates them when it hands them out.
PRESSURE_LABELS: dict[str, str] = {
    "light": QT_TRANSLATE_NOOP("Present", "light"),
    "gentle": QT_TRANSLATE_NOOP("Present", "gentle"),
    "low": QT_TRANSLATE_NOOP("Present", "low"),
    "moderate": QT_TRANSLATE_NOOP("Present", "moderate"),
    "firm": QT_TRANSLATE_NOOP("Present", "firm"),
    "firm_but_gentle": QT_TRANSLATE_NOOP("Present", "firm but gentle"),
    "increasing": QT_TRANSLATE_NOOP("Present", "rising slowly"),
    "varied": QT_TRANSLATE_NOOP("Present", "varied"),
    "not_stated": QT_TRANSLATE_NOOP("Present", "not stated by the source"),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def side_label(atlas: Atlas, kind: str, foot: str | None, *, capital: bool = False) -> str:
    """Whole phrases from the content's body part ("left foot", "both legs"), not
    "left" + "foot": a translation may need to change the words. They are content, handed
    to the translator as they are (the bundled ones are in its catalogue)."""
    part = atlas.body_part(kind)
    text = translate(
        "Present", part.both if foot is None else part.left if foot == "left" else part.right
    )
    return _capital(text) if capital else text


def side_only_label(atlas: Atlas, kind: str, foot: str, *, brackets: bool = True) -> str:
    """For a row or result drawn on one side only: "(left foot only)"."""
    only = translate("Present", "{0} only").format(side_label(atlas, kind, foot))
    return translate("Present", "({0})").format(only) if brackets else only


def whole_label(atlas: Atlas, kind: str) -> str:
    """ "the whole foot": what a move for the whole body part is for."""
    return translate("Present", atlas.body_part(kind).whole)


def view_kind(atlas: Atlas, view_id: str) -> str:
    """The body part a view draws (its id)."""
    return atlas.view_part(view_id).id


def zone_side(atlas: Atlas, zone_id: str, *, capital: bool = False) -> str:
    """A zone on a leg view is on a leg, even though zones are stored with a `foot`."""
    zone = atlas.zones[zone_id]
    return side_label(atlas, view_kind(atlas, zone.view), zone.foot, capital=capital)


def pressure_label(value: str, *, lighter: bool = False) -> str:
    """The safety answers override the technique's pressure, so the card never asks for
    firm pressure from someone who ticked a reason to go lighter."""
    if lighter:
        return translate("Present", "light (lowered by your safety answers)")
    return translate("Present", PRESSURE_LABELS.get(value, value.replace("_", " ")))


def duration_label(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    if m and s:
        return translate("Present", "{0} min {1} s").format(m, s)
    if m:
        return translate("Present", "{0} min").format(m)
    return translate("Present", "{0} s").format(s)


def mmss(seconds: float) -> str:
    """Rounded up: a countdown shows 0:01 until the very end, never 0:00 too early."""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def amount_label(repetitions: str, duration_s: float | None, *, suggested: bool = False) -> str:
    """A time the app made up must not pass for the source's advice: it says so."""
    parts = [repetitions] if repetitions else []
    if duration_s:
        time = duration_label(duration_s)
        if suggested:
            time = translate("Present", "{0} (suggested)").format(time)
        parts.append(time)
    return translate("Present", "; ").join(parts)


def view_label(atlas: Atlas, view_id: str) -> str:
    view = atlas.views.get(view_id)
    return view.name if view is not None else view_id


def claim_kind_label(kind: str) -> str:
    return translate("Present", CLAIM_KIND_LABELS.get(kind, kind.replace("_", " ")))


def strength_label(strength: str) -> str:
    return translate("Present", STRENGTH_LABELS.get(strength, strength.replace("_", " ")))


def effect_label(effect: str) -> str:
    return translate("Present", EFFECT_LABELS.get(effect, effect.replace("_", " ")))


def zone_title(atlas: Atlas, zone_id: str) -> str:
    """Number first: it is what the map and the printed legend show."""
    zone = atlas.zones[zone_id]
    return translate("Present", "{0}. {1}").format(zone.number, zone.name)


def zone_entry(atlas: Atlas, zone_id: str) -> str:
    """A zone in a list of one view's zones: the view goes without saying."""
    return translate("Present", "{0} ({1})").format(
        zone_title(atlas, zone_id), zone_side(atlas, zone_id)
    )


def zone_line(atlas: Atlas, zone_id: str) -> str:
    """One line that tells a zone apart from its mirror and its namesakes on other views."""
    zone = atlas.zones[zone_id]
    return translate("Present", "{0} ({1}, {2})").format(
        zone_title(atlas, zone_id), zone_side(atlas, zone_id), view_label(atlas, zone.view)
    )


def zone_areas(atlas: Atlas, zone_id: str) -> list[str]:
    """The body areas a zone's own claims name, once each, in content order."""
    zone = atlas.zones[zone_id]
    return list(
        dict.fromkeys(
            atlas.body_areas[c.body_area].name
            for c in zone.claims
            if c.body_area in atlas.body_areas
        )
    )


def zone_tooltip(atlas: Atlas, zone_id: str) -> str:
    """Plain text: a tooltip is shown through `rich.plain_to_rich`, never as markup."""
    zone = atlas.zones[zone_id]
    tip = translate("Present", "{0} ({1})").format(zone.name, zone_side(atlas, zone_id))
    areas = zone_areas(atlas, zone_id)
    if areas:
        tip += "\n" + translate("Present", "Reflexology links it to: {0}").format(", ".join(areas))
    return tip
