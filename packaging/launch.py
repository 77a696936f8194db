"""Entry point of the PyInstaller bundle: the same `main` as the `reflexmap` console script."""

from reflexmap.cli import main

raise SystemExit(main())
