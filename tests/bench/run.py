"""How fast is reflexmap next to bare PySide6? One run, one table, ratios against a baseline.

    uv run python tests/bench/run.py            # 7 runs of each start-up, medians
    uv run python tests/bench/run.py --runs 11 --markdown

Every subject is measured against a bare baseline in the same run, interleaved run by run,
so a busy machine slows both; the ratio is the number that counts. Not a pytest file:
`tests/core/test_bench_smoke.py` runs each measurement once so this script does not rot.
The table's rows and targets (must / aim, ratios against bare PySide6);
rows marked (info) carry no target.

(a) process start -> interactive: the chart painted and a click through the viewport on a
    zone's label point selects it (child process; the parent takes the time just before
    Popen, the child the time.time() after the click). Baseline: a bare QMainWindow +
    QGraphicsView of 40 selectable paths, clicked the same way. (info) start -> first
    painted main window (the loading window) and -> the full window painted, against a
    bare QMainWindow with a QLabel.
(b) `python -m reflexmap shot -o OUT.png --size 1400x900`, the real command: wall time of
    the child from just before Popen to its exit, the PNG written (checked: a 1400x900
    PNG). Baseline: a bare child doing the same work: start, build a 1400x900 QMainWindow
    with a side QListWidget of 68 wrapped rows, a QGraphicsView of 70 filled, outlined
    40-gons with a bold number each plus 3 captions, and a QTextBrowser panel; show, let
    the events run as `shot` does, grab(), save the PNG, exit.
(c) peak RSS (VmHWM) of the app child at interactive (a), against the bare QLabel window
    child; (info) against the bare QGraphicsView window child too.
(d) chart export (reflexmap.qt.printing.export, ChartOptions()) to PDF, against a bare page
    with the same text and the same paths. "Same text" is matched by recording, not by
    guessing: before timing, the app's own chart is exported once to SVG (QSvgGenerator
    writes every string the page paint routine draws as one <text> per drawn line, with its
    font size, weight and style, every path as a <path>, every leader line as a <polyline>,
    every leader's dot as a <circle>); the bare page replays that
    recording with plain QPainter calls: every string at its font pixel size and face
    (QFont + drawText at the recorded baseline, in the recorded transform) and every path
    with its fill or pen. So both draw the same characters in the same sizes and faces,
    hence embed the same glyph subsets, and the same number of paths (the same outlines).
    The bare page does no layout: the lines come already broken, as a program that knew
    its text would draw them; placing the names beside the feet (and, numbered, fitting
    the legend), measuring and wrapping is the app's
    work, which it does once per content, options and paper (the print preview, then the
    printer or a PDF, share the laid-out chart and its scene): the must row times an
    export of a chart already laid out in this session, and an (info) row the first export
    of those options, laid out afresh, so the table shows both. When `pdftotext` is on
    PATH the two PDFs' extracted text is compared and the character counts are logged.
    (info) SVG and PNG against the same recording replayed in that format.
(e) hover hit test: scene.items(point) and FootScene.zone_at over the bundled chart and a
    synthetic 40,000-zone chart, against plain QGraphicsPathItems in a bare scene.

Every child (start-up and shot, app and bare) runs with QT_QPA_PLATFORM=offscreen and a
private HOME and XDG_CONFIG/CACHE/DATA/STATE_HOME under one temporary folder the bench
makes for the whole invocation (and removes at the end), never the real home; the first
round of (a) and (b) is a warm-up that is not counted (disk cache, the app's content
snapshot in that private cache). The parent's own XDG folders point there too.

Only a few standard-library modules are imported at module level: the children must start
bare.
"""

from __future__ import annotations

