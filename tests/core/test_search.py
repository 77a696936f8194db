"""Search finds: the acceptance queries, typos, synonyms, the feet, the CLI.

Mutations tried on a copy of the tree (each edit made, this module and
tests/qt/test_search_box.py run), with the tests here that failed:

* one zone entry per zone instead of per name on a view (`groups` keyed by zone id) →
  every acceptance test but pregnant, test_every_zone_is_in_one_entry..., the CLI tests
* no typos (`_typos` returning {}) → test_stomack_..., test_typos_are_forgiven...,
  test_cli_prints_the_ranked_results
* typos tried on known words (`_known` always False) → test_lung_finds_both_feet,
  test_known_words_are_not_read_as_typos
* synonyms ignored, or the loader not attaching them → test_headache_..., test_sleep_...,
  test_pregnant_..., test_synonyms_lead_where_the_content_says
* a synonym phrase matched by part of it ("heel" for "heel pain") → test_heel_...,
  test_stomack_...
* no coverage bonus → test_heel_... (the sigmoid colon zone came up among the first),
  test_every_zone_is_in_one_entry_and_found_by_its_name
* "left"/"right" not parsed, or Result.id ignoring it → test_lung_right_opens_the_right_foot
* the kind prefix ignored → test_a_kind_prefix_limits_the_kinds
* the ranking reversed → 13 tests here
* the loader's check of synonym targets removed →
  test_bad_synonym_is_reported_with_file_and_place
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflexmap.cli import main
from reflexmap.core.loader import load_content
from reflexmap.core.present import search as words
from reflexmap.core.problems import ContentError
from reflexmap.core.search import SearchIndex, index_for, parse_query, synonyms_of


@pytest.fixture(scope="module")
def index(atlas) -> SearchIndex:
    return index_for(atlas)


def top(index: SearchIndex, query: str, n: int) -> list[tuple[str, str]]:
    return [(r.kind, r.id) for r in index.search(query)[:n]]


def zone_result(index: SearchIndex, query: str, zone_id: str):
    return next(r for r in index.search(query) if r.kind == "zone" and zone_id in r.entry.zones)


# ---- the acceptance queries ------------------------------------------------------------


def test_headache_finds_the_head_zones_on_both_feet(index: SearchIndex) -> None:
    first = top(index, "headache", 3)
    assert ("zone", "left.sole.head_brain") in first  # "Big toe: head and brain"
    assert ("zone", "left.top.big_toe_top") in first
    assert ("area", "head_brain") in top(index, "headache", 4)
    big_toe = zone_result(index, "headache", "left.sole.head_brain")
    assert big_toe.entry.zones == ("left.sole.head_brain", "right.sole.head_brain")
    assert big_toe.reasons[0].how == "synonym"
    assert "headache" in words.why(big_toe)


def test_stomack_finds_the_stomach_zone_first(index: SearchIndex) -> None:
    results = index.search("stomack")
    assert (results[0].kind, results[0].id) == ("zone", "left.sole.stomach")
    assert results[0].entry.zones == ("left.sole.stomach", "right.sole.stomach")
    assert ("area", "stomach") in top(index, "stomack", 2)
    assert results[0].reasons[0].how == "typo"
    assert words.why(results[0]) == "“stomack” read as “stomach” in the name"


def test_heel_finds_heel_zones_not_the_sigmoid_colon(index: SearchIndex, atlas) -> None:
    results = index.search("heel")
    first = results[:8]
    assert first[0].kind == "zone"
    for r in first:  # all in the heel, by name
        assert "heel" in r.entry.name.lower()
        if r.kind == "zone":
            assert len(r.entry.zones) == 2  # both feet
            assert "z_heel" in atlas.zones[r.id].regions
    assert ("zone", "left.sole.lower_heel") in top(index, "heel", 4)  # the sole's heel pad
    assert ("technique", "t_heel_circles") in top(index, "heel", 4)
    ids = [r.id for r in results]
    assert ids.index("left.sole.sigmoid_colon") > 10


def test_lung_finds_both_feet(index: SearchIndex) -> None:
    results = index.search("lung")
    assert (results[0].kind, results[0].id) == ("zone", "left.sole.lungs_chest")
    assert results[0].entry.zones == ("left.sole.lungs_chest", "right.sole.lungs_chest")
    assert (results[1].kind, results[1].id) == ("area", "lungs")
    # nothing merely "long"; the session that walks the map works the lungs zone too
    assert [(r.kind, r.id) for r in results[2:]] == [("routine", "seq_self_reflexology")]


def test_sleep_finds_the_solar_plexus_and_the_bedtime_routine(index: SearchIndex) -> None:
    first = top(index, "sleep", 3)
    assert ("zone", "left.sole.solar_plexus") in first
    assert ("routine", "seq_001_bedtime") in first
    assert ("area", "sleep") in first
    plexus = zone_result(index, "sleep", "left.sole.solar_plexus")
    assert plexus.entry.zones == ("left.sole.solar_plexus", "right.sole.solar_plexus")
    # the sources' own words about sleep come next
    assert {r.kind for r in index.search("sleep")[3:6]} == {"symptom"}


def test_pregnant_finds_the_pregnancy_rules_and_note_first(index: SearchIndex) -> None:
    first = top(index, "pregnant", 4)
    assert {
        ("safety", "s_pregnancy"),
        ("safety", "s_pregnancy_foot"),
        ("safety", "s_pregnancy_first_trimester"),
        ("note", "d_always_beneficial"),
    } == set(first)


# ---- how it matches --------------------------------------------------------------------


def test_lung_right_opens_the_right_foot(index: SearchIndex, atlas) -> None:
    result = index.search("lung right")[0]
    assert result.id == "right.sole.lungs_chest"
    assert "right foot" in words.result_label(atlas, result)
    assert index.search("left foot kidney")[0].id == "left.sole.kidney"
    assert parse_query("right").words == ("right",)  # alone, "right" is just a word


def test_one_foot_zones_say_so(index: SearchIndex, atlas) -> None:
    liver = next(r for r in index.search("liver") if r.kind == "zone")
    assert liver.id == "right.sole.liver" and liver.entry.zones == ("right.sole.liver",)
    assert "right foot only" in words.result_label(atlas, liver)


def test_typos_are_forgiven_in_names_only(index: SearchIndex) -> None:
    assert top(index, "lugn", 1) == [("zone", "left.sole.lungs_chest")]  # swapped letters
    assert top(index, "acilles", 1)[0][0] == "zone"  # a missing letter
    assert ("area", "pancreas") in top(index, "pancres", 2)
    assert index.search("stomac")[0].id == "left.sole.stomach"  # still typing
    assert index.search("xq") == []


def test_known_words_are_not_read_as_typos(index: SearchIndex) -> None:
    # "long" is one letter from "lung", but "lung" is a word the content uses
    assert all("long" not in r.entry.name.lower() for r in index.search("lung"))


def test_a_kind_prefix_limits_the_kinds(index: SearchIndex) -> None:
    results = index.search("routine: bed")
    assert results and {r.kind for r in results} == {"routine"}
    assert results[0].id == "seq_001_bedtime"
    assert top(index, "Body area: Lungs and bronchi", 1) == [("area", "lungs")]
    assert top(index, "Technique: Heel circles", 1) == [("technique", "t_heel_circles")]


def test_a_claim_leads_to_what_it_is_said_of(index: SearchIndex) -> None:
    claim = next(r for r in index.search("headache") if r.kind == "symptom")
    assert claim.entry.target == ("area", "head_brain")  # said of the whole foot
    own = next(r for r in index.search("central to massage for sleep") if r.kind == "symptom")
    assert own.entry.target == ("zone", "left.sole.solar_plexus")


def test_every_entry_has_one_key(index: SearchIndex, atlas) -> None:
    keys = [(e.kind, e.id) for e in index.entries]
    assert len(keys) == len(set(keys))
    kinds = {e.kind for e in index.entries}
    assert kinds == {"zone", "area", "symptom", "technique", "routine", "note", "safety"}
    assert sum(e.kind == "note" for e in index.entries) == len(atlas.notes)
    assert sum(e.kind == "safety" for e in index.entries) == len(atlas.safety)


def test_every_zone_is_in_one_entry_and_found_by_its_name(index: SearchIndex, atlas) -> None:
    seen = [z for e in index.entries if e.kind == "zone" for z in e.zones]
    assert sorted(seen) == sorted(atlas.zones)
    for entry in (e for e in index.entries if e.kind == "zone"):
        feet = [atlas.zones[z].foot for z in entry.zones]
        assert feet in (["left", "right"], ["left"], ["right"])
        view = atlas.views[atlas.zones[entry.id].view].name
        found = index.search(f"{entry.name} {view}")
        assert found and found[0].entry is entry, entry.name


def test_every_note_and_rule_is_found_by_its_title(index: SearchIndex, atlas) -> None:
    for note in atlas.notes.values():
        assert ("note", note.id) in top(index, note.title, 3), note.title
    for rule in atlas.safety.values():
        assert ("safety", rule.id) in top(index, rule.condition, 3), rule.condition


def test_no_match_suggests_the_nearest(index: SearchIndex) -> None:
    assert index.search("zzqx") == []
    assert 1 <= len(index.suggest("zzqx")) <= 5
    # some words known, some not: what the known ones find
    assert index.search("stomach pizza") == []
    assert index.suggest("stomach pizza")[0].name in ("Stomach", "Upper inner arch: stomach")


# ---- synonyms ---------------------------------------------------------------------------


def test_synonyms_lead_where_the_content_says(index: SearchIndex, atlas) -> None:
    assert len(synonyms_of(atlas)) >= 20
    assert ("area", "stomach") in top(index, "tummy", 2)
    assert ("zone", "left.sole.stomach") in top(index, "tummy", 2)
    assert ("routine", "seq_001_bedtime") in top(index, "insomnia", 4)
    assert ("zone", "left.sole.solar_plexus") in top(index, "insomnia", 4)
    assert ("note", "evidence") in top(index, "does it work", 3)


def test_bad_synonym_is_reported_with_file_and_place(
    assets_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = assets_copy / "content" / "synonyms.toml"
    path.write_text(
        path.read_text() + '\n[[synonym]]\nwords = ["x-ray"]\n'
        'body_areas = ["no_such_area"]\n\n[[synonym]]\nwords = ["empty"]\n'
    )
    count = path.read_text().count("\n[[synonym]]")
    with pytest.raises(ContentError) as err:
        load_content(assets_copy)
    lines = [str(p) for p in err.value.problems]
    assert (
        f"content/synonyms.toml:synonym[{count - 2}].body_areas: unknown body area "
        "'no_such_area'" in lines
    )
    assert any(
        line.startswith(f"content/synonyms.toml:synonym[{count - 1}]:")
        and "at least one target" in line
        for line in lines
    )
    assert main(["validate", str(assets_copy)]) == 1
    assert "content/synonyms.toml:synonym[" in capsys.readouterr().err


# ---- the command line -------------------------------------------------------------------


def test_cli_prints_the_ranked_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "stomack"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["zone", "left.sole.stomach"]
    assert "both feet" in lines[0] and "read as “stomach”" in lines[0]


def test_cli_json_matches_the_window(capsys: pytest.CaptureFixture[str], atlas) -> None:
    assert main(["search", "sleep", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = index_for(atlas).search("sleep")
    assert [(r["kind"], r["id"]) for r in data["results"]] == [(r.kind, r.id) for r in expected]
    first = data["results"][0]
    assert set(first) >= {"rank", "kind", "id", "label", "why", "score", "zones"}
    assert first["zones"] == ["left.sole.solar_plexus", "right.sole.solar_plexus"]


def test_cli_no_match_exits_1_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzqx"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("No match for “zzqx”.\nNearest: ")
    assert main(["search", "zzqx", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["results"] == [] and data["suggestions"]


def test_a_pasted_page_is_cut_to_a_short_query(index: SearchIndex) -> None:
    """4,000 pasted words blocked the window for 13 s (18 s here) and with 1,000 every
    key took 2.1 s: the query keeps its first words and characters."""
    from reflexmap.core.search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, parse_query

    page = " ".join(["stomach"] * 4_000)
    query = parse_query(page)
    assert query.cut and len(query.words) <= MAX_QUERY_WORDS
    assert len(query.text) <= MAX_QUERY_CHARS
    assert [r.id for r in index.search(page)] == [r.id for r in index.search("stomach " * 11)]
    assert not parse_query("stomach pain").cut
    assert len(parse_query("x" * 10_000).text) == MAX_QUERY_CHARS


def test_the_cli_says_when_it_cut_the_query(capsys) -> None:
    from reflexmap.cli import main

    assert main(["search", *(["heel"] * 4_000)]) == 0
    err = capsys.readouterr().err
    assert "the query was cut to its first 12 words" in err
