"""The project's own index of the source articles' facts (`tests/data/article_facts.toml`).

The coverage, faithfulness and safety-list tests read it, so they run on any clone. The
shared inventory and articles next to the repository (`../shared`) are only needed to
check that this index has not drifted from them (`drift_check_root`); under CI their
absence is a failure, not a skip.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "article_facts.toml"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclass(frozen=True)
class Fact:
    section: str
    id: str
    about: str
    sources: tuple[str, ...]
    contraindication: bool


@dataclass(frozen=True)
class ArticleFacts:
    facts: tuple[Fact, ...]
    watched_words: dict[str, frozenset[str]]  # article id -> watched words it uses

    def ids(self, section: str) -> list[str]:
        return [f.id for f in self.facts if f.section == section]


def load() -> ArticleFacts:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    facts = tuple(
        Fact(
            f["section"],
            f["id"],
            f["about"],
            tuple(f.get("sources", ())),
            bool(f.get("contraindication", False)),
        )
        for f in raw["fact"]
    )
    words = {a["id"]: frozenset(a["watched_words_used"]) for a in raw["article"]}
    return ArticleFacts(facts, words)


def under_ci() -> bool:
    return bool(os.environ.get("REFLEXMAP_CI") or os.environ.get("CI"))


def shared_or_skip(relative: str) -> Path:
    """A path in ../shared for a drift check: skipped on a clone without it, a failure
    under CI (where it must be there)."""
    path = SHARED / relative
    if not path.exists():
        message = f"{path} is missing: the article index cannot be checked for drift"
        if under_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path
