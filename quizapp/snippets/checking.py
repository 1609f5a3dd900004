"""What `quizapp check` runs for a bank, and how each result is judged.

For every question: the ``compute`` snippet (once, or once per declared example and for
seeded variants of a parametrised question — 20 by default), its ``cross_check`` and its
typical ``mistakes`` on the same variants, each statement's ``verify`` code and every demo.
A computed value must equal the declared answer where one is declared (compared the way the
question's ``compare`` says), a cross-check must agree with its compute, every snippet must
run without error, and a variant must not degenerate (a zero or negative size, a NaN, or the
same answer in every variant). A mistake that gives the right answer is a warning: its
feedback would be wrong (a mistake's code returns None where the error makes no difference).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.records import MutableRecord, replace
from quizapp.snippets.model import SnippetJob, SnippetResult

if TYPE_CHECKING:
    from quizapp.banks import Bank, Code, Question, Statement, Variant

NOTHING = object()  # no declared answer to compare with


class CheckItem(MutableRecord):
    """One snippet run planned by `quizapp check`."""

    bank: Bank
    question: Question
    role: str  # compute | cross_check | verify | demo
    code: Code
    variant: Variant
    statement: Statement | None = None
    expected: Any = NOTHING
    line: int = 0  # where the declared answer (or the question) is written
    title: str = ""
    index: int = 0  # mistakes: which one

    @property
    def job(self) -> SnippetJob:
        """The job to run: check always runs the code (the point is what the current torch
        computes), never the cached answer."""
        from quizapp.snippets.jobs import snippet_job

        return replace(snippet_job(self.question, self.code, self.variant), use_cache=False)

    @property
    def where(self) -> str:
        """``question-id`` or ``question-id/statement-id``, with the variant's parameters."""
        name = self.question.id + (f"/{self.statement.id}" if self.statement else "")
        if self.variant.params:
            name += " (" + ", ".join(f"{k}={v}" for k, v in self.variant.params.items()) + ")"
        return name


class CheckOutcome(MutableRecord):
    """A planned run, its result, and the verdict."""

    item: CheckItem
    result: SnippetResult
    passed: bool
    message: str = ""  # the failure line, ``path:line: question-id: …``
    computed: str = ""
    expected: str = ""
    warning: str = ""  # passed, but something to fix (a mistake equal to the truth)

    def to_dict(self) -> dict[str, Any]:
        item = self.item
        return {
            "bank": item.bank.id,
            "path": str(item.code.path),
            "line": item.line,
            "code_line": item.code.line,
            "question": item.question.id,
            "statement": item.statement.id if item.statement else None,
            "role": item.role,
            "title": item.title,
            "params": item.variant.params or None,
            "seed": item.job.seed,
            "passed": self.passed,
            "ok": self.result.ok,
            "limit": self.result.limit,
            "error": self.result.error,
            "duration_ms": round(self.result.duration_ms, 2),
            "cached": self.result.cached,
            "value": self.result.value,
            "computed": self.computed,
            "expected": self.expected if item.expected is not NOTHING or item.role == "cross_check" else None,
            "charts": len(self.result.charts),
            "message": self.message,
            "warning": self.warning,
        }


DEFAULT_VARIANTS = 20


def plan(bank: Bank, seeded_variants: int = DEFAULT_VARIANTS, start: int = 0) -> list[CheckItem]:
    """Every snippet run that checks ``bank``; with ``start`` > 0, only the seeded variants
    from ``start`` on (a later round of a check that runs in rounds under a time budget)."""
    from quizapp.banks import Variant, variants

    items: list[CheckItem] = []
    for q in bank.questions:
        if q.compute is not None:
            runs: list[tuple[Variant, Any, int]] = []
            if q.is_parametrised:
                if start == 0:
                    runs += [(Variant(0, dict(e.params)), e.answer, e.line) for e in q.examples]
                covered = [e.params for e in q.examples]
                runs += [(v, NOTHING, q.line) for v in variants(q, seeded_variants)[start:]
                         if v.params not in covered]  # an example already covers it
            elif start == 0:
                declared = q.answer if q.answer is not None else NOTHING
                runs.append((Variant(0), declared, q.line))
            for variant, expected, line in runs:
                items.append(CheckItem(bank, q, "compute", q.compute, variant,
                                       expected=expected, line=line))
                if q.cross_check is not None:
                    items.append(CheckItem(bank, q, "cross_check", q.cross_check, variant,
                                           line=q.cross_check.line))
                for index, mistake in enumerate(q.mistakes):
                    items.append(CheckItem(bank, q, "mistake", mistake.code, variant,
                                           line=mistake.code.line, index=index))
        if start > 0:
            continue
        for statement in q.statements:
            if statement.verify is not None:
                expected = statement.answer if statement.answer is not None else NOTHING
                items.append(CheckItem(bank, q, "verify", statement.verify, Variant(0),
                                       statement=statement, expected=expected,
                                       line=statement.line or q.line))
            for demo in statement.demos:
                items.append(CheckItem(bank, q, "demo", demo.code, Variant(0),
                                       statement=statement, line=demo.code.line, title=demo.title))
        demo_variant = variants(q, 1)[0] if q.is_parametrised else Variant(0)
        for demo in q.demos:
            items.append(CheckItem(bank, q, "demo", demo.code, demo_variant,
                                   line=demo.code.line, title=demo.title))
    return items


