"""The only place in the app that makes HTML.

Content is data from files a user may have downloaded: a zone called
``<img src="file:///etc/passwd">`` must show those characters, not load a file. So every
string is escaped here by `markupsafe` (what Jinja2's autoescape uses): templates are
`Markup`, and `Markup.format` / `Markup.join` escape whatever they are given unless it
is itself `Markup` made in this module. Presenters never hand in markup; ids inside a
link are escaped like any other text.

The layout: h2, h3, lists, each move under an h4 (no tables: see `_move_box`), in
Qt's rich-text subset; `palette(mid)` greys the source ids in every theme.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from markupsafe import Markup, escape

from reflexmap.core.present.cards import (
    LookupCard,
    NotePage,
    SourceRef,
    TechniqueCard,
)
from reflexmap.core.present.i18n import QT_TRANSLATE_NOOP, translate, trn
from reflexmap.core.present.primer import Primer
from reflexmap.core.present.zone_card import ClaimGroup, RankedTechnique, ZoneCard

EMPTY = Markup("")


def _html(parts: Iterable[Markup]) -> str:
    # A plain str: a Markup handed to callers would escape whatever they add to it.
    return str(EMPTY.join(parts))


def _link(scheme: str, ident: str, label: str | Markup) -> Markup:
    return Markup("<a href='{}:{}'>{}</a>").format(scheme, ident, label)


def _evidence_line(lead: str) -> Markup:
    return Markup("<p><i>{}</i> {}</p>").format(
        lead, _link("note", "evidence", translate("Present", "What the evidence says"))
    )


def source_html(ref: SourceRef) -> Markup:
    """A source by its title: a reader cites an article by its title, not its file name."""
    return Markup("{}").format(ref.title)


def sources_html(refs: Iterable[SourceRef]) -> Markup:
    return Markup("; ").join(source_html(r) for r in refs)


def claim_html(group: ClaimGroup) -> Markup:
    head = (
        Markup("<b>{}</b>").format(_link("area", group.area_id, group.area))
        if group.area_id
        else escape(group.area)
    )
    if group.system:
        head += Markup(" <i>({})</i>").format(group.system)
    body = [
        head,
        escape(translate("Present", "Kind: {0}; {1}.").format(group.kinds, group.strengths)),
        Markup("{}: {}").format(translate("Present", "Source"), sources_html(group.sources)),
    ]
    body += [escape(n) for n in group.notes]
    return Markup("<li>{}</li>").format(Markup("<br>").join(body))


def _move_box(card: TechniqueCard, scope: str) -> Markup:
    """A move's title, a heading (a reader's outline lists it; a screen reader reads it
    as the start of a move): the name (a link that draws the move on the map), the scope,
    and "Do it now". No table: Qt's text puts
    private-use characters (U+FDD0/U+FDD1) at a table's edges into what a screen reader
    reads."""
    return Markup(
        "<h4 style='margin-top:4px; margin-bottom:0px'>{}</h4>"
        "<p style='margin-top:0px; margin-bottom:4px'>{}</p>"
    ).format(
        _link("technique", card.id, card.name),
        (Markup("<i>{}</i> &middot; ").format(scope) if scope else EMPTY)
        + _link("play", card.id, translate("Present", "Do it now")),
    )


def steps_html(steps: Iterable[str]) -> Markup:
    """Numbered steps with the number in the text (a list's numbers are drawn, not read:
    a screen reader reading the card would lose them)."""
    return EMPTY.join(
        Markup(
            "<p style='margin-left:22px; text-indent:-14px; margin-top:0px; "
            "margin-bottom:0px'><b>{}.</b>&nbsp;{}</p>"
        ).format(i, step)
        for i, step in enumerate(steps, 1)
    )


def _disagreements(notes: tuple[tuple[str, str], ...]) -> Markup:
    return EMPTY.join(
        Markup("<p>{}</p>").format(
            _link(
                "note",
                note_id,
                translate("Present", "Where the sources disagree: {0}").format(title),
            )
        )
        for note_id, title in notes
    )


def technique_html(
    card: TechniqueCard, scope: str = "", notes: tuple[tuple[str, str], ...] = ()
) -> Markup:
    """A move's full record: every row (direction, pressure, time, hands), every source."""
    rows = EMPTY.join(Markup("<p><b>{}:</b> {}</p>").format(k, v) for k, v in card.rows)
    html = _move_box(card, scope) + rows + steps_html(card.steps)
    if card.cautions:
        cautions = EMPTY.join(Markup("<li>{}</li>").format(c) for c in card.cautions)
        html += Markup("<p><b>{}</b></p><ul>{}</ul>").format(
            translate("Present", "Cautions"), cautions
        )
    html += _disagreements(notes)
    html += Markup("<p><small>{}: {}</small></p>").format(
        translate("Present", "Source"), sources_html(card.sources)
    )
    return html


