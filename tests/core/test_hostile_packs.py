"""Hostile content packs: special files, links out, deep folders, huge numbers.

Every case must end, quickly, in ContentError whose problems read `file:location: message`;
nothing hangs, nothing is read from outside the pack, nothing escapes as a traceback.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflexmap.cli import main, printable
from reflexmap.core import loader, pack_reader
from reflexmap.core.loader import load_content
from reflexmap.core.problems import ContentError, Problem

SOURCE = """
[[source]]
id = "s1"
title = "A source"
"""

POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def pack(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "content").mkdir(parents=True, exist_ok=True)
    return root


def cpu_s() -> float:
    """CPU seconds of this process: "refused quickly" is the work done, and a busy
    machine slows the wall clock of every test (a loaded CI run failed on wall time)."""
    return time.process_time()


def children_cpu_s() -> float:
    """CPU seconds of the finished children (a `reflexmap validate` run)."""
    import resource  # POSIX only, as the tests that use it

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def problems_of(root: Path, timeout_s: float = 5.0) -> list[Problem]:
    start = cpu_s()
    with pytest.raises(ContentError) as info:
        load_content(root)
    assert cpu_s() - start < timeout_s
    for p in info.value.problems:
        assert p.file and p.location and p.message, p
    return info.value.problems


def in_subprocess(root: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """`reflexmap validate` in a child, so that a hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "reflexmap", "validate", str(root)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@POSIX
def test_fifo_as_content_toml_is_refused(tmp_path: Path) -> None:
    root = pack(tmp_path, {})
    os.mkfifo(root / "content" / "pipe.toml")
    run = in_subprocess(root)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "content/pipe.toml:file: is a FIFO" in run.stderr


@POSIX
def test_fifo_as_chart_is_refused(tmp_path: Path) -> None:
    root = pack(
        tmp_path,
        {
            "content/views.toml": '[[view]]\nid = "sole"\nname = "Sole"\n'
            'chart = "charts/sole.geojson"\n'
        },
    )
    (root / "charts").mkdir()
    os.mkfifo(root / "charts" / "sole.geojson")
    run = in_subprocess(root)
    assert run.returncode == 1, run.stderr
    assert "charts/sole.geojson:file: is a FIFO" in run.stderr


@POSIX
def test_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    root = pack(tmp_path, {})
    (root / "content" / "zero.toml").symlink_to("/dev/zero")
    run = in_subprocess(root)
    assert run.returncode == 1, run.stderr
    assert "content/zero.toml:file:" in run.stderr
    assert "outside the pack" in run.stderr


def test_link_to_a_file_outside_the_pack_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.toml"
    secret.write_text('[[source]]\nid = "secret_id_42"\ntitle = "x"\n', encoding="utf-8")
    root = pack(tmp_path / "pack", {})
    (root / "content" / "s.toml").symlink_to(secret)
    problems = problems_of(root)
    text = "\n".join(map(str, problems))
    assert "secret_id_42" not in text
    assert "content/s.toml:file: is a link to something outside the pack" in text


def test_link_inside_the_pack_is_read(tmp_path: Path) -> None:
    root = pack(tmp_path, {"shared/a.toml": "[[nope]]\n"})
    (root / "content" / "a.toml").symlink_to(root / "shared" / "a.toml")
    problems = problems_of(root)
    assert any(p.file == "content/a.toml" and "unknown table" in p.message for p in problems)


@POSIX
def test_content_linked_to_root_is_not_walked(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "content").symlink_to("/")
    problems = problems_of(root, timeout_s=2)
    assert [str(p) for p in problems] == [
        "content:directory: must be a folder inside the pack (not a link out of it)"
    ]


def test_folder_linked_out_of_content_is_not_walked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.toml").write_text('[[source]]\nid = "outside_id"\n', encoding="utf-8")
    root = pack(tmp_path / "pack", {})
    (root / "content" / "sub").symlink_to(outside, target_is_directory=True)
    text = "\n".join(map(str, problems_of(root)))
    assert "outside_id" not in text
    assert "content/sub:directory: a link to a folder outside the pack" in text


def test_link_cycle_inside_the_pack_ends(tmp_path: Path) -> None:
    root = pack(tmp_path, {"content/a.toml": "[[nope]]\n"})
    (root / "content" / "loop").symlink_to(root / "content", target_is_directory=True)
    problems = problems_of(root)
    assert any(p.file == "content/a.toml" for p in problems)


