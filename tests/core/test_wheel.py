"""The wheel carries assets/: installed in a fresh venv, `reflexmap zones` works from
outside the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_tree(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH (.ci/run installs it)")
    dist = tmp_path / "dist"
    subprocess.run([uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next(dist.glob("reflexmap-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--python", sys.executable, str(venv)], check=True,
                   capture_output=True)
    py = venv / "bin" / "python"
    subprocess.run([uv, "pip", "install", "--python", str(py), str(wheel)], check=True,
                   capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run([str(venv / "bin" / "reflexmap"), "zones", "--json"], cwd=elsewhere,
                         capture_output=True, text=True, env=env, check=True)
    rows = json.loads(out.stdout)
    assert len([r for r in rows if r["view"] == "sole"]) >= 60
    where = subprocess.run([str(py), "-c", "import reflexmap.core.paths as p; "
                            "print(p.bundled_content_root())"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, check=True)
    assert str(venv) in where.stdout  # the assets came from the wheel, not this checkout
