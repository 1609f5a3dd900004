"""One showing of one card: its variant, its choice order, its truth, and judging an answer.

Shared by study and exam sessions, so a card looks and is graded the same way in both.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from quizapp.banks import Variant, draw_variant
from quizapp.banks.variants import declared_variant
from quizapp.grading import AnswerFormatError, check_answer, parse_shape, show
from quizapp.grading.compare import parse_number
from quizapp.grading.expr import ExpressionError, evaluate
from quizapp.records import Record
from quizapp.snippets.jobs import snippet_job
from quizapp.study.catalog import CardRef
from quizapp.study.judges import judge_for
from quizapp.study.runs import PendingRun
from quizapp.study.text import render_text
from quizapp.study.truth import PendingTruth, Truth, declared_answer, fallback_truth
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
    diagnosis: str = ""  # which typical mistake gives this answer, or what is right about it
    near_miss: bool = False  # the diagnosis is partial understanding (suggests Hard, not Again)


MAX_REDRAWS = 3  # a variant whose code fails is replaced by another at most this many times


class Review:
    """A card being shown: built when it comes up, forgotten once it is graded."""

    def __init__(self, workspace: Workspace, ref: CardRef, seed: int) -> None:
        self.ref = ref
        self.seed = seed
        self.workspace = workspace
        question = ref.question
        self.judge = judge_for(question.kind)  # chosen once: everything kind-specific asks it
        self.code_runs, self.code_note = workspace.code_status(ref.bank)
        # Code that does not run (an untrusted bank, code off) computes no answer: show a
        # variant the bank declares the answer of, rather than one nobody can check.
        declared = None if self.code_runs else declared_variant(question, seed)
        self.variant: Variant = declared or draw_variant(question, seed)
        self.declared_variant = declared is not None
        self.order = list(range(len(question.choices)))
        if question.shuffle and len(self.order) > 1:
            random.Random(f"{ref.key}/{seed}").shuffle(self.order)
        self.mistake_runs: list[PendingRun | None] = []
        self.truth = self._start_truth()
        self.redraws = 0
        self._broken: list[dict[str, Any]] = []  # parameters of variants whose code failed
        self.hints_shown = 0
        self.tries = 0  # wrong typed answers already given (a second try was granted)
        self._demos: list[tuple[Any, PendingRun | None]] | None = None

    # -- the truth ---------------------------------------------------------------------

    def _start_truth(self) -> PendingTruth:
        q = self.ref.question
        if q.compute is None:
            answer = self.ref.statement.answer if self.ref.statement else None
            return PendingTruth(q, self.variant, self.judge.static_truth(q, self.variant, answer))
        if not self.code_runs:
            return PendingTruth(q, self.variant, fallback_truth(q, self.variant, self.code_note))
        run = self.workspace.submit(snippet_job(q, q.compute, self.variant))
        if run is None:  # the engine refused the job (closed, or gone)
            return PendingTruth(q, self.variant, fallback_truth(q, self.variant, "the snippet engine is not running"))
        # Typical mistakes are computed with the truth (same engine, same cache), so they are
        # ready when the answer is typed.
        self.mistake_runs = [self.workspace.submit(snippet_job(q, m.code, self.variant)) for m in q.mistakes]
        return PendingTruth(q, self.variant, Truth("computing", note="computing…"), run)

    def current_truth(self) -> Truth:
        self._redraw_if_broken()
        return self.truth.current()

    def _redraw_if_broken(self) -> None:
        """A parametrised card whose truth code failed in this variant draws another (a few
        times), so a broken variant is never shown; each failure is listed with the bank
        problems. Only before the card is answered: an answer belongs to its variant."""
        q = self.ref.question
        while (q.params and self.redraws < MAX_REDRAWS and self.tries == 0 and self.truth.done()
               and self.truth.current() is not None and self.truth.run_failed):
            params = ", ".join(f"{k}={v}" for k, v in self.variant.params.items())
            assert q.compute is not None
            self.workspace.report_broken_variant(
                str(q.compute.path), q.compute.line,
                f"{q.id} ({params}): {self.truth.run_failed}; another variant was drawn")
            for run in self.mistake_runs:
                if run is not None:
                    run.cancel()
            self.redraws += 1
            self._broken.append(self.variant.params)
            rng = random.Random(f"{self.ref.key}/{self.seed}/redraw")
            for _attempt in range(50):  # another variant than the broken ones, where there is one
                self.seed = rng.randrange(2**31)
                self.variant = draw_variant(q, self.seed)
                if self.variant.params not in self._broken:
                    break
            self.truth = self._start_truth()

    def ready(self) -> bool:
        """The truth and the typical mistakes' values are all in (never blocks)."""
        return self.truth.done() and all(run is None or run.done() for run in self.mistake_runs)

    def wait_ready(self) -> Truth:
        """Wait for the truth and the mistakes' values (blocks: a worker thread or plain mode)."""
        truth = self.truth.wait()
        for run in self.mistake_runs:
            if run is not None:
                run.wait()
        return truth

    def mistake_values(self) -> list[tuple[Any, str]]:
        """(value, feedback) of each mistake whose code has run; a failed or pending one: None."""
        from quizapp.grading import from_typed

        out = []
        for mistake, run in zip(self.ref.question.mistakes, self.mistake_runs):
            result = run.peek() if run is not None else None
            out.append((from_typed(result.value) if result is not None and result.ok else None, mistake.feedback))
        return out

    # -- hints and tries -----------------------------------------------------------------

    def next_hint(self) -> str | None:
        """The next hint (rendered), or None when all have been shown."""
        hints = self.ref.question.hints
        if self.hints_shown >= len(hints):
            return None
        self.hints_shown += 1
        return self.text(hints[self.hints_shown - 1])

    def shown_hints(self) -> list[str]:
        return [self.text(h) for h in self.ref.question.hints[: self.hints_shown]]

    def second_try_allowed(self, setting: bool | None = None) -> bool:
        """Whether a wrong typed answer gets one more try: the session's setting, else the
        question's `second_try`, else the bank's."""
        q = self.ref.question
        if not self.judge.typed or self.tries >= 1:
            return False
        if setting is not None:
            return setting
        return q.second_try if q.second_try is not None else self.ref.bank.second_try

    # -- what is shown -------------------------------------------------------------------

    def text(self, markdown: str) -> str:
        return render_text(markdown, self.ref.bank.macros, self.variant)

    def view(self) -> CardView:
        self._redraw_if_broken()
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
            hint_count=len(q.hints),
            declared_variant=self.declared_variant,
            topic_name=self.workspace.catalog.topic_name(q.topic),
        )

    # -- judging ------------------------------------------------------------------------

    def judge_true_false(self, value: bool) -> Judgement:
        self.judge.check_true_false()
        truth = self.truth.current()
        given = "true" if value else "false"
        if not truth.checkable:
            return Judgement(given, None, given, "—")
        return Judgement(given, value == truth.value, given, show(truth.value))

    def judge_choice(self, number: int) -> Judgement:
        q = self.ref.question
        self.judge.check_choice()
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
        elif q.compare == "tensor":
            from quizapp.grading.tensors import TensorFormatError, parse_tensor

            try:
                parse_tensor(text)
            except TensorFormatError as exc:
                raise AnswerFormatError(str(exc)) from None
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
        diagnosis, near = ("", False) if verdict.correct else self.diagnose(text, truth)
        note = verdict.note
        if diagnosis and note.startswith("off by"):  # the named mistake or factor says more than a %
            note = ""
        return Judgement(text.strip(), verdict.correct, verdict.given, verdict.expected, note,
                         diagnosis=diagnosis, near_miss=near)

    def diagnose(self, text: str, truth: Truth, reveal: bool = True) -> tuple[str, bool]:
        """For a wrong typed answer: the feedback of the typical mistake it equals, else what
        is right about it (a near miss), else nothing. (text, is it a near miss). ``reveal``
        False (before a second try): the words do not give the answer away."""
        from quizapp.grading.mistakes import fill_feedback, matching_mistake
        from quizapp.grading.partial import near_miss

        q = self.ref.question
        mistakes = self.mistake_values() if truth.state == "ready" else []
        index = matching_mistake(text, mistakes, compare=q.compare, tolerance=q.tolerance,
                                 params=self.variant.params, variables=q.variables)
        if index is not None:
            value, feedback = mistakes[index]
            filled = fill_feedback(feedback, self.variant.params, value, truth.value, q.compare, reveal)
            return self.text(filled).strip(), False
        line = near_miss(text, truth.value, compare=q.compare, factors=q.factors, params=self.variant.params,
                         tolerance=q.tolerance, variables=q.variables, reveal=reveal)
        return (line, True) if line else ("", False)

    def self_graded(self) -> Judgement:
        """An open question revealed (or a card with nothing to check against)."""
        return Judgement("", None, "", "—")

    def feedback(self, judgement: Judgement, intervals: dict[int, str]) -> Feedback:
        q, s = self.ref.question, self.ref.statement
        truth = self.truth.current()
        explain = self.judge.explain(self, s.explain if s is not None else q.explain)
        correct = judgement.correct
        rating = self.judge.suggested_rating(correct, helped=self.hints_shown > 0 or self.tries > 0,
                                             near_miss=judgement.near_miss, near_miss_grade=q.near_miss_grade)
        return Feedback(
            key=self.ref.key,
            kind=q.kind,
            correct=correct,
            given=judgement.given,
            expected=judgement.expected,
            note=judgement.note,
            truth_state=truth.state,
            truth_note=self.judge.truth_note(truth),
            explain=self.text(explain),
            model_answer=self.judge.model_answer(self),
            key_points=tuple(self.text(p) for p in q.key_points),
            default_rating=None if rating is None else int(rating),
            diagnosis=judgement.diagnosis,
            hints=tuple(self.shown_hints()),
            tries=self.tries + 1 if self.judge.typed and judgement.response else 1,
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
        for run in [*self.demo_runs(), *(r for r in self.mistake_runs if r is not None)]:
            if not run.done():
                run.cancel()
