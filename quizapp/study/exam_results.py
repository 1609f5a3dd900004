"""What an exam shows: its options, the open answers to grade at the end, and the results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.records import Record

if TYPE_CHECKING:
    from quizapp.progress import ExamReport

NO_ANSWER = "(no answer)"
NOT_WRITTEN = "(not written down)"  # an open question handed in without writing: thought through


class ExamOptions(Record, frozen=True):
    """How an exam is set up from the command line (the setup screen starts from these)."""

    count: int = 20
    minutes: float | None = None
    record_in_schedule: bool = False


class OpenAnswerView(Record, frozen=True):
    """An open question handed in, as the self-grading step at the end shows it."""

    index: int  # 0-based position in the exam (what `ExamSession.grade_open` takes)
    number: int  # 1-based question number, as the student saw it
    key: str
    topic: str
    title: str
    prompt: str
    written: str  # what the student wrote ("" when they only thought it through)
    model_answer: str  # "" when the bank gives none (then the key points are the reference)
    key_points: tuple[str, ...]
    grade: bool | None  # the student's own grade so far: True right, False wrong, None not yet


class ExamAnswerView(Record, frozen=True):
    """One question on the results screen."""

    key: str
    number: int
    topic: str
    title: str
    prompt: str
    given: str
    expected: str
    correct: bool | None  # None: could not be graded (nothing to check against, or not self-graded)
    note: str = ""
    self_graded: bool = False  # an open answer handed in: the student grades it
    kind: str = ""  # the question's kind (a `quizapp.banks.kinds.Kind` name)


class ExamResults(Record, frozen=True):
    """The results screen: the score, by topic, and every question."""

    exam_id: int
    questions: int
    answered: int
    correct: int
    by_topic: list[tuple[str, int, int]]  # topic, questions, correct
    answers: list[ExamAnswerView]
    seconds: float
    recorded_in_schedule: bool
    timed_out: bool
    report: ExamReport | None = None

    @property
    def score(self) -> float | None:
        return self.correct / self.questions if self.questions else None

    @property
    def mistakes(self) -> list[str]:
        """Keys of the questions answered wrong or not at all, self-graded wrong answers
        included (for a drill)."""
        return [a.key for a in self.answers if a.correct is False]
