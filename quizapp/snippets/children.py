"""One snippet process as the helper sees it, and what to make of its end.

``ChildRun`` keeps a child's pipes, its capped output, its deadline and the limit that
stopped it; ``explain_exit`` turns an exit status into the message the user sees;
``kill_strays`` kills orphans the helper adopted as a subreaper.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import Any

from quizapp.snippets import frames
from quizapp.snippets.model import STARTUP_ALLOWANCE
from quizapp.snippets.sandbox import SandboxConfig


class ChildRun:
    """One snippet process and everything the helper knows about it."""

    def __init__(self, job_id: int, job: dict[str, Any], scratch: str) -> None:
        self.job_id = job_id
        self.job = job
        self.scratch = scratch
        self.pid = 0
        self.pidfd: int | None = None
        self.fds: dict[int, str] = {}  # read end -> "stdout" | "stderr" | "result"
        self.kept = {"stdout": bytearray(), "stderr": bytearray()}
        self.total = {"stdout": 0, "stderr": 0}
        self.results = frames.FrameBuffer()
        self.result: dict[str, Any] | None = None
        self.forked_at = time.monotonic()
        self.running_at: float | None = None
        self.deadline = self.forked_at + STARTUP_ALLOWANCE
        self.limit: str | None = None
        self.limit_message = ""
        self.killed_at: float | None = None
        self.cancelled = False
        self.reported = False
        self.status: int | None = None

    def text(self, stream: str) -> str:
        """What the snippet wrote to ``stream``, capped, with a marker when cut."""
        text = self.kept[stream].decode("utf-8", errors="replace")
        hidden = self.total[stream] - len(self.kept[stream])
        if hidden > 0:
            text += f"\n[… output truncated: {hidden} more bytes not shown]"
        return text


def explain_exit(status: int | None, job: dict[str, Any]) -> dict[str, Any]:
    """Why a child that sent no result ended: a limit, a crash, or an early exit."""
    if status is None:
        return {"limit": "crash", "error": "the snippet process could not be stopped"}
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return {"limit": "time",
                    "error": f"the snippet used more CPU time than its limit ({job.get('time_limit')} s)"}
        if sig == signal.SIGKILL:
            return {"limit": "crash",
                    "error": "the snippet process was killed by the system (out of memory or "
                             "over its CPU-time limit)"}
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return {"limit": "crash",
                "error": f"the snippet process crashed ({name}); it may have run out of its "
                         f"{job.get('memory_mb')} MB memory budget"}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    return {"limit": "crash", "error": f"the snippet process ended (exit code {code}) without a result"}


def drain_wakeups(fd: int) -> None:
    """Empty the signal wake-up pipe."""
    try:
        while os.read(fd, 4096):
            pass
    except (BlockingIOError, OSError):
        pass


def kill_strays(keep: set[int]) -> None:
    """Kill our children that are not running snippets (orphans adopted as a subreaper)."""
    if not sys.platform.startswith("linux"):
        return
    me = os.getpid()
    try:
        tasks = os.listdir(f"/proc/{me}/task")
    except OSError:
        return
    for task in tasks:
        try:
            with open(f"/proc/{me}/task/{task}/children") as handle:
                pids = [int(p) for p in handle.read().split()]
        except (OSError, ValueError):
            continue
        for pid in pids:
            if pid not in keep:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass


def encode_job_file(job: dict[str, Any], config: SandboxConfig) -> str:
    """Spawn mode: the job and its sandbox settings as JSON, for a freshly started child."""
    return json.dumps({"job": job, "config": {
        "scratch": config.scratch, "time_limit": config.time_limit,
        "memory_mb": config.memory_mb, "read_paths": list(config.read_paths),
        "disabled": sorted(config.disabled)}})
