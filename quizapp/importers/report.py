"""What an import or export made, and what it could not carry over — and why.

Every importer fills an `ImportReport`; nothing is dropped without a line here. The CLI
prints it; tests read its fields.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from quizapp.banks.kinds import Kind
from quizapp.records import MutableRecord, Record, field

SHOWN_NOTES = 12  # per section of a printed report; the JSON report has them all


def _section(title: str, notes: list["Note"]) -> list[str]:
    if not notes:
        return []
    lines = [f"{title} ({len(notes)}):"] + [f"  {note}" for note in notes[:SHOWN_NOTES]]
    if len(notes) > SHOWN_NOTES:
        lines.append(f"  … and {len(notes) - SHOWN_NOTES} more")
    return lines


class Note(Record, frozen=True):
    """One remark about one place in the source (``where`` is ``path:line:col`` or
    ``path: cell N``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportReport(MutableRecord):
    """The outcome of one import.

    - ``unmapped``: items of the source that are not in the bank (with the reason);
    - ``approximated``: items imported in a different form than the source had (e.g. a
      matching question imported as an open one);
    - ``warnings``: things imported as they were but worth a look;
    - ``needs_answer``: cards (``question`` or ``question/statement``) without an answer.
    """

    source: str
    format: str
    questions_by_kind: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    needs_answer: list[str] = field(default_factory=list)
    unmapped: list[Note] = field(default_factory=list)
    approximated: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def questions(self) -> int:
        return sum(self.questions_by_kind.values())

    def count(self, question: dict[str, Any]) -> None:
        """Count one question of the bank document and note what still needs an answer."""
        kind = question["kind"]
        self.questions_by_kind[kind] += 1
        qid = question["id"]
        if kind == Kind.TRUE_FALSE:
            self.statements += len(question["statements"])
            self.needs_answer.extend(f"{qid}/{s['id']}" for s in question["statements"]
                                     if s.get("answer") is None)
        elif kind == Kind.OPEN and not (question.get("answer") or "").strip():
            self.needs_answer.append(qid)
        elif kind == Kind.COMPUTED and question.get("answer") is None and not question.get("compute"):
            self.needs_answer.append(qid)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "questions": self.questions,
            "questions_by_kind": dict(sorted(self.questions_by_kind.items())),
            "statements": self.statements,
            "needs_answer": list(self.needs_answer),
            "unmapped": [str(n) for n in self.unmapped],
            "approximated": [str(n) for n in self.approximated],
            "warnings": [str(n) for n in self.warnings],
            **self.details,
        }

    def format_text(self) -> str:
        """The report as the CLI prints it."""
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.questions_by_kind.items())) or "none"
        lines = [f"Imported {self.questions} question(s) from {self.source} ({self.format}): {kinds}."]
        if self.statements:
            lines.append(f"True/false statements: {self.statements} (each its own card).")
        for key, value in self.details.items():
            lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
        if self.needs_answer:
            shown = ", ".join(self.needs_answer[:8]) + (" …" if len(self.needs_answer) > 8 else "")
            lines.append(f"Needs an answer: {len(self.needs_answer)} card(s): {shown}")
        sections = [("Not imported", self.unmapped), ("Imported differently", self.approximated),
                    ("Check", self.warnings)]
        for title, notes in sections:
            lines.extend(_section(title, notes))
        return "\n".join(lines)


class ExportReport(MutableRecord):
    """The outcome of one export: cards written, and what was left out or changed."""

    target: str
    format: str
    items: int = 0
    skipped: list[Note] = field(default_factory=list)
    approximated: list[Note] = field(default_factory=list)

    def format_text(self) -> str:
        lines = [f"Wrote {self.items} {'note' if self.format == 'anki' else 'question'}(s) to {self.target}."]
        for title, notes in (("Left out", self.skipped), ("Exported differently", self.approximated)):
            lines.extend(_section(title, notes))
        return "\n".join(lines)
