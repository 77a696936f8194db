"""How fast is reflexmap next to bare PySide6? One run, one table, ratios against a baseline.

    uv run python tests/bench/run.py            # 7 runs of each start-up, medians
    uv run python tests/bench/run.py --runs 11 --markdown

Every subject is measured against a bare baseline in the same run, interleaved run by run,
so a busy machine slows both; the ratio is the number that counts. Not a pytest file:
`tests/core/test_bench_smoke.py` runs each measurement once so this script does not rot.

(a) process start -> first painted main window (child process; the parent takes the time
    just before Popen, the child the time.time() after the paint pass of its first
    QMainWindow). Baseline: a bare QMainWindow with a QLabel.
(b) process start -> interactive: a click through the viewport on a zone's label point
    selects it. Baseline: a bare QMainWindow + QGraphicsView of 40 selectable paths.
(c) hover hit test: scene.items(point) and FootScene.zone_at over the bundled chart and a
    synthetic 40,000-zone chart, against plain QGraphicsPathItems in a bare scene.
(d) chart export (reflexmap.qt.printing.export) to PDF/SVG/PNG against a bare page of 40 paths.
(e) peak RSS (VmHWM) of the app child at interactive against the bare window child.

Only the standard library is imported at module level: the children must start bare.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1400, 900)
SYNTH_ZONES = 40_000


# ---- child side -------------------------------------------------------------------------
def _peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class _Probe:
    """Records wall-clock times of a child's first paint and first successful click."""

    def __init__(self, out: str) -> None:
        self.out = out
        self.marks: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())

    def finish(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.marks["peak_rss_mb"] = _peak_rss_mb()
        Path(self.out).write_text(json.dumps(self.marks))
        QApplication.instance().exit(0)  # type: ignore[union-attr]

    def install(self, app, on_paint) -> None:  # type: ignore[no-untyped-def]
        """An application-wide filter: the first Paint of a widget in a QMainWindow calls
        on_paint(window) once the paint pass is over (the next turn of the event loop)."""
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow, QWidget

        probe = self
        seen: set[int] = set()

        class Filter(QObject):
            def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
                if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                    win = obj.window()
                    if isinstance(win, QMainWindow) and id(win) not in seen:
                        seen.add(id(win))
                        QTimer.singleShot(0, lambda w=win: on_paint(w))
                return False

        self._filter = Filter()
        app.installEventFilter(self._filter)
        QTimer.singleShot(60_000, lambda: (probe.marks.setdefault("timeout", 1.0),
                                           probe.finish()))


def _child_bare(out: str, click: bool) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QPainterPath, QPolygonF
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QApplication,
        QGraphicsItem,
        QGraphicsPathItem,
        QGraphicsScene,
        QGraphicsView,
        QLabel,
        QMainWindow,
    )

    app = QApplication([sys.argv[0]])
    probe = _Probe(out)
    win = QMainWindow()
    win.setWindowTitle("bare")
    win.resize(*SIZE)
    if not click:
        win.setCentralWidget(QLabel("bare PySide6 window"))

        def painted(_w) -> None:  # type: ignore[no-untyped-def]
            probe.mark("paint")
            probe.finish()
    else:
        scene = QGraphicsScene(0, 0, 400, 400)
        items = []
        for path in _paths(40, 400.0):
            item = QGraphicsPathItem(path)
            item.setBrush(Qt.GlobalColor.lightGray)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            scene.addItem(item)
            items.append(item)
        view = QGraphicsView(scene)
        win.setCentralWidget(view)
        target = items[17]

        def painted(_w) -> None:  # type: ignore[no-untyped-def]
            probe.mark("paint")
            centre = target.path().boundingRect().center()
            pos = view.mapFromScene(centre)
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier, pos)
            if target.isSelected():
                probe.mark("interactive")
            else:
                probe.marks["click_failed"] = 1.0
            probe.finish()
    _ = (QPainterPath, QPolygonF, QPointF)
    probe.install(app, painted)
    win.show()
    app.exec()


