"""Issue 32: the zone card teaches one move first, says where it comes from once, and
keeps out of its main view the fields no source gives.

Mutations tried: ranking the relaxation moves before the reflex's own (`ranked.sort` key
without `r[1][0]`) fails test_first_move_is_for_the_zone_or_its_area; rendering the
recommended move with `card.rows` instead of `card.brief` fails
test_main_view_leaves_out_what_no_source_gives ("not stated by the source"); the old
`own_reflex_from_article` rule for the "None of the articles" line fails
test_no_disclaimer_above_a_move_for_this_reflex.
"""

from __future__ import annotations

from reflexmap.core.present.rich import zone_card_html
from reflexmap.core.present.zone_card import zone_card

NOT_STATED = "not stated by the source"
NONE_OF = "None of the articles"


def test_first_move_is_for_the_zone_or_its_area(atlas) -> None:
    checked = 0
    for zid in atlas.zones:
        card = zone_card(atlas, zid)
        own = [r for r in (*card.techniques, *card.generic) if r.level < 2 and not r.relaxation]
        first = card.recommended
        if own:
            assert first is not None and first.level < 2 and not first.relaxation, zid
            assert first.level == min(r.level for r in own), zid
            checked += 1
        folded = [r for f in card.folds for r in f.moves]
        assert first not in folded, zid
        assert len(folded) + (first is not None) == len(card.techniques) + len(card.generic)
    assert checked > 100


def test_main_view_leaves_out_what_no_source_gives(atlas) -> None:
    said_somewhere = False
    for zid in atlas.zones:
        card = zone_card(atlas, zid)
        main = zone_card_html(card)
        assert NOT_STATED not in main, zid
        assert main.count(NONE_OF) <= 1, zid
        unfolded = zone_card_html(card, show_generic=True)
        assert NOT_STATED not in unfolded, zid
        assert unfolded.count(NONE_OF) <= 1, zid
        full = zone_card_html(card, full=True)  # the full record keeps every field
        said_somewhere |= NOT_STATED in full
        if card.recommended is not None:
            assert card.recommended.card.provenance.startswith("From "), zid
            assert main.count(card.recommended.card.provenance) >= 1
    assert said_somewhere


def test_no_disclaimer_above_a_move_for_this_reflex(atlas) -> None:
    solar = zone_card(atlas, "left.sole.solar_plexus")
    assert solar.recommended is not None and solar.recommended.level == 0
    assert solar.no_source_line == ""
    html = zone_card_html(solar)
    assert "From reflexology teaching" in html
    # its steps come before any other move or claim
    steps = solar.recommended.card.steps
    assert html.index(steps[-1]) < html.index("What reflexology claims")
    for fold in solar.folds:
        assert html.index(steps[-1]) < html.index(f"<b>{fold.heading}</b>")


def test_folds_are_in_teaching_order(atlas) -> None:
    order = ["reflex", "area", "relaxation", "whole"]
    kinds_seen = set()
    for zid in atlas.zones:
        keys = [f.key for f in zone_card(atlas, zid).folds]
        assert keys == sorted(keys, key=order.index), zid
        kinds_seen.update(keys)
    assert kinds_seen == set(order)
