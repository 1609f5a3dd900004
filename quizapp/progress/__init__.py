"""Progress: the SQLite store of cards' schedules, the review log, exams and statistics.

Pure domain code (no textual, no torch at import). The app uses `ProgressStore`; the names
below are exported lazily so that `import quizapp.progress` costs next to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.lazy import lazy_exports

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ below
    from quizapp.progress.models import (  # noqa: F401 - re-exported for type checkers
        AnswerResult,
        CardState,
        DeckCount,
        QueueFilter,
        SyncReport,
        UndoResult,
    )
    from quizapp.progress.reports import ExamConfig, ExamReport, Stats, TopicForecast  # noqa: F401 - re-exported for type checkers
    from quizapp.progress.scheduler import Rating, StudySettings, rating_for  # noqa: F401 - re-exported for type checkers
    from quizapp.progress.store import ProgressStore  # noqa: F401 - re-exported for type checkers

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


__getattr__ = lazy_exports(__name__, _EXPORTS)
