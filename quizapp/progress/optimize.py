"""Fitting personal FSRS parameters to the user's own review log (`quizapp optimize`).

The fit itself is the fsrs package's optimizer, which runs on torch: it is imported only
inside `fit_parameters`, never by the app's start-up path. The log loss we report before and
after is computed here, in plain Python, with the same rule the optimizer trains on: a review
counts when it comes at least one whole day after the card's previous review.
"""

from __future__ import annotations

import math
import sqlite3
import time
from typing import TYPE_CHECKING, Callable

from quizapp.errors import NotEnoughData, QuizappError
from quizapp.progress.scheduler import StudySettings, ms_to_dt
from quizapp.records import Record

if TYPE_CHECKING:
    import fsrs

# fsrs's optimizer returns its default parameters, silently, below 512 such reviews.
MIN_TRAINABLE_REVIEWS = 512


class OptimizeResult(Record, frozen=True):
    """A fit: the parameters, and log loss on the same log before (current) and after."""

    parameters: tuple[float, ...]
    loss_before: float
    loss_after: float
    reviews: int
    trainable: int
    cards: int
    seconds: float


def review_histories(conn: sqlite3.Connection) -> dict[int, list[fsrs.ReviewLog]]:
    """Each card's scheduled answers that still stand (after its last reset), in order."""
    import fsrs

    histories: dict[int, list[fsrs.ReviewLog]] = {}
    rows = conn.execute(
        "SELECT card_id, rating, at, duration_ms FROM review_log r WHERE event = 'answer'"
        " AND scheduled = 1"  # scheduled reviews only: cram, drill and exams move no schedule
        " AND id > coalesce((SELECT max(id) FROM review_log x WHERE x.card_id = r.card_id"
        "  AND x.event = 'reset'), 0)"
        " AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)"
        " ORDER BY card_id, id"
    )
    for card_id, rating, at, duration_ms in rows:
        histories.setdefault(card_id, []).append(
            fsrs.ReviewLog(card_id=card_id, rating=fsrs.Rating(rating),
                           review_datetime=ms_to_dt(at), review_duration=duration_ms)
        )
    return histories


def _spaced(history: list[fsrs.ReviewLog]) -> int:
    pairs = zip(history, history[1:], strict=False)
    return sum((b.review_datetime - a.review_datetime).days > 0 for a, b in pairs)


def trainable_reviews(histories: dict[int, list[fsrs.ReviewLog]]) -> int:
    """Reviews the optimizer learns from: a whole day or more after the card's previous one,
    among each card's first 64 (the optimizer's own cut-off)."""
    return sum(_spaced(h[:64]) for h in histories.values())


def log_loss(histories: dict[int, list[fsrs.ReviewLog]], parameters: tuple[float, ...]) -> float:
    """Mean binary cross-entropy of predicted recall vs. recalled (rating > Again)."""
    import fsrs

    scheduler = fsrs.Scheduler(parameters=parameters, enable_fuzzing=False)
    total, count = 0.0, 0
    for card_id, history in histories.items():
        card = fsrs.Card(card_id=card_id, due=history[0].review_datetime)
        for log in history:
            when = log.review_datetime
            if card.last_review is not None and (when - card.last_review).days > 0:
                p = float(scheduler.get_card_retrievability(card, when))
                recalled = log.rating != fsrs.Rating.Again
                x = p if recalled else 1.0 - p
                # torch's BCELoss clamps log() at -100; do the same so the figures agree.
                total += min(-math.log(x), 100.0) if x > 0 else 100.0
                count += 1
            card, _ = scheduler.review_card(card, log.rating, when)
    return total / count if count else float("nan")


def fit_parameters(
    conn: sqlite3.Connection, settings: StudySettings,
    on_start: Callable[[int], None] | None = None,
) -> OptimizeResult:
    """Fit FSRS parameters to the log; a clear error when the log is too short for it.

    `on_start(trainable_reviews)` is called once the log is known to be long enough, just
    before the (slow) fit begins.
    """
    import fsrs

    histories = review_histories(conn)
    trainable = trainable_reviews(histories)
    reviews = sum(len(h) for h in histories.values())
    if trainable < MIN_TRAINABLE_REVIEWS:
        raise NotEnoughData(
            f"not enough reviews to fit your own parameters yet: {trainable} of the "
            f"{MIN_TRAINABLE_REVIEWS} needed ({reviews} scheduled answers in all; only answers given a "
            "day or more after the card's previous one count). Keep studying with the "
            "default parameters, which already work well."
        )
    from fsrs.optimizer import Optimizer  # imports torch (this module never does itself)

    logs = [log for history in histories.values() for log in history]
    try:
        optimizer = Optimizer(logs)
    except ImportError as exc:  # fsrs's stand-in when torch, pandas or tqdm is missing
        raise QuizappError(
            "the FSRS optimizer needs torch, pandas and tqdm, and one is missing; reinstall "
            "quizapp (pip install -c constraints.txt -e .)"
        ) from exc
    current = settings.parameters or tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
    if on_start is not None:
        on_start(trainable)
    started = time.perf_counter()
    fitted = tuple(float(p) for p in optimizer.compute_optimal_parameters())
    seconds = time.perf_counter() - started
    return OptimizeResult(
        parameters=fitted,
        loss_before=log_loss(histories, current),
        loss_after=log_loss(histories, fitted),
        reviews=reviews,
        trainable=trainable,
        cards=len(histories),
        seconds=seconds,
    )
