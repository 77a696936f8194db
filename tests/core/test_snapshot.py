"""The content snapshot: same files, same content without validating again; a changed
file, or a damaged, doctored, stale or misplaced snapshot, means a full validation. A
snapshot is JSON: nothing in it can run."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from reflexmap.core import content, models, record_json, records
from reflexmap.core.pack_reader import hasher
from reflexmap.core.paths import cache_dir, config_dir
from reflexmap.core.problems import ContentError


def entries() -> list[Path]:
    return sorted(cache_dir().glob("snapshot-*.json"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full validation that load_cached asks for."""
    calls: list[Path] = []
    real = content._validate

    def validate(root: Path, cancelled, record=None):
        calls.append(root)
        return real(root, cancelled, record)

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
    header["digest"] = hasher(payload).hexdigest()
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


# ---- hostile snapshots: anything wrong with the file is a miss, rebuilt once -------------
def _read_or_unblock(entry: Path, root: Path, key: str) -> object:
    """content.read(entry) on a thread; if it hangs (a FIFO opened for reading waits for
    a writer), a writer is opened to set it free and the test fails."""
    import os
    import threading

    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(content.read(entry, root, key)))
    worker.start()
    worker.join(10)
    if worker.is_alive():
        os.close(os.open(entry, os.O_WRONLY | os.O_NONBLOCK))
        worker.join()
        pytest.fail("reading the snapshot hung")
    return out[0]


def _start_twice(assets_copy: Path, counted: list[Path]) -> None:
    """After the damage: the next start validates once and replaces the file; the start
    after that uses the snapshot again."""
    import time

    atlas = content.load_cached(assets_copy)
    assert len(counted) == 2 and len(atlas.zones) > 100
    (entry,) = entries()
    assert entry.is_file() and not entry.is_symlink()
    t = time.process_time()  # CPU: a busy machine slows the wall clock of every test
    assert content.load_cached(assets_copy).content == atlas.content
    assert len(counted) == 2, "the second start validated again"
    assert time.process_time() - t < 5


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "huge", "padded", "folder"])
def test_a_snapshot_that_is_no_snapshot_file_is_replaced(
    assets_copy: Path, counted: list[Path], kind: str
) -> None:
    """A FIFO hung every start; a link to a device or a 3 GB file was a MemoryError on
    every start; a valid snapshot padded with 600 MB was read in full."""
    import os

    content.load_cached(assets_copy)
    (entry,) = entries()
    if kind == "fifo":
        entry.unlink()
        os.mkfifo(entry)
    elif kind.startswith("/dev/"):
        entry.unlink()
        entry.symlink_to(kind)
    elif kind == "huge":  # sparse: 3 GB on paper, nothing on disk
        with entry.open("r+b") as f:
            f.truncate(3 * 1024**3)
    elif kind == "padded":  # the snapshot whole, then 600 MB of zeros
        with entry.open("r+b") as f:
            f.truncate(entry.stat().st_size + 600 * 1024**2)
    else:
        entry.unlink()
        entry.mkdir()
    import tracemalloc

    key = content.content_key(assets_copy)
    assert key is not None
    tracemalloc.start()
    try:  # refused before it is read: no 600 MB or 3 GB in memory, not even for a moment
        assert _read_or_unblock(entry, assets_copy, key) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024**2, peak
    _start_twice(assets_copy, counted)


def _broken_ring(d: dict) -> None:
    d["zones"][0]["shape"]["rings"] = [[1.0, 2.0, 3.0]]


def _unknown_area(d: dict) -> None:
    claim = {"body_area": "nowhere", "sources": [d["sources"][0]["id"]]}
    d["zones"][0]["claims"].append({**claim, "kind": "reflexology", "strength": "may"})


def _step_of_unknown_technique(d: dict) -> None:
    d["sequences"][0]["steps"][0]["technique"] = "nosuch"


