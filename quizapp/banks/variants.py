"""Variants of parametrised questions: a seed picks the parameters, placeholders are filled.

The same (question, seed) always gives the same variant, so a review can be reproduced from
the seed the review log records.
"""

from __future__ import annotations

import random
import re
from typing import Any

from quizapp.banks.model import Question
from quizapp.plural import plural
from quizapp.records import Record, field

# ``{{name}}``, or ``{{name:noun}}`` / ``{{name:noun|nouns}}`` for a count with its noun in the
# right number ("1 message-passing layer", "3 message-passing layers").
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*([^{}|]+?)\s*(?:\|\s*([^{}]+?)\s*)?)?\}\}")


class Variant(Record, frozen=True):
    """The parameters of one review of a question (empty for unparametrised questions)."""

    seed: int
    params: dict[str, Any] = field(default_factory=dict)

    def fill(self, text: str) -> str:
        """Replace ``{{name}}`` placeholders with this variant's values."""
        if not self.params or "{{" not in text:
            return text
        return PLACEHOLDER.sub(self._filled, text)

    def _filled(self, match: re.Match[str]) -> str:
        name, noun, many = match.groups()
        if name not in self.params:
            return match.group(0)
        value = _show(self.params[name])
        return plural(value, noun, many) if noun else value


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


def declared_variant(question: Question, seed: int) -> Variant | None:
    """A variant whose answer the bank declares (one of its `examples`, chosen by ``seed``), or
    None when it declares none. For when the bank's code does not run: a drawn variant would
    have no answer to check against."""
    if not question.params or not question.examples:
        return None
    example = question.examples[seed % len(question.examples)]
    return Variant(seed, dict(example.params))


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
    return {match.group(1) for match in PLACEHOLDER.finditer(text)}
