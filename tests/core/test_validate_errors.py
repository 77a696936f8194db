"""Broken content: `reflexmap validate` exits 1 and names the file and the zone or step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflexmap.cli import main
from reflexmap.core.loader import load_content
from reflexmap.core.problems import ContentError


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _chart(root: Path) -> tuple[Path, dict]:
    path = root / "charts" / "sole.geojson"
    return path, json.loads(path.read_text())


def _feature(doc: dict, fid: str) -> dict:
    return next(f for f in doc["features"] if f.get("id") == fid)


def test_bundled_assets_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[2] / "assets"
    code, out = validate(root, capsys)
    assert code == 0
    assert "valid" in out and "zones" in out


def test_truncated_geojson(assets_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = assets_copy / "charts" / "sole.geojson"
    path.write_text(path.read_text()[:5000])
    code, out = validate(assets_copy, capsys)
    assert code == 1
    assert "charts/sole.geojson:line" in out and "not valid JSON" in out
    assert "Traceback" not in out


def test_zone_moved_outside_outline(assets_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, doc = _chart(assets_copy)
    feat = _feature(doc, "left.sole.heart")
    ring = feat["geometry"]["coordinates"][0]
    feat["geometry"]["coordinates"][0] = [[x - 120.0, y] for x, y in ring]
    path.write_text(json.dumps(doc))
    code, out = validate(assets_copy, capsys)
    assert code == 1
    assert "charts/sole.geojson:features[" in out
    assert "(id=left.sole.heart): zone lies outside its outline" in out
    assert "uncovered" in out  # the hole it left behind is reported too


def test_overlapping_zones(assets_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, doc = _chart(assets_copy)
    kidney = _feature(doc, "left.sole.kidney")
    ring = kidney["geometry"]["coordinates"][0]
    kidney["geometry"]["coordinates"][0] = [[x, y + 9.0] for x, y in ring]
    path.write_text(json.dumps(doc))
    code, out = validate(assets_copy, capsys)
    assert code == 1
    assert "(id=left.sole.kidney): zone overlaps zone 'adrenal'" in out


def test_step_naming_a_missing_technique(
    assets_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = assets_copy / "content" / "sequences.toml"
    text = path.read_text()
    first = text.index('technique = "', text.index("[[sequence.steps]]"))
    end = text.index('"', first + len('technique = "'))
    path.write_text(text[:first] + 'technique = "t_no_such_move' + text[end:])
    code, out = validate(assets_copy, capsys)
    assert code == 1
    assert "content/sequences.toml:sequence[0]" in out
    assert ".steps[0]: unknown technique 't_no_such_move'" in out


@pytest.mark.parametrize(
    ("file", "mutate", "expected"),
    [
        (
            "content/techniques.toml",
            lambda t: t.replace('pressure = "light"', 'pressure = "hard"', 1),
            "content/techniques.toml:technique[",
        ),
        ("content/techniques.toml", lambda t: t + "\n[[technique]]\nid = \n", "not valid TOML"),
        (
            "content/zones/sole.toml",
            lambda t: t.replace('body_area = "heart"', 'body_area = "spleenish"'),
            "unknown body area 'spleenish'",
        ),
        (
            "content/zones/sole.toml",
            lambda t: t.replace('key = "heart"', 'key = "heart"\ncolour = 3'),
            "unknown key",
        ),
        (
            "content/safety.toml",
            lambda t: t.replace('effect = "avoid"', 'effect = "maybe"'),
            "content/safety.toml:safety[0] (id=s_dvt_clotting).effect",
        ),
        (
            "content/views.toml",
            lambda t: t.replace("charts/sole.geojson", "charts/gone.geojson"),
            "charts/gone.geojson:file: chart of view 'sole' is missing",
        ),
    ],
)
def test_each_kind_of_bad_input_names_file_and_place(
    assets_copy: Path, capsys: pytest.CaptureFixture[str], file: str, mutate, expected: str
) -> None:
    path = assets_copy / file
    path.write_text(mutate(path.read_text()))
    code, out = validate(assets_copy, capsys)
    assert code == 1
    assert expected in out
    assert "Traceback" not in out


def test_not_utf8(assets_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (assets_copy / "content" / "extra.toml").write_bytes(b'[[source]]\nid = "\xff\xfe"\n')
    code, out = validate(assets_copy, capsys)
    assert code == 1
    assert "content/extra.toml:byte 17: not UTF-8 text" in out


def test_self_intersecting_zone(assets_copy: Path) -> None:
    path, doc = _chart(assets_copy)
    feat = _feature(doc, "right.sole.bladder")
    feat["geometry"]["coordinates"][0] = [[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]
    path.write_text(json.dumps(doc))
    with pytest.raises(ContentError) as info:
        load_content(assets_copy)
    text = "\n".join(map(str, info.value.problems))
    assert "(id=right.sole.bladder): invalid polygon: Self-intersection" in text


def test_zone_text_without_shape(assets_copy: Path) -> None:
    path, doc = _chart(assets_copy)
    doc["features"] = [f for f in doc["features"] if f.get("id") != "right.sole.liver"]
    path.write_text(json.dumps(doc))
    with pytest.raises(ContentError) as info:
        load_content(assets_copy)
    text = "\n".join(map(str, info.value.problems))
    assert "content/zones/sole.toml:zone[" in text
    assert "zone 'liver' has no right-foot shape in charts/sole.geojson" in text
