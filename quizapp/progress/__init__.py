"""Progress: the SQLite store of cards' schedules, the review log, exams and statistics.

Pure domain code (no textual, no torch at import). The app uses `ProgressStore`; the names
below are exported lazily so that `import quizapp.progress` costs next to nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ below
    from quizapp.progress.models import (  # noqa: F401
        AnswerResult, CardState, DeckCount, QueueFilter, SyncReport, UndoResult,
    )
    from quizapp.progress.reports import ExamConfig, ExamReport, Stats, TopicForecast  # noqa: F401
    from quizapp.progress.scheduler import Rating, StudySettings, rating_for  # noqa: F401
    from quizapp.progress.store import ProgressStore  # noqa: F401

_EXPORTS = {
    "ProgressStore": "store",
    "Rating": "scheduler",
    "StudySettings": "scheduler",
    "rating_for": "scheduler",
    "AnswerResult": "models",
    "CardState": "models",
    "DeckCount": "models",
    "ExamConfig": "reports",
    "ExamReport": "reports",
    "QueueFilter": "models",
    "Stats": "reports",
    "SyncReport": "models",
    "TopicForecast": "reports",
    "UndoResult": "models",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'quizapp.progress' has no attribute {name!r}")
    return getattr(importlib.import_module(f"quizapp.progress.{module}"), name)