import json
import os
import sys
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
        QApplication.instance().exit(0)

    def install(self, app, on_paint) -> None:
        """An application-wide filter: the first Paint of a widget in a QMainWindow calls
        on_paint(window) once the paint pass is over (the next turn of the event loop)."""
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow, QWidget

        probe = self
        seen: set[int] = set()

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                    win = obj.window()
                    if isinstance(win, QMainWindow) and id(win) not in seen:
                        seen.add(id(win))
                        QTimer.singleShot(0, lambda w=win: on_paint(w))
                return False

        self._filter = Filter()
        app.installEventFilter(self._filter)
        QTimer.singleShot(60_000, lambda: (probe.marks.setdefault("timeout", 1.0), probe.finish()))


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

        def painted(_w) -> None:
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

        def painted(_w) -> None:
            probe.mark("paint")
            centre = target.path().boundingRect().center()
            pos = view.mapFromScene(centre)
            QTest.mouseClick(
                view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos
            )
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

    def try_click(win) -> None:
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtTest import QTest

        zone_id = next(iter(win.features.map.scene.items_by_id))
        pos = win.features.map.view.point_of(zone_id).toPoint()
        QTest.mouseClick(
            win.features.map.view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            pos,
        )
        if win.ctx.state.selected == zone_id:
            probe.mark("interactive")
            probe.finish()
        elif clicked["tries"] < 200:
            clicked["tries"] += 1
            QTimer.singleShot(5, lambda: try_click(win))
        else:
            probe.marks["click_failed"] = 1.0
            probe.finish()

    def painted(win) -> None:
        probe.mark("paint")  # the first main window the user sees
        if hasattr(win, "features") and "map" in win.features:  # the full MainWindow
            probe.mark("full_paint")
            try_click(win)

    def probing_make_app(*a, **k):
        app = make_app(*a, **k)
        probe.install(app, painted)
        return app

    app_module.make_app = probing_make_app
    from reflexmap.cli import main

    pack = os.environ.get("REFLEXMAP_BENCH_CONTENT")
    code = main(["--content", pack] if pack else [])
    if code:
        sys.exit(code)


SHOT_ZONES = 70  # the bare shot's paths and numbers (the bundled chart: 68 zones)
SHOT_ROWS = 68  # its side list's rows


def _child_bare_shot(out: str, size: str) -> None:
    """What `reflexmap shot` does, with bare PySide6 and no content: start, build a window
    like the app's (side list, map of filled, outlined paths with numbers, text panel),
    show it, let the events run as `shot` does, grab it, save the PNG, exit."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPen
    from PySide6.QtWidgets import (
        QApplication,
        QGraphicsPathItem,
        QGraphicsScene,
        QGraphicsSimpleTextItem,
        QGraphicsView,
        QListWidget,
        QMainWindow,
        QSplitter,
        QTextBrowser,
    )

    width, height = (int(v) for v in size.split("x"))
    app = QApplication([sys.argv[0]])
    win = QMainWindow()
    win.setWindowTitle("bare shot")
    win.resize(width, height)
    rows = QListWidget()
    rows.setWordWrap(True)
    rows.addItems(
        [f"{k + 1}. Outer upper arch: liver and gallbladder (left foot)" for k in range(SHOT_ROWS)]
    )
    scene = QGraphicsScene()
    pen = QPen(QColor("#5a5a5a"))
    pen.setCosmetic(True)
    number = QFont()
    number.setPixelSize(40)
    number.setBold(True)
    for k, path in enumerate(_paths(SHOT_ZONES, 300.0, sides=40)):
        item = QGraphicsPathItem(path)
        item.setBrush(QColor.fromHsv((k * 37) % 360, 50, 245))
        item.setPen(pen)
        scene.addItem(item)
        label = QGraphicsSimpleTextItem(str(k + 1), item)
        label.setFont(number)
        label.setScale(4.6 / 40)
        centre = path.boundingRect().center()
        label.setPos(centre.x() - 2.0, centre.y() - 2.6)
    for k, caption in enumerate(("Left foot", "Right foot", "Soles, seen from below")):
        cap = QGraphicsSimpleTextItem(caption)
        font = QFont()
        font.setPixelSize(40)
        font.setBold(k < 2)
        cap.setFont(font)
        cap.setScale(7.0 / 40)
        cap.setPos(40.0 + 150.0 * (k % 2), 305.0 if k < 2 else -20.0)
        scene.addItem(cap)
    view = QGraphicsView(scene)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    panel = QTextBrowser()
    panel.setHtml(
        "<h2>Choose a zone</h2><p>Click a zone on the map, or use Tab and the "
        "arrow keys, to see how to work it and what reflexology claims about "
        "it.</p><p><a href='#evidence'>What the evidence says</a></p>"
    )
    split = QSplitter(Qt.Orientation.Horizontal)
    for widget in (rows, view, panel):
        split.addWidget(widget)
    split.setSizes([220, width - 680, 460])
    win.setCentralWidget(split)
    win.show()
    app.processEvents()
    view.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    for _ in range(3):
        app.processEvents()
    if not win.grab().toImage().save(out, "PNG"):
        raise OSError(f"cannot write {out}")


# ---- shared shapes ----------------------------------------------------------------------
def _paths(count: int, extent: float, sides: int = 6):
    """`count` regular polygons of `sides` sides (hexagons by default) laid out on a grid
    inside `extent` x `extent` (scene units)."""
    import math

    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainterPath, QPolygonF

    per_row = math.ceil(math.sqrt(count))
    cell = extent / per_row
    r = cell * 0.48
    out = []
    for i in range(count):
        cx, cy = (i % per_row + 0.5) * cell, (i // per_row + 0.5) * cell
        pts = [
            QPointF(
                cx + r * math.cos(k * 2 * math.pi / sides),
                cy + r * math.sin(k * 2 * math.pi / sides),
            )
            for k in range(sides + 1)
        ]
        path = QPainterPath()
        path.addPolygon(QPolygonF(pts))
        path.closeSubpath()
        out.append(path)
    return out


# ---- parent side: the children's private folders ----------------------------------------
USER_DIRS = (
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_STATE_HOME", "state"),
)


def private_env(home: Path) -> dict[str, str]:
    """The children's environment: offscreen Qt; HOME and XDG_* under `home` (one folder
    per bench invocation, so the warm-up's content snapshot serves every later run)."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        **{var: str(home / sub) for var, sub in USER_DIRS},
    )
    env.pop("QT_LOGGING_RULES", None)
    # Bytecode cached, as an installed app has it (pip/uv compile a wheel's modules on
    # install or first run; a PyInstaller bundle ships .pyc): with PYTHONDONTWRITEBYTECODE
    # (set on some machines) every child would compile every module from source, ~130 ms
    # of the app's start and some of the bare one's. The cache goes under `home`, never
    # into the source tree; the warm-up round fills it, for both kinds of child.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def _home(home: Path | None) -> tuple[Path, bool]:
    """`home`, or a new temporary folder (True: the caller removes it)."""
    import tempfile

    if home is not None:
        return home, False
    return Path(tempfile.mkdtemp(prefix="reflexmap-bench-")), True


