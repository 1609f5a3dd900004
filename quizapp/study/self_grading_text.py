"""The self-grading step at the end of an exam in words: each open answer beside the model
answer, graded right or wrong by the student. Both front ends show these strings (the TUI's
grading screen lays them out, plain mode prints them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.study.exam_results_text import MARKS

if TYPE_CHECKING:
    from quizapp.study.exam_results import OpenAnswerView

GRADING_TITLE = "Grade your open answers"
NOTHING_WRITTEN = "You wrote nothing down: grade the answer you thought of."
KEY_POINTS = "Key points:"


def position_line(at: int, total: int, timed_out: bool = False) -> str:
    """``Open answer 1 of 2: compare it with the model answer`` (0-based ``at``); the bell
    first when the time ran out, as it is the first thing shown after it."""
    bell = "Time is up. " if timed_out and at == 0 else ""
    return f"{bell}Open answer {at + 1} of {total}: compare it with the model answer"


def answer_meta(item: OpenAnswerView) -> str:
    """``Question 2 · cnn · Receptive field``, and the grade given so far when going back to it."""
    graded = f" — you graded it {MARKS[item.grade]}" if item.grade is not None else ""
    return f"Question {item.number} · {item.topic} · {item.title}{graded}"


def all_graded_lines(items: list[OpenAnswerView]) -> list[str]:
    """Once every answer is graded: ``All 2 graded: 1 right, 1 wrong``, then one line each."""
    right = sum(1 for i in items if i.grade)
    return [f"All {len(items)} graded: {right} right, {len(items) - right} wrong",
            *(f"{MARKS[bool(i.grade)]}  Question {i.number} · {i.title}" for i in items)]