def test_1100_nested_folders(tmp_path: Path) -> None:
    root = pack(tmp_path, {})
    # Built with relative mkdir calls: the full path is longer than PATH_MAX.
    fd = os.open(root / "content", os.O_RDONLY)
    try:
        for _ in range(1100):
            os.mkdir("d", dir_fd=fd)
            new = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        os.close(os.open("x.toml", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    finally:
        os.close(fd)
    problems = problems_of(root)
    assert any(f"nested more than {loader.MAX_DEPTH} deep" in p.message for p in problems)
    assert all(len(str(p)) < 400 for p in problems)


def test_too_many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_reader, "MAX_FILES", 5)
    root = pack(tmp_path, {f"content/f{i}.toml": "" for i in range(8)})
    problems = problems_of(root)
    assert any("more than 5 TOML files" in p.message for p in problems)


def test_pack_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_reader, "MAX_PACK_BYTES", 1000)
    root = pack(tmp_path, {f"content/f{i}.toml": "# " + "x" * 400 + "\n" for i in range(4)})
    problems = problems_of(root)
    assert any("together are larger than 1000 bytes" in p.message for p in problems)


def test_sparse_huge_file_is_not_read_for_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache key used to read a 3 GB file whole before the loader refused it."""
    from reflexmap.core import content

    monkeypatch.delenv("REFLEXMAP_NO_CONTENT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    root = pack(tmp_path / "pack", {})
    with open(root / "content" / "big.toml", "wb") as f:
        f.truncate(3 * 1024**3)  # sparse: costs nothing on disk
    start = cpu_s()
    with pytest.raises(ContentError) as info:
        content.load_cached(root)
    assert cpu_s() - start < 1
    assert any(
        p.file == "content/big.toml" and "larger than" in p.message for p in info.value.problems
    )


@POSIX
@pytest.mark.slow
def test_chart_replaced_by_fifo_with_a_warm_cache(assets_copy: Path, tmp_path: Path) -> None:
    """The cache compared chart digests by reading the chart: a FIFO hung it."""
    env = dict(
        os.environ,
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    env.pop("REFLEXMAP_NO_CONTENT_CACHE", None)
    code = (
        "import sys; from pathlib import Path; from reflexmap.core.content import "
        "load_cached; from reflexmap.core.problems import ContentError\n"
        "try:\n    load_cached(Path(sys.argv[1])); print('loaded')\n"
        "except ContentError as e:\n    print(e)"
    )
    warm = subprocess.run(
        [sys.executable, "-c", code, str(assets_copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert warm.stdout.strip() == "loaded", warm.stderr
    chart = assets_copy / "charts" / "sole.geojson"
    chart.unlink()
    os.mkfifo(chart)
    run = subprocess.run(
        [sys.executable, "-c", code, str(assets_copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert "charts/sole.geojson:file: is a FIFO" in run.stdout, run.stderr


def test_256_character_chart_name(tmp_path: Path) -> None:
    name = "charts/" + "a" * 256 + ".geojson"
    root = pack(
        tmp_path,
        {"content/views.toml": f'[[view]]\nid = "sole"\nname = "Sole"\nchart = "{name}"\n'},
    )
    (root / "charts").mkdir()
    problems = problems_of(root)
    assert any(
        p.file == name and p.location == "file" and "too long" in p.message.lower()
        for p in problems
    ), problems


def test_5000_digit_integer_in_toml(tmp_path: Path) -> None:
    root = pack(
        tmp_path, {"content/views.toml": '[[view]]\nid = "sole"\norder = ' + "9" * 5000 + "\n"}
    )
    problems = problems_of(root)
    assert any(
        p.file == "content/views.toml" and "not valid TOML" in p.message for p in problems
    ), problems


def test_5001_digit_integer_in_chart(tmp_path: Path) -> None:
    root = pack(
        tmp_path,
        {
            "content/views.toml": '[[view]]\nid = "sole"\nname = "Sole"\n'
            'chart = "charts/sole.geojson"\n',
            "charts/sole.geojson": '{"type": "FeatureCollection", "features": '
            '[], "n": ' + "1" * 5001 + "}",
        },
    )
    problems = problems_of(root)
    assert any(
        p.file == "charts/sole.geojson" and "not valid JSON" in p.message for p in problems
    ), problems


@pytest.mark.parametrize("field", ["technique", "step"])
def test_400_digit_duration_is_refused(assets_copy: Path, field: str) -> None:
    big = "9" * 400
    path = (
        assets_copy / "content" / ("techniques.toml" if field == "technique" else "sequences.toml")
    )
    if not path.exists():
        pytest.skip(f"{path.name} moved")
    text = path.read_text(encoding="utf-8")
    assert "duration_s = " in text
    head, _, tail = text.partition("duration_s = ")
    tail = tail.split("\n", 1)[1]
    path.write_text(head + f"duration_s = {big}\n" + tail, encoding="utf-8")
    problems = problems_of(assets_copy, timeout_s=30)
    assert any(
        p.location.endswith("duration_s") and "less than or equal" in p.message for p in problems
    ), problems[:5]


def test_problems_are_capped(tmp_path: Path) -> None:
    entries = "".join(f'\n[[source]]\nid = "bad id {i}"\n' for i in range(1000))
    root = pack(tmp_path, {"content/sources.toml": entries})
    problems = problems_of(root)
    assert len(problems) == loader.MAX_PROBLEMS + 1
    assert problems[-1].file == str(root)
    assert "more problem(s) not shown" in problems[-1].message


def test_validate_escapes_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = pack(
        tmp_path,
        {"content/\x1b[31mred\nline.toml": '[[source]]\nid = "a\\u001b]0;pwned\\u0007b\\nc"\n'},
    )
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    lines = err.splitlines()
    assert all(line.startswith("content/") for line in lines[:-1]), lines
    assert "content/\\x1b[31mred\\nline.toml" in err
    assert printable("a\u202eb\tc\x7f") == "a\\u202eb\\tc\\x7f"


def test_eight_megabytes_of_notes_validate_in_linear_time(tmp_path: Path) -> None:
    """The issue's 8 MB notes file took 238 s (each note's origin was a scan of them all)."""
    one = (
        '\n[[note]]\nid = "n{0}"\ntitle = "Note {0}"\nkind = "page"\n'
        'body = ["Some words."]\nsources = ["nope"]\n'
    )
    notes = "".join(one.format(i) for i in range(20_000))
    root = pack(tmp_path, {"content/notes.toml": notes})
    start = cpu_s()
    with pytest.raises(ContentError):
        load_content(root)
    assert cpu_s() - start < 5


def test_a_huge_zone_is_refused_naming_the_limit(tmp_path: Path) -> None:
    """One zone of 190,000 vertices took 56 s to check; it is refused at once instead."""
    from reflexmap.core.geojson import MAX_FEATURE_COORDS, parse_chart

    n = 190_000
    ring = [
        [50 * math.cos(2 * math.pi * i / n), 50 * math.sin(2 * math.pi * i / n)] for i in range(n)
    ] + [[50.0, 0.0]]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "left.sole.heel",
                "properties": {"kind": "zone", "foot": "left", "key": "heel"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    start = cpu_s()
    chart, problems = parse_chart(json.dumps(doc), "charts/sole.geojson", "sole")
    assert cpu_s() - start < 5
    assert not chart.zones
    assert [p.location for p in problems] == ["features[0] (id=left.sole.heel)"]
    assert f"at most {MAX_FEATURE_COORDS}" in problems[0].message


DOTTED = ".".join(["a"] * 30_000)  # 60 KB: tomllib took 16 s of CPU and 3.5 GB on it


@pytest.mark.parametrize(
    ("text", "column", "what"),
    [
        (f"{DOTTED} = 1\n", 1, "key"),
        (f"[{DOTTED}]\n", 2, "table header"),
        (f"[[{DOTTED}]]\n", 3, "table header"),
        (f'[[source]]\nid = "s1"\nx = {{ {DOTTED} = 1 }}\n', 7, "key"),
    ],
    ids=["key", "table", "array-table", "inline-table"],
)
def test_a_60_kb_dotted_key_is_refused_at_once(
    tmp_path: Path, text: str, column: int, what: str
) -> None:
    from reflexmap.core.toml_guard import MAX_KEY_PARTS

    root = pack(tmp_path, {"content/deep.toml": text})
    start = time.process_time()
    problems = problems_of(root)
    assert time.process_time() - start < 0.5
    line = text.count("\n", 0, text.index("a.a")) + 1
    assert [(p.file, p.location) for p in problems] == [
        ("content/deep.toml", f"line {line}, column {column}")
    ]
    assert problems[0].message.startswith(
        f"{what} with more than {MAX_KEY_PARTS} dotted parts (the limit;"
    )
    assert problems[0].message.endswith("the file is not read")
    assert len(str(problems[0])) < 200


@pytest.mark.parametrize(
    "text", ["a" * 60_000 + " = 1\n", f'["{"a" * 60_000}"]\n'], ids=["key", "table"]
)
def test_a_60_kb_key_is_refused_naming_the_limit(tmp_path: Path, text: str) -> None:
    from reflexmap.core.toml_guard import MAX_KEY_CHARS

    problems = problems_of(pack(tmp_path, {"content/long.toml": text}))
    assert len(problems) == 1 and problems[0].location.startswith("line 1, column ")
    assert f"longer than {MAX_KEY_CHARS} characters (the limit;" in problems[0].message
    assert len(str(problems[0])) < 200  # the key is not echoed whole


def test_the_real_content_is_far_below_the_key_limits(
    monkeypatch: pytest.MonkeyPatch, atlas
) -> None:
    """It loads (the session atlas), and would still pass with limits 8 times smaller:
    the bundled content uses at most 2 parts (`[[zone.claims]]`) and 16 characters."""
    from reflexmap.core import toml_guard
    from reflexmap.core.paths import bundled_content_root

    assert atlas.zones
    monkeypatch.setattr(toml_guard, "MAX_KEY_PARTS", toml_guard.MAX_KEY_PARTS // 8)
    monkeypatch.setattr(toml_guard, "MAX_KEY_CHARS", toml_guard.MAX_KEY_CHARS // 8)
    files = sorted((bundled_content_root() / "content").rglob("*.toml"))
    assert len(files) > 10
    for path in files:
        assert toml_guard.check(path.read_text(encoding="utf-8")) is None, path


# ---- NUL in a chart path, control characters, the errbomb --------------------
def _bundled_copy(tmp_path: Path) -> Path:
    import shutil

    from reflexmap.core.paths import bundled_content_root

    root = tmp_path / "pack"
    shutil.copytree(bundled_content_root(), root, ignore=shutil.ignore_patterns("snapshot.json"))
    return root


def test_a_nul_in_a_chart_path_is_a_problem_of_views_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ValueError traceback from validate, --content, the GUI start and File > Open
    Content Pack on main."""
    root = _bundled_copy(tmp_path)
    views = root / "content" / "views.toml"
    text = views.read_text(encoding="utf-8")
    views.write_text(
        text.replace('"charts/sole.geojson"', '"charts/sole.geojson\\u0000.txt"', 1),
        encoding="utf-8",
    )
    first = problems_of(root)[0]
    assert (first.file, first.location) == ("content/views.toml", "view[0] (id=sole).chart")
    assert "NUL" in first.message
    assert main(["validate", str(root)]) == 1
    assert main(["--content", str(root), "zones"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("content/views.toml:view[0] (id=sole).chart") == 2


@pytest.mark.parametrize(
    "char",
    [
        "\x1b]0;pwned\x07",
        "\x07",
        "\x00",
        "\nSTEP 1: pregnancy is fine",
        "\u2028",
        "\u202e",
        "\u2066",
    ],
)
def test_control_and_bidi_characters_in_content_text_are_refused(tmp_path: Path, char: str) -> None:
    """A zone name with ESC, BEL, NUL, a line break or a bidi override validated on main,
    and `zones`, `card`, `search` and `routine` printed it raw."""
    root = _bundled_copy(tmp_path)
    zones = root / "content" / "zones" / "sole.toml"
    text = zones.read_text(encoding="utf-8")
    escaped = json.dumps(char)[1:-1]  # as a TOML basic string writes it
    zones.write_text(text.replace('name = "Big toe', f'name = "{escaped}Big toe', 1), "utf-8")
    first = problems_of(root)[0]
    assert first.file == "content/zones/sole.toml"
    assert first.location == "zone[0] (key=head_brain).name", first
    assert "at character 1" in first.message


@pytest.mark.parametrize(
    ("numbers", "said"),
    [
        (3_900_000, "content/bomb.toml:file: larger than 4194304 bytes"),
        (1_900_000, "content/bomb.toml:line 5, column 8: a list of more than 1000 items"),
    ],
)
def test_the_errbomb_is_refused_quickly_in_bounded_memory(
    tmp_path: Path, numbers: int, said: str
) -> None:
    """One list of 3.9M numbers (7.8 MB): `validate` took 77 s and 4.3 GB on main (39 s in
    the issue); refused here within 5 s under a 500 MB address-space limit, and so is
    one of 1.9M numbers, within the file size limit."""
    import resource

    text = '[[note]]\nid = "n"\ntitle = "T"\nkind = "page"\nbody = ['
    root = pack(tmp_path, {"content/bomb.toml": text + ",".join(["1"] * numbers) + "]\n"})

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (500 * 1024**2, 500 * 1024**2))

    start = children_cpu_s()
    done = subprocess.run(
        [sys.executable, "-m", "reflexmap", "validate", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap,  # noqa: PLW1509 - no threads in this test process's child setup
    )
    assert children_cpu_s() - start < 5
    assert done.returncode == 1, done.stderr
    assert said in done.stderr


def test_more_entries_than_a_pack_may_hold_are_refused(tmp_path: Path) -> None:
    from reflexmap.core.limits import MAX_ITEMS

    half = MAX_ITEMS // 2 + 10
    one = '[[source]]\nid = "s{0}_{1}"\ntitle = "A source"\nkind = "article"\n'
    root = pack(
        tmp_path,
        {f"content/s{f}.toml": "".join(one.format(f, i) for i in range(half)) for f in (1, 2)},
    )
    problems = problems_of(root)
    assert any(f"more than {MAX_ITEMS} entries in the pack" in p.message for p in problems)
