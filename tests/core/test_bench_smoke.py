"""The benchmark runner (tests/bench/run.py) still runs: each measurement once, tiny sizes.

No timing is asserted here; the numbers come from `uv run python tests/bench/run.py`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"


def _bench():
    spec = importlib.util.spec_from_file_location("reflexmap_bench_run", RUN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_measurement_runs_once(tmp_path: Path) -> None:
    bench = _bench()
    quiet = lambda _msg: None  # noqa: E731
    # one private home for the children, as one bench run has: the start-up's app child
    # compiles the content snapshot, the shot child finds it
    start = bench.measure_startup(1, quiet, warm_up=False, home=tmp_path)  # each child once
    assert all(len(v) == 1 for v in start.values())
    shot = bench.measure_shot(1, quiet, warm_up=False, home=tmp_path)  # `shot` and bare, once
    assert len(shot["app"]) == len(shot["bare"]) == 1
    hover = bench.measure_hover(rounds=1, synth=400, n_points=20, log=quiet)
    assert set(hover) == {"chart", "synthetic"}
    exports = bench.measure_export(rounds=1, log=quiet)
    assert exports is not None and exports["pdf"]["chars"][0] > 0
    rows = bench.table(start, hover, exports, 1, shot)
    text = bench.render(rows, markdown=True)
    for row in (
        "(a) start -> chart painted",
        "(b) `shot",
        "(c) peak RSS",
        "(d) chart PDF vs bare page with the same text",
        "(e) hover",
    ):
        assert row in text, row
    assert "<= 2.0x (aim 1.5x): " in text


def test_the_journal_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """tests/bench/journal.py on a tiny practice (3 people x 1 year): it runs and reports."""
    spec = importlib.util.spec_from_file_location(
        "reflexmap_bench_journal", RUN.parent / "journal.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--people", "3", "--years", "1", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "3 people x 1 years weekly: 156 sessions, 4,680 marks" in out
    for row in ("heat", "trend", "export_json", "export_csv", "open (start path)"):
        assert row in out
