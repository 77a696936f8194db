"""The presenters' words, and the one HTML renderer: what a user reads, without a display."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace

import pytest
from markupsafe import escape

from reflexmap.core.atlas import Atlas
from reflexmap.core.present import i18n
from reflexmap.core.present.cards import (
    LookupCard,
    TechniqueCard,
    lookup_card,
    note_page,
    status_text,
    technique_card,
)
from reflexmap.core.present.labels import (
    PRESSURE_LABELS,
    amount_label,
    duration_label,
    mmss,
    pressure_label,
    side_label,
    zone_line,
    zone_side,
    zone_title,
    zone_tooltip,
)
from reflexmap.core.present.rich import (
    empty_card_html,
    lookup_html,
    note_html,
    plain_to_rich,
    verdict_html,
    zone_card_html,
)
from reflexmap.core.present.routine import (
    handout_intro,
    handout_steps,
    routine_summary,
    step_card,
)
from reflexmap.core.present.safety import verdict_paragraphs
from reflexmap.core.present.zone_card import zone_card
from reflexmap.core.routine_plan import plan_routine
from reflexmap.core.safety_check import build_checklist, evaluate

HOSTILE = '<b>x</b><img src="file:///etc/passwd">'
OWN_DRAWING = re.compile(
    r"<img src=['\"]hand:(?:thumb_walk|finger_walk|hook|rotate|breath)['\"][^<>]*>"
)


def assert_escaped(html: str) -> None:
    """The only image a card may hold is the app's own drawing of a move (`hand:`)."""
    html = OWN_DRAWING.sub("", html)
    assert "&lt;img" in html
    assert "<img" not in html
    assert "<b>x</b>" not in html


# ---- labels ---------------------------------------------------------------------------
def test_side_label_names_the_part_and_the_side(atlas) -> None:
    """The words come from the content's body parts (assets/content/body_parts.toml)."""
    assert side_label(atlas, "foot", "left") == "left foot"
    assert side_label(atlas, "foot", "right") == "right foot"
    assert side_label(atlas, "leg", "left") == "left leg"
    assert side_label(atlas, "leg", "right") == "right leg"
    assert side_label(atlas, "foot", "left", capital=True) == "Left foot"
    assert side_label(atlas, "leg", "right", capital=True) == "Right leg"
    assert side_label(atlas, "leg", None) == "both legs"
    assert side_label(atlas, "foot", None) == "both feet"


def test_a_zone_on_a_leg_view_is_on_a_leg(atlas) -> None:
    leg = next(z for z in atlas.zones.values() if atlas.views[z.view].kind == "leg")
    foot = next(z for z in atlas.zones.values() if atlas.views[z.view].kind == "foot")
    assert zone_side(atlas, leg.id) == f"{leg.foot} leg"
    assert zone_side(atlas, foot.id, capital=True) == f"{foot.foot.capitalize()} foot"


def test_pressure_has_one_wording_and_safety_lowers_it() -> None:
    assert pressure_label("firm_but_gentle") == "firm but gentle"
    assert pressure_label("increasing") == "rising slowly"
    assert pressure_label("firm", lighter=True) == "light (lowered by your safety answers)"
    assert all("_" not in pressure_label(p) for p in PRESSURE_LABELS)


def test_times() -> None:
    assert duration_label(45) == "45 s"
    assert duration_label(120) == "2 min"
    assert duration_label(90) == "1 min 30 s"
    assert mmss(950) == "15:50"
    assert mmss(0.2) == "0:01"  # a countdown never shows 0:00 before the end
    assert mmss(0) == "0:00"
    assert amount_label("3 times", 30) == "3 times; 30 s"
    assert amount_label("", 30, suggested=True) == "30 s (suggested)"
    assert amount_label("3 times", None, suggested=True) == "3 times"
    assert amount_label("", None) == ""


def test_zone_names(atlas) -> None:
    zone = next(z for z in atlas.zones_of(view="sole") if z.foot == "left" and z.claims)
    assert zone_title(atlas, zone.id) == f"{zone.number}. {zone.name}"
    assert zone_line(atlas, zone.id) == (
        f"{zone.number}. {zone.name} (left foot, {atlas.views['sole'].name})"
    )
    first, second = zone_tooltip(atlas, zone.id).split("\n")
    assert first == f"{zone.name} (left foot)"
    assert atlas.body_areas[zone.claims[0].body_area].name in second


