"""What a card is: one gradable unit, identified by ids — never by its wording.

Shared by the banks (which produce cards) and the progress store (which schedules them), so
neither has to know the other.
"""

from __future__ import annotations

from quizapp.records import Record, field


def card_key(bank_id: str, question_id: str, statement_id: str | None = None) -> str:
    """The stable key of a card: ``bank/question`` or ``bank/question/statement``."""
    parts = [bank_id, question_id] + ([statement_id] if statement_id else [])
    return "/".join(parts)


class CardInfo(Record, frozen=True):
    """Everything the progress store needs to know about a card.

    ``answer_hash`` changes when the card's *answer* changes (not its wording), so the app
    can offer to reset that one card.
    """

    bank_id: str
    question_id: str
    statement_id: str | None
    kind: str
    topic: str
    tags: tuple[str, ...] = field(default_factory=tuple)
    answer_hash: str = ""
    title: str = ""
    # What the card browser searches (full text), as the bank words it now.
    prompt: str = ""
    answer: str = ""
    explanation: str = ""

    @property
    def key(self) -> str:
        return card_key(self.bank_id, self.question_id, self.statement_id)
