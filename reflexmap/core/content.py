"""The app's content: the bundled assets, optionally with a user's content pack."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reflexmap.core.atlas import Atlas
from reflexmap.core.loader import load_content
from reflexmap.core.paths import bundled_content_root


@lru_cache(maxsize=1)
def load_bundled() -> Atlas:
    return load_content(bundled_content_root())


def load_with_pack(pack: Path) -> Atlas:
    """A user's content pack, loaded and validated on its own (the bundle is untouched)."""
    return load_content(pack)
