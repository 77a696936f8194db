"""What content may hold, for the loader and the snapshot decoder alike (no Pydantic here).

The limits sit far above the bundled content (its longest text is 510 characters, its
longest list 68 items, its entries about 540) and low enough that the app serves a pack
at the limit quickly: each was measured against a pack filled up to it (see
docs/architecture.md). The same numbers bound what a snapshot may hold, so a doctored
snapshot cannot ask the window for more than a validated pack could.
"""

from __future__ import annotations

import re

MAX_TEXT = 4_000  # characters of any one string of content
MAX_ID = 120  # characters of an id
MAX_LIST = 1_000  # items of one list (paragraphs, sources, claims...)
MAX_ITEMS = 10_000  # entries ([[zone]], [[note]]...) of a whole pack
MAX_SECONDS = 24 * 3600  # a duration
MAX_NUMBER = 1_000_000  # a zone's number
MAX_ORDER = 100_000  # a view's order, either way

ID_RE = re.compile(r"[A-Za-z0-9_.\-]+")

# C0 and C1 control characters (ESC, BEL, NUL, line breaks, tab, DEL), the Unicode line
# and paragraph separators, and the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069): content text is shown and printed as it is, so none of
# these may drive a terminal, forge a line or reorder what the window shows.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


def forbidden_char(text: str) -> str | None:
    """What is wrong with `text` as content text (a control or bidi character), or None."""
    m = _FORBIDDEN.search(text)
    if m is None:
        return None
    ch = m.group()
    name = _NAMES.get(ch) or (
        f"the bidi control U+{ord(ch):04X}" if ord(ch) > 0xFF else f"the control U+{ord(ch):04X}"
    )
    return (
        f"holds {name} at character {m.start() + 1}: content text may not hold control "
        "characters, line breaks (write paragraphs as separate items) or bidi overrides"
    )


def text_problem(text: str) -> str | None:
    """The first thing that makes `text` unfit as any string of content, or None."""
    if len(text) > MAX_TEXT:
        return f"longer than {MAX_TEXT} characters (the limit for one text)"
    return forbidden_char(text)


# chart geometry (geojson.py checks them on the GeoJSON, record_check.py on a snapshot)
MAX_FEATURE_COORDS = 20_000  # per feature: the geometry checks of one 190,000-vertex zone
# took 56 s; the bundled charts' largest feature has about 250
MAX_MM = 100_000.0  # a coordinate farther than 100 m from the origin is a mistake
