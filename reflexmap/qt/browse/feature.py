"""Finding things: the zone list and the body-area browser (left), and search (Ctrl+F)
with its live result list (search_box.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from reflexmap.core.present import labels
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.text import menu_text, message, set_tooltip

if TYPE_CHECKING:
    from reflexmap.qt.browse.search_box import SearchBox

# The search stack (the index, its words, the result list) is imported and built when
# the field is first used, not at start: nothing of it shows until then.
FIRST_USE = (
    QEvent.Type.FocusIn,
    QEvent.Type.KeyPress,
    QEvent.Type.InputMethod,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.DragEnter,
)


def _zone_list(name: str, accessible: str) -> QListWidget:
    """A list of zones with whole names: long ones wrap (the column is narrow); the
    tooltip repeats the name."""
    zones = QListWidget()
    zones.setObjectName(name)
    zones.setAccessibleName(accessible)
    zones.setWordWrap(True)
    zones.setTextElideMode(Qt.TextElideMode.ElideNone)
    zones.setResizeMode(QListWidget.ResizeMode.Adjust)
    zones.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return zones


class BrowseFeature(QObject):
    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        super().__init__(shell.widget())
        self.ctx = ctx
        self.shell = shell
        state = ctx.state
        self.zone_list = _zone_list("zoneList", self.tr("Zones of this view"))
        self.areas = QTreeWidget()
        self.areas.setObjectName("bodyAreas")
        self.areas.setAccessibleName(self.tr("Body areas by body system"))
        self.areas.setHeaderLabels([self.tr("Body area"), self.tr("Zones")])
        self.my_zones = _zone_list("myZones", self.tr("My zones: zones with your note or star"))
        shell.place("side", self.zone_list, self.tr("Zones"))
        shell.place("side", self.areas, self.tr("Body areas"))
        # "Mine": "My zones" did not fit beside the other two tabs at 1366x768 (scrolled)
        shell.place("side", self.my_zones, self.tr("Mine"))
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setAccessibleName(
            self.tr("Search zones, body areas, symptoms, techniques, routines, notes, safety")
        )
        self.search.setPlaceholderText(
            self.tr("Search (Ctrl+F): zones, symptoms, techniques, routines…")
        )
        self.search.setClearButtonEnabled(True)
        shell.add_toolbar_widget(self.search)
        find = QAction(self.tr("&Find…"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        shell.add_action("edit", find)
        self._search_box: SearchBox | None = None
        self.search.installEventFilter(self)
        self._build_areas()

        self.zone_list.currentItemChanged.connect(self._on_list_current)
        # the current row may be the focus ring's, not the selection: a click or Enter on
        # it must still select it
        self.zone_list.itemClicked.connect(self._on_list_item)
        self.zone_list.itemActivated.connect(self._on_list_item)
        self.my_zones.itemClicked.connect(self._on_list_item)
        self.my_zones.itemActivated.connect(self._on_list_item)
        state.mine_changed.connect(self._fill_zone_list)
        self.areas.itemActivated.connect(self._on_area_item)
        self.areas.itemClicked.connect(self._on_area_item)
        state.view_changed.connect(self._fill_zone_list)
        state.selected_changed.connect(self._follow)
        state.lookup_changed.connect(self._follow_lookup)
        self._fill_zone_list()

    # ---- the zone list -----------------------------------------------------------------
    def _entry(self, zone_id: str, entry: str) -> QListWidgetItem:
        mine = zone_id in self.ctx.state.mine
        text = self.tr("{0} \u2605").format(entry) if mine else entry  # the map's small star
        item = QListWidgetItem(text)
        set_tooltip(item, self.tr("{0} (your note or star)").format(entry) if mine else entry)
        item.setData(Qt.ItemDataRole.UserRole, zone_id)
        return item

    def _fill_zone_list(self) -> None:
        atlas, state = self.ctx.atlas, self.ctx.state
        with QSignalBlocker(self.zone_list), QSignalBlocker(self.my_zones):
            self.zone_list.clear()
            for zone in atlas.zones_of(view=state.view):
                self.zone_list.addItem(self._entry(zone.id, labels.zone_entry(atlas, zone.id)))
            self.my_zones.clear()
            for zid in (z for z in atlas.zones if z in state.mine):  # every view, chart order
                self.my_zones.addItem(self._entry(zid, labels.zone_line(atlas, zid)))
            if not state.mine:
                empty = QListWidgetItem(
                    self.tr("No zones yet: star a zone (Ctrl+D) or write a note on it.")
                )
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                self.my_zones.addItem(empty)
        self._follow()

    def _follow(self) -> None:
        """The highlighted row is the selected zone, the one the card shows, and no row
        when the card says "Choose a zone": the list and the card never disagree (the
        map's focus ring is the map's own; it once moved this row while the card stayed).
        Moving it here never selects anything."""
        target = self.ctx.state.selected
        for lst in (self.zone_list, self.my_zones):
            with QSignalBlocker(lst):  # not the selection model's: the view repaints on them
                rows = [
                    r
                    for r in range(lst.count())
                    if lst.item(r).data(Qt.ItemDataRole.UserRole) == target
                ]
                if rows:
                    lst.setCurrentRow(rows[0])
                    lst.scrollToItem(lst.item(rows[0]))
                else:
                    lst.setCurrentRow(-1)
                    lst.clearSelection()

    def _on_list_current(self, item: QListWidgetItem | None, _old: object = None) -> None:
        """A move in the list selects; Tab into the list (Qt makes the first row current,
        not selected) does not: Tab out of the map must not change the selection."""
        if item is not None and item.isSelected():
            self._on_list_item(item)

    def _on_list_item(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
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
            # Qt takes a null item (no current item); PySide6's stub says it never is.
            self.areas.setCurrentItem(self.area_items.get(area_id or ""))  # type: ignore[arg-type]
            if area_id is None:
                self.areas.clearSelection()

    def _on_area_item(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        area = item.data(0, Qt.ItemDataRole.UserRole)
        if area:
            self.ctx.state.look_up(area)

    # ---- search ------------------------------------------------------------------------
    @property
    def search_box(self) -> SearchBox:
        """The field's live result list, made on the field's first use."""
        if self._search_box is None:
            from reflexmap.core.search import index_for
            from reflexmap.qt.browse.search_box import SearchBox

            self.search.removeEventFilter(self)
            self._search_box = SearchBox(
                self.search, self.ctx.atlas, lambda: index_for(self.ctx.atlas)
            )
            self._search_box.chosen.connect(self._picked)
        return self._search_box

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.search and event.type() in FIRST_USE:
            self.search_box  # noqa: B018 - made now, before the field handles the event
        return False

    def focus_search(self) -> None:
        self.search_box  # noqa: B018
        self.search.setFocus()
        self.search.selectAll()

    def choose(self, text: str) -> bool:
        """Open the best result for `text` (what Enter does); False when nothing matches."""
        from reflexmap.core.present import search as search_words
        from reflexmap.core.search import index_for
        from reflexmap.qt.browse.search_box import target_of

        results = index_for(self.ctx.atlas).search(text, limit=1)
        if not results:
            self.shell.show_status(search_words.no_match(text))
            return False
        kind, ident = target_of(results[0])
        self.open_result(kind, ident)
        return True

    def _picked(self, kind: str, ident: str) -> None:
        """A result picked from the list: opened, the field emptied for the next search,
        and the focus where the result is read: the map's zone for a zone or a move (the
        arrows move on from it; a screen reader says the zone), the card for a body area
        (its zones are listed there); a dialog the result opened keeps its own focus."""
        self.open_result(kind, ident)
        self.search.clear()
        target = {"zone": "footMap", "zones": "footMap", "technique": "footMap"}.get(kind)
        if kind == "area":
            target = "zoneDetails"
        if target is not None:
            widget = self.shell.widget().findChild(QWidget, target)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_result(self, kind: str, ident: str) -> None:
        """A zone is selected (the left foot's when both have it: the map shows the two
        side by side; "right" in the query picks the right one); a body area is looked
        up; a technique selects a zone it works and draws its motion; a routine, a note
        and a safety rule open where they are read."""
        ctx = self.ctx
        state, atlas = ctx.state, ctx.atlas
        if kind == "zone":
            state.select_zone(ident)
        elif kind == "zones":  # a result "(both feet)": the zone on both feet
            state.select_zone(ident, both=True)
        elif kind == "area":
            state.look_up(ident)
        elif kind == "technique" and ident in atlas.techniques:
            regions = atlas.techniques[ident].zones
            zones = atlas.zones_for_regions(regions, view=state.view) or atlas.zones_for_regions(
                regions
            )
            if zones:
                state.select_zone(zones[0].id)
            state.show_technique(ident)
        elif kind == "routine":
            if ctx.routines is not None:
                ctx.routines.open_routine(ident)
            else:
                self.shell.show_status(self.tr("Routines are not available in this window."))
        elif kind == "note":
            if ctx.notes is not None:
                ctx.notes.show_note(ident)
        elif kind == "safety":
            self.show_rule(ident)

    def show_rule(self, rule_id: str) -> QMessageBox | None:
        """What the rule asks of you and why; its disagreement note one button away."""
        from reflexmap.core.present import search as search_words

        page = search_words.rule_page(self.ctx.atlas, rule_id)
        if page is None:
            return None
        box = message(
            self.shell.widget(),
            QMessageBox.Icon.Information,
            page.title,
            page.text,
            page.informative,
            name="safetyRule",
        )
        notes, note_id = self.ctx.notes, page.note_id
        if notes is not None and note_id is not None:
            read = box.addButton(
                self.tr("Read: {0}").format(menu_text(page.note_title)),
                QMessageBox.ButtonRole.ActionRole,
            )
            read.clicked.connect(lambda: notes.show_note(note_id))
        return box


def install(ctx: AppContext, shell: Shell) -> BrowseFeature:
    return BrowseFeature(ctx, shell)