def test_tr_is_plugged_in_and_formats_after_translating(atlas, shouting) -> None:  # type: ignore[no-untyped-def]
    leg = next(s for s in atlas.sequences.values() if s.side == "each_leg")
    play = build_plays(leg, atlas)[0]
    assert side_label(atlas, "foot", "left") == "LEFT FOOT"
    assert duration_label(90) == "1 MIN 30 S"
    card = step_card(atlas, leg, play, 1)
    side = f"{play.foot} {play.part}".upper()
    assert card.side == side and card.heading == f"STEP 1 OF 1 · {side}"
    assert ("Present", "{0} min {1} s") in shouting
    i18n.install(None)
    assert side_label(atlas, "foot", "left") == "left foot"


# ---- cards ----------------------------------------------------------------------------
def test_every_zone_card_renders(atlas) -> None:
    for zone_id, zone in atlas.zones.items():
        card = zone_card(atlas, zone_id)
        html = zone_card_html(card)
        assert html.startswith(f"<h2>{zone.number}. ")
        shown = 1 if card.recommended is not None else 0  # the rest are folded
        assert html.count("<a href='technique:") == shown
        assert html.count("<a href='play:") == shown  # with "Do it now"
        assert html.count("<a href='fold:") == len(card.folds)
        unfolded = zone_card_html(card, show_generic=True)
        every = len(card.techniques) + len(card.generic)
        assert unfolded.count("<a href='technique:") == every
        assert unfolded.count("<a href='play:") == every
        assert zone_card_html(card, full=True).count("<a href='technique:") == every
        assert len(card.techniques) + len(card.generic) == len(
            [t for t in atlas.techniques_for_zone(zone_id) if not t.setup]
        )
        assert len(card.safety) == len([r for r in atlas.safety_for_zone(zone_id) if r.zones])


def test_lighter_pressure_reaches_every_technique_card(atlas) -> None:
    zone_id = next(z for z in atlas.zones if atlas.techniques_for_zone(z))
    card = zone_card(atlas, zone_id, lighter=True)
    assert all(
        dict(t.card.rows)["Pressure"] == pressure_label("", lighter=True)
        for t in (*card.techniques, *card.generic)
    )


def test_whole_foot_claims_are_named_once_not_per_zone(atlas) -> None:
    """A claim made of the whole foot is not listed as this zone's: one line says so."""
    zone_id, region_id = next(
        (z, rid)
        for z in atlas.zones
        for _, rid in atlas.claims_for_zone(z)
        if rid is not None and atlas.regions[rid].broad
    )
    card = zone_card(atlas, zone_id)
    broad = {atlas.body_areas[c.body_area].name for c in atlas.regions[region_id].claims}
    assert card.broad_line and all(a in card.broad_line for a in broad)
    own = {atlas.body_areas[c.body_area].name for c in atlas.zones[zone_id].claims}
    listed = {g.area for s in card.sections for g in s.groups}
    assert listed <= own | {
        atlas.body_areas[c.body_area].name
        for c, rid in atlas.claims_for_zone(zone_id)
        if rid is not None and not atlas.regions[rid].broad
    }


def test_lookup_lists_zones_as_every_list_does(atlas) -> None:
    area_id = next(a for a in atlas.body_areas if atlas.zones_for_body_area(a))
    card = lookup_card(atlas, area_id)
    html = lookup_html(card)
    for zone in atlas.zones_for_body_area(area_id):
        assert f"<a href='zone:{zone.id}'>" in html
        assert (zone.id, zone_line(atlas, zone.id)) in card.zones


def test_status_line(atlas) -> None:
    zone = next(iter(atlas.zones.values()))
    area = next(iter(atlas.body_areas.values()))
    assert status_text(atlas, zone.id, area.id, 5) == (
        f"Selected: {zone.name} · Zones claimed for {area.name}: 5"
    )
    assert status_text(atlas, None, None, 0) == ""


