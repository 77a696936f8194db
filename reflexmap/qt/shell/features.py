"""The features, in install order: each adds itself to the window through `Shell`.

The order is the order of the window's slots and menus: the map before the details
column, the details before the user's note, search before the favourite star.
`Features` is what a window keeps of them: one typed handle per feature, so a caller
(`reflexmap shot`, the tests) gets the feature's own type, not an `object`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

from reflexmap.core.readable import Readable
from reflexmap.qt.context import AppContext, MenuName, Shell

if TYPE_CHECKING:  # imported for their types only: player and printing load after paint
    from reflexmap.qt.browse.feature import BrowseFeature
    from reflexmap.qt.details.feature import DetailsFeature
    from reflexmap.qt.map.feature import MapFeature
    from reflexmap.qt.player.feature import PlayerFeature
    from reflexmap.qt.printing.print_actions import PrintActions
    from reflexmap.qt.userdata.user_data import UserData


def _always(ctx: AppContext) -> bool:
    return True


def _has_routines(ctx: AppContext) -> bool:
    return bool(ctx.atlas.sequences)


@dataclass(frozen=True, repr=False)
class FeatureSpec(Readable):
    module: str  # its install(ctx, shell) adds it
    # Installed the turn after the first paint: nothing of it is on screen at first
    # paint (the player's dock is hidden until a routine starts; printing adds menu items).
    later: bool = False
    # The menus a later feature fills: the window makes them at first paint (when the
    # feature is wanted), so no title pops in afterwards.
    menus: tuple[MenuName, ...] = ()
    wanted: Callable[[AppContext], bool] = _always  # else not installed at all


FEATURES: dict[str, FeatureSpec] = {
    "map": FeatureSpec("reflexmap.qt.map.feature"),
    "browse": FeatureSpec("reflexmap.qt.browse.feature"),
    "details": FeatureSpec("reflexmap.qt.details.feature"),
    "userdata": FeatureSpec("reflexmap.qt.userdata.user_data"),
    "player": FeatureSpec(
        "reflexmap.qt.player.feature", later=True, menus=("routines",), wanted=_has_routines
    ),
    "printing": FeatureSpec("reflexmap.qt.printing.print_actions", later=True),
}
LATER = tuple(name for name, spec in FEATURES.items() if spec.later)


class Features:
    """The features installed in one window. A feature that is not (yet) installed, such
    as the player for a pack without routines, raises LookupError naming it."""

    def __init__(self) -> None:
        self._installed: dict[str, object] = {}

    def install(self, name: str, ctx: AppContext, shell: Shell) -> None:
        spec = FEATURES[name]
        if name in self._installed or not spec.wanted(ctx):
            return
        install: Callable[[AppContext, Shell], object] = import_module(spec.module).install
        self._installed[name] = install(ctx, shell)

    def __contains__(self, name: object) -> bool:
        return name in self._installed

    def __iter__(self) -> Iterator[str]:
        return iter(self._installed)

    def _get(self, name: str) -> Any:
        try:
            return self._installed[name]
        except KeyError:
            raise LookupError(f"the {name} feature is not installed in this window") from None

    @property
    def map(self) -> MapFeature:
        return cast("MapFeature", self._get("map"))

    @property
    def browse(self) -> BrowseFeature:
        return cast("BrowseFeature", self._get("browse"))

    @property
    def details(self) -> DetailsFeature:
        return cast("DetailsFeature", self._get("details"))

    @property
    def userdata(self) -> UserData:
        return cast("UserData", self._get("userdata"))

    @property
    def player(self) -> PlayerFeature:
        return cast("PlayerFeature", self._get("player"))

    @property
    def printing(self) -> PrintActions:
        return cast("PrintActions", self._get("printing"))


def install_all(
    features: Features, ctx: AppContext, shell: Shell, skip: Iterable[str] = ()
) -> None:
    left_out = set(skip)
    for name in FEATURES:
        if name not in left_out:
            features.install(name, ctx, shell)
