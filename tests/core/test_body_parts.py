"""Body parts are content: a pack adds a third kind of view (a hand) with no code change.

`tests/packs/hand` holds a hand palm chart (two zones per hand, from its own generator
`make_chart.py`), one technique, one routine done on each hand and one hand-only safety
rule, and declares the body part `hand` in `content/body_parts.toml`: its words ("left
hand", "both hands", "the whole hand"), its side values (`each_hand`) and the safety
`applies_to` values that reach it. The commands a user runs on it say "hand", never
"foot"; the bundled body parts (foot, leg) are content too (assets/content/body_parts.toml).
The window: tests/qt/test_body_parts_window.py.

Mutations checked: side_label back to the foot/leg literals ("left foot" unless the kind
is "leg") fails test_the_commands_speak_of_hands; routine_plan's per-side values back to
("each_foot", "each_leg") fails test_the_routine_and_the_safety_rule_follow_the_body_part
(one play, no side); parse_query dropping only "foot"/"leg" after a side fails the
"left hand centre" search; rule_applies_to_zone back to `applies_to == kind or "both"` fails
test_a_body_part_lists_the_rules_that_reach_it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reflexmap.cli import main
from reflexmap.core.loader import load_content
from reflexmap.core.problems import ContentError
from reflexmap.core.routine_plan import plan_routine
from reflexmap.core.safety_check import build_checklist, evaluate, sequence_kind

HAND = Path(__file__).resolve().parents[1] / "packs" / "hand"


@pytest.fixture(scope="module")
def hand():
    return load_content(HAND)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["--content", str(HAND), *args]) == 0
    return capsys.readouterr().out


def test_the_pack_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(HAND)]) == 0
    out = capsys.readouterr().out
    assert "valid: 1 views, 4 zones, 1 techniques, 1 sequences, 1 safety rules" in out


def test_the_chart_is_its_generators_output() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("hand_chart", HAND / "make_chart.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (HAND / "charts" / "palm.geojson").read_text(encoding="utf-8") == module.chart()


def test_the_commands_speak_of_hands(capsys: pytest.CaptureFixture[str]) -> None:
    zones = run(capsys, "zones")
    assert "Centre of the palm" in zones and zones.count("palm") >= 4
    listed = json.loads(run(capsys, "zones", "--json"))
    assert {(z["foot"], z["view"]) for z in listed} == {("left", "palm"), ("right", "palm")}
    card = run(capsys, "card", "left.palm.centre")
    assert "Left hand · Palms, seen from the front" in card
    assert "Thumb circles in the palm" in card
    routine = run(capsys, "routine", "seq_hand_test")
    assert "1. left hand · 30 s" in routine and "2. right hand · 30 s" in routine
    assert "2 steps, 1:00" in routine
    found = run(capsys, "search", "palm")
    assert "both hands" in found
    sided = run(capsys, "search", "left hand centre")  # the side and the part's noun
    assert sided.split()[:2] == ["zone", "left.palm.centre"]
    for out in (zones, card, routine, found, sided):
        assert "foot" not in out.lower() and "feet" not in out.lower() and "leg" not in out


def test_the_routine_and_the_safety_rule_follow_the_body_part(hand) -> None:
    seq = hand.sequences["seq_hand_test"]
    plan = plan_routine(hand, seq)
    assert [(s.foot, s.part) for s in plan.steps] == [("left", "hand"), ("right", "hand")]
    assert plan.steps[1].switch  # "now the right hand"
    assert sequence_kind(hand, seq) == "hand"
    checklist = build_checklist(hand, seq)
    assert [r.id for r in checklist.questions] == ["s_hand_cut"]
    assert evaluate(checklist, frozenset({"s_hand_cut"})).blocked
    assert [r.id for r in hand.safety_for_zone("left.palm.centre")] == ["s_hand_cut"]


def test_a_body_part_lists_the_rules_that_reach_it(tmp_path: Path) -> None:
    """`reached_by` decides which rules reach a body part's zones: a rule for
    "anywhere" reaches the hand once the hand lists "anywhere", and without it the pack
    is refused, naming the rule (a rule that reaches nothing is a mistake)."""
    pack = tmp_path / "hand"
    shutil.copytree(HAND, pack)

    def edit(rel: str, old: str, new: str) -> None:
        path = pack / "content" / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    edit("safety.toml", 'applies_to = "hand"', 'applies_to = "anywhere"')
    edit("body_parts.toml", '["hand", "both"]', '["hand", "anywhere"]')
    reached = load_content(pack)
    assert [r.id for r in reached.safety_for_zone("left.palm.centre")] == ["s_hand_cut"]
    assert [r.id for r in build_checklist(reached, reached.sequences["seq_hand_test"]).questions]
    edit("body_parts.toml", '["hand", "anywhere"]', '["hand"]')
    with pytest.raises(ContentError) as err:
        load_content(pack)
    assert (
        "safety.toml:safety[0] (id=s_hand_cut).applies_to: no body part is reached by "
        "'anywhere'; expected one of hand"
    ) in str(err.value)


def test_unknown_body_parts_and_sides_are_named(tmp_path: Path) -> None:
    pack = tmp_path / "hand"
    shutil.copytree(HAND, pack)
    views = pack / "content" / "views.toml"
    views.write_text(views.read_text(encoding="utf-8").replace('"hand"', '"paw"'), "utf-8")
    seqs = pack / "content" / "sequences.toml"
    seqs.write_text(seqs.read_text(encoding="utf-8").replace('"each_hand"', '"each_paw"'), "utf-8")
    with pytest.raises(ContentError) as err:
        load_content(pack)
    text = str(err.value)
    assert (
        "views.toml:view[0] (id=palm).kind: unknown body part 'paw'; expected one of hand" in text
    )
    assert "sequence[0] (id=seq_hand_test).side: unknown side 'each_paw'" in text
    assert "sequence[0] (id=seq_hand_test).steps[0].side: unknown side 'each_paw'" in text


def test_a_pack_without_body_parts_uses_the_bundled_ones(atlas) -> None:
    """The bundled foot and leg are content (assets/content/body_parts.toml)."""
    assert set(atlas.body_parts) == {"foot", "leg"}
    assert atlas.body_part("leg").both == "both legs"
    assert atlas.per_side == {"each_foot", "each_leg"}


def test_a_packs_snapshot_key_follows_the_bundled_body_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack without body parts takes the app's: editing those must not leave its cached
    snapshot (with the old words) in use."""
    from reflexmap.core import content

    pack = tmp_path / "pack"
    shutil.copytree(HAND, pack)
    (pack / "content" / "body_parts.toml").unlink()
    bundled = tmp_path / "body_parts.toml"
    bundled.write_text((HAND / "content" / "body_parts.toml").read_text("utf-8"), "utf-8")
    monkeypatch.setattr(content, "bundled_body_parts", lambda: bundled)
    before = content.content_key(pack)
    assert before is not None and content.content_key(pack) == before
    bundled.write_text(bundled.read_text("utf-8").replace("left hand", "left paw"), "utf-8")
    assert content.content_key(pack) != before
