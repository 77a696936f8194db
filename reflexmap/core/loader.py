"""Load a content directory (the bundled assets/ or a user's pack) into an Atlas.

Layout: `content/*.toml` (any file may hold `[[source]]`, `[[body_area]]`, `[[view]]`,
`[[technique]]`, `[[sequence]]`, `[[safety]]`, `[[note]]`, and with a top-level
`view = "..."`, `[[zone]]`), and `charts/<view>.geojson`. Every problem is collected and
reported as `file:location: message`; nothing raises past `load_content` but ContentError.
"""

from __future__ import annotations

import os
import stat
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reflexmap.core import geometry, toml_guard
from reflexmap.core.atlas import Atlas
from reflexmap.core.geojson import ChartFile, parse_chart, zone_id
from reflexmap.core.models import (
    BodyArea,
    Motion,
    Note,
    Region,
    SafetyRule,
    Sequence,
    Source,
    Synonym,
    Technique,
    View,
    Zone,
    ZoneText,
)
from reflexmap.core.problems import ContentError, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024  # one file of a pack
MAX_PACK_BYTES = 64 * 1024 * 1024  # every file of a pack together
MAX_DEPTH = 16  # folders below content/
MAX_FILES = 2_000  # TOML files under content/
MAX_ENTRIES = 20_000  # folder entries looked at while scanning
MAX_PROBLEMS = 200  # problems kept; the rest are counted
TIME_BUDGET_S = 120.0  # reading a pack's files (not the geometry checks)

TABLES: dict[str, type[BaseModel]] = {
    "source": Source,
    "body_area": BodyArea,
    "view": View,
    "zone": ZoneText,
    "technique": Technique,
    "sequence": Sequence,
    "safety": SafetyRule,
    "note": Note,
    "region": Region,
    "synonym": Synonym,
}


class ProblemList(list[Problem]):
    """The first MAX_PROBLEMS problems, then a count: 3.9M bad items must not print 3.9M
    lines or hold 3.9M objects."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.cap = cap
        self.dropped = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.cap:
            super().append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem]) -> None:  # type: ignore[override]
        for problem in problems:
            self.append(problem)

    def final(self, root: Path) -> list[Problem]:
        out = list(self)
        if self.dropped:
            out.append(Problem(str(root), "problems", f"{self.dropped} more problem(s) not "
                               f"shown (only the first {self.cap} are listed)"))
        return out


class LoadCancelled(ContentError):
    """The caller's `cancelled()` said stop (the user chose Cancel): nothing was loaded."""


