"""Who is massaged, and the sessions that walk the map.

Who: a routine, a technique card, a "Do it now", a safety question and a verdict read
differently when you massage your own feet ("self") or someone else's ("partner").
`for_who` gives a routine in one wording: the content's own words where they read right
for both, else the step's ``instruction_self`` / ``instruction_partner`` (the summary's,
the technique's steps likewise). On your own feet a step the source does for both feet
at once but that needs both hands (``self_plan = "per_foot"``) is planned per foot, and a
step nobody can do alone (``self_plan = "left_out"``: lying face down, a stroke up the
back of one's own leg) is left out by the plan, with the reason (`NEEDS_SOMEONE`).

Sessions: the self-reflexology session (`SESSION_ID`) and the sessions a user builds
(`build_session`) are the same thing: reflexology's frame (the solar-plexus breath hold
and relaxation moves, to open and to close) around one step per zone, each with the
technique its zone card leads with, the right foot then the left (reference section 5:
E. Ingham, D. Byers, K. and B. Kunz). They are ordinary routines: the same plan, safety
check, player, handout and `reflexmap routine`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Literal

from reflexmap.core.atlas import Atlas
from reflexmap.core.records import Claim, Content, Sequence, Step, Technique, Zone

Who = Literal["self", "partner"]
WHO: tuple[Who, ...] = ("self", "partner")
NEEDS_SOMEONE = "needs_someone_else"  # a left-out reason: cannot be done on yourself

SESSION_ID = "seq_self_reflexology"
BUILT_PREFIX = "my."  # the id of a session the user built and saved: "my.<slug>"
TEACHING = "ref_reflexology_teaching"

# The walk, in the books' order (section 5): toes (head and neck), ball (chest), upper
# arch, lower arch (the colon along its course: up the ascending side and across on the
# right foot, across and down to the sigmoid on the left), heel, inner edge (spine),
# outer edge, top and ankle. Keys that a foot lacks are skipped on that foot. The solar
# plexus is worked by the frame, first and last.
WALK: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "toes",
        (
            "sole.head_brain",
            "sole.pituitary",
            "sole.sinus_toe2",
            "sole.sinus_toe3",
            "sole.sinus_toe4",
            "sole.sinus_toe5",
            "sole.big_toe_neck",
            "sole.thyroid",
            "sole.eyes",
            "sole.ears",
        ),
    ),
    ("ball", ("sole.lungs_chest", "sole.heart")),
    (
        "upper arch",
        (
            "sole.adrenal",
            "sole.kidney",
            "sole.stomach",
            "sole.pancreas",
            "sole.liver",
            "sole.gallbladder",
            "sole.spleen",
        ),
    ),
    (
        "lower arch",
        (
            "sole.ileocaecal_valve",
            "sole.ascending_colon",
            "sole.transverse_colon",
            "sole.descending_colon",
            "sole.sigmoid_colon",
            "sole.small_intestine",
            "sole.ureter",
            "sole.bladder",
        ),
    ),
    ("heel", ("sole.pelvis_hip", "sole.sciatic_band", "sole.lower_heel")),
    (
        "inner edge",
        (
            "sole.spine_cervical",
            "sole.spine_thoracic",
            "sole.spine_lumbar",
            "sole.spine_sacrum_coccyx",
        ),
    ),
    ("outer edge", ("sole.shoulder", "sole.arm_elbow", "sole.knee_hip_edge")),
    (
        "top and ankle",
        (
            "top.chest_breast",
            "top.upper_lymph",
            "top.upper_back",
            "top.ankle_band",
            "inner.below_inner_ankle",
            "outer.below_outer_ankle",
        ),
    ),
)
SOLAR_PLEXUS = "sole.solar_plexus"
FRAME_TECHNIQUES = (
    "t_reflex_solar_plexus_breath",
    "t_reflex_side_to_side",
    "t_reflex_ankle_loosening",
    "t_reflex_spinal_twist",
    "t_switch_side",
)
# suggested seconds of the 20-minute session (the plan scales them to the length asked)
ZONE_S = 11
OPEN_S = (40, 40)  # breath hold, relaxation
CLOSE_S = (30, 40)  # relaxation, breath hold
SWITCH_S = 10
BUILT_ZONE_S = 60  # a built session's few zones get most of its time
LENGTHS_MIN = (10, 20, 30)

# the frame's words, for your own feet (section 5, in our own words)
SIT = (
    "Sit with this foot's ankle resting on your opposite knee (a cushion under it), or the "
    "foot on a low stool close to you, sole turned towards you. The hand on the same side "
    "holds the foot; the thumb of the other hand does the work, so the wrist stays straight."
)
HOLD_OPEN = (
    "Put your working thumb on the solar plexus point, in the middle of the sole just under "
    "the ball. Breathe in slowly and press in as you do; ease off as you breathe out. A few "
    "slow breaths."
)
RELAX_OPEN = (
    "Relax the foot: rock it quickly from side to side between your palms, then hold the "
    "heel and turn the foot slowly round at the ankle, both ways."
)
RELAX_CLOSE = (
    "Relax the foot again: with both hands side by side on its inner edge, wring it gently "
    "in opposite directions, from the heel to the toes."
)
HOLD_CLOSE = (
    "Close this foot: thumb on the solar plexus point again, press in as you breathe in "
    "slowly and ease off as you breathe out."
)
SWITCH = (
    "Now the other foot: rest its ankle on your opposite knee and swap hands, so that the "
    "hand on its side holds it and the other thumb works. Swap sooner if your thumb tires."
)
# the same frame on someone else's feet
SIT_PARTNER = (
    "Sit facing the person's feet, one foot on a cushion in your lap. One hand holds the "
    "foot; the thumb of the other does the work."
)
HOLD_OPEN_PARTNER = (
    "Put your working thumb on the solar plexus point, in the middle of the sole just under "
    "the ball. Ask the person to breathe in slowly, and press in as they do; ease off as "
    "they breathe out. A few slow breaths."
)
HOLD_CLOSE_PARTNER = (
    "Close this foot: thumb on the solar plexus point again, press in as the person "
    "breathes in slowly and ease off as they breathe out."
)
SWITCH_PARTNER = "Now the other foot: swap hands, so that one holds it and the other thumb works."
SUMMARY = (
    "A self-reflexology session that walks the map, as reflexology teaching orders a "
    "session: the solar-plexus breath hold and relaxation moves to open, then the toes, "
    "the ball, the upper and lower arch, the heel, the inner and outer edge, the top and "
    "around the ankle, then relaxation and the breath hold to close; the whole right foot "
    "first, then the left. Each step lights one zone and uses the technique its card leads "
    "with. Keep to light or medium pressure on yourself and stop at pain. This is how "
    "reflexology is practised, not evidence that it works."
)


# ---- who -----------------------------------------------------------------------------


def who_of(sequence: Sequence) -> Who:
    """Whom a routine addresses as it stands: "self" only for a routine done on yourself."""
    return "self" if sequence.performer == "self" else "partner"


def suits(sequence: Sequence) -> Literal["self", "partner", "both"]:
    """Whom a routine suits, from its source (the Routines menu groups by this)."""
    if sequence.performer == "self":
        return "self"
    if sequence.performer == "partner" and any(s.self_plan == "left_out" for s in sequence.steps):
        return "partner"
    return "both"


def step_text(step: Step, who: Who) -> str:
    if who == "self" and step.instruction_self:
        return step.instruction_self
    if who == "partner" and step.instruction_partner:
        return step.instruction_partner
    return step.instruction


def technique_steps(tech: Technique, who: Who) -> tuple[str, ...]:
    if who == "self" and tech.steps_self:
        return tech.steps_self
    if who == "partner" and tech.steps_partner:
        return tech.steps_partner
    return tech.steps


def technique_motion(tech: Technique, who: Who) -> str:
    return tech.motion_self if who == "self" and tech.motion_self else tech.motion


def for_who(sequence: Sequence, who: Who) -> Sequence:
    """The routine worded for `who` (see the module's docstring); its steps keep their
    numbers, so the safety check and the plan's left-out list still name them."""
    steps = []
    for step in sequence.steps:
        changed = dataclasses.replace(step, instruction=step_text(step, who))
        if who == "self" and step.self_plan == "per_foot" and step.side == "both_feet_together":
            changed = dataclasses.replace(changed, side="each_foot")
        steps.append(changed)
    summary = sequence.summary
    if who == "self" and sequence.summary_self:
        summary = sequence.summary_self
    elif who == "partner" and sequence.summary_partner:
        summary = sequence.summary_partner
    return dataclasses.replace(sequence, performer=who, steps=tuple(steps), summary=summary)


# ---- sessions ----------------------------------------------------------------------


def lead_technique(atlas: Atlas, zone: Zone) -> str | None:
    """The technique the zone's card leads with (the card's own ranking)."""
    from reflexmap.core.present.zone_card import zone_card

    card = zone_card(atlas, zone.id)
    ranked = card.techniques or card.generic
    return ranked[0].card.id if ranked else None


def zone_key(zone: Zone) -> str:
    return f"{zone.view}.{zone.key}"


def walk_keys() -> tuple[str, ...]:
    return tuple(k for _, keys in WALK for k in keys)


def _zone_step(atlas: Atlas, key: str, seconds: int) -> Step | None:
    zones = [z for z in atlas.zones.values() if zone_key(z) == key]
    if not zones:
        return None
    zone = min(zones, key=lambda z: z.foot != "right")  # the right foot's card (first)
    tech = lead_technique(atlas, zone)
    if tech is None:
        return None
    name = atlas.techniques[tech].name
    return Step(
        technique=tech,
        instruction=f"{zone.name}. {name}.",
        zones=tuple(r for r in zone.regions),
        zone_keys=(key,),
        duration_s=seconds,
        duration_stated=False,
        side="each_foot",
    )


def _frame_ready(atlas: Atlas) -> bool:
    return all(t in atlas.techniques for t in FRAME_TECHNIQUES) and any(
        zone_key(z) == SOLAR_PLEXUS for z in atlas.zones.values()
    )


def session_sequence(
    atlas: Atlas,
    keys: Iterable[str],
    *,
    sequence_id: str,
    name: str,
    summary: str,
    zone_s: int = ZONE_S,  # a built session: most of its time on its few zones
    claims: tuple[Claim, ...] = (),  # claims ride along unchanged
) -> Sequence | None:
    """Reflexology's frame around one step per zone key, per foot, right foot first;
    None when the content lacks the frame's techniques or none of the keys is drawn."""
    if not _frame_ready(atlas):
        return None
    walk = [s for k in dict.fromkeys(keys) if (s := _zone_step(atlas, k, zone_s)) is not None]
    if not walk:
        return None

    def frame(
        tech: str, text: str, seconds: int, key: str | None = None, partner: str = ""
    ) -> Step:
        return Step(
            technique=tech,
            instruction=text,
            instruction_partner=partner,
            # the breath hold lights its point; a relaxation move the whole sole it rocks
            zones=atlas.techniques[tech].zones if key else ("z_sole",),
            zone_keys=(key,) if key else (),
            duration_s=seconds,
            duration_stated=False,
            side="each_foot",
        )

    steps = (
        frame(
            "t_reflex_solar_plexus_breath",
            SIT + " " + HOLD_OPEN,
            OPEN_S[0],
            SOLAR_PLEXUS,
            SIT_PARTNER + " " + HOLD_OPEN_PARTNER,
        ),
        frame("t_reflex_side_to_side", RELAX_OPEN, OPEN_S[1]),
        *walk,
        frame("t_reflex_spinal_twist", RELAX_CLOSE, CLOSE_S[0]),
        frame(
            "t_reflex_solar_plexus_breath", HOLD_CLOSE, CLOSE_S[1], SOLAR_PLEXUS, HOLD_CLOSE_PARTNER
        ),
        dataclasses.replace(
            frame("t_switch_side", SWITCH, SWITCH_S, partner=SWITCH_PARTNER),
            side="switch",
            zones=("z_sole",),
        ),
    )
    return Sequence(
        id=sequence_id,
        name=name,
        sources=(TEACHING,) if TEACHING in atlas.sources else tuple(atlas.sources)[:1],
        performer="self_or_partner",
        side="each_foot",
        first_side="right",
        summary=summary,
        steps=steps,
        claims=claims,
    )


def walk_session(atlas: Atlas) -> Sequence | None:
    return session_sequence(
        atlas,
        walk_keys(),
        sequence_id=SESSION_ID,
        name="Self-reflexology session: walk the map",
        summary=SUMMARY,
    )


def with_session(content: Content) -> Content:
    """The content with the walk-the-map session added (made when the content is
    compiled, so it is in the snapshot and costs the start nothing)."""
    if any(s.id == SESSION_ID for s in content.sequences):
        return content
    session = walk_session(Atlas(content))
    if session is None:
        return content
    return dataclasses.replace(content, sequences=(*content.sequences, session))


def with_length(
    atlas: Atlas, sequence: Sequence, minutes: float, *, sequence_id: str = "", name: str = ""
) -> Sequence:
    """The routine with its suggested times scaled so that its plan lasts `minutes`, the
    times written into its steps: the menu, the handout, the player and the command
    line then all read the same length."""
    from reflexmap.core.routine_plan import plan_routine

    plan = plan_routine(atlas, sequence)
    total = plan.total_s
    fixed = sum(s.duration_s for s in plan.steps if not s.suggested)
    factor = max(minutes * 60.0 - fixed, 0.0) / max(total - fixed, 1.0)
    steps = tuple(
        dataclasses.replace(step, duration_s=max(3, round(step.duration_s * factor)))
        if step.duration_s is not None and not step.duration_stated
        else step
        for step in sequence.steps
    )
    return dataclasses.replace(
        sequence, id=sequence_id or sequence.id, name=name or sequence.name, steps=steps
    )


def session_lengths(atlas: Atlas) -> tuple[Sequence, ...]:
    """The walk-the-map session at about 10 and 30 minutes (20 is the content's own)."""
    base = atlas.sequences.get(SESSION_ID)
    if base is None:
        return ()
    return tuple(
        with_length(
            atlas,
            base,
            minutes,
            sequence_id=f"{SESSION_ID}.{minutes}",
            name=f"{base.name}, about {minutes} minutes",
        )
        for minutes in LENGTHS_MIN
        if minutes != 20
    )


# ---- build my session ---------------------------------------------------------------


class BuildError(ValueError):
    """What the user asked for finds no zone to work (the message says what was asked)."""


def _foot_zone(atlas: Atlas, zone: Zone) -> bool:
    view = atlas.views.get(zone.view)
    return view is None or view.kind == "foot"


def keys_for_query(atlas: Atlas, query: str) -> tuple[str, ...]:
    """The foot zones a body area or search words point at: the best-ranked body area's
    claimed zones, else the zones found; in the walk's order."""
    from reflexmap.core.search import search

    results = search(atlas, query, 20)
    zones: list[Zone] = []
    area = next((r for r in results if r.kind == "area"), None)
    if area is not None:
        zones = atlas.zones_for_body_area(area.entry.id)
    if not zones:
        for r in results:
            if r.kind == "zone":
                zones += [atlas.zones[z] for z in r.entry.zones if z in atlas.zones]
    keys = order_keys(zone_key(z) for z in zones if _foot_zone(atlas, z))
    # one reflex drawn on two views (the lower back on the sole and the inner side) is
    # worked once, where the walk meets it first
    first: dict[str, str] = {}  # the zone key without its view -> the first "view.key"
    for k in keys:
        first.setdefault(k.split(".", 1)[1], k)
    return tuple(first.values())


def keys_for_zones(atlas: Atlas, zone_ids: Iterable[str]) -> tuple[str, ...]:
    """Zone ids (either foot) or keys ("sole.thyroid") as keys; unknown ones raise."""
    keys = []
    for zid in zone_ids:
        zone = atlas.zones.get(zid)
        if zone is not None:
            keys.append(zone_key(zone))
        elif any(zone_key(z) == zid for z in atlas.zones.values()):
            keys.append(zid)
        else:
            raise BuildError(f"unknown zone {zid!r} (see `reflexmap zones`)")
    return order_keys(keys)


def order_keys(keys: Iterable[str]) -> tuple[str, ...]:
    """Keys in the walk's order (the others after them, as given)."""
    walk = {k: i for i, k in enumerate(walk_keys())}
    unique = list(dict.fromkeys(keys))
    return tuple(sorted(unique, key=lambda k: (walk.get(k, len(walk)), unique.index(k))))


EVIDENCE_NOTE = "evidence"  # the page on what the research found


def zone_claims(atlas: Atlas, zone: Zone) -> list[Claim]:
    """The zone's own claims and those of its narrow regions (not the whole foot's)."""
    out = []
    for claim, rid in atlas.claims_for_zone(zone.id):
        region = atlas.regions.get(rid) if rid is not None else None
        if region is None or not region.broad:
            out.append(claim)
    return out


def why_lines(atlas: Atlas, keys: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    """Why each zone is in a built session: (zone name, the claim, the evidence note id),
    the claim as the content states it (what is claimed, never a promise)."""
    rows = []
    for key in keys:
        zone = next((z for z in atlas.zones.values() if zone_key(z) == key), None)
        if zone is None:
            continue
        claims = zone_claims(atlas, zone)
        areas = list(
            dict.fromkeys(
                atlas.body_areas[c.body_area].name
                for c in claims
                if c.body_area in atlas.body_areas
            )
        )
        sources = list(
            dict.fromkeys(
                atlas.sources[s].title.split(":")[0]
                for c in claims
                for s in c.sources
                if s in atlas.sources
            )
        )
        if areas:
            claim = "claimed for " + ", ".join(areas) + " (" + "; ".join(sources) + ")"
        else:
            claim = "no claim links it to a body area"
        rows.append((zone.name, claim, EVIDENCE_NOTE if EVIDENCE_NOTE in atlas.notes else ""))
    return tuple(rows)


def build_session(
    atlas: Atlas,
    *,
    query: str = "",
    zones: Iterable[str] = (),
    name: str = "",
    sequence_id: str = "my.session",
    minutes: float | None = None,
) -> Sequence:
    """A short session working the zones asked for on both feet, in the frame, timed to
    `minutes` when given."""
    keys = list(keys_for_query(atlas, query)) if query else []
    keys += keys_for_zones(atlas, zones)
    keys = list(order_keys(keys))
    if not keys:
        asked = repr(query) if query else "nothing"
        raise BuildError(f"no foot zone found for {asked}; try a body area or --zone")
    label = name or (query or ", ".join(keys))
    rows = why_lines(atlas, keys)
    summary = (
        "A short self-reflexology session built from "
        + label
        + ": the breath hold and relaxation moves to open and close, the right foot then "
        + "the left. Why each zone is in it: "
        + " ".join(f"{n}: {c}." for n, c, _ in rows)
        + " These are claims, not promises of an effect: see what the research found."
    )
    session = session_sequence(
        atlas,
        keys,
        sequence_id=sequence_id,
        name=name or f"My session: {label}",
        summary=summary,
        zone_s=BUILT_ZONE_S,
    )
    if session is None:
        raise BuildError("this content has no reflexology frame to build a session in")
    return with_length(atlas, session, minutes) if minutes else session
