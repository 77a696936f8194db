"""The zone details panel: name, claims with sources, technique cards, safety notes.

All content text is escaped before it goes into rich text, so a card holding markup shows
the characters, never the markup (a content pack cannot load files or images).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from reflexmap.core.atlas import Atlas
from reflexmap.core.models import CLAIM_KIND_LABELS, EFFECT_LABELS, STRENGTH_LABELS, Technique

PRESSURE_LABELS = {
    "light": "light", "gentle": "gentle", "low": "low", "moderate": "moderate",
    "firm": "firm", "firm_but_gentle": "firm but gentle", "increasing": "rising slowly",
    "varied": "varied", "not_stated": "not stated by the source",
}


def e(text: str) -> str:
    return escape(text, quote=True)


class ZoneDetails(QTextBrowser):
    technique_hovered = Signal(str)  # "" when the pointer leaves a card title
    technique_opened = Signal(str)
    note_requested = Signal(str)
    zone_requested = Signal(str)

    def __init__(self, atlas: Atlas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zoneDetails")
        self.setAccessibleName(self.tr("Zone details"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.atlas = atlas
        self.zone_id: str | None = None
        self.lighter_pressure = False
        self.anchorClicked.connect(self._on_anchor)
        self.highlighted.connect(self._on_highlight)
        self.show_zone(None)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "technique":
            self.technique_opened.emit(ident)
        elif kind == "note":
            self.note_requested.emit(ident)
        elif kind == "zone":
            self.zone_requested.emit(ident)

    def _on_highlight(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        self.technique_hovered.emit(ident if kind == "technique" else "")

    def source_label(self, source_id: str) -> str:
        source = self.atlas.sources.get(source_id)
        if source is None:
            return e(source_id)
        if source.kind == "article":
            return f"{e(source.title)} <span style='color:palette(mid)'>({e(source.id)})</span>"
        return e(source.title)

    def show_zone(self, zone_id: str | None) -> None:
        self.zone_id = zone_id
        if zone_id is None or zone_id not in self.atlas.zones:
            self.setHtml(
                "<h2>" + e(self.tr("Choose a zone")) + "</h2><p>"
                + e(self.tr("Click a zone on the foot, or use Tab and the arrow keys, to see "
                            "how to work it and what reflexology claims about it."))
                + "</p><p><a href='note:evidence'>" + e(self.tr("What the evidence says"))
                + "</a></p>")
            return
        self.setHtml(self.zone_html(zone_id))

    def show_lookup(self, area_id: str) -> None:
        """Reverse lookup: the zones claimed for a body area, on every view and foot."""
        self.zone_id = None
        area = self.atlas.body_areas[area_id]
        zones = self.atlas.zones_for_body_area(area_id)
        parts = [f"<h2>{e(area.name)}</h2><p><i>{e(area.system)}</i></p>",
                 "<p>" + e(self.tr("Zones that reflexology charts link to this body area "
                                   "(hatched on the map):")) + "</p><ul>"]
        for z in zones:
            foot = self.tr("left foot") if z.foot == "left" else self.tr("right foot")
            view = self.atlas.views[z.view].name
            parts.append(f"<li><a href='zone:{e(z.id)}'>{z.number}. {e(z.name)}</a> "
                         f"({e(foot)}; {e(view)})</li>")
        parts.append("</ul><p><i>" + e(self.tr(
            "A claim of reflexology, not a medical fact.")) + "</i> <a href='note:evidence'>"
            + e(self.tr("What the evidence says")) + "</a></p>")
        self.setHtml("".join(parts))

    def zone_html(self, zone_id: str) -> str:
        atlas = self.atlas
        zone = atlas.zones[zone_id]
        if atlas.views[zone.view].kind == "leg":
            foot = self.tr("Left leg") if zone.foot == "left" else self.tr("Right leg")
        else:
            foot = self.tr("Left foot") if zone.foot == "left" else self.tr("Right foot")
        view = atlas.views[zone.view].name
        parts = [f"<h2>{zone.number}. {e(zone.name)}</h2>",
                 f"<p><b>{e(foot)}</b> &middot; {e(view)}</p>"]
        if zone.description:
            parts.append(f"<p>{e(zone.description)}</p>")
        parts.append("<h3>" + e(self.tr("What reflexology claims")) + "</h3>")
        claims = atlas.claims_for_zone(zone_id)
        if claims:
            parts.append("<ul>")
            for claim, region_id in claims:
                area = atlas.body_areas[claim.body_area]
                scope = ""
                if region_id is not None:
                    scope = "<br>" + e(self.tr("Said of the {0} as a whole.").format(
                        atlas.regions[region_id].name.lower()))
                sources = "; ".join(self.source_label(s) for s in claim.sources)
                kind = CLAIM_KIND_LABELS[claim.kind]
                strength = STRENGTH_LABELS[claim.strength]
                parts.append(
                    f"<li><b>{e(area.name)}</b> <i>({e(area.system)})</i><br>"
                    f"{e(self.tr('Kind'))}: {e(kind)}; {e(strength)}.<br>"
                    f"{e(self.tr('Source'))}: {sources}" + scope
                    + (f"<br>{e(claim.note)}" if claim.note else "") + "</li>")
            parts.append("</ul>")
        else:
            parts.append("<p>" + e(self.tr("No claims are recorded for this zone.")) + "</p>")
        parts.append(
            "<p><i>" + e(self.tr("These are claims of reflexology, not medical facts. "))
            + "</i><a href='note:evidence'>" + e(self.tr("What the evidence says"))
            + "</a></p>")
        techniques = atlas.techniques_for_zone(zone_id)
        parts.append("<h3>" + e(self.tr("How to work this area")) + "</h3>")
        if not techniques:
            parts.append("<p>" + e(self.tr("No technique in the sources targets this zone."))
                         + "</p>")
        for technique in techniques:
            parts.append(self.card_html(technique))
        rules = atlas.safety_for_zone(zone_id)
        if rules:
            parts.append("<h3>" + e(self.tr("Safety")) + "</h3><ul>")
            for rule in rules:
                parts.append(f"<li><b>{e(EFFECT_LABELS[rule.effect].capitalize())}:</b> "
                             f"{e(rule.condition)}. {e(rule.explanation)}</li>")
            parts.append("</ul>")
        return "".join(parts)

    def card_html(self, t: Technique) -> str:
        pressure = PRESSURE_LABELS.get(t.pressure, t.pressure)
        if self.lighter_pressure:
            pressure = self.tr("light (lowered by your safety answers)")
        amount = t.repetitions or ""
        if t.duration_s:
            amount = (amount + "; " if amount else "") + self.tr("{0} s").format(t.duration_s)
        steps = "".join(f"<li>{e(s)}</li>" for s in t.steps)
        cautions = "".join(f"<li>{e(c)}</li>" for c in t.cautions)
        sources = "; ".join(self.source_label(s) for s in t.sources)
        rows = [
            (self.tr("Direction"), e(t.motion)),
            (self.tr("Pressure"), e(pressure)),
            (self.tr("Repetitions or time"), e(amount or self.tr("not stated by the source"))),
            (self.tr("Hands"), e(", ".join(t.hands))),
        ]
        table = "".join(f"<tr><td><b>{e(k)}</b>&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        html = (f"<table width='100%' border='1' cellspacing='0' cellpadding='6' "
                f"style='border-color:palette(mid); margin-bottom:8px'><tr><td>"
                f"<p><a href='technique:{e(t.id)}'><b>{e(t.name)}</b></a></p>"
                f"<table>{table}</table><ol>{steps}</ol>")
        if cautions:
            html += f"<p><b>{e(self.tr('Cautions'))}</b></p><ul>{cautions}</ul>"
        html += f"<p><small>{e(self.tr('Source'))}: {sources}</small></p></td></tr></table>"
        return html