@pytest.mark.parametrize(
    "doctor",
    [
        _broken_ring,
        _unknown_area,
        lambda d: d["zones"][0].update(view="noview"),
        lambda d: d["motions"][0].update(view="noview"),
        lambda d: d["outlines"][0].update(view="noview"),
        _step_of_unknown_technique,
        lambda d: d["zones"][0].update(name="x" * 5_000_000),
        lambda d: d["zones"][0].update(name="Heel\x1b]0;pwned\x07"),
        lambda d: d["zones"][0].update(name="\u202eleeh"),
        lambda d: d["sequences"][0]["steps"][0].update(duration_s=-5),
        lambda d: d["techniques"][0].update(duration_s=10**30),
        lambda d: d["zones"].append(d["zones"][0]),
        lambda d: d["views"].append(d["views"][0]),
        lambda d: d["zones"][0].update(neighbours=["nosuch"]),
        lambda d: d["safety"][0].update(follows="nosuch"),
        lambda d: d["zones"][0]["shape"]["rings"].__setitem__(0, [0.0] * 400_000),
    ],
    ids=[
        "ring of 3 numbers",
        "claim of an unknown body area",
        "zone of an unknown view",
        "motion of an unknown view",
        "outline of an unknown view",
        "step of an unknown technique",
        "5 MB zone name",
        "ESC in a name",
        "bidi override in a name",
        "negative duration",
        "huge duration",
        "duplicate zone id",
        "duplicate view id",
        "unknown neighbour",
        "follows an unknown rule",
        "200,000 points in a ring",
    ],
)
def test_a_snapshot_the_window_cannot_use_is_rebuilt(
    assets_copy: Path, counted: list[Path], doctor
) -> None:
    """Each of these decoded on main and then crashed `shot`, `zones`, `routine`... or made
    them crawl: the checksum only catches accidents, a snapshot is never trusted."""
    content.load_cached(assets_copy)
    (entry,) = entries()
    _doctor(entry, doctor)
    _start_twice(assets_copy, counted)


def test_any_failure_while_reading_a_snapshot_is_a_miss(
    assets_copy: Path, counted: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """MemoryError (not an OSError or ValueError) escaped every start on main."""
    content.load_cached(assets_copy)

    def no_memory(*args, **kwargs):
        raise MemoryError

    with monkeypatch.context() as patch:
        patch.setattr(content.record_json, "decode", no_memory)
        assert content.snapshot_of(assets_copy) is None
        assert len(content.load_cached(assets_copy).zones) > 100
    assert len(counted) == 2
    content.load_cached(assets_copy)
    assert len(counted) == 2


def test_the_snapshot_vouches_for_the_chart_bytes_that_were_validated(
    assets_copy: Path, counted: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart changed while the pack was validated was recorded as valid on main (the
    chart files were hashed again after the validation)."""
    from reflexmap.core import loader

    chart = assets_copy / "charts" / "sole.geojson"
    real_parse = loader.parse_chart

    def parse_then_change(text, rel, view_id):
        if rel == "charts/sole.geojson":  # read and validated; now it changes on disk
            chart.write_text(text.replace('"type"', '"tipe"', 1), encoding="utf-8")
        return real_parse(text, rel, view_id)

    monkeypatch.setattr(loader, "parse_chart", parse_then_change)
    content.load_cached(assets_copy)
    monkeypatch.setattr(loader, "parse_chart", real_parse)
    with pytest.raises(ContentError) as err:  # the broken chart is not vouched for
        content.load_cached(assets_copy)
    assert "sole.geojson" in str(err.value.problems[0])


def test_stale_temp_files_of_a_killed_write_are_removed(
    assets_copy: Path, counted: list[Path]
) -> None:
    import os

    content.load_cached(assets_copy)
    (entry,) = entries()
    entry.unlink()  # the write was killed: no snapshot, its temp file left behind
    folder = entry.parent
    dead = folder / f".{entry.name}.999999999.abcd.tmp"
    old = folder / f".{entry.name}.{os.getppid()}.efgh.tmp"  # a live writer's, but hours old
    live = folder / f".{entry.name}.{os.getppid()}.ijkl.tmp"  # a write going on now
    for path in (dead, old, live):
        path.write_bytes(b"half a snapshot")
    os.utime(old, (1, 1))
    content.load_cached(assets_copy)
    assert not dead.exists() and not old.exists() and live.exists()


def test_at_most_two_snapshots_per_pack(
    assets_copy: Path, tmp_path: Path, counted: list[Path]
) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(assets_copy, other)
    content.load_cached(other)
    areas = assets_copy / "content" / "body_areas.toml"
    for n in range(4):  # four versions of one pack, each validated and cached
        areas.write_text(areas.read_text(encoding="utf-8") + f"\n# {n}\n", encoding="utf-8")
        content.load_cached(assets_copy)
    assert len(counted) == 5
    mine = content._pack_id(assets_copy)
    names = [p.name for p in entries()]
    assert sum(mine in n for n in names) == 2 and len(names) == 3, names  # the other stays
    content.load_cached(assets_copy)
    assert len(counted) == 5  # the newest is the one kept


def test_records_print_as_dataclasses_do(atlas) -> None:
    """Records and cards are made with repr=False and share `readable.Readable.__repr__`
    (start-up): a failing test or a log line still shows their fields by name, as the
    dataclass-made repr did (it also prints the class's __qualname__)."""
    from reflexmap.core.present.zone_card import zone_card

    assert repr(records.Point(x=1.5, y=-2.0)) == "Point(x=1.5, y=-2.0)"
    zone = next(iter(atlas.zones.values()))
    assert repr(zone).startswith(f"Zone(id={zone.id!r}, key={zone.key!r}, ")
    assert repr(zone_card(atlas, zone.id)).startswith("ZoneCard(")
