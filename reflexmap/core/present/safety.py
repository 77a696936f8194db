"""The one wording of a safety verdict.

The dialog, the player's message line and scripts used to word the same verdict
differently ("Only 3 of 5 steps" here, "Only steps 1, 2, 4 of 5" there); a user who
reads both should read the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence as Seq

from reflexmap.core.models import Sequence
from reflexmap.core.present.i18n import tr
from reflexmap.core.safety_check import Verdict


def join_and(items: Seq[str]) -> str:
    """"1, 2 and 4": the steps a user will do, as a person would list them."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return tr("Present", "{0} and {1}").format(", ".join(items[:-1]), items[-1])


def reasons_text(verdict: Verdict) -> str:
    return " ".join(tr("Present", "{0}: {1}").format(r.condition, r.explanation)
                    for r in verdict.blocking)


def blocked_text(verdict: Verdict, sequence: Sequence) -> str:
    """Why (part of) the routine will not be played; "" when nothing is blocked.

    Steps are named by their numbers in the routine (as the handout numbers them), so
    the user can tell which ones are left out."""
    if not verdict.blocking:
        return ""
    reasons = reasons_text(verdict)
    if verdict.blocked:
        return tr("Present", "This routine should not be done. {0}").format(reasons)
    count = len(sequence.steps)
    kept = [str(i + 1) for i in verdict.allowed_steps]
    if len(kept) == 1:
        text = tr("Present", "Only step {0} of {1} will be played; the others are left out. "
                             "{2}")
    else:
        text = tr("Present", "Steps {0} of {1} will be played; the others are left out. {2}")
    return text.format(join_and(kept), count, reasons)


def verdict_paragraphs(verdict: Verdict, sequence: Sequence) -> tuple[str, ...]:
    """Blocking first (it decides whether anything happens), then the doctor, then the
    pressure; and when nothing was ticked, a reminder that pain still means stop."""
    parts: list[str] = []
    blocked = blocked_text(verdict, sequence)
    if blocked:
        parts.append(blocked)
    if verdict.ask_doctor:
        parts.append(tr("Present", "Ask a doctor first: {0}").format(
            " ".join(r.explanation for r in verdict.ask_doctor)))
    if verdict.lighter:
        parts.append(tr("Present", "Use lighter pressure: {0} The step cards will say so."
                        ).format(" ".join(r.explanation for r in verdict.lighter)))
    if not parts:
        parts.append(tr("Present", "Nothing you ticked stops this routine. "
                                   "Stop if anything hurts."))
    return tuple(parts)
