"""Fixtures for the progress store: a pinned clock, a fresh DB file, a few banks of cards."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

import pytest

from quizapp.cards import CardInfo
from quizapp.progress.scheduler import StudySettings
from quizapp.progress.store import ProgressStore

PARIS = ZoneInfo("Europe/Paris")
# 10:00 in Paris (UTC+1 in winter): well inside a study day with a 4 a.m. rollover.
START = datetime(2025, 1, 15, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves by hand; always aware UTC."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def make_cards(bank: str = "dl", n: int = 12, topics: tuple[str, ...] = ("cnn", "rnn", "opt"),
               answer: str = "a") -> list[CardInfo]:
    """`n` cards of one bank, topics in turn; odd ones tagged "hard"."""
    return [
        CardInfo(bank_id=bank, question_id=f"q{i:03d}", statement_id=None, kind="open",
                 topic=topics[i % len(topics)], tags=("hard",) if i % 2 else (),
                 answer_hash=f"{answer}{i}", title=f"Question {i}")
        for i in range(n)
    ]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "progress.sqlite3"


@pytest.fixture
def open_store(db_path: Path, clock: Clock) -> Iterator[Callable[..., ProgressStore]]:
    """Open (another) store on the test's DB file; fuzz off, Paris days, pinned clock."""
    opened: list[ProgressStore] = []

    def _open(**settings: Any) -> ProgressStore:
        store = ProgressStore.open(db_path, clock=clock, tz=PARIS,
                                   settings=StudySettings(**{"fuzz": False, **settings}))
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: Callable[..., ProgressStore]) -> ProgressStore:
    """A store holding the 12 cards of bank "dl"."""
    s = open_store()
    s.sync_cards(make_cards(), banks=["dl"])
    return s
