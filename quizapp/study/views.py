"""What a front end shows: plain, immutable snapshots made by the sessions.

Text fields are Markdown whose math is already rendered to Unicode and whose ``{{param}}``
placeholders are already filled with this review's variant.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from quizapp.banks.kinds import KindInfo, kind_info
from quizapp.records import Record, field
from quizapp.study.truth import TruthState

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


class CardView(Record, frozen=True):
    """One card as shown before it is answered."""

    key: str
    kind: str  # a `quizapp.banks.kinds.Kind` name
    bank_id: str
    bank_title: str
    topic: str
    title: str
    stem: str  # true/false: the shared stem; otherwise ""
    prompt: str  # true/false: the statement; otherwise the question
    setup: str  # Python shown with the question ("" when none)
    hint: str
    choices: tuple[str, ...]  # multiple choice, in this review's order (1-based keys)
    params: dict[str, Any]  # this review's variant ({} when not parametrised)
    code_runs: bool  # whether this bank's code is run (else it is shown, not run)
    code_note: str  # why not, when it is not run ("" otherwise)
    truth: TruthState  # state of the truth when the view was made
    compare: str  # computed: exact | shape | numeric | one_of | expression
    variables: tuple[str, ...]  # computed `expression`: the names the answer may use
    auto_graded: bool  # False: the student grades themselves (open, or no answer known)
    demo_count: int  # demonstrations to run after the answer
    hint_count: int = 0  # hints the student may ask for, one at a time, before answering
    declared_variant: bool = False  # the variant is one of the bank's examples (its code does not run)
    topic_name: str = ""  # the topic as screens name it (`Catalog.topic_name`); "" : the topic id

    @property
    def form(self) -> KindInfo:
        """How this card is answered, from its kind's one definition (`.typed`, `.has_choices`,
        `.self_graded`, `.true_or_false`): screens ask this, not the kind's name."""
        return kind_info(self.kind)

    @property
    def where(self) -> str:
        """``bank title · topic · card title``, the topic left out when the bank's title is
        already its name (a bank about one topic)."""
        topic = self.topic_name or self.topic
        parts = [self.bank_title] + ([topic] if not self.bank_title.endswith(topic) else []) + [self.title]
        return " · ".join(parts)

    @property
    def variant_line(self) -> str:
        """``This variant: k = 3, s = 2`` ("" when the question has no parameters)."""
        if not self.params:
            return ""
        values = ", ".join(f"{k} = {v}" for k, v in self.params.items())
        if self.declared_variant:
            return f"This variant: {values} (an example the bank gives the answer of: its code is not run)"
        return f"This variant: {values}"

    @property
    def answer_hint(self) -> str:
        """What to type, for computed questions: the bank's hint or one from the comparison."""
        if self.hint:
            return self.hint
        return {
            "shape": "a shape such as (1, 32, 122, 122)",
            "numeric": "a number or arithmetic such as 2*ln(2)",
            "expression": "an expression in " + ", ".join(self.variables) if self.variables else "an expression",
            "one_of": "a number, word or phrase",
        }.get(self.compare, "a number, word or phrase")


def digest_line(view: CardView) -> str:
    """The question in one line, kept in view while the student grades (the card itself may
    have scrolled away): its title, this variant's parameters, and the prompt's words."""
    prompt = " ".join(_MARKUP.sub("", view.prompt).split())
    variant = " (" + ", ".join(f"{k} = {v}" for k, v in view.params.items()) + ")" if view.params else ""
    stem = " ".join(_MARKUP.sub("", view.stem).split())
    return f"Q · {view.title}{variant}: " + (f"{stem} {prompt}" if stem else prompt)


_MARKUP = re.compile(r"\*\*|__|`|^#+ ", re.MULTILINE)


class DemoView(Record, frozen=True):
    """A demonstration after the reveal: its code, and what running it gave (if it ran)."""

    title: str
    code: str
    explain: str
    state: str  # "running" | "done" | "failed" | "not_run"
    stdout: str = ""
    error: str = ""
    note: str = ""  # e.g. "shown, not run: the bank is not trusted"
    charts: tuple[dict, ...] = ()
    duration_ms: float | None = None
    images: tuple[dict, ...] = ()  # figures (see quizapp.snippets.images), drawn after the reveal


class Feedback(Record, frozen=True):
    """What the student sees after answering (or revealing), before grading."""

    key: str
    kind: str
    correct: bool | None  # None: self-graded (open, or nothing to check against)
    given: str  # what we understood the student answered
    expected: str  # the right answer, as shown
    note: str  # e.g. "off by 3.2%"
    truth_state: TruthState
    truth_note: str  # where the truth came from ("computed live by torch in 31 ms", "not verified: …")
    explain: str
    model_answer: str
    key_points: tuple[str, ...]
    default_rating: int | None  # the judge's suggestion (`Judge.suggested_rating`): Good, Hard or Again; None: choose
    intervals: dict[int, str]  # rating → "10m", "3d"…
    correct_choices: tuple[int, ...] = ()  # multiple choice: 1-based positions that are right
    chosen: int | None = None  # multiple choice: the position picked
    diagnosis: str = ""  # the typical mistake the answer matches, or what is right about it
    hints: tuple[str, ...] = ()  # hints shown before answering
    tries: int = 1  # typed answers given (2: right or wrong on the second try)
    retry: bool = False  # wrong, and one more try is allowed: the answer is not shown yet

    @property
    def verdict(self) -> str:
        """Right/wrong in words and a mark (never colour alone)."""
        if self.retry:
            return "✗ Not yet"
        if self.correct is None:
            return "Grade yourself"
        if self.correct and self.tries > 1:
            return "✓ Right on the second try"
        return "✓ Right" if self.correct else "✗ Wrong"

    def grade_label(self, rating: int) -> str:
        """The label of a grade key: ``1 Again · 10m`` (``1 Again`` where grades move no
        schedule: cram, drills)."""
        interval = self.intervals.get(rating)
        return f"{rating} {RATING_NAMES[rating]}" + (f" · {interval}" if interval else "")


class SessionProgress(Record, frozen=True):
    """The progress line: answered in this session, and what is left."""

    done: int
    left: int
    right: int  # of `checked`
    checked: int  # answers the app graded itself (self-graded ones are not right or wrong)


class SessionSummary(Record, frozen=True):
    """The end of a study session."""

    mode: str
    answered: int
    right: int  # auto-graded answers that were right
    auto_graded: int  # answers the app graded itself
    ratings: dict[int, int]  # rating → how many times given
    seconds: float
    next_due: datetime | None  # the earliest due date among the cards still scheduled
    due_tomorrow: int | None
    by_topic: dict[str, tuple[int, int]] = field(default_factory=dict)  # topic → (answered, Again)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.auto_graded if self.auto_graded else None
