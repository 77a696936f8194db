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
from reflexmap.core.present.i18n import translate
from reflexmap.core.records import SafetyRule, Sequence
from reflexmap.core.routine_plan import plan_routine
from reflexmap.core.safety_check import (
    Checklist,
    Verdict,
    addresses_receiver,
    question_text,
)

__all__ = [
    "acknowledge_text",
    "blocked_text",
    "intro_text",
    "join_and",
    "question_help",
    "question_text",
    "reasons_text",
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
        return translate(
            "Present", "{0} of the routine's {1} steps will be played; the others are left out. {2}"
        ).format(kept, total, reasons)
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


def question_help(checklist: Checklist, rule: SafetyRule) -> str:
    """Why a question is asked: its rule's explanation and those of the rules a yes
    also brings in (the feet's part of a leg rule), as far as they concern the routine."""
    parts = [
        r.explanation
        for r in (rule, *checklist.implied.get(rule.id, ()))
        if r.id in checklist.steps_of_rule
    ]
    return " ".join(parts or [rule.explanation])
