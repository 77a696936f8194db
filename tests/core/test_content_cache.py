"""The validated-content cache: same files, same answer without validating again; any
change to a file, or a damaged cache entry, means a full validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflexmap.core import content
from reflexmap.core.paths import cache_dir
from reflexmap.core.problems import ContentError


def entries() -> list[Path]:
    return sorted(cache_dir().glob("content-*.pickle"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full validation that load_cached asks for."""
    calls: list[Path] = []
    real = content.load_content

    def load_content(root: Path):  # type: ignore[no-untyped-def]
        calls.append(root)
        return real(root)

    monkeypatch.setattr(content, "load_content", load_content)
    return calls


def test_second_load_comes_from_the_cache(assets_copy: Path, counted: list[Path]) -> None:
    first = content.load_cached(assets_copy)
    assert counted == [assets_copy] and len(entries()) == 1
    second = content.load_cached(assets_copy)
    assert counted == [assets_copy]  # not validated again
    assert second is not first and set(second.zones) == set(first.zones)
    zone = "left.sole.solar_plexus"
    assert second.zones[zone].polygon.equals(first.zones[zone].polygon)
    assert second.neighbours(zone) == first.neighbours(zone)
    assert second.zone_at("sole", *first.label_point(zone).coords[0]).id == zone  # trees rebuilt
    assert [c.body_area for c, _ in second.claims_for_zone(zone)] == \
        [c.body_area for c, _ in first.claims_for_zone(zone)]


def test_a_changed_file_is_validated_again(assets_copy: Path, counted: list[Path]) -> None:
    content.load_cached(assets_copy)
    areas = assets_copy / "content" / "body_areas.toml"
    areas.write_text(areas.read_text(encoding="utf-8") + "\n# a comment changes the bytes\n",
                     encoding="utf-8")
    content.load_cached(assets_copy)
    assert len(counted) == 2
    areas.write_text(areas.read_text(encoding="utf-8") + "\n[[body_area]]\nid = 1\n",
                     encoding="utf-8")
    with pytest.raises(ContentError) as err:  # the old entry never hides a broken file
        content.load_cached(assets_copy)
    assert "body_areas.toml" in str(err.value.problems[0])
    assert len(counted) == 3 and len(entries()) == 2  # nothing cached for the broken one


def test_a_changed_chart_is_validated_again(assets_copy: Path, counted: list[Path]) -> None:
    content.load_cached(assets_copy)
    chart = assets_copy / "charts" / "sole.geojson"
    chart.write_text(chart.read_text(encoding="utf-8").replace('"type"', '"tipe"', 1),
                     encoding="utf-8")
    with pytest.raises(ContentError) as err:
        content.load_cached(assets_copy)
    assert "sole.geojson" in str(err.value.problems[0]) and len(counted) == 2


def test_a_damaged_entry_is_dropped_and_rebuilt(assets_copy: Path,
                                                counted: list[Path]) -> None:
    content.load_cached(assets_copy)
    (entry,) = entries()
    entry.write_bytes(b"not a pickle at all")
    atlas = content.load_cached(assets_copy)
    assert len(counted) == 2 and len(atlas.zones) > 0
    assert entry.read_bytes()[32:33] == b"\x80"  # a fresh signed pickle replaced it
    content.load_cached(assets_copy)
    assert len(counted) == 2


def test_no_cache_when_asked_or_when_the_folder_is_not_writable(
        assets_copy: Path, counted: list[Path], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
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


class _Boom:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (pytest.fail, ("an unsigned pickle was loaded",))


def test_an_entry_it_did_not_sign_is_never_unpickled(assets_copy: Path,
                                                    counted: list[Path]) -> None:
    import pickle

    content.load_cached(assets_copy)
    (entry,) = entries()
    entry.write_bytes(b"\0" * 32 + pickle.dumps(_Boom()))  # a file planted by someone else
    assert len(content.load_cached(assets_copy).zones) > 0
    assert len(counted) == 2  # validated again; the planted file was replaced
    from reflexmap.core.paths import config_dir

    key = config_dir() / "content-cache.key"
    assert key.stat().st_mode & 0o077 == 0


def test_tests_never_see_the_real_home(atlas, _private_user_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    """The session atlas was built (and cached) before any per-test folder existed: its
    cache went to the session's private home, and this test's folders are its own."""
    import os

    from reflexmap.core.paths import config_dir, data_dir

    real_home = Path(os.environ["REFLEXMAP_TEST_REAL_HOME"])
    assert Path.home() == _private_user_dirs != real_home
    for folder in (cache_dir(), config_dir(), data_dir()):
        assert _private_user_dirs in folder.parents, folder
    assert real_home not in Path(os.environ["XDG_RUNTIME_DIR"]).parents
