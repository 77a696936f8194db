"""Regenerate the bundled chart files: `python -m reflexmap.core.chartgen [ASSETS_DIR]`."""

from __future__ import annotations

import sys
from pathlib import Path

from reflexmap.core.chartgen import render_all


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "assets"
    for name, text in render_all().items():
        path = root / "charts" / f"{name}.geojson"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
