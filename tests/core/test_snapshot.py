"""The content snapshot: same files, same content without validating again; a changed
file, or a damaged, doctored, stale or misplaced snapshot, means a full validation. A
snapshot is JSON: nothing in it can run."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path

import pytest

from reflexmap.core import content, models, record_json, records
from reflexmap.core.paths import cache_dir, config_dir
from reflexmap.core.problems import ContentError


def entries() -> list[Path]:
    return sorted(cache_dir().glob("snapshot-*.json"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full validation that load_cached asks for."""
    calls: list[Path] = []
    real = content._validate

    def validate(root: Path, cancelled):
        calls.append(root)
        return real(root, cancelled)

    monkeypatch.setattr(content, "_validate", validate)
    return calls


def test_second_load_comes_from_the_snapshot(assets_copy: Path, counted: list[Path]) -> None:
    first = content.load_cached(assets_copy)
    assert counted == [assets_copy] and len(entries()) == 1
    second = content.load_cached(assets_copy)
    assert counted == [assets_copy]  # not validated again
    assert second is not first and second.content == first.content  # every record equal
    zone = "left.sole.solar_plexus"
    label = first.label_point(zone)
    assert second.zone_at("sole", label.x, label.y).id == zone
    assert second.neighbours(zone) == first.neighbours(zone) != ()


def test_a_changed_file_is_validated_again(assets_copy: Path, counted: list[Path]) -> None:
    content.load_cached(assets_copy)
    areas = assets_copy / "content" / "body_areas.toml"
    areas.write_text(
        areas.read_text(encoding="utf-8") + "\n# a comment changes the bytes\n", encoding="utf-8"
    )
    content.load_cached(assets_copy)
    assert len(counted) == 2
    areas.write_text(
        areas.read_text(encoding="utf-8") + "\n[[body_area]]\nid = 1\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as err:  # the old snapshot never hides a broken file
        content.load_cached(assets_copy)
    assert "body_areas.toml" in str(err.value.problems[0])
    assert len(counted) == 3 and len(entries()) == 2  # nothing written for the broken one


def test_a_changed_chart_is_validated_again(assets_copy: Path, counted: list[Path]) -> None:
    content.load_cached(assets_copy)
    chart = assets_copy / "charts" / "sole.geojson"
    chart.write_text(
        chart.read_text(encoding="utf-8").replace('"type"', '"tipe"', 1), encoding="utf-8"
    )
    with pytest.raises(ContentError) as err:
        content.load_cached(assets_copy)
    assert "sole.geojson" in str(err.value.problems[0]) and len(counted) == 2


def _doctor(entry: Path, change) -> None:
    """Rewrite the snapshot's payload with `change` applied, with a correct checksum (as
    someone who knows the format would)."""
    head, _, payload = entry.read_bytes().partition(b"\n")
    data = json.loads(payload)
    change(data)
    payload = json.dumps(data).encode()
    header = json.loads(head)
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "garbage",
        "a pickle",
        "number as text",
        "unknown field",
        "bad literal",
        "infinite coordinate",
        "checksum",
    ],
)
def test_a_damaged_or_doctored_snapshot_is_rebuilt(
    assets_copy: Path, counted: list[Path], damage: str
) -> None:
    first = content.load_cached(assets_copy)
    (entry,) = entries()
    blob = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"not a snapshot at all")
    elif damage == "a pickle":
        entry.write_bytes(b"\x80\x04\x95" + blob)
    elif damage == "number as text":
        _doctor(entry, lambda d: d["zones"][0].update(number="1"))
    elif damage == "unknown field":
        _doctor(entry, lambda d: d["zones"][0].update(run="os.system('x')"))
    elif damage == "bad literal":
        _doctor(entry, lambda d: d["safety"][0].update(effect="ignore"))
    elif damage == "infinite coordinate":
        _doctor(entry, lambda d: d["zones"][0]["shape"]["rings"][0].__setitem__(0, 1e999))
    else:  # a changed payload whose header checksum was not updated
        head, _, payload = blob.partition(b"\n")
        entry.write_bytes(head + b"\n" + payload.replace(b'"Solar', b'"Lunar', 1))
    atlas = content.load_cached(assets_copy)
    assert len(counted) == 2 and atlas.content == first.content  # validated again
    content.load_cached(assets_copy)
    assert len(counted) == 2  # and the rebuilt snapshot is used


