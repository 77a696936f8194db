"""Entry point of the PyInstaller bundle: the same `main` as the `reflexmap` console script."""

import sys

if getattr(sys, "frozen", False):  # a content pack is checked in a spawned child process
    import multiprocessing

    multiprocessing.freeze_support()

from reflexmap.cli import main  # noqa: E402 - after freeze_support, as it must be

raise SystemExit(main())
