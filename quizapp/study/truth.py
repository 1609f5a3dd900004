"""What a card's answer is checked against.

- true/false and multiple choice: the bank's declared answer.
- computed with `compute`, bank trusted and engine usable: what torch computes live (asked
  for as soon as the card is shown, so it is usually ready before the student answers).
- computed, code not run (untrusted bank, engine off or unavailable) or the snippet failed:
  the declared `answer` (or the `example` for this variant's parameters), marked "not
  verified"; with no declared answer, the student grades themselves.
- computed without `compute`: the declared answer is the truth.
- open: the student grades themselves against the model answer.

The truth that needs no code is each kind's judge's (`quizapp.study.judges`); this module
handles the code's truth and its fallbacks.
"""

from __future__ import annotations

from typing import Any, Literal

from quizapp.banks import Question, Variant
from quizapp.grading import from_typed, show
from quizapp.records import Record
from quizapp.study.runs import PendingRun, first_line

TruthState = Literal["computing", "ready", "failed", "not_verified", "declared", "self_grade"]

# States in which a typed answer can be checked automatically.
CHECKABLE: tuple[TruthState, ...] = ("ready", "not_verified", "declared")


class Truth(Record, frozen=True):
    """The truth of one review of a card, or why there is none yet."""

    state: TruthState
    value: Any = None
    note: str = ""  # for the student: where the truth came from, or why it is missing
    duration_ms: float | None = None  # how long torch took, when it computed it
    cached: bool = False

    @property
    def checkable(self) -> bool:
        return self.state in CHECKABLE

    def shown(self, compare: str = "exact") -> str:
        return show(self.value, compare) if self.checkable else "—"


def declared_answer(question: Question, variant: Variant) -> Any:
    """The bank's own answer for this variant (None when it declares none)."""
    if question.params:
        for example in question.examples:
            if example.params == variant.params:
                return example.answer
        return None
    return question.answer


class PendingTruth:
    """A truth that may still be computing. Poll `current()`; `wait()` blocks (not on a UI thread)."""

    def __init__(self, question: Question, variant: Variant, first: Truth, run: PendingRun | None = None) -> None:
        self.question = question
        self.variant = variant
        self._truth = first
        self.run = run
        self.run_failed = ""  # why the code failed, once it has (the truth then falls back)

    def done(self) -> bool:
        return self.run is None or self.run.done()

    def current(self) -> Truth:
        """The truth now: "computing" until the engine answers (never blocks)."""
        if self.run is not None and self.run.done() and self._truth.state == "computing":
            self._truth = self._resolve(self.run.wait())
        return self._truth

    def wait(self) -> Truth:
        """The truth, once the engine has answered or given up (blocks)."""
        if self.run is not None and self._truth.state == "computing":
            self._truth = self._resolve(self.run.wait())
        return self._truth

    def _resolve(self, result: Any) -> Truth:
        if result.ok:
            how = "cached result" if result.cached else f"computed live by torch in {result.duration_ms:.0f} ms"
            return Truth("ready", from_typed(result.value), how, result.duration_ms, result.cached)
        why = _failure_words(result)
        if not why.startswith("the snippet "):  # the limits' own words already say so
            why = f"the snippet failed ({why})"
        self.run_failed = why
        return fallback_truth(self.question, self.variant, why, failed=True)


def _failure_words(result: Any) -> str:
    """The engine's own words for what went wrong (its limit messages say which limit), or
    the name of the limit when it gave none."""
    gist = first_line(result.error)
    if gist != "unknown error":
        return gist
    limits = {"time": "time limit reached", "memory": "memory limit reached",
              "output": "too much output", "crash": "it crashed", "engine": "engine problem"}
    return limits.get(result.limit or "", gist)


def fallback_truth(question: Question, variant: Variant, why: str, *, failed: bool = False) -> Truth:
    """The truth when the code cannot give it (``failed``: it ran and failed): the declared
    answer, or self-grading."""
    declared = declared_answer(question, variant)
    if declared is not None:
        return Truth("not_verified", declared, f"not verified: {why}; checked against the bank's declared answer.")
    return Truth("failed" if failed else "self_grade",
                 note=f"cannot check automatically: {why}, and the bank declares no answer — grade yourself")


def failure_note(result: Any) -> str:
    """How a failed demonstration is described."""
    return _failure_words(result)