# ---- parent side: start-up --------------------------------------------------------------
def _spawn(mode: str, env: dict[str, str]) -> dict[str, float]:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = fh.name
    try:
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", mode, out],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"child {mode} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        marks = json.loads(Path(out).read_text())
    finally:
        os.unlink(out)
    if "timeout" in marks or "click_failed" in marks:
        raise RuntimeError(f"child {mode} did not finish its measurement: {marks}")
    return {
        k: (v - t0) * 1000.0 if k in ("paint", "full_paint", "interactive") else v
        for k, v in marks.items()
    }


def measure_startup(
    runs: int,
    log=print,
    *,
    warm_up: bool = True,
    home: Path | None = None,
) -> dict[str, list[float]]:
    """Interleaved child runs; the first round (warm-up: disk cache, content snapshot) is
    not counted. `warm_up=False` skips it (the smoke test: each child once, no figures).
    `home`: the children's private folder (default: a temporary one, removed after)."""
    import shutil

    home, own = _home(home)
    env = private_env(home)
    res: dict[str, list[float]] = {
        k: []
        for k in (
            "bare_paint",
            "bare_rss",
            "click_interactive",
            "click_rss",
            "app_paint",
            "app_full_paint",
            "app_interactive",
            "app_rss",
        )
    }
    try:
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
                    res["click_rss"].append(m["peak_rss_mb"])
                else:
                    res["app_paint"].append(m["paint"])
                    res["app_full_paint"].append(m["full_paint"])
                    res["app_interactive"].append(m["interactive"])
                    res["app_rss"].append(m["peak_rss_mb"])
            if i:
                log(
                    f"  start-up round {i}/{runs}: bare {res['bare_paint'][-1]:.0f} ms, "
                    f"app paint {res['app_paint'][-1]:.0f} ms, interactive "
                    f"{res['app_interactive'][-1]:.0f} ms (bare "
                    f"{res['click_interactive'][-1]:.0f} ms)"
                )
    finally:
        if own:
            shutil.rmtree(home, ignore_errors=True)
    return res


