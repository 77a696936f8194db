"""The words of the safety check: its questions, its intro, and the one wording of a verdict.

The dialog, the player's message line and scripts used to word the same verdict
differently ("Only 3 of 5 steps" here, "Only steps 1, 2, 4 of 5" there); a user who
reads both should read the same thing. The questions speak to "you" in a routine you do
on yourself and about "the person receiving the massage" in any other
(``question_text``, defined next to the checklist that picks its questions by it).
"""

from __future__ import annotations

from collections.abc import Sequence as Seq

from reflexmap.core.atlas import Atlas
from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP, translate, trn
from reflexmap.core.records import SafetyRule, Sequence
from reflexmap.core.routine_plan import plan_routine
from reflexmap.core.safety_check import (
    Checklist,
    Verdict,
    addresses_receiver,
    build_checklist,
    evaluate,
    question_text,
)

__all__ = [
    "acknowledge_text",
    "blocked_text",
    "chart_note_lines",
    "paper_note_lines",
    "follow_up_line",
    "intro_text",
    "join_and",
    "question_help",
    "question_text",
    "reasons_text",
    "routine_safety_lines",
    "verdict_paragraphs",
    "verdict_text",
]


def join_and(items: Seq[str]) -> str:
    """ "1, 2 and 4": the steps a user will do, as a person would list them."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return translate("Present", "{0} and {1}").format(", ".join(items[:-1]), items[-1])


def reasons_text(verdict: Verdict) -> str:
    return " ".join(
        translate("Present", "{0}: {1}").format(r.condition, r.explanation)
        for r in verdict.blocking
    )


def blocked_text(verdict: Verdict, sequence: Sequence, atlas: Atlas | None = None) -> str:
    """Why (part of) the routine will not be played; "" when nothing is blocked.

    With the atlas, the count is the plan's (what the player will play and number), so
    the dialog and the player agree; without it, the routine's own step numbers."""
    if not verdict.blocking:
        return ""
    reasons = reasons_text(verdict)
    if verdict.blocked:
        return translate("Present", "This routine should not be done. {0}").format(reasons)
    if atlas is not None:
        total = len(plan_routine(atlas, sequence).steps)
        kept = len(plan_routine(atlas, sequence, allowed_steps=verdict.allowed_steps).steps)
        return trn(
            "Present",
            "{0} of the routine's %n step will be played; the others are left out. {1}",
            "{0} of the routine's %n steps will be played; the others are left out. {1}",
            total,
        ).format(kept, reasons)
    count = len(sequence.steps)
    kept_steps = [str(i + 1) for i in verdict.allowed_steps]
    if len(kept_steps) == 1:
        text = translate(
            "Present", "Only step {0} of {1} will be played; the others are left out. {2}"
        )
    else:
        text = translate("Present", "Steps {0} of {1} will be played; the others are left out. {2}")
    return text.format(join_and(kept_steps), count, reasons)


def _why(rules: Seq[SafetyRule]) -> str:
    """One rule's explanation; several each say which condition they explain."""
    if len(rules) == 1:
        return rules[0].explanation
    return " ".join(
        translate("Present", "{0}: {1}").format(r.condition, r.explanation) for r in rules
    )


def verdict_paragraphs(
    verdict: Verdict, sequence: Sequence, atlas: Atlas | None = None
) -> tuple[str, ...]:
    """Blocking first (it decides whether anything happens), then the doctor, then the
    pressure; and when nothing was ticked, a reminder that pain still means stop."""
    parts: list[str] = []
    blocked = blocked_text(verdict, sequence, atlas)
    if blocked:
        parts.append(blocked)
    if verdict.ask_doctor:
        parts.append(
            translate("Present", "Ask a doctor first: {0}").format(_why(verdict.ask_doctor))
        )
    if verdict.lighter:
        parts.append(
            translate("Present", "Use lighter pressure: {0} The step cards will say so.").format(
                _why(verdict.lighter)
            )
        )
    if not parts:
        parts.append(
            translate("Present", "Nothing you ticked stops this routine. Stop if anything hurts.")
        )
    return tuple(parts)


def verdict_text(verdict: Verdict, sequence: Sequence, atlas: Atlas | None = None) -> str:
    """The verdict as one plain string (what a screen reader is told when it changes)."""
    return " ".join(verdict_paragraphs(verdict, sequence, atlas))


