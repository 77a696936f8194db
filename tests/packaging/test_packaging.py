"""Install it like a desktop app: the wheel, the sdist, the PyInstaller bundle, the icon,
the .desktop entry and the AppStream metainfo, each built and run the way a user would.

Slow: it builds a wheel and a bundle, each once per run (session fixtures, each on one
xdist worker). The wheel, sdist and desktop tests run in the default `uv run pytest`. The
bundle's (PyInstaller, about 25 s of a core warm, more on a cold uv cache) are in the
`heavy` tier, left out of the default run to keep it under a minute on two cores:
`uv run pytest -m heavy` runs them, and CI (`bash .ci/run`) runs that after the default
run, so the bundle is still checked on every CI run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.reflexmap.Reflexmap"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
BUNDLE_LIMIT_MB = 300  # measured 194 MB; a jump means Qt modules slipped back in

pytestmark = pytest.mark.slow
# One worker builds the wheel, one the bundle (pytest-xdist --dist loadgroup): each build
# happens once per run, in parallel with the rest of the suite.
in_dist_group = pytest.mark.xdist_group("packaging-dist")


def in_bundle_group(test):
    """The `heavy` tier (`-m heavy`), all on one worker: one build per run."""
    return pytest.mark.heavy(pytest.mark.xdist_group("packaging-bundle")(test))


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH (.ci/run installs it)")
    return uv


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: not this test run's venv or source tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def _run(
    cmd: list[str], *, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env or _clean_env()
    )
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout\n{proc.stdout[-3000:]}"
        f"\n--- stderr\n{proc.stderr[-3000:]}"
    )
    return proc


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def _has_chart(reflexmap: Path | str, cwd: Path) -> bool:
    help_text = _run([str(reflexmap), "--help"], cwd=cwd).stdout
    return re.search(r"^\s+chart\s", help_text, re.MULTILINE) is not None


# --- wheel and sdist ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`uv build`: the sdist, then the wheel built from that sdist (as a packager would)."""
    out = tmp_path_factory.mktemp("dist")
    _run([_uv(), "build", "--out-dir", str(out), str(ROOT)], cwd=ROOT, timeout=300)
    return out


