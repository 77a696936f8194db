"""The zone card leads with how to work the zone; claims follow, one per body area.

Mutations tried: putting the claim sections before "How to work it" in zone_card_lines
fails test_named_cards_lead_with_a_specific_technique and test_every_card_leads_with_how;
ranking by name instead of by specificity fails test_named_cards_lead_with_a_specific_
technique (the whole-foot "Brisk palm rub" came first on the heel); dropping the
`setup` filter fails test_no_setup_step_on_a_zone_card.
"""

from __future__ import annotations

import pytest

from reflexmap.cli import main
from reflexmap.core.present.zone_card import zone_card, zone_card_lines

NAMED = [
    "left.sole.solar_plexus",
    "left.sole.lower_heel",
    "left.sole.head_brain",
    "left.top.big_toe_top",
    "left.leg_back.popliteal_fossa",
]


def _first_lines(card) -> tuple[int, int]:
    """Line numbers of the first technique and the first claim in the printed card."""
    lines = zone_card_lines(card)
    techniques = [f"* {r.card.name} (" for r in (*card.techniques, *card.generic)]
    claims = [f"* {g.area} (" for s in card.sections for g in s.groups]
    first_t = next(
        (i for i, line in enumerate(lines) if any(line.startswith(t) for t in techniques)),
        len(lines),
    )
    first_c = next(
        (i for i, line in enumerate(lines) if any(line.startswith(c) for c in claims)), len(lines)
    )
    return first_t, first_c


@pytest.mark.parametrize("zone_id", NAMED)
def test_named_cards_lead_with_a_specific_technique(
    atlas,
    zone_id: str,
    capsys,
) -> None:
    card = zone_card(atlas, zone_id)
    first_t, first_c = _first_lines(card)
    assert first_t < 25 and first_t < first_c
    assert card.techniques, zone_id
    assert card.techniques[0].level < 2  # for this reflex or its area, not the whole foot
    areas = [g.area for s in card.sections for g in s.groups]
    assert len(areas) == len(set(areas))  # each body area once
    assert main(["card", zone_id]) == 0  # the CLI prints this same card
    assert capsys.readouterr().out.splitlines() == zone_card_lines(card)


def test_every_card_leads_with_how(atlas) -> None:
    for zone_id in atlas.zones:
        card = zone_card(atlas, zone_id)
        first_t, first_c = _first_lines(card)
        assert first_t < first_c or not card.sections, zone_id


def test_every_reflex_zone_has_a_specific_technique(atlas) -> None:
    missing = [
        z.id
        for z in atlas.zones.values()
        if atlas.views[z.view].kind == "foot" and not zone_card(atlas, z.id).techniques
    ]
    assert missing == []


def test_no_setup_step_on_a_zone_card(atlas) -> None:
    setup = {t.name for t in atlas.techniques.values() if t.setup}
    assert setup  # soak, positions, change-over... exist in the content
    for zone_id in atlas.zones:
        card = zone_card(atlas, zone_id)
        shown = {r.card.name for r in (*card.techniques, *card.generic)}
        assert not shown & setup, zone_id


def test_massage_benefits_never_under_reflexology(atlas) -> None:
    for zone_id in atlas.zones:
        for section in zone_card(atlas, zone_id).sections:
            if section.heading == "What reflexology claims":
                assert all("massage benefit" not in g.kinds for g in section.groups), zone_id


def test_unknown_zone_is_a_clear_error(capsys) -> None:
    assert main(["card", "left.sole.nope"]) == 2
    assert "unknown zone" in capsys.readouterr().err
