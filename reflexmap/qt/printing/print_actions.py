"""File > Print Preview…, Print…, Export Chart…, Export Handout…: the window's side.

Every action asks for the chart options, then hands a printer or a file to `export`,
which paints with `chart_page.paint_chart`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from reflexmap.core.atlas import Atlas
from reflexmap.core.present import labels
from reflexmap.qt.context import AppContext, Shell
from reflexmap.qt.printing import export
from reflexmap.qt.printing.chart_page import ChartOptions
from reflexmap.qt.screen import fit_to_screen
from reflexmap.qt.text import message, plain_label

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from reflexmap.qt.printing import progress_sheet


class ChartOptionsDialog(QDialog):
    """Views, feet, colour or grayscale, paper, orientation, legend (or a sequence)."""

    def __init__(
        self, atlas: Atlas, current_view: str, parent: QWidget | None = None, handout: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartOptions")
        self.setWindowTitle(self.tr("Handout options") if handout else self.tr("Chart options"))
        form = QFormLayout(self)
        self.views = QListWidget()
        self.views.setAccessibleName(self.tr("Views to print"))
        for view in atlas.views.values():
            item = QListWidgetItem(view.name)
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            item.setCheckState(
                Qt.CheckState.Checked if view.id == current_view else Qt.CheckState.Unchecked
            )
            self.views.addItem(item)
        self.sequence = QComboBox()
        for seq in atlas.sequences.values():
            self.sequence.addItem(seq.name, seq.id)
        self.feet = QComboBox()
        kind = labels.view_kind(atlas, current_view)  # the words of the view's body part
        for label, feet in (
            (labels.side_label(atlas, kind, None, capital=True), "both"),
            (labels.side_label(atlas, kind, "left", capital=True), "left"),
            (labels.side_label(atlas, kind, "right", capital=True), "right"),
        ):
            self.feet.addItem(label, feet)
        self.colour = QComboBox()
        self.colour.addItem(self.tr("Colour"), False)
        self.colour.addItem(self.tr("Grayscale (printer-friendly)"), True)
        self.paper = QComboBox()
        self.paper.addItem(self.tr("A4"), "a4")
        self.paper.addItem(self.tr("US Letter"), "letter")
        self.paper.addItem(self.tr("A3"), "a3")
        self.labels = QComboBox()
        self.labels.addItem(self.tr("Names beside the feet"), "names")
        self.labels.addItem(self.tr("Numbers and a legend"), "numbers")
        self.poster = QComboBox()
        self.poster.addItem(self.tr("No: one sheet per view"), None)
        self.poster.addItem(self.tr("A2 poster, on sheets of the paper above"), "a2")
        self.poster.addItem(self.tr("A1 poster, on sheets of the paper above"), "a1")
        self.orientation = QComboBox()
        self.orientation.addItem(self.tr("Portrait"), False)
        self.orientation.addItem(self.tr("Landscape"), True)
        self.legend = QCheckBox(self.tr("Print the legend"))
        self.legend.setChecked(True)
        if handout:
            form.addRow(self.tr("&Routine:"), self.sequence)
        else:
            form.addRow(self.tr("&Views:"), self.views)
            form.addRow(self.tr("&Sides:"), self.feet)
        form.addRow(self.tr("&Colour:"), self.colour)
        form.addRow(self.tr("&Paper:"), self.paper)
        form.addRow(self.tr("&Orientation:"), self.orientation)
        if not handout:
            form.addRow(self.tr("&Zones:"), self.labels)
            form.addRow(self.tr("Po&ster:"), self.poster)
            form.addRow("", self.legend)
        self.handout = handout
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> ChartOptions:
        views = tuple(
            self.views.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.views.count())
            if self.views.item(i).checkState() == Qt.CheckState.Checked
        )
        feet = self.feet.currentData()
        poster = None if self.handout else self.poster.currentData()
        paper = self.paper.currentData()
        return ChartOptions(
            views=views or (self.views.item(0).data(Qt.ItemDataRole.UserRole),),
            feet=("left", "right") if feet == "both" else (feet,),
            grayscale=bool(self.colour.currentData()),
            paper=paper,
            labels=self.labels.currentData(),
            poster=poster,
            tile=paper if paper in ("a4", "letter") else "a4",
            landscape=bool(self.orientation.currentData()),
            legend=self.legend.isChecked(),
            sequence=self.sequence.currentData() if self.handout else None,
        )


class PrintActions(QObject):
    """Owns the printer (a temporary QPrinter under a dialog crashes) and the actions.

    Qt's print support (and the printer, which asks the system for its printers) is loaded
    on first use, not at start: it costs memory and time nobody needs until they print."""

    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        super().__init__(shell.widget())
        self.ctx = ctx
        self.shell = shell
        self._printer: QPrinter | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.options = ChartOptions()

    @property
    def printer(self) -> QPrinter:
        if self._printer is None:
            from PySide6.QtPrintSupport import QPrinter

            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        return self._printer

    def _parent(self) -> QWidget:
        return self.shell.widget()

    def ask_options(self, handout: bool = False) -> ChartOptions | None:
        dialog = ChartOptionsDialog(self.ctx.atlas, self.ctx.state.view, self._parent(), handout)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.options = dialog.options()
        self.printer.setPageLayout(export.page_layout(self.options))
        return self.options

    def paint_to(self, printer: QPrinter) -> None:
        export.print_document(printer, self.ctx.atlas, self.options)

    def open_preview(self, options: ChartOptions | None = None) -> QPrintPreviewDialog | None:
        options = options or self.ask_options()
        if options is None:
            return None
        self.options = options
        self.printer.setPageLayout(export.page_layout(options))
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        self.preview = QPrintPreviewDialog(self.printer, self._parent())
        self.preview.setWindowTitle(self.tr("Print Preview"))
        self.preview.paintRequested.connect(self.paint_to)
        fit_to_screen(self.preview, 0.85)  # large enough to read a page
        self.preview.open()
        from PySide6.QtPrintSupport import QPrintPreviewWidget

        for widget in self.preview.findChildren(QPrintPreviewWidget):
            # the whole page, as the dialog's own "Fit page" button (checked at start) says;
            # fitting the width instead opened at 130 % with that button still pressed
            widget.fitInView()
        return self.preview

    def print_chart(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo

        if not QPrinterInfo.availablePrinters():
            answer = QMessageBox.question(
                self._parent(),
                self.tr("No printer"),
                self.tr(
                    "No printer is installed on this computer. Export the chart as a PDF instead?"
                ),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.export_chart()
            return
        if self.ask_options() is None:
            return
        dialog = QPrintDialog(self.printer, self._parent())
        dialog.setWindowTitle(self.tr("Print Chart"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.paint_to(self.printer)

    def export_chart(self, handout: bool = False) -> None:
        if handout and not self.ctx.atlas.sequences:
            message(
                self._parent(),
                QMessageBox.Icon.Information,
                self.tr("No routines"),
                self.tr("The loaded content has no routines."),
            )
            return
        options = self.ask_options(handout)
        if options is None:
            return
        name = options.sequence if handout else "_".join(options.views)
        path, _ = QFileDialog.getSaveFileName(
            self._parent(),
            self.tr("Export Handout") if handout else self.tr("Export Chart"),
            str(Path.home() / f"reflexmap-{name}.pdf"),
            save_filter(),
        )
        if path:
            self.write(Path(path), options)

    def write(self, path: Path, options: ChartOptions) -> list[Path]:
        if path.suffix.lower() not in export.FORMATS:
            path = path.with_suffix(next(iter(export.FORMATS)))
        progress = QProgressDialog(self._parent())
        progress.setLabel(plain_label(self.tr("Exporting {0}…").format(path.name)))
        progress.setCancelButtonText(self.tr("Cancel"))
        progress.setRange(0, 1)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            written = export.export(path, self.ctx.atlas, options, dpi=300, progress=step)
        except (OSError, ValueError) as exc:
            # a warning box (Orca reads it) and the status bar; the error names the path
            self.shell.show_status(str(exc), 10_000)
            message(self._parent(), QMessageBox.Icon.Warning, self.tr("Export failed"), str(exc))
            written = []
        finally:
            progress.close()
            progress.deleteLater()
        if written:
            self.shell.show_status(
                self.tr("Wrote {0}").format(", ".join(str(p) for p in written)), 10_000, say=True
            )
        return written


def _progress_sheet(self: PrintActions) -> progress_sheet.ProgressSheet:
    """The sheet of the person chosen in the window (the person box), all their sessions."""
    from reflexmap.core.user_store import ME
    from reflexmap.qt.printing import progress_sheet

    try:
        person_id = int(str(self.ctx.settings.value("practice/person", ME)))
    except (TypeError, ValueError):
        person_id = ME
    if self.ctx.store.person(person_id) is None:
        person_id = ME
    return progress_sheet.ProgressSheet(self.ctx.atlas, self.ctx.store, person_id)


def preview_progress(self: PrintActions) -> QPrintPreviewDialog:
    """The progress sheet in the print preview, on the window's printer."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from reflexmap.qt.printing import progress_sheet

    sheet = _progress_sheet(self)
    preview = QPrintPreviewDialog(self.printer, self._parent())
    preview.setObjectName("progressPreview")
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.paintRequested.connect(lambda printer: progress_sheet.print_to(printer, sheet))
    preview.open()
    return preview


