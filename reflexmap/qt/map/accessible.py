"""The foot map as a screen reader sees it: one accessible child per zone of the view.

A QGraphicsView is a scroll area to Qt's accessibility: a filler and an unnamed viewport,
with nothing for the zones drawn in it. `install_factory` teaches Qt to answer for a
`FootMapView` with `MapAccessible`, a list whose items are the current view's zones in
Tab order (`FootScene.zone_ids()`), each a `ZoneAccessible` with a name ("16, Solar
plexus, left foot"), a description (the body areas it is linked to), focused and
selected states, its rectangle on screen and the Press and SetFocus actions.

Why a list of list items: Orca speaks a focused list item as its name, its selected state
and "n of m", which is what a walk over the zones needs; a button would be spoken as
"push button" on each of 68 moves and says nothing about selection.

Why every interface derives from QAccessibleWidget, even a zone's: PySide6 6.11 crashes
when Python overrides `interface_cast` (a `void *` return), so a Python interface cannot
offer the action interface itself; QAccessibleWidget already is one on the C++ side and
forwards `actionNames`/`doAction` to Python. A zone's interface answers `object()` with
None, so Qt's cache never mistakes it for the view's own interface.

Interfaces read the state and the scene when asked and keep no copies of either. Qt's
cache owns registered interfaces; Python keeps references to them (a collected wrapper
would delete an interface the cache still holds) and deletes them through the cache when
the view changes or the map goes away. `ZoneAccessibility` turns the state's signals into
accessibility events: Focus for a keyboard move, a selected state change, and
ObjectReorder on a view switch so that clients read the children again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAccessibleInterface,
    QAccessibleStateChangeEvent,
    QColor,
    QWindow,
)
from PySide6.QtWidgets import QAccessibleWidget, QGraphicsView

from reflexmap.core.present import labels

if TYPE_CHECKING:
    from reflexmap.qt.map.foot_scene import FootScene
    from reflexmap.qt.state import UiState


def zone_accessible_name(scene: FootScene, zone_id: str) -> str:
    """Number, name and side: what the map shows, then which foot (or leg); and the
    tenderness marked there, when the journal lays marks on the map."""
    zone = scene.atlas.zones[zone_id]
    name = QCoreApplication.translate("MapAccessible", "{0}, {1}, {2}").format(
        zone.number, zone.name, labels.zone_side(scene.atlas, zone_id)
    )
    layer = scene.state.marks  # the journal's marks or heat: said, not only tinted
    if layer is not None and zone_id in layer.labels:
        name += QCoreApplication.translate("MapAccessible", ", tenderness {0}").format(
            layer.labels[zone_id]
        )
    return name


class ZoneAccessible(QAccessibleWidget):
    """One zone of the map. Everything is read live from the scene and the state."""

    def __init__(self, owner: ZoneAccessibility, zone_id: str) -> None:
        super().__init__(owner.view, QAccessible.Role.ListItem)
        self.owner = owner
        self.zone_id = zone_id

    # ---- identity ----------------------------------------------------------------------
    def isValid(self) -> bool:  # noqa: N802 (Qt's names from here on)
        return self.owner.alive and self.zone_id in self.owner.scene.items_by_id

    def object(self) -> None:  # type: ignore[override]  # Qt takes nullptr here; PySide6's stub says never None
        return None  # not the view's: Qt's cache maps an object to one interface

    def window(self) -> QWindow:
        return self.owner.view.window().windowHandle()

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def text(self, kind: QAccessible.Text) -> str:
        if not self.isValid():
            return ""
        if kind == QAccessible.Text.Name:
            return zone_accessible_name(self.owner.scene, self.zone_id)
        if kind == QAccessible.Text.Description:
            return ", ".join(labels.zone_areas(self.owner.scene.atlas, self.zone_id))
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:  # noqa: N802
        pass

    def state(self) -> QAccessible.State:
        st = QAccessible.State()
        if not self.isValid():
            st.invalid = True
            return st
        view, state = self.owner.view, self.owner.state
        st.focusable = True
        st.selectable = True
        st.focused = state.focus == self.zone_id and view.hasFocus()
        st.selected = state.selected == self.zone_id
        st.invisible = not view.isVisible()
        st.offscreen = st.invisible or not self._viewport_rect().intersects(view.viewport().rect())
        return st

    # ---- geometry ----------------------------------------------------------------------
    def _viewport_rect(self) -> QRect:
        item = self.owner.scene.items_by_id.get(self.zone_id)
        if item is None:
            return QRect()
        return self.owner.view.mapFromScene(item.sceneBoundingRect()).boundingRect()

    def rect(self) -> QRect:
        """The zone's bounding box on screen (global coordinates), as a magnifier or a
        screen reader's mouse review expects."""
        if not self.isValid():
            return QRect()
        local = self._viewport_rect()
        return QRect(self.owner.view.viewport().mapToGlobal(local.topLeft()), local.size())

    # ---- tree --------------------------------------------------------------------------
    def parent(self) -> QAccessibleInterface:
        return QAccessible.queryAccessibleInterface(self.owner.view)

    def childCount(self) -> int:  # noqa: N802
        return 0

    def child(self, index: int) -> None:  # type: ignore[override]  # Qt takes nullptr here; PySide6's stub says never None
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return -1

    def childAt(self, x: int, y: int) -> None:  # type: ignore[override]  # noqa: N802 (nullptr)
        return None

    def focusChild(self) -> None:  # type: ignore[override]  # noqa: N802 (nullptr)
        return None

    def relations(
        self, match: QAccessible.RelationFlag = QAccessible.RelationFlag.AllRelations
    ) -> list[tuple[QAccessibleInterface, QAccessible.RelationFlag]]:
        return []

    def foregroundColor(self) -> QColor:  # noqa: N802
        return QColor()

    def backgroundColor(self) -> QColor:  # noqa: N802
        return QColor()

    # ---- actions -----------------------------------------------------------------------
    def actionNames(self) -> list[str]:  # noqa: N802
        return [QAccessibleWidget.pressAction(), QAccessibleWidget.setFocusAction()]

    def doAction(self, name: str) -> None:  # noqa: N802
        if not self.isValid():
            return
        if name == QAccessibleWidget.pressAction():
            self.owner.state.select_zone(self.zone_id)
        elif name == QAccessibleWidget.setFocusAction():
            self.owner.view.setFocus()
            self.owner.state.set_focus(self.zone_id)

    def keyBindingsForAction(self, name: str) -> list[str]:  # noqa: N802
        if name == QAccessibleWidget.pressAction():
            return ["Return", "Space"]
        return []