def test_missing_note_is_none(atlas) -> None:
    assert note_page(atlas, "no_such_note") is None
    page = note_page(atlas, "evidence")
    assert page is not None and page.paragraphs == atlas.notes["evidence"].body


# ---- escaping -------------------------------------------------------------------------
@pytest.fixture
def hostile(atlas):
    """The bundled content with markup in every kind of text that reaches a page."""
    zone_id = next(
        z.id
        for z in atlas.zones_of()
        if atlas.techniques_for_zone(z.id)
        and atlas.safety_for_zone(z.id)
        and atlas.claims_for_zone(z.id)
    )
    zone = atlas.zones[zone_id]
    tech = atlas.techniques_for_zone(zone_id)[0]
    rule = atlas.safety_for_zone(zone_id)[0]
    claim = atlas.claims_for_zone(zone_id)[0][0]
    area = atlas.body_areas[claim.body_area]
    source_id = tech.sources[0]
    note = atlas.notes["evidence"]

    def swap(items, new):
        return tuple(new if getattr(i, "id", None) == new.id else i for i in items)

    c = atlas.content
    bad = Atlas(
        replace(
            c,
            zones=swap(c.zones, replace(zone, name=HOSTILE, description=HOSTILE)),
            techniques=swap(
                c.techniques,
                replace(
                    tech,
                    name=HOSTILE,
                    steps=(HOSTILE,),
                    cautions=(HOSTILE,),
                    motion=HOSTILE,
                    hands=(HOSTILE,),
                    repetitions=HOSTILE,
                ),
            ),
            safety=swap(c.safety, replace(rule, condition=HOSTILE, explanation=HOSTILE)),
            body_areas=swap(c.body_areas, replace(area, name=HOSTILE, system=HOSTILE)),
            sources=swap(c.sources, replace(atlas.sources[source_id], title=HOSTILE)),
            notes=swap(
                c.notes, replace(note, title=HOSTILE, body=(HOSTILE, "fine"), sources=(source_id,))
            ),
        )
    )
    return bad, zone_id, tech.id, area.id


def test_markup_in_content_is_shown_not_rendered(hostile) -> None:
    bad, zone_id, tech_id, area_id = hostile
    card = zone_card(bad, zone_id)
    assert card.title.endswith(HOSTILE)  # presenters keep the characters...
    html = zone_card_html(card)
    assert_escaped(html)  # ...and the renderer shows them as characters
    tech = technique_card(bad, bad.techniques[tech_id])
    assert tech.steps == (HOSTILE,) and HOSTILE in [s.title for s in tech.sources]
    for part in (HOSTILE, "x</b>"):
        assert part not in html
    page = note_page(bad, "evidence")
    assert page is not None
    assert_escaped(note_html(page))
    assert note_html(page).count("&lt;img") == 3  # title, paragraph, source title
    assert_escaped(lookup_html(lookup_card(bad, area_id)))
    assert_escaped(verdict_html([HOSTILE], strong_first=True))
    assert_escaped(plain_to_rich(zone_tooltip(bad, zone_id)))


def test_each_hostile_field_is_escaped_where_it_lands(hostile) -> None:
    bad, zone_id, _, _ = hostile
    html = zone_card_html(zone_card(bad, zone_id), show_generic=True)  # every card shown
    escaped = "&lt;b&gt;x&lt;/b&gt;&lt;img src=&#34;file:///etc/passwd&#34;&gt;"
    assert f"<h2>{bad.zones[zone_id].number}. {escaped}</h2>" in html  # zone name
    assert f"<b>1.</b>&nbsp;{escaped}</p>" in html  # technique step
    assert f">{escaped}</a></h4>" in html  # technique name: its heading, inside its link


def test_ids_in_links_are_escaped() -> None:
    evil = "x' onclick='alert(1)'><img src=y>"
    html = lookup_html(LookupCard("Area", "", ((evil, "line"),)))
    assert "<img" not in html and "' onclick=" not in html
    assert re.search(r"<a href='zone:[^']*'>line</a>", html)
    from reflexmap.core.present.rich import technique_html

    card = TechniqueCard(evil, "name", (), ("step",), (), ())
    assert "' onclick=" not in str(technique_html(card))