# ---- parent side: shot ------------------------------------------------------------------
def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR; (0, 0) if it is not a PNG."""
    head = path.read_bytes()[:24] if path.is_file() else b""
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return 0, 0
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _shot(kind: str, out: Path, env: dict[str, str]) -> float:
    """One shot child, start to exit, in ms; the PNG it wrote is checked and removed."""
    import subprocess

    size = f"{SIZE[0]}x{SIZE[1]}"
    cmd = (
        [sys.executable, "-m", "reflexmap", "shot", "-o", str(out), "--size", size]
        if kind == "app"
        else [sys.executable, str(Path(__file__).resolve()), "--child", "bare-shot", str(out), size]
    )
    out.unlink(missing_ok=True)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    ms = (time.perf_counter() - t) * 1000.0
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} shot failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    if _png_size(out) != SIZE:
        raise RuntimeError(
            f"{kind} shot wrote no {size} PNG ({_png_size(out)}): "
            f"{proc.stdout[-500:]}{proc.stderr[-1500:]}"
        )
    out.unlink()
    return ms


def measure_shot(
    runs: int,
    log=print,
    *,
    warm_up: bool = True,
    home: Path | None = None,
) -> dict[str, list[float]]:
    """`reflexmap shot` against the bare shot child, interleaved as the start-ups are; the
    first round is a warm-up (`warm_up=False`: none, each child once)."""
    import shutil

    home, own = _home(home)
    env = private_env(home)
    res: dict[str, list[float]] = {"app": [], "bare": []}
    try:
        for i in range(0 if warm_up else 1, runs + 1):
            order = ["bare", "app"]
            if i % 2:
                order.reverse()
            for kind in order:
                ms = _shot(kind, home / f"shot-{kind}.png", env)
                if i:
                    res[kind].append(ms)
            if i:
                log(
                    f"  shot round {i}/{runs}: bare {res['bare'][-1]:.0f} ms, "
                    f"reflexmap shot {res['app'][-1]:.0f} ms"
                )
    finally:
        if own:
            shutil.rmtree(home, ignore_errors=True)
    return res


# ---- parent side: hover -----------------------------------------------------------------
def _per_call_us(fn, points, repeat: int) -> float:
    t = time.perf_counter()
    for _ in range(repeat):
        for p in points:
            fn(p)
    return (time.perf_counter() - t) / (repeat * len(points)) * 1e6


def _bare_scene(paths, rect):
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


def _synthetic_foot_scene(atlas, count: int):
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
    boxes = [
        Shape(
            rings=((x, y, x + cell, y, x + cell, y + cell, x, y + cell, x, y),),
            bounds=(x, y, x + cell, y + cell),
            area=cell * cell,
        )
        for x, y in zip(xs, ys, strict=True)
    ]
    fill = LIGHT.zone_fill(None, 1)
    for i, poly in enumerate(boxes):
        item = ZoneItem(
            SimpleNamespace(id=f"synthetic.{i}"),
            fill,
            polygon_path(poly),
        )
        scene.addItem(item)
        scene.items_by_id[item.zone_id] = item
    side = per_row * cell
    scene.setSceneRect(QRectF(-8, -side - 8, side + 16, side + 16))
    return scene


def measure_hover(
    rounds: int = 7, synth: int = SYNTH_ZONES, n_points: int = 400, log=print
) -> dict[str, dict[str, list[float]]]:
    import random
    import statistics

    from PySide6.QtCore import QPointF

    from reflexmap.qt.map.foot_scene import FootScene, ZoneItem
    from reflexmap.qt.map.style import LIGHT
    from reflexmap.qt.state import UiState

    _app()
    atlas = _atlas()
    rng = random.Random(8)
    out: dict[str, dict[str, list[float]]] = {}

    def points_in(rect, hits):
        pts = list(hits)
        while len(pts) < n_points:
            pts.append(
                QPointF(
                    rect.left() + rng.random() * rect.width(),
                    rect.top() + rng.random() * rect.height(),
                )
            )
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
        "chart": (
            chart,
            len(zone_items),
            _bare_scene([i.path() for i in zone_items], chart.sceneRect()),
            points_in(chart.sceneRect(), hits),
        ),
        "synthetic": (
            synth_scene,
            len(synth_items),
            _bare_scene([i.path() for i in synth_items], synth_scene.sceneRect()),
            points_in(synth_scene.sceneRect(), []),
        ),
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
        log(
            f"  hover {name} ({count} zones): bare {statistics.median(res['bare']):.1f} us, "
            f"items {statistics.median(res['items']):.1f} us, "
            f"zone_at {statistics.median(res['zone_at']):.1f} us"
        )
    return out


# ---- parent side: export ----------------------------------------------------------------
class _Page:
    """One page as the app's chart painted it, recorded from its SVG export: ops in page
    points (the SVG's viewBox), each with the transform, pen, brush and font it was drawn
    with. Built before timing; `replay` draws it with bare QPainter calls."""

    def __init__(self, svg: Path) -> None:
        import re
        import xml.etree.ElementTree as ET

        from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
        from PySide6.QtGui import QColor, QFont, QPainterPath, QPen, QPolygonF, QTransform

        root = ET.parse(svg).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        box = [float(v) for v in root.get("viewBox", "0 0 595 842").split()]
        self.size = QSizeF(box[2], box[3])
        self.ops: list[tuple] = []
        self.strings = self.chars = self.paths = 0
        self.faces: dict[tuple[int, bool, bool], int] = {}  # (px, bold, italic): characters
        self.skipped: dict[str, int] = {}

        def colour(value: str | None, opacity: str | None) -> QColor | None:
            if not value or value == "none":
                return None
            c = QColor(value)
            if opacity is not None:
                c.setAlphaF(float(opacity))
            return c

        def path_of(d: str, rule: str | None) -> QPainterPath:
            path = QPainterPath()
            path.setFillRule(
                Qt.FillRule.OddEvenFill if rule != "nonzero" else Qt.FillRule.WindingFill
            )
            tokens = re.findall(r"[A-Za-z]|-?[0-9.]+(?:[eE][-+]?[0-9]+)?", d)
            i, cmd = 0, ""
            while i < len(tokens):
                if tokens[i].isalpha():
                    cmd, i = tokens[i], i + 1
                    if cmd in "Zz":
                        path.closeSubpath()
                        continue
                n = {"M": 2, "L": 2, "C": 6, "Q": 4}.get(cmd)
                if n is None:
                    raise ValueError(f"{svg}: path command {cmd!r} is not replayed")
                v = [float(t) for t in tokens[i : i + n]]
                i += n
                if cmd == "M":
                    path.moveTo(v[0], v[1])
                    cmd = "L"  # further pairs are lines
                elif cmd == "L":
                    path.lineTo(v[0], v[1])
                elif cmd == "C":
                    path.cubicTo(v[0], v[1], v[2], v[3], v[4], v[5])
                else:
                    path.quadTo(v[0], v[1], v[2], v[3])
            return path

        def font_of(el: ET.Element, group: ET.Element) -> tuple[QFont, tuple[int, bool, bool]]:
            get = lambda k, d: el.get(k, group.get(k, d))  # noqa: E731
            px = max(1, round(float(get("font-size", "9"))))
            bold = int(float(get("font-weight", "400"))) >= 600
            italic = get("font-style", "normal") in ("italic", "oblique")
            f = QFont(get("font-family", "Sans Serif"))
            f.setPixelSize(px)
            f.setBold(bold)
            f.setItalic(italic)
            return f, (px, bold, italic)

        for group in root.iter(f"{ns}g"):
            m = re.findall(r"-?[0-9.]+(?:[eE][-+]?[0-9]+)?", group.get("transform", ""))
            t = QTransform(*map(float, m)) if len(m) == 6 else QTransform()
            pen_colour = colour(group.get("stroke"), group.get("stroke-opacity"))
            pen = None
            if pen_colour is not None:
                pen = QPen(pen_colour)
                pen.setWidthF(float(group.get("stroke-width", "1")))
                pen.setCapStyle(
                    {"round": Qt.PenCapStyle.RoundCap, "butt": Qt.PenCapStyle.FlatCap}.get(
                        group.get("stroke-linecap", ""), Qt.PenCapStyle.SquareCap
                    )
                )
                pen.setJoinStyle(
                    {"round": Qt.PenJoinStyle.RoundJoin, "miter": Qt.PenJoinStyle.MiterJoin}.get(
                        group.get("stroke-linejoin", ""), Qt.PenJoinStyle.BevelJoin
                    )
                )
            for el in group:
                tag = el.tag.removeprefix(ns)
                if tag == "g":
                    continue  # iter() visits it on its own
                fill = colour(
                    el.get("fill", group.get("fill")),
                    el.get("fill-opacity", group.get("fill-opacity")),
                )
                if tag == "text":
                    f, face = font_of(el, group)
                    text = el.text or ""
                    self.ops.append(
                        (
                            "text",
                            t,
                            fill or QColor("black"),
                            f,
                            QPointF(float(el.get("x", "0")), float(el.get("y", "0"))),
                            text,
                        )
                    )
                    self.strings += 1
                    self.chars += len(text)
                    self.faces[face] = self.faces.get(face, 0) + len(text)
                    continue
                stroke = pen
                if pen is not None and el.get("vector-effect") == "non-scaling-stroke":
                    stroke = QPen(pen)
                    stroke.setCosmetic(True)
                if tag == "path":
                    self.ops.append(
                        ("path", t, stroke, fill, path_of(el.get("d", ""), el.get("fill-rule")))
                    )
                    self.paths += 1
                elif tag in ("polyline", "polygon"):
                    v = [
                        float(x)
                        for x in re.findall(r"-?[0-9.]+(?:[eE][-+]?[0-9]+)?", el.get("points", ""))
                    ]
                    poly = QPolygonF([QPointF(v[k], v[k + 1]) for k in range(0, len(v) - 1, 2)])
                    self.ops.append((tag, t, stroke, fill, poly))
                elif tag == "rect":
                    r = QRectF(*(float(el.get(k, "0")) for k in ("x", "y", "width", "height")))
                    self.ops.append(("rect", t, stroke, fill, r))
                elif tag in ("circle", "ellipse"):  # the chart's dots at the leaders' ends
                    cx, cy = float(el.get("cx", "0")), float(el.get("cy", "0"))
                    rx = float(el.get("r", el.get("rx", "0")))
                    ry = float(el.get("r", el.get("ry", "0")))
                    self.ops.append(
                        ("ellipse", t, stroke, fill, QRectF(cx - rx, cy - ry, 2 * rx, 2 * ry))
                    )
                else:
                    self.skipped[tag] = self.skipped.get(tag, 0) + 1

    def replay(self, painter, base) -> None:
        """Every op with plain QPainter calls, `base` mapping page points to the device."""
        from PySide6.QtCore import Qt

        for op in self.ops:
            kind, t = op[0], op[1]
            painter.setWorldTransform(t * base)
            if kind == "text":
                _, _, colour, font, at, text = op
                painter.setPen(colour)
                painter.setFont(font)
                painter.drawText(at, text)
                continue
            _, _, pen, brush, shape = op
            painter.setPen(pen if pen is not None else Qt.PenStyle.NoPen)
            painter.setBrush(brush if brush is not None else Qt.BrushStyle.NoBrush)
            if kind == "path":
                painter.drawPath(shape)
            elif kind == "polyline":
                painter.drawPolyline(shape)
            elif kind == "polygon":
                painter.drawPolygon(shape)
            elif kind == "ellipse":
                painter.drawEllipse(shape)
            else:
                painter.drawRect(shape)


def record_chart(atlas, options, folder: Path) -> list[_Page]:
    """The app's chart (every page) exported once to SVG and read back as `_Page`s."""
    from reflexmap.qt.printing.export import export

    return [_Page(p) for p in export(folder / "record.svg", atlas, options)]


def _bare_export(fmt: str, path: Path, pages: list[_Page], dpi: int = 150) -> None:
    """The recorded pages drawn by bare PySide6: QPdfWriter (1200 dpi, as the app's),
    QSvgGenerator or a QImage at `dpi` (page 1 only for SVG and PNG, one file each, as the
    app writes one file per page: `pages` of a one-page chart is one page)."""
    from PySide6.QtCore import QMarginsF, QRectF, QSize, Qt
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTransform

    def start(painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)

    if fmt == "pdf":
        size = pages[0].size
        writer = QPdfWriter(str(path))
        writer.setPageLayout(
            QPageLayout(
                QPageSize(size, QPageSize.Unit.Point),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
                QPageLayout.Unit.Point,
            )
        )
        writer.setResolution(1200)
        rect = QRectF(writer.pageLayout().fullRectPixels(writer.resolution()))
        painter = QPainter(writer)
        start(painter)
        for i, page in enumerate(pages):
            if i:
                writer.newPage()
            page.replay(
                painter,
                QTransform.fromScale(
                    rect.width() / page.size.width(), rect.height() / page.size.height()
                ),
            )
        painter.end()
        return
    for i, page in enumerate(pages):
        out = path if i == 0 else path.with_name(f"{path.stem}-{i + 1}{path.suffix}")
        w, h = page.size.width(), page.size.height()
        if fmt == "svg":
            from PySide6.QtSvg import QSvgGenerator

            gen = QSvgGenerator()
            gen.setFileName(str(out))
            gen.setSize(QSize(round(w), round(h)))
            gen.setViewBox(QRectF(0, 0, w, h))
            gen.setResolution(72)
            painter = QPainter(gen)
            start(painter)
            page.replay(painter, QTransform())
            painter.end()
        else:
            px = QSize(round(w / 72 * dpi), round(h / 72 * dpi))
            image = QImage(px, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.white)
            painter = QPainter(image)
            start(painter)
            page.replay(painter, QTransform.fromScale(px.width() / w, px.height() / h))
            painter.end()
            if not image.save(str(out)):
                raise OSError(f"cannot write {out}")


def _pdf_text_chars(path: Path) -> int | None:
    """Characters (not white space) `pdftotext` finds in a PDF; None without pdftotext."""
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    text = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, timeout=60).stdout
    return sum(1 for c in text if not c.isspace())


