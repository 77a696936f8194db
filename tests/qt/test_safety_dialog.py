"""The safety dialog reads well: wrapped questions, nothing drawn over anything, no sideways
scrolling, a verdict that is never cut off, Enter starts, follow-ups only after their
parent, disabled buttons that look disabled, and the verdict told to screen readers.

Screen sizes are given to the dialog (`fit_to`) as a screen's free area would be: the
offscreen platform has one 800x800 screen. 683x384 is 1366x768 at 200 % scale.

Mutations tried, and what caught them:
- Cancel (and Start) left autoDefault, or Start made default before it joined the
  dialog as before (Enter then pressed Cancel): test_enter_starts.
- the questions' horizontal scroll bar as needed, content wider than the viewport
  (`setMinimumWidth(900)` on the content): test_layout_fits.
- the verdict back in the dialog's layout without its own scroll area: test_layout_fits
  (clipped at 683x384).
- follow-ups always shown: test_follow_ups_appear_with_their_parent.
- no Disabled colours on the dialog's palette: test_disabled_buttons_look_disabled.
- the Disabled colours not recomputed when the theme changes (PaletteChange ignored):
  test_disabled_buttons_look_disabled[dark], [high-contrast].
- the announcement event not sent: test_verdict_is_announced.
"""

from __future__ import annotations

import json
from itertools import combinations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from reflexmap.core.present import safety as present_safety
from reflexmap.qt import notice
from reflexmap.qt.app_state import ANSWERS_KEY, AppState
from reflexmap.qt.player import safety_dialog
from reflexmap.qt.player.safety_dialog import SafetyDialog
from reflexmap.qt.player.wrapping_checkbox import WrappingCheckBox
from reflexmap.qt.shell import theme

FIVE = (
    "s_diabetes",
    "s_water_retention",
    "s_cardiac_circulatory",
    "s_stiff_muscles_knots",
    "s_moderate_pressure_chronic",
)  # five conditions that leave the foot steps to play


@pytest.fixture
def make(qtbot, atlas, settings):
    def build(
        seq_id: str = "seq_004_circulation",
        available: QSize | None = None,
        ticked: tuple[str, ...] = (),
    ) -> SafetyDialog:
        dialog = SafetyDialog(atlas, atlas.sequences[seq_id], AppState(settings))
        qtbot.addWidget(dialog)
        if available is not None:
            dialog.fit_to(available)
        dialog.show()
        qtbot.waitExposed(dialog)
        for rid in ticked:
            dialog.boxes[rid].setChecked(True)
        QApplication.processEvents()
        return dialog

    return build


def _visible_items(dialog: QDialog) -> list[QWidget]:
    layout = dialog.layout()
    items = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in items if w is not None and w.isVisible()]