def intro_text(sequence: Sequence) -> str:
    """Whom the questions are about, and what the answers can and cannot do."""
    if sequence.performer == "partner":
        who = translate(
            "Present", "Tick anything that applies to the person receiving the massage."
        )
    elif addresses_receiver(sequence):
        who = translate(
            "Present",
            "Tick anything that applies to the person receiving the massage "
            "(you, if you massage yourself).",
        )
    else:
        who = translate("Present", "Tick anything that applies to you.")
    return (
        who
        + " "
        + translate(
            "Present",
            "This is not a diagnosis and not medical advice: the "
            "answers only make the app more careful. If in doubt, "
            "ask a doctor before you start.",
        )
    )


def acknowledge_text(sequence: Sequence) -> str:
    """The box that lets the steps a doctor has to clear be played."""
    if addresses_receiver(sequence):
        return translate(
            "Present",
            "The person receiving the massage has asked a doctor, who said "
            "this massage is all right for them.",
        )
    return translate(
        "Present", "I have asked a doctor, and they said this massage is all right for me."
    )


def follow_up_line(rule_id: str, question: str) -> str:
    """A follow-up in a plain list of questions: asked only after a yes to the one above."""
    return translate("Present", "{0} (if yes to the question above): {1}").format(rule_id, question)


def question_help(checklist: Checklist, rule: SafetyRule) -> str:
    """Why a question is asked: its rule's explanation and those of the rules a yes
    also brings in (the feet's part of a leg rule), as far as they concern the routine."""
    parts = [
        r.explanation
        for r in (rule, *checklist.implied.get(rule.id, ()))
        if r.id in checklist.steps_of_rule
    ]
    return " ".join(parts or [rule.explanation])


# ---- paper: the handout's safety section and the chart's note -------------------------

OUTCOMES = ("stop", "legs", "doctor", "lighter")


def question_outcomes(
    atlas: Atlas, checklist: Checklist
) -> list[tuple[SafetyRule, dict[str, tuple[SafetyRule, ...]]]]:
    """Each question of the routine and what a yes does, with the rules behind it, as
    the dialog's verdict names them: "stop" (nothing is played), "legs" (the leg steps
    are left out), "doctor", "lighter". A follow-up is ticked with its question, and
    counts for what it adds. The same `evaluate` the dialog runs, so paper and screen
    cannot differ."""
    out = []
    for rule in checklist.questions:
        ticked = {rule.id} if rule.follows is None else {rule.id, rule.follows}
        verdict = evaluate(checklist, ticked)
        own = {rule.id, *(r.id for r in checklist.implied.get(rule.id, ()))}

        def mine(rules: tuple[SafetyRule, ...], own: set[str] = own) -> tuple[SafetyRule, ...]:
            return tuple(r for r in rules if r.id in own)

        found: dict[str, tuple[SafetyRule, ...]] = {}
        if verdict.blocked:
            found["stop"] = mine(verdict.blocking)
        elif verdict.blocking:
            found["legs"] = mine(verdict.blocking)
        if not verdict.blocked:
            found["doctor"] = mine(verdict.ask_doctor)
            found["lighter"] = mine(verdict.lighter)
        out.append((rule, {k: v for k, v in found.items() if v}))
    return out