def save_filter() -> str:
    """The save dialog's file types: export.FORMATS, as the chart's export writes them."""
    return ";;".join(
        f"{QCoreApplication.translate('export', f.label)} (*{f.suffix})"
        for f in export.FORMATS.values()
    )


def export_progress(self: PrintActions) -> list[Path]:
    """The progress sheet of the person chosen in the window (Data: the person box), all
    their sessions: the summary and the chart pages with the heat."""
    from reflexmap.qt.printing import progress_sheet

    path, _ = QFileDialog.getSaveFileName(
        self._parent(),
        QCoreApplication.translate("PrintActions", "Export progress sheet"),
        str(Path.home() / "reflexmap-progress.pdf"),
        save_filter(),
    )
    if not path:
        return []
    try:
        written = progress_sheet.write(Path(path), _progress_sheet(self))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.shell.show_status(
            QCoreApplication.translate("PrintActions", "Could not write {0}: {1}").format(
                path, reason
            ),
            10_000,
            say=True,
        )
        return []
    self.shell.show_status(
        QCoreApplication.translate("PrintActions", "Wrote {0}").format(
            ", ".join(str(p) for p in written)
        ),
        10_000,
        say=True,
    )
    return written


def install(ctx: AppContext, shell: Shell) -> PrintActions:
    actions = PrintActions(ctx, shell)
    for text, slot, key in (
        (
            QCoreApplication.translate("PrintActions", "Print Pre&view…"),
            lambda: actions.open_preview(),
            None,
        ),
        (
            QCoreApplication.translate("PrintActions", "&Print…"),
            actions.print_chart,
            QKeySequence.StandardKey.Print,
        ),
        (
            QCoreApplication.translate("PrintActions", "&Export Chart…"),
            lambda: actions.export_chart(),
            None,
        ),
        (
            QCoreApplication.translate("PrintActions", "Export Routine &Handout…"),
            lambda: actions.export_chart(handout=True),
            None,
        ),
    ):
        action = QAction(text, actions)
        if key is not None:
            action.setShortcut(key)
        action.triggered.connect(slot)
        shell.add_action("file", action, "output")
    sheet = QAction(QCoreApplication.translate("PrintActions", "Export &Progress Sheet…"), actions)
    sheet.setObjectName("exportProgressSheet")
    sheet.triggered.connect(lambda: export_progress(actions))
    shell.add_action("file", sheet, "output")
    printed = QAction(QCoreApplication.translate("PrintActions", "Print Progress S&heet…"), actions)
    printed.setObjectName("printProgressSheet")
    printed.triggered.connect(lambda: preview_progress(actions))
    shell.add_action("file", printed, "output")
    return actions