def _ranked_html(ranked: RankedTechnique) -> Markup:
    return technique_html(ranked.card, ranked.scope, ranked.notes)


# The project's drawings of the hand for each basic move (assets/hands/<move>.svg), looked
# at at card size (160x120) before shipping; a drawing that does not read as a hand is
# left out of this set rather than shown. All five read: see docs/architecture.md.
HAND_DRAWINGS = {
    "thumb_walk": QT_TRANSLATE_NOOP("Present", "Thumb walking"),
    "finger_walk": QT_TRANSLATE_NOOP("Present", "Finger walking"),
    "hook": QT_TRANSLATE_NOOP("Present", "Hook in and back up"),
    "rotate": QT_TRANSLATE_NOOP("Present", "Rotating on a point"),
    "breath": QT_TRANSLATE_NOOP("Present", "Press and hold with the breath"),
}


HAND_SIZE = {"right": (96, 72), "left": (160, 120)}  # on a card (beside the facts); primer


def hand_html(move: str, *, align: str = "right") -> Markup:
    """The drawing of a basic move's hand position, as an image the panel loads when the
    card is first shown with it (`hand:` resources; ZoneDetails.loadResource)."""
    if move not in HAND_DRAWINGS:
        return EMPTY
    return Markup("<img src='hand:{}' width='{}' height='{}' align='{}' alt='{}'>").format(
        move, *HAND_SIZE[align], align, translate("Present", HAND_DRAWINGS[move])
    )


def move_html(ranked: RankedTechnique) -> Markup:
    """A move as the card teaches it: what to do, and only the facts a source gives
    (pressure, time, hands); where it comes from in one short line. The full record
    (direction, every row, every source) is one click away."""
    card = ranked.card
    facts = Markup(" &middot; ").join(
        Markup("<b>{}:</b> {}").format(label, value) for label, value in card.brief
    )
    html = _move_box(card, ranked.scope)
    if facts or card.move:
        html += Markup("<p>{}{}</p>").format(hand_html(card.move), facts)
    html += steps_html(card.steps)
    for caution in card.cautions:
        html += Markup("<p><b>{}</b> {}</p>").format(translate("Present", "Mind:"), caution)
    html += _disagreements(ranked.notes)
    if card.provenance:
        html += Markup("<p><small><i>{}</i></small></p>").format(card.provenance)
    return html


