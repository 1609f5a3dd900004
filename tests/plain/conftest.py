"""Fixtures for the plain-mode tests: the study tests' banks and helpers over a fresh DB."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "study"))  # shared helpers and banks

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
