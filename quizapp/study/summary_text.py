"""The end of a study session in words. Both front ends show exactly these lines (the TUI's
summary screen lays them out, plain mode prints them), so they count and phrase it the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.plural import plural
from quizapp.study.text import duration_words, when_words
from quizapp.study.views import RATING_NAMES

if TYPE_CHECKING:
    from datetime import datetime

    from quizapp.study.views import SessionSummary

SUMMARY_TITLE = "Session over"


def summary_lines(s: SessionSummary, now: datetime) -> list[str]:
    """The summary in sentences, one a line: answered, right, grades, topics, what is due next."""
    lines: list[str] = []
    if not s.answered:
        # Plain mode ends here when the user quits at the first card; what is due still helps.
        lines.append("Nothing answered in this session.")
    else:
        lines.append(f"Answered: {plural(s.answered, 'card')} in {duration_words(s.seconds)}.")
        if s.auto_graded:
            lines.append(f"Right: {s.right} of {s.auto_graded} checked automatically "
                         f"({s.right / s.auto_graded:.0%}).")
        lines.append("Grades: " + " · ".join(f"{RATING_NAMES[r]} {n}" for r, n in s.ratings.items()))
        if s.by_topic:
            lines.append("By topic: " + " · ".join(f"{t} {n} ({again} Again)" if again else f"{t} {n}"
                                                    for t, (n, again) in sorted(s.by_topic.items())))
    if s.next_due is not None:
        lines.append(f"Next card due: {when_words(s.next_due, now)}.")
    if s.due_tomorrow is not None:
        lines.append(f"Due tomorrow: {plural(s.due_tomorrow, 'card')}.")
    if s.answered and s.mode != "today":
        lines.append("This was practice: your schedule was not changed.")
    return lines