def measure_export(rounds: int = 5, log=print) -> dict[str, dict[str, list[float]]] | None:
    """The app's chart export against the same page replayed bare (see `_Page`), per
    format; round 0 warms fonts and caches and is not counted."""
    import statistics
    import tempfile

    try:
        from reflexmap.core.atlas import Atlas
        from reflexmap.qt.printing.chart_page import ChartOptions
        from reflexmap.qt.printing.export import export
    except ImportError:
        return None
    _app()
    atlas = _atlas()
    options = ChartOptions()
    out: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pages = record_chart(atlas, options, Path(tmp))
        strings = sum(p.strings for p in pages)
        chars = sum(p.chars for p in pages)
        paths = sum(p.paths for p in pages)
        faces: dict[tuple[int, bool, bool], int] = {}
        for p in pages:
            for face, n in p.faces.items():
                faces[face] = faces.get(face, 0) + n
        skipped = {k: v for p in pages for k, v in p.skipped.items()}
        log(
            f"  chart page recorded: {len(pages)} page(s), {strings} strings, {chars} "
            f"characters in {len(faces)} sizes/faces, {paths} paths"
            + (f"; not replayed: {skipped}" if skipped else "")
        )
        for fmt in ("pdf", "svg", "png"):
            res: dict[str, list[float]] = {
                "bare": [],
                "app": [],
                "bytes": [],
                "bare_bytes": [],
                "app_fresh": [],
            }
            for i in range(rounds + 1):
                bare_path = Path(tmp) / f"bare.{fmt}"
                t = time.perf_counter()
                _bare_export(fmt, bare_path, pages)
                bare = (time.perf_counter() - t) * 1000
                t = time.perf_counter()
                written = export(Path(tmp) / f"chart.{fmt}", atlas, options, dpi=150)
                app = (time.perf_counter() - t) * 1000
                if fmt == "pdf":  # (info): the first export of these options, laid out
                    fresh_atlas = Atlas(atlas.content)  # keeps no chart yet (the app's does)
                    t = time.perf_counter()
                    export(Path(tmp) / "fresh.pdf", fresh_atlas, options, dpi=150)
                    fresh = (time.perf_counter() - t) * 1000
                    if i:
                        res["app_fresh"].append(fresh)
                if i:
                    res["bare"].append(bare)
                    res["app"].append(app)
            res["bytes"].append(float(sum(p.stat().st_size for p in written)))
            res["bare_bytes"].append(float(bare_path.stat().st_size))
            if fmt == "pdf":
                res.update(strings=[float(strings)], chars=[float(chars)], paths=[float(paths)])
                app_chars, bare_chars = _pdf_text_chars(written[0]), _pdf_text_chars(bare_path)
                if app_chars is not None and bare_chars is not None:
                    log(
                        f"  pdftotext: chart PDF {app_chars} characters, bare page "
                        f"{bare_chars} (white space not counted)"
                    )
                    res.update(pdftotext_app=[float(app_chars)], pdftotext_bare=[float(bare_chars)])
            out[fmt] = res
            log(
                f"  export {fmt}: bare page {statistics.median(res['bare']):.0f} ms "
                f"({res['bare_bytes'][0] / 1024:.0f} KiB), reflexmap "
                f"{statistics.median(res['app']):.0f} ms ({res['bytes'][0] / 1024:.0f} KiB)"
            )
    return out


