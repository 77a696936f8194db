"""Exports tell the truth: a missing folder or a failed write is exit 1 with a
message, no truncated file is left, and huge sizes are refused before Qt sees them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflexmap.core import paths


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reflexmap", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("ext", ["svg", "pdf", "png"])
def test_missing_folder_is_exit_1(tmp_path: Path, ext: str) -> None:
    from reflexmap.cli import main

    out = tmp_path / "nonexistent" / f"x.{ext}"
    assert main(["chart", "-o", str(out)]) == 1
    assert not out.parent.exists()  # not created behind the user's back either


def test_missing_folder_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reflexmap.cli import main

    out = tmp_path / "nonexistent" / "x.svg"
    assert main(["chart", "-o", str(out)]) == 1
    err = capsys.readouterr()
    assert "wrote" not in err.out
    assert f"cannot write {out}" in err.err and "does not exist" in err.err


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every atomic write fails with ENOSPC after writing 100 bytes of its temp file."""

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data: bytes) -> int:
            self.f.write(data[:100])
            raise OSError(28, "No space left on device")

    real_fdopen = paths.os.fdopen
    monkeypatch.setattr(paths.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))


@pytest.mark.parametrize("ext", ["svg", "pdf", "png"])
def test_full_disk_leaves_no_truncated_file(
    tmp_path: Path, ext: str, full_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflexmap.cli import main

    out = tmp_path / f"chart.{ext}"
    assert main(["chart", "-o", str(out)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_shot_to_a_missing_folder_is_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflexmap.cli import main

    out = tmp_path / "nonexistent" / "shot.png"
    assert main(["shot", "-o", str(out)]) == 1
    err = capsys.readouterr()
    assert "wrote" not in err.out
    assert f"reflexmap shot: cannot write {out}" in err.err and "does not exist" in err.err
    assert list(tmp_path.iterdir()) == []  # no file, and no folder made behind the user's back


def test_shot_on_a_full_disk_leaves_no_truncated_png(
    tmp_path: Path, full_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflexmap.cli import main

    out = tmp_path / "shot.png"
    out.write_bytes(b"the previous shot")
    assert main(["shot", "-o", str(out)]) == 1
    err = capsys.readouterr()
    assert "wrote" not in err.out
    assert f"reflexmap shot: cannot write {out}: No space left on device" in err.err
    assert out.read_bytes() == b"the previous shot"  # the old file, whole
    assert [p.name for p in tmp_path.iterdir()] == ["shot.png"]  # no temp file left


@pytest.fixture
def small_full_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 200 KB tmpfs with 8 KB left (a filler file takes the rest); skipped where
    mounting is not permitted (not Linux, not root, no CAP_SYS_ADMIN in a container)."""
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if sys.platform != "linux" or os.geteuid() != 0 or not mount or not umount:
        pytest.skip("mounting a tmpfs needs root on Linux")
    folder = tmp_path / "full"
    folder.mkdir()
    tried = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if tried.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {tried.stderr.strip()}")
    try:
        st = os.statvfs(folder)
        (folder / "filler").write_bytes(b"x" * (st.f_bavail * st.f_frsize - 8192))
        yield folder
    finally:
        subprocess.run([umount, str(folder)], capture_output=True, timeout=30, check=True)


@pytest.mark.parametrize("ext", ["svg", "pdf", "png"])
def test_chart_to_a_real_full_disk(
    small_full_tmpfs: Path, ext: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflexmap.cli import main

    out = small_full_tmpfs / f"chart.{ext}"
    assert main(["chart", "-o", str(out)]) == 1
    err = capsys.readouterr()
    assert "wrote" not in err.out
    assert f"reflexmap chart: cannot write {out}: No space left on device" in err.err
    assert [p.name for p in small_full_tmpfs.iterdir()] == ["filler"]  # no file, no temp


def test_shot_to_a_real_full_disk(
    small_full_tmpfs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflexmap.cli import main

    out = small_full_tmpfs / "shot.png"
    assert main(["shot", "-o", str(out)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert [p.name for p in small_full_tmpfs.iterdir()] == ["filler"]


def test_huge_dpi_is_refused(tmp_path: Path) -> None:
    result = run("chart", "-o", str(tmp_path / "x.png"), "--dpi", "9" * 30)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--dpi must be between" in result.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("size", ["40000x40000", "99999999999999999999x900"])
def test_huge_shot_size_is_refused(tmp_path: Path, size: str) -> None:
    result = run("shot", "-o", str(tmp_path / "x.png"), "--size", size)
    assert result.returncode == 2, result.stderr
    assert "--size must be between" in result.stderr and "Traceback" not in result.stderr


def test_the_formats_are_one_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line refuses what export() cannot write, naming what it can, and the
    save dialog offers exactly those: both read export.FORMATS."""
    from reflexmap.qt.printing import export

    assert set(export.FORMATS) == {".pdf", ".svg", ".png"}
    result = run("chart", "-o", str(tmp_path / "x.doc"))
    assert result.returncode == 2 and "-o must end in .pdf, .svg or .png" in result.stderr
    with pytest.raises(ValueError, match="must end in"):
        export.export_format(tmp_path / "x.doc")
    for suffix, fmt in export.FORMATS.items():
        assert export.export_format(tmp_path / f"x{suffix.upper()}") is fmt
