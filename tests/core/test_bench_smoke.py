"""The benchmark runner (tests/bench/run.py) still runs: each measurement once, tiny sizes.

No timing is asserted here; the numbers come from `uv run python tests/bench/run.py`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("reflexmap_bench_run", RUN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_measurement_runs_once() -> None:
    bench = _bench()
    quiet = lambda _msg: None  # noqa: E731
    start = bench.measure_startup(1, quiet, warm_up=False)  # each child once: 3, not 6
    assert all(len(v) == 1 for v in start.values())
    hover = bench.measure_hover(rounds=1, synth=400, n_points=20, log=quiet)
    assert set(hover) == {"chart", "synthetic"}
    exports = bench.measure_export(rounds=1, log=quiet)
    rows = bench.table(start, hover, exports, 1)
    text = bench.render(rows, markdown=True)
    assert "(a) start" in text and "(c) hover" in text and "(e) peak RSS" in text
