"""Who is massaged, the session that walks the map, and built sessions.

Mutations checked (each failed here, then was restored):
- `for_who` not replacing the instruction: the self-wording test names 004's and
  003's partner steps ("Ask the", "Have the").
- `plan_routine` not leaving out `self_plan = "left_out"` steps: 004's face-down
  passes are played on your own feet (test_steps_nobody_can_do_alone_are_left_out).
- the session's steps built from the whole technique's regions instead of `zone_keys`:
  the one-zone-at-a-time test fails (a toe step lights every toe pad).
- `_scaled` not applied: the 10- and 30-minute sessions last 19 min 28 s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from reflexmap.cli import main
from reflexmap.core import practice
from reflexmap.core.atlas import Atlas
from reflexmap.core.present import cards, safety
from reflexmap.core.present.routine import plan_lines
from reflexmap.core.routine_plan import NEEDS_SOMEONE, plan_for_answers, plan_routine
from reflexmap.core.safety_check import evaluate

# What the test looks for: any word that speaks to or about someone other than "you".
# "they", "them", "their" alone also mean toes, thumbs and hands in the steps, so only
# their person phrases are listed.
OTHER_PERSON = (
    r"\bthe person\b",
    r"\bperson's\b",
    r"\bpartners?\b",
    r"\bsomeone\b",
    r"\bsomebody\b",
    r"\breceiver\b",
    r"\breceiving\b",
    r"\brecipient\b",
    r"\bclient\b",
    r"\bgiver\b",
    r"\b(he|she|him|his|her|hers|themselves)\b",
    r"\bask (them|the)\b",
    r"\bhave (them|the)\b",
    r"\bturn over\b",
    r"\bface down\b",
    r"\bas they (do|breathe)\b",
    r"\bthey (breathe|find|feel|like|want|say|lie|turn)\b",
    r"\btheir (back|front|feet|foot|legs?|doctor)\b",
    r"\bfor them\b",
)
PATTERN = re.compile("|".join(OTHER_PERSON), re.IGNORECASE)
SOURCE_NAMES = ("the partner massage article",)  # an article's name, not a person
# A summary may say that its source is written for someone else (the brief: "partner
# wording kept where a source is partner-only; say so"); steps may not.
SAYS_SO = re.compile(r"someone else|face down", re.IGNORECASE)


def other_person(text: str) -> list[str]:
    for name in SOURCE_NAMES:
        text = text.replace(name, "")
    return [m.group(0) for m in PATTERN.finditer(text)]


def self_texts(atlas: Atlas) -> Iterator[tuple[str, str]]:
    """(where, text) of everything shown to someone massaging their own feet."""
    for sid, seq in atlas.sequences.items():
        mine = practice.for_who(seq, "self")
        plan, _, checklist = plan_for_answers(atlas, mine)
        yield f"{sid} summary", SAYS_SO.sub("", mine.summary)
        for step in plan.steps:
            yield f"{sid} step {step.index + 1}", step.text
        yield f"{sid} intro", safety.intro_text(mine)
        yield f"{sid} acknowledge", safety.acknowledge_text(mine)
        for rule in (*checklist.questions, *checklist.reminders):
            yield f"{sid} question {rule.id}", checklist.text(rule)
            one = evaluate(checklist, frozenset({rule.id}))
            for paragraph in safety.verdict_paragraphs(one, mine, atlas):
                yield f"{sid} verdict {rule.id}", paragraph
    for tid, tech in atlas.techniques.items():
        if not tech.alone:
            continue  # the card says it needs someone else (tested below)
        card = cards.technique_card(atlas, tech, who="self")
        for n, step in enumerate(card.steps):
            yield f"card {tid} step {n + 1}", step
        for label, value in card.rows:
            yield f"card {tid} {label}", value


def test_the_word_list_finds_what_it_must() -> None:
    for text in (
        "Ask the person to turn over and lie face down.",
        "Rest the person's sole in your palm.",
        "Press in as they breathe in.",
        "Have the person lie face up.",
    ):
        assert other_person(text), text
    for text in ("Turn each toe; ease them apart.", "Dry them (the partner massage article)."):
        assert not other_person(text), text


def test_self_wording_speaks_to_no_one_else(atlas: Atlas) -> None:
    bad = [
        f"{where}: {hits} in {text!r}"
        for where, text in self_texts(atlas)
        if (hits := other_person(text))
    ]
    assert not bad, "\n".join(bad)


def test_partner_wording_of_a_self_routine_speaks_of_the_person(atlas: Atlas) -> None:
    seq = practice.for_who(atlas.sequences["seq_002_seated_self_massage"], "partner")
    plan = plan_routine(atlas, seq)
    assert plan.steps[0].text.startswith("Have the person sit")
    assert "the person receiving" in safety.intro_text(seq)
    card = cards.technique_card(atlas, atlas.techniques["t_seated_cross_leg_setup"], who="partner")
    assert card.steps[0].startswith("Have the person")


def test_moves_that_need_someone_else_say_so(atlas: Atlas) -> None:
    needing = [t for t in atlas.techniques.values() if not t.alone]
    assert {t.id for t in needing} == {"t_position_prone", "t_back_of_leg_long_strokes"}
    for tech in needing:
        card = cards.technique_card(atlas, tech, who="self")
        assert card.cautions[0] == cards.needs_someone_text()
        partner = cards.technique_card(atlas, tech, who="partner")
        assert cards.needs_someone_text() not in partner.cautions
        for seq in atlas.sequences.values():  # and no routine plays it on your own feet
            plan = plan_routine(atlas, practice.for_who(seq, "self"))
            assert tech.id not in {s.technique for s in plan.steps}, seq.id


def test_steps_nobody_can_do_alone_are_left_out(atlas: Atlas) -> None:
    seq = atlas.sequences["seq_004_circulation"]
    mine = plan_routine(atlas, practice.for_who(seq, "self"))
    theirs = plan_routine(atlas, practice.for_who(seq, "partner"))
    out = {o.step_index: o.reasons for o in mine.left_out}
    assert out == {6: (NEEDS_SOMEONE,), 7: (NEEDS_SOMEONE,)}
    assert not theirs.left_out
    lines = "\n".join(plan_lines(atlas, mine))
    assert "Left out: source step 7 (cannot be done on your own feet: lying face down" in lines
    assert "Left out: source step 8 (cannot be done on your own feet: one unbroken stroke" in lines


def test_both_hands_steps_are_planned_per_foot_on_yourself(atlas: Atlas) -> None:
    seq = atlas.sequences["seq_000_foot_massage"]
    mine = plan_routine(atlas, practice.for_who(seq, "self")).planned_of(0)
    theirs = plan_routine(atlas, practice.for_who(seq, "partner")).planned_of(0)
    assert [s.foot for s in theirs] == [None]
    assert sorted(s.foot for s in mine) == ["left", "right"]
    assert all(s.duration_s == theirs[0].duration_s for s in mine)  # each its own time
    assert mine[0].text == "Warm this foot between your hands, then stretch it lightly."


def test_routines_are_grouped_by_whom_they_suit(atlas: Atlas) -> None:
    suits = {sid: practice.suits(s) for sid, s in atlas.sequences.items()}
    assert suits["seq_002_seated_self_massage"] == "self"
    assert suits["seq_004_circulation"] == "partner"  # its last passes need someone else
    assert suits["seq_001_bedtime"] == "both"
    assert suits[practice.SESSION_ID] == "both"


# ---- the session that walks the map ----------------------------------------------------


@pytest.fixture(scope="module")
def session_plan(atlas: Atlas):
    return plan_routine(atlas, practice.for_who(atlas.sequences[practice.SESSION_ID], "self"))


def test_the_session_covers_every_sole_zone_of_both_feet(atlas: Atlas, session_plan) -> None:
    lit = set().union(*(s.zones for s in session_plan.steps if not _relaxation(atlas, s)))
    sole = {z.id for z in atlas.zones_of(view="sole")}
    assert sole - lit == set()


def test_the_session_opens_and_closes_on_the_solar_plexus(session_plan) -> None:
    first, last = session_plan.steps[0], session_plan.steps[-1]
    assert first.zones == {"right.sole.solar_plexus"}
    assert last.zones == {"left.sole.solar_plexus"}
    assert first.technique == last.technique == "t_reflex_solar_plexus_breath"
    feet = [s.foot for s in session_plan.steps]
    assert feet[0] == "right" and feet.index("left") > len(feet) // 3
    assert feet[feet.index("left") :] == ["left"] * (len(feet) - feet.index("left"))


def _relaxation(atlas: Atlas, step) -> bool:
    tech = atlas.techniques[step.technique]
    return tech.relaxation or tech.id == "t_switch_side"


def test_each_step_lights_one_zone_with_its_cards_first_technique(
    atlas: Atlas, session_plan
) -> None:
    walked = 0
    for step in session_plan.steps:
        if _relaxation(atlas, step):  # rocking, wringing: the whole sole, and said so
            assert step.view == "sole" and step.step.zones == ("z_sole",)
            continue
        assert len(step.zones) == 1, (step.index, step.zones)
        (zone_id,) = step.zones
        zone = atlas.zones[zone_id]
        assert zone.foot == step.foot
        assert step.technique == practice.lead_technique(atlas, zone), zone_id
        assert step.text.startswith(zone.name) or step.technique == "t_reflex_solar_plexus_breath"
        walked += 1
    assert walked > 70


def test_the_session_walks_in_the_books_order(atlas: Atlas, session_plan) -> None:
    group = {k: n for n, (_, keys) in enumerate(practice.WALK) for k in keys}
    right = [
        group[practice.zone_key(atlas.zones[next(iter(s.zones))])]
        for s in session_plan.steps
        if s.foot == "right" and len(s.zones) == 1 and s.technique != "t_reflex_solar_plexus_breath"
    ]
    assert right == sorted(right) and right[0] == 0 and right[-1] == len(practice.WALK) - 1
    colon = [
        atlas.zones[next(iter(s.zones))].key
        for s in session_plan.steps
        if len(s.zones) == 1 and "colon" in next(iter(s.zones))
    ]  # right foot up and across, left foot across and down
    assert colon == [
        "ascending_colon",
        "transverse_colon",
        "transverse_colon",
        "descending_colon",
        "sigmoid_colon",
    ]


@pytest.mark.parametrize("minutes", [10, 20, 30])
def test_the_session_lasts_the_length_asked(atlas: Atlas, minutes: int) -> None:
    seq = practice.for_who(atlas.sequences[practice.SESSION_ID], "self")
    plan = plan_routine(atlas, seq, minutes=minutes)
    assert plan.total_s == pytest.approx(minutes * 60, rel=0.10)
    assert all(s.suggested for s in plan.steps)  # the books give no times


def test_the_session_as_written_is_twenty_minutes(session_plan) -> None:
    assert session_plan.total_s == pytest.approx(20 * 60, rel=0.10)


# ---- build my session and the command line ----------------------------------------------


def _routine(capsys, *args: str) -> dict:
    assert main(["routine", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_build_for_headache(atlas: Atlas, capsys) -> None:
    record = _routine(capsys, "--build", "--for", "headache", "--minutes", "10")
    steps = record["steps"]
    assert record["total_seconds"] == pytest.approx(600, rel=0.10)
    assert record["who"] == "self"
    # the times the player plays for the same build (timed once, not scaled again)
    from reflexmap.core.routine_plan import plan_routine

    built = practice.for_who(practice.build_session(atlas, query="headache", minutes=10), "self")
    assert [s["seconds"] for s in record["steps"]] == [
        s.duration_s for s in plan_routine(atlas, built).steps
    ]
    worked = {z for s in steps for z in s["zones"]}
    assert {"left.sole.head_brain", "right.sole.head_brain"} <= worked
    head = {z.id for z in atlas.zones_for_body_area("head_brain")}
    inner = [s for s in steps if s["technique"] != "t_reflex_solar_plexus_breath"]
    assert all(set(s["zones"]) <= head for s in inner if len(s["zones"]) == 1)
    # inside the frame: the breath hold first and last, on each foot
    assert steps[0]["zones"] == ["right.sole.solar_plexus"]
    assert steps[-1]["zones"] == ["left.sole.solar_plexus"]
    assert steps[0]["side"] == "right" and steps[-1]["side"] == "left"
    assert set(steps[0]) >= {
        "index",
        "side",
        "view",
        "regions",
        "zones",
        "technique",
        "text",
        "seconds",
        "time_source",
    }


def test_a_built_session_says_why_each_zone_is_in_it(atlas: Atlas) -> None:
    seq = practice.build_session(atlas, query="headache")
    assert "Big toe: head and brain: claimed for Head and brain" in seq.summary
    assert "not promises of an effect" in seq.summary
    for word in ("will ", "cures", "heals", "relieves"):
        assert word not in seq.summary.lower()
    rows = practice.why_lines(atlas, ["sole.head_brain"])
    assert rows[0][2] == "evidence" and "evidence" in atlas.notes


def test_a_stopping_condition_stops_a_built_session(capsys) -> None:
    record = _routine(capsys, "--build", "--for", "headache", "--answer", "s_dvt_clotting")
    assert record["verdict"]["can_start"] is False
    assert record["verdict"]["blocked"] is True


def test_build_from_zones_and_bad_input(capsys) -> None:
    record = _routine(capsys, "--build", "--zone", "left.sole.thyroid", "--minutes", "5")
    assert {"left.sole.thyroid", "right.sole.thyroid"} <= {
        z for s in record["steps"] for z in s["zones"]
    }
    assert main(["routine", "--build", "--zone", "nowhere"]) == 2
    assert "unknown zone 'nowhere'" in capsys.readouterr().err
    assert main(["routine", "--build", "--for", "qqqzzz"]) == 2
    assert "no foot zone found for 'qqqzzz'" in capsys.readouterr().err
    assert main(["routine"]) == 2
    assert main(["routine", "seq_001_bedtime", "--minutes", "0"]) == 2


def test_who_on_the_command_line(capsys) -> None:
    mine = _routine(capsys, "seq_004_circulation", "--who", "self")
    theirs = _routine(capsys, "seq_004_circulation", "--who", "partner")
    alias = _routine(capsys, "seq_004_circulation", "--partner")
    assert theirs == alias
    assert [o["index"] for o in mine["left_out"]] == [7, 8]
    assert mine["who"] == "self" and theirs["who"] == "partner"
    assert not any(other_person(s["text"]) for s in mine["steps"])
    assert any(other_person(s["text"]) for s in theirs["steps"])


def test_the_session_is_listed_by_content_json(capsys) -> None:
    assert main(["content", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [s["id"] for s in data["sequences"]]
    assert practice.SESSION_ID in ids


def test_one_reflex_on_two_views_is_worked_once(atlas: Atlas) -> None:
    keys = practice.keys_for_query(atlas, "lower back")
    assert keys == ("sole.spine_lumbar",)  # not inner.spine_lumbar again
