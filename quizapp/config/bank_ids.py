"""Per-bank settings tables checked against the banks' ids.

Bank ids are case-sensitive (progress is stored under them): a `[bank.My-linear]` table —
typed after the file name `My-linear.yaml` — never applies to the bank `my-linear`, and
`quizapp config` then lists both spellings. Such a table is refused when it is written and
named when the banks load, never left to do nothing silently.
"""

from __future__ import annotations

from collections.abc import Iterable


def same_but_capitals(bank: str, bank_ids: Iterable[str]) -> str | None:
    """The loaded bank id ``bank`` was meant to be when it differs only in capitals."""
    ids = list(bank_ids)
    if bank in ids:
        return None
    return next((known for known in ids if known.casefold() == bank.casefold()), None)


def miscapitalised_message(bank: str, meant: str) -> str:
    return (f"no bank has the id `{bank}` (bank ids are case-sensitive) — did you mean `{meant}`?")


def settings_problems(tables: Iterable[str], bank_ids: Iterable[str], where: object) -> list[str]:
    """One line for each settings table that names a loaded bank with other capitals."""
    ids = list(bank_ids)
    problems = []
    for table in tables:
        meant = same_but_capitals(table, ids)
        if meant is not None:
            problems.append(f"{where}: [bank.{table}] is not applied: {miscapitalised_message(table, meant)}")
    return problems
