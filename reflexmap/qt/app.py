"""Start the app, or render its main window offscreen (`reflexmap shot`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from reflexmap import __version__
from reflexmap.core.atlas import Atlas
from reflexmap.core.problems import ContentError


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("reflexmap")
    QCoreApplication.setApplicationName("reflexmap")
    QCoreApplication.setApplicationVersion(__version__)
    return QApplication(argv or [sys.argv[0]])


def load_atlas(args: argparse.Namespace) -> Atlas:
    from reflexmap.core.content import load_bundled, load_with_pack

    pack = getattr(args, "content", None)
    return load_with_pack(Path(pack)) if pack else load_bundled()


def run_gui(args: argparse.Namespace) -> int:
    from reflexmap.qt import theme
    from reflexmap.qt.main_window import MainWindow

    app = make_app()
    settings = QSettings()
    theme.apply(str(settings.value("theme", "system")))
    try:
        atlas = load_atlas(args)
    except ContentError as exc:
        QMessageBox.critical(None, "reflexmap", "The content did not load:\n\n"
                             + "\n".join(str(p) for p in exc.problems[:30]))
        return 1
    window = MainWindow(atlas, settings)
    window.show()
    return app.exec()


def run_shot(args: argparse.Namespace) -> int:
    """Render the real main window offscreen and save it as a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTemporaryDir

    from reflexmap.qt import theme
    from reflexmap.qt.main_window import MainWindow

    app = make_app()
    try:
        width, height = (int(v) for v in str(args.size).lower().split("x"))
    except ValueError:
        sys.stderr.write(f"reflexmap shot: --size must look like 1400x900, not {args.size!r}\n")
        return 2
    atlas = load_atlas(args)
    name = "dark" if args.dark else "light"
    theme.apply(name)
    tmp = QTemporaryDir()  # a screenshot never reads or changes the user's settings
    settings = QSettings(os.path.join(tmp.path(), "shot.ini"), QSettings.Format.IniFormat)
    window = MainWindow(atlas, settings, theme_name=name)
    window.resize(width, height)
    if args.view:
        if args.view not in atlas.views:
            sys.stderr.write(f"reflexmap shot: unknown view {args.view!r}; views: "
                             + ", ".join(atlas.views) + "\n")
            return 2
        window.state.set_view(args.view)
    if args.select:
        if args.select not in atlas.zones:
            sys.stderr.write(f"reflexmap shot: unknown zone {args.select!r}\n")
            return 2
        window.state.select_zone(args.select)
    if getattr(args, "lookup", None):
        window.state.lookup(args.lookup)
    window.show()
    for _ in range(3):
        app.processEvents()
    window.map.fit()
    app.processEvents()
    ok = window.grab().save(str(args.output))
    window.close()
    if not ok:
        sys.stderr.write(f"reflexmap shot: could not write {args.output}\n")
        return 1
    sys.stdout.write(f"wrote {args.output} ({width}x{height})\n")
    return 0
