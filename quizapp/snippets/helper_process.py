"""Starting, talking to and killing the helper process (the app's end of the pipes).

The helper gets a scrubbed environment (bank code must not see the user's tokens), one thread
for torch and its math libraries, a bounded malloc arena count (so the memory limit is
stable), its own session (the terminal's Ctrl-C never reaches it) and a log file for its
stderr. It is started with ``-P`` so that its working folder never lands on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from quizapp.records import MutableRecord, field
from quizapp.snippets import frames
from quizapp.snippets.scratch import remove_scratch

_ENV_KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH",
             "LD_LIBRARY_PATH", "SYSTEMROOT")
LOG_FILENAME = "snippet-helper.log"
MAX_LOG_BYTES = 1_000_000


def default_mode() -> str:
    """``fork`` (warm helper) on Linux; elsewhere forking a torch process is unsafe: ``spawn``."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def helper_env() -> dict[str, str]:
    """The environment the helper (and so every snippet) gets."""
    env = {name: os.environ[name] for name in _ENV_KEEP if name in os.environ}
    env.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MALLOC_ARENA_MAX="2", PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return env


def kill_group(pgid: int) -> None:
    """SIGKILL a whole process group, ignoring one that is already gone."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass


class HelperProcess(MutableRecord):
    """One running helper: its process, the generation it belongs to, what it said last."""

    generation: int
    process: subprocess.Popen
    launched_at: float
    ready: bool = False
    last_frame_at: float = 0.0
    scratch_root: str = ""  # the helper's scratch folder (worker.py), removed once it is dead
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def launch(cls, generation: int, config: dict[str, Any], cache_dir: Path) -> HelperProcess:
        """Start a helper with ``config`` (mode, disabled layers, …); raises OSError."""
        command = [sys.executable, "-P", "-m", "quizapp.snippets.worker", "--helper",
                   json.dumps(config)]
        log = _open_log(cache_dir / LOG_FILENAME)
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                env=helper_env(), cwd="/", start_new_session=True, close_fds=True,
            )
        finally:
            if not isinstance(log, int):
                log.close()
        scratch_root = os.path.join(config["scratch_base"], f"helper-{process.pid}")
        return cls(generation, process, time.monotonic(), scratch_root=scratch_root)

    @property
    def pid(self) -> int:
        return self.process.pid

    def read_frame(self) -> dict[str, Any] | None:
        """The next frame from the helper (blocking); None when it has gone."""
        assert self.process.stdout is not None
        message = frames.read_frame(self.process.stdout.fileno())
        if message is not None:
            self.last_frame_at = time.monotonic()
        return message

    def write(self, data: list[bytes]) -> bool:
        """Send encoded frames; False if the helper is gone."""
        try:
            with self.write_lock:
                assert self.process.stdin is not None
                for chunk in data:
                    self.process.stdin.write(chunk)
                self.process.stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def kill(self) -> None:
        """Kill the helper (its group too) and wait for it."""
        if self.process.poll() is None:
            kill_group(self.process.pid)  # the helper leads its own session and group
            try:
                self.process.kill()
            except OSError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return
        # Killed, it could not clean up: its last snippet's folder would stay until next start.
        if self.scratch_root:
            remove_scratch(self.scratch_root)

    def close_pipes(self) -> None:
        """Close our ends of the pipes (only from the thread that reads them)."""
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except (OSError, ValueError):
                pass


def _open_log(path: Path) -> IO[bytes] | int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.unlink()
        return open(path, "ab")
    except OSError:
        return subprocess.DEVNULL
