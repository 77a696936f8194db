"""What a blind user hears: the real Orca (Debian 12's 43.1) driven through the seven tasks of
issue 29 by the keyboard scripts in tests/a11y/orca/, its speech checked for the words
each script names on its "# expect MARK: words" lines (in the transcript's MARK section).

Every transcript is also checked for the private-use characters Qt's text puts at a
table's edges (U+FDD0/U+FDD1, once heard in say-all on the card).

Runs ../shared/tools/orca/orca_session.sh (or $REFLEXMAP_ORCA_SESSION) and needs orca and
speech-dispatcher (.ci/run installs them); skipped otherwise. About a minute a script:
the `orca` marker, run by hand (see below). Mutations checked: `notice.say` sending only
the announcement (the old code) fails t1 (no "notification Selected: …") and the export
script (no "notification Wrote"); Tab walking the zones again (the map not one Tab stop)
fails t3_map (tab-out, tab-back); see docs/accessibility.md for the others.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "tests" / "a11y" / "orca").glob("t*.txt"))
TOOL = Path(
    os.environ.get(
        "REFLEXMAP_ORCA_SESSION", ROOT.parent / "shared" / "tools" / "orca" / "orca_session.sh"
    )
)

# Not in .ci/run: about a minute a script, and two runs in parallel cannot share
# speech-dispatcher. By hand (docs/accessibility.md):
# REFLEXMAP_ORCA_LOCK=/work/orca.lock REFLEXMAP_ORCA_EVIDENCE=tests/a11y/orca/evidence \
#     uv run pytest -m orca -n0 tests/qt/test_orca.py
pytestmark = pytest.mark.orca


def expectations(script: Path, kind: str = "expect") -> list[tuple[str, str]]:
    """The script's "# expect MARK: words" lines (or "# reject MARK: words": words that
    must not be heard there)."""
    return re.findall(rf"^# {kind} ([\w-]+): (.+)$", script.read_text(), flags=re.M)


def sections(transcript: str) -> dict[str, str]:
    out: dict[str, str] = {}
    name = ""
    for line in transcript.splitlines():
        if line.startswith("=== "):
            name = line[4:].strip()
        else:
            out[name] = out.get(name, "") + line + "\n"
    return out


def test_scripts_have_expectations() -> None:
    assert len(SCRIPTS) >= 2
    assert all(expectations(s) for s in SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_orca_hears_the_task(script: Path, tmp_path: Path) -> None:
    for tool in ("orca", "speech-dispatcher", "Xvfb", "xdotool", "openbox"):
        if shutil.which(tool) is None:
            pytest.skip(f"the Orca run needs {tool}")
    if not TOOL.exists():
        pytest.skip(f"no Orca session tool at {TOOL}")
    # Orca runs share one display and speech setup: $REFLEXMAP_ORCA_LOCK (a file) makes
    # runs from several checkouts take turns (flock)
    lock = os.environ.get("REFLEXMAP_ORCA_LOCK")
    prefix = ["flock", lock] if lock and shutil.which("flock") else []
    run = subprocess.run(
        [*prefix, "bash", str(TOOL), str(ROOT), str(tmp_path / "out"), str(script)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    transcript = tmp_path / "out" / "transcript.txt"
    assert run.returncode == 0 and transcript.exists(), run.stdout[-2000:] + run.stderr[-2000:]
    keep = os.environ.get("REFLEXMAP_ORCA_EVIDENCE")  # a folder: the transcripts kept there
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        kept = transcript.read_text().replace(str(tmp_path / "out"), "OUT")  # no tmp names
        (Path(keep) / f"{script.stem}.txt").write_text(kept)
    heard = sections(transcript.read_text())
    missing = [
        (mark, words) for mark, words in expectations(script) if words not in heard.get(mark, "")
    ]
    assert not missing, f"{missing}\n{transcript.read_text()}"
    heard_wrong = [
        (mark, words)
        for mark, words in expectations(script, "reject")
        if words in heard.get(mark, "")
    ]
    assert not heard_wrong, f"{heard_wrong}\n{transcript.read_text()}"
    odd = sorted({hex(ord(c)) for c in transcript.read_text() if 0xFDD0 <= ord(c) <= 0xFDEF})
    assert not odd, f"private-use characters spoken: {odd}"
