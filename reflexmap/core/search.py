"""Search: one model of everything a user may look for, ranked, forgiving typos.

The window's live list and `reflexmap search` ask the same `SearchIndex`, so what the
command prints is what the list shows. Entries (each with a kind and an id):

* zone: one entry per zone *name* on a view, leading to that zone on both feet where
  both have it (its id is the left foot's zone, or the one foot it is on);
* area: a body area; symptom: a claim's own words ("easing headaches"), leading to what
  the claim is said of; technique; routine; note (pages and disagreements); safety rule.

Matching works word by word on normalised words (lower case, no accents, a plural "s"
dropped, stop words left out). Every word of the query must match a word of the entry:
exactly, as the start of a word (the last word is usually still being typed), as the same
stem ("pregnant", "pregnancy"), inside a longer word ("ache" in "headache"), or, in
names only and only for a word the content never uses, within one typing mistake (two
from six letters on; a swapped pair of letters is one mistake): "lung" is a word of the
content, so it never also finds "long". The content's synonyms (`[[synonym]]`,
content/synonyms.toml) add their targets when all of a synonym's words were typed; a
body area's synonym also reaches the zones claimed for it, a region's the zones in it.
"left" or "right" with other words picks the foot a zone opens on; "routine:" and the
like limit the kind.

Ranking, best first: a word's score is how it matched (exact 1.0, stem 0.85, start
0.72-0.92, one mistake 0.78, two 0.62, inside 0.6) times the weight of the field it
matched in (a name, or for a zone a body area it is claimed for: 1.0; a claim's own
words 0.8; a technique's or routine's claimed body area 0.75; the view 0.65; a region
0.6; a body system, a summary or a question 0.5; other text 0.4). An entry scores the
mean over the query's words, plus 0.25 times the share of a name (or claimed body area)
the query covers, so "Heel circles" beats "Lower arch, above the heel: sigmoid colon",
plus a tie-break by kind (zone 0.04, body area and routine 0.03, note and safety rule
0.02, technique 0.01). A synonym's target scores 0.95 times how well the synonym
matched, plus the same tie-break; found both ways, the better score plus 0.05. So a
zone claimed for a body area ranks just above that area ("stomach": the zone, then the
area), and what the content explicitly ties to a word comes before what merely mentions
it.

Speed: the bundled content makes ~360 entries and ~1,150 distinct words; building the
index takes 20-60 ms (done on first use), a keystroke about 0.6 ms (median; 3 ms at the
95th percentile, `tests/bench` style numbers in the report of issue 15). Typing mistakes
are counted in pure Python (`mistakes`, ~1.5 ms for one unknown word against the ~330
words of names): measured enough, so no rapidfuzz (36-110 ms to import, a compiled
wheel to bundle).
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from os.path import commonprefix
from typing import TYPE_CHECKING, Literal

from reflexmap.core.atlas import Atlas

if TYPE_CHECKING:
    from reflexmap.core.models import Claim, Synonym

Kind = Literal["zone", "area", "symptom", "technique", "routine", "note", "safety"]
KINDS: tuple[Kind, ...] = ("zone", "area", "symptom", "technique", "routine", "note",
                           "safety")
How = Literal["exact", "stem", "prefix", "typo", "inside", "synonym"]

# A query may start with a kind ("routine: bed"); the English words are the query syntax.
KIND_PREFIXES: dict[str, Kind] = {
    "zone": "zone", "zones": "zone", "body area": "area", "area": "area",
    "symptom": "symptom", "claim": "symptom", "technique": "technique",
    "routine": "routine", "sequence": "routine", "note": "note", "page": "note",
    "safety": "safety", "safety rule": "safety", "rule": "safety",
}
PREFIX_OF: dict[str, str] = {"zone": "zone", "area": "body area", "symptom": "symptom",
                             "technique": "technique", "routine": "routine", "note": "note",
                             "safety": "safety"}
_PREFIX_RE = re.compile(r"^\s*(" + "|".join(sorted(KIND_PREFIXES, key=len, reverse=True))
                        + r")\s*:\s*", re.IGNORECASE)

STOP_WORDS = frozenset(
    "a an the of and or to for in on at with my is it its from by as be can i me do".split())
FEET = frozenset({"left", "right"})
_IRREGULAR = {"feet": "foot", "teeth": "tooth"}
_WORD_RE = re.compile(r"[a-z0-9]+")

# How a word matched, before the field's weight.
EXACT, STEM, TYPO1, TYPO2, INSIDE = 1.0, 0.85, 0.78, 0.62, 0.6
# Field weights.
NAME, CLAIMED, VIEW, REGION, SAID, MINOR, TEXT = 1.0, 0.75, 0.65, 0.6, 0.8, 0.5, 0.4
COVERAGE_BONUS = 0.25
KIND_PRIOR: dict[str, float] = {"zone": 0.04, "area": 0.03, "routine": 0.03, "note": 0.02,
                                "safety": 0.02, "technique": 0.01, "symptom": 0.0}
SYNONYM = 0.95  # a synonym's target, times how well the synonym matched
BOTH = 0.05  # found by its own words and by a synonym
# Word endings that make two words one stem when the rest is the same ("pregnan-t",
# "pregnan-cy"; "digest-ion", "digest-ive"), unlike a typo ("stoma-ck", "stoma-ch").
SUFFIXES = frozenset(
    "|s|es|e|y|ies|t|cy|ce|nt|nce|ncy|ing|ed|er|ers|ion|ions|ive|al|ally|ic|ical|ness|less|"
    "ful|ity|ly|ation|ate|ated|ant|ent|ence|ency".split("|"))


# ---- words ---------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Lower case, accents and apostrophes dropped ("Athlete's" -> "athletes")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("'", "").replace("\u2019", "")


def stem(word: str) -> str:
    """A plural's singular, roughly: enough that "lungs" finds "lung" and back."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The searchable words of a text: normalised, stemmed, without stop words."""
    return tuple(stem(w) for w in _WORD_RE.findall(normalise(text)) if w not in STOP_WORDS)


