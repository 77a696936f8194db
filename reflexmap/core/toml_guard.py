"""A linear look at a TOML text before tomllib parses it: keys of absurd length or depth
are refused.

tomllib's cost for a dotted key is quadratic in its parts (each part's full path is built
and remembered): `a.a.a…` of 30,000 parts (60 KB) took 16 s of CPU and 3.5 GB. The pack
reader's byte limits cannot catch that, so every content TOML passes through `check`
first. The scan is one regular-expression tokenizer pass (strings, multi-line strings and
comments are single tokens, so a key-like text inside them is never counted).

The limits sit far above the bundled content (at most 2 parts, as in `[[zone.claims]]`,
and 16 characters, `question_partner`) and far below what costs anything.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_KEY_PARTS = 32  # dotted parts of one key or table header
MAX_KEY_CHARS = 256  # characters of one key or table header (quotes and dots included)

_DQ3, _SQ3 = '"' * 3, "'" * 3
# Every alternative matches something (an unclosed string runs to the end of its line, or
# of the text for a multi-line one) and is possessive: no backtracking, one pass.
_TOKEN = re.compile(
    rf"(?P<mlstr>{_DQ3}(?>[^\"\\]++|\\[\s\S]?|\"(?!\"\"))*+(?:\"{{3,5}})?"
    rf"|{_SQ3}(?>[^']++|'(?!''))*+(?:'{{3,5}})?)"
    r"|(?P<part>[A-Za-z0-9_-]++|\"(?>[^\"\\\n]++|\\[^\n]?)*+\"?|'[^'\n]*+'?)"
    r"|(?P<ws>[ \t]++)"
    r"|(?P<comment>#[^\n]*+)"
    r"|(?P<char>[\s\S])"
)


class Refusal(NamedTuple):
    line: int
    column: int
    message: str


def _where(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - text.rfind("\n", 0, pos)


def _refuse(text: str, pos: int, message: str) -> Refusal:
    line, column = _where(text, pos)
    head = text[pos : pos + 40].split("\n", 1)[0]
    return Refusal(line, column, f"{message}; it starts {head!r}); the file is not read")


def check(text: str) -> Refusal | None:
    """The first key or table header over MAX_KEY_PARTS parts or MAX_KEY_CHARS
    characters, or None. Lenient: what is not valid TOML is left to tomllib to report."""
    parts = 0  # parts of the dotted run being read (0: none)
    start = end = 0  # where that run starts, and where its last part ends
    after_dot = False
    header = False  # the run is a [table] or [[array]] header's key
    header_open = False  # a header's `[` was just read
    line_start = True
    depth = 0  # [ and { of values (arrays may span lines; a header's [ is not counted)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "part":
            if parts and after_dot:
                parts += 1
                end = m.end()
                after_dot = False
                if parts > MAX_KEY_PARTS:
                    what = "table header" if header else "key"
                    return _refuse(
                        text,
                        start,
                        f"{what} with more than {MAX_KEY_PARTS} dotted parts (the limit",
                    )
            else:
                parts, start, end, after_dot = 1, m.start(), m.end(), False
                header, header_open = header_open, False
            line_start = False
            continue
        ch = m.group() if kind == "char" else ""
        if ch == "." and parts and not after_dot:
            after_dot = True
            continue
        if parts and (ch == "=" or (ch == "]" and header)) and end - start > MAX_KEY_CHARS:
            what = "table header" if ch == "]" else "key"
            return _refuse(text, start, f"{what} longer than {MAX_KEY_CHARS} characters (the limit")
        parts, after_dot = 0, False
        if ch == "[" and depth == 0 and (line_start or header_open):
            header_open = True  # `[` or `[[` opening a table header
        else:
            header_open = False
            if ch == "[" or ch == "{":
                depth += 1
            elif ch == "]" or ch == "}":
                depth = max(0, depth - 1)
        line_start = ch == "\n"
    return None
