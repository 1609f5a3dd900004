"""Find the question behind a card key among the loaded banks."""

from __future__ import annotations

from quizapp.banks import Bank, Question, Statement
from quizapp.cards import CardInfo, card_key
from quizapp.records import Record


class CardRef(Record, frozen=True):
    """One card: its bank, its question and, for true/false, its statement."""

    bank: Bank
    question: Question
    statement: Statement | None = None

    @property
    def key(self) -> str:
        return card_key(self.bank.id, self.question.id, self.statement.id if self.statement else None)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def topic(self) -> str:
        return self.question.topic

    @property
    def label(self) -> str:
        """A short name for lists: the question's title or id, and the statement id."""
        base = self.question.label
        return f"{base} · {self.statement.id}" if self.statement else base

    @property
    def auto_graded(self) -> bool:
        """Whether the app can tell right from wrong by itself (open questions: no)."""
        if self.statement is not None:
            return self.statement.answer is not None
        return self.question.info.auto_graded


class Catalog:
    """Every card of the loaded banks, by key and in bank order."""

    def __init__(self, banks: list[Bank]) -> None:
        self.banks = list(banks)
        self._refs: dict[str, CardRef] = {}
        self._related: dict[tuple[str, str], set[str]] | None = None  # built on first use
        self._keys_of: dict[tuple[str, str], list[str]] = {}
        for bank in self.banks:
            for question in bank.questions:
                if question.info.per_statement:
                    for statement in question.statements:
                        ref = CardRef(bank, question, statement)
                        self._refs[ref.key] = ref
                        self._keys_of.setdefault((bank.id, question.id), []).append(ref.key)
                else:
                    ref = CardRef(bank, question)
                    self._refs[ref.key] = ref
                    self._keys_of[(bank.id, question.id)] = [ref.key]

    def related(self, key: str) -> set[str]:
        """Cards that give this one's answer away, or it theirs: the other statements of its
        stem and the cards of the questions its bank links with `related:` (either way)."""
        if self._related is None:
            self._related = self._related_questions()
        ref = self._refs.get(key)
        if ref is None:
            return set()
        bank = ref.bank.id
        questions = {ref.question.id} | self._related.get((bank, ref.question.id), set())
        return {k for q in questions for k in self._keys_of.get((bank, q), ())} - {key}

    def _related_questions(self) -> dict[tuple[str, str], set[str]]:
        links: dict[tuple[str, str], set[str]] = {}
        for bank in self.banks:
            ids = {q.id for q in bank.questions}
            for q in bank.questions:
                for other in q.related:
                    if other in ids and other != q.id:  # an unknown id links nothing
                        links.setdefault((bank.id, q.id), set()).add(other)
                        links.setdefault((bank.id, other), set()).add(q.id)
        return links

    def __len__(self) -> int:
        return len(self._refs)

    def __contains__(self, key: object) -> bool:
        return key in self._refs

    def get(self, key: str) -> CardRef | None:
        """The card with this key, or None when its bank is not loaded (or it was removed)."""
        return self._refs.get(key)

    def refs(self) -> list[CardRef]:
        """Every card in bank order."""
        return list(self._refs.values())

    def card_infos(self) -> list[CardInfo]:
        """What the progress store needs to know about every card, in bank order."""
        return [info for bank in self.banks for info in bank.cards()]

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def topic_name(self, topic: str) -> str:
        """What every screen calls a topic: when only banks about it alone carry it, the title
        of the first of them after its course's prefix ("VAEs and GANs" for `unsupervised`, from
        "Deep learning: VAEs and GANs"); else (a bank mixes topics) the topic id in words
        ("losses activations"). The first, because a course may add a second bank on a topic
        ("convolution mechanics" after "convolutional networks"); the topic keeps the name of
        the bank that opened it."""
        having = [b for b in self.banks if topic in b.topics]
        if having and all(b.topics == [topic] for b in having):
            return having[0].title.split(": ", 1)[-1]
        return topic.replace("-", " ").replace("_", " ")

    def topics(self, bank_ids: tuple[str, ...] = ()) -> list[str]:
        """Topics of the given banks (all banks when empty), sorted."""
        return sorted({q.topic for b in self.banks if not bank_ids or b.id in bank_ids
                       for q in b.questions})