def _spelled(text: str) -> dict[str, str]:
    """Each searchable word of a text, as the text spells it (for saying why)."""
    return {stem(w): w for w in reversed(_WORD_RE.findall(normalise(text)))}


def mistakes(a: str, b: str, limit: int) -> int:
    """Typing mistakes between two words (optimal string alignment: a wrong, missing or
    extra letter, or two letters swapped, each count one); `limit + 1` once above
    `limit`. Pure Python is enough: only the ~320 words of names are compared, and only
    for a word the content does not use."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], before[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        before, prev = prev, cur
    return min(prev[-1], limit + 1)


def _same_stem(a: str, b: str) -> bool:
    cut = len(commonprefix([a, b]))
    while cut >= 5:
        if a[cut:] in SUFFIXES and b[cut:] in SUFFIXES:
            return True
        cut -= 1
    return False


# ---- the model ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str  # what the words are: "name", "claimed for", "region", "description"...
    text: str
    words: tuple[str, ...]
    weight: float
    fuzzy: bool = False  # typos forgiven here (names, not long text)
    cover: bool = False  # a name: the share of it the query covers adds to the score


def _field(name: str, text: str, weight: float, fuzzy: bool = False,
           cover: bool = False) -> Field:
    return Field(name, text, words(text), weight, fuzzy, cover)


@dataclass(frozen=True)
class Entry:
    kind: Kind
    id: str  # what opening it opens (a zone: the left foot's, or the one foot it is on)
    name: str  # the content's own words for it
    fields: tuple[Field, ...]
    zones: tuple[str, ...] = ()  # zone: the zone on each foot, left first
    target: tuple[Kind, str] | None = None  # symptom: what the claim is said of
    area: str = ""  # symptom: the claim's body area id


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


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]
    kind: Kind | None = None
    foot: str | None = None
    typing: bool = True  # the last word may be unfinished (no space after it)
    spelled: tuple[str, ...] = ()  # the words as typed (before stemming)


def parse_query(text: str) -> Query:
    """A kind prefix ("routine: bed") limits the kinds; "left"/"right" with other words
    picks the foot a zone opens on."""
    kind: Kind | None = None
    m = _PREFIX_RE.match(text)
    rest = text
    if m:
        kind = KIND_PREFIXES[m.group(1).lower()]
        rest = text[m.end():]
    raw = [stem(w) for w in _WORD_RE.findall(normalise(rest))]
    found = [w for w in raw if w not in STOP_WORDS] or raw
    spelled = _spelled(rest)
    foot = None
    feet = [w for w in found if w in FEET]
    others = [w for w in found if w not in FEET and w not in ("foot", "leg")]
    if feet and others:
        foot = feet[0]
        found = [w for w in found if w not in FEET]
        if "foot" in found or "leg" in found:  # "left foot": both words name the side
            found = [w for w in found if w not in ("foot", "leg")] or found
    typing = bool(rest) and not rest[-1].isspace()
    return Query(text=text, words=tuple(found), kind=kind, foot=foot, typing=typing,
                 spelled=tuple(spelled.get(w, w) for w in found))


@dataclass
class _Vocabulary:
    """Every word of every field, once, with where it occurs."""

    where: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)  # "achille" -> "achilles"
    fuzzy: list[str] = field(default_factory=list)  # words of fields that forgive typos
    _fuzzy_set: set[str] = field(default_factory=set)

    def add(self, word: str, entry: int, fld: int, fuzzy: bool) -> None:
        self.where.setdefault(word, []).append((entry, fld))
        if fuzzy and word not in self._fuzzy_set and len(word) >= 3:
            self._fuzzy_set.add(word)
            self.fuzzy.append(word)


def _region_name(atlas: Atlas, region_id: str) -> str:
    region = atlas.regions.get(region_id)
    if region is not None:
        return region.name
    return region_id.removeprefix("z_").replace("_", " ").capitalize()


def _broad(atlas: Atlas, region_id: str) -> bool:
    region = atlas.regions.get(region_id)
    return region.broad if region is not None else False


def synonyms_of(atlas: Atlas) -> tuple[Synonym, ...]:
    """The content's `[[synonym]]` entries (the loader attaches them; none otherwise)."""
    return atlas.synonyms


