"""A linear look at a TOML text before tomllib parses it: keys of absurd length or depth,
lists longer than `limits.MAX_LIST`, more table headers than `limits.MAX_ITEMS` and more
than MAX_VALUES keys and items are refused, the scan stopping where the limit is passed
(the "errbomb", one list of 3.9M numbers in 7.8 MB, cost tomllib 11 s and Pydantic
4.3 GB; it is now refused after its first thousand items).

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

from reflexmap.core.limits import MAX_ITEMS, MAX_LIST

MAX_KEY_PARTS = 32  # dotted parts of one key or table header
MAX_KEY_CHARS = 256  # characters of one key or table header (quotes and dots included)
MAX_VALUES = 200_000  # keys and list items of a pack: tomllib took 11 s for 3.9M

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


def check(text: str, max_values: int = MAX_VALUES, seen: list[int] | None = None) -> Refusal | None:
    """The first key or table header over MAX_KEY_PARTS parts or MAX_KEY_CHARS
    characters, list over MAX_LIST items, table header past MAX_ITEMS, or key or item past
    `max_values`; or None. Lenient: what is not valid TOML is left to tomllib to report.
    `seen[0]` is increased by the keys and items counted (the loader's budget for the
    whole pack)."""
    parts = 0  # parts of the dotted run being read (0: none)
    start = end = 0  # where that run starts, and where its last part ends
    after_dot = False
    header = False  # the run is a [table] or [[array]] header's key
    header_open = False  # a header's `[` was just read
    line_start = True
    depth = 0  # [ and { of values (arrays may span lines; a header's [ is not counted)
    items: list[int] = []  # commas seen in each open [ or { of a value
    values = headers = 0
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
            if not header_open:
                headers += 1
                if headers > MAX_ITEMS:
                    return _refuse(
                        text, m.start(), f"more than {MAX_ITEMS} tables (the limit of a pack"
                    )
            header_open = True  # `[` or `[[` opening a table header
        else:
            header_open = False
            if ch == "[" or ch == "{":
                depth += 1
                items.append(m.start())
                items.append(0)
            elif (ch == "]" or ch == "}") and items:
                depth -= 1
                del items[-2:]
            elif ch == "," and items:
                items[-1] += 1
                if items[-1] > MAX_LIST:
                    return _refuse(
                        text, items[-2], f"a list of more than {MAX_LIST} items (the limit"
                    )
            if ch == "=" or ch == ",":
                values += 1
                if values > max_values:
                    return _refuse(
                        text,
                        m.start(),
                        f"more than {MAX_VALUES} keys and list items in the pack (the limit",
                    )
        line_start = ch == "\n"
    if seen is not None:
        seen[0] += values
    return None
