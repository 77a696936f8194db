"""The safety check shown before a routine's first run (and from Routines → Safety check…).

The questions come from the content's safety rules (`reflexmap.core.safety_check`);
nothing is hard-coded here. Answers are remembered only when the user asks for it, in
the window's settings under ``safety/answers``.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reflexmap.core.atlas import Atlas
from reflexmap.core.models import Sequence
from reflexmap.core.present import rich, safety
from reflexmap.core.safety_check import Checklist, Verdict, build_checklist, evaluate
from reflexmap.qt.text import plain_label, set_tooltip

ANSWERS_KEY = "safety/answers"


def remembered_answers(settings: QSettings) -> set[str] | None:
    """The ticked rule ids the user asked us to remember, or None if nothing is kept."""
    raw = settings.value(ANSWERS_KEY)
    if raw is None:
        return None
    try:
        value = json.loads(str(raw))
    except ValueError:
        return None
    return {str(v) for v in value} if isinstance(value, list) else None


class SafetyDialog(QDialog):
    def __init__(self, atlas: Atlas, sequence: Sequence, settings: QSettings,
                 parent: QWidget | None = None, *, starting: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("safetyCheck")
        self.setWindowTitle(self.tr("Safety check"))
        self.setAccessibleName(self.tr("Safety check before the routine"))
        self.atlas = atlas
        self.sequence = sequence
        self.settings = settings
        self.checklist: Checklist = build_checklist(atlas, sequence)
        remembered = remembered_answers(settings)

        layout = QVBoxLayout(self)
        title = plain_label(self.tr("Before you start: {0}").format(sequence.name),
                            name="safetyTitle", wrap=True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(plain_label(self.tr(
            "Tick anything that applies to you. This is not a diagnosis and not medical "
            "advice: your answers only make the app more careful. If in doubt, ask a doctor "
            "before you start."), wrap=True))

        self.boxes: dict[str, QCheckBox] = {}
        questions = QWidget()
        qbox = QVBoxLayout(questions)
        for rule in self.checklist.questions:
            box = QCheckBox(rule.question)
            box.setObjectName(f"safety_{rule.id}")
            box.setAccessibleName(rule.question)
            set_tooltip(box, rule.explanation)
            box.setChecked(bool(remembered and rule.id in remembered))
            box.toggled.connect(self._update)
            qbox.addWidget(box)
            self.boxes[rule.id] = box
        if not self.checklist.questions:
            qbox.addWidget(plain_label(self.tr("No questions apply to this routine.")))
        qbox.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(questions)
        scroll.setMinimumHeight(min(360, 60 + 34 * len(self.checklist.questions)))
        layout.addWidget(scroll, 1)

        if self.checklist.reminders:
            group = QGroupBox(self.tr("Whatever your answers"))
            rbox = QVBoxLayout(group)
            for rule in self.checklist.reminders:
                label = plain_label("• " + rule.question, wrap=True)
                set_tooltip(label, rule.explanation)
                rbox.addWidget(label)
            layout.addWidget(group)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("safetyVerdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        self.verdict_label.setAccessibleName(self.tr("What your answers mean"))
        layout.addWidget(self.verdict_label)
        self.acknowledge = QCheckBox(self.tr(
            "I have asked a doctor, and they said this massage is all right for me."))
        self.acknowledge.setObjectName("safetyAcknowledge")
        self.acknowledge.toggled.connect(self._update)
        layout.addWidget(self.acknowledge)
        self.remember = QCheckBox(self.tr("Remember my answers on this computer"))
        self.remember.setObjectName("safetyRemember")
        self.remember.setChecked(remembered is not None)
        layout.addWidget(self.remember)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = QPushButton(self.tr("Start") if starting else self.tr("Save"))
        self.start_button.setObjectName("safetyStart")
        self.start_button.setDefault(True)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.starting = starting
        self.resize(560, 520)
        self._update()

    # ---- answers -----------------------------------------------------------------------
    def ticked(self) -> set[str]:
        return {rid for rid, box in self.boxes.items() if box.isChecked()}

    def verdict(self) -> Verdict:
        return evaluate(self.checklist, self.ticked())

    def _update(self) -> None:
        verdict = self.verdict()
        self.acknowledge.setVisible(verdict.needs_acknowledgement)
        self.verdict_label.setText(rich.verdict_html(
            safety.verdict_paragraphs(verdict, self.sequence)))
        ok = verdict.can_start(self.acknowledge.isChecked())
        self.start_button.setEnabled(ok or not self.starting)
        if self.starting and verdict.partly_blocked:
            self.start_button.setText(self.tr("Start the allowed steps"))
        elif self.starting:
            self.start_button.setText(self.tr("Start"))

    def accept(self) -> None:
        if self.starting and not self.verdict().can_start(self.acknowledge.isChecked()):
            return
        if self.remember.isChecked():
            others = (remembered_answers(self.settings) or set()) - set(self.boxes)
            self.settings.setValue(ANSWERS_KEY, json.dumps(sorted(others | self.ticked())))
        else:
            self.settings.remove(ANSWERS_KEY)
        super().accept()
