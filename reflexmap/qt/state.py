"""UI state: changed only through these small functions, announced by one signal.

Widgets never reach into each other; they call these functions and refresh from `changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reflexmap.core.atlas import Atlas


class AppState(QObject):
    changed = Signal()

    def __init__(self, atlas: Atlas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.view_id = next(iter(atlas.views))
        self.selected_zone: str | None = None
        self.lookup_area: str | None = None
        self.open_technique: str | None = None  # card opened: its motion stays on the map
        self.hover_technique: str | None = None  # card title under the pointer

    @property
    def lookup_zones(self) -> set[str]:
        if not self.lookup_area:
            return set()
        return {z.id for z in self.atlas.zones_for_body_area(self.lookup_area)}

    @property
    def motion_technique(self) -> str | None:
        return self.hover_technique or self.open_technique

    def set_view(self, view_id: str) -> None:
        if view_id in self.atlas.views and view_id != self.view_id:
            self.view_id = view_id
            if self.selected_zone and self.atlas.zones[self.selected_zone].view != view_id:
                self.selected_zone = None
            self.changed.emit()

    def select_zone(self, zone_id: str | None) -> None:
        if zone_id is not None and zone_id not in self.atlas.zones:
            return
        self.selected_zone = zone_id
        self.open_technique = None
        if zone_id is not None:
            self.view_id = self.atlas.zones[zone_id].view
        self.changed.emit()

    def lookup(self, area_id: str | None) -> None:
        self.lookup_area = area_id if area_id in self.atlas.body_areas else None
        if self.lookup_area:
            views = [z.view for z in self.atlas.zones_for_body_area(self.lookup_area)]
            if views and self.view_id not in views:
                self.view_id = views[0]
        self.changed.emit()

    def show_technique(self, technique_id: str | None, *, hover: bool = False) -> None:
        if hover:
            self.hover_technique = technique_id or None
        else:
            self.open_technique = technique_id or None
        self.changed.emit()

    def clear(self) -> None:
        self.selected_zone = None
        self.lookup_area = None
        self.open_technique = None
        self.hover_technique = None
        self.changed.emit()
