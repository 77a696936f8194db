"""Every fact of the source articles is covered by some content item.

The project's index of the articles' facts (`tests/data/article_facts.toml`, see
`tests/article_facts.py`) lists the techniques, claims, routines, safety rules and
disagreements found in the five source articles. Each of their ids must appear in the
`seed_ids` of some bundled content item (techniques, steps, claims, rules, notes,
regions...), or be listed in EXCLUSIONS with a reason. The last test checks the index
against the shared inventory next to the repository, when there is one (under CI there
must be): a small line reader picks its `- id:` entries (PyYAML is not a dependency).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import article_facts  # tests/ is on the path: its conftest lives there
import pytest
from authored import authored

SECTIONS = ("techniques", "claims", "sequences", "safety", "disagreements")

# Seed ids deliberately left out of the content, with the reason. At most five.
EXCLUSIONS: dict[str, str] = {}

_TOP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
_ITEM = re.compile(r"^  - id:\s*([A-Za-z0-9_.\-]+)\s*$")


def seed_ids_by_section(text: str) -> dict[str, list[str]]:
    """`- id: x` entries (two-space indent) under each top-level key of the YAML text."""
    found: dict[str, list[str]] = {}
    section: str | None = None
    for line in text.splitlines():
        top = _TOP.match(line)
        if top:
            section = top.group(1)
            continue
        item = _ITEM.match(line)
        if item and section is not None:
            found.setdefault(section, []).append(item.group(1))
    return found


def content_seed_ids(node: Any) -> Iterator[str]:
    """Every string in any `seed_ids` list, however deeply nested."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "seed_ids" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from content_seed_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from content_seed_ids(value)


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    index = article_facts.load()
    return {section: index.ids(section) for section in SECTIONS}


def test_reader_finds_every_section(seeds: dict[str, list[str]]) -> None:
    for section in SECTIONS:
        assert seeds.get(section), f"no ids read from section {section!r}"
    assert len(seeds["sequences"]) == 6


def test_exclusions_are_few_and_explained() -> None:
    assert len(EXCLUSIONS) <= 5
    assert all(reason.strip() for reason in EXCLUSIONS.values())


def test_every_seed_fact_is_covered(seeds: dict[str, list[str]]) -> None:
    covered = {
        sid
        for sid in content_seed_ids(list(authored()))
        if "." not in sid  # step ids like "seq_x.step3" count for nothing
    }
    missing = [
        f"{section}: {sid}"
        for section in SECTIONS
        for sid in seeds.get(section, [])
        if sid not in covered and sid not in EXCLUSIONS
    ]
    assert not missing, "seed facts with no content item:\n" + "\n".join(missing)


def test_exclusions_are_really_missing(seeds: dict[str, list[str]]) -> None:
    """An excluded id that is covered after all should leave the exclusion list."""
    all_ids = {sid for section in SECTIONS for sid in seeds.get(section, [])}
    covered = set(content_seed_ids(list(authored())))
    for sid in EXCLUSIONS:
        assert sid in all_ids, f"exclusion {sid!r} is not a seed id"
        assert sid not in covered, f"exclusion {sid!r} is covered; drop it"


def test_the_index_matches_the_shared_inventory(seeds: dict[str, list[str]]) -> None:
    """The repository's index holds exactly the shared inventory's ids, in its order."""
    path = article_facts.shared_or_skip("reference/seed-facts.yaml")
    shared = seed_ids_by_section(path.read_text(encoding="utf-8"))
    assert {s: shared.get(s, []) for s in SECTIONS} == seeds, (
        "tests/data/article_facts.toml differs from the shared inventory: "
        "run tests/data/refresh_article_facts.py"
    )
