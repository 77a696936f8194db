"""The details feature: the zone details column and the notes (evidence, claims) pages."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMessageBox, QVBoxLayout

from reflexmap.core.present import cards, rich
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.details.zone_details import CardPane, PrimerBrowser, ZoneDetails
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
        self.panel.primer_requested.connect(self.show_primer)
        self.pane = CardPane(self.panel)  # the card and its outline ("Go to:")
        self.outline = self.pane.outline
        shell.place("details", self.pane)
        self.primer: QDialog | None = None
        start = QAction(self.tr("&Start Here"), self)
        start.setObjectName("startHereAction")
        start.triggered.connect(self.show_primer)
        shell.add_action("help", start, "start")
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

    def show_primer(self) -> QDialog:
        """Help > Start here, one window (raised again if open): how to sit, how firm,
        the basic moves with their drawings, how long, the evidence, the safety check."""
        if self.primer is not None:
            self.primer.show()
            self.primer.raise_()
            return self.primer
        dialog = QDialog(self.shell.widget())
        dialog.setObjectName("primerWindow")
        dialog.setWindowTitle(self.tr("Start here"))
        browser = PrimerBrowser(dialog)
        browser.anchorClicked.connect(self._primer_link)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        dialog.resize(620, 640)
        dialog.destroyed.connect(lambda: setattr(self, "primer", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.primer = dialog
        dialog.show()
        return dialog

    def _primer_link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "note":
            self.show_note(ident)
        elif kind == "safety" and self.ctx.routines is not None:
            self.ctx.routines.safety_check()

    def offer_primer(self) -> bool:
        """On the first start only (a settings flag): the empty card offers Start here
        first. In the card, not a dialog: nothing modal, no focus taken from the map."""
        settings = self.ctx.settings
        if settings.value("primer/offered", False, type=bool):
            return False
        settings.setValue("primer/offered", True)
        self.panel.offer_primer = True
        self.panel.refresh()
        return True

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
