#!/usr/bin/env bash
# Add reflexmap to the desktop's app menu for the current user (no root):
#   bash packaging/install-desktop.sh                      # Exec=reflexmap (wheel / uv tool)
#   bash packaging/install-desktop.sh --exec "$PWD/packaging/dist/reflexmap/reflexmap"
# Installs the .desktop entry, the AppStream metainfo and the hicolor icons under
# ${XDG_DATA_HOME:-~/.local/share}. `--uninstall` removes them again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_id=io.github.reflexmap.Reflexmap
data="${XDG_DATA_HOME:-$HOME/.local/share}"
exec_cmd=reflexmap
mode=install
while [ $# -gt 0 ]; do
  case "$1" in
    --exec) exec_cmd="$2"; shift 2 ;;
    --uninstall) mode=uninstall; shift ;;
    *) echo "usage: $0 [--exec PATH] [--uninstall]" >&2; exit 2 ;;
  esac
done

sizes="16 24 32 48 64 128 256 512"
if [ "$mode" = uninstall ]; then
  rm -f "$data/applications/$app_id.desktop" "$data/metainfo/$app_id.metainfo.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg"
  for s in $sizes; do rm -f "$data/icons/hicolor/${s}x${s}/apps/$app_id.png"; done
else
  case "$exec_cmd" in *" "*) exec_cmd="\"$exec_cmd\"" ;; esac  # Exec= quoting rule
  install -d "$data/applications" "$data/metainfo" "$data/icons/hicolor/scalable/apps"
  sed "s|^Exec=.*|Exec=$exec_cmd|" "$here/$app_id.desktop" > "$data/applications/$app_id.desktop"
  install -m 644 "$here/$app_id.metainfo.xml" "$data/metainfo/"
  install -m 644 "$here/icons/reflexmap.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
  for s in $sizes; do
    install -D -m 644 "$here/icons/reflexmap-$s.png" "$data/icons/hicolor/${s}x${s}/apps/$app_id.png"
  done
fi
# Refresh the menu cache where the tool exists; desktops also notice new entries by themselves.
# (No icon cache: a user-level icon-theme.cache going stale would hide later icons.)
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "reflexmap: ${mode}ed the menu entry and icons in $data"
