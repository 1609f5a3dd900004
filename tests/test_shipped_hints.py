"""The shipped banks' hints help without telling: a student who asks for a hint on a computed
card must not read the card's answer in it."""

from __future__ import annotations

import re
from typing import Any

from quizapp.banks import load_banks
from quizapp.banks.variants import Variant

# A number as a hint writes it; not one glued to a letter (`\tfrac12`, `x_1`) or a brace (`{{k}}`).
NUMBER = re.compile(r"(?<![\w{.])-?\d+(?:\.\d+)?(?:e-?\d+)?")


def _scalar(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return None  # shapes, expressions, text: their pieces (a batch of 1) may well be named
    return float(answer)


def _giveaways(hint: str, answer: float) -> list[str]:
    """The numbers of `hint` equal to `answer`, leaving out one-digit integers: those are the
    constants of the formulas a hint names (the 1 in 1 − β, the 2 of 2·ln σ)."""
    found = []
    for match in NUMBER.finditer(hint):
        written = match.group()
        if re.fullmatch(r"-?\d", written):
            continue
        if abs(float(written) - answer) <= 1e-6 * abs(answer) + 1e-12:
            found.append(written)
    return found


def test_no_shipped_hint_writes_out_its_cards_answer() -> None:
    banks = load_banks(include_shipped=True, include_user=False).banks
    cases = 0
    leaks = []
    for bank in banks:
        for q in bank.questions:
            if q.kind != "computed" or not q.hints:
                continue
            declared = ([({}, q.answer)] if q.answer is not None else [])
            declared += [(example.params, example.answer) for example in q.examples]
            for params, answer in declared:
                value = _scalar(answer)
                if value is None:
                    continue
                cases += 1
                for hint in q.hints:
                    shown = Variant(seed=0, params=dict(params)).fill(hint)
                    if found := _giveaways(shown, value):
                        leaks.append(f"{bank.path.name}: {q.id} {params or ''}: hint says {found} — {shown[:70]}")
    assert cases >= 100, "the shipped banks declare a hundred hinted computed answers or more"
    assert leaks == []


def test_the_check_would_catch_a_hint_that_gives_the_answer() -> None:
    # The softmax-gradient card once hinted "softmax(2, 1, 0) = (0.665, 0.245, 0.090)": its answer
    # for the true class 0 at j = 0 is 0.665 − 1, and for j = 2 it is 0.0900.
    assert _giveaways("softmax(2, 1, 0) = (0.665, 0.245, 0.090).", 0.0900) == ["0.090"]
    assert _giveaways(r"divides by $1-\beta^t$", 1.0) == []
