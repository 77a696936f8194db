"""Fuzzing the content loader: 1,000 broken packs, never a traceback.

A reduced pack (sources, body areas, the sole view, its zones and chart) is copied from
assets/ once per session; each example breaks it in one to three ways (bad TOML, bad
GeoJSON, wrong types, unknown ids, self-intersecting, empty or huge polygons, bytes that
are not UTF-8, 10,000-deep nesting...). `load_content` must either load it or raise
ContentError whose every problem names a file of the pack.

The 1,000 examples (~25 s of a core) are in the `heavy` tier: `uv run pytest -m heavy`
runs them, and .ci/run does after the default run; the replayed crash and the CLI checks
below stay in the default run.

The run is reproducible: FUZZ_SEED (printed at the start of the run; REFLEXMAP_FUZZ_SEED
overrides it) fixes hypothesis's choices, and crashes found so far are replayed first as
explicit examples.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from reflexmap.core.loader import load_content
from reflexmap.core.problems import ContentError, Problem

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DEEP = 10_000
FUZZ_SEED = int(os.environ.get("REFLEXMAP_FUZZ_SEED", "20170417"))
# Found by an adversarial run: a bowtie ring, then "1" -> 5,000 ones gives an
# integer of 5,001 digits, which json.loads refuses with a bare ValueError.
BOWTIE_BIG_NUMBER = [("geo_ring", 0, "bowtie"), ("geo_document", "big_number")]


# ---- a small TOML writer (tomllib only reads) -------------------------------------------
def toml_value(v: Any) -> str:
    if v is None:
        return '""'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(x)}" for k, x in v.items()) + "}"
        )
    raise TypeError(type(v))


def toml_dumps(doc: dict[str, Any]) -> str:
    lines = [
        f"{json.dumps(k)} = {toml_value(v)}"
        for k, v in doc.items()
        if not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v))
    ]
    for k, v in doc.items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for entry in v:
                lines.append(f"\n[[{k}]]")
                lines += [f"{json.dumps(str(kk))} = {toml_value(vv)}" for kk, vv in entry.items()]
    return "\n".join(lines) + "\n"


def reduced_pack() -> dict[str, bytes]:
    """Sources, body areas, the sole view alone, its zones and its chart."""

    def read(rel: str) -> dict[str, Any]:
        return tomllib.loads((ASSETS / rel).read_text(encoding="utf-8"))

    views = [v for v in read("content/views.toml")["view"] if v["id"] == "sole"]
    chart = json.loads((ASSETS / "charts/sole.geojson").read_text(encoding="utf-8"))
    # The left foot alone, without motions (they name techniques): half the geometry to
    # check, so a thousand examples stay quick.
    chart["features"] = [
        f
        for f in chart["features"]
        if f.get("properties", {}).get("kind") != "motion"
        and f.get("properties", {}).get("foot") == "left"
    ]
    zones = read("content/zones/sole.toml")
    zones["zone"] = [
        dict(z, feet=["left"]) for z in zones["zone"] if "left" in z.get("feet", ["left"])
    ]
    used = {c["body_area"] for z in zones["zone"] for c in z.get("claims", [])}
    areas = [a for a in read("content/body_areas.toml")["body_area"] if a["id"] in used]
    files = {
        "content/sources.toml": toml_dumps({"source": read("content/sources.toml")["source"]}),
        "content/body_areas.toml": toml_dumps({"body_area": areas}),
        "content/views.toml": toml_dumps({"view": views}),
        "content/zones/sole.toml": toml_dumps(zones),
        "charts/sole.geojson": json.dumps(chart),
    }
    return {k: v.encode("utf-8") for k, v in files.items()}


BASE = reduced_pack()
TOMLS = sorted(k for k in BASE if k.endswith(".toml"))
FILES = sorted(BASE)
CHART = "charts/sole.geojson"

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | text
values = st.recursive(
    scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(text, c, max_size=3), max_leaves=8
)
index = st.integers(0, 10_000)
ring_kinds = st.sampled_from(
    [
        "bowtie",
        "empty",
        "empty_ring",
        "huge",
        "far",
        "nan",
        "tiny",
        "point",
        "multipolygon",
        "open",
        "two_points",
        "strings",
        "deep",
        "line",
    ]
)

mutation = st.one_of(
    st.tuples(st.just("truncate"), st.sampled_from(FILES), index),
    st.tuples(
        st.just("insert_bytes"), st.sampled_from(FILES), index, st.binary(min_size=1, max_size=8)
    ),
    st.tuples(st.just("insert_text"), st.sampled_from(FILES), index, text),
    st.tuples(st.just("latin1"), st.sampled_from(FILES)),
    st.tuples(st.just("delete"), st.sampled_from(FILES)),
    st.tuples(st.just("empty"), st.sampled_from(FILES)),
    st.tuples(st.just("directory"), st.sampled_from(FILES)),
    st.tuples(
        st.just("toml_value"), st.sampled_from(TOMLS), index, index, text | st.none(), values
    ),
    st.tuples(
        st.just("toml_unknown_id"),
        st.sampled_from(TOMLS),
        index,
        st.sampled_from(["body_area", "sources", "view", "key", "regions", "chart", "id"]),
        st.sampled_from(
            [
                "nope_zz",
                "../../../etc/passwd",
                "/etc/passwd",
                "",
                "charts",
                "content/views.toml",
                "a" * 200,
            ]
        ),
    ),
    st.tuples(st.just("toml_deep"), st.sampled_from(TOMLS), st.sampled_from(["[", "{a="])),
    st.tuples(st.just("toml_table"), st.sampled_from(TOMLS), text, values),
    st.tuples(st.just("geo_ring"), index, ring_kinds),
    st.tuples(
        st.just("geo_prop"),
        index,
        st.sampled_from(["kind", "foot", "key", "view", "technique"]),
        values,
    ),
    st.tuples(
        st.just("geo_feature"),
        index,
        st.sampled_from(["drop", "duplicate", "not_dict", "no_props", "no_geometry", "id_deep"]),
    ),
    st.tuples(
        st.just("geo_document"),
        st.sampled_from(["deep", "list", "no_features", "features_dict", "nan", "big_number"]),
    ),
)


def ring(kind: str, ring0: Any) -> Any:
    ring0 = (
        [p for p in ring0 if isinstance(p, list) and len(p) == 2] if isinstance(ring0, list) else []
    )
    ring0 = ring0 or [[0, 0], [5, 0], [5, 5], [0, 0]]
    if kind == "bowtie":
        return [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]
    if kind == "empty":
        return []
    if kind == "empty_ring":
        return [[]]
    if kind == "huge":  # a 60,000-point circle
        n = 60_000
        return [
            [
                [50 * math.cos(2 * math.pi * i / n), 50 * math.sin(2 * math.pi * i / n)]
                for i in range(n)
            ]
            + [[50.0, 0.0]]
        ]
    if kind == "far":
        return [[[x * 1e300, y * 1e300] for x, y in ring0]]
    if kind == "nan":
        return [[[float("nan"), y] for _x, y in ring0]]
    if kind == "tiny":
        return [[[0, 0], [1e-9, 0], [0, 1e-9], [0, 0]]]
    if kind == "point":
        return [1.0, 2.0]
    if kind == "multipolygon":
        return [[ring0]]
    if kind == "open":
        return [ring0[:-1]]
    if kind == "two_points":
        return [ring0[:2]]
    if kind == "strings":
        return [[["a", "b"] for _ in ring0[:4]]]
    if kind == "deep":
        return json.loads("[" * DEEP + "]" * DEEP) if False else "DEEP"
    return [[0, 0], [1, 1]]  # "line": a LineString's coordinates in a Polygon


def mutate_geo(doc: Any, m: tuple[Any, ...]) -> str | None:
    """Apply a GeoJSON mutation; a string return is raw text to write instead."""
    feats = doc["features"]
    kind = m[0]
    if kind == "geo_document":
        what = m[1]
        if what == "deep":
            return "[" * DEEP + "]" * DEEP
        if what == "list":
            return json.dumps(feats)
        if what == "no_features":
            del doc["features"]
        elif what == "features_dict":
            doc["features"] = {"a": 1}
        elif what == "nan":
            return json.dumps(doc).replace("1", "NaN", 3)
        elif what == "big_number":
            return json.dumps(doc).replace("1", "1" * 5000, 1)
        return None
    f = feats[m[1] % len(feats)]
    if not isinstance(f, dict):
        return None
    if kind == "geo_ring":
        g = f.get("geometry") if isinstance(f, dict) else None
        if not isinstance(g, dict):
            return None
        coords = g.get("coordinates")
        new = ring(m[2], coords[0] if isinstance(coords, list) and coords else [])
        if new == "DEEP":
            return (
                json.dumps(doc)
                .replace('"coordinates":', '"coordinates":' + "[" * DEEP, 1)
                .replace("]}}", "]}}" + "]" * DEEP, 1)
            )
        g["coordinates"] = new
        if m[2] == "multipolygon":
            g["type"] = "MultiPolygon"
        if m[2] == "point":
            g["type"] = "Point"
    elif kind == "geo_prop":
        f.setdefault("properties", {})[m[2]] = m[3]
    elif kind == "geo_feature":
        what = m[2]
        if what == "drop":
            feats.remove(f)
        elif what == "duplicate":
            feats.append(json.loads(json.dumps(f)))
        elif what == "not_dict":
            feats[feats.index(f)] = [f]
        elif what == "no_props":
            f.pop("properties", None)
        elif what == "no_geometry":
            f["geometry"] = None
        elif what == "id_deep":
            return json.dumps(doc).replace(
                '"id":', '"id":' + "[" * 500 + "1" + "]" * 500 + ',"x":', 1
            )
    return None


def mutate_toml(doc: dict[str, Any], m: tuple[Any, ...]) -> None:
    tables = [k for k, v in doc.items() if isinstance(v, list) and v]
    if m[0] == "toml_table":
        doc[m[2] or "x"] = m[3]
        return
    if not tables:
        return
    entries = doc[tables[m[2] % len(tables)]]
    if m[0] == "toml_value":
        entry = entries[m[3] % len(entries)]
        if not isinstance(entry, dict):
            return
        keys = sorted(entry)
        key = m[4] if m[4] is not None or not keys else keys[m[3] % len(keys)]
        entry[key or "k"] = m[5]
    else:  # toml_unknown_id: a reference that points nowhere, or outside the pack
        entry = entries[m[2] % len(entries)]
        if isinstance(entry, dict):
            claims = entry.get("claims")
            if m[3] in ("body_area", "sources") and isinstance(claims, list) and claims:
                claims[0][m[3]] = m[4] if m[3] == "body_area" else [m[4]]
            else:
                entry[m[3]] = [m[4]] if m[3] == "regions" else m[4]


def apply(files: dict[str, bytes | None], m: tuple[Any, ...]) -> None:
    kind = m[0]
    if kind.startswith("geo_"):
        raw = files.get(CHART)
        try:
            doc = json.loads(raw or b"")
            assert isinstance(doc, dict) and isinstance(doc.get("features"), list)
            assert doc["features"]
        except (ValueError, AssertionError, RecursionError):
            return
        out = mutate_geo(doc, m)
        files[CHART] = (out if out is not None else json.dumps(doc)).encode("utf-8")
        return
    name = m[1]
    data = files.get(name)
    if kind == "delete":
        files[name] = None
    elif kind == "directory":
        files[name] = b"<dir>"
    elif data is None or data == b"<dir>":
        return
    elif kind == "truncate":
        files[name] = data[: m[2] % (len(data) + 1)]
    elif kind == "insert_bytes":
        p = m[2] % (len(data) + 1)
        files[name] = data[:p] + m[3] + data[p:]
    elif kind == "insert_text":
        p = m[2] % (len(data) + 1)
        files[name] = data[:p] + m[3].encode("utf-8") + data[p:]
    elif kind == "latin1":
        files[name] = data.decode("utf-8", "replace").replace("e", "é").encode("latin-1", "replace")
    elif kind == "empty":
        files[name] = b""
    elif kind == "toml_deep":
        opener = m[2]
        closer = "]" if opener == "[" else "}"
        files[name] = data + f"\ndeep = {opener * DEEP}1{closer * DEEP}\n".encode()
    else:
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            return
        mutate_toml(doc, m)
        files[name] = toml_dumps(doc).encode("utf-8")


def write_pack(root: Path, files: dict[str, bytes | None]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data == b"<dir>":
            path.mkdir()
            (path / "inner.toml").write_bytes(b"")
        elif data is not None:
            path.write_bytes(data)


def check_problem(root: Path, p: Problem) -> None:
    assert isinstance(p.file, str) and p.file, p
    assert isinstance(p.location, str) and isinstance(p.message, str), p
    assert (root / p.file).exists() or p.file == str(root) or p.location == "file", p
    assert not Path(p.file).is_absolute() or p.file == str(root), p
    assert ".." not in Path(p.file).parts, p
    str(p)  # printable


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:  # in the output even when pytest captures prints
        reporter.write_line(f"fuzz seed: {FUZZ_SEED} (set REFLEXMAP_FUZZ_SEED to change it)")
    return tmp_path_factory.mktemp("fuzz")


def test_reduced_pack_loads(tmp_path: Path) -> None:
    write_pack(tmp_path, dict(BASE))
    try:
        atlas = load_content(tmp_path)
    except ContentError as exc:  # the bundled content is being edited: still no traceback
        for p in exc.problems:
            check_problem(tmp_path, p)
        pytest.skip(f"the bundled content does not validate now: {exc.problems[0]}")
    assert atlas.zones


EXAMPLES = {"run": 0, "content_errors": 0}


def test_bowtie_and_big_number_regression(fuzz_dir: Path) -> None:
    """The fuzz test's own crash, replayed every run (not only when hypothesis finds it)."""
    files: dict[str, bytes | None] = dict(BASE)
    for m in BOWTIE_BIG_NUMBER:
        apply(files, m)
    assert b"[" + b"1" * 5000 + b"0," in (files[CHART] or b"")  # 5,001 digits
    root = Path(tempfile.mkdtemp(dir=fuzz_dir))
    write_pack(root, files)
    with pytest.raises(ContentError) as info:
        load_content(root)
    for p in info.value.problems:
        check_problem(root, p)
    assert any(p.file == CHART and "not valid JSON" in p.message for p in info.value.problems)