class PackReader:
    """The one way a pack's files are read: regular files inside the pack after resolving
    every link (no FIFO, device, socket, or a link to /dev/zero or out of the pack), each
    at most MAX_FILE_BYTES and all together MAX_PACK_BYTES, at most MAX_DEPTH folders deep
    and MAX_FILES files, within TIME_BUDGET_S. Every refusal is a Problem, never a raise.

    `cancelled`, if given, is asked before each file (from the loading thread): once it
    says True the rest is not read, as when the time budget runs out.
    """

    def __init__(self, root: Path, problems: list[Problem],
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.root = Path(root)
        self.problems = problems
        try:
            self.real_root: Path | None = self.root.resolve(strict=True)
        except (OSError, RuntimeError):
            self.real_root = None
        self.read_bytes = 0
        self.deadline = time.monotonic() + TIME_BUDGET_S
        self.out_of_budget = False
        self.cancelled = cancelled
        self.was_cancelled = False

    def _refuse(self, rel: str, location: str, message: str) -> None:
        self.problems.append(Problem(rel, location, message))

    def _inside(self, path: Path) -> Path | None:
        """The resolved path if it lies inside the pack, else None."""
        if self.real_root is None:
            return None
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        return real if real.is_relative_to(self.real_root) else None

    def _over_time(self, rel: str) -> bool:
        if not self.out_of_budget and self.cancelled is not None and self.cancelled():
            self.out_of_budget = self.was_cancelled = True
            self._refuse(rel, "file", "opening the pack was cancelled; the rest was not read")
        if not self.out_of_budget and time.monotonic() > self.deadline:
            self.out_of_budget = True
            self._refuse(rel, "file", f"reading the pack took longer than {TIME_BUDGET_S:.0f} s;"
                                      " the rest was not read")
        return self.out_of_budget

    def toml_files(self) -> list[tuple[str, Path]]:
        """content/**/*.toml, sorted; links followed only to folders inside the pack, each
        folder visited once (no cycles), depth, entries and files bounded."""
        start = self.root / "content"
        found: list[tuple[str, Path]] = []
        seen: set[Path] = set()
        entries = 0
        real = self._inside(start)
        if real is None:
            self._refuse("content", "directory", "must be a folder inside the pack "
                                                 "(not a link out of it)")
            return found
        stack: list[tuple[Path, str, int]] = [(start, "content", 0)]
        while stack:
            folder, rel_folder, depth = stack.pop()
            real = self._inside(folder)
            if real is None or real in seen:
                continue
            seen.add(real)
            try:
                with os.scandir(folder) as it:
                    listing = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self._refuse(rel_folder, "directory",
                             f"cannot be read: {exc.strerror or type(exc).__name__}")
                continue
            for entry in listing:
                entries += 1
                if entries > MAX_ENTRIES:
                    self._refuse("content", "directory", f"more than {MAX_ENTRIES} entries; "
                                                         "the rest was not read")
                    return sorted(found)
                rel = f"{rel_folder}/{entry.name}"
                path = folder / entry.name
                try:
                    is_dir = entry.is_dir()  # follows links; a vanished entry is no folder
                except OSError:
                    is_dir = False
                if is_dir:
                    if depth + 1 > MAX_DEPTH:
                        self._refuse(rel, "directory", f"folders nested more than {MAX_DEPTH} "
                                                       "deep; not read")
                        continue
                    if self._inside(path) is None:
                        self._refuse(rel, "directory", "a link to a folder outside the pack; "
                                                       "not read")
                        continue
                    stack.append((path, rel, depth + 1))
                elif entry.name.endswith(".toml"):
                    if len(found) >= MAX_FILES:
                        self._refuse(rel, "file", f"more than {MAX_FILES} TOML files; "
                                                  "the rest was not read")
                        return sorted(found)
                    found.append((rel, path))
        return sorted(found)

    def read_bytes_of(self, rel: str, missing: str = "is missing") -> bytes | None:
        """The bytes of the pack file `rel`, or None with a problem recorded."""
        if self._over_time(rel):
            return None
        path = self.root / rel
        try:
            os.lstat(path)  # ENOENT, ENAMETOOLONG, EACCES... as the file's problem
            real = self._inside(path)
            if real is None:
                self._refuse(rel, "file", "is a link to something outside the pack "
                                          "(or a broken link); not read")
                return None
            # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
            fd = os.open(real, flags)
        except FileNotFoundError:
            self._refuse(rel, "file", missing)
            return None
        except OSError as exc:
            self._refuse(rel, "file", f"cannot be read: {exc.strerror or type(exc).__name__}")
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO (named pipe)"
                        if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(
                            st.st_mode) or stat.S_ISBLK(st.st_mode) else "a special file")
                self._refuse(rel, "file", f"is {kind}, not a regular file; not read")
                return None
            if st.st_size > MAX_FILE_BYTES:
                self._refuse(rel, "file", f"larger than {MAX_FILE_BYTES} bytes "
                                          "(the limit for one file of a pack)")
                return None
            if self.read_bytes + st.st_size > MAX_PACK_BYTES:
                self._refuse(rel, "file", f"the pack's files together are larger than "
                                          f"{MAX_PACK_BYTES} bytes; not read")
                return None
            chunks: list[bytes] = []
            size = 0
            while True:  # bounded even if the file grows while it is read
                chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    self._refuse(rel, "file", f"larger than {MAX_FILE_BYTES} bytes "
                                              "(the limit for one file of a pack)")
                    return None
        except OSError as exc:
            self._refuse(rel, "file", f"cannot be read: {exc.strerror or type(exc).__name__}")
            return None
        finally:
            os.close(fd)
        self.read_bytes += size
        return b"".join(chunks)

    def read_text(self, rel: str, missing: str = "is missing") -> str | None:
        data = self.read_bytes_of(rel, missing)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._refuse(rel, f"byte {exc.start}",
                         f"not UTF-8 text (byte 0x{data[exc.start]:02x})")
            return None


def _loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid value"))
    if err.get("type") == "extra_forbidden":
        return "unknown key (not part of the format)"
    if err.get("type") == "missing":
        return "required key is missing"
    return msg


def _label(raw: Any) -> str:
    if isinstance(raw, dict):
        for k in ("id", "key"):
            if isinstance(raw.get(k), str):
                return f" ({k}={raw[k][:60]})"
    return ""


