"""Words as search compares them: lower case, no accents, a plural "s" dropped, stop
words left out.

Entries and queries go through the same functions, so "Athlete's" in the content and
"athletes" typed are one word, and so are "lungs" and "lung".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOP_WORDS = frozenset(
    "a an the of and or to for in on at with my is it its from by as be can i me do".split()
)
_IRREGULAR = {"feet": "foot", "teeth": "tooth"}
WORD_RE = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents and apostrophes dropped ("Athlete's" -> "athletes")."""
    if text.isascii():  # no accents to drop: most content, and 10x faster
        return text.lower().replace("'", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("'", "").replace("\u2019", "")


@lru_cache(maxsize=1 << 16)  # a pack's words repeat: 3.9M calls for 20,000 words
def stem(word: str) -> str:
    """A plural's singular, roughly: enough that "lungs" finds "lung" and back."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The searchable words of a text: normalised, stemmed, without stop words."""
    return tuple(stem(w) for w in WORD_RE.findall(normalise(text)) if w not in STOP_WORDS)


def spelled(text: str) -> dict[str, str]:
    """Each searchable word of a text, as the text spells it (for saying why)."""
    return {stem(w): w for w in reversed(WORD_RE.findall(normalise(text)))}
