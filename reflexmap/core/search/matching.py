"""How a typed word finds the content's words: exactly, as a start, as the same stem,
inside a longer word, or within a typing mistake or two.

Every word of the query must match a word of the entry: exactly, as the start of a word
(the last word is usually still being typed), as the same stem ("pregnant",
"pregnancy"), inside a longer word ("ache" in "headache"), or, in names only and only
for a word the content never uses, within one typing mistake (two from six letters on;
a swapped pair of letters is one mistake): "lung" is a word of the content, so it never
also finds "long".

A match's quality (exact 1.0, stem 0.85, start 0.72-0.92, one mistake 0.78, two 0.62,
inside 0.6) is what the ranking (`reflexmap.core.search.index`) multiplies by the
weight of the field the word was found in.

Typing mistakes are counted in pure Python (`mistakes`, ~1.5 ms for one unknown word
against the ~330 words of names): measured enough, so no rapidfuzz (36-110 ms to
import, a compiled wheel to bundle).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from os.path import commonprefix
from typing import Literal

How = Literal["exact", "stem", "prefix", "typo", "inside", "synonym"]

# How a word matched, before the field's weight.
EXACT, STEM, TYPO1, TYPO2, INSIDE = 1.0, 0.85, 0.78, 0.62, 0.6
# Word endings that make two words one stem when the rest is the same ("pregnan-t",
# "pregnan-cy"; "digest-ion", "digest-ive"), unlike a typo ("stoma-ck", "stoma-ch").
SUFFIXES = frozenset(
    "|s|es|e|y|ies|t|cy|ce|nt|nce|ncy|ing|ed|er|ers|ion|ions|ive|al|ally|ic|ical|ness|less|"
    "ful|ity|ly|ation|ate|ated|ant|ent|ence|ency".split("|")
)


def mistakes(a: str, b: str, limit: int) -> int:
    """Typing mistakes between two words (optimal string alignment: a wrong, missing or
    extra letter, or two letters swapped, each count one); `limit + 1` once above
    `limit`. Pure Python is enough: only the ~320 words of names are compared, and only
    for a word the content does not use."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], before[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        before, prev = prev, cur
    return min(prev[-1], limit + 1)


def same_stem(a: str, b: str) -> bool:
    """One stem rather than a typo: the words part, after five letters or more, only in
    endings of `SUFFIXES` ("pregnant", "pregnancy"; not "stomack", "stomach")."""
    cut = len(commonprefix([a, b]))
    while cut >= 5:
        if a[cut:] in SUFFIXES and b[cut:] in SUFFIXES:
            return True
        cut -= 1
    return False


@dataclass
class Vocabulary:
    """Every word of every field, once, with where it occurs: what a typed word is
    matched against, and what tells a typo from a word the content uses."""

    where: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)  # "achille" -> "achilles"
    fuzzy: list[str] = field(default_factory=list)  # words of fields that forgive typos
    _fuzzy_set: set[str] = field(default_factory=set)

    def add(self, word: str, entry: int, fld: int, fuzzy: bool) -> None:
        self.where.setdefault(word, []).append((entry, fld))
        if fuzzy and word not in self._fuzzy_set and len(word) >= 3:
            self._fuzzy_set.add(word)
            self.fuzzy.append(word)

    def matches(
        self,
        typed: str,
        last: bool,
        pool: Iterable[str] | None = None,
        fuzzy_pool: list[str] | None = None,
    ) -> dict[str, tuple[float, How]]:
        """Each word the typed word matches, with its quality and how: of `pool` (all
        the words, unless given), and of `fuzzy_pool` (the words of names, unless given)
        within a typing mistake when the typed word is not one the content uses."""
        found = self._word_matches(typed, last, self.where if pool is None else pool)
        if self._known(typed, last):
            return found
        typos = self._typos(typed, last, self.fuzzy if fuzzy_pool is None else fuzzy_pool)
        for word, hit in typos.items():
            if word not in found or found[word][0] < hit[0]:
                found[word] = hit
        return found

    def _word_matches(
        self, typed: str, last: bool, pool: Iterable[str]
    ) -> dict[str, tuple[float, How]]:
        """Each word of `pool` the typed word matches, with its score and how."""
        out: dict[str, tuple[float, How]] = {}
        for word in pool:
            if word == typed:
                out[word] = (EXACT, "exact")
            elif word.startswith(typed) and (last or len(typed) >= 3):
                out[word] = (0.72 + 0.2 * len(typed) / len(word), "prefix")
            elif word[:5] == typed[:5] and same_stem(typed, word):
                out[word] = (STEM, "stem")
            elif len(typed) >= 4 and typed in word:
                out[word] = (INSIDE, "inside")
        return out

    def _typos(self, typed: str, last: bool, pool: list[str]) -> dict[str, tuple[float, How]]:
        """Words of `pool` within one typing mistake (two from six letters on)."""
        if len(typed) < 4:
            return {}
        limit = 1 if len(typed) <= 5 else 2
        out: dict[str, tuple[float, How]] = {}
        for word in pool:
            dist = mistakes(typed, word, limit)
            if 0 < dist <= limit:
                out[word] = (TYPO1 if dist == 1 else TYPO2, "typo")
            elif (
                last
                and word not in out
                and len(word) > len(typed) + 1
                and mistakes(typed, word[: len(typed)], 1) == 1
            ):
                out[word] = (TYPO2, "typo")  # a typo in a word still being typed: "stomac"
        return out

    def _known(self, typed: str, last: bool) -> bool:
        """A word the content uses (or, being typed, starts): never read as a typo, so
        "lung" does not also find "long"."""
        if typed in self.where:
            return True
        return last and any(w.startswith(typed) for w in self.where)
