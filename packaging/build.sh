#!/usr/bin/env bash
# Build the standalone bundle (one folder) from a fresh clone:
#   bash packaging/build.sh          ->  packaging/dist/reflexmap/reflexmap
#   bash packaging/build.sh OUTDIR   ->  OUTDIR/reflexmap/reflexmap (work files in OUTDIR/work)
# PyInstaller comes from the locked "packaging" dependency group, installed into its own
# environment (packaging/build/venv) with the app's runtime dependencies only, so the
# development environment (.venv) is neither used nor changed. Both default dirs are
# gitignored.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v uv >/dev/null 2>&1; then
  echo "build.sh: uv is needed (https://docs.astral.sh/uv/)" >&2
  exit 1
fi
if [ $# -gt 0 ]; then
  mkdir -p "$1"
  distpath="$(cd "$1" && pwd)"; workpath="$distpath/work"
else
  distpath="$PWD/packaging/dist"; workpath="$PWD/packaging/build/work"
fi

export UV_PROJECT_ENVIRONMENT="$PWD/packaging/build/venv"
start=$(date +%s)
uv sync --locked --no-dev --group packaging --no-install-project --quiet
# The bundled content's snapshot, compiled by a full validation now, so the bundle starts
# without validating (keyed by version: the frozen app has no source files to hash).
mkdir -p "$workpath/snapshot"
REFLEXMAP_SNAPSHOT_FOR_BUNDLE=1 PYTHONPATH="$PWD" "$UV_PROJECT_ENVIRONMENT/bin/python" \
  -m reflexmap.core.content build "$workpath/snapshot/snapshot.json" assets
export REFLEXMAP_SNAPSHOT_FILE="$workpath/snapshot/snapshot.json"
# Not `uv run pyinstaller`: that would install reflexmap into the venv; the spec puts the
# checkout on the path instead, so the bundle holds exactly this tree's code and assets.
# No --clean: it empties PyInstaller's shared cache, which another build may be using.
# PYTHONPATH: the spec's collect_submodules("reflexmap") imports the package in a child
# process, which needs the checkout on its path (the features are imported by name).
PYTHONPATH="$PWD" "$UV_PROJECT_ENVIRONMENT/bin/pyinstaller" --noconfirm --log-level ERROR \
  --workpath "$workpath" --distpath "$distpath" packaging/reflexmap.spec

# uv's Python builds carry debug symbols (libpython alone is 23 MB of 28). Strip the
# interpreter's own files only: stripping the wheels' patchelf'd libraries breaks them.
internal="$distpath/reflexmap/_internal"
if command -v strip >/dev/null 2>&1; then
  strip --strip-debug "$internal"/libpython3*.so* "$internal"/python3*/lib-dynload/*.so
else
  echo "build.sh: no strip (binutils); the bundle keeps the interpreter's debug symbols"
fi
end=$(date +%s)

echo "built $distpath/reflexmap/reflexmap in $((end - start)) s"
du -sh "$distpath/reflexmap"
