"""The keys that are not menu items, for Help > Keyboard shortcuts (the menus' own
shortcuts are read from the menus when the list opens, so they are never listed twice
or out of date). Keep in step with the code named in each group."""

from __future__ import annotations

from reflexmap.core.present.i18n import tr


def fixed_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(key, what it does)]) in the order a user meets them."""
    return [
        (
            tr("Present", "Routine player (while a routine plays, from anywhere in the window)"),
            [  # reflexmap/qt/player/player_keys.py, player_panel.py
                (
                    tr("Present", "Space"),
                    tr("Present", "Pause, or go on (starts the routine in the player)"),
                ),
                (tr("Present", "Left"), tr("Present", "Previous step")),
                (tr("Present", "Right"), tr("Present", "Next step")),
                (tr("Present", "R"), tr("Present", "Say the last instruction again")),
                (tr("Present", "Esc"), tr("Present", "Stop the routine (in the player)")),
                (tr("Present", "Ctrl+R"), tr("Present", "Restart the routine (in the player)")),
                (tr("Present", "Alt+P"), tr("Present", "Speak the steps: on or off")),
                (tr("Present", "Alt+U"), tr("Present", "Sound cues: on or off")),
                (tr("Present", "Alt+O"), tr("Present", "Voice and sounds: voice, rate, volumes")),
                (tr("Present", "Alt+T"), tr("Present", "Move on to the next step automatically")),
                (tr("Present", "Alt+L"), tr("Present", "Log the finished session in the journal")),
                (
                    tr("Present", "Note"),
                    tr(
                        "Present",
                        "In a text field these keys type; Space on a button presses it; "
                        "Left and Right keep moving the map's focus, a list, a slider or a tab.",
                    ),
                ),
            ],
        ),
        (
            tr("Present", "Map"),
            [  # reflexmap/qt/map/foot_view.py
                (tr("Present", "Tab, Shift+Tab"), tr("Present", "Next or previous zone")),
                (tr("Present", "Arrow keys"), tr("Present", "The neighbouring zone that way")),
                (tr("Present", "Enter, Space"), tr("Present", "Select the zone")),
                (tr("Present", "Esc"), tr("Present", "Clear the selection")),
            ],
        ),
        (
            tr("Present", "Search"),
            [  # reflexmap/qt/browse/search_box.py
                (tr("Present", "Down, Up"), tr("Present", "Move through the results")),
                (tr("Present", "Enter"), tr("Present", "Open the result")),
                (tr("Present", "Esc"), tr("Present", "Close the results")),
            ],
        ),
    ]