def _child_app(out: str) -> None:
    """`python -m reflexmap` with a probe around the QApplication it makes."""
    import reflexmap.qt.shell.app as app_module

    probe = _Probe(out)
    make_app = app_module.make_app
    clicked: dict[str, int] = {"tries": 0}

    def try_click(win) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtTest import QTest

        zone_id = next(iter(win.features["map"].scene.items_by_id))
        pos = win.features["map"].view.point_of(zone_id).toPoint()
        QTest.mouseClick(win.features["map"].view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, pos)
        if win.ctx.state.selected == zone_id:
            probe.mark("interactive")
            probe.finish()
        elif clicked["tries"] < 200:
            clicked["tries"] += 1
            QTimer.singleShot(5, lambda: try_click(win))
        else:
            probe.marks["click_failed"] = 1.0
            probe.finish()

    def painted(win) -> None:  # type: ignore[no-untyped-def]
        probe.mark("paint")  # the first main window the user sees
        if hasattr(win, "features") and "map" in win.features:  # the full MainWindow
            probe.mark("full_paint")
            try_click(win)

    def probing_make_app(*a, **k):  # type: ignore[no-untyped-def]
        app = make_app(*a, **k)
        probe.install(app, painted)
        return app

    app_module.make_app = probing_make_app  # type: ignore[assignment]
    from reflexmap.cli import main

    pack = os.environ.get("REFLEXMAP_BENCH_CONTENT")
    code = main(["--content", pack] if pack else [])
    if code:
        sys.exit(code)


