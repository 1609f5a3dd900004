"""What every importer is told, and the bank header they all write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.errors import QuizappError
from quizapp.importers.ids import is_valid_id, slugify


@dataclass(frozen=True)
class ImportOptions:
    """Bank-level choices for an import; None means "derive it from the source"."""

    bank_id: str | None = None
    title: str | None = None
    topic: str | None = None


def bank_header(path: Path, options: ImportOptions, found_title: str | None = None) -> dict[str, Any]:
    """``format``, ``bank``, ``title`` (and ``topic``) for a bank imported from ``path``.

    The bank id is the file name as a slug unless ``--bank-id`` is given; the title is
    ``--title``, else what the source calls itself, else the file name.
    """
    bank_id = options.bank_id or slugify(path.stem, max_length=60, fallback="imported")
    if not is_valid_id(bank_id):
        raise QuizappError(f"bank id {bank_id!r} is not valid: use letters, digits, `-`, `_` and `.`, "
                           "starting with a letter or digit (at most 80 characters)")
    title = options.title or found_title or path.stem.replace("_", " ").replace("-", " ").strip() or bank_id
    header: dict[str, Any] = {"format": 1, "bank": bank_id, "title": title}
    if options.topic:
        header["topic"] = options.topic
    return header


def finish_bank(header: dict[str, Any], questions: list[dict[str, Any]], source: Path) -> dict[str, Any]:
    """The bank document: header, then questions (an empty source is an error, not an empty bank)."""
    if not questions:
        raise QuizappError(f"{source}: no questions found to import")
    return {**header, "questions": questions}
