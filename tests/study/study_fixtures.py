"""The fixtures the study, plain-mode and TUI tests share: a pinned clock and timer, a fresh
progress DB, and a workspace over the test banks. Each of those conftests imports them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from study_support import Clock, Timer, open_workspace

from quizapp.study import Workspace


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timer() -> Timer:
    return Timer()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def workspace(db: Path, clock: Clock) -> Iterator[Workspace]:
    """Both test banks, no engine (bank code shown, not run)."""
    ws = open_workspace(db, clock=clock)
    yield ws
    ws.close()
