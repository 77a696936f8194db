"""The main window: the foot map, the zone details, the zone list, search and browser."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QByteArray, QSettings, QStringListModel, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.atlas import Atlas
from reflexmap.qt import theme
from reflexmap.qt.foot_scene import FootScene
from reflexmap.qt.foot_view import FootMapView
from reflexmap.qt.state import AppState
from reflexmap.qt.zone_panel import ZoneDetails


class MainWindow(QMainWindow):
    def __init__(self, atlas: Atlas, settings: QSettings | None = None,
                 theme_name: str | None = None) -> None:
        super().__init__()
        self.atlas = atlas
        self.settings = settings or QSettings()
        self.state = AppState(atlas, self)
        self.setWindowTitle(self.tr("reflexmap: foot and leg massage map"))
        self.theme_name = theme_name or str(self.settings.value("theme", "system"))

        self.scene = FootScene(atlas, theme.chart_style(self.theme_name), self)
        self.map = FootMapView(self.scene)
        self.details = ZoneDetails(atlas)
        self.zone_list = QListWidget()
        self.zone_list.setObjectName("zoneList")
        self.zone_list.setAccessibleName(self.tr("Zones of this view"))
        self.areas = QTreeWidget()
        self.areas.setObjectName("bodyAreas")
        self.areas.setAccessibleName(self.tr("Body areas by body system"))
        self.areas.setHeaderLabels([self.tr("Body area"), self.tr("Zones")])
        self.view_box = QComboBox()
        self.view_box.setObjectName("viewSwitcher")
        self.view_box.setAccessibleName(self.tr("View"))
        for view in atlas.views.values():
            self.view_box.addItem(view.name, view.id)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setAccessibleName(self.tr("Search zones, body areas, techniques, routines"))
        self.search.setPlaceholderText(self.tr("Search (Ctrl+F): zones, body areas, techniques…"))
        self.search.setClearButtonEnabled(True)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Status"))
        self._building = False

        self._build_layout()
        self._build_search()
        self._build_areas()
        self._build_menus()
        self._connect()
        last_view = str(self.settings.value("view", self.state.view_id))
        if last_view in atlas.views:
            self.state.view_id = last_view
        self._shown_view = ""
        from reflexmap.qt.extensions import install_all

        install_all(self)
        self.refresh()
        self._restore()

    # ---- layout ------------------------------------------------------------------------
    def _build_layout(self) -> None:
        side = QTabWidget()
        side.setObjectName("sideTabs")
        side.setAccessibleName(self.tr("Zone list and body areas"))
        side.addTab(self.zone_list, self.tr("Zones"))
        side.addTab(self.areas, self.tr("Body areas"))
        centre = QWidget()
        box = QVBoxLayout(centre)
        box.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        view_label = QLabel(self.tr("&View:"))
        view_label.setBuddy(self.view_box)
        bar.addWidget(view_label)
        bar.addWidget(self.view_box, 1)
        box.addLayout(bar)
        box.addWidget(self.map, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(side)
        self.splitter.addWidget(centre)
        # the details column: extensions (the user's note) add below the details panel
        self.details_column = QSplitter(Qt.Orientation.Vertical)
        self.details_column.setObjectName("detailsColumn")
        self.details_column.setChildrenCollapsible(False)
        self.details_column.addWidget(self.details)
        self.splitter.addWidget(self.details_column)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([230, 700, 470])
        self.setCentralWidget(self.splitter)
        tools = QToolBar(self.tr("Search"))
        tools.setObjectName("searchBar")
        tools.setMovable(False)
        tools.addWidget(self.search)
        self.addToolBar(tools)
        self.statusBar().addWidget(self.status_label, 1)

    def _build_search(self) -> None:
        entries: dict[str, tuple[str, str]] = {}
        for z in self.atlas.zones_of():
            foot = self.tr("left") if z.foot == "left" else self.tr("right")
            entries[self.tr("Zone: {0} ({1}, {2})").format(z.name, foot, z.view)] = ("zone", z.id)
        for a in self.atlas.body_areas.values():
            entries[self.tr("Body area: {0}").format(a.name)] = ("area", a.id)
        for t in self.atlas.techniques.values():
            entries[self.tr("Technique: {0}").format(t.name)] = ("technique", t.id)
        for s in self.atlas.sequences.values():
            entries[self.tr("Routine: {0}").format(s.name)] = ("sequence", s.id)
        self.search_entries = entries
        completer = QCompleter(QStringListModel(list(entries)), self.search)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(14)
        self.search.setCompleter(completer)
        completer.activated.connect(self.choose_search)
        self.search.returnPressed.connect(lambda: self.choose_search(self.search.text()))

    def _build_areas(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for area in sorted(self.atlas.body_areas.values(), key=lambda a: (a.system, a.name)):
            count = len(self.atlas.zones_for_body_area(area.id))
            if not count:
                continue
            if area.system not in groups:
                groups[area.system] = QTreeWidgetItem(self.areas, [area.system])
                groups[area.system].setFlags(Qt.ItemFlag.ItemIsEnabled)
            item = QTreeWidgetItem(groups[area.system], [area.name, str(count)])
            item.setData(0, Qt.ItemDataRole.UserRole, area.id)
        self.areas.expandAll()
        self.areas.resizeColumnToContents(0)

    def _action(self, text: str, slot: object, shortcut: object = None,
                menu: object = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
        action.triggered.connect(slot)  # type: ignore[arg-type]
        if menu is not None:
            menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, self.file_menu)
        edit = bar.addMenu(self.tr("&Edit"))
        self._action(self.tr("&Find…"), self.focus_search, QKeySequence.StandardKey.Find, edit)
        self._action(self.tr("Clear selection"), self.state.clear, None, edit)
        view = bar.addMenu(self.tr("&View"))
        group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for i, v in enumerate(self.atlas.views.values(), start=1):
            act = self._action(v.name, lambda _=False, vid=v.id: self.state.set_view(vid),
                               QKeySequence(f"Ctrl+{i}") if i < 10 else None, view)
            act.setCheckable(True)
            group.addAction(act)
            self.view_actions[v.id] = act
        view.addSeparator()
        self._action(self.tr("Zoom &In"), lambda: self.map.zoom_by(1.25),
                     QKeySequence.StandardKey.ZoomIn, view)
        self._action(self.tr("Zoom &Out"), lambda: self.map.zoom_by(0.8),
                     QKeySequence.StandardKey.ZoomOut, view)
        self._action(self.tr("&Fit to Window"), self.map.fit, QKeySequence("Ctrl+0"), view)
        view.addSeparator()
        themes = view.addMenu(self.tr("&Theme"))
        tgroup = QActionGroup(self)
        for name, label in (("system", self.tr("Follow the system")),
                            ("light", self.tr("Light")), ("dark", self.tr("Dark")),
                            ("high-contrast", self.tr("High contrast"))):
            act = self._action(label, lambda _=False, n=name: self.set_theme(n), None, themes)
            act.setCheckable(True)
            act.setChecked(name == self.theme_name)
            tgroup.addAction(act)
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self._action(self.tr("What the &evidence says"), lambda: self.show_note("evidence"),
                     None, self.help_menu)
        self._action(self.tr("About these &claims"), lambda: self.show_note("about_claims"),
                     None, self.help_menu)
        self._action(self.tr("&About reflexmap"), self.about, None, self.help_menu)

    def _connect(self) -> None:
        self.state.changed.connect(self.refresh)
        self.scene.zone_clicked.connect(self.state.select_zone)
        self.scene.zone_hovered.connect(self._on_hover)
        self.map.zone_activated.connect(self.state.select_zone)
        self.map.clear_requested.connect(self.state.clear)
        self.map.focus_zone_changed.connect(self._sync_list_to_focus)
        self.view_box.currentIndexChanged.connect(
            lambda i: self.state.set_view(self.view_box.itemData(i)))
        self.zone_list.currentItemChanged.connect(self._on_list_item)
        self.areas.itemActivated.connect(self._on_area_item)
        self.areas.itemClicked.connect(self._on_area_item)
        self.details.technique_hovered.connect(
            lambda t: self.state.show_technique(t, hover=True))
        self.details.technique_opened.connect(self.state.show_technique)
        self.details.note_requested.connect(self.show_note)
        self.details.zone_requested.connect(self.state.select_zone)

    # ---- state -> widgets --------------------------------------------------------------
    def refresh(self) -> None:
        self._building = True
        try:
            st = self.state
            if self._shown_view != st.view_id:
                self._shown_view = st.view_id
                self.scene.show_view(st.view_id)
                self.map.fit()
                self.view_box.setCurrentIndex(self.view_box.findData(st.view_id))
                if st.view_id in self.view_actions:
                    self.view_actions[st.view_id].setChecked(True)
                self._fill_zone_list()
            self.scene.set_selected(st.selected_zone)
            self.scene.set_lookup(st.lookup_zones)
            self.scene.set_motion(st.motion_technique)
            if st.selected_zone is None and st.lookup_area:
                self.details.show_lookup(st.lookup_area)
            elif self.details.zone_id != st.selected_zone or st.selected_zone is None:
                self.details.show_zone(st.selected_zone)
            if st.selected_zone:
                self._select_list_row(st.selected_zone)
            self._update_status()
        finally:
            self._building = False

    def _fill_zone_list(self) -> None:
        self.zone_list.clear()
        for zid in self.scene.zone_ids():
            z = self.atlas.zones[zid]
            foot = self.tr("left") if z.foot == "left" else self.tr("right")
            item = QListWidgetItem(f"{z.number}. {z.name} ({foot})")
            item.setData(Qt.ItemDataRole.UserRole, zid)
            self.zone_list.addItem(item)

    def _select_list_row(self, zone_id: str) -> None:
        for row in range(self.zone_list.count()):
            item = self.zone_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == zone_id:
                if self.zone_list.currentRow() != row:
                    self.zone_list.setCurrentRow(row)
                return

    def _update_status(self) -> None:
        st = self.state
        parts = []
        if st.selected_zone:
            parts.append(self.tr("Selected: {0}").format(self.atlas.zones[st.selected_zone].name))
        if st.lookup_area:
            area = self.atlas.body_areas[st.lookup_area]
            parts.append(self.tr("Zones claimed for {0}: {1}").format(
                area.name, len(st.lookup_zones)))
        self.status_label.setText(" · ".join(parts))

    # ---- widgets -> state --------------------------------------------------------------
    def _on_hover(self, zone_id: str) -> None:
        if zone_id:
            self.statusBar().showMessage(self.atlas.zones[zone_id].name, 4000)

    def _on_list_item(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is not None and not self._building:
            self.state.select_zone(item.data(Qt.ItemDataRole.UserRole))

    def _sync_list_to_focus(self, zone_id: str) -> None:
        self._building = True
        self._select_list_row(zone_id)
        self._building = False

    def _on_area_item(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        area = item.data(0, Qt.ItemDataRole.UserRole)
        if area:
            self.state.lookup(area)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def choose_search(self, text: str) -> None:
        entry = self.search_entries.get(text)
        if entry is None:
            matches = [k for k in self.search_entries if text.lower() in k.lower()] if text else []
            if not matches:
                return
            entry = self.search_entries[matches[0]]
        kind, ident = entry
        if kind == "zone":
            self.state.select_zone(ident)
        elif kind == "area":
            self.state.lookup(ident)
        elif kind == "technique":
            zones = self.atlas.zones_for_regions(self.atlas.techniques[ident].zones,
                                                 view=self.state.view_id)
            zones = zones or self.atlas.zones_for_regions(self.atlas.techniques[ident].zones)
            if zones:
                self.state.select_zone(zones[0].id)
            self.state.show_technique(ident)
        elif kind == "sequence":
            self.open_sequence(ident)

    def open_sequence(self, sequence_id: str) -> None:
        seq = self.atlas.sequences[sequence_id]
        first = self.atlas.zones_for_regions(
            seq.steps[0].zones or self.atlas.techniques[seq.steps[0].technique].zones)
        if first:
            self.state.select_zone(first[0].id)
            self.state.show_technique(seq.steps[0].technique)

    def set_theme(self, name: str) -> None:
        self.theme_name = name
        self.settings.setValue("theme", name)
        theme.apply(name)
        self.scene.set_style(theme.chart_style(name))
        self.refresh()

    def show_note(self, note_id: str) -> None:
        note = self.atlas.notes.get(note_id)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        if note is None:
            box.setWindowTitle(self.tr("Not available"))
            box.setText(self.tr("This page is not in the loaded content."))
        else:
            box.setWindowTitle(note.title)
            body = "".join(f"<p>{escape(p)}</p>" for p in note.body)
            if note.sources:
                body += "<p><small>" + escape(self.tr("Sources")) + ": " + "; ".join(
                    escape(self.atlas.sources[s].title) for s in note.sources) + "</small></p>"
            box.setText(f"<h3>{escape(note.title)}</h3>{body}")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()

    def about(self) -> None:
        from reflexmap import __version__

        QMessageBox.about(self, self.tr("About reflexmap"), self.tr(
            "reflexmap {0}: an offline map of foot and leg massage zones. Reflexology's "
            "claims are shown with their sources; they are not medical advice.").format(
            __version__))

    # ---- settings ----------------------------------------------------------------------
    def _restore(self) -> None:
        geom = self.settings.value("geometry")
        if isinstance(geom, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geom))
        split = self.settings.value("splitter")
        if isinstance(split, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(split))
        column = self.settings.value("detailsColumn")
        if isinstance(column, QByteArray | bytes):
            self.details_column.restoreState(QByteArray(column))

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("detailsColumn", self.details_column.saveState())
        self.settings.setValue("view", self.state.view_id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