def _mapped(widget: QWidget, to: QWidget) -> QRect:
    return QRect(widget.mapTo(to, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize(
    "available",
    [QSize(1366, 768), QSize(1600, 1000), QSize(683, 384)],
    ids=["1366x768", "1600x1000", "1366x768@200%"],
)
def test_layout_fits(make, available: QSize) -> None:
    dialog = make(available=available, ticked=FIVE + ("s_unexplained_swelling",))
    assert dialog.width() <= available.width() and dialog.height() <= available.height()
    assert dialog.maximumHeight() <= available.height()
    assert dialog.acknowledge.isVisible()  # a doctor's word is asked: one more row

    items = _visible_items(dialog)
    assert {w.objectName() for w in items} >= {
        "safetyTitle",
        "safetyQuestionArea",
        "safetyVerdictArea",
        "safetyAcknowledge",
        "safetyRemember",
    }
    inside = dialog.rect()
    for widget in items:
        rect = _mapped(widget, dialog)
        assert inside.contains(rect), (widget.objectName(), rect, inside)
        assert rect.height() >= widget.minimumSizeHint().height() or isinstance(widget, QLabel), (
            widget.objectName()
        )
    for a, b in combinations(items, 2):
        assert not _mapped(a, dialog).intersects(_mapped(b, dialog)), (
            a.objectName(),
            b.objectName(),
        )

    area = dialog.questions_area
    bar = area.horizontalScrollBar()
    assert not bar.isVisible() and bar.maximum() == 0
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert area.widget().width() <= area.viewport().width()
    content = area.widget()
    rows = [
        w for w in content.findChildren(QWidget) if w.isVisible() and w.parentWidget() is content
    ]
    for a, b in combinations(rows, 2):  # questions, intro and reminders do not overlap
        assert not a.geometry().intersects(b.geometry()), (a.objectName(), b.objectName())
    for box in dialog.boxes.values():
        if box.isVisible():  # wrapped, not cut: all its lines fit in its height
            assert box.heightForWidth(box.width()) <= box.height(), box.objectName()
            assert box.width() <= area.viewport().width()

    label = dialog.verdict_label
    assert label.heightForWidth(label.width()) <= label.height()  # never clipped:
    assert label.width() <= dialog.verdict_area.viewport().width()  # it scrolls instead
    verdict_bar = dialog.verdict_area.verticalScrollBar()
    assert verdict_bar.maximum() == max(0, label.height() - dialog.verdict_area.viewport().height())


def test_resizable_and_still_no_sideways_scrolling(make) -> None:
    dialog = make(available=QSize(1366, 768), ticked=FIVE)
    assert dialog.isSizeGripEnabled()
    dialog.resize(dialog.minimumSizeHint())
    QApplication.processEvents()
    assert dialog.questions_area.horizontalScrollBar().maximum() == 0
    label = dialog.verdict_label
    assert label.heightForWidth(label.width()) <= label.height()
    wide = QSize(1200, 700)
    dialog.resize(wide)
    QApplication.processEvents()
    assert dialog.size() == wide
    assert dialog.questions_area.widget().width() == dialog.questions_area.viewport().width()


def test_enter_starts(make) -> None:
    dialog = make()
    assert dialog.start_button.isDefault() and dialog.start_button.isEnabled()
    cancel = dialog.findChild(QWidget, "safetyCancel")
    assert cancel is not None and not cancel.autoDefault()
    cancel.setFocus()  # even with the focus on Cancel, Enter means Start
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_enter_does_nothing_while_start_is_off(make) -> None:
    dialog = make(ticked=("s_dvt_clotting",))  # the whole routine is ruled out
    assert not dialog.start_button.isEnabled()
    dialog.boxes["s_dvt_clotting"].setFocus()
    QTest.keyClick(dialog, Qt.Key.Key_Enter)
    assert dialog.isVisible()  # neither started nor cancelled
    dialog.boxes["s_dvt_clotting"].setChecked(False)
    dialog.boxes["s_diabetes"].setChecked(True)  # the foot steps need a doctor's word
    assert not dialog.start_button.isEnabled()
    dialog.acknowledge.setChecked(True)
    assert dialog.start_button.isEnabled()
    assert dialog.start_button.text() == "Start the allowed steps"
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_follow_ups_appear_with_their_parent(make) -> None:
    dialog = make()
    parent, follow = dialog.boxes["s_pregnancy"], dialog.boxes["s_pregnancy_first_trimester"]
    assert parent.isVisible() and not follow.isVisible() and not follow.isEnabled()
    parent.setChecked(True)
    assert follow.isVisible() and follow.isEnabled()
    assert follow.geometry().top() >= parent.geometry().bottom()  # right under it,
    assert follow.contentsMargins().left() > parent.contentsMargins().left()  # indented
    follow.setChecked(True)
    assert dialog.ticked() == {"s_pregnancy", "s_pregnancy_first_trimester"}
    assert dialog.verdict().blocked
    parent.setChecked(False)
    assert not follow.isVisible() and not follow.isChecked()
    assert dialog.ticked() == set() and not dialog.verdict().blocked_steps


def test_questions_are_named_and_plain(make, atlas) -> None:
    dialog = make()
    check = dialog.checklist
    for rule in check.questions:
        box = dialog.boxes[rule.id]
        assert isinstance(box, WrappingCheckBox)
        assert box.objectName() == f"safety_{rule.id}"
        assert box.accessibleName() == check.text(rule) == box.plain_text()
        assert "the person" in box.accessibleName()  # a partner routine
    wrapped = dialog.boxes["s_dvt_clotting"]  # two lines at this width
    assert wrapped.height() > 1.5 * wrapped.fontMetrics().height()
    QTest.mouseClick(
        wrapped, Qt.MouseButton.LeftButton, pos=QPoint(wrapped.width() // 2, wrapped.height() - 3)
    )  # on the second line of its text
    assert wrapped.isChecked()
    rich_ones = (dialog.verdict_label, dialog.notes_label)  # both made by present/rich.py
    for label in dialog.findChildren(QLabel):
        if label not in rich_ones:
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert all(label.textFormat() == Qt.TextFormat.RichText for label in rich_ones)
    own = make("seq_002_seated_self_massage")
    pregnancy = own.boxes["s_pregnancy"]
    assert pregnancy.accessibleName() == "Are you pregnant?"
    assert own.acknowledge.plain_text() == present_safety.acknowledge_text(own.sequence)


def test_verdict_is_announced(make, monkeypatch) -> None:
    sent: list[tuple[QAccessible.Event, str]] = []

    def record(event) -> None:
        text = event.message() if hasattr(event, "message") else ""
        sent.append((event.type(), text))

    monkeypatch.setattr(safety_dialog.QAccessible, "updateAccessibility", record)
    monkeypatch.setattr(notice, "reader_speaks_announcements", lambda: True)  # newer Orca
    monkeypatch.setattr(notice.QAccessible, "isActive", lambda: True)  # a reader is on
    dialog = make()
    sent.clear()
    dialog.boxes["s_diabetes"].setChecked(True)
    expected = present_safety.verdict_text(dialog.verdict(), dialog.sequence, dialog.atlas)
    assert dialog.verdict_label.accessibleDescription() == expected
    assert (QAccessible.Event.Announcement, expected) in sent
    assert any(kind == QAccessible.Event.DescriptionChanged for kind, _ in sent)
    assert dialog.last_announcement == expected
    sent.clear()
    dialog.remember.setChecked(True)  # the verdict did not change: nothing is said
    assert not sent


def _darkest_and_lightest(widget: QWidget) -> set[str]:
    image = widget.grab().toImage()
    return {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }


@pytest.mark.parametrize("name", ["light", "dark", "high-contrast"])
def test_disabled_buttons_look_disabled(make, name: str) -> None:
    """A pixel probe: the disabled Start button's text is not drawn in the text colour
    the enabled Cancel button uses, also after the theme changed under the dialog."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(theme.palette("light"))
    try:
        dialog = make(ticked=("s_dvt_clotting",))
        app.setPalette(theme.palette(name))  # a theme switch while the dialog is open
        QApplication.processEvents()
        assert not dialog.start_button.isEnabled()
        cancel = dialog.findChild(QWidget, "safetyCancel")
        pal = dialog.start_button.palette()
        text = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
        dim = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        assert dim != text
        back = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Button)
        for a, b, c in zip(
            dim.getRgb()[:3], text.getRgb()[:3], back.getRgb()[:3], strict=True
        ):  # half way from this theme's text to its button
            assert abs(a - (b + c) / 2) <= 1, (name, dim.name(), text.name(), back.name())
        assert text == QColor(theme.palette(name).color(QPalette.ColorRole.ButtonText))
        assert text.name() in _darkest_and_lightest(cancel)
        assert text.name() not in _darkest_and_lightest(dialog.start_button)
        assert dim.name() in _darkest_and_lightest(dialog.start_button)
    finally:
        app.setPalette(before)


def test_a_remembered_follow_up_brings_its_question(make, settings) -> None:
    """Remembered answers holding a follow-up alone (an older file, another routine's
    save) tick its question too, so the verdict is the one the follow-up means.
    Mutation checked: without `with_parents` on the remembered answers, the pregnancy box
    stays empty and the routine plays."""
    settings.setValue(ANSWERS_KEY, json.dumps(["s_pregnancy_first_trimester"]))
    dialog = make("seq_000_foot_massage")
    assert dialog.boxes["s_pregnancy"].isChecked()
    assert dialog.boxes["s_pregnancy_first_trimester"].isChecked()
    assert dialog.verdict().blocked


def test_the_leg_article_moves_stop_with_diabetes(make) -> None:
    """The six foot moves of the leg article are its treatment; its list stops it."""
    dialog = make("seq_003_six_techniques", ticked=("s_diabetes",))
    verdict = dialog.verdict()
    assert verdict.blocked and not verdict.can_start(acknowledged=True)
    assert not dialog.start_button.isEnabled()
    assert dialog.verdict_label.accessibleDescription().startswith(
        "This routine should not be done."
    )


def test_the_routine_links_its_disagreements(make, qtbot) -> None:
    """A disagreement reaches the routine it concerns; the link opens its page
    (the dialog asks for it; the window shows it through ctx.notes)."""
    dialog = make("seq_004_circulation")
    html = dialog.notes_label.text()
    assert "note:d_leg_stroke_direction" in html and "note:d_leg_article_list" in html
    with qtbot.waitSignal(dialog.note_requested) as got:
        dialog.notes_label.linkActivated.emit("note:d_leg_stroke_direction")
    assert got.args == ["d_leg_stroke_direction"]
