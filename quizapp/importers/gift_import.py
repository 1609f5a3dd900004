"""GIFT questions -> bank questions, with a report of everything that did not map one to one.

| GIFT | bank |
|---|---|
| `{T}` / `{FALSE}` (+ feedback) | `true_false`, one statement; feedback -> `explain` |
| `{}` essay (`####` feedback) | `open`; the general feedback is the model answer |
| `{=a =b}` short answer | `computed`, `compare: one_of`, `answer: [a, b]` (no code) |
| `{#3.14:0.01}`, `{#1..5}` | `computed`, `compare: numeric`, `answer`, `tolerance` |
| `{=right ~wrong}` | `multiple_choice` |
| `{=a -> b}` matching | `open`, the pairs as the model answer (noted) |
| text with no braces | not a question (noted) |
| a question the parser cannot read | left out, with `path:line:col` and the reason |

Partial-credit answers (`%50%`) have no equivalent (quizapp grades right or wrong): they are
left out of the accepted answers and listed in the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.cut import cut
from quizapp.errors import QuizappError
from quizapp.importers.gift_parse import GiftQuestion, parse_gift
from quizapp.importers.ids import IdAllocator, slugify
from quizapp.importers.options import ImportOptions, bank_header, finish_bank
from quizapp.importers.report import ImportReport, Note

TF_STEM = "True or false?"
MAX_LISTED = 20  # lines of reasons in the error of a file with nothing to import


def number(value: float) -> int | float:
    """1822.0 -> 1822 (banks read better with whole numbers written as such)."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def join_paragraphs(*parts: str) -> str:
    """Non-empty parts, each once, separated by blank lines."""
    seen: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and part not in seen:
            seen.append(part)
    return "\n\n".join(seen)


def topic_from_category(category: str) -> str:
    """``$course$/top/Default for X/Optimisation`` -> ``optimisation`` (the last named part)."""
    parts = [p for p in category.replace("\\", "/").split("/") if p.strip() and not p.startswith("$")]
    parts = [p for p in parts if p.strip().lower() != "top"] or parts
    return slugify(parts[-1], max_length=60, fallback="general") if parts else "general"


def import_gift(path: Path, text: str, options: ImportOptions) -> tuple[dict[str, Any], ImportReport]:
    """Read GIFT ``text`` (from ``path``) into a bank document and its report: every question
    that can be read is imported; each one left out or changed is in the report with its place."""
    parsed = parse_gift(text, str(path))
    report = ImportReport(str(path), "GIFT")
    for skip in parsed.skipped:
        report.unmapped.append(Note(skip.where, f"question left out: {skip.message}"))
    ids = IdAllocator()
    questions: list[dict[str, Any]] = []
    for g in parsed.questions:
        where = f"{path}:{g.line}:{g.col}"
        for note in g.notes:
            report.warnings.append(Note(where, note))
        for change in g.changes:
            report.approximated.append(Note(where, change))
        if g.kind == "description":
            report.unmapped.append(Note(where, f"text without answers ({cut(g.text, 40)!r}): a GIFT "
                                               "description, not a question"))
            continue
        question = _question(g, where, report)
        wanted = slugify(g.title) if g.title else slugify(g.text, max_words=6)
        question = {"id": ids.take(wanted), **question}
        if g.title:
            question["title"] = g.title
        if g.category:
            question["topic"] = topic_from_category(g.category)
        question["source"] = f"{path.name}:{g.line}"
        questions.append(question)
        report.count(question)
    if not questions:
        raise QuizappError(_nothing_to_import(path, parsed.descriptions, report))
    doc = finish_bank(bank_header(path, options), questions, path, report)
    return doc, report


def _nothing_to_import(path: Path, descriptions: int, report: ImportReport) -> str:
    """The one error of a file without a single importable question, with its reasons."""
    if descriptions and len(report.unmapped) == descriptions:
        head = (f"{path}: nothing to import: the file holds {descriptions} description(s) (text without an "
                "answer block `{…}`) and no question")
    else:
        head = f"{path}: nothing to import: no question could be read"
    shown = [str(n) for n in report.unmapped[:MAX_LISTED]]
    if len(report.unmapped) > MAX_LISTED:
        shown.append(f"… and {len(report.unmapped) - MAX_LISTED} more")
    return "\n".join([head, *shown])