def _atlas():
    from reflexmap.core.content import load_bundled, load_with_pack

    pack = os.environ.get("REFLEXMAP_BENCH_CONTENT")
    return load_with_pack(Path(pack)) if pack else load_bundled()


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


# ---- the table --------------------------------------------------------------------------
def verdict(ratio: float, must: float | None, aim: float | None) -> str:
    """The target column: "<= 2.0x (aim 1.5x): met, aim met"; empty for an (info) row."""
    if must is None:
        return ""
    head = f"<= {must:.1f}x (aim {aim:.1f}x)" if aim else f"<= {must:.1f}x (aim: keep)"
    if ratio > must:
        return f"{head}: NOT met"
    if aim is None:
        return f"{head}: met"
    return f"{head}: met, aim {'met' if ratio <= aim else 'NOT met'}"


def table(start, hover, exports, runs: int, shot=None) -> list[tuple[str, str, str, str, str]]:
    """The rows with targets first, in the table's order (must, aim); (info) rows after."""
    import statistics

    med = statistics.median
    rows: list[tuple[str, str, str, str, str]] = []
    info: list[tuple[str, str, str, str, str]] = []

    def row(
        name: str,
        subject: float,
        bare: float,
        unit: str,
        must: float | None = None,
        aim: float | None = None,
    ) -> None:
        ratio = subject / bare
        fmt = "{:.1f}" if unit in ("us", "MB") else "{:.0f}"
        (rows if must is not None else info).append(
            (
                name,
                f"{fmt.format(subject)} {unit}",
                f"{fmt.format(bare)} {unit}",
                f"{ratio:.2f}x",
                verdict(ratio, must, aim),
            )
        )

    if start:
        row(
            "(a) start -> chart painted and a click selects a zone",
            med(start["app_interactive"]),
            med(start["click_interactive"]),
            "ms",
            2.0,
            1.5,
        )
    if shot:
        row(
            f"(b) `shot -o OUT.png --size {SIZE[0]}x{SIZE[1]}` vs bare shot "
            "(start, build, render, save, exit)",
            med(shot["app"]),
            med(shot["bare"]),
            "ms",
            2.0,
            1.5,
        )
    if start:
        row(
            "(c) peak RSS (VmHWM) of the running window, at interactive",
            med(start["app_rss"]),
            med(start["bare_rss"]),
            "MB",
            1.5,
            1.3,
        )
    if exports is None:
        rows.append(
            (
                "(d) chart PDF vs bare page with the same text",
                "not available",
                "",
                "",
                "reflexmap.qt.printing.export is missing",
            )
        )
    elif exports:
        for fmt, res in exports.items():
            if fmt == "pdf":
                row(
                    f"(d) chart PDF vs bare page with the same text ({int(res['strings'][0])} "
                    f"strings, {int(res['chars'][0]):,} chars, {int(res['paths'][0])} paths)",
                    med(res["app"]),
                    med(res["bare"]),
                    "ms",
                    1.5,
                    1.2,
                )
                if res.get("app_fresh"):
                    row(
                        "(d) (info) chart PDF, its layout made afresh (the first export of "
                        "these options in a session), vs the same bare page",
                        med(res["app_fresh"]),
                        med(res["bare"]),
                        "ms",
                    )
            else:
                row(
                    f"(d) (info) chart {fmt.upper()} vs bare page with the same text",
                    med(res["app"]),
                    med(res["bare"]),
                    "ms",
                )
    if hover:
        for name, res in hover.items():
            n = int(res["count"][0])
            label = f"{n:,} zones" + (" (bundled chart)" if name == "chart" else " (synthetic)")
            row(
                f"(e) hover hit test scene.items(pt), {label}",
                med(res["items"]),
                med(res["bare"]),
                "us",
                2.0,
            )
            row(
                f"(e) hover hit test FootScene.zone_at, {label}",
                med(res["zone_at"]),
                med(res["bare"]),
                "us",
                2.0,
            )
    if start:
        row(
            "(a) (info) start -> first painted main window, vs a bare QLabel window",
            med(start["app_paint"]),
            med(start["bare_paint"]),
            "ms",
        )
        row(
            "(a) (info) start -> full window (chart) painted, vs a bare QLabel window",
            med(start["app_full_paint"]),
            med(start["bare_paint"]),
            "ms",
        )
        row(
            "(c) (info) peak RSS, vs the bare QGraphicsView window of (a)",
            med(start["app_rss"]),
            med(start["click_rss"]),
            "MB",
        )
    return rows + info


