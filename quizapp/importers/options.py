"""What every importer is told, and the bank header they all write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.banks.variants import PLACEHOLDER
from quizapp.errors import QuizappError
from quizapp.importers.ids import is_valid_id, slugify
from quizapp.importers.report import ImportReport, Note
from quizapp.records import Record


class ImportOptions(Record, frozen=True):
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


def finish_bank(header: dict[str, Any], questions: list[dict[str, Any]], source: Path,
                report: ImportReport) -> dict[str, Any]:
    """The bank document: header, then questions (an empty source is an error, not an empty bank)."""
    if not questions:
        raise QuizappError(f"{source}: no questions found to import")
    for question in questions:
        _defuse_placeholders(question, report)
    return {**header, "questions": questions}


def _defuse_placeholders(question: dict[str, Any], report: ImportReport) -> None:
    """`{{name}}` in a bank's text is a parameter placeholder; in imported text (LaTeX such as
    `x^{{2}}`, template examples) it is not. `{ {name} }` reads the same in TeX and is no
    placeholder. Code cannot be changed that way: it is reported instead."""
    for key in ("prompt", "stem", "explain", "hint"):
        text = question.get(key)
        if isinstance(text, str) and PLACEHOLDER.search(text):
            question[key] = PLACEHOLDER.sub(lambda m: "{ {" + m.group(1) + "} }", text)
            report.approximated.append(Note(f"`{question['id']}`", f"`{{{{…}}}}` in the {key} spaced out as "
                                                                   "`{ {…} }` (it would read as a parameter)"))
    setup = question.get("setup")
    if isinstance(setup, str) and PLACEHOLDER.search(setup):
        report.warnings.append(Note(f"`{question['id']}`", "the setup code holds `{{name}}`, which banks read "
                                                           "as a parameter: lint will report it; rewrite it"))
