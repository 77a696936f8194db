#!/usr/bin/env bash
# walk.sh [OUT_DIR] [WxH ...]: start the real app in a real X11 window (Xvfb, no window manager), drive it from
# the keyboard as a person would, and save a screenshot after each step, for each screen size given
# (default 1366x768 1600x1000). Open the PNGs and read them. Run from the project's root.
# Steps: start; search "solar" + Enter; Routines menu, first routine (the safety dialog); Enter (the player);
# then self-practice (issue 27): search "walk the map" + Enter (the safety check, whose feet);
# Alt+O (I massage my own feet: the check asked again in those words); Enter (the practice layout, the solar plexus lit); Right x3 (one
# toe zone lit); F11 (full screen) and F11; Escape (the layout restored); Ctrl+P (print).
# Copied from ../shared/tools/walk.sh and extended. Edit STEPS below when the app's keys change.
# Needs: xvfb xdotool imagemagick (apt-get).
set -u
out=${1:-walk-shots}; shift || true
sizes=${*:-1366x768 1600x1000}
mkdir -p "$out"
for c in Xvfb xdotool import; do command -v $c >/dev/null || { echo "install: apt-get install -y xvfb xdotool imagemagick"; exit 2; }; done
for size in $sizes; do
  disp=$(( 140 + RANDOM % 50 )); tmp=$(mktemp -d)
  Xvfb :$disp -screen 0 ${size}x24 >/dev/null 2>&1 & xpid=$!
  sleep 1
  ( export DISPLAY=:$disp XDG_CONFIG_HOME=$tmp/c XDG_DATA_HOME=$tmp/d XDG_CACHE_HOME=$tmp/k; unset QT_QPA_PLATFORM
    setsid uv run --frozen --quiet reflexmap >"$tmp/app.log" 2>&1 & echo $! >"$tmp/app.pid"
    shot() { sleep "${2:-1.5}"; import -window root "$out/${size}-$1.png"; echo "$out/${size}-$1.png"; }
    for _ in $(seq 1 40); do sleep 0.5; xdotool search --onlyvisible --name 'reflexmap' >/dev/null 2>&1 && break; done
    sleep 3
    win=$(xdotool search --onlyvisible --name 'reflexmap' | tail -1)
    [ -n "$win" ] && xdotool windowfocus "$win" 2>/dev/null
    shot 1-start 0.5
    xdotool key ctrl+f; sleep 0.4; xdotool type --delay 60 "solar"; shot 2-search-typed 1; xdotool key Return; shot 3-search-enter
    xdotool key Escape; xdotool key alt+r; shot 4-routines-menu 1; xdotool key Down Return; shot 5-safety-dialog 2
    xdotool key Return; shot 6-player 4
    xdotool key Escape  # stops the routine
    # self-practice: whose feet, the session that walks the map, the practice layout
    [ -n "$win" ] && xdotool windowfocus "$win" 2>/dev/null
    sleep 1; [ -n "$win" ] && xdotool windowfocus "$win" 2>/dev/null; sleep 0.7
    xdotool key ctrl+f; sleep 0.4; xdotool type --delay 60 "walk the map"; sleep 1; xdotool key Return
    shot 8-session-safety 2; xdotool key alt+o; shot 8b-session-safety-own-feet 2
    xdotool key Return; shot 9-practice 4
    [ -n "$win" ] && xdotool windowfocus "$win" 2>/dev/null  # no window manager: focus lost
    xdotool key Right; sleep 0.3; xdotool key Right; sleep 0.3; xdotool key Right; shot 10-practice-zone 2
    xdotool key F11; shot 11-full-screen 2; xdotool key F11; sleep 1
    xdotool key Escape; shot 12-restored 2
    [ -n "$win" ] && xdotool windowfocus "$win" 2>/dev/null; xdotool key ctrl+p; shot 7-print 3
    xdotool key Escape Escape
    kill -- -"$(cat "$tmp/app.pid")" 2>/dev/null
    grep -m3 -iE "traceback|error" "$tmp/app.log" && echo "(from the app's output)"
  )
  kill $xpid 2>/dev/null; rm -rf "$tmp"
done
