"""The study and exam flow, shared by the TUI and plain mode; it knows nothing of Textual.

A front end opens a `Workspace` (banks, progress store, trust, snippet engine), builds a
`StudySession` or an `ExamSession` from it, shows the `CardView`s they give, and reports what
the user did. Everything a screen shows comes from here; nothing here draws anything.

The names below are exported lazily: `from quizapp.study import StudySession` loads the
study modules only, not the exam's (start-up shows a card before anything else is needed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.lazy import lazy_exports

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ below
    # `X as X`: an explicit re-export, so no linter calls these imports unused
    from quizapp.study.catalog import CardRef as CardRef
    from quizapp.study.catalog import Catalog as Catalog
    from quizapp.study.exam import ExamAnswerView as ExamAnswerView
    from quizapp.study.exam import ExamOptions as ExamOptions
    from quizapp.study.exam import ExamResults as ExamResults
    from quizapp.study.exam import ExamSession as ExamSession
    from quizapp.study.session import StudySession as StudySession
    from quizapp.study.views import CardView as CardView
    from quizapp.study.views import DemoView as DemoView
    from quizapp.study.views import Feedback as Feedback
    from quizapp.study.views import SessionSummary as SessionSummary
    from quizapp.study.workspace import DeckRow as DeckRow
    from quizapp.study.workspace import Workspace as Workspace

_EXPORTS = {
    "CardRef": "catalog",
    "Catalog": "catalog",
    "ExamAnswerView": "exam",
    "ExamOptions": "exam",
    "ExamResults": "exam",
    "ExamSession": "exam",
    "StudySession": "session",
    "CardView": "views",
    "DemoView": "views",
    "Feedback": "views",
    "SessionSummary": "views",
    "DeckRow": "workspace",
    "Workspace": "workspace",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