def judge(items: list[CheckItem], results: list[SnippetResult]) -> list[CheckOutcome]:
    """Compare each result with what it must equal; one outcome per item, in order."""
    from quizapp.grading.compare import compare_values, from_typed, show

    computes: dict[tuple[str, str, tuple], SnippetResult] = {}
    for item, result in zip(items, results):
        if item.role == "compute":
            computes[_pair_key(item)] = result
    outcomes = []
    for item, result in zip(items, results):
        q = item.question
        prefix = f"{item.code.path}:{item.line}: {item.where}"
        if not result.ok:
            reason = _gist(result.error) if result.limit is None else (result.error or result.limit)
            outcomes.append(CheckOutcome(item, result, False,
                                         f"{prefix}: {item.role} failed: {reason}"))
            continue
        computed = from_typed(result.value)
        if item.role == "mistake":
            outcomes.append(_judge_mistake(item, result, computed, computes.get(_pair_key(item)), prefix))
            continue
        if item.role == "cross_check":
            reference = computes.get(_pair_key(item))
            if reference is None or not reference.ok:
                outcomes.append(CheckOutcome(item, result, True, "", show(computed, q.compare)))
                continue
            truth = from_typed(reference.value)
            agree = compare_values(computed, truth, compare=q.compare, tolerance=q.tolerance,
                                   variables=q.variables)
            message = "" if agree else (f"{prefix}: cross_check computed {show(computed, q.compare)}"
                                        f", compute computed {show(truth, q.compare)}")
            outcomes.append(CheckOutcome(item, result, agree, message, show(computed, q.compare),
                                         show(truth, q.compare)))
            continue
        if item.expected is NOTHING:
            outcomes.append(CheckOutcome(item, result, True, "", show(computed, q.compare)))
            continue
        compare = "exact" if item.role == "verify" else q.compare
        agree = compare_values(computed, item.expected, compare=compare, tolerance=q.tolerance,
                               variables=q.variables)
        expected_text, computed_text = show(item.expected, compare), show(computed, compare)
        message = "" if agree else f"{prefix}: expected {expected_text}, computed {computed_text}"
        outcomes.append(CheckOutcome(item, result, agree, message, computed_text, expected_text))
    return outcomes


def _judge_mistake(item: CheckItem, result: SnippetResult, computed: Any, reference: SnippetResult | None,
                   prefix: str) -> CheckOutcome:
    """A mistake passes when it ran; it warns when it gives the truth (None: not applicable)."""
    from quizapp.grading.compare import from_typed, show
    from quizapp.grading.mistakes import mistake_equals_truth

    q = item.question
    shown = show(computed, q.compare)
    if computed is None or reference is None or not reference.ok:
        return CheckOutcome(item, result, True, "", shown)
    truth = from_typed(reference.value)
    if mistake_equals_truth(computed, truth, compare=q.compare, tolerance=q.tolerance, variables=q.variables):
        return CheckOutcome(item, result, True, "", shown, show(truth, q.compare),
                            warning=f"{prefix}: mistake {item.index + 1} gives the right answer "
                                    f"({shown}): its feedback would be wrong here (return None where "
                                    "the error makes no difference)")
    return CheckOutcome(item, result, True, "", shown, show(truth, q.compare))


def degenerate(outcomes: list[CheckOutcome], constant: list[str] | None = None) -> list[str]:
    """Variants that degenerate: a zero or negative size, a NaN or infinity. A question with
    one answer in every seeded variant is added to ``constant`` (a warning: its parameters
    teach nothing, unless showing that the answer does not depend on them is the point)."""
    from quizapp.grading.compare import from_typed, show

    found: list[str] = []
    constant = constant if constant is not None else found
    answers: dict[tuple[str, str], tuple[CheckItem, set[str]]] = {}
    for outcome in outcomes:
        item = outcome.item
        if item.role != "compute" or not outcome.result.ok:
            continue
        q = item.question
        value = from_typed(outcome.result.value)
        prefix = f"{item.code.path}:{item.line}: {item.where}"
        shape = value.get("shape") if isinstance(value, dict) else value
        if q.compare == "shape" and isinstance(shape, (list, tuple)) and any(
                isinstance(d, int) and d <= 0 for d in shape):
            found.append(f"{prefix}: degenerate variant: a size of {show(shape, 'shape')} is zero or negative")
        if _has_nan(value):
            found.append(f"{prefix}: degenerate variant: the answer {show(value, q.compare)} is not a finite number")
        if q.is_parametrised:
            entry = answers.setdefault((item.bank.id, q.id), (item, set()))
            entry[1].add(show(value, q.compare))
    for (_bank, _qid), (item, shown) in answers.items():
        runs = sum(1 for o in outcomes if o.item.role == "compute" and o.item.question is item.question
                   and o.result.ok)
        if runs >= 3 and len(shown) == 1:
            constant.append(f"{item.code.path}:{item.question.line}: {item.question.id}: every one of {runs} "
                            f"variants has the answer {next(iter(shown))}: do the parameters matter?")
    return found


def _has_nan(value: Any) -> bool:
    import math

    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return any(_has_nan(v) for v in value)
    return False


def _pair_key(item: CheckItem) -> tuple[str, str, tuple]:
    return (item.bank.id, item.question.id, tuple(sorted(item.variant.params.items())))


def _gist(error: str | None) -> str:
    lines = [line.strip() for line in (error or "").splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"