def _question(g: GiftQuestion, where: str, report: ImportReport) -> dict[str, Any]:
    if g.kind == "true_false":
        statement: dict[str, Any] = {"id": "s1", "text": g.text, "answer": g.true_false}
        wrong, right = g.feedback_wrong, g.feedback_right
        if wrong and right:  # both shown after answering: say which answer each was written for
            truth, lie = ("true", "false") if g.true_false else ("false", "true")
            wrong, right = f"*If you answered {lie}:* {wrong}", f"*If you answered {truth}:* {right}"
        explain = join_paragraphs(wrong, right, g.general_feedback)
        if explain:
            statement["explain"] = explain
        return {"kind": "true_false", "stem": TF_STEM, "statements": [statement]}
    if g.kind == "essay":
        return {"kind": "open", "prompt": g.text, "answer": g.general_feedback or None}
    if g.kind == "matching":
        pairs = "\n".join(f"- {a.text} → {a.match}" for a in g.answers)
        items = "\n".join(f"- {a.text}" for a in g.answers if a.text)
        options = ", ".join(sorted({a.match or "" for a in g.answers}))
        report.approximated.append(Note(where, "matching question imported as an open question "
                                               "(the pairs are its model answer)"))
        return {"kind": "open", "prompt": f"{g.text}\n\n{items}\n\nMatch each with one of: {options}",
                "answer": join_paragraphs(pairs, g.general_feedback)}
    if g.kind == "numerical":
        return _numerical(g, where, report)
    if g.kind == "short":
        return _short_answer(g, where, report)
    return _multiple_choice(g, where, report)


def _partial(g: GiftQuestion, where: str, report: ImportReport, shown: list[str]) -> None:
    for a, text in zip(g.answers, shown):
        if a.correct and a.weight is not None and 0 < a.weight < 100:
            report.approximated.append(Note(where, f"partial-credit answer {text!r} ({a.weight:g}%) "
                                                   "not accepted: quizapp grades right or wrong"))


def _numerical(g: GiftQuestion, where: str, report: ImportReport) -> dict[str, Any]:
    right = [a for a in g.answers if a.full_credit and a.number is not None]
    _partial(g, where, report, [a.text for a in g.answers])
    for a in g.answers:
        if not a.correct:
            report.approximated.append(Note(where, f"wrong numerical answer ~{a.text} (feedback only) left out"))
    if not right:
        report.approximated.append(Note(where, "numerical question without a full-credit answer: imported "
                                               "as open"))
        return {"kind": "open", "prompt": g.text, "answer": None}
    question: dict[str, Any] = {"kind": "computed", "prompt": g.text}
    numbers = [a.number for a in right if a.number is not None]  # all of them: `right` has only numbers
    tolerances = {tolerance for _value, tolerance in numbers}
    if len(numbers) == 1:
        value, tolerance = numbers[0]
        question.update(compare="numeric", tolerance=number(tolerance), answer=number(value))
    else:
        question.update(compare="one_of", tolerance=number(max(tolerances)),
                        answer=[number(value) for value, _tolerance in numbers])
        if len(tolerances) > 1:
            report.approximated.append(Note(where, "answers with different tolerances: the largest "
                                                   f"({max(tolerances):g}) applies to all"))
    wrong = f"*If your answer was wrong:* {g.feedback_wrong}" if g.feedback_wrong else ""
    if wrong:
        report.approximated.append(Note(where, "the feedback for wrong answers is part of the explanation "
                                               "(shown after every answer)"))
    explain = join_paragraphs(*(a.feedback for a in right), wrong, g.general_feedback)
    if explain:
        question["explain"] = explain
    return question


def _short_answer(g: GiftQuestion, where: str, report: ImportReport) -> dict[str, Any]:
    right = [a for a in g.answers if a.full_credit]
    _partial(g, where, report, [a.text for a in g.answers])
    if not right:
        report.approximated.append(Note(where, "short answer without a full-credit answer: imported as open"))
        return {"kind": "open", "prompt": g.text, "answer": None}
    question: dict[str, Any] = {"kind": "computed", "prompt": g.text, "compare": "one_of",
                                "answer": [a.text for a in right]}
    explain = join_paragraphs(*(a.feedback for a in right), g.general_feedback)
    if explain:
        question["explain"] = explain
    return question


def _multiple_choice(g: GiftQuestion, where: str, report: ImportReport) -> dict[str, Any]:
    has_right = any(a.correct for a in g.answers)
    choices = []
    for a in g.answers:
        weight = a.weight
        if has_right:
            correct = a.correct and (weight is None or weight >= 100)
            if weight is not None and 0 < weight < 100:
                report.approximated.append(Note(where, f"partial-credit choice {a.text!r} ({weight:g}%) "
                                                       "counted as wrong: quizapp grades right or wrong"))
        else:
            # Only `~%n%` choices: a Moodle "multiple answers" question.
            correct = weight is not None and weight > 0
        choice: dict[str, Any] = {"text": a.text}
        if correct:
            choice["correct"] = True
        if a.feedback:
            choice["explain"] = a.feedback
        choices.append(choice)
    if not has_right and any(c.get("correct") for c in choices):
        report.approximated.append(Note(where, "multiple-answer question (every positive-weight choice is "
                                               "right): quizapp accepts any one of them"))
    if not any(c.get("correct") for c in choices) or len(choices) < 2:
        report.approximated.append(Note(where, "multiple choice without a right choice or with one choice: "
                                               "imported as open"))
        listed = "\n".join(f"- {c['text']}" for c in choices)
        return {"kind": "open", "prompt": f"{g.text}\n\n{listed}", "answer": None}
    question: dict[str, Any] = {"kind": "multiple_choice", "prompt": g.text, "choices": choices}
    if g.general_feedback:
        question["explain"] = g.general_feedback
    return question
