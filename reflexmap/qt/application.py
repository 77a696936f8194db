"""The QApplication, made once per process, and the presenters' translations hooked up."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from reflexmap import __version__
from reflexmap.core.present import i18n


def _translate_n(context: str, text: str, n: int) -> str:
    """A count's words through Qt's translator, which picks the plural form for `n`."""
    return QCoreApplication.translate(context, text, None, n)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("reflexmap")
    QCoreApplication.setApplicationName("reflexmap")
    QCoreApplication.setApplicationVersion(__version__)
    i18n.install(QCoreApplication.translate, _translate_n)  # the core's words: Qt's translator
    return QApplication(argv or [sys.argv[0]])
