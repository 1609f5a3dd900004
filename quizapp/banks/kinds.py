"""The kinds of question, defined once: each kind's name, label, description, how it is
answered and its key hints.

The schema, the loader, both front ends (the TUI and plain mode) and the exam look a kind's
words and behaviour up here rather than testing its name, so a new kind is added here first;
a layer that forgets it fails `tests/study/test_every_kind.py`. Its judge (what its answer is
checked against, the grade an answer suggests) is in `quizapp.study.judges`.

`Kind` is a `StrEnum`: its members equal the plain strings a bank file holds
(``Kind.TRUE_FALSE == "true_false"``), so records keep the string they were read with.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

# The names as a type, for the records (`Question.kind`): mypy checks every comparison with it.
KindName = Literal["true_false", "open", "computed", "multiple_choice"]

# How a student answers a card: t or f; a choice's number; typed text checked against the
# truth; or nothing to check (reveal the model answer, then grade oneself). Front ends offer
# keys by this, not by the kind, so a new kind that is answered in one of these ways needs
# no front-end change.
AnswerForm = Literal["true_false", "choice", "typed", "self_graded"]


class Kind(StrEnum):
    TRUE_FALSE = "true_false"
    OPEN = "open"
    COMPUTED = "computed"
    MULTIPLE_CHOICE = "multiple_choice"

    @property
    def info(self) -> KindInfo:
        return INFO[self]


class KindInfo(NamedTuple):
    label: str  # after the card's title: "… — true or false"
    noun: str  # in the schema's words: "a true/false question"
    description: str  # the schema's description of a question of this kind
    answer: AnswerForm  # how the student answers a card of this kind
    study_keys: str  # the key hint under a card in study
    exam_keys: str  # the key hint under a card in an exam
    per_statement: bool = False  # each of its statements is a card of its own (one stem, many cards)

    @property
    def auto_graded(self) -> bool:
        """Graded without the student's own judgement (an exam can score it alone)."""
        return self.answer != "self_graded"

    @property
    def self_graded(self) -> bool:
        """The student grades it against the model answer (an exam asks for that at the end)."""
        return self.answer == "self_graded"

    @property
    def typed(self) -> bool:
        """Answered by typing text (an answer box, format checks, a second try)."""
        return self.answer == "typed"

    @property
    def true_or_false(self) -> bool:
        """Answered with t or f."""
        return self.answer == "true_false"

    @property
    def has_choices(self) -> bool:
        """Answered by a choice's number (its choices are shown numbered, maybe shuffled)."""
        return self.answer == "choice"


INFO: dict[Kind, KindInfo] = {
    Kind.TRUE_FALSE: KindInfo(
        label="true or false",
        noun="a true/false question",
        description="A true/false question: statements under a stem",
        answer="true_false",
        study_keys="Press t (true) or f (false).",
        exam_keys="Press t (true) or f (false); s skips.",
        per_statement=True,
    ),
    Kind.OPEN: KindInfo(
        label="open question",
        noun="an open question",
        description="An open question: a model answer and key points, self-graded",
        answer="self_graded",
        study_keys="Think of your answer, then press space to reveal the model answer.",
        exam_keys="Write your answer, or just think it through, then ctrl+n: next question. "
                  "You grade it yourself at the end.",
    ),
    Kind.COMPUTED: KindInfo(
        label="computed",
        noun="a computed question",
        description="A computed question: a typed answer checked against the truth torch computes",
        answer="typed",
        study_keys="Type your answer and press enter (escape leaves the box, enter comes back).",
        exam_keys="Type your answer and press enter (empty: skip; escape leaves the box, enter comes back).",
    ),
    Kind.MULTIPLE_CHOICE: KindInfo(
        label="multiple choice",
        noun="a multiple choice question",
        description="A multiple-choice question",
        answer="choice",
        study_keys="Press the number of your choice (or click it).",
        exam_keys="Press the number of your choice; s skips.",
    ),
}

NAMES: tuple[str, ...] = tuple(k.value for k in Kind)


def kind_info(name: str) -> KindInfo:
    """The words of the kind called ``name`` (ValueError for a name no kind has)."""
    return INFO[Kind(name)]


def kind_label(name: str) -> str:
    """A kind's label, or its name when no kind has it (a card from a newer bank format)."""
    return INFO[Kind(name)].label if name in NAMES else name
