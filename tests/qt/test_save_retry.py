"""A save that fails (a full disk) is not forgotten: it stays pending, a banner
says so until a retry writes it, and the window does not close silently over it."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QLabel

from reflexmap.core import user_store
from reflexmap.core.user_store import NOTE_LIMIT, UserStore, data_dir


class full_disk:  # noqa: N801 (stands in for user_store._transaction)
    """Every commit fails as SQLite fails on a full disk."""

    def __init__(self, conn: object) -> None:
        pass

    def __enter__(self) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    def __exit__(self, *exc: object) -> None:
        pass


def a_zone(window) -> str:
    return window.features.map.scene.zone_ids()[0]


def test_failed_note_is_retried_and_shown_until_saved(
    window, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = window.features.userdata
    zone = a_zone(window)
    window.ctx.state.select_zone(zone)
    real = user_store._transaction
    monkeypatch.setattr(user_store, "_transaction", full_disk)
    feature.notes.setPlainText("typed on a full disk")
    feature.save_note()
    banner = window.findChild(QLabel, "unsavedBanner")
    assert banner is not None and not banner.isHidden()
    assert "not saved" in banner.text() and "disk is full" in banner.text()
    assert feature.retry_timer.isActive()
    assert not feature.retry()  # still full: still shown
    assert not banner.isHidden()
    window.ctx.state.clear()  # leaving the zone: the change is still not lost
    monkeypatch.setattr(user_store, "_transaction", real)
    feature.retry_timer.setInterval(50)
    qtbot.waitUntil(lambda: banner.isHidden(), timeout=3000)
    assert not feature.retry_timer.isActive()
    assert UserStore(data_dir()).note(zone) == "typed on a full disk"


def test_close_with_unsaved_data_asks(window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    feature = window.features.userdata
    window.ctx.state.select_zone(a_zone(window))
    monkeypatch.setattr(user_store, "_transaction", full_disk)
    feature.notes.setPlainText("unsaved")
    feature.save_note()
    asked: list[bool] = []
    monkeypatch.setattr(feature, "confirm_discard", lambda: asked.append(True) or False)
    window.show()
    assert not window.close()  # refused: the user chose to keep trying
    assert asked and window.isVisible()
    monkeypatch.setattr(feature, "confirm_discard", lambda: True)
    assert window.close()  # the user chose to discard


def test_too_long_note_says_the_limit(window) -> None:
    feature = window.features.userdata
    window.ctx.state.select_zone(a_zone(window))
    feature.notes.setPlainText("x" * (NOTE_LIMIT + 1))
    feature.save_note()  # a ValidationError inside a slot used to vanish
    banner = window.findChild(QLabel, "unsavedBanner")
    assert not banner.isHidden()
    assert f"{NOTE_LIMIT}" in banner.text()
