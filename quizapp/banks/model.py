"""What a loaded bank is: plain records, no I/O.

A `Bank` holds `Question`s; a true/false question holds `Statement`s, each its own card.
Code fields are `Code` objects that remember where they were written, so a traceback or a
syntax error can point at the line inside the YAML file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from quizapp.banks.kinds import Kind, KindInfo, KindName, kind_info
from quizapp.cards import CardInfo
from quizapp.records import MutableRecord, Record, field

Compare = Literal["exact", "shape", "numeric", "one_of", "expression", "tensor"]
SnippetRole = Literal["compute", "cross_check", "demo", "verify", "mistake"]
NearMissGrade = Literal["hard", "again"]

DEFAULT_TIME_LIMIT = 10.0
DEFAULT_TOLERANCE = (1e-9, 1e-3)  # (absolute, relative)


class Code(Record, frozen=True):
    """Python source from a bank, with the file and line of its first line."""

    text: str
    path: Path
    line: int

    def origin(self) -> tuple[str, int]:
        return (str(self.path), self.line)


class RunSettings(Record, frozen=True):
    """How a question's snippets run: time limit (s), seed, memory limit (MiB or None)."""

    time_limit: float = DEFAULT_TIME_LIMIT
    seed: int = 0
    memory_mb: int | None = None


class Demo(Record, frozen=True):
    title: str
    code: Code
    explain: str = ""


class Param(Record, frozen=True):
    """A parameter of a computed question: one of `choices`, or an integer in `range`."""

    name: str
    choices: tuple[Any, ...] | None = None
    range: tuple[int, int, int] | None = None  # low, high (inclusive), step

    def values(self) -> Sequence[Any]:
        """Every value, in order: a range is not materialised (a bank may give a million)."""
        if self.choices is not None:
            return self.choices
        assert self.range is not None
        low, high, step = self.range
        return range(low, high + 1, step)

    def describe(self) -> str:
        """The values as a reader wants them: ``[3, 5]``, or ``1..100`` (``1..99 step 2``)."""
        if self.choices is not None:
            return str(list(self.choices))
        assert self.range is not None
        low, high, step = self.range
        return f"{low}..{high}" + (f" step {step}" if step != 1 else "")


class Example(Record, frozen=True):
    """A declared answer of a parametrised question at fixed parameters."""

    params: dict[str, Any]
    answer: Any
    line: int


class Mistake(Record, frozen=True):
    """A typical error of a computed question: code computing what that error gives for the
    current variant, and the feedback shown when the typed answer equals it."""

    code: Code
    feedback: str  # {{param}}, {{value}} (what the error gives) and {{answer}} are filled in


class Statement(Record, frozen=True):
    id: str
    text: str
    answer: bool | None
    explain: str = ""
    verify: Code | None = None
    demos: tuple[Demo, ...] = ()
    line: int = 0
    source: str = ""  # where the statement comes from, when not its question's source


class Choice(Record, frozen=True):
    text: str
    correct: bool = False
    explain: str = ""


