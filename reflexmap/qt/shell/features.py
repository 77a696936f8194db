"""The features, in install order: each adds itself to the window through `Shell`.

The order is the order of the window's slots and menus: the map before the details
column, the details before the user's note, search before the favourite star.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module

from reflexmap.qt.context import AppContext, Shell

FEATURES: dict[str, str] = {  # name -> the module whose install(ctx, shell) adds it
    "map": "reflexmap.qt.map.feature",
    "browse": "reflexmap.qt.browse.feature",
    "details": "reflexmap.qt.details.feature",
    "userdata": "reflexmap.qt.userdata.user_data",
    "player": "reflexmap.qt.player.feature",
    "printing": "reflexmap.qt.printing.print_actions",
}
# Nothing of these is on screen when the window first paints (the player's dock is hidden
# until a routine starts; printing adds menu items): the app installs them on the turn
# after the first paint (MainWindow(defer=True)), and their modules are imported then.
LATER = ("player", "printing")


def installer(name: str) -> Callable[[AppContext, Shell], object]:
    return import_module(FEATURES[name]).install  # type: ignore[no-any-return]


def install_all(ctx: AppContext, shell: Shell, skip: Iterable[str] = ()) -> dict[str, object]:
    left_out = set(skip)
    return {name: installer(name)(ctx, shell) for name in FEATURES if name not in left_out}
