"""Counts in words: ``1 layer``, ``3 layers`` — for the app's own text and for bank prompts
(``{{K:message-passing layer}}`` in a parametrised question)."""

from __future__ import annotations


def plural(count: object, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun``, the noun plural unless the count is exactly one.

    ``many`` is the plural when adding "s" is wrong (``plural(2, "child", "children")``); a
    noun of several words is made plural on its last word (``3 message-passing layers``)."""
    one = str(count) in ("1", "1.0", "-1")
    if one:
        return f"{count} {noun}"
    return f"{count} {many if many is not None else _regular_plural(noun)}"


def _regular_plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"