def zone_card_html(
    card: ZoneCard,
    *,
    open_folds: Collection[str] = (),
    full: bool = False,
    show_generic: bool = False,
) -> str:
    """The zone, then the one move the card teaches first (its steps on the first
    screen), then the other moves folded by kind (`open_folds` names the unfolded ones),
    then the claims. `full`: the full record, every move with every field.
    `show_generic`: every fold open."""
    # the zone line: where it is, one paragraph (the move's steps need the room below)
    where = Markup("<b>{}</b> &middot; {}").format(card.side, card.view)
    if card.description:
        where += Markup(". {}").format(card.description)
    parts = [Markup("<h2>{}</h2>").format(card.title), Markup("<p>{}</p>").format(where)]
    parts.append(Markup("<h3>{}</h3>").format(translate("Present", "How to work it")))
    # said once, under the move it qualifies: the move's steps come first
    no_source = (
        Markup("<p><small><i>{}</i></small></p>").format(card.no_source_line)
        if card.no_source_line
        else EMPTY
    )
    if full:
        parts.append(no_source)
        parts.extend(_ranked_html(r) for r in (*card.techniques, *card.generic))
    else:
        first = card.recommended
        if first is not None:
            parts.append(move_html(first))
        parts.append(no_source)
        for fold in card.folds:
            unfolded = show_generic or fold.key in open_folds
            toggle = translate("Present", "hide") if unfolded else translate("Present", "show")
            names = ", ".join(r.card.name for r in fold.moves[:3])
            if len(fold.moves) > 3:
                names += translate("Present", "…")
            moves = len(fold.moves)  # a plain name: lupdate reads no call as the count
            parts.append(
                Markup("<p><b>{}</b> ({}): {} ({})</p>").format(
                    fold.heading,
                    trn("Present", "%n move", "%n moves", moves),
                    names,
                    _link("fold", fold.key, toggle),
                )
            )
            if unfolded:
                parts.extend(move_html(r) for r in fold.moves)
    full_label = (
        translate("Present", "Back to the short card")
        if full
        else translate("Present", "Full record")
    )
    parts.append(
        Markup("<p>{} &middot; {}</p>").format(
            _link("full", "toggle", full_label),
            _link(
                "primer",
                "start",
                translate("Present", "Start here: how to sit, how firm, the moves"),
            ),
        )
    )
    if card.links_to:  # what it is for: after how to work it, before the claims
        parts.append(
            Markup("<p>{}</p>").format(
                translate("Present", "Reflexology links this zone to: {0}.").format(
                    ", ".join(card.links_to)
                )
            )
        )
    for section in card.sections:
        parts.append(
            Markup("<h3>{}</h3><ul>{}</ul>").format(
                section.heading, EMPTY.join(claim_html(g) for g in section.groups)
            )
        )
    if card.broad_line:
        parts.append(
            Markup("<p>{} {}</p>").format(
                card.broad_line,
                _link("note", "about_claims", translate("Present", "About these claims")),
            )
        )
    if card.sections or card.broad_line or card.links_to:
        parts.append(
            _evidence_line(
                translate(
                    "Present",
                    "These are claims of reflexology and of the articles, not medical facts.",
                )
            )
        )
    items = [Markup("<li>{}</li>").format(n) for n in card.area_notes]
    items += [
        Markup("<li><b>{}:</b> {}</li>").format(
            s.effect, translate("Present", "{0}. {1}").format(s.condition, s.explanation)
        )
        for s in card.safety
    ]
    if card.general_line:
        items.append(
            Markup("<li>{} {}</li>").format(
                card.general_line, _link("safety", "check", translate("Present", "Safety check"))
            )
        )
    if items:
        parts.append(
            Markup("<h3>{}</h3><ul>{}</ul>").format(
                translate("Present", "Take care"), EMPTY.join(items)
            )
        )
    if card.notes:
        items = [
            Markup("<li>{}</li>").format(_link("note", nid, title)) for nid, title in card.notes
        ]
        parts.append(
            Markup("<h3>{}</h3><ul>{}</ul>").format(
                translate("Present", "Where the sources disagree"), EMPTY.join(items)
            )
        )
    return _html(parts)


def primer_html(page: Primer) -> str:
    """Help > Start here: the moves with their drawings, the rest as short lists."""
    parts = [Markup("<h2>{}</h2><p>{}</p>").format(page.title, page.intro)]
    for section in page.sections:
        parts.append(Markup("<h3>{}</h3>").format(section.heading))
        if len(section.lines) > 1:
            parts.append(
                Markup("<ul>{}</ul>").format(
                    EMPTY.join(Markup("<li>{}</li>").format(line) for line in section.lines)
                )
            )
        else:
            parts.extend(Markup("<p>{}</p>").format(line) for line in section.lines)
        for move in section.moves:
            parts.append(  # no table: see _move_box (the drawing floats left of the words)
                Markup("<h4>{}</h4><p>{}{}</p>").format(
                    move.name, hand_html(move.move, align="left"), move.how
                )
            )
        href, label = section.link
        if href:
            kind, _, ident = href.partition(":")
            parts.append(Markup("<p>{}</p>").format(_link(kind, ident, label)))
    return _html(parts)


