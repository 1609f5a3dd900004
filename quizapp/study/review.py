"""One showing of one card: its variant, its choice order, its truth, and judging an answer.

Shared by study and exam sessions, so a card looks and is graded the same way in both.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from quizapp.banks import Variant, draw_variant
from quizapp.grading import AnswerFormatError, check_answer, parse_shape, show
from quizapp.grading.compare import parse_number
from quizapp.grading.expr import ExpressionError, evaluate
from quizapp.records import Record
from quizapp.snippets.jobs import snippet_job
from quizapp.study.catalog import CardRef
from quizapp.study.runs import PendingRun
from quizapp.study.text import render_text
from quizapp.study.truth import PendingTruth, Truth, declared_answer, fallback_truth, static_truth
from quizapp.study.views import CardView, DemoView, Feedback

if TYPE_CHECKING:
    from quizapp.study.workspace import Workspace


class Judgement(Record, frozen=True):
    """An answer and whether it was right (None: the student grades it)."""

    response: str  # what is recorded in the log
    correct: bool | None
    given: str
    expected: str
    note: str = ""
    chosen: int | None = None


class Review:
    """A card being shown: built when it comes up, forgotten once it is graded."""

    def __init__(self, workspace: Workspace, ref: CardRef, seed: int) -> None:
        self.ref = ref
        self.seed = seed
        self.workspace = workspace
        question = ref.question
        self.variant: Variant = draw_variant(question, seed)
        self.order = list(range(len(question.choices)))
        if question.shuffle and len(self.order) > 1:
            random.Random(f"{ref.key}/{seed}").shuffle(self.order)
        self.code_runs, self.code_note = workspace.code_status(ref.bank)
        self.truth = self._start_truth()
        self._demos: list[tuple[Any, PendingRun | None]] | None = None

    # -- the truth ---------------------------------------------------------------------

    def _start_truth(self) -> PendingTruth:
        q = self.ref.question
        if q.kind != "computed" or q.compute is None:
            answer = self.ref.statement.answer if self.ref.statement else None
            return PendingTruth(q, self.variant, static_truth(q, self.variant, answer))
        if not self.code_runs:
            return PendingTruth(q, self.variant, fallback_truth(q, self.variant, self.code_note))
        run = self.workspace.submit(snippet_job(q, q.compute, self.variant))
        if run is None:  # the engine refused the job (closed, or gone)
            return PendingTruth(q, self.variant, fallback_truth(q, self.variant, "the snippet engine is not running"))
        return PendingTruth(q, self.variant, Truth("computing", note="computing…"), run)

    def current_truth(self) -> Truth:
        return self.truth.current()

    # -- what is shown -------------------------------------------------------------------

    def text(self, markdown: str) -> str:
        return render_text(markdown, self.ref.bank.macros, self.variant)

    def view(self) -> CardView:
        q, s = self.ref.question, self.ref.statement
        choices = tuple(self.text(q.choices[i].text) for i in self.order)
        demos = s.demos if s is not None else q.demos
        return CardView(
            key=self.ref.key,
            kind=q.kind,
            bank_id=self.ref.bank.id,
            bank_title=self.ref.bank.title,
            topic=q.topic,
            title=q.label,
            stem=self.text(q.stem) if s is not None else "",
            prompt=self.text(s.text) if s is not None else self.text(q.prompt),
            setup=self.variant.fill(q.setup.text).rstrip() if q.setup else "",
            hint=self.variant.fill(q.hint),
            choices=choices,
            params=dict(self.variant.params),
            code_runs=self.code_runs,
            code_note=self.code_note,
            truth=self.truth.current().state,
            compare=q.compare,
            variables=tuple(sorted(q.variables)),
            auto_graded=self.ref.auto_graded and self.truth.current().state != "self_grade",
            demo_count=len(demos),
        )

    # -- judging ------------------------------------------------------------------------

    def judge_true_false(self, value: bool) -> Judgement:
        if self.ref.kind != "true_false":
            raise AnswerFormatError("this card is not a true/false statement")
        truth = self.truth.current()
        given = "true" if value else "false"
        if not truth.checkable:
            return Judgement(given, None, given, "—")
        return Judgement(given, value == truth.value, given, show(truth.value))

    def judge_choice(self, number: int) -> Judgement:
        q = self.ref.question
        if q.kind != "multiple_choice":
            raise AnswerFormatError("this card has no choices")
        if not 1 <= number <= len(self.order):
            raise AnswerFormatError(f"pick a choice from 1 to {len(self.order)}")
        choice = q.choices[self.order[number - 1]]
        right = [self.text(c.text) for c in q.choices if c.correct]
        return Judgement(choice.text, choice.correct, self.text(choice.text), " or ".join(right), chosen=number)

    def check_format(self, text: str) -> None:
        """Raise `AnswerFormatError` when ``text`` cannot be read as an answer to this card.

        Runs before the truth is known, so the student hears "type a shape" at once rather
        than after torch has finished.
        """
        q = self.ref.question
        if not text.strip():
            raise AnswerFormatError(f"type an answer: {self.view().answer_hint}")
        numeric = {k: float(v) for k, v in self.variant.params.items()
                   if isinstance(v, (int, float)) and not isinstance(v, bool)}
        if q.compare == "shape":
            parse_shape(text)
        elif q.compare == "numeric":
            parse_number(text, numeric)
        elif q.compare == "expression":
            try:
                evaluate(text, {n: (lo + hi) / 2 for n, (lo, hi) in q.variables.items()})
            except ExpressionError as exc:
                raise AnswerFormatError(f"{exc}: type an expression in {', '.join(sorted(q.variables))}") from None
        elif q.compare in ("exact", "one_of"):
            # What `exact` reads (a number, true/false, any text) depends on the truth: use it,
            # or the bank's declared answer, when one is known already.
            truth = self.truth.current()
            sample = truth.value if truth.checkable else declared_answer(q, self.variant)
            if sample is not None:
                check_answer(text, sample, compare=q.compare, tolerance=q.tolerance,
                             params=self.variant.params, variables=q.variables, digits=q.digits)

    def judge_typed(self, text: str, truth: Truth | None = None) -> Judgement:
        """Grade a typed answer against the truth (which must not be "computing")."""
        q = self.ref.question
        self.check_format(text)
        truth = truth or self.truth.current()
        if truth.state == "computing":
            raise RuntimeError("judge_typed needs the truth: wait for it first")
        if not truth.checkable:
            return Judgement(text.strip(), None, text.strip(), "—")
        verdict = check_answer(text, truth.value, compare=q.compare, tolerance=q.tolerance,
                               params=self.variant.params, variables=q.variables, digits=q.digits)
        return Judgement(text.strip(), verdict.correct, verdict.given, verdict.expected, verdict.note)

    def self_graded(self) -> Judgement:
        """An open question revealed (or a card with nothing to check against)."""
        return Judgement("", None, "", "—")

    def feedback(self, judgement: Judgement, intervals: dict[int, str]) -> Feedback:
        q, s = self.ref.question, self.ref.statement
        truth = self.truth.current()
        explain = s.explain if s is not None else q.explain
        if q.kind == "multiple_choice":
            notes = [q.choices[i].explain for i in self.order if q.choices[i].explain]
            explain = "\n\n".join(x for x in [*notes, explain] if x)
        correct = judgement.correct
        return Feedback(
            key=self.ref.key,
            kind=q.kind,
            correct=correct,
            given=judgement.given,
            expected=judgement.expected,
            note=judgement.note,
            truth_state=truth.state,
            truth_note=truth.note if q.kind == "computed" else "",
            explain=self.text(explain),
            model_answer=self.text(q.answer) if q.kind == "open" and isinstance(q.answer, str) else "",
            key_points=tuple(self.text(p) for p in q.key_points),
            default_rating=None if correct is None else (3 if correct else 1),
            intervals=intervals,
            correct_choices=tuple(n + 1 for n, i in enumerate(self.order) if q.choices[i].correct),
            chosen=judgement.chosen,
        )

    # -- demonstrations ----------------------------------------------------------------

    def start_demos(self) -> None:
        """Ask the engine for this card's demonstrations (once; after the answer)."""
        if self._demos is not None:
            return
        q, s = self.ref.question, self.ref.statement
        demos = s.demos if s is not None else q.demos
        self._demos = []
        for demo in demos:
            run = self.workspace.submit(snippet_job(q, demo.code, self.variant)) if self.code_runs else None
            self._demos.append((demo, run))

    def demo_runs(self) -> list[PendingRun]:
        """The runs still in flight or done (for front ends that wait on them)."""
        return [run for _demo, run in self._demos or () if run is not None]

    def demo_views(self) -> list[DemoView]:
        """The demonstrations as they stand now (never blocks)."""
        from quizapp.study.truth import failure_note

        out = []
        for demo, run in self._demos or ():
            code = self.variant.fill(demo.code.text).rstrip()
            title, explain = self.text(demo.title), self.text(demo.explain)
            if run is None:
                note = "shown, not run: " + (self.code_note or "the snippet engine is not running")
                out.append(DemoView(title, code, explain, "not_run", note=note))
                continue
            result = run.peek()
            if result is None:
                out.append(DemoView(title, code, explain, "running", note="running…"))
            elif result.ok:
                out.append(DemoView(title, code, explain, "done", stdout=result.stdout,
                                    charts=tuple(result.charts), duration_ms=result.duration_ms,
                                    images=tuple(result.images),
                                    note="cached result" if result.cached else f"ran in {result.duration_ms:.0f} ms"))
            else:
                out.append(DemoView(title, code, explain, "failed", stdout=result.stdout,
                                    error=result.error or "", note=failure_note(result),
                                    duration_ms=result.duration_ms))
        return out

    def cancel(self) -> None:
        """The card is leaving the screen: stop waiting on its runs."""
        if self.truth.run is not None and not self.truth.run.done():
            self.truth.run.cancel()
        for run in self.demo_runs():
            if not run.done():
                run.cancel()