class Question(Record, frozen=True):
    """One question of a bank. Which fields matter depends on `kind`."""

    id: str
    kind: KindName
    topic: str
    bank_id: str
    line: int
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # ids of questions whose answers give this one away
    title: str = ""
    prompt: str = ""
    stem: str = ""
    setup: Code | None = None
    explain: str = ""
    demos: tuple[Demo, ...] = ()
    run: RunSettings = field(default_factory=RunSettings)
    source: str = ""
    helpers: Code | None = None  # hidden code from the bank's includes, run before `setup`
    # open
    answer: Any = None  # open: model answer text; computed: the declared answer
    key_points: tuple[str, ...] = ()
    # true_false
    statements: tuple[Statement, ...] = ()
    # computed
    compute: Code | None = None
    cross_check: Code | None = None
    compare: Compare = "exact"
    tolerance: tuple[float, float] = DEFAULT_TOLERANCE
    examples: tuple[Example, ...] = ()
    params: tuple[Param, ...] = ()
    variables: dict[str, tuple[float, float]] = field(default_factory=dict)
    hint: str = ""
    digits: int = 3  # significant digits a rounded answer needs (grading.numbers)
    mistakes: tuple[Mistake, ...] = ()
    factors: tuple[Any, ...] = ()  # numbers, or expressions over the parameters: named near misses
    near_miss_grade: NearMissGrade = "hard"
    second_try: bool | None = None  # None: the bank's `second_try` decides
    # any kind
    hints: tuple[str, ...] = ()
    # multiple_choice
    choices: tuple[Choice, ...] = ()
    shuffle: bool = True

    @property
    def label(self) -> str:
        """What lists and results call this question."""
        return self.title or self.id

    @property
    def info(self) -> KindInfo:
        """Its kind's words and how it is answered."""
        return kind_info(self.kind)

    @property
    def is_parametrised(self) -> bool:
        return bool(self.params)

    def needs_code(self) -> bool:
        """True when showing this question's answer requires running bank code."""
        return self.compute is not None

    def search_texts(self, statement: Statement | None = None) -> tuple[str, str, str]:
        """Prompt, answer and explanation as plain text, for the card browser's search."""
        if statement is not None:
            answer = "" if statement.answer is None else str(statement.answer).lower()
            return (f"{self.title}\n{self.stem}\n{statement.text}", answer,
                    statement.explain or self.explain)
        prompt = f"{self.title}\n{self.prompt}"
        explain = "\n".join([self.explain, self.hint, *self.key_points])
        if self.info.has_choices:
            prompt += "\n" + "\n".join(c.text for c in self.choices)
            answer = "\n".join(c.text for c in self.choices if c.correct)
            explain += "\n" + "\n".join(c.explain for c in self.choices if c.explain)
        else:
            answer = "" if self.answer is None else str(self.answer)
        if self.compute is not None:
            explain += "\n" + self.compute.text
        return prompt, answer, explain

    def answer_hash(self, statement: Statement | None = None) -> str:
        """A hash of what makes an answer right — not of the wording — for reset offers."""
        if statement is not None:
            material: Any = ["tf", statement.answer]
        elif self.kind == Kind.COMPUTED:
            material = [
                "computed", self.compare, self.answer, [(e.params, e.answer) for e in self.examples],
                self.compute.text if self.compute else None, list(self.tolerance),
            ]
        elif self.kind == Kind.MULTIPLE_CHOICE:
            material = ["mc", sorted(c.text for c in self.choices if c.correct)]
        else:
            material = ["open", self.answer]
        import hashlib  # here: loading a bank does not need these (a few ms at start-up)
        import json

        blob = json.dumps(material, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


class SnippetSource(Record, frozen=True):
    """One piece of bank code that the engine may run, with what it runs after."""

    question_id: str
    statement_id: str | None
    role: SnippetRole
    code: Code
    setup: Code | None
    run: RunSettings
    title: str = ""


class Bank(MutableRecord):
    """A loaded, valid bank."""

    id: str
    title: str
    path: Path
    questions: list[Question]
    version: str = ""
    author: str = ""
    description: str = ""
    license: str = ""
    macros: dict[str, str] = field(default_factory=dict)
    shipped: bool = False
    second_try: bool = False  # a wrong typed answer gets one more try before the truth is shown

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def topics(self) -> list[str]:
        return sorted({q.topic for q in self.questions})

    def cards(self) -> list[CardInfo]:
        """Every gradable unit in bank order: one per statement, one per other question."""
        cards: list[CardInfo] = []
        for q in self.questions:
            if q.info.per_statement:
                for s in q.statements:
                    cards.append(CardInfo(self.id, q.id, s.id, q.kind, q.topic, q.tags,
                                          q.answer_hash(s), q.label, *q.search_texts(s)))
            else:
                cards.append(CardInfo(self.id, q.id, None, q.kind, q.topic, q.tags,
                                      q.answer_hash(), q.label, *q.search_texts()))
        return cards

    def snippets(self) -> list[SnippetSource]:
        """Every piece of code this bank would run (what trust approves and check runs)."""
        return [SnippetSource(q.id, statement_id, role, code, q.setup, q.run, title)
                for q in self.questions
                for role, code, statement_id, title in _code_places(q) if code is not None]


def _code_places(q: Question) -> Iterator[tuple[SnippetRole, Code | None, str | None, str]]:
    """Each place of ``q`` that may hold code: (role, its code or None, statement id, title)."""
    yield "compute", q.compute, None, ""
    yield "cross_check", q.cross_check, None, ""
    for m in q.mistakes:
        yield "mistake", m.code, None, ""
    for d in q.demos:
        yield "demo", d.code, None, d.title
    for s in q.statements:
        yield "verify", s.verify, s.id, ""
        for d in s.demos:
            yield "demo", d.code, s.id, d.title
