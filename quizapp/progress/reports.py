"""What exams and statistics report: records of their own module, so that a start (which
shows a card, not a report) does not define them.

`to_dict` gives JSON-ready data, as for the other models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from quizapp.progress.models import ALL, QueueFilter, _ToDict
from quizapp.records import Record


class ExamConfig(Record, _ToDict, frozen=True):
    """How an exam was set up; stored with the exam as given."""

    title: str = ""
    keys: tuple[str, ...] = ()
    time_limit_s: int | None = None
    filters: QueueFilter = ALL


class ExamAnswer(Record, _ToDict, frozen=True):
    key: str
    topic: str
    response: str | None
    correct: bool | None
    duration_ms: int | None
    answered_at: datetime


class TopicScore(Record, _ToDict, frozen=True):
    """Exam score of one topic. ``score`` is correct / answered (None when nothing answered)."""

    topic: str
    answered: int
    correct: int
    time_ms: int
    _derived = ("score",)

    @property
    def score(self) -> float | None:
        return self.correct / self.answered if self.answered else None


class ExamReport(Record, _ToDict, frozen=True):
    """An exam's result: overall and per topic, with every answer."""

    exam_id: int
    title: str
    started_at: datetime
    finished_at: datetime | None
    answered: int
    correct: int
    by_topic: list[TopicScore]
    answers: list[ExamAnswer]
    recorded_in_schedule: bool
    config: dict[str, Any]
    _derived = ("score",)

    @property
    def score(self) -> float | None:
        return self.correct / self.answered if self.answered else None


class TopicForecast(Record, _ToDict, frozen=True):
    """Readiness of one topic at a date.

    ``recall_if_idle``: mean predicted recall at the date with no more study (never-studied
    cards count as 0). ``reviews_needed``: reviews from now to the date to keep every card at
    or above ``target`` (never-studied cards included, assuming they are answered correctly),
    after which the mean predicted recall is ``recall_with_reviews``.
    """

    topic: str
    cards: int
    new: int
    target: float
    recall_if_idle: float
    reviews_needed: int
    recall_with_reviews: float


class DayCount(Record, _ToDict, frozen=True):
    """Answers given on one study day (undone ones excluded), and how many were Again."""

    day: date
    reviews: int
    again: int
    practice: int = 0  # of `reviews`, answers in cram and drills (scheduled = 0): no schedule moved


class TopicRetention(Record, _ToDict, frozen=True):
    """True retention of one topic: share of scheduled reviews of mature-enough (Review-state)
    cards that were recalled."""

    topic: str
    reviews: int
    recalled: int
    _derived = ("retention",)

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None


class Stats(Record, _ToDict, frozen=True):
    """The statistics screen and `quizapp stats`: today, the past `days`, the next days."""

    today: date
    due_today: int
    new_today: int  # new cards today's limits still allow
    reviewed_today: int
    cards: int
    cards_new: int
    cards_learning: int
    cards_review: int
    cards_hidden: int
    reviews_per_day: list[DayCount]
    retention_by_topic: list[TopicRetention]
    due_per_day: list[tuple[date, int]]  # cards falling due on each of the coming days