class MapAccessible(QAccessibleWidget):
    """The map: a list whose items are the current view's zones, in Tab order."""

    def __init__(self, owner: ZoneAccessibility) -> None:
        super().__init__(owner.view, QAccessible.Role.List)
        self.owner = owner

    def childCount(self) -> int:  # noqa: N802
        return len(self.owner.scene.zone_ids()) if self.owner.alive else 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]  # Qt takes nullptr here; PySide6's stub says never None
        order = self.owner.scene.zone_ids() if self.owner.alive else []
        if not 0 <= index < len(order):
            return None
        return self.owner.zone_interface(order[index])

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        zone_id = getattr(child, "zone_id", None)
        return self.owner.index_of(zone_id) if isinstance(zone_id, str) else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802 (nullptr)
        if not self.owner.alive:
            return None
        view = self.owner.view
        local = view.viewport().mapFromGlobal(QPoint(x, y))
        if not view.viewport().rect().contains(local):
            return None
        zone_id = self.owner.scene.zone_at(view.mapToScene(local))
        return self.owner.zone_interface(zone_id) if zone_id else None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802 (nullptr)
        focus = self.owner.state.focus
        if (
            focus is not None
            and self.owner.alive
            and self.owner.view.hasFocus()
            and self.owner.index_of(focus) >= 0
        ):
            return self.owner.zone_interface(focus)
        return None


class ZoneAccessibility(QObject):
    """Owns the zone interfaces of one map view and sends the events a client needs."""

    def __init__(self, view: QGraphicsView, scene: FootScene) -> None:
        super().__init__(view)
        self.view = view
        self.scene = scene
        self.state: UiState = scene.state
        self.alive = True
        self.interface: MapAccessible | None = None  # made by Qt through the factory
        self._zones: dict[str, ZoneAccessible] = {}
        self._told_selected: str | None = None  # the zone clients were told is selected
        self.state.focus_changed.connect(self._on_focus)
        self.state.selected_changed.connect(self._on_selected)
        self.state.view_changed.connect(self._on_view)
        view.destroyed.connect(self._drop_all)
        if QAccessible.isActive():  # Qt may have cached its own interface for the view
            cached = QAccessible.queryAccessibleInterface(view)
            if cached is not None and not isinstance(cached, MapAccessible):
                QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(cached))

    # ---- the tree ----------------------------------------------------------------------
    def index_of(self, zone_id: str | None) -> int:
        order = self.scene.zone_ids()
        return order.index(zone_id) if zone_id in order else -1

    def zone_interface(self, zone_id: str) -> ZoneAccessible:
        iface = self._zones.get(zone_id)
        if iface is None:
            iface = ZoneAccessible(self, zone_id)
            QAccessible.registerAccessibleInterface(iface)  # the cache owns it from now on
            self._zones[zone_id] = iface
        return iface

    def _drop_all(self) -> None:
        self.alive = False
        self._forget_zones()

    def _forget_zones(self) -> None:
        zones, self._zones = self._zones, {}
        for iface in zones.values():
            uid = QAccessible.uniqueId(iface)
            if uid:
                QAccessible.deleteAccessibleInterface(uid)

    # ---- events ------------------------------------------------------------------------
    def _send(self, zone_id: str | None, event_type: QAccessible.Event) -> None:
        index = self.index_of(zone_id)
        if index >= 0:
            event = QAccessibleEvent(self.view, event_type)
            event.setChild(index)
            QAccessible.updateAccessibility(event)

    def announce_focus(self) -> None:
        """Focus on the focused zone, if the map has the keyboard (a move, a focus-in)."""
        if self.alive and self.view.hasFocus():
            self._send(self.state.focus, QAccessible.Event.Focus)

    def _on_focus(self, _zone_id: str | None) -> None:
        self.announce_focus()

    def _on_selected(self, zone_id: str | None) -> None:
        changed = QAccessible.State()
        changed.selected = True
        for zid in dict.fromkeys((self._told_selected, zone_id)):
            if zid is not None and self.index_of(zid) >= 0:
                QAccessible.updateAccessibility(
                    QAccessibleStateChangeEvent(self.zone_interface(zid), changed)
                )
        self._told_selected = zone_id

    def _on_view(self, _view_id: str) -> None:
        """The scene has rebuilt for the new view (it connected first): old zones go,
        clients are told to read the children again."""
        self._forget_zones()
        self._told_selected = self.state.selected
        if self.alive:
            QAccessible.updateAccessibility(
                QAccessibleEvent(self.view, QAccessible.Event.ObjectReorder)
            )


_installed = False


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    owner = getattr(obj, "zone_accessibility", None)
    if isinstance(owner, ZoneAccessibility) and owner.view is obj:
        owner.interface = MapAccessible(owner)  # a Python reference keeps it alive
        return owner.interface
    return None


def install_factory() -> None:
    """Once per process: Qt asks the factory before its own for every object."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
