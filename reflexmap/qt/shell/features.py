"""The features, in install order: each adds itself to the window through `Shell`.

The order is the order of the window's slots and menus: the map before the details
column, the details before the user's note, search before the favourite star.
"""

from __future__ import annotations

from collections.abc import Callable

from reflexmap.qt.browse import feature as browse
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.details import feature as details
from reflexmap.qt.map import feature as map_feature
from reflexmap.qt.player import feature as player
from reflexmap.qt.printing import print_actions as printing
from reflexmap.qt.userdata import user_data

FEATURES: dict[str, Callable[[AppContext, Shell], object]] = {
    "map": map_feature.install,
    "browse": browse.install,
    "details": details.install,
    "userdata": user_data.install,
    "player": player.install,
    "printing": printing.install,
}


def install_all(ctx: AppContext, shell: Shell) -> dict[str, object]:
    return {name: install(ctx, shell) for name, install in FEATURES.items()}