class _Collector:
    def __init__(self) -> None:
        self.problems: ProblemList = ProblemList()
        self.items: dict[str, list[tuple[BaseModel, str, str]]] = {k: [] for k in TABLES}
        self.zone_views: dict[int, str] = {}
        self.origins: dict[int, tuple[str, str]] = {}  # id(item) -> (file, location)

    def add_toml(self, rel: str, text: str) -> None:
        refusal = toml_guard.check(text)  # tomllib's cost is quadratic in a key's parts
        if refusal is not None:
            self.problems.append(Problem(rel, f"line {refusal.line}, column {refusal.column}",
                                         refusal.message))
            return
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            self.problems.append(Problem(rel, _toml_where(str(exc)), f"not valid TOML: {exc}"))
            return
        except RecursionError:
            self.problems.append(Problem(rel, "document", "TOML nested too deeply"))
            return
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            self.problems.append(Problem(rel, "document", f"not valid TOML: {exc}"))
            return
        # A zone file names its view with a top-level string `view = "..."`; a list under
        # the same name is the [[view]] table.
        file_view = doc.pop("view") if isinstance(doc.get("view"), str) else None
        for table, entries in doc.items():
            model = TABLES.get(table)
            if model is None:
                self.problems.append(Problem(rel, table, "unknown table; expected one of "
                                                         + ", ".join(TABLES)))
                continue
            if not isinstance(entries, list):
                self.problems.append(Problem(rel, table, f"expected [[{table}]] entries"))
                continue
            if table == "zone" and file_view is None:
                self.problems.append(Problem(rel, "view", "a file with [[zone]] entries needs "
                                                          "a top-level view = \"...\""))
                continue
            for i, raw in enumerate(entries):
                where = f"{table}[{i}]{_label(raw)}"
                try:
                    item = model.model_validate(raw)
                except ValidationError as exc:
                    for err in exc.errors():
                        sub = _loc(err.get("loc", ()))
                        self.problems.append(Problem(
                            rel, f"{where}.{sub}" if sub else where, _describe(dict(err))))
                    continue
                except RecursionError:
                    self.problems.append(Problem(rel, where, "nested too deeply"))
                    continue
                self.items[table].append((item, rel, where))
                self.origins[id(item)] = (rel, where)
                if table == "zone":
                    self.zone_views[id(item)] = str(file_view)


def _toml_where(msg: str) -> str:
    if "(at line" in msg:
        return msg[msg.index("(at ") + 4:].rstrip(")")
    return "document"


def load_content(root: Path, *, check_geometry: bool = True,
                 cancelled: Callable[[], bool] | None = None) -> Atlas:
    """Load and validate a content directory; raise ContentError with every problem.

    `cancelled()` True (asked between files) stops the reading: LoadCancelled."""
    root = Path(root)
    col = _Collector()
    content_dir = root / "content"
    try:
        is_dir = content_dir.is_dir()
    except OSError:  # e.g. a name too long for the file system
        is_dir = False
    if not is_dir:
        raise ContentError([Problem(str(root), "directory",
                                    "expected a content/ folder with TOML files")])
    reader = PackReader(root, col.problems, cancelled)
    for rel, _path in reader.toml_files():
        text = reader.read_text(rel)
        if text is not None:
            col.add_toml(rel, text)
    if reader.was_cancelled:
        raise LoadCancelled(col.problems.final(root))
    atlas = _assemble(root, col, check_geometry, reader)
    if reader.was_cancelled:  # while reading the charts: the geometry checks were skipped
        raise LoadCancelled(col.problems.final(root))
    if col.problems:
        raise ContentError(col.problems.final(root))
    return atlas


def _unique(col: _Collector, table: str, attr: str = "id") -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for item, rel, where in col.items[table]:
        key = getattr(item, attr)
        if key in seen:
            col.problems.append(Problem(rel, where, f"duplicate {table} {attr} {key!r}"))
            continue
        seen[key] = item
    return seen