@in_dist_group
def test_wheel_and_sdist_carry_the_assets(dist: Path) -> None:
    wheel = next(dist.glob("reflexmap-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {
        n.removeprefix("reflexmap/_assets/") for n in names if n.startswith("reflexmap/_assets/")
    }
    in_tree = {
        p.relative_to(ROOT / "assets").as_posix()
        for p in (ROOT / "assets").rglob("*")
        if p.is_file()
    }
    assert in_tree and in_tree <= shipped, f"missing from the wheel: {in_tree - shipped}"

    sdist = next(dist.glob("reflexmap-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    for needed in (
        "assets/content",
        "assets/charts",
        "pyproject.toml",
        "uv.lock",
        "packaging/reflexmap.spec",
        f"packaging/{APP_ID}.desktop",
    ):
        assert any(m == needed or m.startswith(needed + "/") for m in members), needed
    assert not any(m.startswith(("packaging/build/", "packaging/dist/")) for m in members)


@in_dist_group
def test_wheel_snapshot_equals_a_fresh_compile(dist: Path) -> None:
    """The snapshot the wheel ships was compiled from this tree's content by a full
    validation: byte for byte what compiling it again gives."""
    from reflexmap.core import content

    wheel = next(dist.glob("reflexmap-*.whl"))
    shipped = zipfile.ZipFile(wheel).read("reflexmap/_assets/snapshot.json")
    assert shipped == content.compile_snapshot(ROOT / "assets")


@in_dist_group
def test_wheel_installs_and_runs_outside_the_tree(dist: Path, tmp_path: Path) -> None:
    uv = _uv()
    wheel = next(dist.glob("reflexmap-*.whl"))
    venv = tmp_path / "venv"
    _run([uv, "venv", "--python", sys.executable, str(venv)], cwd=tmp_path)
    py = venv / "bin" / "python"
    _run([uv, "pip", "install", "--python", str(py), str(wheel)], cwd=tmp_path, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    reflexmap = venv / "bin" / "reflexmap"

    rows = json.loads(_run([str(reflexmap), "zones", "--json"], cwd=elsewhere).stdout)
    assert len([r for r in rows if r["view"] == "sole"]) >= 60
    where = _run(
        [str(py), "-c", "import reflexmap.core.paths as p; print(p.bundled_content_root())"],
        cwd=elsewhere,
    ).stdout
    assert str(venv) in where  # the assets came from the wheel, not this checkout
    # The installed app starts from the wheel's snapshot: nothing validated, nothing
    # compiled into the (empty) cache, no validation code imported.
    cache = tmp_path / "cache"
    loaded = _run(
        [
            str(py),
            "-c",
            "import sys; from reflexmap.core.content import load; "
            "a = load(); print(len(a.zones), sorted(m for m in "
            "('pydantic', 'shapely', 'numpy') if m in sys.modules))",
        ],
        cwd=elsewhere,
        env=_clean_env(XDG_CACHE_HOME=str(cache)),
    ).stdout.split(None, 1)
    assert int(loaded[0]) > 100 and loaded[1].strip() == "[]"
    assert not list(cache.rglob("snapshot-*.json"))

    if not _has_chart(reflexmap, elsewhere):
        pytest.skip(
            "`reflexmap chart` is not in this build (no chart subcommand in --help); "
            "the wheel's zones were checked, its PDF output was not"
        )
    _run([str(reflexmap), "chart", "-o", "x.pdf"], cwd=elsewhere)
    pdf = elsewhere / "x.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


# --- the PyInstaller bundle ---------------------------------------------------------------


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """packaging/build.sh, as a fresh clone would run it, into a private output folder
    (two test runs in one checkout must not rebuild each other's bundle mid-test)."""
    _uv()
    out = tmp_path_factory.mktemp("bundle")
    proc = _run(["bash", str(PACKAGING / "build.sh"), str(out)], cwd=ROOT, timeout=480)
    exe = out / "reflexmap" / "reflexmap"
    assert exe.is_file(), proc.stdout
    return exe


@in_bundle_group
def test_bundle_runs_offscreen(bundle: Path, tmp_path: Path) -> None:
    version = _run([str(bundle), "--version"], cwd=tmp_path).stdout
    assert version.startswith("reflexmap ")
    shot = tmp_path / "x.png"
    cache = tmp_path / "cache"
    _run(
        [str(bundle), "shot", "-o", str(shot), "--size", "1400x900"],
        cwd=tmp_path,
        env=_clean_env(QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(cache)),
    )
    assert _png_size(shot) == (1400, 900)
    assert shot.stat().st_size > 20_000  # a drawn window, not a blank one
    # started from the bundle's own snapshot: none compiled into the user's cache
    assert not list(cache.rglob("snapshot-*.json"))

    if _has_chart(bundle, tmp_path):  # the print/PDF and SVG modules made it into the bundle
        _run([str(bundle), "chart", "-o", "x.pdf"], cwd=tmp_path)
        assert (tmp_path / "x.pdf").read_bytes()[:5] == b"%PDF-"
        _run([str(bundle), "chart", "-o", "x.svg"], cwd=tmp_path)
        assert b"<svg" in (tmp_path / "x.svg").read_bytes()[:2000]


@in_bundle_group
def test_bundle_leaves_out_unused_qt(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    qt_libs = {p.name.split(".")[0] for p in (internal / "PySide6" / "Qt" / "lib").iterdir()}
    for unwanted in ("libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6WebEngineCore"):
        assert unwanted not in qt_libs
    size = sum(
        p.stat().st_size for p in bundle.parent.rglob("*") if p.is_file() and not p.is_symlink()
    )
    assert size < BUNDLE_LIMIT_MB * 1024 * 1024, f"bundle is {size / 2**20:.0f} MB"


# --- desktop integration ------------------------------------------------------------------


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; .ci/run installs it)")
    return path


def test_desktop_entry_validates() -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    desktop = PACKAGING / f"{APP_ID}.desktop"
    proc = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
    entry = desktop.read_text()
    assert f"Icon={APP_ID}\n" in entry and "Exec=reflexmap\n" in entry


def test_install_desktop_puts_entry_and_icons_in_place(tmp_path: Path) -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    exe = "/opt/reflex map/reflexmap"  # a bundle's path, with a space to quote
    _run(
        ["bash", str(PACKAGING / "install-desktop.sh"), "--exec", exe],
        cwd=tmp_path,
        env=_clean_env(XDG_DATA_HOME=str(tmp_path)),
    )
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{exe}"\n' in entry.read_text()
    proc = subprocess.run([validate, str(entry)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
    for size in ICON_SIZES:
        assert (
            tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        ).is_file()
    assert (tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    _run(
        ["bash", str(PACKAGING / "install-desktop.sh"), "--uninstall"],
        cwd=tmp_path,
        env=_clean_env(XDG_DATA_HOME=str(tmp_path)),
    )
    assert not entry.exists()


def test_metainfo_validates() -> None:
    appstreamcli = _tool("appstreamcli", "appstream")
    metainfo = PACKAGING / f"{APP_ID}.metainfo.xml"
    proc = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = metainfo.read_text()
    assert f"<id>{APP_ID}</id>" in text and f"{APP_ID}.desktop</launchable>" in text
    assert '<content_rating type="oars-1.1"' in text


def test_icons_are_there_at_every_size() -> None:
    icons = PACKAGING / "icons"
    assert (icons / "reflexmap.svg").read_text().lstrip().startswith("<?xml")
    for size in ICON_SIZES:
        assert _png_size(icons / f"reflexmap-{size}.png") == (size, size)
