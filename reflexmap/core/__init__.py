"""The Qt-free core: content models, geometry, loading, queries.

Nothing in this package may import PySide6 (checked by tests/core/test_layers.py and the
import-linter contract in pyproject.toml), so scripts, the CLI and headless tests can use it.
"""