def render(rows, markdown: bool) -> str:
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
        elif mode == "bare-shot":
            _child_bare_shot(out, argv[3])
        else:
            _child_bare(out, click=mode == "click")
        return 0
    import argparse
    import shutil
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="start-ups and shots of each kind (median)"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--content",
        metavar="DIR",
        help="measure with this content directory instead of the bundled one",
    )
    parser.add_argument("--only", choices=["start", "shot", "hover", "export"], action="append")
    args = parser.parse_args(argv)
    only = set(args.only or ["start", "shot", "hover", "export"])
    if args.content:
        os.environ["REFLEXMAP_BENCH_CONTENT"] = str(Path(args.content).resolve())

    def log(msg: str) -> None:
        sys.stderr.write(msg + "\n")

    log(
        f"reflexmap bench: {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}"
    )
    home = Path(tempfile.mkdtemp(prefix="reflexmap-bench-"))
    try:
        # the parent's own loads (hover, export) use the private folders too
        os.environ.update(
            {k: v for k, v in private_env(home).items() if k == "HOME" or k.startswith("XDG_")}
        )
        start = measure_startup(args.runs, log, home=home) if "start" in only else None
        shot = measure_shot(args.runs, log, home=home) if "shot" in only else None
        hover = measure_hover(log=log) if "hover" in only else None
        exports = measure_export(log=log) if "export" in only else {}
    finally:
        shutil.rmtree(home, ignore_errors=True)
    rows = table(start, hover, exports, args.runs, shot)
    sys.stdout.write(render(rows, args.markdown) + "\n")
    sys.stdout.write(
        f"\nmedians of {args.runs} interleaved runs (start-up, shot), 7 rounds "
        f"(hover), 5 rounds (export); {os.cpu_count()} cores; load average at "
        f"the end {os.getloadavg()[0]:.2f}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