class SearchIndex:
    """Built once per atlas (tens of milliseconds); a search takes about one."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.entries: list[Entry] = list(_entries(atlas))
        self.vocab = _Vocabulary()
        for e, entry in enumerate(self.entries):
            for f, fld in enumerate(entry.fields):
                for word in dict.fromkeys(fld.words):
                    self.vocab.add(word, e, f, fld.fuzzy)
                for word, spelled in _spelled(fld.text).items():
                    self.vocab.spelled.setdefault(word, spelled)
        self._by_key = {(entry.kind, entry.id): i for i, entry in enumerate(self.entries)}
        self._zone_entry = {zone_id: entry.id for entry in self.entries
                            if entry.kind == "zone" for zone_id in entry.zones}
        self._area_zones: dict[str, list[str]] = {}  # filled as synonyms reach areas
        self._synonyms = [(tuple(words(w) for w in syn.words), syn, syn.words)
                          for syn in synonyms_of(atlas)]
        self._synonym_words = sorted({w for phrases, _, _ in self._synonyms
                                      for phrase in phrases for w in phrase})

    # ---- matching words ----------------------------------------------------------------
    def _word_matches(self, typed: str, last: bool,
                      pool: Iterable[str]) -> dict[str, tuple[float, How]]:
        """Each word of `pool` the typed word matches, with its score and how."""
        out: dict[str, tuple[float, How]] = {}
        for word in pool:
            if word == typed:
                out[word] = (EXACT, "exact")
            elif word.startswith(typed) and (last or len(typed) >= 3):
                out[word] = (0.72 + 0.2 * len(typed) / len(word), "prefix")
            elif word[:5] == typed[:5] and _same_stem(typed, word):
                out[word] = (STEM, "stem")
            elif len(typed) >= 4 and typed in word:
                out[word] = (INSIDE, "inside")
        return out

    def _typos(self, typed: str, last: bool, pool: list[str]) -> dict[str, tuple[float, How]]:
        """Words of `pool` within one typing mistake (two from six letters on)."""
        if len(typed) < 4:
            return {}
        limit = 1 if len(typed) <= 5 else 2
        out: dict[str, tuple[float, How]] = {}
        for word in pool:
            dist = mistakes(typed, word, limit)
            if 0 < dist <= limit:
                out[word] = (TYPO1 if dist == 1 else TYPO2, "typo")
            elif last and word not in out and len(word) > len(typed) + 1 \
                    and mistakes(typed, word[:len(typed)], 1) == 1:
                out[word] = (TYPO2, "typo")  # a typo in a word still being typed: "stomac"
        return out

    def _known(self, typed: str, last: bool) -> bool:
        """A word the content uses (or, being typed, starts): never read as a typo, so
        "lung" does not also find "long"."""
        if typed in self.vocab.where:
            return True
        return last and any(w.startswith(typed) for w in self.vocab.where)

    def _matches(self, typed: str, last: bool,
                 pool: Iterable[str] | None = None,
                 fuzzy_pool: list[str] | None = None) -> dict[str, tuple[float, How]]:
        found = self._word_matches(typed, last, self.vocab.where if pool is None else pool)
        if self._known(typed, last):
            return found
        typos = self._typos(typed, last, self.vocab.fuzzy if fuzzy_pool is None
                            else fuzzy_pool)
        for word, hit in typos.items():
            if word not in found or found[word][0] < hit[0]:
                found[word] = hit
        return found

    # ---- searching ---------------------------------------------------------------------
    def search(self, text: str, limit: int | None = None) -> list[Result]:
        """Ranked results, best first; [] when nothing matches (see `suggest`)."""
        query = parse_query(text)
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
                scored[i] = Result(lead.entry, round(lead.score + BOTH, 4),
                                   lead.reasons + other.reasons)
        out = [r for r in scored.values()
               if query.kind is None or r.entry.kind == query.kind]
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
            for word, (quality, how) in self._matches(typed, last).items():
                fuzzy_only = how == "typo"
                for e, f in self.vocab.where[word]:
                    fld = self.entries[e].fields[f]
                    if fuzzy_only and not fld.fuzzy:
                        continue
                    if fld.cover:
                        covered.setdefault((e, f), set()).add(word)
                    score = quality * fld.weight
                    if e not in best or best[e][0] < score:
                        best[e] = (score, Reason(how, as_typed, spell.get(word, word),
                                                 fld.name), f)
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
            coverage = max((len(covered.get((e, f), ())) / len(set(fld.words))
                            for f, fld in enumerate(entry.fields) if fld.cover and fld.words),
                           default=0.0)
            score = mean + COVERAGE_BONUS * coverage + KIND_PRIOR[entry.kind]
            out[e] = Result(entry, round(score, 4), tuple(h[1] for h in hits))
        return out

    def _synonym_results(self, query: Query) -> dict[int, Result]:
        out: dict[int, Result] = {}
        if not self._synonyms:
            return out
        n = len(query.words)
        matches = [self._matches(typed, k == n - 1 and query.typing, self._synonym_words,
                                 self._synonym_words) for k, typed in enumerate(query.words)]
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
                self._add_targets(out, syn, best * SYNONYM, " ".join(query.spelled),
                                  best_phrase)
        return out

    def _add_targets(self, out: dict[int, Result], syn: Synonym, score: float,
                     typed: str, phrase: str) -> None:
        atlas = self.atlas

        def put(kind: Kind, ident: str, value: float, reached: str, via: str = "") -> None:
            i = self._by_key.get((kind, ident))
            if i is None:
                return
            entry = self.entries[i]
            value = round(value + KIND_PRIOR[kind], 4)
            if i not in out or out[i].score < value:
                out[i] = Result(entry, value, (Reason("synonym", typed, phrase, reached,
                                                      via),))

        for area in syn.body_areas:
            name = atlas.body_areas[area].name if area in atlas.body_areas else area
            put("area", area, score, name)
            if area not in self._area_zones:
                self._area_zones[area] = [z.id for z in atlas.zones_for_body_area(area)]
            for zone_id in self._area_zones[area]:
                put("zone", self._zone_entry[zone_id], score, atlas.zones[zone_id].name, name)
        for region in syn.regions:
            name = _region_name(atlas, region)
            for zone in atlas.zones_for_regions([region]):
                put("zone", self._zone_entry[zone.id], score, zone.name, name)
        targets: tuple[tuple[Kind, tuple[str, ...]], ...] = (
            ("technique", syn.techniques), ("routine", syn.sequences),
            ("safety", syn.safety), ("note", syn.notes))
        for kind, ids in targets:
            for ident in ids:
                i = self._by_key.get((kind, ident))
                if i is not None:
                    put(kind, ident, score, self.entries[i].name)

    # ---- no match ----------------------------------------------------------------------
    def suggest(self, text: str, n: int = 5) -> list[Entry]:
        """The nearest entries when `search` finds nothing: those matching some of the
        query's words, else the names closest to what was typed."""
        query = parse_query(text)
        if query.words:
            partial = sorted(self._word_results(query, need_all=False).values(),
                             key=lambda r: (-len(r.reasons), -r.score, r.entry.name))
            if partial:
                return [r.entry for r in partial[:n]]
        typed = " ".join(query.words) or normalise(text).strip()
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