def routine_safety_lines(atlas: Atlas, sequence: Sequence) -> list[str]:
    """The safety check on paper: every condition that stops the routine, leaves steps
    out, needs a doctor or lightens the pressure, named as the dialog's verdict names it
    and grouped under the verdict's words; then what holds whatever the answers."""
    checklist = build_checklist(atlas, sequence)
    outcomes = question_outcomes(atlas, checklist)
    total = len(plan_routine(atlas, sequence).steps)
    lines = [translate("Present", "Before you start: the safety check (the app asks it too).")]
    for outcome in OUTCOMES:
        names = list(
            dict.fromkeys(r.condition for _, found in outcomes for r in found.get(outcome, ()))
        )
        if not names:
            continue
        listed = translate("Present", "; ").join(names)
        if outcome == "stop":
            line = translate("Present", "This routine should not be done with: {0}.").format(listed)
        elif outcome == "legs":
            verdicts = [
                evaluate(checklist, {q.id} if q.follows is None else {q.id, q.follows})
                for q, found in outcomes
                if "legs" in found
            ]
            kept = sorted(
                {
                    len(plan_routine(atlas, sequence, allowed_steps=v.allowed_steps).steps)
                    for v in verdicts
                }
            )
            # the body part the leaving-out rules reach, in its own name ("leg")
            parts = {
                p.id
                for _, found in outcomes
                for r in found.get("legs", ())
                for p in atlas.body_parts.values()
                if r.applies_to in p.reached_by
            }
            counts = translate("Present", " or ").join(str(k) for k in kept)
            if len(parts) == 1:
                line = trn(
                    "Present",
                    "The {1} steps are left out ({0} of the routine's %n step will be "
                    "played) with: {2}.",
                    "The {1} steps are left out ({0} of the routine's %n steps will be "
                    "played) with: {2}.",
                    total,
                ).format(counts, translate("Present", atlas.body_part(parts.pop()).name), listed)
            else:
                line = trn(
                    "Present",
                    "Some steps are left out ({0} of the routine's %n step will be "
                    "played) with: {1}.",
                    "Some steps are left out ({0} of the routine's %n steps will be "
                    "played) with: {1}.",
                    total,
                ).format(counts, listed)
        elif outcome == "doctor":
            line = translate("Present", "Ask a doctor first with: {0}.").format(listed)
        else:
            line = translate("Present", "Use lighter pressure with: {0}.").format(listed)
        lines.append(line)
    if checklist.reminders:
        lines.append(
            translate("Present", "Whatever your answers: {0}").format(
                " ".join(checklist.text(r) for r in checklist.reminders)
            )
        )
    return lines


EVIDENCE_NOTE = QT_TRANSLATE_NOOP(
    "Present",
    "About the evidence: reflexology's links between foot zones and organs are claims, "
    "not established medical facts; reviews of trials found no convincing evidence that "
    "it treats any condition. Enjoy massage for comfort; do not use this chart to diagnose.",
)


def paper_note_lines(atlas: Atlas, *, handout: bool = False) -> list[str]:
    """The note at the foot of a printed page: a chart's carries the safety rules; a
    handout prints its routine's own check up front, so its pages carry the evidence."""
    lines = chart_note_lines(atlas)
    return lines[:1] if handout else lines


def chart_note_lines(atlas: Atlas) -> list[str]:
    """The printed chart's note: the evidence, then the safety rules by what they ask,
    each condition named from the rules themselves (never typed here), then what
    holds for everyone."""
    groups: dict[tuple[str, str], list[str]] = {}
    for rule in atlas.safety.values():
        if not rule.asked or rule.only_routines:
            continue
        key = (rule.effect, "both" if rule.effect != "avoid" else rule.applies_to)
        names = groups.setdefault(key, [])
        if rule.name not in names:
            names.append(rule.name)
    # "Do not massage the feet or legs with": the body parts a rule's applies_to reaches,
    # in their own words (content), the broadest first, then in the content's order
    parts = list(atlas.body_parts.values())

    def reached(applies_to: str) -> list[int]:
        return [i for i, p in enumerate(parts) if applies_to in p.reached_by]

    avoid = sorted(
        (key for key in groups if key[0] == "avoid"),
        key=lambda key: (-len(reached(key[1])), reached(key[1])),
    )
    safety = [
        translate("Present", "Do not massage the {0} with: {1}.").format(
            translate("Present", " or ").join(
                translate("Present", parts[i].plural) for i in reached(key[1])
            ),
            "; ".join(groups[key]),
        )
        for key in avoid
    ]
    for key, head in (
        (("ask_doctor", "both"), translate("Present", "Ask a doctor first with: {0}.")),
        (("lighter_pressure", "both"), translate("Present", "Use lighter pressure with: {0}.")),
    ):
        if groups.get(key):
            safety.append(head.format("; ".join(groups[key])))
    told = [r.name for r in atlas.safety.values() if r.effect == "stop" and r.question]
    return [
        translate("Present", EVIDENCE_NOTE),
        translate("Present", "Safety: {0}").format(" ".join([*told, *safety])),
    ]
