"""The UI state: one evented model, one Qt signal per field, changed only by its operations.

Every field has a `<field>_changed` signal carrying the new value. Views subscribe to the
fields they show and keep no copies: they read `state.<field>` when told. An operation
may change several fields at once (selecting a zone on another view changes the view
too); all fields are updated first and the signals are emitted afterwards, in field
order, so a listener never sees a half-made change.

The rules that keep the fields consistent live here and only here:

* a selected, focused or hovered zone is always a zone of the current view;
* selecting a zone moves the keyboard focus to it (Down after a click moves from there);
* a lookup and a routine overlay are never shown together: setting one clears the other,
  so the hatching on the map is always what the panel describes;
* the card whose motion is drawn belongs to the selected zone: selecting clears it.

`marks` is what the practice journal lays over the map (the marks of the session being
recorded, or a person's heat over a range): a tint and a number per zone. It is drawn by
the one paint routine, so the printed progress sheet shows what the screen shows.

Why Qt signals and not psygnal: the state is only ever read by Qt widgets and Qt
signals cost no import at start (psygnal pulls in importlib.metadata). What is the same
in every window (the theme, names on the map) is not here: `app_state.AppState`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Signal

from reflexmap.core.atlas import Atlas
from reflexmap.core.practice import Who
from reflexmap.core.present.i18n import trn
from reflexmap.core.readable import Readable

if TYPE_CHECKING:
    from reflexmap.core.user_store import UserStore


@dataclass(frozen=True, repr=False)
class Overlay(Readable):
    """What a running routine step lights on the map: its zones (all views, the step's
    foot only) and the technique whose motion is drawn."""

    zones: frozenset[str]
    technique: str | None = None


@dataclass(frozen=True, repr=False)
class MarkLayer(Readable):
    """Tenderness laid over the map: per zone a value 0-3 (the tint) and the text drawn on
    it (a session's mark, or a mean over sessions). `title` names it in the legend."""

    values: Mapping[str, float]
    labels: Mapping[str, str]
    title: str = ""


def _number(value: float) -> str:
    return str(round(value)) if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def heat_layer(
    atlas: Atlas,
    store: UserStore,
    person_id: int,
    start: datetime | None,
    end: datetime | None,
    name: str,
    count: int,
) -> MarkLayer:
    """The mean tenderness of each zone of this content over `count` sessions in the range,
    as the map (and a progress sheet's pages) lay it over the zones."""
    heat = {z: c for z, c in store.heat(person_id, start, end).items() if z in atlas.zones}
    return MarkLayer(
        values={z: c.mean for z, c in heat.items()},
        labels={z: _number(c.mean) for z, c in heat.items()},
        title=trn(
            "MarkLayer",
            "Mean tenderness, {0}, %n session",
            "Mean tenderness, {0}, %n sessions",
            count,
        ).format(name),
    )


FIELDS = (
    "view",
    "selected",
    "focus",
    "hover",
    "lookup",
    "open_technique",
    "hover_technique",
    "overlay",
    "lighter_pressure",
    "marks",
    "rhythm",
    "mine",
    "pair",
    "who",
)


class UiState(QObject):
    view_changed = Signal(str)
    selected_changed = Signal(object)  # zone id or None
    focus_changed = Signal(object)  # zone id with the keyboard focus ring, or None
    hover_changed = Signal(object)  # zone id under the pointer, or None
    lookup_changed = Signal(object)  # body area id or None
    open_technique_changed = Signal(object)  # technique card opened (its motion stays)
    hover_technique_changed = Signal(object)  # technique card title under the pointer
    overlay_changed = Signal(object)  # Overlay or None
    lighter_pressure_changed = Signal(bool)  # the safety check asked for lighter pressure
    marks_changed = Signal(object)  # MarkLayer or None
    rhythm_changed = Signal(object)  # seconds into the shown move's rhythm, or None
    mine_changed = Signal(object)  # frozenset: zones with the user's note or star
    pair_changed = Signal(object)  # the selected zone's twin on the other foot, or None
    who_changed = Signal(object)  # "self" / "partner": whose feet; None: not asked yet

    def __init__(self, atlas: Atlas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self._values: dict[str, Any] = dict.fromkeys(FIELDS)
        self._values.update(view=next(iter(atlas.views), ""), lighter_pressure=False)

    # ---- reading ----------------------------------------------------------------------
    @property
    def view(self) -> str:
        return cast("str", self._values["view"])

    @property
    def selected(self) -> str | None:
        return cast("str | None", self._values["selected"])

    @property
    def focus(self) -> str | None:
        return cast("str | None", self._values["focus"])

    @property
    def hover(self) -> str | None:
        return cast("str | None", self._values["hover"])

    @property
    def lookup(self) -> str | None:
        return cast("str | None", self._values["lookup"])

    @property
    def open_technique(self) -> str | None:
        return cast("str | None", self._values["open_technique"])

    @property
    def hover_technique(self) -> str | None:
        return cast("str | None", self._values["hover_technique"])

    @property
    def overlay(self) -> Overlay | None:
        return cast("Overlay | None", self._values["overlay"])

    @property
    def lighter_pressure(self) -> bool:
        return cast("bool", self._values["lighter_pressure"])

    @property
    def marks(self) -> MarkLayer | None:
        return cast("MarkLayer | None", self._values["marks"])

    @property
    def rhythm(self) -> float | None:
        return cast("float | None", self._values["rhythm"])

    @property
    def pair(self) -> str | None:
        return cast("str | None", self._values["pair"])

    @property
    def mine(self) -> frozenset[str]:
        """The zones the user wrote a note on or starred (a small mark on the map and in
        the lists); set by the user-data feature."""
        return cast("frozenset[str]", self._values["mine"] or frozenset())

    @property
    def who(self) -> Who | None:
        return cast("Who | None", self._values["who"])

    @property
    def lookup_zones(self) -> frozenset[str]:
        if not self.lookup:
            return frozenset()
        return frozenset(z.id for z in self.atlas.zones_for_body_area(self.lookup))

    @property
    def hatched_zones(self) -> frozenset[str]:
        """The zones hatched on the map: the routine step's, else the lookup's."""
        return self.overlay.zones if self.overlay is not None else self.lookup_zones

    @property
    def motion_technique(self) -> str | None:
        """The technique whose direction is drawn: the step's, a hovered card's, an open
        card's."""
        if self.overlay is not None and self.overlay.technique:
            return self.overlay.technique
        return self.hover_technique or self.open_technique

    def on_view(self, zone_id: str | None) -> bool:
        return (
            zone_id is not None
            and zone_id in self.atlas.zones
            and self.atlas.zones[zone_id].view == self.view
        )

    # ---- the one place that writes -----------------------------------------------------
    def _update(self, **changes: Any) -> None:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise AttributeError(f"UiState has no field {sorted(unknown)}")
        if "view" in changes and changes["view"] != self.view:
            view = changes["view"]  # zones of the old view do not survive a switch
            for name in ("selected", "focus", "hover", "pair"):
                zone_id = changes.get(name, self._values[name])
                if zone_id is not None and self.atlas.zones[zone_id].view != view:
                    changes[name] = None
            if self._values["focus"] is not None and changes.get("focus", 1) is None:
                # a zone keeps the focus: the new view's first (issue 29)
                changes["focus"] = next((z.id for z in self.atlas.zones_of(view=view)), None)
        changed = [n for n in FIELDS if n in changes and changes[n] != self._values[n]]
        for name in changed:
            self._values[name] = changes[name]
        for name in changed:
            getattr(self, f"{name}_changed").emit(self._values[name])

    # ---- operations --------------------------------------------------------------------
    def set_view(self, view_id: str) -> None:
        if view_id in self.atlas.views:
            self._update(view=view_id)

    def select_zone(self, zone_id: str | None, *, both: bool = False) -> None:
        """`both`: the same zone on the other foot is selected with it (a search result
        "(both feet)"); any other selection drops the pair."""
        if zone_id is None:
            self._update(selected=None, open_technique=None, pair=None)
            return
        if zone_id not in self.atlas.zones:
            return
        zone = self.atlas.zones[zone_id]
        pair = None
        if both:
            pair = next(
                (
                    z.id
                    for z in self.atlas.zones_of(view=zone.view)
                    if z.key == zone.key and z.id != zone_id
                ),
                None,
            )
        self._update(
            view=zone.view,
            selected=zone_id,
            focus=zone_id,
            open_technique=None,
            pair=pair,
        )

    def set_focus(self, zone_id: str | None) -> None:
        if zone_id is None or self.on_view(zone_id):
            self._update(focus=zone_id)

    def set_hover(self, zone_id: str | None) -> None:
        if zone_id is None or self.on_view(zone_id):
            self._update(hover=zone_id)

    def look_up(self, area_id: str | None) -> None:
        """Hatch every zone claimed for a body area; the panel lists them. Shows the view
        holding most of them when the current one holds none."""
        if area_id is not None and area_id not in self.atlas.body_areas:
            return
        changes: dict[str, Any] = {"lookup": area_id}
        if area_id is not None:
            changes.update(selected=None, overlay=None, open_technique=None, pair=None)
            views = [z.view for z in self.atlas.zones_for_body_area(area_id)]
            if views and self.view not in views:
                changes["view"] = max(dict.fromkeys(views), key=views.count)
        self._update(**changes)

    def show_technique(self, technique_id: str | None, *, hover: bool = False) -> None:
        if technique_id is not None and technique_id not in self.atlas.techniques:
            technique_id = None
        self._update(**{"hover_technique" if hover else "open_technique": technique_id})

    def set_overlay(self, overlay: Overlay | None, view: str | None = None) -> None:
        """A routine step lights its zones; the lookup goes (the map shows one thing)."""
        changes: dict[str, Any] = {"overlay": overlay}
        if overlay is not None:
            changes["lookup"] = None
            if view is not None and view in self.atlas.views:
                changes["view"] = view
        self._update(**changes)

    def set_lighter_pressure(self, on: bool) -> None:
        self._update(lighter_pressure=bool(on))

    def set_rhythm(self, seconds: float | None) -> None:
        """How far into its beat the shown move is (the map's clock sets it; paper never
        does, so a printed chart shows the arrow alone)."""
        self._update(rhythm=seconds)

    def set_mine(self, zone_ids: frozenset[str]) -> None:
        self._update(mine=frozenset(z for z in zone_ids if z in self.atlas.zones))

    def set_marks(self, layer: MarkLayer | None) -> None:
        """The journal's marks or heat on the map (None: none)."""
        self._update(marks=layer)

    def set_who(self, who: str | None) -> None:
        """Whose feet the cards, steps and questions speak of ("self" or "partner")."""
        if who in (None, "self", "partner"):
            self._update(who=who)

    def clear(self) -> None:
        """Escape: nothing selected, nothing looked up, no card's motion."""
        self._update(
            selected=None, lookup=None, open_technique=None, hover_technique=None, pair=None
        )
