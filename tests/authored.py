"""The bundled content as its authors wrote it (the TOML files), for the checks that need
what the app's records leave out: which article fact (`seed_ids`) an item came from."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from reflexmap.core.paths import bundled_content_root


@cache
def authored() -> tuple[dict[str, Any], ...]:
    folder = bundled_content_root() / "content"
    return tuple(
        tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.toml"))
    )


@cache
def seed_ids(table: str) -> dict[str, tuple[str, ...]]:
    """Item id -> its seed ids, for one kind of table ("safety", "technique", ...)."""
    return {
        item["id"]: tuple(item.get("seed_ids", ()))
        for data in authored()
        for item in data.get(table, ())
    }
