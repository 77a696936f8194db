"""Finding a zone: the zone list and the body-area browser (left), and search (Ctrl+F)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSignalBlocker, QStringListModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from reflexmap.core.present import labels
from reflexmap.qt.context import AppContext, Shell


class BrowseFeature(QObject):
    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        super().__init__(shell.widget())
        self.ctx = ctx
        state = ctx.state
        self.zone_list = QListWidget()
        self.zone_list.setObjectName("zoneList")
        self.zone_list.setAccessibleName(self.tr("Zones of this view"))
        self.areas = QTreeWidget()
        self.areas.setObjectName("bodyAreas")
        self.areas.setAccessibleName(self.tr("Body areas by body system"))
        self.areas.setHeaderLabels([self.tr("Body area"), self.tr("Zones")])
        shell.place("side", self.zone_list, self.tr("Zones"))
        shell.place("side", self.areas, self.tr("Body areas"))
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setAccessibleName(self.tr("Search zones, body areas, techniques, routines"))
        self.search.setPlaceholderText(self.tr("Search (Ctrl+F): zones, body areas, techniques…"))
        self.search.setClearButtonEnabled(True)
        shell.add_toolbar_widget(self.search)
        find = QAction(self.tr("&Find…"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        shell.add_action("edit", find)
        self._build_search()
        self._build_areas()

        self.zone_list.currentItemChanged.connect(self._on_list_item)
        # the current row may be the focus ring's, not the selection: a click or Enter on
        # it must still select it
        self.zone_list.itemClicked.connect(self._on_list_item)
        self.zone_list.itemActivated.connect(self._on_list_item)
        self.areas.itemActivated.connect(self._on_area_item)
        self.areas.itemClicked.connect(self._on_area_item)
        state.view_changed.connect(self._fill_zone_list)
        state.selected_changed.connect(self._follow)
        state.focus_changed.connect(self._follow)
        state.lookup_changed.connect(self._follow_lookup)
        self._fill_zone_list()

    # ---- the zone list -----------------------------------------------------------------
    def _fill_zone_list(self) -> None:
        with QSignalBlocker(self.zone_list):
            self.zone_list.clear()
            for zone in self.ctx.atlas.zones_of(view=self.ctx.state.view):
                item = QListWidgetItem(labels.zone_entry(self.ctx.atlas, zone.id))
                item.setData(Qt.ItemDataRole.UserRole, zone.id)
                self.zone_list.addItem(item)
        self._follow()

    def _follow(self) -> None:
        """The current row is the keyboard-focus zone, else the selected one; moving it
        here never selects anything."""
        state = self.ctx.state
        target = state.focus or state.selected
        with QSignalBlocker(self.zone_list):
            for row in range(self.zone_list.count()):
                if self.zone_list.item(row).data(Qt.ItemDataRole.UserRole) == target:
                    self.zone_list.setCurrentRow(row)
                    return
            self.zone_list.setCurrentRow(-1)

    def _on_list_item(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is not None:
            self.ctx.state.select_zone(item.data(Qt.ItemDataRole.UserRole))

    # ---- body areas --------------------------------------------------------------------
    def _build_areas(self) -> None:
        atlas = self.ctx.atlas
        groups: dict[str, QTreeWidgetItem] = {}
        self.area_items: dict[str, QTreeWidgetItem] = {}
        for area in sorted(atlas.body_areas.values(), key=lambda a: (a.system, a.name)):
            count = len(atlas.zones_for_body_area(area.id))
            if not count:
                continue
            if area.system not in groups:
                groups[area.system] = QTreeWidgetItem(self.areas, [area.system])
                groups[area.system].setFlags(Qt.ItemFlag.ItemIsEnabled)
            item = QTreeWidgetItem(groups[area.system], [area.name, str(count)])
            item.setData(0, Qt.ItemDataRole.UserRole, area.id)
            self.area_items[area.id] = item
        self.areas.expandAll()
        self.areas.resizeColumnToContents(0)

    def _follow_lookup(self, area_id: str | None) -> None:
        """The tree's current item is the looked-up area; none once the lookup ends."""
        with QSignalBlocker(self.areas):
            self.areas.setCurrentItem(self.area_items.get(area_id or ""))  # type: ignore[arg-type]
            if area_id is None:
                self.areas.clearSelection()

    def _on_area_item(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        area = item.data(0, Qt.ItemDataRole.UserRole)
        if area:
            self.ctx.state.look_up(area)

    # ---- search ------------------------------------------------------------------------
    def _build_search(self) -> None:
        atlas = self.ctx.atlas
        entries: dict[str, tuple[str, str]] = {}
        for z in atlas.zones_of():
            entries[self.tr("Zone: {0}").format(labels.zone_line(atlas, z.id))] = ("zone", z.id)
        for a in atlas.body_areas.values():
            entries[self.tr("Body area: {0}").format(a.name)] = ("area", a.id)
        for t in atlas.techniques.values():
            entries[self.tr("Technique: {0}").format(t.name)] = ("technique", t.id)
        for s in atlas.sequences.values():
            entries[self.tr("Routine: {0}").format(s.name)] = ("sequence", s.id)
        self.search_entries = entries
        model = QStringListModel(list(entries), self)  # parented: kept alive
        completer = QCompleter(model, self.search)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(14)
        self.search.setCompleter(completer)
        completer.activated.connect(self.choose)
        self.search.returnPressed.connect(lambda: self.choose(self.search.text()))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def choose(self, text: str) -> None:
        entry = self.search_entries.get(text)
        if entry is None:
            matches = [k for k in self.search_entries if text.lower() in k.lower()] if text else []
            if not matches:
                return
            entry = self.search_entries[matches[0]]
        kind, ident = entry
        state, atlas = self.ctx.state, self.ctx.atlas
        if kind == "zone":
            state.select_zone(ident)
        elif kind == "area":
            state.look_up(ident)
        elif kind == "technique":
            regions = atlas.techniques[ident].zones
            zones = atlas.zones_for_regions(regions, view=state.view) or \
                atlas.zones_for_regions(regions)
            if zones:
                state.select_zone(zones[0].id)
            state.show_technique(ident)
        elif kind == "sequence" and self.ctx.routines is not None:
            self.ctx.routines.open_routine(ident)


def install(ctx: AppContext, shell: Shell) -> BrowseFeature:
    return BrowseFeature(ctx, shell)
