"""The key pre-scan (toml_guard) counts keys and table headers only: what looks like a
deep or long key inside a string, a multi-line string, a comment or a value is not one."""

from __future__ import annotations

import time
import tomllib

import pytest

from reflexmap.core.toml_guard import MAX_KEY_CHARS, MAX_KEY_PARTS, check

DEEP = ".".join(["a"] * (MAX_KEY_PARTS + 1))
LONG = "a" * (MAX_KEY_CHARS + 1)


@pytest.mark.parametrize(
    "text",
    [
        f'x = """\n{DEEP} = 1\n[{DEEP}]\n"""\n',  # a multi-line basic string
        f"x = '''\n{DEEP} = 1\n[{LONG}]\n'''\n",  # a multi-line literal string
        f'x = """\\"""\n[{LONG}]\n"""\n',  # an escaped quote does not close it
        f"x = '''it''s'''\ny = '''\n{DEEP} = 1\n'''\n",  # two quotes inside
        f'x = """a""""\ny = """\n{DEEP} = 1\n"""\n',  # closing quotes plus one of the content
        f"# {DEEP} = 1\n[table] # [{LONG}]\n",  # comments
        f"x = \"{DEEP} = 1\"\ny = '[{LONG}]'\n",  # one-line strings
        f'x = [\n  ["{LONG}"],\n  ["{DEEP}"]\n]\n',  # arrays in a multi-line array
        f'x = {{ y = "{LONG}", z = ["{LONG}"] }}\n',  # values of an inline table
        f'"{"b" * (MAX_KEY_CHARS - 2)}" = 1\n',  # exactly at the length limit
        f"{'.'.join(['a'] * MAX_KEY_PARTS)} = 1\n[{'.'.join(['b'] * MAX_KEY_PARTS)}]\n",
        "x = 1.5\nwhen = 1979-05-27T07:32:00.999-07:00\n",
    ],
)
def test_what_is_not_a_key_is_not_counted(text: str) -> None:
    tomllib.loads(text)  # valid TOML
    assert check(text) is None


@pytest.mark.parametrize(
    ("text", "where", "start"),
    [
        (f"{DEEP} = 1\n", (1, 1), "key with more than"),
        (f"x = 1\n  {DEEP}=1\n", (2, 3), "key with more than"),
        (f"a . \"b\" . 'c' . {DEEP} = 1\n", (1, 1), "key with more than"),
        (f"[t]\n[ {DEEP} ]\n", (2, 3), "table header with more than"),
        (f'x = """\n"""\n[[{DEEP}]]\n', (3, 3), "table header with more than"),
        (f"{LONG} = 1\n", (1, 1), "key longer than"),
        (f'"{LONG}" = 1\n', (1, 1), "key longer than"),
        (f"x = {{ '{LONG}' = 1 }}\n", (1, 7), "key longer than"),
        (f"x = [\n]\n[{LONG}]\n", (3, 2), "table header longer than"),
        (f'["{LONG}"]\n', (1, 2), "table header longer than"),
    ],
)
def test_deep_or_long_keys_are_refused(text: str, where: tuple[int, int], start: str) -> None:
    refusal = check(text)
    assert refusal is not None
    assert (refusal.line, refusal.column) == where
    assert refusal.message.startswith(start)


@pytest.mark.parametrize(
    "text",
    [
        'x = "unclosed\n' + f"[{LONG}]\n",  # a one-line string ends at its line
        f"x = '''unclosed\n[{DEEP}]\n",  # a multi-line string runs to the end
        "[[[\n]]]]\n{{{\n" + '"\\' * 1000,  # junk: tomllib's to report
    ],
)
def test_invalid_toml_does_not_trip_the_scan(text: str) -> None:
    check(text)  # no exception, whatever it finds


def test_the_scan_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """8 MB of small tokens (the pack's per-file limit): a few seconds at most, like
    tomllib's own pass (which takes longer), not a quadratic blow-up (the list and value
    limits lifted: this is about the scan's own cost)."""
    from reflexmap.core import toml_guard

    monkeypatch.setattr(toml_guard, "MAX_LIST", 10**9)
    text = "x = [" + "1," * 4_000_000 + "]\n" + 'y = "' + "z" * 4_000_000 + '"\n'
    start = time.process_time()
    assert check(text, max_values=10**9) is None
    assert time.process_time() - start < 10


def test_the_errbomb_is_refused_at_its_thousandth_item() -> None:
    """One list of 3.9M numbers (7.8 MB): tomllib took 11 s and Pydantic 4.3 GB on main;
    the scan stops where the list passes the limit."""
    from reflexmap.core.limits import MAX_LIST

    text = '[[note]]\nid = "n"\nbody = [' + ",".join(["1"] * 3_900_000) + "]\n"
    start = time.process_time()
    refusal = check(text)
    assert time.process_time() - start < 0.5
    assert refusal is not None and (refusal.line, refusal.column) == (3, 8)
    assert f"a list of more than {MAX_LIST} items" in refusal.message
    many = "".join(f"x{i} = [{','.join(['1'] * 900)}]\n" for i in range(300))  # 270,000
    refusal = check(many)
    assert refusal is not None and "keys and list items in the pack" in refusal.message
