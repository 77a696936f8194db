"""The only place in the app that makes HTML.

Content is data from files a user may have downloaded: a zone called
``<img src="file:///etc/passwd">`` must show those characters, not load a file. So every
string is escaped here by `markupsafe` (what Jinja2's autoescape uses): templates are
`Markup`, and `Markup.format` / `Markup.join` escape whatever they are given unless it
is itself `Markup` made in this module. Presenters never hand in markup; ids inside a
link are escaped like any other text.

The layout follows the details panel as it was (h2, h3, lists, a bordered table per
technique), so Qt's rich-text subset renders it; `palette(mid)` greys the source ids in
every theme.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from reflexmap.core.present.cards import (
    LookupCard,
    NotePage,
    SourceRef,
    TechniqueCard,
)
from reflexmap.core.present.i18n import translate
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


def technique_html(
    card: TechniqueCard, scope: str = "", notes: tuple[tuple[str, str], ...] = ()
) -> Markup:
    rows = EMPTY.join(
        Markup("<tr><td><b>{}</b>&nbsp;</td><td>{}</td></tr>").format(k, v) for k, v in card.rows
    )
    steps = EMPTY.join(Markup("<li>{}</li>").format(s) for s in card.steps)
    html = Markup(
        "<table width='100%' border='1' cellspacing='0' cellpadding='6' "
        "style='border-color:palette(mid); margin-bottom:8px'><tr><td>"
        "<p>{} {}</p><table>{}</table><ol>{}</ol>"
    ).format(
        _link("technique", card.id, Markup("<b>{}</b>").format(card.name)),
        (Markup("<i>{}</i> &middot; ").format(scope) if scope else EMPTY)
        + _link("play", card.id, translate("Present", "Do it now")),
        rows,
        steps,
    )
    if card.cautions:
        cautions = EMPTY.join(Markup("<li>{}</li>").format(c) for c in card.cautions)
        html += Markup("<p><b>{}</b></p><ul>{}</ul>").format(
            translate("Present", "Cautions"), cautions
        )
    for note_id, title in notes:
        html += Markup("<p>{}</p>").format(
            _link(
                "note",
                note_id,
                translate("Present", "Where the sources disagree: {0}").format(title),
            )
        )
    html += Markup("<p><small>{}: {}</small></p></td></tr></table>").format(
        translate("Present", "Source"), sources_html(card.sources)
    )
    return html


def _ranked_html(ranked: RankedTechnique) -> Markup:
    return technique_html(ranked.card, ranked.scope, ranked.notes)


def zone_card_html(card: ZoneCard, *, show_generic: bool = False) -> str:
    """How to work it first; the moves for the whole foot folded unless `show_generic`."""
    parts = [
        Markup("<h2>{}</h2>").format(card.title),
        Markup("<p><b>{}</b> &middot; {}</p>").format(card.side, card.view),
    ]
    if card.description:
        parts.append(Markup("<p>{}</p>").format(card.description))
    if card.links_to:
        parts.append(
            Markup("<p>{} {}</p>").format(
                translate("Present", "Reflexology links this zone to: {0}.").format(
                    ", ".join(card.links_to)
                ),
                _link("note", "evidence", translate("Present", "What the evidence says")),
            )
        )
    parts.append(Markup("<h3>{}</h3>").format(translate("Present", "How to work it")))
    if card.no_source_line:
        parts.append(Markup("<p><i>{}</i></p>").format(card.no_source_line))
    parts.extend(_ranked_html(r) for r in card.techniques)
    if card.generic:
        toggle = translate("Present", "hide") if show_generic else translate("Present", "show")
        parts.append(
            Markup("<p>{} ({})</p>").format(card.generic_line, _link("generic", "toggle", toggle))
        )
        if show_generic:
            parts.extend(_ranked_html(r) for r in card.generic)
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
    if card.sections or card.broad_line:
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


def empty_card_html() -> str:
    """What the details panel shows before a zone is chosen: how to choose one."""
    return _html(
        [
            Markup("<h2>{}</h2>").format(translate("Present", "Choose a zone")),
            Markup("<p>{}</p>").format(
                translate(
                    "Present",
                    "Click a zone on the map, or use Tab and the arrow keys, to see how to "
                    "work it and what reflexology claims about it.",
                )
            ),
            Markup("<p>{}</p>").format(
                _link("note", "evidence", translate("Present", "What the evidence says"))
            ),
        ]
    )


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
    return str(Markup("<qt>{}</qt>").format(Markup("<br>").join(lines)))
