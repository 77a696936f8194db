"""Steps and cards say only what their sources say.

* `repetitions` holds the source's own count or time words, never the app's: the
  presenter appends the time and marks a made-up one "(suggested)" itself
  (`labels.amount_label`), so "suggested" or "not stated" in the content would be said
  twice, or would pass the app's words off as the source's.
* Anything the app adds to a source's instructions is marked in one form only: a
  trailing sentence "(Our suggestion: ….)".
* Words that were found added to the sources' steps ("loose fist", "gently",
  "one pass", …) may appear in a step only inside that marker, or where the article the
  text cites uses them too. Which watched words each article uses is in the project's
  index of the articles (`tests/data/article_facts.toml`); one test checks that index
  against the articles next to the repository (`../shared/seeds`) where they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import article_facts  # tests/ is on the path: its conftest lives there
import pytest

# The app's own words about time: the presenter says them, the content must not.
APP_TIME_WORDS = ("suggested", "not stated")

# The one form of a suggestion: a trailing sentence of its own.
MARKER = re.compile(r"\(Our suggestion: [^()]+[.!?]\)")
TRAILING_MARKER = re.compile(r"(?:^|[.!?:;)] )\(Our suggestion: [^()]+[.!?]\)$")
MARKER_WORDS = re.compile(r"our\s+suggestion", re.IGNORECASE)

# Words and phrases found added to the sources' steps (manners, counts, similes, places).
ADDED_WORDS = (
    "loosely",
    "loose fist",
    "loose",
    "gently",
    "lightly",
    "softly",
    "slowly",
    "briefly",
    "one pass",
    "slow pass",
    "a few times",
    "flat",
    "cold hands",
    "edge of a bed",
    "small circle",
    "never past comfort",
)


def _word_re(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", re.IGNORECASE)


ADDED_RES = {w: _word_re(w) for w in ADDED_WORDS}


def without_marker(text: str) -> str:
    return MARKER.sub("", text)


TEACHING = "ref_reflexology_teaching"  # the source id of reflexology teaching


def teaching_text(chart: str) -> str:
    """Reflexology teaching (the three books) as the shared reference sums it up: its
    sections 4-5."""
    return chart[chart.find("## 4.") : chart.find("## 6.")]


def words_not_used(text: str, used: frozenset[str]) -> list[str]:
    """The watched words in `text` (outside a suggestion) that are not in `used`."""
    own = without_marker(text)
    return [w for w, rx in ADDED_RES.items() if rx.search(own) and w not in used]


def added_words(text: str, article: str) -> list[str]:
    """The listed words in `text` (outside a suggestion) that `article` never uses."""
    return words_not_used(text, frozenset(w for w, rx in ADDED_RES.items() if rx.search(article)))


def all_strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from all_strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from all_strings(value, f"{path}[{i}]")


def repetitions(atlas) -> Iterator[tuple[str, str]]:
    for tech in atlas.techniques.values():
        yield tech.id, tech.repetitions
    for seq in atlas.sequences.values():
        for i, step in enumerate(seq.steps):
            yield f"{seq.id}.steps[{i}]", step.repetitions


def step_texts(atlas) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(where, text, cited sources) for every instruction-like text."""
    for tech in atlas.techniques.values():
        texts = [
            *tech.steps,
            *tech.steps_self,
            *tech.steps_partner,
            tech.motion,
            tech.motion_self,
            *tech.hands,
            *tech.hands_self,
            tech.repetitions,
        ]
        for text in texts:
            yield tech.id, text, tech.sources
    for seq in atlas.sequences.values():
        for i, step in enumerate(seq.steps):
            texts = (step.instruction, step.instruction_self, step.instruction_partner)
            for text in (*texts, step.repetitions):
                yield f"{seq.id}.steps[{i}]", text, seq.sources


# ---------------------------------------------------------------- no article needed


def test_repetitions_hold_no_app_time_words(atlas) -> None:
    bad = [
        f"{where}: {text!r}"
        for where, text in repetitions(atlas)
        if any(w in text.lower() for w in APP_TIME_WORDS)
    ]
    assert not bad, "the presenter says these, not the content:\n" + "\n".join(bad)


def test_suggestions_use_one_marker_form(atlas) -> None:
    bad = []
    for where, text in all_strings(atlas.to_json()):
        mentions = len(MARKER_WORDS.findall(text))
        if not mentions:
            continue
        if (
            len(MARKER.findall(text)) != mentions
            or mentions != 1
            or not TRAILING_MARKER.search(text)
        ):
            bad.append(f"{where}: {text!r}")
    assert not bad, 'use one trailing "(Our suggestion: ….)":\n' + "\n".join(bad)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Make a fist. (Our suggestion: keep it relaxed.)", True),
        ("(Our suggestion: test the water first.)", True),
        ("The time is our suggestion.", False),
        ("(Our suggestion: relax.) Then knead.", False),
        ("Knead (our suggestion: relaxed).", False),
    ],
)
def test_marker_form(text: str, ok: bool) -> None:
    assert bool(TRAILING_MARKER.search(text)) is ok


def test_added_words_reader() -> None:
    article = "Apply circular movements with your fist, gently."
    assert added_words("Make a loose fist and knead gently.", article) == ["loose fist", "loose"]
    assert added_words("Make a fist. (Our suggestion: keep it loose.)", article) == []


# ---------------------------------------------------------------- against the articles


@pytest.fixture(scope="module")
def used_words() -> dict[str, frozenset[str]]:
    """Source id -> the watched words it uses (the project's index of the articles, and
    of reflexology teaching as the shared reference sums it up)."""
    return article_facts.load().watched_words


def test_every_cited_article_is_there(atlas, used_words) -> None:
    cited = {s for _, _, sources in step_texts(atlas) for s in sources}
    missing = sorted(s for s in cited if s.endswith(".txt") and s not in used_words)
    assert not missing


def test_steps_add_no_words_the_sources_lack(atlas, used_words) -> None:
    bad = []
    for where, text, sources in step_texts(atlas):
        used = frozenset().union(*(used_words.get(s, frozenset()) for s in sources))
        extra = words_not_used(text, used)
        if extra:
            bad.append(f"{where}: {extra} in {text!r}")
    assert not bad, (
        "words the cited articles do not use; remove them or put them in "
        '"(Our suggestion: ….)":\n' + "\n".join(bad)
    )


def test_the_index_knows_which_words_each_article_uses(used_words) -> None:
    """The index's watched words per article are those the articles really use (checked
    where the articles are next to the repository; under CI they must be)."""
    seeds = article_facts.shared_or_skip("seeds")
    texts = {p.name: p.read_text("utf-8") for p in seeds.glob("*.txt")}
    chart = article_facts.shared_or_skip("reference/reflexology-chart.md").read_text("utf-8")
    texts[TEACHING] = teaching_text(chart)
    found = {
        name: frozenset(w for w, rx in ADDED_RES.items() if rx.search(text))
        for name, text in texts.items()
    }
    assert found == used_words, "run tests/data/refresh_article_facts.py"
