"""Helpers shared by the snippet tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from quizapp.snippets import SnippetEngine

START_TIMEOUT = 90.0


def require_layer(engine: SnippetEngine, *names: str) -> None:
    """Skip, saying why, when none of ``names`` is active on this machine."""
    if not any(name in engine.status.layers for name in names):
        reasons = {name: engine.status.missing.get(name, "not reported") for name in names}
        pytest.skip(f"isolation layer unavailable here: {reasons}")


def start_engine(home: Path, **options: Any) -> SnippetEngine:
    """An engine whose folders live under ``home``, started and ready (or fail)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIZAPP_HOME", str(home))
        engine = SnippetEngine(cache=False, **options)
    status = engine.wait_ready(START_TIMEOUT)
    if status.state != "ready":
        engine.close()
        pytest.fail(f"the snippet engine did not start: {status.state}: {status.message}")
    return engine


def helper_children(engine: SnippetEngine) -> list[int]:
    """Processes the helper is still parent of (Linux): snippets running or left behind —
    not the init of the snippets' PID namespace, which lives as long as the helper."""
    pid = engine.helper_pid
    children: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            children += [int(p) for p in handle.read().split()]
    return [child for child in children if not _is_namespace_init(child)]


def _is_namespace_init(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return any(line.startswith("NSpid:") and line.split()[-1] == "1"
                       and len(line.split()) > 2 for line in handle)
    except OSError:
        return False


def wait_no_children(engine: SnippetEngine, timeout: float = 1.0) -> bool:
    """Whether the helper has no child process left within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while helper_children(engine):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
