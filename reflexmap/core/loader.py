"""Load a content directory (the bundled assets/ or a user's pack) into an Atlas.

Layout: `content/*.toml` (any file may hold `[[source]]`, `[[body_area]]`, `[[view]]`,
`[[technique]]`, `[[sequence]]`, `[[safety]]`, `[[note]]`, and with a top-level
`view = "..."`, `[[zone]]`), and `charts/<view>.geojson`. Every problem is collected and
reported as `file:location: message`; nothing raises past `load_content` but ContentError.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Container, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reflexmap.core import geometry, limits, toml_guard
from reflexmap.core.atlas import Atlas
from reflexmap.core.geojson import ChartFile, parse_chart, zone_id
from reflexmap.core.models import (
    BodyArea,
    BodyPart,
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
from reflexmap.core.pack_reader import (  # noqa: F401 - part of the loader's interface
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_PACK_BYTES,
    MAX_PROBLEMS,
    TIME_BUDGET_S,
    LoadCancelled,
    PackReader,
    ProblemList,
    ReadFiles,
)
from reflexmap.core.paths import bundled_body_parts
from reflexmap.core.problems import ContentError, Problem
from reflexmap.core.records import SIDE_NOT_STATED, SIDE_SWITCH

TABLES: dict[str, type[BaseModel]] = {
    "body_part": BodyPart,
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
            if isinstance(raw.get(k), str) and limits.forbidden_char(raw[k]) is None:
                return f" ({k}={raw[k][:60]})"
    return ""


def _unfit(value: Any, where: str) -> tuple[str, str] | None:
    """The first string over the length limit or holding a control or bidi character, or
    list over the list limit, in a raw TOML value: (place, message), or None. Looked at
    before Pydantic, so that no string is stripped of what it holds and no list of 3.9M
    items reaches the validator."""
    stack = [(value, where)]
    while stack:
        item, place = stack.pop()
        if isinstance(item, str):
            problem = limits.text_problem(item)
            if problem:
                return place, problem
        elif isinstance(item, list):
            if len(item) > limits.MAX_LIST:
                return place, f"a list of {len(item)} items; at most {limits.MAX_LIST}"
            stack.extend((v, f"{place}[{i}]") for i, v in reversed(list(enumerate(item))))
        elif isinstance(item, dict):
            stack.extend((v, f"{place}.{k}") for k, v in reversed(list(item.items())))
    return None


class _Collector:
    def __init__(self) -> None:
        self.entries = 0  # of the whole pack, bounded by limits.MAX_ITEMS
        self.values = [0]  # keys and list items of the pack so far (toml_guard.MAX_VALUES)
        self.problems: ProblemList = ProblemList()
        self.items: dict[str, list[tuple[BaseModel, str, str]]] = {k: [] for k in TABLES}
        self.zone_views: dict[int, str] = {}
        self.origins: dict[int, tuple[str, str]] = {}  # id(item) -> (file, location)

    def add_toml(self, rel: str, text: str) -> None:
        # tomllib's cost is quadratic in a key's parts, linear (and slow) in the values
        refusal = toml_guard.check(text, toml_guard.MAX_VALUES - self.values[0], self.values)
        if refusal is not None:
            self.problems.append(
                Problem(rel, f"line {refusal.line}, column {refusal.column}", refusal.message)
            )
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
        if file_view is not None and (problem := limits.text_problem(file_view)):
            self.problems.append(Problem(rel, "view", problem))
            return
        for table, entries in doc.items():
            model = TABLES.get(table)
            if model is None:
                self.problems.append(
                    Problem(rel, table, "unknown table; expected one of " + ", ".join(TABLES))
                )
                continue
            if not isinstance(entries, list):
                self.problems.append(Problem(rel, table, f"expected [[{table}]] entries"))
                continue
            if table == "zone" and file_view is None:
                self.problems.append(
                    Problem(
                        rel, "view", 'a file with [[zone]] entries needs a top-level view = "..."'
                    )
                )
                continue
            for i, raw in enumerate(entries):
                where = f"{table}[{i}]{_label(raw)}"
                self.entries += 1
                if self.entries > limits.MAX_ITEMS:
                    self.problems.append(
                        Problem(
                            rel,
                            where,
                            f"more than {limits.MAX_ITEMS} entries in the "
                            "pack (the limit); the rest was not read",
                        )
                    )
                    return
                unfit = _unfit(raw, where)
                if unfit is not None:
                    self.problems.append(Problem(rel, *unfit))
                    continue
                try:
                    item = model.model_validate(raw)
                except ValidationError as exc:
                    for err in exc.errors():
                        sub = _loc(err.get("loc", ()))
                        self.problems.append(
                            Problem(rel, f"{where}.{sub}" if sub else where, _describe(dict(err)))
                        )
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
        return msg[msg.index("(at ") + 4 :].rstrip(")")
    return "document"


def load_content(
    root: Path,
    *,
    check_geometry: bool = True,
    cancelled: Callable[[], bool] | None = None,
    record: ReadFiles | None = None,
) -> Atlas:
    """Load and validate a content directory; raise ContentError with every problem.

    `cancelled()` True (asked between files) stops the reading: LoadCancelled. `record`
    is filled with what was read (the TOML files, each file's digest), for the snapshot."""
    root = Path(root)
    col = _Collector()
    content_dir = root / "content"
    try:
        is_dir = content_dir.is_dir()
    except OSError:  # e.g. a name too long for the file system
        is_dir = False
    if not is_dir:
        raise ContentError(
            [Problem(str(root), "directory", "expected a content/ folder with TOML files")]
        )
    reader = PackReader(root, col.problems, cancelled, record)
    for rel, _path in reader.toml_files():
        text = reader.read_text(rel)
        if text is not None:
            col.add_toml(rel, text)
    if reader.was_cancelled:
        raise LoadCancelled(col.problems.final(root))
    atlas = _assemble(root, col, check_geometry, reader)
    if reader.was_cancelled:  # while reading the charts: the geometry checks were skipped
        raise LoadCancelled(col.problems.final(root))
    if col.problems or atlas is None:
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


def _assemble(
    root: Path, col: _Collector, check_geometry: bool, reader: PackReader
) -> Atlas | None:
    p = col.problems
    sources: dict[str, Source] = _unique(col, "source")
    areas: dict[str, BodyArea] = _unique(col, "body_area")
    views: dict[str, View] = _unique(col, "view")
    parts: dict[str, BodyPart] = _unique(col, "body_part") or _bundled_body_parts(p)
    techniques: dict[str, Technique] = _unique(col, "technique")
    sequences: dict[str, Sequence] = _unique(col, "sequence")
    rules: dict[str, SafetyRule] = _unique(col, "safety")
    notes: dict[str, Note] = _unique(col, "note")
    region_texts: dict[str, Region] = _unique(col, "region")

    def need(ids: Iterable[str], known: Container[str], what: str, rel: str, where: str) -> None:
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
        assert isinstance(item, ZoneText)
        zt = item
        view_id = col.zone_views[id(item)]
        if view_id not in views:
            if (rel, view_id) not in bad_views:
                bad_views.add((rel, view_id))
                p.append(
                    Problem(
                        rel,
                        "view",
                        f"unknown view {view_id!r}; expected one of " + ", ".join(sorted(views)),
                    )
                )
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
            p.append(
                Problem(
                    vrel,
                    f"{vwhere}.chart",
                    f"chart {rel[:200]!r} must be a relative path inside the content folder",
                )
            )
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

    # Body parts: each view's kind is one; sides and safety reach come from them.
    sides: dict[str, str] = {}
    for part in parts.values():
        for value in (part.per_side, part.together):
            if value and value in sides and sides[value] != part.id:
                rel, where = _origin(col, "body_part", part)
                owner = sides[value]
                p.append(Problem(rel, where, f"side {value!r} is already body part {owner!r}'s"))
            elif value:
                sides[value] = part.id
    side_values = {SIDE_SWITCH, SIDE_NOT_STATED, *sides}
    reach = {a for part in parts.values() for a in part.reached_by}
    for view in views.values():
        if view.kind not in parts:
            rel, where = _origin(col, "view", view)
            p.append(
                Problem(
                    rel,
                    f"{where}.kind",
                    f"unknown body part {view.kind!r}; expected one of " + ", ".join(parts),
                )
            )

    def need_side(side: str, rel: str, where: str, *, switch: bool) -> None:
        allowed = side_values if switch else side_values - {SIDE_SWITCH}
        if side not in allowed:
            p.append(
                Problem(
                    rel,
                    f"{where}.side",
                    f"unknown side {side!r}; expected one of " + ", ".join(sorted(allowed)),
                )
            )

    regions = {r for z in zones for r in z.regions}
    zone_keys = {key: True for _, key in texts}
    for r in region_texts.values():
        rel, where = _origin(col, "region", r)
        need([r.id], regions, "zone region (no chart zone lists it)", rel, where)
        check_claims(r.claims, rel, where)
    for t in techniques.values():
        rel, where = _origin(col, "technique", t)
        need(t.zones, regions, "zone region", rel, where)
        need(t.sources, sources, "source", rel, where)
        for k, caution in enumerate(t.zone_cautions):
            need(caution.zones, zone_keys, "zone key", rel, f"{where}.zone_cautions[{k}]")
        check_claims(t.claims, rel, where)
    for s in sequences.values():
        rel, where = _origin(col, "sequence", s)
        need(s.sources, sources, "source", rel, where)
        check_claims(s.claims, rel, where)
        need_side(s.side, rel, where, switch=False)
        for k, step in enumerate(s.steps):
            need_side(step.side, rel, f"{where}.steps[{k}]", switch=True)
            need([step.technique], techniques, "technique", rel, f"{where}.steps[{k}]")
            need(step.zones, regions, "zone region", rel, f"{where}.steps[{k}]")
    for rule in rules.values():
        rel, where = _origin(col, "safety", rule)
        if rule.applies_to not in reach:
            p.append(
                Problem(
                    rel,
                    f"{where}.applies_to",
                    f"no body part is reached by {rule.applies_to!r}; expected one of "
                    + ", ".join(sorted(reach)),
                )
            )
        need(rule.sources, sources, "source", rel, where)
        need(rule.zones, regions, "zone region", rel, where)
        need(rule.stops_routines, sequences, "sequence", rel, where)
        need(rule.only_routines, sequences, "sequence", rel, where)
        for key, ref in (("follows", rule.follows), ("part_of", rule.part_of)):
            if ref is None:
                continue
            target = rules.get(ref)
            if target is None:
                p.append(Problem(rel, f"{where}.{key}", f"unknown safety rule {ref!r}"))
            elif target.part_of is not None or not target.asked:
                p.append(
                    Problem(
                        rel,
                        f"{where}.{key}",
                        f"safety rule {ref!r} asks no "
                        "question of its own (a reminder, or part of another)",
                    )
                )
            elif key == "follows" and target.follows is not None:
                p.append(
                    Problem(
                        rel,
                        f"{where}.{key}",
                        f"safety rule {ref!r} is itself a "
                        "follow-up; follow the question it follows",
                    )
                )
    for n in notes.values():
        rel, where = _origin(col, "note", n)
        need(n.sources, sources, "source", rel, where)
        check_claims(n.claims, rel, where)
    synonyms: list[Synonym] = []
    for item, rel, where in col.items["synonym"]:
        assert isinstance(item, Synonym)
        syn = item
        for key, ids, known, what in (
            ("body_areas", syn.body_areas, areas, "body area"),
            ("regions", syn.regions, regions, "zone region"),
            ("techniques", syn.techniques, techniques, "technique"),
            ("sequences", syn.sequences, sequences, "sequence"),
            ("safety", syn.safety, rules, "safety rule"),
            ("notes", syn.notes, notes, "note"),
        ):
            need(ids, known, what, rel, f"{where}.{key}")
        synonyms.append(syn)
    if p:  # nothing half-checked is compiled
        return None
    from reflexmap.core import compiler, practice

    return Atlas(
        practice.with_session(
            compiler.content(
                sources=sources,
                body_areas=areas,
                views=views,
                zones_=zones,
                outlines=outlines,
                techniques=techniques,
                sequences=sequences,
                safety=rules,
                notes=notes,
                motions=motions,
                regions=region_texts,
                synonyms=synonyms,
                body_parts=parts,
            )
        )
    )


def _bundled_body_parts(p: ProblemList) -> dict[str, BodyPart]:
    """The bundled body parts (foot, leg), for a pack that declares none of its own."""
    try:
        path = bundled_body_parts()
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return {
            part.id: part
            for part in (BodyPart.model_validate(item) for item in raw.get("body_part", ()))
        }
    except (OSError, ValueError) as exc:
        p.append(Problem("body_parts.toml", "body_part", f"bundled body parts unreadable: {exc}"))
        return {}


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
    numbers = {key: n for n, (v, key) in enumerate((k for k in texts if k[0] == view_id), start=1)}
    for (foot, key), poly in chart.zones.items():
        where = f"features[{chart.zone_index[(foot, key)]}] (id={zone_id(foot, view_id, key)})"
        found = texts.get((view_id, key))
        if found is None:
            p.append(
                Problem(
                    rel,
                    where,
                    f"zone {key!r} has no entry in the {view_id!r} zone text (content/*.toml)",
                )
            )
            continue
        zt = found[0]
        if foot not in zt.feet:
            p.append(
                Problem(
                    rel,
                    where,
                    f"zone {key!r} is drawn on the {foot} foot, but its "
                    f"text says feet = {list(zt.feet)}",
                )
            )
            continue
        problem = geometry.check_polygon(poly)
        if problem:
            p.append(Problem(rel, where, problem))
            continue
        out.append(
            Zone(
                id=zone_id(foot, view_id, key),
                key=key,
                name=zt.name,
                short=zt.short,
                foot=foot,
                view=view_id,
                polygon=poly,
                regions=zt.regions,
                claims=zt.claims,
                description=zt.description,
                number=numbers[key],
            )
        )
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
                p.append(
                    Problem(rel, f"features[{idx}] (id={zone_id(foot, view_id, key)})", message)
                )

        geometry.check_foot(outline, polys, report)
    left, right = chart.outlines.get("left"), chart.outlines.get("right")
    if left is not None and right is not None and left.is_valid and right.is_valid:
        problem = geometry.check_mirrored(left, right)
        if problem:
            p.append(Problem(rel, "right foot outline", problem))
