"""Plain records the progress store returns: what screens show and `quizapp stats` prints.

No behaviour beyond small derived properties; `to_dict` gives JSON-ready data.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import Any

from quizapp.progress.scheduler import Rating
from quizapp.records import Record, field, fields, force_setattr, is_record


def _jsonable(value: Any) -> Any:
    if is_record(value):
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


class QueueFilter(Record, _ToDict, frozen=True):
    """Restrict a queue to some banks, topics and tags (empty: no restriction)."""

    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("banks", "topics", "tags"):
            value = getattr(self, name)
            if isinstance(value, str):  # QueueFilter(banks="cnn") means ("cnn",)
                value = (value,)
            force_setattr(self, name, tuple(value))


ALL = QueueFilter()


class SyncReport(Record, _ToDict, frozen=True):
    """What `sync_cards` found: keys of new cards, changed answers, hidden and restored ones."""

    new: list[str] = field(default_factory=list)
    changed_answers: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    total: int = 0


class CardState(Record, _ToDict, frozen=True):
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


class AnswerResult(Record, _ToDict, frozen=True):
    """What an answer did: its log id, and (if it was scheduled) the new due date."""

    review_id: int
    key: str
    rating: Rating
    scheduled: bool
    due: datetime | None
    interval: timedelta | None
    card: CardState
    leech: bool = False  # this answer made the card a leech (tell the student, once)
    suspended: bool = False  # ... and suspended it (leech action "suspend")
    buried: list[str] = field(default_factory=list)  # related cards buried until tomorrow


class UndoResult(Record, _ToDict, frozen=True):
    """The answer that was undone and the card as it is again."""

    undo_id: int
    undone_review_id: int
    key: str
    card: CardState


class DeckCount(Record, _ToDict, frozen=True):
    """Cards of one bank and topic: due today, never studied, all (hidden ones excluded)."""

    bank_id: str
    topic: str
    due: int
    new: int
    total: int
