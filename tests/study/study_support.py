"""Helpers shared by the study and TUI tests (imported by name; tests/tui adds this folder to
sys.path). Real banks, a real progress DB, a pinned clock — no mocks."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizapp.progress import StudySettings
from quizapp.study import Workspace

BANKS = Path(__file__).resolve().parent / "banks"
BASICS = BANKS / "basics.yaml"
CODE = BANKS / "code.yaml"
# A Monday at 10:00 UTC, far from the 4 a.m. rollover.
START = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves by hand; always aware UTC."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class Timer:
    """A monotonic timer the test moves by hand (session durations, exam deadlines)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


SETTINGS = StudySettings(fuzz=False)


def open_workspace(db: Path, *paths: Path, clock: Clock | None = None, engine=None) -> Workspace:
    """The test banks (not the shipped ones) over a fresh DB, days in UTC, no fuzz."""
    return Workspace.open(db, bank_paths=list(paths) or [BANKS], include_shipped=False, include_user=False,
                          engine=engine, clock=clock or Clock(), settings=SETTINGS, tz=timezone.utc)


def reviews_in(db: Path) -> list[tuple]:
    """(key, rating, response, correct, mode) of every answer still standing, in order."""
    # Read the file directly (the store has no "list reviews" call): what a restart would see.
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT c.key, r.rating, r.response, r.correct, r.mode FROM review_log r JOIN cards c ON c.id = r.card_id"
            " WHERE r.event = 'answer' AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)"
            " ORDER BY r.id").fetchall()
    finally:
        conn.close()
