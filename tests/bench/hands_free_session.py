"""A whole routine guided by voice, started with the keyboard and then left alone: the
transcript of what the app asked speech-dispatcher to say, with times, checked against
the routine's plan (every step once, in order; nothing after the end), the screen-saver
calls and the cues' recording (sox stat). Real time: a 7-minute routine takes 7 minutes.

    uv run python tests/bench/hands_free_session.py ROUTINE_ID OUT_DIR [DOWNS]

DOWNS: how many times Down goes from the Routines menu's first item to the routine
(default: its place among the content's routines); the self-reflexology session at
about 10 minutes (seq_self_reflexology.10) is 6 down. The app starts with "I massage my
own feet" chosen (its setting, practice/who = self, in the run's private settings), and the
transcript is compared with the routine's self wording.

Needs Debian's speech-dispatcher, pulseaudio, pulseaudio-utils, sox, dbus, python3-gi,
xvfb, xdotool and openbox (see tests/qt/desktop_services.py). Everything it starts is
private to the run and stopped at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "qt"))

from desktop_services import Services, missing, start_routine_by_keys, wait_for  # noqa: E402

from reflexmap.core import practice  # noqa: E402
from reflexmap.core.content import load_bundled  # noqa: E402
from reflexmap.core.present import spoken  # noqa: E402
from reflexmap.core.routine_plan import plan_routine  # noqa: E402


def main(routine: str, out: Path, downs: int | None = None) -> int:
    gone = missing("speech", "sound", "bus", "x")
    if gone:
        sys.stdout.write(f"not installed: {', '.join(gone)}\n")
        return 2
    atlas = load_bundled()
    order = list(atlas.sequences)
    known = {s.id: s for s in (*atlas.sequences.values(), *practice.session_lengths(atlas))}
    plan = plan_routine(atlas, practice.for_who(known[routine], "self"))
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="hands-free-home-"))
    private = {"HOME": str(home)}
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_RUNTIME_DIR", "run")):  # fmt: skip
        (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        private[var] = str(home / sub)
    conf = home / ".config" / "reflexmap"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "reflexmap.conf").write_text("[practice]\nwho=self\n")  # I massage my own feet
    with Services(out / "services") as s:
        s.x()
        s.speech()
        calls = s.bus()
        s.sound()
        rec = s.record(out / "cues.wav")
        s._start("openbox", ["openbox", "--sm-disable"])
        env = {**os.environ, **private, **s.env, "QT_QPA_PLATFORM": "xcb"}

        def xdo(*args: str) -> str:
            return subprocess.run(
                ["xdotool", *args], env=env, capture_output=True, text=True, timeout=20
            ).stdout.strip()

        app = subprocess.Popen(
            [sys.executable, "-m", "reflexmap"],
            env=env,
            cwd=ROOT,
            stdout=open(out / "app.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        s.procs.append(app)
        wait_for(lambda: xdo("search", "--onlyvisible", "--name", "^reflexmap"), 90, "app")
        start_routine_by_keys(xdo, order.index(routine) if downs is None else downs)
        t0 = time.monotonic()
        timed: list[tuple[float, str]] = []
        finished = f"Routine finished, after {spoken.count_for_ear(plan.total_s)}."
        end = t0 + plan.total_s + 60 + 3 * len(plan.steps)
        while time.monotonic() < end:
            lines = s.spoken_lines()
            for line in lines[len(timed) :]:
                timed.append((time.monotonic() - t0, line))
            if timed and timed[-1][1] == finished and time.monotonic() - t0 > plan.total_s:
                break
            time.sleep(0.2)
        time.sleep(15)  # anything said after the end would show now
        for line in s.spoken_lines()[len(timed) :]:
            timed.append((time.monotonic() - t0, line))
        rec.terminate()
        rec.wait(5)
        screen = calls.read_text().splitlines()[1:]
    stat = subprocess.run(
        ["sox", str(out / "cues.wav"), "-n", "stat"], capture_output=True, text=True
    )
    words = [line for _, line in timed]
    expected = [spoken.step_words(atlas, p) for p in plan.steps]
    steps = [w for w in words if w in set(expected)]
    report = {
        "routine": routine,
        "planned_steps": len(plan.steps),
        "planned_s": plan.total_s,
        "steps_in_order_once": steps == expected,
        "lines": len(words),
        "duplicates": sorted({w for w in words if words.count(w) > 1 and w in set(expected)}),
        "last_line": words[-1] if words else "",
        "after_end": words[words.index(finished) + 1 :] if finished in words else None,
        "screensaver_calls": screen,
        "cues_sox_rms": next(
            (ln.split()[-1] for ln in stat.stderr.splitlines() if ln.startswith("RMS     amp")), ""
        ),
    }
    with open(out / "transcript.txt", "w", encoding="utf-8") as f:
        for t, line in timed:
            f.write(f"{int(t // 60)}:{t % 60:05.2f}  {line}\n")
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0 if report["steps_in_order_once"] and report["after_end"] == [] else 1


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(130)  # the services are stopped on the way out


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    numbers = [int(a) for a in sys.argv[3:4]]
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), *numbers))
