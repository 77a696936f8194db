"""Whose feet: the one remembered answer to "I massage my own feet / someone else".

App-wide, asked once (in the first safety check), shown and changed in the Routines menu
and the safety dialog. Kept in the settings through these two functions only, so moving
it into an app-level state later changes this file and nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from reflexmap.core.practice import WHO, Who

WHO_KEY = "practice/who"


def remembered_who(settings: QSettings) -> Who | None:
    """The remembered answer; None until the user has given one."""
    value = settings.value(WHO_KEY)
    return value if value in WHO else None


def remember_who(settings: QSettings, who: Who) -> None:
    settings.setValue(WHO_KEY, who)
