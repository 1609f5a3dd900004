"""A mock exam: chosen topics, a number of questions, a time limit, no feedback until the end.

Answers are stored in the progress DB as the student gives them (an exam survives a crash up
to its last answer). Computed questions whose truth is still computing are graded when the
engine answers, at the latest when the exam is finished. The long-term schedule is left alone
unless the exam is set up to record into it.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from quizapp.errors import QuizappError
from quizapp.study.catalog import CardRef
from quizapp.study.review import Judgement, Review
from quizapp.study.views import CardView

if TYPE_CHECKING:
    from quizapp.progress import ExamReport, QueueFilter
    from quizapp.study.workspace import Workspace

NO_ANSWER = "(no answer)"


@dataclass(frozen=True)
class ExamOptions:
    """How an exam is set up from the command line (the setup screen starts from these)."""

    count: int = 20
    minutes: float | None = None
    record_in_schedule: bool = False


@dataclass(frozen=True)
class ExamAnswerView:
    """One question on the results screen."""

    key: str
    number: int
    topic: str
    title: str
    prompt: str
    given: str
    expected: str
    correct: bool | None  # None: could not be graded (nothing to check against)
    note: str = ""


@dataclass(frozen=True)
class ExamResults:
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
    report: ExamReport | None = field(default=None, repr=False)

    @property
    def score(self) -> float | None:
        return self.correct / self.questions if self.questions else None

    @property
    def mistakes(self) -> list[str]:
        """Keys of the questions answered wrong or not at all (for a drill)."""
        return [a.key for a in self.answers if a.correct is False]


def exam_candidates(workspace: Workspace, filters: QueueFilter) -> list[CardRef]:
    """Cards an exam can grade by itself, among those the filters select."""
    refs = workspace.catalog.refs()
    return [r for r in refs if r.auto_graded
            and (not filters.banks or r.bank.id in filters.banks)
            and (not filters.topics or r.topic in filters.topics)
            and (not filters.tags or set(filters.tags) & set(r.question.tags))]


class ExamSession:
    """Questions in order; each answered (or skipped) once; graded at the end."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        filters: QueueFilter | None = None,
        count: int = 20,
        time_limit_s: int | None = None,
        record_in_schedule: bool = False,
        seed: int | None = None,
        title: str = "",
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        from quizapp.progress import ExamConfig, QueueFilter

        self.workspace = workspace
        self.store = workspace.store
        self.filters = filters or QueueFilter()
        self.record_in_schedule = record_in_schedule
        self._timer = timer
        rng = random.Random(seed)
        refs = self._pick(exam_candidates(workspace, self.filters), count, rng)
        if not refs:
            raise QuizappError("no question can be examined with this choice of banks and topics "
                               "(open questions are left out of exams: they need your own grading)")
        self.reviews = [Review(workspace, ref, rng.randrange(2**31)) for ref in refs]
        self.time_limit_s = time_limit_s
        self.exam_id = self.store.start_exam(ExamConfig(
            title=title or "Mock exam", keys=tuple(r.key for r in refs),
            time_limit_s=time_limit_s, filters=self.filters))
        self._started = timer()
        self._shown_at: float | None = None
        self._index = 0
        self._given: dict[int, tuple[Judgement | None, str, int]] = {}  # index → (judgement, response, ms)
        self._recorded: set[int] = set()
        self._results: ExamResults | None = None

    @staticmethod
    def _pick(refs: list[CardRef], count: int, rng: random.Random) -> list[CardRef]:
        # Round-robin over topics so every chosen topic is examined, then shuffle.
        by_topic: dict[str, list[CardRef]] = {}
        for ref in refs:
            by_topic.setdefault(ref.topic, []).append(ref)
        pools = [rng.sample(v, len(v)) for _k, v in sorted(by_topic.items())]
        picked: list[CardRef] = []
        while len(picked) < count and any(pools):
            for pool in pools:
                if pool and len(picked) < count:
                    picked.append(pool.pop())
        rng.shuffle(picked)
        return picked

    # -- time --------------------------------------------------------------------------

    def elapsed(self) -> float:
        return self._timer() - self._started

    def remaining(self) -> float | None:
        """Seconds left (None: no time limit)."""
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - self.elapsed())

    @property
    def time_up(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    # -- questions ---------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.reviews)

    @property
    def number(self) -> int:
        """1-based number of the current question."""
        return self._index + 1

    @property
    def finished(self) -> bool:
        return self._results is not None or self._index >= self.total or self.time_up

    def current(self) -> CardView | None:
        """The question to answer now, or None when the exam is over."""
        if self.finished:
            return None
        if self._shown_at is None:
            self._shown_at = self._timer()
        return self.reviews[self._index].view()

    @property
    def review(self) -> Review:
        if self.finished:
            raise QuizappError("the exam is over")
        return self.reviews[self._index]

    def _take(self, judgement: Judgement | None, response: str) -> None:
        elapsed_ms = int((self._timer() - (self._shown_at or self._timer())) * 1000)
        self._given[self._index] = (judgement, response, elapsed_ms)
        self._index += 1
        self._shown_at = None
        self._record_ready()

    def answer_true_false(self, value: bool) -> None:
        self._take(self.review.judge_true_false(value), "true" if value else "false")

    def answer_choice(self, number: int) -> None:
        judgement = self.review.judge_choice(number)
        self._take(judgement, judgement.response)

    def check_format(self, text: str) -> None:
        """Raise `AnswerFormatError` if the typed answer cannot be read (ask again)."""
        self.review.check_format(text)

    def answer_typed(self, text: str) -> None:
        """Keep a typed answer; it is graded when its truth is known (now or at the end)."""
        self.review.check_format(text)
        self._take(None, text.strip())

    def skip(self) -> None:
        """Leave the current question unanswered (it counts as wrong)."""
        self._take(None, "")

    def _record_ready(self) -> None:
        """Store every answer whose grade is known (durable as the exam goes)."""
        for index, (judgement, response, ms) in sorted(self._given.items()):
            if index in self._recorded:
                continue
            review = self.reviews[index]
            if judgement is None and response:
                if not review.truth.done():
                    continue
                judgement = review.judge_typed(response, review.truth.wait())
                self._given[index] = (judgement, response, ms)
            correct = judgement.correct if judgement is not None else False
            self.store.record_exam_answer(self.exam_id, review.ref.key, response or None, correct, ms,
                                          review.ref.topic)
            self._recorded.add(index)

    # -- the end -----------------------------------------------------------------------

    def pending_truths(self) -> list[Review]:
        """Answered computed questions whose truth is still computing."""
        return [self.reviews[i] for i, (j, r, _ms) in self._given.items()
                if j is None and r and not self.reviews[i].truth.done()]

    def finish(self) -> ExamResults:
        """End the exam (time up, last answer, or the student's choice) and grade it.

        Blocks while truths still compute: a UI calls it from a worker thread.
        """
        if self._results is not None:
            return self._results
        timed_out = self.time_up
        seconds = min(self.elapsed(), float(self.time_limit_s)) if timed_out and self.time_limit_s else self.elapsed()
        for review in self.pending_truths():
            review.truth.wait()
        for index in range(self.total):  # unanswered questions count as wrong
            if index not in self._given:
                self._given[index] = (None, "", 0)
        self._record_ready()
        report = self.store.finish_exam(self.exam_id, record_in_schedule=self.record_in_schedule)
        self._results = self._build_results(report, seconds, timed_out)
        for review in self.reviews:
            review.cancel()
        return self._results

    def _build_results(self, report: ExamReport, seconds: float, timed_out: bool) -> ExamResults:
        answers: list[ExamAnswerView] = []
        topics: dict[str, list[int]] = {}
        for index, review in enumerate(self.reviews):
            judgement, response, _ms = self._given[index]
            view = review.view()
            expected = judgement.expected if judgement is not None else self._expected(review)
            correct = judgement.correct if judgement is not None else False
            given = (judgement.given if judgement is not None else response) or NO_ANSWER
            prompt = f"{view.stem}\n\n{view.prompt}".strip() if view.stem else view.prompt
            answers.append(ExamAnswerView(review.ref.key, index + 1, review.ref.topic, review.ref.label,
                                          prompt, given, expected, correct,
                                          judgement.note if judgement is not None else ""))
            count = topics.setdefault(review.ref.topic, [0, 0])
            count[0] += 1
            count[1] += correct is True
        return ExamResults(
            exam_id=self.exam_id,
            questions=self.total,
            answered=sum(1 for a in answers if a.given != NO_ANSWER),
            correct=sum(1 for a in answers if a.correct),
            by_topic=[(t, n, c) for t, (n, c) in sorted(topics.items())],
            answers=answers,
            seconds=seconds,
            recorded_in_schedule=report.recorded_in_schedule,
            timed_out=timed_out,
            report=report,
        )

    @staticmethod
    def _expected(review: Review) -> str:
        q = review.ref.question
        if q.kind == "multiple_choice":
            return " or ".join(review.text(c.text) for c in q.choices if c.correct)
        return review.truth.wait().shown(q.compare)

    @property
    def results(self) -> ExamResults | None:
        return self._results