def empty_card_html(*, offer_primer: bool = False) -> str:
    """What the details panel shows before a zone is chosen: how to choose one; on the
    first start, Start here offered first (in the card: nothing modal, no focus taken)."""
    parts = [Markup("<h2>{}</h2>").format(translate("Present", "Choose a zone"))]
    if offer_primer:
        parts.append(
            Markup("<p><b>{}</b> {}</p>").format(
                translate("Present", "New to foot massage and reflexology?"),
                _link(
                    "primer",
                    "start",
                    translate(
                        "Present",
                        "Start here: how to sit, how firm to press, the basic moves, how "
                        "long, and what the evidence says (also under Help > Start Here).",
                    ),
                ),
            )
        )
    parts += [
        Markup("<p>{}</p>").format(
            translate(
                "Present",
                "Click a zone on the map, or use Tab and the arrow keys, to see how to "
                "work it and what reflexology claims about it.",
            )
        ),
        Markup("<p>{} &middot; {}</p>").format(
            _link("primer", "start", translate("Present", "Start here")),
            _link("note", "evidence", translate("Present", "What the evidence says")),
        ),
    ]
    return _html(parts)


def lookup_html(card: LookupCard) -> str:
    items = EMPTY.join(
        Markup("<li>{}</li>").format(_link("zone", zid, line)) for zid, line in card.zones
    )
    return _html(
        [
            Markup("<h2>{}</h2>").format(card.area),
            Markup("<p><i>{}</i></p>").format(card.system) if card.system else EMPTY,
            Markup("<p>{}</p>").format(
                translate(
                    "Present",
                    "Zones that reflexology charts link to this body area (hatched on the map):",
                )
            ),
            Markup("<ul>{}</ul>").format(items),
            _evidence_line(translate("Present", "A claim of reflexology, not a medical fact.")),
        ]
    )


def note_html(page: NotePage) -> str:
    parts = [Markup("<h3>{}</h3>").format(page.title)]
    parts.extend(Markup("<p>{}</p>").format(p) for p in page.paragraphs)
    if page.sources:
        parts.append(
            Markup("<p><small>{}: {}</small></p>").format(
                translate("Present", "Sources"), Markup("; ").join(page.sources)
            )
        )
    return _html(parts)


def note_links_html(notes: Iterable[tuple[str, str]]) -> str:
    """Links to the disagreement notes a routine concerns (the safety check shows them)."""
    items = [Markup("<li>{}</li>").format(_link("note", nid, title)) for nid, title in notes]
    return _html([Markup("<ul>{}</ul>").format(EMPTY.join(items))]) if items else ""


def verdict_html(paragraphs: Iterable[str], *, strong_first: bool = False) -> str:
    """`strong_first`: the first paragraph says the routine (or part of it) is blocked,
    which matters more than the rest (pass ``bool(verdict.blocking)``)."""
    out = []
    for i, text in enumerate(paragraphs):
        template = "<p><b>{}</b></p>" if strong_first and i == 0 else "<p>{}</p>"
        out.append(Markup(template).format(text))
    return _html(out)


def plain_to_rich(text: str) -> str:
    """For Qt tooltips and labels that guess the format: text that looks like HTML would
    be rendered as HTML. Escaped and wrapped in ``<qt>`` it is always rich text that shows
    the original characters, with its line breaks kept."""
    lines = text.splitlines() or [""]
    # escape() per line, not Markup.format: the same text, a tenth of the time (a tooltip
    # for each of the 200 zones in the lists and on the map is made before the first paint)
    return "<qt>" + "<br>".join(str(escape(line)) for line in lines) + "</qt>"
