"""Shared test setup: offscreen Qt, and every user folder (HOME, XDG_*) redirected into
temporary folders before anything from reflexmap or Qt is imported or built.

Two layers:
- at import time (before any test module, fixture or session-scoped atlas exists) the
  whole process gets a private HOME and XDG_* under one temp folder;
- per test, an autouse fixture points HOME and XDG_* at that test's own folders.

A guard (pytest_sessionfinish) fails the run if anything appeared or changed in the
real home's reflexmap folders, or if any private HOME leaked into the real one.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# pytest's clean-up of old temp folders recurses once per level; a loader test builds a
# 1,100-level folder tree, which would end the run in a RecursionError.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"

XDG_DIRS = (
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_STATE_HOME", ".local/state"),
)

# --- the real home, as it was before this run ---------------------------------------------
REAL_HOME = Path(os.environ.get("REFLEXMAP_TEST_REAL_HOME") or Path.home())
os.environ["REFLEXMAP_TEST_REAL_HOME"] = str(REAL_HOME)  # xdist workers see the same one
_WATCHED = [REAL_HOME / sub / "reflexmap" for _, sub in XDG_DIRS] + [
    Path(os.environ[var]) / "reflexmap"
    for var, _ in XDG_DIRS
    if os.environ.get(var) and not os.environ[var].startswith(tempfile.gettempdir())
]


def _snapshot() -> dict[str, tuple[int, int]]:
    """Every file and folder under the real home's reflexmap folders: (size, mtime_ns)."""
    out: dict[str, tuple[int, int]] = {}
    for top in _WATCHED:
        if not top.exists():
            continue
        for path in [top, *top.rglob("*")]:
            st = path.lstat()
            out[str(path)] = (st.st_size, st.st_mtime_ns)
    return out


def _keep_uv_caches() -> None:
    """uv (the packaging tests run `uv build`, `uv venv`, build.sh) keeps its own caches
    in the real home; keep pointing it there, or every run downloads PySide6 again."""

    def real(var: str, default: str) -> str:
        base = os.environ.get(var)
        return base if base else str(REAL_HOME / default)

    os.environ.setdefault("UV_CACHE_DIR", str(Path(real("XDG_CACHE_HOME", ".cache")) / "uv"))
    os.environ.setdefault(
        "UV_PYTHON_INSTALL_DIR", str(Path(real("XDG_DATA_HOME", ".local/share")) / "uv" / "python")
    )


def _private_env(home: Path) -> dict[str, str]:
    env = {"HOME": str(home)}
    for var, sub in XDG_DIRS:
        env[var] = str(home / sub)
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)  # Qt refuses a runtime dir others can read
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


_BEFORE = _snapshot()
_keep_uv_caches()
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="reflexmap-test-home-"))
os.environ.update(_private_env(_SESSION_HOME))
# The desktop's services, pointed at nothing: no test reaches (or starts, as
# `speech-dispatcher --spawn` and PulseAudio's autospawn would) the user's voice, sound
# server or session bus. The tests that need one start a private one and say where.
os.environ.update(
    {
        "SPEECHD_ADDRESS": "unix_socket:/nonexistent/reflexmap-tests/speechd.sock",
        "PULSE_SERVER": "unix:/nonexistent/reflexmap-tests/pulse",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/reflexmap-tests/bus",
    }
)


# Property tests: the same examples on every run and every machine (no database, no
# random seed); the profile is named in the header of the output.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile(
        "reflexmap", derandomize=True, database=None, print_blob=True
    )
    _hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reflexmap"))
except ImportError:  # pragma: no cover (hypothesis is a dev dependency)
    pass


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [
        "reflexmap tests: private HOME and XDG_* per test (real home "
        f"{REAL_HOME} is checked at the end); hypothesis profile "
        f"{os.environ.get('HYPOTHESIS_PROFILE', 'reflexmap')} (derandomize=True)"
    ]
    if "not heavy" in (config.option.markexpr or ""):
        lines.append(
            "not in this run: the `heavy` tier (the bundle build, the 1,000-pack "
            "loader fuzz, the 10,000-event monkey); `uv run pytest -m heavy` runs "
            "it, and .ci/run does"
        )
    return lines


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The guard: the real home's reflexmap folders are exactly as they were."""
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)
    if hasattr(session.config, "workerinput"):  # xdist worker: the controller checks
        return
    after = _snapshot()
    changed = sorted(p for p in set(after) | set(_BEFORE) if after.get(p) != _BEFORE.get(p))
    if changed:
        sys.stderr.write(
            "\nTEST RUN WROTE INTO THE REAL HOME:\n  " + "\n  ".join(changed[:20]) + "\n"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test reads or writes the real user's (or another test's) settings or data."""
    home = tmp_path_factory.mktemp("home")
    for var, value in _private_env(home).items():
        monkeypatch.setenv(var, value)
    return home


@pytest.fixture
def assets_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled content, for tests that break it."""
    dest = tmp_path / "assets"
    shutil.copytree(ASSETS, dest)
    return dest


@pytest.fixture
def shouting():  # type: ignore[no-untyped-def]
    """A translator that answers in capitals, installed for the test: the (context, text)
    pairs the code asked for are the list it yields."""
    from reflexmap.core.present import i18n

    seen: list[tuple[str, str]] = []

    def shout(context: str, text: str) -> str:
        seen.append((context, text))
        return text.upper()

    i18n.install(shout)
    try:
        yield seen
    finally:
        i18n.install(None)


@pytest.fixture(scope="session")
def atlas():
    from reflexmap.core.content import load_bundled

    return load_bundled()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` for pytest >= 9.2 (pytest-xdist <= 3.8 does not manage it there).

    xdist groups tests by a `@group` suffix it appends to each worker's node ids through
    `item._nodeid`; pytest 9.2 keeps the id in `item._id`, so the assignment is lost, every
    group is spread over all workers and each worker builds the bundle (a session fixture)
    again: twice the CPU of the slowest fixture of the run. Add the suffix the same way
    xdist does, only where it is missing (a no-op once xdist handles it itself).
    """
    # Longest first: the bundle and wheel builds (xdist groups), then the other `slow` tests
    # (fuzz chunks, monkey, ...), then the rest, so no long test starts at the end of the run
    # while the other worker has run dry. A stable sort: same order on every worker.
    items.sort(
        key=lambda it: (
            0 if it.get_closest_marker("xdist_group") else 1 if it.get_closest_marker("slow") else 2
        )
    )
    if not getattr(config.option, "loadgroup", False):  # set on xdist workers only
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # an older pytest, where xdist's own suffix works
        return
    for item in items:
        names = sorted(
            {
                str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                for m in item.iter_markers("xdist_group")
            }
        )
        if names and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")
