"""Variants of parametrised questions: a seed picks the parameters, placeholders are filled.

The same (question, seed) always gives the same variant, so a review can be reproduced from
the seed the review log records.
"""

from __future__ import annotations

import random
import re
from typing import Any

from quizapp.banks.model import Question
from quizapp.records import Record, field

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class Variant(Record, frozen=True):
    """The parameters of one review of a question (empty for unparametrised questions)."""

    seed: int
    params: dict[str, Any] = field(default_factory=dict)

    def fill(self, text: str) -> str:
        """Replace ``{{name}}`` placeholders with this variant's values."""
        if not self.params or "{{" not in text:
            return text
        return PLACEHOLDER.sub(lambda m: _show(self.params.get(m.group(1), m.group(0))), text)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def draw_variant(question: Question, seed: int) -> Variant:
    """The variant of ``question`` that ``seed`` selects."""
    if not question.params:
        return Variant(seed)
    rng = random.Random(f"{question.bank_id}/{question.id}/{seed}")
    return Variant(seed, {p.name: rng.choice(p.values()) for p in question.params})


def variants(question: Question, count: int, first_seed: int = 0) -> list[Variant]:
    """``count`` variants with consecutive seeds, distinct where the parameters allow."""
    out: list[Variant] = []
    seen: set[tuple] = set()
    seed = first_seed
    while len(out) < count and seed < first_seed + count * 20:
        v = draw_variant(question, seed)
        key = tuple(sorted(v.params.items()))
        if key not in seen:
            seen.add(key)
            out.append(v)
        seed += 1
    return out


def placeholders(text: str) -> set[str]:
    """The parameter names a text refers to."""
    return set(PLACEHOLDER.findall(text))
