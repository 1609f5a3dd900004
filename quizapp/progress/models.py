"""Plain dataclasses the progress store returns: what screens show and `quizapp stats` prints.

No behaviour beyond small derived properties; `to_dict` gives JSON-ready data.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, timedelta
from typing import Any

from quizapp.progress.scheduler import Rating


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
        for name in getattr(value, "_derived", ()):  # properties worth exporting
            data[name] = _jsonable(getattr(value, name))
        return data
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class _ToDict:
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: datetimes as ISO 8601, durations in seconds."""
        return _jsonable(self)


@dataclass(frozen=True)
class QueueFilter(_ToDict):
    """Restrict a queue to some banks, topics and tags (empty: no restriction)."""

    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("banks", "topics", "tags"):
            value = getattr(self, name)
            if isinstance(value, str):  # QueueFilter(banks="cnn") means ("cnn",)
                value = (value,)
            object.__setattr__(self, name, tuple(value))


ALL = QueueFilter()


@dataclass(frozen=True)
class SyncReport(_ToDict):
    """What `sync_cards` found: keys of new cards, changed answers, hidden and restored ones."""

    new: list[str] = field(default_factory=list)
    changed_answers: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class CardState(_ToDict):
    """A card's schedule as the screens see it. ``state`` is new/learning/review/relearning."""

    key: str
    state: str
    due: datetime | None
    last_review: datetime | None
    stability: float | None
    difficulty: float | None
    step: int | None
    reps: int
    lapses: int
    hidden: bool
    topic: str
    bank_id: str


@dataclass(frozen=True)
class AnswerResult(_ToDict):
    """What an answer did: its log id, and (if it was scheduled) the new due date."""

    review_id: int
    key: str
    rating: Rating
    scheduled: bool
    due: datetime | None
    interval: timedelta | None
    card: CardState


@dataclass(frozen=True)
class UndoResult(_ToDict):
    """The answer that was undone and the card as it is again."""

    undo_id: int
    undone_review_id: int
    key: str
    card: CardState


@dataclass(frozen=True)
class DeckCount(_ToDict):
    """Cards of one bank and topic: due today, never studied, all (hidden ones excluded)."""

    bank_id: str
    topic: str
    due: int
    new: int
    total: int


@dataclass(frozen=True)
class ExamConfig(_ToDict):
    """How an exam was set up; stored with the exam as given."""

    title: str = ""
    keys: tuple[str, ...] = ()
    time_limit_s: int | None = None
    filters: QueueFilter = ALL


@dataclass(frozen=True)
class ExamAnswer(_ToDict):
    key: str
    topic: str
    response: str | None
    correct: bool | None
    duration_ms: int | None
    answered_at: datetime


@dataclass(frozen=True)
class TopicScore(_ToDict):
    """Exam score of one topic. ``score`` is correct / answered (None when nothing answered)."""

    topic: str
    answered: int
    correct: int
    time_ms: int
    _derived = ("score",)

    @property
    def score(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class ExamReport(_ToDict):
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


@dataclass(frozen=True)
class TopicForecast(_ToDict):
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


@dataclass(frozen=True)
class DayCount(_ToDict):
    """Answers given on one study day (undone ones excluded), and how many were Again."""

    day: date
    reviews: int
    again: int


@dataclass(frozen=True)
class TopicRetention(_ToDict):
    """True retention of one topic: share of scheduled reviews of mature-enough (Review-state)
    cards that were recalled."""

    topic: str
    reviews: int
    recalled: int
    _derived = ("retention",)

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None


@dataclass(frozen=True)
class Stats(_ToDict):
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