def _assemble(root: Path, col: _Collector, check_geometry: bool,
              reader: PackReader) -> Atlas:
    p = col.problems
    sources: dict[str, Source] = _unique(col, "source")
    areas: dict[str, BodyArea] = _unique(col, "body_area")
    views: dict[str, View] = _unique(col, "view")
    techniques: dict[str, Technique] = _unique(col, "technique")
    sequences: dict[str, Sequence] = _unique(col, "sequence")
    rules: dict[str, SafetyRule] = _unique(col, "safety")
    notes: dict[str, Note] = _unique(col, "note")
    region_texts: dict[str, Region] = _unique(col, "region")

    def need(ids: Iterable[str], known: dict[str, Any], what: str, rel: str, where: str) -> None:
        for ref in ids:
            if ref not in known:
                p.append(Problem(rel, where, f"unknown {what} {ref!r}"))

    def check_claims(claims: Iterable[Any], rel: str, where: str) -> None:
        for k, claim in enumerate(claims):
            need([claim.body_area], areas, "body area", rel, f"{where}.claims[{k}]")
            need(claim.sources, sources, "source", rel, f"{where}.claims[{k}]")

    # Zones: words from TOML, shapes from each view's chart file.
    texts: dict[tuple[str, str], tuple[ZoneText, str, str]] = {}
    bad_views: set[tuple[str, str]] = set()
    for item, rel, where in col.items["zone"]:
        zt: ZoneText = item  # type: ignore[assignment]
        view_id = col.zone_views[id(item)]
        if view_id not in views:
            if (rel, view_id) not in bad_views:
                bad_views.add((rel, view_id))
                p.append(Problem(rel, "view", f"unknown view {view_id!r}; expected one of "
                                              + ", ".join(sorted(views))))
            continue
        if (view_id, zt.key) in texts:
            p.append(Problem(rel, where, f"duplicate zone key {zt.key!r} in view {view_id!r}"))
            continue
        texts[(view_id, zt.key)] = (zt, rel, where)
        check_claims(zt.claims, rel, where)

    zones: list[Zone] = []
    motions: list[Motion] = []
    outlines: dict[tuple[str, str], Any] = {}
    for view in sorted(views.values(), key=lambda v: (v.order, v.id)):
        rel = view.chart
        if not _inside(root, rel):
            vrel, vwhere = _origin(col, "view", view)
            p.append(Problem(vrel, f"{vwhere}.chart", f"chart {rel[:200]!r} must be a relative "
                                                      "path inside the content folder"))
            continue
        text = reader.read_text(rel, f"chart of view {view.id!r} is missing")
        if text is None:
            continue
        chart, chart_problems = parse_chart(text, rel, view.id)
        p.extend(chart_problems)
        zones.extend(_view_zones(view.id, chart, texts, rel, p))
        for foot, outline in chart.outlines.items():
            outlines[(view.id, foot)] = outline
        for m in chart.motions:
            where = m.pop("_where")
            if m["technique"] not in techniques:
                p.append(Problem(rel, where, f"unknown technique {m['technique']!r}"))
                continue
            motions.append(Motion(**m))
        if check_geometry:
            _check_view_geometry(view.id, chart, rel, p)

    regions = {r for z in zones for r in z.regions}
    for r in region_texts.values():
        rel, where = _origin(col, "region", r)
        need([r.id], regions, "zone region (no chart zone lists it)", rel, where)
        check_claims(r.claims, rel, where)
    for t in techniques.values():
        rel, where = _origin(col, "technique", t)
        need(t.zones, regions, "zone region", rel, where)
        need(t.sources, sources, "source", rel, where)
        check_claims(t.claims, rel, where)
    for s in sequences.values():
        rel, where = _origin(col, "sequence", s)
        need(s.sources, sources, "source", rel, where)
        check_claims(s.claims, rel, where)
        for k, step in enumerate(s.steps):
            need([step.technique], techniques, "technique", rel, f"{where}.steps[{k}]")
            need(step.zones, regions, "zone region", rel, f"{where}.steps[{k}]")
    for r in rules.values():
        rel, where = _origin(col, "safety", r)
        need(r.sources, sources, "source", rel, where)
        need(r.zones, regions, "zone region", rel, where)
        for key, ref in (("follows", r.follows), ("part_of", r.part_of)):
            if ref is None:
                continue
            target = rules.get(ref)
            if target is None:
                p.append(Problem(rel, f"{where}.{key}", f"unknown safety rule {ref!r}"))
            elif target.part_of is not None or not target.asked:
                p.append(Problem(rel, f"{where}.{key}", f"safety rule {ref!r} asks no "
                                 "question of its own (a reminder, or part of another)"))
            elif key == "follows" and target.follows is not None:
                p.append(Problem(rel, f"{where}.{key}", f"safety rule {ref!r} is itself a "
                                 "follow-up; follow the question it follows"))
    for n in notes.values():
        rel, where = _origin(col, "note", n)
        need(n.sources, sources, "source", rel, where)
        check_claims(n.claims, rel, where)
    synonyms: list[Synonym] = []
    for item, rel, where in col.items["synonym"]:
        syn: Synonym = item  # type: ignore[assignment]
        for key, ids, known, what in (
                ("body_areas", syn.body_areas, areas, "body area"),
                ("regions", syn.regions, regions, "zone region"),
                ("techniques", syn.techniques, techniques, "technique"),
                ("sequences", syn.sequences, sequences, "sequence"),
                ("safety", syn.safety, rules, "safety rule"),
                ("notes", syn.notes, notes, "note")):
            need(ids, known, what, rel, f"{where}.{key}")
        synonyms.append(syn)
    atlas = Atlas(
        sources=sources, body_areas=areas, views=views, zones=zones, outlines=outlines,
        techniques=techniques, sequences=sequences, safety=rules, notes=notes, motions=motions,
        regions=region_texts, synonyms=tuple(synonyms),
    )
    return atlas


