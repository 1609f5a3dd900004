"""A mock exam: chosen topics, a number of questions, a time limit, no feedback until the end.

Open questions are examined too: the student writes an answer (or only thinks it through) and,
once the answering is over, grades each one against the model answer (right or wrong) before
the score is final. Computed questions whose truth is still computing are graded when the
engine answers, at the latest when the exam is finished.

Answers the app grades are stored in the progress DB as the student gives them (an exam
survives a crash up to its last answer); open answers are stored with their self-grade when
the exam is finished, so that a grade can still be changed during the grading step. The
long-term schedule is left alone unless the exam is set up to record into it (then right →
Good and wrong → Again, self-graded answers included).
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Callable

from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.study.catalog import CardRef
from quizapp.study.exam_results import (
    NO_ANSWER,
    NOT_WRITTEN,
    ExamAnswerView,
    ExamOptions,
    ExamResults,
    OpenAnswerView,
)
from quizapp.study.review import Judgement, Review
from quizapp.study.views import CardView

if TYPE_CHECKING:
    from quizapp.progress import ExamReport, QueueFilter
    from quizapp.study.workspace import Workspace

__all__ = ["NOT_WRITTEN", "NO_ANSWER", "ExamAnswerView", "ExamOptions", "ExamResults", "ExamSession",
           "OpenAnswerView", "exam_candidates"]


def exam_candidates(workspace: Workspace, filters: QueueFilter) -> list[CardRef]:
    """Cards an exam can grade (by itself, or open questions the student grades at the end),
    among those the filters select."""
    refs = workspace.catalog.refs()
    return [r for r in refs if (r.auto_graded or r.question.info.self_graded)
            and (not filters.banks or r.bank.id in filters.banks)
            and (not filters.topics or r.topic in filters.topics)
            and (not filters.tags or set(filters.tags) & set(r.question.tags))]


class ExamSession:
    """Questions in order; each answered (or skipped) once; open answers graded by the student
    at the end; everything else graded by the app."""

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

        workspace.check_filters(filters)
        self.workspace = workspace
        self.store = workspace.store
        self.filters = filters or QueueFilter()
        self.record_in_schedule = record_in_schedule
        self._timer = timer
        rng = random.Random(seed)
        refs = self._pick(exam_candidates(workspace, self.filters), count, rng)
        if not refs:
            raise QuizappError("no question can be examined with this choice of banks and topics")
        self.reviews = [Review(workspace, ref, rng.randrange(2**31)) for ref in refs]
        self.time_limit_s = time_limit_s
        self.exam_id = self.store.start_exam(ExamConfig(
            title=title or "Mock exam", keys=tuple(r.key for r in refs),
            time_limit_s=time_limit_s, filters=self.filters))
        self._started = timer()
        self._stopped_at: float | None = None  # the answering is over: the clock stops
        self._timed_out = False
        self._shown_at: float | None = None
        self._index = 0
        self._given: dict[int, tuple[Judgement | None, str, int]] = {}  # index → (judgement, response, ms)
        self._open: set[int] = set()  # indexes of open questions handed in (written or not)
        self._self_grades: dict[int, bool] = {}  # index → the student's own grade
        self._recorded: set[int] = set()
        self._open_rows: dict[int, int] = {}  # open answer index -> its stored row, graded at the end
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
        """Seconds spent answering (the clock stops when the answering is over)."""
        end = self._stopped_at if self._stopped_at is not None else self._timer()
        return end - self._started

    def remaining(self) -> float | None:
        """Seconds left (None: no time limit)."""
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - self.elapsed())

    @property
    def time_up(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    @property
    def timed_out(self) -> bool:
        """Whether the answering ended because the time ran out."""
        return self._timed_out if self._stopped_at is not None else self.time_up

    def stop_answering(self) -> None:
        """The answering is over (last answer, time up, or ended early): stop the clock, so
        the self-grading step neither counts as exam time nor runs out of it."""
        if self._stopped_at is not None:
            return
        now = self._timer()
        self._timed_out = self.time_up
        if self._timed_out and self.time_limit_s is not None:
            now = min(now, self._started + self.time_limit_s)
        self._stopped_at = now

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
        """Whether the answering is over (the self-grading may still be to do)."""
        return (self._results is not None or self._stopped_at is not None
                or self._index >= self.total or self.time_up)

    def current(self) -> CardView | None:
        """The question to answer now, or None when the answering is over."""
        if self.finished:
            self.stop_answering()
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
        if self._index >= self.total:
            self.stop_answering()
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

    def answer_open(self, text: str) -> None:
        """Hand in an open answer: what the student wrote ("" when they only thought it
        through). The student grades it at the end."""
        if not self.review.ref.question.info.self_graded:
            raise AnswerFormatError("this question is not an open question")
        self._open.add(self._index)
        self._take(None, text.strip())

    def hand_in_draft(self, text: str) -> None:
        """The exam ended (time up, or ended early) while an open answer was being written:
        keep what is written, as a paper exam would. Nothing happens for other questions or
        an empty box."""
        index = self._index
        if (self._results is None and index < self.total and index not in self._given and text.strip()
                and self.reviews[index].ref.question.info.self_graded):
            self._open.add(index)
            self._take(None, text.strip())

    def skip(self) -> None:
        """Leave the current question unanswered (it counts as wrong)."""
        self._take(None, "")

    def _record_ready(self, final: bool = False) -> None:
        """Store every answer as soon as it can be (durable as the exam goes). An open answer
        is stored when handed in, ungraded, and gets the student's grade at the end
        (``final``), so a slip can still be undone until then."""
        for index, (judgement, response, ms) in sorted(self._given.items()):
            if index in self._recorded:
                continue
            review = self.reviews[index]
            if index in self._open:
                if index not in self._open_rows:
                    self._open_rows[index] = self.store.record_exam_answer(
                        self.exam_id, review.ref.key, response or None, None, ms, review.ref.topic)
                if not final:
                    continue
                judgement = self._open_judgement(index, response)
                self._given[index] = (judgement, response, ms)
                self.store.grade_exam_answer(self.exam_id, self._open_rows[index], judgement.correct)
                self._recorded.add(index)
                continue
            elif judgement is None and response:
                if not review.ready():  # the truth and the typical mistakes' values
                    continue
                try:
                    judgement = review.judge_typed(response, review.truth.wait())
                except AnswerFormatError as exc:  # the truth came after the answer, and cannot read it
                    truth = review.truth.current()
                    judgement = Judgement(response, False, response, truth.shown(review.ref.question.compare),
                                          f"could not be read: {exc}")
                self._given[index] = (judgement, response, ms)
            correct = judgement.correct if judgement is not None else False
            self.store.record_exam_answer(self.exam_id, review.ref.key, response or None, correct, ms,
                                          review.ref.topic)
            self._recorded.add(index)

    # -- grading open answers -------------------------------------------------------------

    def open_answers(self) -> list[OpenAnswerView]:
        """The open questions handed in, in exam order, with the self-grade given so far."""
        out = []
        for index in sorted(self._open):
            review = self.reviews[index]
            q = review.ref.question
            out.append(OpenAnswerView(
                index=index, number=index + 1, key=review.ref.key,
                topic=self.workspace.catalog.topic_name(review.ref.topic),
                title=review.ref.label, prompt=review.view().prompt, written=self._given[index][1],
                model_answer=self._model_answer(review), key_points=tuple(review.text(p) for p in q.key_points),
                grade=self._self_grades.get(index)))
        return out

    def grade_open(self, index: int, right: bool) -> None:
        """The student's own grade of the open answer at ``index`` (it may be changed until
        the exam is finished)."""
        if index not in self._open:
            raise QuizappError(f"question {index + 1} is not an open answer to grade")
        if self._results is not None:
            raise QuizappError("the exam is finished: its grades are final")
        self._self_grades[index] = right

    def _open_judgement(self, index: int, written: str) -> Judgement:
        grade = self._self_grades.get(index)
        return Judgement(written, grade, written or NOT_WRITTEN, self._model_answer(self.reviews[index]) or "—",
                         "graded by you" if grade is not None else "not graded by you")

    @staticmethod
    def _model_answer(review: Review) -> str:
        return review.judge.model_answer(review).strip()

    # -- the end -----------------------------------------------------------------------

    def pending_truths(self) -> list[Review]:
        """Answered computed questions whose truth is still computing."""
        return [self.reviews[i] for i, (j, r, _ms) in self._given.items()
                if j is None and r and i not in self._open and not self.reviews[i].ready()]

    def finish(self) -> ExamResults:
        """End the exam (time up, last answer, or the student's choice) and grade it. Open
        answers not graded by the student by now count as not graded.

        Blocks while truths still compute: a UI calls it from a worker thread.
        """
        if self._results is not None:
            return self._results
        self.stop_answering()
        for review in self.pending_truths():
            review.wait_ready()
        for index in range(self.total):  # unanswered questions count as wrong
            if index not in self._given:
                self._given[index] = (None, "", 0)
        self._record_ready(final=True)
        report = self.store.finish_exam(self.exam_id, record_in_schedule=self.record_in_schedule)
        self._results = self._build_results(report)
        for review in self.reviews:
            review.cancel()
        return self._results

    def _build_results(self, report: ExamReport) -> ExamResults:
        answers: list[ExamAnswerView] = []
        topics: dict[str, list[int]] = {}
        for index, review in enumerate(self.reviews):
            judgement, response, _ms = self._given[index]
            view = review.view()
            expected = judgement.expected if judgement is not None else self._expected(review)
            correct = judgement.correct if judgement is not None else False
            given = (judgement.given if judgement is not None else response) or NO_ANSWER
            prompt = f"{view.stem}\n\n{view.prompt}".strip() if view.stem else view.prompt
            topic = self.workspace.catalog.topic_name(review.ref.topic)  # as every screen names it
            answers.append(ExamAnswerView(review.ref.key, index + 1, topic, review.ref.label,
                                          prompt, given, expected, correct,
                                          # the mistake's feedback, shown only here, at the end
                                          "; ".join(x for x in (judgement.note, judgement.diagnosis) if x)
                                          if judgement is not None else "",
                                          self_graded=index in self._open, kind=review.ref.kind))
            count = topics.setdefault(topic, [0, 0])
            count[0] += 1
            count[1] += correct is True
        return ExamResults(
            exam_id=self.exam_id,
            questions=self.total,
            answered=sum(1 for a in answers if a.given != NO_ANSWER),
            correct=sum(1 for a in answers if a.correct),
            by_topic=[(t, n, c) for t, (n, c) in sorted(topics.items())],
            answers=answers,
            seconds=self.elapsed(),
            recorded_in_schedule=report.recorded_in_schedule,
            timed_out=self.timed_out,
            report=report,
        )

    def _expected(self, review: Review) -> str:
        return review.judge.expected(review)

    @property
    def results(self) -> ExamResults | None:
        return self._results
