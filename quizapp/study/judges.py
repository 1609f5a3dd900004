"""One judge per kind of question: what a card is checked against when no code has to run,
which answers it takes, what its feedback adds, and the grade an answer suggests.

A card's judge is chosen once, from its kind (`judge_for`), when the card comes up; the study
session, the exam and plain mode ask it instead of testing the kind themselves. A new kind
adds its words in `quizapp.banks.kinds` and its judge here (`tests/study/test_every_kind.py`
fails for a kind without one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from quizapp.banks.kinds import Kind
from quizapp.grading import AnswerFormatError
from quizapp.progress.scheduler import Rating, rating_for
from quizapp.study.truth import Truth, declared_answer

if TYPE_CHECKING:
    from quizapp.banks import Question, Variant
    from quizapp.study.review import Review


class Judge:
    """What every kind shares; a kind's judge overrides what differs."""

    kind: ClassVar[Kind]

    @property
    def typed(self) -> bool:
        """Answered by typing text checked against the truth (format checks, a second try)."""
        return self.kind.info.typed

    def static_truth(self, question: Question, variant: Variant, statement_answer: Any = None) -> Truth:
        """The truth of the card when no code computes it."""
        raise NotImplementedError

    def check_true_false(self) -> None:
        """Raise `AnswerFormatError` unless the card takes true or false."""
        if self.kind.info.answer != "true_false":
            raise AnswerFormatError("this card is not a true/false statement")

    def check_choice(self) -> None:
        """Raise `AnswerFormatError` unless the card takes a choice's number."""
        if not self.kind.info.has_choices:
            raise AnswerFormatError("this card has no choices")

    def explain(self, review: Review, explain: str) -> str:
        """The explanation shown after the answer (Markdown, before rendering)."""
        return explain

    def model_answer(self, review: Review) -> str:
        """The model answer shown after the reveal ("" when the kind has none)."""
        return ""

    def truth_note(self, truth: Truth) -> str:
        """Where the truth came from, when the student should know ("" otherwise)."""
        return ""

    def expected(self, review: Review) -> str:
        """The right answer as an exam's results show it (waits for a truth still computing)."""
        return review.truth.wait().shown(review.ref.question.compare)

    def suggested_rating(self, correct: bool | None, *, helped: bool = False, near_miss: bool = False,
                         near_miss_grade: str = "hard") -> Rating | None:
        """The grade an answer suggests (None: the student chooses): the scheduler's own rating
        for right or wrong, Hard for a right answer the student was helped to (a hint, a second
        try) and for a near miss the bank counts as Hard."""
        if correct is None:
            return None
        if correct and helped:
            return Rating.Hard
        if not correct and near_miss and near_miss_grade == "hard":
            return Rating.Hard
        return rating_for(correct)


class TrueFalseJudge(Judge):
    kind = Kind.TRUE_FALSE

    def static_truth(self, question: Question, variant: Variant, statement_answer: Any = None) -> Truth:
        if statement_answer is None:
            return Truth("self_grade", note="this statement has no answer in the bank yet — grade yourself")
        return Truth("declared", bool(statement_answer))


class OpenJudge(Judge):
    kind = Kind.OPEN

    def static_truth(self, question: Question, variant: Variant, statement_answer: Any = None) -> Truth:
        return Truth("self_grade", note="compare with the model answer and grade yourself")

    def model_answer(self, review: Review) -> str:
        answer = review.ref.question.answer
        return review.text(answer) if isinstance(answer, str) else ""

    def expected(self, review: Review) -> str:
        return self.model_answer(review).strip() or "—"


class ComputedJudge(Judge):
    kind = Kind.COMPUTED

    def static_truth(self, question: Question, variant: Variant, statement_answer: Any = None) -> Truth:
        declared = declared_answer(question, variant)
        if declared is None:
            return Truth("self_grade", note="the bank declares no answer to check against — grade yourself")
        return Truth("declared", declared)

    def truth_note(self, truth: Truth) -> str:
        return truth.note


class MultipleChoiceJudge(Judge):
    kind = Kind.MULTIPLE_CHOICE

    def static_truth(self, question: Question, variant: Variant, statement_answer: Any = None) -> Truth:
        return Truth("declared", tuple(c.text for c in question.choices if c.correct))

    def explain(self, review: Review, explain: str) -> str:
        choices = review.ref.question.choices
        notes = [choices[i].explain for i in review.order if choices[i].explain]
        return "\n\n".join(x for x in [*notes, explain] if x)

    def expected(self, review: Review) -> str:
        return " or ".join(review.text(c.text) for c in review.ref.question.choices if c.correct)


JUDGES: dict[Kind, Judge] = {judge.kind: judge for judge in
                             (TrueFalseJudge(), OpenJudge(), ComputedJudge(), MultipleChoiceJudge())}


def judge_for(kind: str) -> Judge:
    """The judge of the kind called ``kind`` (ValueError for a name no kind has)."""
    return JUDGES[Kind(kind)]
