"""What desired retention costs: FSRS's estimate of daily reviews at each retention, as
Anki's "help me decide" shows it.

A simulated learner meets `new_per_day` new cards every day for a year; each review is
recalled with the probability FSRS predicts, so a higher retention means shorter intervals
and more reviews. Deterministic (seeded), so the table does not change between two looks.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from quizapp.progress.scheduler import NEW, CardPhase, Rating, Scheduler, StudySettings
from quizapp.records import Record

RETENTIONS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.99)


class WorkloadRow(Record, frozen=True):
    """One retention: average reviews a day over the year (learning steps included), and
    of them the lapses (cards forgotten)."""

    retention: float
    reviews_per_day: float
    lapses_per_day: float


def _ages(scheduler: Scheduler, rng: random.Random, horizon: int) -> tuple[list[int], list[int]]:
    """Days after introduction of each review of one simulated card, and of each lapse."""
    start = datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    end = start + timedelta(days=horizon)
    at, state = start, NEW
    ages: list[int] = []
    lapses: list[int] = []
    while at < end:
        if state.phase == CardPhase.Review:
            recalled = rng.random() < scheduler.retrievability(state, at)
            rating = Rating.Good if recalled else Rating.Again
            if not recalled:
                lapses.append((at - start).days)
        else:
            rating = Rating.Good
        state = scheduler.review(state, rating, at, fuzz=False)
        ages.append((at - start).days)
        assert state.due_ms is not None
        at = max(datetime.fromtimestamp(state.due_ms / 1000, tz=timezone.utc), at + timedelta(minutes=1))
    return ages, lapses


def estimate(settings: StudySettings, new_per_day: int | None = None, *, cards: int = 200,
             horizon: int = 365, retentions: tuple[float, ...] = RETENTIONS) -> list[WorkloadRow]:
    """Average reviews a day over `horizon` days at each retention (same seed for each)."""
    n = settings.new_per_day if new_per_day is None else new_per_day
    rows = []
    for retention in retentions:
        scheduler = Scheduler(settings.with_changes(desired_retention=retention, fuzz=False))
        rng = random.Random(1)
        weight_reviews = weight_lapses = 0.0
        for _ in range(cards):
            ages, lapse_ages = _ages(scheduler, rng, horizon)
            # A card introduced on day d is reviewed at d + age: over the year, cards of every
            # introduction day contribute the reviews whose day still falls in the year.
            weight_reviews += sum(horizon - a for a in ages)
            weight_lapses += sum(horizon - a for a in lapse_ages)
        scale = n / (cards * horizon)
        rows.append(WorkloadRow(retention, weight_reviews * scale, weight_lapses * scale))
    return rows


def workload_table(rows: list[WorkloadRow], current: float, new_per_day: int) -> str:
    """The estimate as plain text (also what the settings screen shows)."""
    lines = [f"Desired retention → reviews a day, averaged over a year at {new_per_day} new "
             "cards a day (FSRS estimate)",
             "retention  reviews/day  forgotten/day"]
    for r in rows:
        mark = "  ← now" if abs(r.retention - current) < 1e-9 else ""
        lines.append(f"  {r.retention:.2f}    {r.reviews_per_day:9.0f}    {r.lapses_per_day:11.1f}{mark}")
    return "\n".join(lines)
