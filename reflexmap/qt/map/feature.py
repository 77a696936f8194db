"""The map feature: the view switcher, the foot map in the centre, the legend dock, and
the View menu (views, zoom, legend, names on the map)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from reflexmap.qt import notice
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.map.foot_scene import FootScene
from reflexmap.qt.map.foot_view import FootMapView
from reflexmap.qt.map.heat_legend import HeatLegend
from reflexmap.qt.map.legend import Legend
from reflexmap.qt.map.style import chart_style
from reflexmap.qt.text import menu_text


class RhythmClock(QObject):
    """Keeps time for the shown move's rhythm: runs while a move with a beat is shown on
    this view (a card hovered or opened, a routine step), sets `state.rhythm`, and stops
    (None) when it goes. 12.5 frames a second (9 a bite); only the rhythm items repaint,
    each around its own line."""

    FRAME_MS = 80

    def __init__(self, ctx: AppContext, scene: FootScene, parent: QObject) -> None:
        super().__init__(parent)
        self.state, self.scene = ctx.state, scene
        self.timer = QTimer(self)
        self.timer.setInterval(self.FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        for signal in (
            ctx.state.open_technique_changed,
            ctx.state.hover_technique_changed,
            ctx.state.overlay_changed,
            ctx.state.view_changed,
        ):
            signal.connect(self._follow)

    def _follow(self) -> None:
        if self.scene.rhythm_items:
            if not self.timer.isActive():
                self.clock.start()
                self.timer.start()
                self.state.set_rhythm(0.0)
        elif self.timer.isActive() or self.state.rhythm is not None:
            self.timer.stop()
            self.state.set_rhythm(None)

    def _tick(self) -> None:
        self.state.set_rhythm(self.clock.elapsed() / 1000.0)


class MapFeature(QObject):
    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        super().__init__(shell.widget())
        self.ctx = ctx
        state = ctx.state
        self.scene = FootScene(state, chart_style(ctx.app.theme), parent=self)
        self.view = FootMapView(self.scene)
        self.rhythm = RhythmClock(ctx, self.scene, self)
        self.switcher = QComboBox()
        self.switcher.setObjectName("viewSwitcher")
        self.switcher.setAccessibleName(self.tr("View"))
        # wide enough for the longest view's name when there is room; when the window is
        # narrow (the player open at 1366x768) the name elides here rather than the side's
        # tab titles, which need their whole width (issue 29)
        self.switcher.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.switcher.setMinimumContentsLength(10)
        for view in ctx.atlas.views.values():
            self.switcher.addItem(view.name, view.id)
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Vie&w:"))
        label.setBuddy(self.switcher)
        row.addWidget(label)
        row.addWidget(self.switcher, 1)
        shell.place("centre", bar)
        shell.place("centre", self.view)

        group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for i, v in enumerate(ctx.atlas.views.values(), start=1):
            act = QAction(menu_text(v.name), self)
            act.setCheckable(True)
            if i < 10:
                act.setShortcut(QKeySequence(f"Ctrl+{i}"))
            act.triggered.connect(lambda _=False, vid=v.id: state.set_view(vid))
            group.addAction(act)
            shell.add_action("view", act)
            self.view_actions[v.id] = act
        for text, slot, key in (
            (self.tr("Zoom &In"), lambda: self.view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn),
            (
                self.tr("Zoom &Out"),
                lambda: self.view.zoom_by(0.8),
                QKeySequence.StandardKey.ZoomOut,
            ),
            (self.tr("&Fit to Window"), self.view.fit, QKeySequence("Ctrl+0")),
        ):
            act = QAction(text, self)
            act.setShortcut(key)
            act.triggered.connect(slot)
            shell.add_action("view", act, "zoom")

        self.legend = Legend(self.scene, shell.widget())
        self.legend.hide()
        shell.add_dock(self.legend, Qt.DockWidgetArea.RightDockWidgetArea)
        self.legend_action = self.legend.toggleViewAction()
        self.legend_action.setText(self.tr("&Legend"))
        self.legend_action.setShortcut(QKeySequence("Ctrl+L"))
        shell.add_action("view", self.legend_action, "chart")
        self.names_action = QAction(self.tr("Show Zone &Names"), self)
        self.names_action.setCheckable(True)
        self.names_action.setChecked(ctx.app.show_names)
        self.scene.set_show_names(ctx.app.show_names)
        self.names_action.toggled.connect(ctx.app.set_show_names)
        ctx.app.show_names_changed.connect(self._on_names)
        shell.add_action("view", self.names_action, "chart")

        self.shell = shell
        self.scene.zone_clicked.connect(state.select_zone)
        self.switcher.currentIndexChanged.connect(
            lambda i: state.set_view(self.switcher.itemData(i))
        )
        state.view_changed.connect(self._on_view)
        ctx.app.theme_changed.connect(self._on_theme)
        state.hover_changed.connect(self._on_hover)
        self.heat_legend = HeatLegend(
            state, self.scene.chart_style, self.view.viewport(), reserve=self.view.reserve_bottom
        )
        self.scene.rebuild()
        self._on_view()  # fits the view and fills the legend

    def _on_view(self) -> None:
        view_id = self.ctx.state.view
        shown, self._shown_view = getattr(self, "_shown_view", None), view_id
        if shown is not None and shown != view_id:
            self._keep_focus_and_say(view_id)
        self.switcher.setCurrentIndex(self.switcher.findData(view_id))
        if view_id in self.view_actions:
            self.view_actions[view_id].setChecked(True)
        self.view.fit()
        if hasattr(self, "legend"):
            self.legend.refresh()

    def _keep_focus_and_say(self, view_id: str) -> None:
        """After a view switch a screen reader hears the view's name (a zone keeps the
        focus: UiState moves it to the new view's first zone)."""
        notice.say(self.view, self.tr("View: {0}").format(self.ctx.atlas.views[view_id].name))

    def _on_theme(self, name: str) -> None:
        self.scene.set_style(chart_style(name))
        self.legend.refresh()
        self.heat_legend.set_style(self.scene.chart_style)

    def _on_names(self, on: bool) -> None:
        self.names_action.setChecked(on)
        self.scene.set_show_names(on)

    def _on_hover(self, zone_id: str | None) -> None:
        if zone_id:
            self.shell.show_status(self.ctx.atlas.zones[zone_id].name, 4000)


def install(ctx: AppContext, shell: Shell) -> MapFeature:
    return MapFeature(ctx, shell)