def _inside(root: Path, rel: str) -> bool:
    """A pack reads its own files only: no absolute paths, no `..`, no symlink out."""
    path = Path(rel)
    if not rel or path.is_absolute() or path.drive or ".." in path.parts or "\\" in rel:
        return False
    try:
        return (root / path).resolve().is_relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):
        return True  # the reader reports it (e.g. a name too long) as that file's problem


def _origin(col: _Collector, table: str, item: Any) -> tuple[str, str]:
    """Where an item was written (a dict look-up: a scan per item was quadratic)."""
    return col.origins.get(id(item), ("?", "?"))


def _view_zones(
    view_id: str,
    chart: ChartFile,
    texts: dict[tuple[str, str], tuple[ZoneText, str, str]],
    rel: str,
    p: list[Problem],
) -> list[Zone]:
    out: list[Zone] = []
    numbers = {key: n for n, (v, key) in enumerate(
        (k for k in texts if k[0] == view_id), start=1)}
    for (foot, key), poly in chart.zones.items():
        where = f"features[{chart.zone_index[(foot, key)]}] (id={zone_id(foot, view_id, key)})"
        found = texts.get((view_id, key))
        if found is None:
            p.append(Problem(rel, where, f"zone {key!r} has no entry in the {view_id!r} "
                                         "zone text (content/*.toml)"))
            continue
        zt = found[0]
        if foot not in zt.feet:
            p.append(Problem(rel, where, f"zone {key!r} is drawn on the {foot} foot, but its "
                                         f"text says feet = {list(zt.feet)}"))
            continue
        problem = geometry.check_polygon(poly)
        if problem:
            p.append(Problem(rel, where, problem))
            continue
        out.append(Zone(
            id=zone_id(foot, view_id, key), key=key, name=zt.name, short=zt.short, foot=foot,
            view=view_id, polygon=poly, regions=zt.regions, claims=zt.claims,
            description=zt.description, number=numbers[key],
        ))
    for (v, key), (zt, zrel, zwhere) in texts.items():
        if v != view_id:
            continue
        for foot in zt.feet:
            if (foot, key) not in chart.zones:
                p.append(Problem(zrel, zwhere, f"zone {key!r} has no {foot}-foot shape in {rel}"))
    return out


def _check_view_geometry(view_id: str, chart: ChartFile, rel: str, p: list[Problem]) -> None:
    for foot in ("left", "right"):
        outline = chart.outlines.get(foot)
        polys = {key: poly for (f, key), poly in chart.zones.items() if f == foot}
        if outline is None:
            if polys:
                p.append(Problem(rel, f"{foot} foot", "zones but no outline"))
            continue
        problem = geometry.check_polygon(outline)
        if problem:
            p.append(Problem(rel, f"{foot} foot outline", problem))
            continue

        def report(key: str | None, message: str, foot: str = foot) -> None:
            if key is None:
                p.append(Problem(rel, f"{foot} foot", message))
            else:
                idx = chart.zone_index[(foot, key)]
                p.append(Problem(rel, f"features[{idx}] (id={zone_id(foot, view_id, key)})",
                                 message))

        geometry.check_foot(outline, polys, report)
    left, right = chart.outlines.get("left"), chart.outlines.get("right")
    if left is not None and right is not None and left.is_valid and right.is_valid:
        problem = geometry.check_mirrored(left, right)
        if problem:
            p.append(Problem(rel, "right foot outline", problem))
