"""The index over every entry, and the ranking of what a query finds.

Ranking, best first: a word's score is how it matched (`reflexmap.core.search.matching`)
times the weight of the field it matched in (`reflexmap.core.search.entries`). An entry
scores the mean over the query's words, plus 0.25 times the share of a name (or claimed
body area) the query covers, so "Heel circles" beats "Lower arch, above the heel:
sigmoid colon", plus a tie-break by kind (zone 0.04, body area and routine 0.03, note
and safety rule 0.02, technique 0.01). The content's synonyms (`[[synonym]]`,
content/synonyms.toml) add their targets when all of a synonym's words were typed; a
body area's synonym also reaches the zones claimed for it, a region's the zones in it.
A synonym's target scores 0.95 times how well the synonym matched, plus the same
tie-break; found both ways, the better score plus 0.05. So a zone claimed for a body
area ranks just above that area ("stomach": the zone, then the area), and what the
content explicitly ties to a word comes before what merely mentions it.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from reflexmap.core.atlas import Atlas
from reflexmap.core.search.entries import KINDS, Entry, Kind, entries_of, region_name
from reflexmap.core.search.matching import How, Vocabulary
from reflexmap.core.search.query import Query, parse_query
from reflexmap.core.search.words import normalise, spelled, stem, words

if TYPE_CHECKING:
    from reflexmap.core.records import Synonym

COVERAGE_BONUS = 0.25
KIND_PRIOR: dict[str, float] = {
    "zone": 0.04,
    "area": 0.03,
    "routine": 0.03,
    "note": 0.02,
    "safety": 0.02,
    "technique": 0.01,
    "symptom": 0.0,
}
SYNONYM = 0.95  # a synonym's target, times how well the synonym matched
BOTH = 0.05  # found by its own words and by a synonym


@dataclass(frozen=True)
class Reason:
    """Why an entry matched, for the user: how, which word typed, which word found."""

    how: How
    typed: str
    found: str
    field: str  # "name", "claimed for"...; for a synonym, the target it reached
    via: str = ""  # a synonym's zone: the body area or region name it came through


@dataclass(frozen=True)
class Result:
    entry: Entry
    score: float
    reasons: tuple[Reason, ...]
    foot: str | None = None  # the query named a foot: open that one

    @property
    def kind(self) -> Kind:
        return self.entry.kind

    @property
    def id(self) -> str:
        """What opening the result opens: the foot the query named, if the zone has it."""
        if self.foot is not None and self.entry.kind == "zone":
            for zone_id in self.entry.zones:
                if zone_id.startswith(self.foot + "."):
                    return zone_id
        return self.entry.id


def synonyms_of(atlas: Atlas) -> tuple[Synonym, ...]:
    """The content's `[[synonym]]` entries (the loader attaches them; none otherwise)."""
    return atlas.synonyms


