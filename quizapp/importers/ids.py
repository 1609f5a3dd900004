"""Readable, stable ids for imported banks, questions and statements.

Progress follows ids, so an importer must give the same question the same id every time the
same source is imported, and keep ids when only wording changes where it can. Ids come from
what the source itself uses to name things (titles, headings, numbering), never from a
counter over the whole file: inserting one question must not shift the ids of the others.
"""

from __future__ import annotations

import re
import unicodedata

from quizapp.banks.schema import ID_PATTERN

MAX_ID = 80
_ID_RE = re.compile(ID_PATTERN)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_words: int | None = None, max_length: int = 48, fallback: str = "q") -> str:
    """``"Losses and Activation functions"`` -> ``"losses-and-activation-functions"``.

    Accents are folded to ASCII; Markdown, LaTeX and punctuation become separators. With
    ``max_words`` only the first words are kept (ids from question text stay short). An
    empty result gives ``fallback``.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"\$[^$]*\$", " ", folded)  # math says little in an id
    words = [w for w in _NOT_SLUG.split(folded) if w]
    if max_words is not None:
        words = words[:max_words]
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-") or fallback


def is_valid_id(value: str) -> bool:
    """Whether ``value`` is a valid bank, question or statement id."""
    return bool(_ID_RE.match(value))


class IdAllocator:
    """Hands out unique ids: the first ``x`` stays ``x``; later ones become ``x-2``, ``x-3``…

    Deterministic: the same sequence of requests always gets the same ids.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}  # base -> the suffix to try first (those below are taken)

    def take(self, wanted: str) -> str:
        base = wanted[:MAX_ID - 4].strip("-") or "q"
        candidate = base
        n = self._next.get(base, 2)
        while candidate in self._used:
            candidate = f"{base}-{n}"
            n += 1
        self._next[base] = n
        self._used.add(candidate)
        return candidate

    def take_letter_suffixed(self, wanted: str) -> str:
        """Like `take`, but repeats become ``x-b``, ``x-c``… (for repeated question numbers,
        where ``x-2`` would read as "question 2")."""
        base = wanted[:MAX_ID - 4].strip("-") or "q"
        if base not in self._used:
            self._used.add(base)
            return base
        for letter in "bcdefghijklmnopqrstuvwxyz":
            candidate = f"{base}{letter}" if base[-1].isdigit() else f"{base}-{letter}"
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        return self.take(base)
