"""The study and exam flow, shared by the TUI and plain mode; it knows nothing of Textual.

A front end opens a `Workspace` (banks, progress store, trust, snippet engine), builds a
`StudySession` or an `ExamSession` from it, shows the `CardView`s they give, and reports what
the user did. Everything a screen shows comes from here; nothing here draws anything.
"""

from quizapp.study.catalog import CardRef, Catalog
from quizapp.study.exam import ExamAnswerView, ExamOptions, ExamResults, ExamSession
from quizapp.study.session import StudySession
from quizapp.study.views import CardView, DemoView, Feedback, SessionSummary
from quizapp.study.workspace import DeckRow, Workspace

__all__ = [
    "CardRef", "CardView", "Catalog", "DeckRow", "DemoView", "ExamAnswerView", "ExamOptions", "ExamResults",
    "ExamSession", "Feedback", "SessionSummary", "StudySession", "Workspace",
]