# The 1,000 examples run as CHUNKS independent hypothesis runs of EXAMPLES_PER_CHUNK each,
# chunk k with its own fixed seed FUZZ_SEED + k (in the test id, so a failure names it), so
# pytest-xdist spreads them over the workers instead of one worker fuzzing for a minute.
FUZZ_EXAMPLES = 1000
CHUNKS = 8
EXAMPLES_PER_CHUNK = FUZZ_EXAMPLES // CHUNKS
assert EXAMPLES_PER_CHUNK * CHUNKS == FUZZ_EXAMPLES
CHUNK_SEEDS = [FUZZ_SEED + k for k in range(CHUNKS)]


def check_broken_pack(fuzz_dir: Path, mutations: list[tuple[Any, ...]]) -> bool:
    """One example: True if it loaded, False if it raised a well-formed ContentError."""
    files: dict[str, bytes | None] = dict(BASE)
    for m in mutations:
        apply(files, m)
    root = Path(tempfile.mkdtemp(dir=fuzz_dir))
    try:
        write_pack(root, files)
        try:
            load_content(root)
        except ContentError as exc:
            assert exc.problems
            for p in exc.problems:
                check_problem(root, p)
            return False
        return True
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.heavy
@pytest.mark.parametrize("chunk_seed", CHUNK_SEEDS, ids=[f"seed{s}" for s in CHUNK_SEEDS])
def test_broken_packs_never_crash(fuzz_dir: Path, chunk_seed: int) -> None:
    counts = {"run": 0, "content_errors": 0}

    @seed(chunk_seed)
    @settings(
        max_examples=EXAMPLES_PER_CHUNK,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(mutation, min_size=1, max_size=3))
    @example(BOWTIE_BIG_NUMBER)
    def fuzz(mutations: list[tuple[Any, ...]]) -> None:
        counts["run"] += 1
        if not check_broken_pack(fuzz_dir, mutations):
            counts["content_errors"] += 1

    sys.stderr.write(
        f"fuzz chunk seed {chunk_seed} ({EXAMPLES_PER_CHUNK} examples; "
        f"REFLEXMAP_FUZZ_SEED={FUZZ_SEED} replays the run)\n"
    )
    fuzz()
    EXAMPLES["run"] += counts["run"]
    EXAMPLES["content_errors"] += counts["content_errors"]
    # Each chunk ran its full share (+ the replayed crash), so the run made >= 1,000 examples.
    assert counts["run"] >= EXAMPLES_PER_CHUNK, counts


