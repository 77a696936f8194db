"""Build my session: a body area or search words, the favourite zones, the zone picked on
the map, and a length; the preview says why each zone is in it (the claim, never a
promise), with the way to what the research found. Start plays it through the same
safety check and player; Save keeps it under a name (Routines > My sessions)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core import practice
from reflexmap.core.atlas import Atlas
from reflexmap.core.records import Sequence
from reflexmap.qt.text import plain_label


class BuildDialog(QDialog):
    def __init__(
        self,
        atlas: Atlas,
        *,
        favourites: list[str],
        selected: str | None,
        show_evidence: Callable[[], object] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("buildSession")
        self.setWindowTitle(self.tr("Build my session"))
        self.atlas = atlas
        self.favourites = [z for z in favourites if z in atlas.zones]
        self.selected = selected if selected in atlas.zones else None
        self.built: Sequence | None = None
        self.save_requested = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.query = QLineEdit()
        self.query.setObjectName("buildFor")
        self.query.setPlaceholderText(self.tr("e.g. headache, sleep, lower back"))
        form.addRow(self.tr("&For (a body area or words):"), self.query)
        self.use_favourites = QCheckBox(
            self.tr("Add my favourite zones ({0})").format(len(self.favourites))
        )
        self.use_favourites.setObjectName("buildFavourites")
        self.use_favourites.setEnabled(bool(self.favourites))
        form.addRow(self.use_favourites)
        picked = atlas.zones[self.selected].name if self.selected else self.tr("none selected")
        self.use_selected = QCheckBox(self.tr("Add the zone picked on the map: {0}").format(picked))
        self.use_selected.setObjectName("buildSelected")
        self.use_selected.setEnabled(self.selected is not None)
        self.use_selected.setChecked(self.selected is not None)
        form.addRow(self.use_selected)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("buildMinutes")
        self.minutes.setRange(3, 60)
        self.minutes.setValue(10)
        self.minutes.setSuffix(self.tr(" min"))
        form.addRow(self.tr("&Length:"), self.minutes)
        self.name = QLineEdit()
        self.name.setObjectName("buildName")
        self.name.setMaxLength(120)
        form.addRow(self.tr("&Name (to save it):"), self.name)
        layout.addLayout(form)
        self.preview = plain_label(name="buildPreview", wrap=True)
        layout.addWidget(self.preview)
        evidence = QPushButton(self.tr("What the research found"))
        evidence.setObjectName("buildEvidence")
        evidence.setAutoDefault(False)
        evidence.setEnabled(show_evidence is not None)
        if show_evidence is not None:
            evidence.clicked.connect(show_evidence)
        layout.addWidget(evidence)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setObjectName("buildStart")
        self.save_button = buttons.addButton(
            self.tr("Save and start"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("buildSave")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("buildCancel")
        self.start_button.clicked.connect(lambda: self._finish(save=False))
        self.save_button.clicked.connect(lambda: self._finish(save=True))
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        for signal in (
            self.query.textChanged,
            self.use_favourites.toggled,
            self.use_selected.toggled,
            self.minutes.valueChanged,
            self.name.textChanged,
        ):
            signal.connect(self._update)
        self._update()

    def zones(self) -> list[str]:
        zones = list(self.favourites) if self.use_favourites.isChecked() else []
        if self.use_selected.isChecked() and self.selected:
            zones.append(self.selected)
        return zones

    def build(self) -> Sequence:
        """The session as asked (BuildError when nothing to work is found)."""
        query = self.query.text().strip()
        label = self.name.text().strip()
        return practice.build_session(
            self.atlas,
            query=query,
            zones=self.zones(),
            name=label,
            sequence_id="my.preview",
            minutes=self.minutes.value(),
        )

    def _update(self) -> None:
        try:
            built = self.build()
        except practice.BuildError as exc:
            self.preview.setText(
                str(exc)
                if self.query.text().strip()
                else self.tr("Type a body area or words, or add zones.")
            )
            self.start_button.setEnabled(False)
            self.save_button.setEnabled(False)
            return
        keys = practice.order_keys(
            s.zone_keys[0]
            for s in built.steps
            if s.zone_keys and s.zone_keys[0] != practice.SOLAR_PLEXUS
        )
        rows = practice.why_lines(self.atlas, keys)
        lines = [self.tr("Why each zone is in it (what is claimed, not a promise):")]
        lines += [f"• {name}: {claim}" for name, claim, _ in rows]
        self.preview.setText("\n".join(lines))
        self.start_button.setEnabled(True)
        self.save_button.setEnabled(bool(self.name.text().strip()))

    def _finish(self, *, save: bool) -> None:
        try:
            self.built = self.build()
        except practice.BuildError:
            return
        self.save_requested = save
        self.accept()
