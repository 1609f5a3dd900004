"""Desired retention against daily workload: what each retention costs and keeps.

A simulation in the manner of fsrs's own `Optimizer.compute_optimal_retention` (a year of
reviews, each card reviewed when fsrs says, recalled with the probability the retention
promises, answers timed by the student's own figures), run with fsrs's `Scheduler` and the
user's parameters (fsrs's defaults before `quizapp optimize`). It needs no torch. Where the
log is big enough (512 timed answers or more), `optimizer_retention` asks fsrs's optimizer
itself (which runs on torch: the command line uses it, the TUI does not).
"""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from typing import cast

from quizapp.progress.models import QueueFilter, _ToDict
from quizapp.progress.queue import filter_sql
from quizapp.progress.reviewing import memory_from_row
from quizapp.progress.scheduler import (
    CardPhase,
    MemoryState,
    Rating,
    Scheduler,
    StudySettings,
)
from quizapp.records import Record, replace

RETENTIONS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)
MIN_OPTIMIZER_LOGS = 512  # fsrs refuses fewer (compute_optimal_retention)
_SAMPLE = 120
_HORIZON_DAYS = 365
_FIRST = {Rating.Again: 0.2, Rating.Hard: 0.05, Rating.Good: 0.65, Rating.Easy: 0.1}
_RECALLED = {Rating.Hard: 0.1, Rating.Good: 0.8, Rating.Easy: 0.1}


class RetentionRow(Record, _ToDict, frozen=True):
    """One desired retention: answers and minutes a day over a year, and the share of the
    cards remembered at the end of it. ``best``: the least time per card remembered."""

    retention: float
    answers_per_day: float
    minutes_per_day: float
    remembered: float
    best: bool = False


def _rating_shares(conn: sqlite3.Connection) -> tuple[dict[Rating, float], dict[Rating, float]]:
    """The student's first ratings and ratings when recalled (defaults below 100 answers)."""
    first = dict(conn.execute(
        "SELECT rating, count(*) FROM review_log WHERE event = 'answer' AND scheduled = 1"
        " AND prev_state IS NULL GROUP BY rating").fetchall())
    later = dict(conn.execute(
        "SELECT rating, count(*) FROM review_log WHERE event = 'answer' AND scheduled = 1"
        " AND prev_state = 2 AND rating > 1 GROUP BY rating").fetchall())

    def shares(counts: dict, default: dict[Rating, float]) -> dict[Rating, float]:
        total = sum(counts.values())
        if total < 100:
            return default
        return {Rating(r): n / total for r, n in counts.items()}

    return shares(first, _FIRST), shares(later, _RECALLED)


def retention_table(
    conn: sqlite3.Connection, settings: StudySettings, filters: QueueFilter, *, now: datetime,
    seconds_per_answer: float | None = None,
) -> list[RetentionRow]:
    """Each retention of `RETENTIONS` simulated on (a sample of) the cards `filters` keeps."""
    from quizapp.progress.planning import seconds_per_answer as measured

    seconds = seconds_per_answer or measured(conn)
    where, params = filter_sql(filters)
    rows = conn.execute(
        "SELECT c.state, c.step, c.stability, c.difficulty, c.due, c.last_review FROM cards c"
        f" WHERE c.hidden = 0 AND {where} ORDER BY c.id", params).fetchall()
    if not rows:
        return []
    # A sample of a large scope; a small one is repeated, so the figures are not the noise
    # of a few random draws.
    sample = random.Random(0).sample(rows * -(-_SAMPLE // len(rows)), _SAMPLE)
    scale = len(rows) / len(sample)
    first, recalled = _rating_shares(conn)
    out = []
    for retention in RETENTIONS:
        scheduler = Scheduler(replace(settings, desired_retention=retention, fuzz=False))
        answers, kept = _simulate(scheduler, [memory_from_row(*r) for r in sample], now,
                                  retention, first, recalled, new_per_day=max(1, int(
                                      settings.new_per_day / scale)))
        out.append(RetentionRow(
            retention=retention, answers_per_day=answers * scale / _HORIZON_DAYS,
            minutes_per_day=answers * scale / _HORIZON_DAYS * seconds / 60,
            remembered=kept / len(sample)))
    cost = [r.answers_per_day / max(r.remembered, 1e-9) for r in out]
    best = cost.index(min(cost))
    return [replace(r, best=i == best) for i, r in enumerate(out)]


def _simulate(scheduler: Scheduler, cards: list[MemoryState], now: datetime, retention: float,
              first: dict[Rating, float], recalled: dict[Rating, float],
              new_per_day: int) -> tuple[int, float]:
    """Answers given over the horizon and the expected number of cards remembered at its end."""
    rng = random.Random(42)
    end = now + timedelta(days=_HORIZON_DAYS)
    answers, kept, started = 0, 0.0, 0
    for memory in cards:
        if memory.is_new:
            at = now + timedelta(days=started // new_per_day)
            started += 1
        else:
            at = max(now, datetime.fromtimestamp((memory.due_ms or 0) / 1000, now.tzinfo))
        while at < end:
            if memory.is_new:
                rating = rng.choices(list(first), weights=list(first.values()))[0]
            elif memory.phase == CardPhase.Review and rng.random() >= retention:
                rating = Rating.Again
            else:
                rating = rng.choices(list(recalled), weights=list(recalled.values()))[0]
            memory = scheduler.review(memory, rating, at, fuzz=False)
            answers += 1
            at = datetime.fromtimestamp((memory.due_ms or 0) / 1000, now.tzinfo)
        kept += scheduler.retrievability(memory, end)
    return answers, kept


def optimizer_retention(conn: sqlite3.Connection, settings: StudySettings) -> float | None:
    """fsrs's own `compute_optimal_retention` on the student's log; None while the log has
    fewer than 512 timed answers. Imports torch (through fsrs's optimizer): slow."""
    from quizapp.progress.optimize import review_histories

    logs = [log for history in review_histories(conn).values() for log in history
            if log.review_duration]
    if len(logs) < MIN_OPTIMIZER_LOGS:
        return None
    import fsrs
    from fsrs.optimizer import Optimizer

    parameters = settings.parameters or tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
    # fsrs annotates the result as list[float], but it returns one retention (a float).
    return cast(float, Optimizer(logs).compute_optimal_retention(parameters))
