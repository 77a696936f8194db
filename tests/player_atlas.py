"""A small atlas for the player and safety tests: the bundled content plus a leg view.

The bundled content may not hold a leg routine yet (it is being written); these tests
need one, so a made-up shin view, technique, routines and rules are added here.
"""

from __future__ import annotations

from dataclasses import replace

from shapely.geometry import box

from reflexmap.core import compiler, models
from reflexmap.core.atlas import Atlas
from reflexmap.core.records import Outline, SafetyRule, Sequence, Step, Technique, View


def with_leg(base: Atlas) -> Atlas:
    source = next(iter(base.sources))
    foot_tech = next(
        t
        for t in base.techniques.values()
        if base.zones_for_regions(t.zones)
        and {base.views[z.view].kind for z in base.zones_for_regions(t.zones)} == {"foot"}
    )
    views = dict(base.views)  # records, as a snapshot holds them
    views["test_shin"] = View(
        id="test_shin", name="Test shins", chart="none.geojson", order=99, kind="leg"
    )
    outlines = dict(base.outlines)
    zones = list(base.zones.values())
    for foot, x0 in (("left", -120.0), ("right", 40.0)):
        outlines[("test_shin", foot)] = Outline(
            view="test_shin", foot=foot, shape=compiler.shape(box(x0, -200, x0 + 80, 0))
        )
        for n, (part, y0, y1) in enumerate((("upper", -100, 0), ("lower", -200, -100)), 1):
            zones.extend(
                compiler.zones(
                    [
                        models.Zone(
                            id=f"{foot}.test_shin.{part}",
                            key=part,
                            name=f"Shin {part}",
                            foot=foot,
                            view="test_shin",
                            polygon=box(x0, y0, x0 + 80, y1),
                            regions=(f"z_test_shin_{part}",),
                            number=n,
                        )
                    ]
                )
            )
    techniques = dict(base.techniques)
    techniques["t_test_shin_stroke"] = Technique(
        id="t_test_shin_stroke",
        name="Shin strokes",
        zones=("z_test_shin_upper",),
        hands=("both palms",),
        motion="up the shin",
        pressure="light",
        steps=("Stroke up the shin.",),
        sources=(source,),
    )
    sequences = dict(base.sequences)
    sequences["seq_test_mixed"] = Sequence(
        id="seq_test_mixed",
        name="Test legs and feet",
        sources=(source,),
        performer="self",
        side="not_stated",
        steps=(
            Step(
                technique="t_test_shin_stroke",
                instruction="Stroke the shins.",
                duration_s=30,
                side="each_leg",
            ),
            Step(
                technique=foot_tech.id,
                instruction="Work the sole.",
                duration_s=20,
                side="each_foot",
            ),
            Step(
                technique=foot_tech.id,
                instruction="Both feet.",
                repetitions="3 times",
                side="both_feet_together",
            ),
        ),
    )
    sequences["seq_test_leg"] = Sequence(
        id="seq_test_leg",
        name="Test legs only",
        sources=(source,),
        performer="self",
        side="each_leg",
        steps=(
            Step(
                technique="t_test_shin_stroke",
                instruction="Stroke the shins.",
                duration_s=40,
                side="each_leg",
            ),
            Step(
                technique="t_test_shin_stroke",
                instruction="Lower shin.",
                zones=("z_test_shin_lower",),
                repetitions="5 strokes",
                side="each_leg",
            ),
        ),
    )
    safety = dict(base.safety)

    def rule(rid: str, effect: str, applies: str, zones: tuple[str, ...] = ()) -> None:
        safety[rid] = SafetyRule(
            id=rid,
            condition=f"Condition {rid}",
            question=f"Question {rid}?",
            effect=effect,
            applies_to=applies,
            explanation=f"Because {rid}.",
            sources=(source,),
            zones=zones,
        )

    rule("s_test_clot", "avoid", "leg")
    rule("s_test_wound", "avoid", "both")
    rule("s_test_doctor", "ask_doctor", "both")
    rule("s_test_lighter", "lighter_pressure", "both")
    rule("s_test_lower_only", "avoid", "leg", ("z_test_shin_lower",))
    rule("s_test_stop", "stop", "both")
    return Atlas(
        replace(
            base.content,
            views=tuple(views.values()),
            zones=tuple(zones),
            outlines=tuple(outlines.values()),
            techniques=tuple(techniques.values()),
            sequences=tuple(sequences.values()),
            safety=tuple(safety.values()),
        )
    )


# The bundled routines, in content order: the columns of the safety table and the
# handouts read back from paper (a test there fails when one is added, so it gets both).
BUNDLED_ROUTINES = (
    "seq_002_seated_self_massage",
    "seq_000_foot_massage",
    "seq_001_bedtime",
    "seq_003_six_techniques",
    "seq_003_leg_muscles",
    "seq_004_circulation",
    "seq_self_reflexology",  # made from reflexology teaching when the content is compiled
)