def test_fuzz_ran_enough() -> None:
    # The chunks may run on other xdist workers; each checks its own share. Here: the split
    # adds up to the full strength.
    assert len(set(CHUNK_SEEDS)) == CHUNKS and EXAMPLES_PER_CHUNK * CHUNKS >= 1000
    if EXAMPLES["run"]:
        assert EXAMPLES["run"] >= EXAMPLES_PER_CHUNK, EXAMPLES


WORST: dict[str, list[tuple[Any, ...]]] = {
    "deep_toml": [("toml_deep", "content/zones/sole.toml", "[")],
    "deep_json": [("geo_document", "deep")],
    "not_utf8": [("insert_bytes", CHART, 100, b"\xff\xfe\x00"), ("latin1", "content/sources.toml")],
    "bad_shapes": [
        ("geo_ring", 3, "bowtie"),
        ("geo_ring", 5, "huge"),
        ("geo_ring", 7, "nan"),
        ("geo_ring", 9, "empty"),
    ],
    "unknown_ids": [
        ("toml_unknown_id", "content/zones/sole.toml", 0, "body_area", "nope_zz"),
        ("toml_unknown_id", "content/views.toml", 0, "chart", "/etc/passwd"),
    ],
    "bowtie_big_number": BOWTIE_BIG_NUMBER,
    "wrong_types": [
        ("toml_value", "content/zones/sole.toml", 0, 2, "name", [1, {"a": None}]),
        ("geo_prop", 4, "foot", 12),
    ],
}


@pytest.mark.parametrize("name", sorted(WORST))
def test_cli_validate_names_files(name: str, tmp_path: Path) -> None:
    """`reflexmap validate` on the worst packs: exit 1, every line names a pack file."""
    import subprocess
    import sys

    files: dict[str, bytes | None] = dict(BASE)
    for m in WORST[name]:
        apply(files, m)
    write_pack(tmp_path, files)
    run = subprocess.run(
        [sys.executable, "-m", "reflexmap", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines[-1].endswith(f"problem(s) in {tmp_path}")
    for line in lines[:-1]:
        file = line.split(":", 1)[0]
        assert file.startswith(("content/", "charts/")), line
