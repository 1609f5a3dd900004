"""A terminal that goes away without a SIGHUP (su, nohup, a dropped SSH link under some
shells) must not leave the app and its snippet engine running with no one to see them."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals as Linux has them")
def test_the_app_and_its_engine_leave_when_the_terminal_hangs_up(tmp_path: Path) -> None:
    home = tmp_path / "home"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "QUIZAPP_HOME": str(home), "TERM": "xterm-256color"}
    # A new session without this terminal as its controlling one: closing it sends no SIGHUP.
    app = subprocess.Popen([sys.executable, "-m", "quizapp"], stdin=slave, stdout=slave, stderr=slave,
                           env=env, start_new_session=True)
    os.close(slave)
    screen = b""
    deadline = time.monotonic() + 60
    while b"Today:" not in screen and time.monotonic() < deadline and app.poll() is None:
        if select.select([master], [], [], 0.2)[0]:
            screen += os.read(master, 65536)
    try:
        assert b"Today:" in screen, "the home screen never showed"
        time.sleep(1.0)  # the engine's helper is started once the banks are in
        os.close(master)  # the terminal window closes
        assert app.wait(timeout=15) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    deadline = time.monotonic() + 10
    while _processes_mentioning(str(home)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_mentioning(str(home)) == [], "the snippet engine outlived the app"
