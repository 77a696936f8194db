"""Hatch build hook: the wheel carries a snapshot of the bundled content.

`reflexmap/_assets/snapshot.json` is compiled from `assets/` by a full validation when the
wheel is built (reflexmap.core.content build), so an installed app starts from it without
validating. Editable installs (`uv run` in a checkout) get none: the first start compiles
one into the user's cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SnapshotHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._tmp = tempfile.TemporaryDirectory()
        out = Path(self._tmp.name) / "snapshot.json"
        env = {**os.environ, "PYTHONPATH": str(root)}
        env.pop("REFLEXMAP_SNAPSHOT_FOR_BUNDLE", None)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reflexmap.core.content",
                "build",
                str(out),
                str(root / "assets"),
            ],
            check=True,
            env=env,
            cwd=root,
        )
        build_data["force_include"][str(out)] = "reflexmap/_assets/snapshot.json"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
