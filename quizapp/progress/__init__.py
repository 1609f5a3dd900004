"""Progress: the SQLite store of cards' schedules, the review log, exams and statistics.

Pure domain code (no textual, no torch at import). The app uses `ProgressStore`; the names
below are exported lazily so that `import quizapp.progress` costs next to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.lazy import lazy_exports

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ below
    # `X as X`: an explicit re-export, so no linter calls these imports unused
    from quizapp.progress.models import AnswerResult as AnswerResult
    from quizapp.progress.models import CardState as CardState
    from quizapp.progress.models import DeckCount as DeckCount
    from quizapp.progress.models import QueueFilter as QueueFilter
    from quizapp.progress.models import SyncReport as SyncReport
    from quizapp.progress.models import UndoResult as UndoResult
    from quizapp.progress.reports import ExamConfig as ExamConfig
    from quizapp.progress.reports import ExamReport as ExamReport
    from quizapp.progress.reports import Stats as Stats
    from quizapp.progress.reports import TopicForecast as TopicForecast
    from quizapp.progress.scheduler import Rating as Rating
    from quizapp.progress.scheduler import StudySettings as StudySettings
    from quizapp.progress.scheduler import rating_for as rating_for
    from quizapp.progress.store import ProgressStore as ProgressStore

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
