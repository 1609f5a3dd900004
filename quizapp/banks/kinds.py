"""The kinds of question, defined once: each kind's name, label, description and key hints.

The schema, the loader, both front ends (the TUI and plain mode) and the exam look a kind's
words up here rather than writing their own table, so a new kind is added here first and a
layer that forgets it fails `tests/banks/test_kinds.py`.

`Kind` is a `StrEnum`: its members equal the plain strings a bank file holds
(``Kind.TRUE_FALSE == "true_false"``), so records keep the string they were read with.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

# The names as a type, for the records (`Question.kind`): mypy checks every comparison with it.
KindName = Literal["true_false", "open", "computed", "multiple_choice"]


class Kind(StrEnum):
    TRUE_FALSE = "true_false"
    OPEN = "open"
    COMPUTED = "computed"
    MULTIPLE_CHOICE = "multiple_choice"


class KindInfo(NamedTuple):
    label: str  # after the card's title: "… — true or false"
    description: str  # the schema's description of a question of this kind
    auto_graded: bool  # graded without the student's own judgement (an exam can score it alone)
    study_keys: str  # the key hint under a card in study
    exam_keys: str  # the key hint under a card in an exam


INFO: dict[Kind, KindInfo] = {
    Kind.TRUE_FALSE: KindInfo(
        label="true or false",
        description="A true/false question: statements under a stem",
        auto_graded=True,
        study_keys="Press t (true) or f (false).",
        exam_keys="Press t (true) or f (false); s skips.",
    ),
    Kind.OPEN: KindInfo(
        label="open question",
        description="An open question: a model answer and key points, self-graded",
        auto_graded=False,
        study_keys="Think of your answer, then press space to reveal the model answer.",
        exam_keys="Write your answer, or just think it through, then ctrl+n: next question. "
                  "You grade it yourself at the end.",
    ),
    Kind.COMPUTED: KindInfo(
        label="computed",
        description="A computed question: a typed answer checked against the truth torch computes",
        auto_graded=True,
        study_keys="Type your answer and press enter (escape leaves the box, enter comes back).",
        exam_keys="Type your answer and press enter (empty: skip; escape leaves the box, enter comes back).",
    ),
    Kind.MULTIPLE_CHOICE: KindInfo(
        label="multiple choice",
        description="A multiple-choice question",
        auto_graded=True,
        study_keys="Press the number of your choice (or click it).",
        exam_keys="Press the number of your choice; s skips.",
    ),
}

NAMES: tuple[str, ...] = tuple(k.value for k in Kind)
AUTO_GRADED: frozenset[str] = frozenset(k.value for k, info in INFO.items() if info.auto_graded)


def kind_info(name: str) -> KindInfo:
    """The words of the kind called ``name`` (ValueError for a name no kind has)."""
    return INFO[Kind(name)]


def kind_label(name: str) -> str:
    """A kind's label, or its name when no kind has it (a card from a newer bank format)."""
    return INFO[Kind(name)].label if name in NAMES else name
