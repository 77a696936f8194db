"""The QApplication, made once per process, with its translations: the app's own (a
`reflexmap_<locale>.qm` in `reflexmap/translations/`) and Qt's (standard buttons and
dialogs), and the presenters' words routed through the same translator.

A translation is a file: `packaging/translations.py` extracts every string into a `.ts`
(`tests/qt/test_translation.py` runs it on every test run), a translator fills it in
(Qt Linguist), `pyside6-lrelease` makes the `.qm`, and it goes in `reflexmap/translations/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from reflexmap import __version__
from reflexmap.core.present import i18n


def translate_n(context: str, text: str, n: int) -> str:
    """A count's words through Qt's translator, which picks the plural form for `n`."""
    return QCoreApplication.translate(context, text, None, n)


def translations_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "translations"


def install_translations(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """The app's and Qt's translations for `locale` (the user's by default), those that
    exist; English needs none. Returns the translators installed (owned by `app`)."""
    locale = locale or QLocale()
    installed = []
    for name, where in (
        ("reflexmap", folder or translations_dir()),
        ("qtbase", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", str(where)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("reflexmap")
    QCoreApplication.setApplicationName("reflexmap")
    QCoreApplication.setApplicationVersion(__version__)
    i18n.install(QCoreApplication.translate, translate_n)  # the core's words: Qt's translator
    app = QApplication(argv or [sys.argv[0]])
    install_translations(app)
    return app
