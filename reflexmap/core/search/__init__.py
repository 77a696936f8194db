"""Search: one model of everything a user may look for, ranked, forgiving typos.

The window's live list and `reflexmap search` ask the same `SearchIndex`, so what the
command prints is what the list shows. The package is split by question:

* `words`: how text becomes the words search compares (normalised, stemmed);
* `matching`: how a typed word finds the content's words (stems, typos);
* `query`: what a query asks for (its words, a kind prefix, a foot);
* `entries`: what is searchable (an entry per zone name, body area, claim, technique,
  routine, note and safety rule, with weighted fields);
* `index`: the index over the entries, and the ranking.

Callers import from here; the names below are the package's front door.

Speed: the bundled content makes ~360 entries and ~1,150 distinct words; the index is
built on the search field's first use, and a keystroke costs well under a frame
(`tests/bench/run.py` measures both).
"""

from __future__ import annotations

from reflexmap.core.atlas import Atlas
from reflexmap.core.search.entries import KINDS, Entry, Kind
from reflexmap.core.search.index import Reason, Result, SearchIndex, synonyms_of
from reflexmap.core.search.query import PREFIX_OF, parse_query

__all__ = [
    "KINDS",
    "PREFIX_OF",
    "Entry",
    "Kind",
    "Reason",
    "Result",
    "SearchIndex",
    "index_for",
    "parse_query",
    "search",
    "synonyms_of",
]


def index_for(atlas: Atlas) -> SearchIndex:
    """One index per loaded atlas, built on first use and kept by it."""
    return atlas.derived(SearchIndex)


def search(atlas: Atlas, text: str, limit: int | None = None) -> list[Result]:
    """For scripts: one call, on the atlas's shared index."""
    return index_for(atlas).search(text, limit)
