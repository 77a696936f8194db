"""What a query asks for: its words, and the kind and foot it names.

"left" or "right" with other words picks the foot a zone opens on; "routine:" and the
like limit the kind. The English words of the prefixes are the query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reflexmap.core.search.entries import Kind
from reflexmap.core.search.words import STOP_WORDS, WORD_RE, normalise, spelled, stem

# A query may start with a kind ("routine: bed"); the English words are the query syntax.
KIND_PREFIXES: dict[str, Kind] = {
    "zone": "zone",
    "zones": "zone",
    "body area": "area",
    "area": "area",
    "symptom": "symptom",
    "claim": "symptom",
    "technique": "technique",
    "routine": "routine",
    "sequence": "routine",
    "note": "note",
    "page": "note",
    "safety": "safety",
    "safety rule": "safety",
    "rule": "safety",
}
PREFIX_OF: dict[str, str] = {
    "zone": "zone",
    "area": "body area",
    "symptom": "symptom",
    "technique": "technique",
    "routine": "routine",
    "note": "note",
    "safety": "safety",
}
_PREFIX_RE = re.compile(
    r"^\s*(" + "|".join(sorted(KIND_PREFIXES, key=len, reverse=True)) + r")\s*:\s*", re.IGNORECASE
)

FEET = frozenset({"left", "right"})
# What a query may hold: no name in the content is longer, and each word costs a pass over
# the vocabulary. 1,000 pasted words took 2.1 s per keystroke, 4,000 blocked for 18 s.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]
    kind: Kind | None = None
    foot: str | None = None
    typing: bool = True  # the last word may be unfinished (no space after it)
    spelled: tuple[str, ...] = ()  # the words as typed (before stemming)
    cut: bool = False  # the text was longer than MAX_QUERY_CHARS or MAX_QUERY_WORDS words


_FIRST_WORDS = re.compile(rf"\s*(?:\S+\s+){{{MAX_QUERY_WORDS - 1}}}\S+")


def bounded(text: str) -> tuple[str, bool]:
    """The query's text cut to MAX_QUERY_CHARS characters and MAX_QUERY_WORDS words
    (whitespace-separated), and whether anything was cut."""
    cut = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    m = _FIRST_WORDS.match(text)
    if m is not None and text[m.end() :].strip():
        return text[: m.end()], True
    return text, cut


def parse_query(text: str, side_nouns: frozenset[str] = frozenset()) -> Query:
    """A kind prefix ("routine: bed") limits the kinds; "left"/"right" with other words
    picks the side a zone opens on, and drops the body part's noun after it (`side_nouns`,
    the stemmed names of the content's body parts: "left foot heel" looks for "heel").
    Longer queries are cut (`bounded`)."""
    text, cut = bounded(text)
    kind: Kind | None = None
    m = _PREFIX_RE.match(text)
    rest = text
    if m:
        kind = KIND_PREFIXES[m.group(1).lower()]
        rest = text[m.end() :]
    raw = [stem(w) for w in WORD_RE.findall(normalise(rest))]
    found = [w for w in raw if w not in STOP_WORDS] or raw
    as_typed = spelled(rest)
    foot = None
    feet = [w for w in found if w in FEET]
    others = [w for w in found if w not in FEET and w not in side_nouns]
    if feet and others:
        foot = feet[0]
        found = [w for w in found if w not in FEET]
        if side_nouns.intersection(found):  # "left foot": both words name the side
            found = [w for w in found if w not in side_nouns] or found
    typing = bool(rest) and not rest[-1].isspace()
    return Query(
        text=text,  # as cut
        words=tuple(found),
        kind=kind,
        foot=foot,
        typing=typing,
        spelled=tuple(as_typed.get(w, w) for w in found),
        cut=cut,
    )
