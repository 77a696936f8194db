"""The keys that are not menu items, for Help > Keyboard shortcuts (the menus' own
shortcuts are read from the menus when the list opens, so they are never listed twice
or out of date). Keep in step with the code named in each group."""

from __future__ import annotations

from reflexmap.core.present.i18n import translate


def fixed_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(key, what it does)]) in the order a user meets them."""
    return [
        (
            translate(
                "Present", "Routine player (while a routine plays, from anywhere in the window)"
            ),
            [  # reflexmap/qt/player/player_keys.py, player_panel.py
                (
                    translate("Present", "Space"),
                    translate("Present", "Pause, or go on (starts the routine in the player)"),
                ),
                (translate("Present", "Left"), translate("Present", "Previous step")),
                (translate("Present", "Right"), translate("Present", "Next step")),
                (translate("Present", "R"), translate("Present", "Say the last instruction again")),
                (
                    translate("Present", "Esc"),
                    translate("Present", "Stop the routine (in the player)"),
                ),
                (
                    translate("Present", "Ctrl+R"),
                    translate("Present", "Restart the routine (in the player)"),
                ),
                (translate("Present", "Alt+P"), translate("Present", "Speak the steps: on or off")),
                (translate("Present", "Alt+U"), translate("Present", "Sound cues: on or off")),
                (
                    translate("Present", "Alt+O"),
                    translate("Present", "Voice and sounds: voice, rate, volumes"),
                ),
                (
                    translate("Present", "Alt+V"),
                    translate("Present", "Voice control: listen for spoken commands, on or off"),
                ),
                (
                    translate("Present", "Alt+T"),
                    translate("Present", "Move on to the next step automatically"),
                ),
                (
                    translate("Present", "Alt+L"),
                    translate("Present", "Log the finished session in the journal"),
                ),
                (
                    translate("Present", "Note"),
                    translate(
                        "Present",
                        "In a text field these keys type; Space on a button presses it; "
                        "Left and Right keep moving the map's focus, a list, a slider or a tab.",
                    ),
                ),
            ],
        ),
        (
            translate("Present", "Map"),
            [  # reflexmap/qt/map/foot_view.py
                (
                    translate("Present", "Tab, Shift+Tab"),
                    translate(
                        "Present",
                        "Into the map (on the focused or selected zone, else the first) and "
                        "out of it to the next or previous control: the map is one stop",
                    ),
                ),
                (
                    translate("Present", "Arrow keys"),
                    translate("Present", "The neighbouring zone that way"),
                ),
                (
                    translate("Present", "Home, End"),
                    translate("Present", "The view's first or last zone"),
                ),
                (translate("Present", "Enter, Space"), translate("Present", "Select the zone")),
                (translate("Present", "Esc"), translate("Present", "Clear the selection")),
            ],
        ),
        (
            translate("Present", "Search"),
            [  # reflexmap/qt/browse/search_box.py
                (
                    translate("Present", "Down, Up"),
                    translate("Present", "Move through the results"),
                ),
                (translate("Present", "Enter"), translate("Present", "Open the result")),
                (translate("Present", "Esc"), translate("Present", "Close the results")),
            ],
        ),
    ]