def test_a_snapshot_under_another_packs_name_is_not_used(
    assets_copy: Path, tmp_path: Path, counted: list[Path]
) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(assets_copy, other)
    names = other / "content" / "body_areas.toml"
    text = names.read_text(encoding="utf-8")
    names.write_text(text.replace('name = "', 'name = "Other: ', 1), encoding="utf-8")
    content.load_cached(assets_copy)
    (mine,) = entries()
    theirs_key = content.content_key(other)
    assert theirs_key is not None
    (cache_dir() / f"snapshot-{theirs_key}.json").write_bytes(mine.read_bytes())  # copied
    atlas = content.load_cached(other)
    assert len(counted) == 2  # the header's key is not theirs: validated
    assert any(a.name.startswith("Other: ") for a in atlas.body_areas.values())


def test_a_packs_own_snapshot_file_is_never_read(assets_copy: Path, counted: list[Path]) -> None:
    """Only the bundled content's shipped snapshot is trusted beside the content; a pack
    could ship one that says anything."""
    content.load_cached(assets_copy)
    (entry,) = entries()
    (assets_copy / content.SHIPPED).write_bytes(entry.read_bytes())
    entry.unlink()
    content.load_cached(assets_copy)
    assert len(counted) == 2


def test_no_snapshot_when_asked_or_when_the_folder_is_not_writable(
    assets_copy: Path, counted: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REFLEXMAP_NO_CONTENT_CACHE", "1")
    content.load_cached(assets_copy)
    content.load_cached(assets_copy)
    assert len(counted) == 2 and not entries()
    monkeypatch.delenv("REFLEXMAP_NO_CONTENT_CACHE")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cache folder cannot be made
    assert len(content.load_cached(assets_copy).zones) > 0
    assert len(counted) == 3


def test_records_and_schema_name_the_same_fields() -> None:
    """A field added to a content model reaches the snapshot, or this fails."""
    pairs = [
        (models.Source, records.Source),
        (models.BodyArea, records.BodyArea),
        (models.Claim, records.Claim),
        (models.Region, records.Region),
        (models.View, records.View),
        (models.Technique, records.Technique),
        (models.Step, records.Step),
        (models.Sequence, records.Sequence),
        (models.SafetyRule, records.SafetyRule),
        (models.Note, records.Note),
        (models.Synonym, records.Synonym),
    ]
    for model, record in pairs:  # seed_ids: the authors' coverage check, not the app's
        schema = set(model.model_fields) - {"seed_ids"}
        assert schema == {f.name for f in fields(record)}, model.__name__
    zone = set(models.Zone.model_fields) - {"polygon"}
    assert zone <= {f.name for f in fields(records.Zone)}
    assert set(models.Motion.model_fields) - {"line"} <= {f.name for f in fields(records.Motion)}


def test_tests_never_see_the_real_home(atlas, _private_user_dirs: Path) -> None:
    """The session atlas was built (and cached) before any per-test folder existed: its
    cache went to the session's private home, and this test's folders are its own."""
    import os

    from reflexmap.core.paths import data_dir

    real_home = Path(os.environ["REFLEXMAP_TEST_REAL_HOME"])
    assert Path.home() == _private_user_dirs != real_home
    for folder in (cache_dir(), config_dir(), data_dir()):
        assert _private_user_dirs in folder.parents, folder
    assert real_home not in Path(os.environ["XDG_RUNTIME_DIR"]).parents


def test_a_value_that_does_not_fit_is_refused_naming_its_place(assets_copy: Path) -> None:
    atlas = content.load_cached(assets_copy)
    good = record_json.encode(atlas.content)
    assert record_json.decode(records.Content, good) == atlas.content
    for doctor, kind, said in (
        (
            lambda d: d["zones"][3]["shape"]["rings"][0].__setitem__(5, "1.0"),
            TypeError,
            "$.zones[3].shape.rings[0]: expected finite numbers",
        ),
        (
            lambda d: d["zones"][4].__setitem__("foot", "middle"),
            ValueError,
            "$.zones[4].foot: 'middle' is not one of ['left', 'right']",
        ),
        (
            lambda d: d["zones"][2]["label"].__setitem__("x", True),
            TypeError,
            "$.zones[2].label.x: expected a finite number",
        ),
        (lambda d: d["sources"][1].pop("title"), ValueError, "$.sources[1]: fields"),
    ):
        data = json.loads(json.dumps(good))
        doctor(data)
        with pytest.raises(kind) as err:
            record_json.decode(records.Content, data)
        assert str(err.value).startswith(said), err.value
