"""Every safety question against every routine: the outcome the sources require.

The table is written from the five articles and the reference (reflexology-chart.md,
section 3), not read from the rules, so a rule softened or widened in safety.toml fails
here. A row is one question ticked alone (a follow-up ticked with its question, and alone:
a yes to it is a yes to its question). Outcomes:

  S  stop: nothing of the routine is played
  L  the leg steps are left out (exactly the steps that work a leg), the rest is played
  D  a doctor's word is needed before the steps still played
  P  lighter pressure on the steps still played
  -  the question is not asked in this routine (nothing it covers is worked there)

Why the cells are what they are:
* The leg article (003) calls its whole treatment "applying pressure on the feet and
  legs", gives six foot moves as its top techniques and ends its list (pregnancy, clots,
  water retention, open wounds, diabetes, high blood pressure, osteoporosis, bruising,
  platelets or blood thinners) with "do not give this treatment at all": each of the nine
  stops both 003 routines (S), foot moves included.
* Elsewhere those of the nine that the article ties to legs leave the leg steps out (L),
  with the professional bodies' word for the feet: a doctor for pregnancy, osteoporosis
  and diabetes (D), a light touch for swelling (P).
* The circulation article (004) wants heart or circulatory conditions cleared by a doctor
  first: high blood pressure needs the doctor in its routine (L + D), and a heart or
  circulation condition everywhere (D).
* Professional bodies: clots, blood thinners, varicose veins, the first trimester, open
  wounds, infections, a recent injury and active gout stop any massage (S); swelling of
  unknown cause needs a doctor (D).
* The clinic article (002): foot surgery needs a doctor (D) wherever the feet are worked;
  moderate pressure at most with arthritis, fibromyalgia or chronic pain (P).
* 003's stiff muscles and knots: lighter on the legs (P), asked only where legs are worked.
* The self-reflexology session (reflexology teaching, feet only): the professional
  bodies' list applies to you as to anyone (reference section 5), the same cells as the
  other foot routines.

Mutations checked (each failed this test, then was restored):
- `stops_routines` removed from s_diabetes: 4 cells fail (both 003 routines, both
  performers: the six moves played with "ask a doctor").
- `only_routines` removed from s_high_blood_pressure_circulation: the foot routines
  suddenly ask about high blood pressure (their "-" cells fail).
- `with_parents` not called in `answered_rules`: 16 cells fail (a first trimester or an
  unexplained swelling ticked alone counted for nothing).
"""

from __future__ import annotations

import dataclasses

import pytest
from player_atlas import BUNDLED_ROUTINES

from reflexmap.core.atlas import Atlas
from reflexmap.core.records import Sequence
from reflexmap.core.safety_check import build_checklist, evaluate, step_kinds

ROUTINES = BUNDLED_ROUTINES

# question (+ follow-up)                             002   000   001   003six 003leg 004  self
TABLE = """
s_dvt_clotting                                       S     S     S     S      S      S      S
s_low_platelets_blood_thinners                       S     S     S     S      S      S      S
s_bruising                                           -     -     -     S      S      L      -
s_varicose_veins                                     S     S     S     S      S      S      S
s_high_blood_pressure                                -     -     -     S      S      LD     -
s_cardiac_circulatory                                D     D     D     D      D      D      D
s_pregnancy                                          D     D     D     S      S      LD     D
s_pregnancy+s_pregnancy_first_trimester              S     S     S     S      S      S      S
s_pregnancy_first_trimester                          S     S     S     S      S      S      S
s_water_retention                                    P     P     P     S      S      LP     P
s_water_retention+s_unexplained_swelling             DP    DP    DP    S      S      LDP    DP
s_unexplained_swelling                               DP    DP    DP    S      S      LDP    DP
s_open_wounds                                        S     S     S     S      S      S      S
s_skin_infection                                     S     S     S     S      S      S      S
s_recent_injury_surgery                              S     S     S     S      S      S      S
s_foot_surgery                                       D     D     D     D      D      D      D
s_gout                                               S     S     S     S      S      S      S
s_osteoporosis                                       D     D     D     S      S      LD     D
s_diabetes                                           D     D     D     S      S      LD     D
s_stiff_muscles_knots                                -     -     -     -      P      P      -
s_moderate_pressure_chronic                          P     P     P     P      P      P      P
"""


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in TABLE.strip().splitlines():
        answers, *cells = line.split()
        assert len(cells) == len(ROUTINES), line
        rows += [(answers, routine, cell) for routine, cell in zip(ROUTINES, cells, strict=True)]
    return rows


def outcome(atlas: Atlas, sequence: Sequence, answers: list[str]) -> str:
    checklist = build_checklist(atlas, sequence)
    asked = {r.id for r in checklist.questions}
    if not any(checklist.knows(a) for a in answers):
        return "-"
    verdict = evaluate(checklist, set(answers))
    if verdict.blocked:
        return "S"
    cell = ""
    if verdict.blocked_steps:
        leg_steps = {
            i for i, step in enumerate(sequence.steps) if "leg" in step_kinds(atlas, step, sequence)
        }
        assert set(verdict.blocked_steps) == leg_steps, (answers, sequence.id)
        cell += "L"
    if verdict.needs_acknowledgement:
        assert not verdict.can_start(acknowledged=False)
        assert verdict.can_start(acknowledged=True)
        cell += "D"
    if verdict.lighter:
        cell += "P"
    assert cell, f"{answers} is asked in {sequence.id} ({asked}) but changes nothing"
    return cell


def test_the_table_covers_every_question_and_routine(atlas: Atlas) -> None:
    """A new question or routine must get its row or column here."""
    assert set(atlas.sequences) == set(ROUTINES)
    named = {a for line in TABLE.strip().splitlines() for a in line.split()[0].split("+")}
    questions = {r.id for r in atlas.safety.values() if r.asked and r.part_of is None}
    assert named == questions


@pytest.mark.parametrize("performer", ["as written", "partner"])
@pytest.mark.parametrize(("answers", "routine", "expected"), _rows())
def test_outcome(atlas: Atlas, answers: str, routine: str, expected: str, performer: str) -> None:
    sequence = atlas.sequences[routine]
    if performer == "partner":
        sequence = dataclasses.replace(sequence, performer="partner")
    assert outcome(atlas, sequence, answers.split("+")) == expected
