"""A simulated learner: months of plausible review history, for benchmarks and tests.

Each card is first seen on a random day, then answered whenever it falls due (a little
late, as people are), until `now`. Recall is drawn from the card's FSRS retrievability made
a little worse (`forgetfulness`), so the history is realistic enough to fit parameters to.
Answers go through the store's real answering code, in large transactions for speed.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime

from quizapp.progress.reviewing import load_card, log_answer
from quizapp.progress.scheduler import Rating, Scheduler, dt_to_ms, ms_to_dt
from quizapp.progress.sqlite_layer import write_transaction
from quizapp.records import Record

_DAY_MS = 86_400_000
_FIRST = ([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy], [20, 5, 65, 10])
_RECALLED = ([Rating.Hard, Rating.Good, Rating.Easy], [10, 80, 10])


class SimulationReport(Record, frozen=True):
    cards_studied: int
    reviews: int


def simulate_history(
    conn: sqlite3.Connection,
    scheduler: Scheduler,
    keys: list[str],
    *,
    now: datetime,
    days: int,
    max_reviews: int,
    seed: int = 0,
    forgetfulness: float = 1.3,
    batch_cards: int = 2000,
) -> SimulationReport:
    """Answer `keys` (in order) over the `days` before `now`, stopping at `max_reviews`.

    Cards not reached stay new. Recall probability = retrievability ** `forgetfulness`.
    """
    rng = random.Random(seed)
    now_ms = dt_to_ms(now)
    assert now_ms is not None
    total = studied = 0
    for start in range(0, len(keys), batch_cards):
        if total >= max_reviews:
            break
        with write_transaction(conn):
            for key in keys[start:start + batch_cards]:
                if total >= max_reviews:
                    break
                card = load_card(conn, key)
                at = now_ms - rng.randrange(days * _DAY_MS)
                studied += 1
                while at < now_ms and total < max_reviews:
                    when = ms_to_dt(at)
                    assert when is not None
                    if card.memory.is_new:
                        rating = rng.choices(*_FIRST)[0]
                    else:
                        recall = scheduler.retrievability(card.memory, when) ** forgetfulness
                        rating = (rng.choices(*_RECALLED)[0] if rng.random() < recall
                                  else Rating.Again)
                    _, card = log_answer(conn, scheduler, card, rating, at, mode="study",
                                         scheduled=True, duration_ms=rng.randrange(2000, 30000))
                    total += 1
                    due = card.memory.due_ms
                    assert due is not None
                    # People come back a little after the due time, rarely right on it.
                    late = rng.randrange(60_000, 3_600_000) if due - at < _DAY_MS else \
                        rng.randrange(0, 2 * _DAY_MS)
                    at = due + late
    return SimulationReport(cards_studied=studied, reviews=total)