def test_tooltip_keeps_lines_and_is_rich_text() -> None:
    rich = plain_to_rich("a < b\nc")
    assert rich == "<qt>a &lt; b<br>c</qt>"


def test_empty_card_links_to_the_evidence() -> None:
    html = empty_card_html()
    assert html.startswith("<h2>Choose a zone</h2>") and "href='note:evidence'" in html


def test_sources_are_cited_by_title_not_file_name(atlas) -> None:
    """A reader cites an article by its title; the card showed its file name."""
    tech = next(
        t for t in atlas.techniques.values() if atlas.sources[t.sources[0]].kind == "article"
    )
    zone_id = next(z for z in atlas.zones if tech in atlas.techniques_for_zone(z))
    for html in (  # the move unfolded, and the full record
        zone_card_html(zone_card(atlas, zone_id), show_generic=True),
        zone_card_html(zone_card(atlas, zone_id), full=True),
    ):
        assert tech.sources[0] not in html
        assert escape(atlas.sources[tech.sources[0]].title) in html


def build_plays(seq, atlas, allowed_steps=None):
    """What the player plays: the routine's plan."""
    return list(plan_routine(atlas, seq, allowed_steps=allowed_steps).steps)


# ---- routines -------------------------------------------------------------------------
def test_summary_counts_what_the_player_plays(atlas) -> None:
    for seq in atlas.sequences.values():
        plays = build_plays(seq, atlas)
        summary = routine_summary(atlas, seq)
        assert summary.steps == len(plays)
        assert summary.total_s == sum(p.duration_s for p in plays)
        assert summary.line == f"{seq.name} ({len(plays)} steps, {mmss(summary.total_s)})"
        assert f"about {max(1, round(summary.total_s / 60))} min" in handout_intro(atlas, seq)
        some = routine_summary(atlas, seq, allowed_steps=[0])
        assert some.steps == len(build_plays(seq, atlas, allowed_steps=[0]))


def test_step_card_heading_side_and_suggested_time(atlas) -> None:
    for seq in atlas.sequences.values():
        plays = build_plays(seq, atlas)
        for play in plays:
            card = step_card(atlas, seq, play, len(plays))
            assert card.heading == f"Step {play.index + 1} of {len(plays)} · {card.side}"
            if not play.side_stated:  # no side invented where the source gives none
                assert card.side == "side not given by the source"
            elif play.foot is None:
                assert card.side == ("both legs" if play.part == "leg" else "both feet")
            else:
                assert card.side == f"{play.foot} {play.part}"
            assert card.facts.endswith(f"Side: {card.side}")
            assert ("(suggested)" in card.amount) == play.suggested
    circulation = atlas.sequences["seq_004_circulation"]  # the source starts on the right
    plays = build_plays(circulation, atlas)
    assert step_card(atlas, circulation, plays[0], len(plays)).side == "right foot"


def test_handout_steps_cover_the_plan_once(atlas) -> None:
    """Paper prints each source step once, with every number the player gives it."""
    for seq in atlas.sequences.values():
        plan = plan_routine(atlas, seq)
        blocks = handout_steps(atlas, plan)
        numbers = [p.index for b in blocks for p in b.planned]
        assert sorted(numbers) == list(range(len(plan.steps)))
        for block in blocks:
            first = block.planned[0]
            assert duration_label(first.duration_s) in block.card.facts
            for p in block.planned:
                assert str(p.index + 1) in block.heading
            tech = atlas.techniques[first.step.technique]
            assert f"Pressure: {pressure_label(tech.pressure)}" in block.card.facts


# ---- safety verdicts ------------------------------------------------------------------
def _rule(check, effect, *, whole: bool):
    count = len(check.sequence.steps)
    return next(
        (
            r
            for r in check.questions
            if r.effect == effect and (len(check.steps_of_rule[r.id]) == count) == whole
        ),
        None,
    )