# ---- what is searchable ----------------------------------------------------------------

def _claimed(atlas: Atlas, claims: Iterable[Claim]) -> list[str]:
    """The body areas claims name, once each (a zone's are as good as its name)."""
    return list(dict.fromkeys(atlas.body_areas[c.body_area].name for c in claims
                              if c.body_area in atlas.body_areas))


def _entries(atlas: Atlas) -> Iterable[Entry]:
    groups: dict[tuple[str, str], list[str]] = {}
    for zone in atlas.zones_of():  # left before right
        groups.setdefault((zone.view, zone.key), []).append(zone.id)
    for (view_id, _key), ids in groups.items():
        zone = atlas.zones[ids[0]]
        view = atlas.views.get(view_id)
        regions = " ".join(_region_name(atlas, r) for r in zone.regions
                           if not _broad(atlas, r))
        claimed = tuple(_field("claimed for", name, NAME, fuzzy=True, cover=True)
                        for name in _claimed(atlas, zone.claims))
        yield Entry("zone", ids[0], zone.name, (
            _field("name", zone.name, NAME, fuzzy=True, cover=True),
            *claimed,
            _field("region", regions, REGION, fuzzy=True),
            _field("view", view.name if view else view_id, VIEW, fuzzy=True),
            _field("number", str(zone.number), MINOR),
            _field("description", zone.description, TEXT),
        ), zones=tuple(ids))
    for area in atlas.body_areas.values():
        yield Entry("area", area.id, area.name, (
            _field("name", area.name, NAME, fuzzy=True, cover=True),
            _field("body system", area.system, MINOR, fuzzy=True),
        ))
    yield from _symptoms(atlas, groups)
    for tech in atlas.techniques.values():
        yield Entry("technique", tech.id, tech.name, (
            _field("name", tech.name, NAME, fuzzy=True, cover=True),
            _field("claimed for", " ".join(_claimed(atlas, tech.claims)), CLAIMED, fuzzy=True),
            _field("region", " ".join(_region_name(atlas, r) for r in tech.zones
                                           if not _broad(atlas, r)), REGION, fuzzy=True),
            _field("how", " ".join((tech.motion, *tech.steps)), TEXT),
        ))
    for seq in atlas.sequences.values():
        yield Entry("routine", seq.id, seq.name, (
            _field("name", seq.name, NAME, fuzzy=True, cover=True),
            _field("claimed for", " ".join(_claimed(atlas, seq.claims)), CLAIMED, fuzzy=True),
            _field("summary", seq.summary, MINOR),
            _field("steps", " ".join(s.instruction for s in seq.steps), TEXT),
        ))
    for note in atlas.notes.values():
        yield Entry("note", note.id, note.title, (
            _field("title", note.title, NAME, fuzzy=True, cover=True),
            _field("text", " ".join((*note.body, note.choice)), TEXT),
        ))
    for rule in atlas.safety.values():
        yield Entry("safety", rule.id, rule.condition, (
            _field("condition", rule.condition, NAME, fuzzy=True, cover=True),
            _field("question", rule.question or rule.question_partner, MINOR),
            _field("explanation", rule.explanation, TEXT),
        ))


