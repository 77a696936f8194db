"""A small client of speech-dispatcher's own protocol (SSIP), the Linux desktop's voice.

Why not QtTextToSpeech: on Linux it is a plugin over this same speech-dispatcher, and it
comes in PySide6-Addons (a 175 MB wheel that the app would otherwise not need; measured in
docs/architecture.md). SSIP is a line protocol on a Unix socket: connect, name the
client, SPEAK a text ended by a lone ".", CANCEL. No Qt here: `speech.py` runs it on a
worker thread so that a slow or absent daemon never holds the window.

Protocol: https://htmlpreview.github.io/?https://github.com/brailcom/speechd/blob/master/doc/ssip.html
(every reply ends with a line "NNN text"; lines before it are "NNN-text").
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class SsipError(Exception):
    """speech-dispatcher cannot be reached, or refused a command (the message says which)."""


@dataclass(frozen=True)
class Voice:
    name: str
    language: str
    variant: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.language})" if self.language else self.name


def address(env: Mapping[str, str] | None = None) -> str:
    """The Unix socket speech-dispatcher listens on: SPEECHD_ADDRESS
    (``unix_socket:PATH``), else its default in the user's runtime folder. Only a local
    socket: the app never opens a network connection (``inet_socket`` is refused)."""
    env = os.environ if env is None else env
    given = env.get("SPEECHD_ADDRESS", "").strip()
    if given.startswith("unix_socket:"):
        return given.split(":", 1)[1]
    if given:
        raise SsipError(f"only a local speech-dispatcher (unix_socket) is used, not {given!r}")
    runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return str(Path(runtime) / "speech-dispatcher" / "speechd.sock")


def _escape(text: str) -> bytes:
    """The message body: CRLF lines, a line that starts with "." doubled (SSIP's rule)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "\r\n".join("." + line if line.startswith(".") else line for line in lines)
    return body.encode("utf-8") + b"\r\n.\r\n"


class SsipClient:
    """One connection. Every method may raise SsipError; none blocks longer than `timeout`."""

    def __init__(self, target: str, timeout: float = 3.0) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(target)
        except OSError as exc:
            self.sock.close()
            raise SsipError(f"speech-dispatcher is not running ({target})") from exc
        self._buffer = b""
        self.command("SET self CLIENT_NAME user:reflexmap:player")
        self.command("SET self PRIORITY message")  # queued in order, not dropped

    def _line(self) -> str:
        while b"\r\n" not in self._buffer:
            try:
                chunk = self.sock.recv(4096)
            except OSError as exc:
                raise SsipError(f"speech-dispatcher did not answer: {exc}") from exc
            if not chunk:
                raise SsipError("speech-dispatcher closed the connection")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line.decode("utf-8", "replace")

    def _reply(self) -> tuple[int, list[str]]:
        lines: list[str] = []
        while True:
            line = self._line()
            if len(line) < 4 or not line[:3].isdigit():
                raise SsipError(f"speech-dispatcher sent something unexpected: {line!r}")
            lines.append(line[4:])
            if line[3] == " ":
                return int(line[:3]), lines

    def _send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise SsipError(f"speech-dispatcher cannot be written to: {exc}") from exc

    def command(self, line: str) -> list[str]:
        self._send(line.encode("utf-8") + b"\r\n")
        code, lines = self._reply()
        if code >= 300:
            raise SsipError(f"speech-dispatcher refused {line.split()[0:3]}: {code} {lines[-1]}")
        return lines[:-1]

    def speak(self, text: str) -> None:
        self.command("SPEAK")  # 230: send the text
        self._send(_escape(text))
        code, lines = self._reply()
        if code >= 300:
            raise SsipError(f"speech-dispatcher refused a message: {code} {lines[-1]}")

    def cancel(self) -> None:
        """Stop what is being said and drop what is queued, at once."""
        self.command("CANCEL self")

    def set_rate(self, rate: int) -> None:
        self.command(f"SET self RATE {max(-100, min(100, int(rate)))}")

    def set_volume(self, volume: int) -> None:
        self.command(f"SET self VOLUME {max(-100, min(100, int(volume)))}")

    def set_voice(self, name: str) -> None:
        if name and "\r" not in name and "\n" not in name:
            self.command(f"SET self SYNTHESIS_VOICE {name}")

    def modules(self) -> list[str]:
        return self.command("LIST OUTPUT_MODULES")

    def voices(self) -> list[Voice]:
        out = []
        for line in self.command("LIST SYNTHESIS_VOICES"):
            name, language, variant = ([*line.split("\t"), "", ""])[:3]
            if name:
                out.append(Voice(name, language, variant))
        return out

    def close(self) -> None:
        try:
            self._send(b"QUIT\r\n")
        except SsipError:
            pass
        self.sock.close()


def connect(
    *, spawn: bool = True, timeout: float = 3.0, env: Mapping[str, str] | None = None
) -> SsipClient:
    """Connect to speech-dispatcher, starting the user's own (``--spawn``, as libspeechd
    does) when its default socket is not there yet."""
    path = address(env)
    given = bool((os.environ if env is None else env).get("SPEECHD_ADDRESS"))
    if spawn and not given and not os.path.exists(path):
        exe = shutil.which("speech-dispatcher")
        if exe is None:
            raise SsipError("speech-dispatcher is not installed")
        try:
            subprocess.run(
                [exe, "--spawn"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SsipError(f"speech-dispatcher could not be started: {exc}") from exc
        end = time.monotonic() + timeout
        while not os.path.exists(path) and time.monotonic() < end:
            time.sleep(0.05)
    return SsipClient(path, timeout)