# ---- shared shapes ----------------------------------------------------------------------
def _paths(count: int, extent: float):  # type: ignore[no-untyped-def]
    """`count` hexagons laid out on a grid inside `extent` x `extent` (scene units)."""
    import math

    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainterPath, QPolygonF

    per_row = math.ceil(math.sqrt(count))
    cell = extent / per_row
    r = cell * 0.48
    out = []
    for i in range(count):
        cx, cy = (i % per_row + 0.5) * cell, (i // per_row + 0.5) * cell
        pts = [QPointF(cx + r * math.cos(k * math.pi / 3), cy + r * math.sin(k * math.pi / 3))
               for k in range(7)]
        path = QPainterPath()
        path.addPolygon(QPolygonF(pts))
        path.closeSubpath()
        out.append(path)
    return out


# ---- parent side: start-up --------------------------------------------------------------
def _spawn(mode: str, env: dict[str, str]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = fh.name
    try:
        t0 = time.time()
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode,
                               out], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"child {mode} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        marks = json.loads(Path(out).read_text())
    finally:
        os.unlink(out)
    if "timeout" in marks or "click_failed" in marks:
        raise RuntimeError(f"child {mode} did not finish its measurement: {marks}")
    return {k: (v - t0) * 1000.0 if k in ("paint", "full_paint", "interactive") else v
            for k, v in marks.items()}


def measure_startup(runs: int, log=print, *, warm_up: bool = True) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Interleaved child runs; the first round (warm-up: disk cache, content cache) is
    not counted. `warm_up=False` skips it (the smoke test: each child once, no figures)."""
    home = Path(tempfile.mkdtemp(prefix="reflexmap-bench-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    env.pop("QT_LOGGING_RULES", None)
    res: dict[str, list[float]] = {k: [] for k in (
        "bare_paint", "bare_rss", "click_interactive", "app_paint", "app_full_paint",
        "app_interactive", "app_rss")}
    for i in range(0 if warm_up else 1, runs + 1):
        order = ["bare", "click", "app"]
        if i % 2:
            order.reverse()
        for mode in order:
            m = _spawn(mode, env)
            if i == 0:
                continue
            if mode == "bare":
                res["bare_paint"].append(m["paint"])
                res["bare_rss"].append(m["peak_rss_mb"])
            elif mode == "click":
                res["click_interactive"].append(m["interactive"])
            else:
                res["app_paint"].append(m["paint"])
                res["app_full_paint"].append(m["full_paint"])
                res["app_interactive"].append(m["interactive"])
                res["app_rss"].append(m["peak_rss_mb"])
        if i:
            log(f"  start-up round {i}/{runs}: bare {res['bare_paint'][-1]:.0f} ms, "
                f"app paint {res['app_paint'][-1]:.0f} ms, "
                f"interactive {res['app_interactive'][-1]:.0f} ms")
    return res


# ---- parent side: hover -----------------------------------------------------------------
def _per_call_us(fn, points, repeat: int) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    for _ in range(repeat):
        for p in points:
            fn(p)
    return (time.perf_counter() - t) / (repeat * len(points)) * 1e6


def _bare_scene(paths, rect):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

    scene = QGraphicsScene()
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
    for path in paths:
        item = QGraphicsPathItem(path)
        item.setPen(Qt.PenStyle.NoPen)  # so its shape is the path, as a ZoneItem's is
        scene.addItem(item)
    scene.setSceneRect(rect)
    return scene


def _synthetic_foot_scene(atlas, count: int):  # type: ignore[no-untyped-def]
    """A FootScene holding `count` real ZoneItems (square tiles) instead of the chart."""
    import math
    from types import SimpleNamespace

    from PySide6.QtCore import QRectF

    from reflexmap.core.records import Shape
    from reflexmap.qt.map.foot_scene import FootScene, ZoneItem, polygon_path
    from reflexmap.qt.map.style import LIGHT
    from reflexmap.qt.state import UiState

    scene = FootScene(UiState(atlas), LIGHT)
    per_row = math.ceil(math.sqrt(count))
    cell = 4.0
    xs = [(i % per_row) * cell for i in range(count)]
    ys = [(i // per_row) * cell for i in range(count)]
    boxes = [Shape(rings=((x, y, x + cell, y, x + cell, y + cell, x, y + cell, x, y),),
                   bounds=(x, y, x + cell, y + cell), area=cell * cell)
             for x, y in zip(xs, ys, strict=True)]
    fill = LIGHT.zone_fill(None, 1)
    for i, poly in enumerate(boxes):
        item = ZoneItem(SimpleNamespace(id=f"synthetic.{i}"), fill,  # type: ignore[arg-type]
                        polygon_path(poly))
        scene.addItem(item)
        scene.items_by_id[item.zone_id] = item
    side = per_row * cell
    scene.setSceneRect(QRectF(-8, -side - 8, side + 16, side + 16))
    return scene


def measure_hover(rounds: int = 7, synth: int = SYNTH_ZONES, n_points: int = 400,
                  log=print) -> dict[str, dict[str, list[float]]]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF

    from reflexmap.qt.map.foot_scene import FootScene, ZoneItem
    from reflexmap.qt.map.style import LIGHT
    from reflexmap.qt.state import UiState

    _app()
    atlas = _atlas()
    rng = random.Random(8)
    out: dict[str, dict[str, list[float]]] = {}

    def points_in(rect, hits):  # type: ignore[no-untyped-def]
        pts = list(hits)
        while len(pts) < n_points:
            pts.append(QPointF(rect.left() + rng.random() * rect.width(),
                               rect.top() + rng.random() * rect.height()))
        return pts

    view = next(iter(atlas.views))
    chart = FootScene(UiState(atlas), LIGHT)
    chart.state.set_view(view)
    chart.rebuild()
    zone_items = [i for i in chart.items() if isinstance(i, ZoneItem)]
    hits = [QPointF(p.x, -p.y) for p in (atlas.label_point(z) for z in chart.zone_ids())]
    synth_scene = _synthetic_foot_scene(atlas, synth)
    synth_items = [i for i in synth_scene.items() if isinstance(i, ZoneItem)]
    cases = {
        "chart": (chart, len(zone_items), _bare_scene([i.path() for i in zone_items],
                                                      chart.sceneRect()),
                  points_in(chart.sceneRect(), hits)),
        "synthetic": (synth_scene, len(synth_items),
                      _bare_scene([i.path() for i in synth_items], synth_scene.sceneRect()),
                      points_in(synth_scene.sceneRect(), [])),
    }
    for name, (scene, count, bare, pts) in cases.items():
        # every point must give the same answer in both scenes (same shapes, same index)
        for p in pts[:50]:
            a = [i for i in scene.items(p) if isinstance(i, ZoneItem)]
            b = bare.items(p)
            assert len(a) == len(b), (name, p, len(a), len(b))
        res: dict[str, list[float]] = {"bare": [], "items": [], "zone_at": [], "count": [count]}
        repeat = max(1, 2000 // len(pts))
        for _ in range(rounds):
            res["bare"].append(_per_call_us(bare.items, pts, repeat))
            res["items"].append(_per_call_us(scene.items, pts, repeat))
            res["zone_at"].append(_per_call_us(scene.zone_at, pts, repeat))
        out[name] = res
        log(f"  hover {name} ({count} zones): bare {statistics.median(res['bare']):.1f} us, "
            f"items {statistics.median(res['items']):.1f} us, "
            f"zone_at {statistics.median(res['zone_at']):.1f} us")
    return out


# ---- parent side: export ----------------------------------------------------------------
def _bare_export(fmt: str, path: Path, text: bool = False) -> None:
    """A bare A4 page of 40 paths; with `text`, also 160 short lines in three faces
    (regular, bold, italic), about what a chart's labels and legend hold: the floor that
    embedding fonts sets for any page with words on it."""
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, Qt
    from PySide6.QtGui import (
        QColor,
        QFont,
        QImage,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
    )

    a4_pt = (595.0, 842.0)
    paths = _paths(40, 500.0)

    def draw(painter: QPainter, w: float, h: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(w / a4_pt[0], h / a4_pt[1])
        painter.translate(47, 170)
        pen = QPen(QColor("#333333"))
        pen.setCosmetic(True)
        painter.setPen(pen)
        for k, p in enumerate(paths):
            painter.setBrush(QColor.fromHsv((k * 37) % 360, 60, 240))
            painter.drawPath(p)
        if text:
            for k in range(160):
                f = QFont()
                f.setPixelSize(5)
                f.setBold(k % 8 == 0)
                f.setItalic(k % 8 == 7)
                painter.setFont(f)
                painter.drawText(QPointF(-40 + 260 * (k // 80), 510 + 2.0 * (k % 80)),
                                 f"{k + 1}. Outer upper arch: liver and gallbladder {k * 7}")

    if fmt == "pdf":
        writer = QPdfWriter(str(path))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point))
        writer.setResolution(1200)
        rect = QRectF(writer.pageLayout().fullRectPixels(writer.resolution()))
        painter = QPainter(writer)
        draw(painter, rect.width(), rect.height())
        painter.end()
    elif fmt == "svg":
        from PySide6.QtSvg import QSvgGenerator

        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QSize(595, 842))
        gen.setViewBox(QRectF(0, 0, *a4_pt))
        gen.setResolution(72)
        painter = QPainter(gen)
        draw(painter, *a4_pt)
        painter.end()
    else:
        size = QSize(round(a4_pt[0] / 72 * 150), round(a4_pt[1] / 72 * 150))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        draw(painter, size.width(), size.height())
        painter.end()
        if not image.save(str(path)):
            raise OSError(f"cannot write {path}")


def measure_export(rounds: int = 5, log=print) -> dict[str, dict[str, list[float]]] | None:  # type: ignore[no-untyped-def]
    try:
        from reflexmap.qt.printing.chart_page import ChartOptions
        from reflexmap.qt.printing.export import export
    except ImportError:
        return None
    _app()
    atlas = _atlas()
    out: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("pdf", "svg", "png"):
            res: dict[str, list[float]] = {"bare": [], "app": [], "bytes": [],
                                           "bare_text": []}
            for i in range(rounds + 1):  # round 0 warms fonts and caches
                t = time.perf_counter()
                _bare_export(fmt, Path(tmp) / f"bare.{fmt}")
                bare = (time.perf_counter() - t) * 1000
                t = time.perf_counter()
                _bare_export(fmt, Path(tmp) / f"bare-text.{fmt}", text=True)
                bare_text = (time.perf_counter() - t) * 1000
                t = time.perf_counter()
                written = export(Path(tmp) / f"chart.{fmt}", atlas, ChartOptions(), dpi=150)
                app = (time.perf_counter() - t) * 1000
                if i:
                    res["bare"].append(bare)
                    res["bare_text"].append(bare_text)
                    res["app"].append(app)
            res["bytes"].append(float(sum(p.stat().st_size for p in written)))
            out[fmt] = res
            log(f"  export {fmt}: bare {statistics.median(res['bare']):.0f} ms, bare with text "
                f"{statistics.median(res['bare_text']):.0f} ms, "
                f"reflexmap {statistics.median(res['app']):.0f} ms")
    return out


def _atlas():  # type: ignore[no-untyped-def]
    from reflexmap.core.content import load_bundled, load_with_pack

    pack = os.environ.get("REFLEXMAP_BENCH_CONTENT")
    return load_with_pack(Path(pack)) if pack else load_bundled()


def _app():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


# ---- the table --------------------------------------------------------------------------
def table(start, hover, exports, runs: int) -> list[tuple[str, str, str, str, str]]:  # type: ignore[no-untyped-def]
    med = statistics.median
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, subject: float, bare: float, unit: str, target: float | None) -> None:
        ratio = subject / bare
        verdict = "" if target is None else (
            f"<= {target:g}x: {'met' if ratio <= target else 'NOT met'}")
        fmt = "{:.1f}" if unit in ("us", "MB") else "{:.0f}"
        rows.append((name, f"{fmt.format(subject)} {unit}", f"{fmt.format(bare)} {unit}",
                     f"{ratio:.2f}x", verdict))

    if start:
        row("(a) start -> first painted main window", med(start["app_paint"]),
            med(start["bare_paint"]), "ms", 2.0)
        row("(a') start -> full window (chart) painted", med(start["app_full_paint"]),
            med(start["bare_paint"]), "ms", None)
        row("(b) start -> interactive (click selects zone)", med(start["app_interactive"]),
            med(start["click_interactive"]), "ms", None)
    if hover:
        for name, res in hover.items():
            n = int(res["count"][0])
            label = f"{n:,} zones" + (" (bundled chart)" if name == "chart" else " (synthetic)")
            row(f"(c) hover scene.items(pt), {label}", med(res["items"]), med(res["bare"]),
                "us", 2.0)
            row(f"(c) hover FootScene.zone_at, {label}", med(res["zone_at"]), med(res["bare"]),
                "us", 2.0)
    if exports is None:
        rows.append(("(d) chart export", "not available", "", "",
                     "reflexmap.qt.printing.export is missing"))
    elif exports:
        for fmt, res in exports.items():
            row(f"(d) chart export {fmt.upper()}", med(res["app"]), med(res["bare"]), "ms",
                4.0 if fmt == "pdf" else None)
            if fmt == "pdf":
                row("(d') chart export PDF vs a bare page with 160 lines of text",
                    med(res["app"]), med(res["bare_text"]), "ms", None)
    if start:
        row("(e) peak RSS (VmHWM)", med(start["app_rss"]), med(start["bare_rss"]), "MB", 1.8)
    return rows


def render(rows, markdown: bool) -> str:  # type: ignore[no-untyped-def]
    head = ("measurement", "reflexmap", "bare PySide6", "ratio", "target")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        mode, out = argv[1], argv[2]
        if mode == "app":
            _child_app(out)
        else:
            _child_bare(out, click=mode == "click")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="start-ups of each kind (median)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--content", metavar="DIR",
                        help="measure with this content directory instead of the bundled one")
    parser.add_argument("--only", choices=["start", "hover", "export"], action="append")
    args = parser.parse_args(argv)
    only = set(args.only or ["start", "hover", "export"])
    if args.content:
        os.environ["REFLEXMAP_BENCH_CONTENT"] = str(Path(args.content).resolve())

    def log(msg: str) -> None:
        sys.stderr.write(msg + "\n")

    log(f"reflexmap bench: {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}")
    start = measure_startup(args.runs, log) if "start" in only else None
    hover = measure_hover(log=log) if "hover" in only else None
    exports = measure_export(log=log) if "export" in only else {}
    rows = table(start, hover, exports, args.runs)
    sys.stdout.write(render(rows, args.markdown) + "\n")
    sys.stdout.write(f"\nmedians of {args.runs} interleaved runs; {os.cpu_count()} cores; "
                     f"load average at the end {os.getloadavg()[0]:.2f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
