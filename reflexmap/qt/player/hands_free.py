"""Hands-free practice: the voice, the sound cues and the screen kept on, for one player.

Made when the first routine starts (the panel imports this module then), so nothing of
it (speech worker, sound server, D-Bus) is loaded at start-up. The words come from
`reflexmap.core.present.spoken.Guide`; this object only carries them out and keeps the
settings (QSettings, app-wide, under "player/").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QSettings, Signal

from reflexmap.core.atlas import Atlas
from reflexmap.core.present.spoken import Guide, Utterance
from reflexmap.core.routine_plan import PlannedStep
from reflexmap.core.routine_session import RoutineSession, SessionEvent
from reflexmap.qt.player.screen_awake import ScreenAwake, make_screen_awake
from reflexmap.qt.player.sounds import CuePlayer, make_cue_player
from reflexmap.qt.player.speech import VoiceOutput, VoiceSettings, make_speaker
from reflexmap.qt.player.switches import (
    RATE,
    SOUND_VOLUME,
    SOUNDS,
    SPEAK,
    VOICE,
    VOLUME,
    read_bool,
    read_int,
    read_text,
)


class HandsFree(QObject):
    """Feed it the player's events and ticks; it speaks, sounds and keeps the screen on."""

    notice = Signal(str)  # something the user must know, once (no voice, no sound)
    voices_found = Signal(list)  # [ssip.Voice], answered to `list_voices`
    said = Signal(str)  # every text sent to the voice (the panel shows the last one)

    def __init__(
        self,
        atlas: Atlas,
        settings: QSettings,
        parent: QObject | None = None,
        *,
        make_speaker: Callable[..., VoiceOutput] = make_speaker,
        make_cues: Callable[..., CuePlayer] = make_cue_player,
        make_awake: Callable[[], ScreenAwake] = make_screen_awake,
    ) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.settings = settings
        self.speaker = make_speaker(self._voice_missing, self.voices_found.emit)
        self.cues = make_cues(self._sound_missing)
        self.awake = make_awake()
        self.guide: Guide | None = None
        self.apply_settings()

    # ---- settings ---------------------------------------------------------------------
    @property
    def speak_on(self) -> bool:
        return read_bool(self.settings, SPEAK)

    @property
    def sounds_on(self) -> bool:
        return read_bool(self.settings, SOUNDS)

    def apply_settings(self) -> None:
        """Read the settings again (after the switches or the dialog changed them)."""
        s = self.settings
        self.speaker.configure(
            VoiceSettings(
                rate=read_int(s, RATE, -100, 100),
                volume=read_int(s, VOLUME, 0, 100),
                voice=read_text(s, VOICE),
            )
        )
        self.cues.volume = read_int(s, SOUND_VOLUME, 0, 100) / 100
        if not self.speak_on:
            self.speaker.stop()

    def list_voices(self) -> None:
        self.speaker.list_voices()

    # ---- the routine ------------------------------------------------------------------
    def begin(
        self, name: str, plays: Iterable[PlannedStep], lighter_steps: Iterable[int] = ()
    ) -> None:
        """A new run of a routine (before its first event)."""
        self.silence()
        self.guide = Guide(self.atlas, name, list(plays), lighter_steps=lighter_steps)

    def follow(self, event: SessionEvent, session: RoutineSession) -> None:
        """One event of the routine session; a run's first countdown begins a new Guide."""
        routine = session.run_routine
        starting = event.kind == "get_ready" and event.index == 0
        if routine is not None and (starting or self.guide is None):
            lighter = {p.step_index for p in session.plays if session.lighter(p)}
            self.begin(routine.name, session.plays, lighter)
        self.on_event(event.kind, event.step, session.summary().active_s)

    def on_event(self, kind: str, play: PlannedStep | None, active_s: float = 0.0) -> None:
        if kind in ("get_ready", "step_started", "step", "resumed"):
            self.awake.hold("A massage routine is playing")
        elif kind in ("paused", "finished", "stopped"):
            self.silence()
            self.awake.release()
        if self.guide is not None:
            self._carry_out(self.guide.on_event(kind, play, active_s=active_s))

    def repeat(self) -> bool:
        """Say the last instruction again (R); False when there is none to say."""
        said = self.guide.repeat() if self.guide is not None else None
        if said is None:
            return False
        self._carry_out([said])
        return True

    def silence(self) -> None:
        self.speaker.stop()
        self.cues.stop()

    def end(self) -> None:
        """The routine is over or stopped: quiet, and the screen may sleep again."""
        self.silence()
        self.awake.release()
        self.guide = None

    def close(self) -> None:
        self.end()
        self.speaker.close()
        self.cues.close()
        self.awake.close()

    def _carry_out(self, utterances: list[Utterance]) -> None:
        for u in utterances:
            if u.cue is not None and self.sounds_on:
                self.cues.play(u.cue)
            if u.text and self.speak_on:
                self.speaker.say(u.text, interrupt=u.interrupt)
                self.said.emit(u.text)

    # ---- worker threads -> the window (queued: these run on the workers) ---------------
    def _voice_missing(self, reason: str) -> None:
        self.notice.emit(
            self.tr("No voice: {0}. The player goes on without it.").format(reason.rstrip("."))
        )

    def _sound_missing(self, reason: str) -> None:
        self.notice.emit(
            self.tr("No sound cues: {0}. The player goes on without them.").format(
                reason.rstrip(".")
            )
        )