class SearchIndex:
    """Built once per atlas (tens of milliseconds); a search takes about one."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        # "left foot", "right hand": the body parts' names, as the query words are stemmed
        self._side_nouns = frozenset(stem(p.name) for p in atlas.body_parts.values())
        self.entries: list[Entry] = list(entries_of(atlas))
        self.vocab = Vocabulary()
        for e, entry in enumerate(self.entries):
            for f, fld in enumerate(entry.fields):
                for word in dict.fromkeys(fld.words):
                    self.vocab.add(word, e, f, fld.fuzzy)
                for word, as_written in spelled(fld.text).items():
                    self.vocab.spelled.setdefault(word, as_written)
        self._by_key = {(entry.kind, entry.id): i for i, entry in enumerate(self.entries)}
        self._zone_entry = {
            zone_id: entry.id
            for entry in self.entries
            if entry.kind == "zone"
            for zone_id in entry.zones
        }
        self._area_zones: dict[str, list[str]] = {}  # filled as synonyms reach areas
        self._synonyms = [
            (tuple(words(w) for w in syn.words), syn, syn.words) for syn in synonyms_of(atlas)
        ]
        self._synonym_words = sorted(
            {w for phrases, _, _ in self._synonyms for phrase in phrases for w in phrase}
        )

    # ---- searching ---------------------------------------------------------------------
    def search(self, text: str, limit: int | None = None) -> list[Result]:
        """Ranked results, best first; [] when nothing matches (see `suggest`)."""
        query = parse_query(text, self._side_nouns)
        if not query.words:  # "routine:" alone lists the routines
            every = [Result(e, 0.0, ()) for e in self.entries if e.kind == query.kind]
            return every[:limit] if limit else every
        scored = self._word_results(query)
        for i, syn in self._synonym_results(query).items():
            word = scored.get(i)
            if word is None:
                scored[i] = syn
            else:  # found both ways: the better one leads, and both together rank higher
                lead, other = (word, syn) if word.score >= syn.score else (syn, word)
                scored[i] = Result(
                    lead.entry, round(lead.score + BOTH, 4), lead.reasons + other.reasons
                )
        out = [r for r in scored.values() if query.kind is None or r.entry.kind == query.kind]
        if query.foot is not None:
            out = [Result(r.entry, r.score, r.reasons, query.foot) for r in out]
        out.sort(key=lambda r: (-r.score, KINDS.index(r.entry.kind), r.entry.name))
        return out[:limit] if limit else out

    def _word_results(self, query: Query, need_all: bool = True) -> dict[int, Result]:
        n = len(query.words)
        per_word: list[dict[int, tuple[float, Reason, int]]] = []
        covered: dict[tuple[int, int], set[str]] = {}  # name words the query matched
        spell = self.vocab.spelled
        for k, typed in enumerate(query.words):
            last = k == n - 1 and query.typing
            as_typed = query.spelled[k] if k < len(query.spelled) else typed
            best: dict[int, tuple[float, Reason, int]] = {}
            for word, (quality, how) in self.vocab.matches(typed, last).items():
                fuzzy_only = how == "typo"
                for e, f in self.vocab.where[word]:
                    fld = self.entries[e].fields[f]
                    if fuzzy_only and not fld.fuzzy:
                        continue
                    if fld.cover:
                        covered.setdefault((e, f), set()).add(word)
                    score = quality * fld.weight
                    if e not in best or best[e][0] < score:
                        best[e] = (score, Reason(how, as_typed, spell.get(word, word), fld.name), f)
            per_word.append(best)
        if need_all:
            ids = set(per_word[0]).intersection(*per_word[1:]) if per_word else set()
        else:
            ids = set().union(*per_word)
        out: dict[int, Result] = {}
        for e in ids:
            entry = self.entries[e]
            hits = [pw[e] for pw in per_word if e in pw]
            mean = sum(h[0] for h in hits) / n
            coverage = max(
                (
                    len(covered.get((e, f), ())) / len(set(fld.words))
                    for f, fld in enumerate(entry.fields)
                    if fld.cover and fld.words
                ),
                default=0.0,
            )
            score = mean + COVERAGE_BONUS * coverage + KIND_PRIOR[entry.kind]
            out[e] = Result(entry, round(score, 4), tuple(h[1] for h in hits))
        return out

    def _synonym_results(self, query: Query) -> dict[int, Result]:
        out: dict[int, Result] = {}
        if not self._synonyms:
            return out
        n = len(query.words)
        matches = [
            self.vocab.matches(
                typed, k == n - 1 and query.typing, self._synonym_words, self._synonym_words
            )
            for k, typed in enumerate(query.words)
        ]
        for phrases, syn, originals in self._synonyms:
            best, best_phrase = 0.0, ""
            for phrase, original in zip(phrases, originals, strict=True):
                if not phrase:
                    continue
                scores = []
                for m in matches:
                    hit = max((m[w][0] for w in phrase if w in m), default=0.0)
                    scores.append(hit)
                # every word typed is in the phrase, and the whole phrase was typed: "heel"
                # alone is not "heel pain"
                if not all(scores) or not all(any(w in m for m in matches) for w in phrase):
                    continue
                quality = sum(scores) / n
                if quality > best:
                    best, best_phrase = quality, original
            if best:
                self._add_targets(out, syn, best * SYNONYM, " ".join(query.spelled), best_phrase)
        return out

    def _add_targets(
        self, out: dict[int, Result], syn: Synonym, score: float, typed: str, phrase: str
    ) -> None:
        atlas = self.atlas

        def put(kind: Kind, ident: str, value: float, reached: str, via: str = "") -> None:
            i = self._by_key.get((kind, ident))
            if i is None:
                return
            entry = self.entries[i]
            value = round(value + KIND_PRIOR[kind], 4)
            if i not in out or out[i].score < value:
                out[i] = Result(entry, value, (Reason("synonym", typed, phrase, reached, via),))

        for area in syn.body_areas:
            name = atlas.body_areas[area].name if area in atlas.body_areas else area
            put("area", area, score, name)
            if area not in self._area_zones:
                self._area_zones[area] = [z.id for z in atlas.zones_for_body_area(area)]
            for zone_id in self._area_zones[area]:
                put("zone", self._zone_entry[zone_id], score, atlas.zones[zone_id].name, name)
        for region in syn.regions:
            name = region_name(atlas, region)
            for zone in atlas.zones_for_regions([region]):
                put("zone", self._zone_entry[zone.id], score, zone.name, name)
        targets: tuple[tuple[Kind, tuple[str, ...]], ...] = (
            ("technique", syn.techniques),
            ("routine", syn.sequences),
            ("safety", syn.safety),
            ("note", syn.notes),
        )
        for kind, ids in targets:
            for ident in ids:
                i = self._by_key.get((kind, ident))
                if i is not None:
                    put(kind, ident, score, self.entries[i].name)

    # ---- no match ----------------------------------------------------------------------
    def suggest(self, text: str, n: int = 5) -> list[Entry]:
        """The nearest entries when `search` finds nothing: those matching some of the
        query's words, else the names closest to what was typed."""
        query = parse_query(text, self._side_nouns)
        if query.words:
            partial = sorted(
                self._word_results(query, need_all=False).values(),
                key=lambda r: (-len(r.reasons), -r.score, r.entry.name),
            )
            if partial:
                return [r.entry for r in partial[:n]]
        typed = " ".join(query.words) or normalise(query.text).strip()
        if not typed:
            return []
        matcher = SequenceMatcher(b=typed, autojunk=False)
        scored = []
        for entry in self.entries:
            if entry.kind == "symptom":
                continue
            matcher.set_seq1(" ".join(entry.fields[0].words))
            scored.append((-matcher.ratio(), KINDS.index(entry.kind), entry.name, entry))
        scored.sort(key=lambda s: s[:3])
        seen: dict[str, Entry] = {}
        for *_, entry in scored:
            seen.setdefault(entry.name, entry)
            if len(seen) == n:
                break
        return list(seen.values())
