"""The details feature: the zone details column and the notes (evidence, claims) pages."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from reflexmap.core.present import cards, rich
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.details.zone_details import ZoneDetails
from reflexmap.qt.text import menu_text, message


class DetailsFeature(QObject):
    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        super().__init__(shell.widget())
        self.ctx = ctx
        self.shell = shell
        self.panel = ZoneDetails(ctx.state, ctx.app)
        self.panel.note_requested.connect(self.show_note)
        self.panel.play_requested.connect(
            lambda tid: ctx.routines.play_technique(tid) if ctx.routines else None
        )
        self.panel.safety_requested.connect(
            lambda: ctx.routines.safety_check() if ctx.routines else None
        )
        shell.place("details", self.panel)
        for note_id, text in (
            ("evidence", self.tr("What the &evidence says")),
            ("about_claims", self.tr("About these &claims")),
        ):
            act = QAction(text, self)
            act.triggered.connect(lambda _=False, n=note_id: self.show_note(n))
            shell.add_action("help", act, "notes")
        ctx.notes = self  # search opens note pages through the context
        disagreements = [n for n in ctx.atlas.notes.values() if n.kind == "disagreement"]
        if disagreements:
            menu = QMenu(self.tr("Where the sources &disagree"), shell.widget())
            menu.setObjectName("disagreementsMenu")
            for note in disagreements:
                act = menu.addAction(menu_text(note.title))
                act.triggered.connect(lambda _=False, n=note.id: self.show_note(n))
            shell.add_action("help", menu.menuAction(), "notes")

    def show_note(self, note_id: str) -> QMessageBox:
        page = cards.note_page(self.ctx.atlas, note_id)
        parent = self.shell.widget()
        if page is None:
            return message(
                parent,
                QMessageBox.Icon.Information,
                self.tr("Not available"),
                self.tr("This page is not in the loaded content."),
            )
        box = QMessageBox(parent)  # the one rich text outside the panel: escaped by `rich`
        box.setObjectName("notePage")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(page.title)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(rich.note_html(page))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box


def install(ctx: AppContext, shell: Shell) -> DetailsFeature:
    return DetailsFeature(ctx, shell)