def test_verdict_blocked(atlas) -> None:
    seq = next(iter(atlas.sequences.values()))
    check = build_checklist(atlas, seq)
    rule = _rule(check, "avoid", whole=True)
    assert rule is not None
    paragraphs = verdict_paragraphs(evaluate(check, {rule.id}), seq)
    assert paragraphs == (f"This routine should not be done. {rule.condition}: {rule.explanation}",)


def _partial_verdicts(atlas):
    """(sequence, rule, verdict) for every "avoid" rule that leaves some steps playable."""
    for seq in atlas.sequences.values():
        check = build_checklist(atlas, seq)
        for rule in check.questions:
            if rule.effect == "avoid":
                verdict = evaluate(check, {rule.id})
                if verdict.partly_blocked:
                    yield seq, rule, verdict


def test_verdict_partly_blocked_names_the_steps(atlas) -> None:
    seq, rule, verdict = next(
        (s, r, v) for s, r, v in _partial_verdicts(atlas) if len(v.allowed_steps) >= 2
    )
    kept = [str(i + 1) for i in verdict.allowed_steps]
    listed = ", ".join(kept[:-1]) + " and " + kept[-1]
    (text,) = verdict_paragraphs(verdict, seq)
    assert text.startswith(f"Steps {listed} of {len(seq.steps)} will be played;")
    assert text.endswith(f"{rule.condition}: {rule.explanation}")
    html = verdict_html(verdict_paragraphs(verdict, seq), strong_first=True)
    assert html.startswith("<p><b>Steps ")


def test_verdict_keeping_one_step_says_only(atlas) -> None:
    """No bundled answer keeps one step alone any more (the leg article's list stops both
    of its routines whole), so the verdict is made: one leg rule keeping step 2 of 5."""
    seq, rule, partial = next(iter(_partial_verdicts(atlas)))
    verdict = dataclasses.replace(
        partial,
        allowed_steps=(1,),
        blocked_steps=tuple(i for i in range(len(seq.steps)) if i != 1),
    )
    (text,) = verdict_paragraphs(verdict, seq)
    assert text.startswith(
        f"Only step {verdict.allowed_steps[0] + 1} of {len(seq.steps)} will be played;"
    )


def test_verdict_doctor_and_lighter(atlas) -> None:
    seq = next(iter(atlas.sequences.values()))
    check = build_checklist(atlas, seq)
    doctor = _rule(check, "ask_doctor", whole=True)
    lighter = next(r for r in check.questions if r.effect == "lighter_pressure")
    assert doctor is not None
    paragraphs = verdict_paragraphs(evaluate(check, {doctor.id, lighter.id}), seq)
    assert paragraphs == (
        f"Ask a doctor first: {doctor.explanation}",
        f"Use lighter pressure: {lighter.explanation} The step cards will say so.",
    )


def test_verdict_nothing_ticked(atlas) -> None:
    seq = next(iter(atlas.sequences.values()))
    verdict = evaluate(build_checklist(atlas, seq), set())
    assert verdict_paragraphs(verdict, seq) == (
        "Nothing you ticked stops this routine. Stop if anything hurts.",
    )


def test_counts_read_right_for_one_and_many_through_the_plural_hook(atlas) -> None:
    """No more "Also for the whole leg: 1 moves" or "1 steps". English picks the singular
    itself; a translator installed with a plural form gets the count and the %n text.
    Mutation checked: `trn` returning the plural always fails the first assertions."""
    assert i18n.trn("Present", "%n step", "%n steps", 1) == "1 step"
    assert i18n.trn("Present", "%n step", "%n steps", 2) == "2 steps"
    asked: list[tuple[str, str, int]] = []

    def plural(context: str, text: str, n: int) -> str:
        asked.append((context, text, n))
        return text.replace("%n", str(n)).replace("steps", "Schritte" if n != 1 else "Schritt")

    i18n.install(None, plural)
    try:
        assert i18n.trn("Present", "%n step", "%n steps", 1) == "1 Schritt"
    finally:
        i18n.install(None)
    assert asked == [("Present", "%n steps", 1)]
    one_move = [
        zone_card(atlas, z).generic_line
        for z in atlas.zones
        if len(zone_card(atlas, z).generic) == 1
    ]
    assert one_move and all(line.endswith(": 1 move") for line in one_move)
