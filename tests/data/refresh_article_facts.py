"""Rewrite `article_facts.toml` from the shared inventory next to the repository.

Maintainers only (the tests read the TOML, never this): run it from the repository root
when `../shared/reference/seed-facts.yaml` or the articles in `../shared/seeds` change,
then `python3 ../shared/tools/textcheck.py tests/data` and commit the TOML. It keeps
what the tests need: each fact's section, id, sources and a one-line "about" (the
inventory's own short name for it, never an article's sentence), whether a safety fact
is a contraindication, and which of the faithfulness test's watched words each article
uses (`test_faithful_words.ADDED_WORDS`).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SECTIONS = ("techniques", "claims", "sequences", "safety", "disagreements")
ABOUT = {
    "techniques": "name",
    "claims": "claim",
    "sequences": "name",
    "safety": "condition",
    "disagreements": "topic",
}


def read_facts(text: str) -> list[dict[str, object]]:
    """The `- id:` entries of each section with the few fields kept (a line reader:
    PyYAML is not a dependency)."""
    facts: list[dict[str, object]] = []
    section: str | None = None
    current: dict[str, object] | None = None
    for line in text.splitlines():
        top = re.match(r"^([A-Za-z_]\w*):", line)
        if top:
            section, current = top.group(1), None
            continue
        if section not in SECTIONS:
            continue
        item = re.match(r"^  - id:\s*(\S+)\s*$", line)
        if item:
            current = {"section": section, "id": item.group(1), "about": "", "sources": []}
            facts.append(current)
            continue
        field = re.match(r"^    (\w+):\s*(.*)$", line)
        if current is None or field is None:
            continue
        key, value = field.groups()
        if key == ABOUT[str(section)]:
            current["about"] = value.strip().strip('"')
        elif key in ("source_ids", "source_id"):
            current["sources"] = [s.strip() for s in value.strip("[]").split(",") if s.strip()]
        elif key == "type" and section == "safety":
            current["contraindication"] = value.strip() == "contraindication"
    return facts


def main() -> int:
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "core")]
    from test_faithful_words import ADDED_RES, TEACHING, teaching_text  # one list, one cut

    facts = read_facts((SHARED / "reference" / "seed-facts.yaml").read_text(encoding="utf-8"))
    out = [
        "# The facts of the five source articles the content must cover, by the ids of the",
        "# shared inventory (../shared/reference/seed-facts.yaml): our index of them, not",
        "# their text. Written by tests/data/refresh_article_facts.py; read by",
        "# tests/core/test_coverage.py, test_faithful_words.py and test_safety_questions.py.",
        "",
    ]
    texts = {p.name: p.read_text(encoding="utf-8") for p in (SHARED / "seeds").glob("*.txt")}
    chart = (SHARED / "reference" / "reflexology-chart.md").read_text(encoding="utf-8")
    texts[TEACHING] = teaching_text(chart)
    for name in sorted(texts):
        used = [w for w, rx in ADDED_RES.items() if rx.search(texts[name])]
        out += ["[[article]]", f"id = {json.dumps(name)}"]
        out += [f"watched_words_used = {json.dumps(used)}", ""]
    for fact in facts:
        out += ["[[fact]]", f"section = {json.dumps(fact['section'])}"]
        out += [f"id = {json.dumps(fact['id'])}", f"about = {json.dumps(fact['about'])}"]
        if fact["sources"]:
            out.append(f"sources = {json.dumps(fact['sources'])}")
        if "contraindication" in fact:
            out.append(f"contraindication = {json.dumps(fact['contraindication'])}")
        out.append("")
    (Path(__file__).parent / "article_facts.toml").write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
