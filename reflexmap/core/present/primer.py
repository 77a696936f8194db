"""Start here: what every card assumes, said once (Help > Start here, a link on every card).

The cards say "thumb walking", "moderate", "1 min" and "for this reflex"; a newcomer needs
to know, before the first card, how to sit, what the pressure words mean, what the basic
moves look like, how long and how often, what the evidence says, and that the safety
check comes first. The words are the project's own, from conventional reflexology
teaching (reference sections 4 and 5) and the app's evidence page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflexmap.core.present.i18n import translate
from reflexmap.core.readable import Readable


@dataclass(frozen=True, repr=False)
class PrimerMove(Readable):
    """One basic move in the Start here page: its drawing, name and how."""

    move: str  # the basic move's key: its drawing
    name: str
    how: str


@dataclass(frozen=True, repr=False)
class PrimerSection(Readable):
    """A section of the Start here page."""

    heading: str
    lines: tuple[str, ...]
    moves: tuple[PrimerMove, ...] = ()
    link: tuple[str, str] = ("", "")  # (href, label): the full page it opens


@dataclass(frozen=True, repr=False)
class Primer(Readable):
    """The Start here page: how to sit, how firm, the moves, how long, the evidence."""

    title: str
    intro: str
    sections: tuple[PrimerSection, ...]


def primer() -> Primer:
    return Primer(
        title=translate("Present", "Start here"),
        intro=translate(
            "Present",
            "Everything the cards take for granted, on one page: read it once before "
            "your first session.",
        ),
        sections=(
            PrimerSection(
                translate("Present", "First, the safety check"),
                (
                    translate(
                        "Present",
                        "Some conditions (a clot, pregnancy, broken skin, diabetes and more) "
                        "mean no massage, a lighter one, or a doctor's word first. The safety "
                        "check asks about them before every routine; answer it for the person "
                        "you work on.",
                    ),
                    translate(
                        "Present", "Stop at pain, numbness or dizziness, whatever the card says."
                    ),
                ),
                link=("safety:check", translate("Present", "Open the safety check")),
            ),
            PrimerSection(
                translate("Present", "How to sit"),
                (
                    translate(
                        "Present",
                        "On your own feet: sit with one ankle resting on the opposite knee, "
                        "a cushion under it, the sole turned towards you (or the foot on a "
                        "low stool close by). Work the right foot with the left thumb and "
                        "hold it with the right hand, then swap, so your wrist stays "
                        "straight. If you cannot reach comfortably, work the top and sides.",
                    ),
                    translate(
                        "Present",
                        "On a partner: the articles have them lie on their back for the "
                        "feet and the front of the legs, and face down for the backs of the "
                        "legs; sit or kneel at their feet where you can reach without "
                        "bending your wrists (our suggestion: a cushion under their knees).",
                    ),
                ),
            ),
            PrimerSection(
                translate("Present", "How firm"),
                (
                    translate(
                        "Present", "Light: the weight of your hand, the skin moves a little."
                    ),
                    translate("Present", "Gentle or low: a light press, felt but not pushed into."),
                    translate(
                        "Present",
                        "Moderate: firm enough to feel clearly, never painful; the usual pressure.",
                    ),
                    translate(
                        "Present",
                        "Firm: more of your weight, for thick skin such as the heel; never "
                        "on bony, thin or swollen places.",
                    ),
                    translate(
                        "Present",
                        "Always: go lighter on yourself, on bony places and when the "
                        "person says so. Pain means too much.",
                    ),
                ),
            ),
            PrimerSection(
                translate("Present", "The basic moves"),
                (
                    translate(
                        "Present",
                        "Most cards use one of these. Showing a move on the map (hover or "
                        "open its card) animates its beat.",
                    ),
                ),
                moves=(
                    PrimerMove(
                        "thumb_walk",
                        translate("Present", "Thumb walking"),
                        translate(
                            "Present",
                            "The main move. Bend and straighten the thumb at its first "
                            "joint so it creeps forward in small bites, pressing with its "
                            "outer edge; the fingers rest on the other side of the foot. "
                            "Only forward, never sliding back.",
                        ),
                    ),
                    PrimerMove(
                        "finger_walk",
                        translate("Present", "Finger walking"),
                        translate(
                            "Present",
                            "The same creeping move with the index finger, for thin or "
                            "bony places: the top of the foot, around the ankle bones.",
                        ),
                    ),
                    PrimerMove(
                        "hook",
                        translate("Present", "Hook in and back up"),
                        translate(
                            "Present",
                            "For one small spot: press the thumb tip into it, then draw "
                            "it back across the spot like a hook, and lift.",
                        ),
                    ),
                    PrimerMove(
                        "rotate",
                        translate("Present", "Rotating on a point"),
                        translate(
                            "Present",
                            "The thumb holds a spot while your other hand turns the foot "
                            "around it, one way, then the other.",
                        ),
                    ),
                    PrimerMove(
                        "breath",
                        translate("Present", "Press and hold with the breath"),
                        translate(
                            "Present",
                            "Thumbs on the solar plexus points: press as the person "
                            "breathes in slowly, ease as they breathe out. Often used to "
                            "open and to close a session.",
                        ),
                    ),
                ),
            ),
            PrimerSection(
                translate("Present", "How long and how often"),
                (
                    translate(
                        "Present",
                        "A move: about a minute, or the few passes its card gives. A card's "
                        "time marked \u201csuggested\u201d is the app's, not the source's.",
                    ),
                    translate(
                        "Present",
                        "A whole session: 20 to 30 minutes for both feet of a partner, "
                        "10 to 20 on your own. Start and end with relaxation moves.",
                    ),
                    translate(
                        "Present",
                        "How often: none of the sources sets a schedule; let comfort "
                        "decide, and leave an area that stays sore for another day.",
                    ),
                ),
            ),
            PrimerSection(
                translate("Present", "What the evidence says"),
                (
                    translate(
                        "Present",
                        "A foot massage feels relaxing and pleasant; that is not in doubt.",
                    ),
                    translate(
                        "Present",
                        "That a spot on the foot acts on an organ is a claim of reflexology: "
                        "controlled trials have not shown it.",
                    ),
                    translate(
                        "Present",
                        "Enjoy it for how it feels; it does not diagnose or treat disease.",
                    ),
                ),
                link=("note:evidence", translate("Present", "What the evidence says, in full")),
            ),
        ),
    )
