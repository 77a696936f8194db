"""Read and write chart files: one GeoJSON FeatureCollection per view.

Coordinates are millimetres in a planar frame (y up), not longitude/latitude; a content
author can still open the file in QGIS or geojson.io to look at the shapes.
Feature kinds (the `kind` property): `outline` (one per foot), `zone` (property `key`,
feature `id` = `<foot>.<view>.<key>`), `motion` (property `technique`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import LineString, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from reflexmap.core.limits import MAX_FEATURE_COORDS, MAX_MM  # also checked on snapshots
from reflexmap.core.problems import Problem

MAX_COORDS = 200_000  # per file: a larger chart is refused, not slowly drawn


@dataclass
class ChartFile:
    outlines: dict[str, Polygon] = field(default_factory=dict)  # foot -> outline
    zones: dict[tuple[str, str], Polygon] = field(default_factory=dict)  # (foot, key)
    zone_index: dict[tuple[str, str], int] = field(default_factory=dict)  # feature number
    motions: list[dict[str, Any]] = field(default_factory=list)


def zone_id(foot: str, view: str, key: str) -> str:
    return f"{foot}.{view}.{key}"


def _round(geom: BaseGeometry, digits: int = 2) -> dict[str, Any]:
    def fix(c: Any) -> Any:
        if isinstance(c, int | float):
            return round(float(c), digits)
        return [fix(x) for x in c]

    m = dict(mapping(shapely.set_precision(geom, 10.0**-digits)))
    m["coordinates"] = fix(m["coordinates"])
    return m


def dump_chart(
    view: str,
    outlines: dict[str, Polygon],
    zones: dict[str, dict[str, Polygon]],
    motions: Sequence[tuple[str, str, LineString, bool]] = (),
) -> str:
    features: list[dict[str, Any]] = []
    for foot, outline in outlines.items():
        features.append(
            {
                "type": "Feature",
                "id": f"{foot}.{view}.outline",
                "properties": {"kind": "outline", "foot": foot, "view": view},
                "geometry": _round(outline),
            }
        )
    for foot, by_key in zones.items():
        for key, geom in by_key.items():
            features.append(
                {
                    "type": "Feature",
                    "id": zone_id(foot, view, key),
                    "properties": {"kind": "zone", "foot": foot, "view": view, "key": key},
                    "geometry": _round(geom),
                }
            )
    for technique, foot, line, circular in motions:
        features.append(
            {
                "type": "Feature",
                "id": f"{foot}.{view}.motion.{technique}",
                "properties": {
                    "kind": "motion",
                    "technique": technique,
                    "foot": foot,
                    "view": view,
                    "circular": circular,
                },
                "geometry": _round(line),
            }
        )
    doc = {
        "type": "FeatureCollection",
        "name": view,
        "units": "millimetres, y up; not longitude/latitude",
        "features": features,
    }
    return json.dumps(doc, indent=None, separators=(",", ":")).replace("},{", "},\n{") + "\n"


def _count_coords(c: Any, depth: int = 0) -> int:
    if depth > 6:
        raise ValueError("coordinates nested deeper than a Polygon allows")
    if isinstance(c, list) and c and isinstance(c[0], int | float):
        for v in c:
            if (
                not isinstance(v, int | float)
                or isinstance(v, bool)
                or not (-MAX_MM <= v <= MAX_MM)
                or not math.isfinite(v)
            ):
                raise ValueError(f"coordinates must be finite numbers within +-{MAX_MM:.0f} mm")
        return 1
    if isinstance(c, list):
        return sum(_count_coords(x, depth + 1) for x in c)
    raise ValueError("coordinates must be arrays of numbers")


def parse_chart(text: str, file: str, view: str) -> tuple[ChartFile, list[Problem]]:
    """Parse a chart file; every problem names the file and the feature."""
    out = ChartFile()
    problems: list[Problem] = []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return out, [
            Problem(file, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")
        ]
    except RecursionError:
        return out, [Problem(file, "document", "JSON nested too deeply")]
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return out, [Problem(file, "document", f"not valid JSON: {exc}")]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return out, [Problem(file, "document", "expected a GeoJSON FeatureCollection")]
    features = doc.get("features")
    if not isinstance(features, list):
        return out, [Problem(file, "features", "expected a list of features")]
    total = 0
    for i, feat in enumerate(features):
        where = f"features[{i}]"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(Problem(file, where, "expected a GeoJSON Feature"))
            continue
        props = feat.get("properties")
        if not isinstance(props, dict):
            problems.append(Problem(file, where, "expected a properties object"))
            continue
        fid = feat.get("id")
        if fid is not None:
            where = f"{where} (id={str(fid)[:80]})"
        kind, foot = props.get("kind"), props.get("foot")
        if kind not in ("outline", "zone", "motion"):
            problems.append(Problem(file, where, "property kind must be outline, zone or motion"))
            continue
        if foot not in ("left", "right"):
            problems.append(Problem(file, where, "property foot must be left or right"))
            continue
        if props.get("view", view) != view:
            problems.append(
                Problem(
                    file,
                    where,
                    f"feature belongs to view {props.get('view')!r},"
                    f" but this file is the {view!r} chart",
                )
            )
            continue
        geometry = feat.get("geometry")
        try:
            if not isinstance(geometry, dict):
                raise ValueError("expected a geometry object")
            count = _count_coords(geometry.get("coordinates"))
            total += count
            if count > MAX_FEATURE_COORDS:
                problems.append(
                    Problem(
                        file,
                        where,
                        f"{count} coordinates; a feature may have at most {MAX_FEATURE_COORDS}",
                    )
                )
                continue
            if total > MAX_COORDS:
                problems.append(Problem(file, where, f"more than {MAX_COORDS} coordinates"))
                break
            geom = shape(geometry)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            problems.append(Problem(file, where, f"bad geometry: {exc}"))
            continue
        except Exception as exc:  # shapely raises GEOSException and friends
            problems.append(Problem(file, where, f"bad geometry: {type(exc).__name__}: {exc}"))
            continue
        if kind == "motion":
            if not isinstance(geom, LineString) or geom.is_empty:
                problems.append(Problem(file, where, "a motion must be a LineString"))
                continue
            technique = props.get("technique")
            if not isinstance(technique, str):
                problems.append(Problem(file, where, "a motion needs a technique id"))
                continue
            out.motions.append(
                {
                    "technique": technique,
                    "view": view,
                    "foot": foot,
                    "line": geom,
                    "circular": bool(props.get("circular", False)),
                    "_where": where,
                }
            )
            continue
        if not isinstance(geom, Polygon) or geom.is_empty:
            problems.append(Problem(file, where, f"expected a Polygon, got {geom.geom_type}"))
            continue
        if kind == "outline":
            if foot in out.outlines:
                problems.append(Problem(file, where, f"a second outline for the {foot} foot"))
            out.outlines[foot] = geom
            continue
        key = props.get("key")
        if not isinstance(key, str) or not key:
            problems.append(Problem(file, where, "a zone needs a key property"))
            continue
        if (foot, key) in out.zones:
            problems.append(Problem(file, where, f"zone {key!r} appears twice on the {foot} foot"))
            continue
        out.zones[(foot, key)] = geom
        out.zone_index[(foot, key)] = i
    return out, problems