def _symptoms(atlas: Atlas, groups: dict[tuple[str, str], list[str]]) -> Iterable[Entry]:
    """A claim's own words, once per wording, leading to what the claim is said of."""
    seen: set[str] = set()

    def entry(claim: Claim, where: str, target: tuple[Kind, str]) -> Entry | None:
        if not claim.note or claim.note in seen or claim.body_area not in atlas.body_areas:
            return None
        seen.add(claim.note)
        area = atlas.body_areas[claim.body_area]
        return Entry("symptom", where, claim.note, (
            _field("said", claim.note, SAID, cover=True),
            _field("claimed for", area.name, REGION, fuzzy=True),
        ), target=target, area=area.id)

    found: list[Entry | None] = []
    for ids in groups.values():
        zone = atlas.zones[ids[0]]
        found += [entry(c, f"{ids[0]}.claims[{k}]", ("zone", ids[0]))
                  for k, c in enumerate(zone.claims)]
    for region in atlas.regions.values():
        first = atlas.zones_for_regions([region.id])
        for k, c in enumerate(region.claims):
            target: tuple[Kind, str] = ("area", c.body_area) if region.broad or not first \
                else ("zone", first[0].id)
            found.append(entry(c, f"{region.id}.claims[{k}]", target))
    for tech in atlas.techniques.values():
        found += [entry(c, f"{tech.id}.claims[{k}]", ("technique", tech.id))
                  for k, c in enumerate(tech.claims)]
    for seq in atlas.sequences.values():
        found += [entry(c, f"{seq.id}.claims[{k}]", ("routine", seq.id))
                  for k, c in enumerate(seq.claims)]
    for note in atlas.notes.values():
        found += [entry(c, f"{note.id}.claims[{k}]", ("note", note.id))
                  for k, c in enumerate(note.claims)]
    return [e for e in found if e is not None]


_INDEXES: weakref.WeakKeyDictionary[Atlas, SearchIndex] = weakref.WeakKeyDictionary()


def index_for(atlas: Atlas) -> SearchIndex:
    """One index per loaded atlas, built on first use."""
    index = _INDEXES.get(atlas)
    if index is None:
        index = _INDEXES[atlas] = SearchIndex(atlas)
    return index


def search(atlas: Atlas, text: str, limit: int | None = None) -> list[Result]:
    return index_for(atlas).search(text, limit)
