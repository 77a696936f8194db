"""Words a reader can trust: over every zone's card and every routine's plan.

* No bare article code ("(000)", "003;") and no talk of data fields; articles are cited
  by title or name (the file name only on the Sources page).
* Counts read right for one and for many ("1 move", never "1 moves").
* A leg area is "this area", never "this reflex".
* Every disagreement note reaches the cards, rules and routines it concerns.

Mutations checked (each failed here, then was restored):
- "(000)" put back into the soak's repetitions in techniques.toml:
  test_no_bare_codes_in_any_content_string (the printed cards and plans alone missed it:
  the soak is a set-up, on no card).
- `_scope` ignoring `leg`: test_leg_areas_are_areas.
- zone cards' note ids without the generic techniques and the feet- or legs-only rules:
  test_notes_reach_what_they_concern (d_stroke_direction missed the leg cards).
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from reflexmap.cli import main
from reflexmap.core.atlas import Atlas
from reflexmap.core.present.routine import routine_notes
from reflexmap.core.present.zone_card import zone_card
from reflexmap.core.safety_check import build_checklist
from reflexmap.core.safety_rules import zone_kinds

BARE_CODE = re.compile(r"\(00[0-4]\)|\b00[0-4][;:,]|\b00[0-4] |_[0-9a-f]{16}\.txt")
FIELD_TALK = re.compile(r"\bthe field\b|\bfield says\b|not_stated|seq_|\bs_[a-z]")
ONE_MANY = re.compile(r"\b1 (moves|steps|precautions|zones|times)\b")


@pytest.fixture(scope="module")
def printed(atlas: Atlas) -> dict[str, str]:
    """What `reflexmap card` prints for every zone and `reflexmap routine` for every
    routine (also with each of its questions answered), keyed by what was asked."""
    out: dict[str, str] = {}

    def run(args: list[str]) -> str:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(args) == 0, args
        return buf.getvalue()

    for zid in atlas.zones:
        out[f"card {zid}"] = run(["card", zid])
    for sid, seq in atlas.sequences.items():
        out[f"routine {sid}"] = run(["routine", sid])
        for rule in build_checklist(atlas, seq).questions:
            out[f"routine {sid} --answer {rule.id}"] = run(["routine", sid, "--answer", rule.id])
    return out


def test_no_bare_codes(printed: dict[str, str]) -> None:
    assert len(printed) > 250
    for what, text in printed.items():
        assert not BARE_CODE.search(text), (what, BARE_CODE.search(text))
        assert not FIELD_TALK.search(text), (what, FIELD_TALK.search(text))


# keys whose values are ids or references, never shown as words
NOT_WORDS = {
    "id", "sources", "seed_ids", "source", "related", "technique", "zones", "regions",
    "body_area", "view", "chart", "key", "follows", "part_of", "stops_routines",
    "only_routines", "polygon", "outline", "effect", "applies_to", "kind", "side",
    "performer", "pressure", "strength", "first_side", "foot",
}  # fmt: skip


def test_no_bare_codes_in_any_content_string(atlas: Atlas) -> None:
    """Every word of the content a card, a page, a step or the player may show."""
    found: list[tuple[str, str]] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in NOT_WORDS:
                    walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif isinstance(value, str) and (BARE_CODE.search(value) or FIELD_TALK.search(value)):
            found.append((path, value))

    data = atlas.to_json()
    data.pop("sources", None)  # the Sources page: the one place file names belong
    data.pop("synonyms", None)  # search words and the ids they point at, never shown
    walk(data, "")
    assert not found, found[:5]


def test_counts_read_right(printed: dict[str, str]) -> None:
    for what, text in printed.items():
        assert not ONE_MANY.search(text), (what, ONE_MANY.search(text))
    assert any(": 1 move:" in text for text in printed.values())  # the singular is used


def test_leg_areas_are_areas(atlas: Atlas, printed: dict[str, str]) -> None:
    legs = [z for z in atlas.zones.values() if zone_kinds(atlas, z) == frozenset({"leg"})]
    assert len(legs) > 10
    for zone in legs:
        text = printed[f"card {zone.id}"]
        assert "this reflex" not in text, zone.id
        assert "For this reflex" not in text, zone.id


def test_notes_reach_what_they_concern(atlas: Atlas) -> None:
    cards = {zid: {n for n, _ in zone_card(atlas, zid).notes} for zid in atlas.zones}
    routines = {sid: {n for n, _ in routine_notes(atlas, s)} for sid, s in atlas.sequences.items()}
    disagreements = [n for n in atlas.notes.values() if n.kind == "disagreement"]
    assert len(disagreements) >= 14
    for note in disagreements:
        reached = {z for z, ns in cards.items() if note.id in ns} | {
            s for s, ns in routines.items() if note.id in ns
        }
        assert reached, f"{note.id} reaches no card and no routine"
        for ref in note.related:
            if ref in atlas.sequences:
                assert note.id in routines[ref], (note.id, ref)
            if ref in atlas.techniques:
                for sid, seq in atlas.sequences.items():
                    if any(step.technique == ref for step in seq.steps):
                        assert note.id in routines[sid], (note.id, ref, sid)
                for zid in atlas.zones:
                    card = zone_card(atlas, zid)
                    shown = {r.card.id for r in (*card.techniques, *card.generic)}
                    if ref in shown:
                        assert note.id in cards[zid], (note.id, ref, zid)
            if ref in atlas.safety:
                for sid, seq in atlas.sequences.items():
                    if ref in build_checklist(atlas, seq).steps_of_rule:
                        assert note.id in routines[sid], (note.id, ref, sid)


def test_the_two_missing_disagreements_are_in_help(atlas: Atlas) -> None:
    """003's strong ankle work against the light touch on bone; "always towards the
    heart" against 004's return down the sides; and 003's list against the others."""
    titles = {n.id: n.title for n in atlas.notes.values() if n.kind == "disagreement"}
    for nid in ("d_ankle_pressure", "d_leg_stroke_direction", "d_leg_article_list"):
        assert nid in titles, nid
    stroke = atlas.notes["d_stroke_direction"]
    assert "always strokes upwards" not in (stroke.choice or "")
    circulation = {n for n, _ in routine_notes(atlas, atlas.sequences["seq_004_circulation"])}
    assert "d_leg_stroke_direction" in circulation


def test_a_card_leads_with_a_way_to_work_the_reflex(atlas: Atlas) -> None:
    """The heart and lungs cards led with "Metatarsal kneading", the ankle cards
    with "Ankle loosening" (ties sorted by name). Relaxation moves come after every way to
    work the reflex. Mutation checked: the sort key without `relaxation` fails on
    left.sole.heart."""
    for zid in atlas.zones:
        shown = [atlas.techniques[r.card.id] for r in zone_card(atlas, zid).techniques]
        flags = [t.relaxation for t in shown]
        assert flags == sorted(flags), (zid, [t.name for t in shown])
    heart = zone_card(atlas, "left.sole.heart").techniques
    assert not atlas.techniques[heart[0].card.id].relaxation


def test_a_disagreement_page_says_what_the_app_does(atlas: Atlas) -> None:
    """The choice made for each disagreement was in the content but on no page."""
    from reflexmap.core.present.cards import note_page

    for note in atlas.notes.values():
        if note.kind == "disagreement":
            page = note_page(atlas, note.id)
            assert page is not None and note.choice
            assert page.paragraphs[-1] == f"What the app does: {note.choice}", note.id
