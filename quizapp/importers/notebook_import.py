"""A course "summary questions" notebook (.ipynb) -> a bank draft.

The walk over the cells:
- a Markdown heading starts a topic (the first heading, when it sits above all the others
  and before any question, is the bank's title);
- a line `N. …` starts question N — at the start of a cell, or anywhere when N is the next
  number; numbering may restart (after a heading) or repeat;
- other Markdown continues the current question (its prompt), or, after an answer marker
  (`**Answer:**`, `**Answer**:`, `**Answer**`, `## Answer:` …), its answer;
- a code cell is the question's setup; a code cell whose output is a value a student can
  type (a shape, a number, true/false) makes the question `computed`, the cell's last
  expression being what torch computes; code after an answer marker belongs to the answer.

Ids are `<topic>-<number>` (`cnns-3`; a repeated number gets `b`, `c`…), statements `s1`,
`s2`… by position: re-importing an edited notebook keeps every id whose heading and number
did not change.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from quizapp.errors import QuizappError
from quizapp.importers.ids import IdAllocator, slugify
from quizapp.importers.notebook_build import build_question
from quizapp.importers.notebook_text import (
    ALERT_BLOCK,
    ANSWER_LIST_ITEM,
    ANSWER_MARKER,
    HEADING,
    LIST_ITEM,
    SUB_QUESTION,
    extract_macros,
    is_true_false_stem,
    question_start,
    split_inline_answers,
    strip_markdown_marks,
    tidy_markdown,
)
from quizapp.importers.options import ImportOptions, bank_header, finish_bank
from quizapp.importers.report import ImportReport, Note
from quizapp.records import MutableRecord, field


class CodeCell(MutableRecord):
    index: int
    source: str
    outputs: list[dict[str, Any]]


class RawQuestion(MutableRecord):
    """What the walk collected for one numbered question."""

    number: int
    topic: str | None
    heading: str | None
    cell: int
    prompt_lines: list[str] = field(default_factory=list)
    code: list[CodeCell] = field(default_factory=list)
    answer_lines: list[str] = field(default_factory=list)
    answer_code: list[CodeCell] = field(default_factory=list)
    answering: bool = False
    answer_list_last: int = 0
    answer_cell: int = -1  # the cell where the answer started: a heading in it is part of the answer
    sub: str = ""  # "1" of question 3.1
    split_statements: int = 0  # true/false statements that came one per cell
    statement_answers: dict[int, list[str]] = field(default_factory=dict)
    statement_cells: list[int] = field(default_factory=list)  # the cell of each statement given one per cell
    context: list[str] = field(default_factory=list)  # a sub-question's shared text…
    context_code: int = 0  # …and how many of its code cells are shared


def read_notebook(path: Path, data: bytes) -> Any:
    """Parse the notebook with nbformat; bad JSON or a bad notebook is a clear error."""
    import nbformat

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise QuizappError(f"{path}:{line}: not UTF-8 text ({exc.reason}); is this really a notebook?") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuizappError(f"{path}:{exc.lineno}:{exc.colno}: not a notebook: {exc.msg}") from None
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise QuizappError(f"{path}:1:1: not a notebook: the JSON has no `cells`")
    try:
        with warnings.catch_warnings():
            # Old or hand-written notebooks lack cell ids; nbformat warns, but they read fine.
            warnings.simplefilter("ignore")
            return nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several types for malformed notebooks
        raise QuizappError(f"{path}: not a readable notebook: {exc}") from None


class NotebookWalk:
    """Walks the cells once, collecting `RawQuestion`s and notes for the report."""

    def __init__(self, path: Path, report: ImportReport) -> None:
        self.path = path
        self.report = report
        self.questions: list[RawQuestion] = []
        self.current: RawQuestion | None = None
        self.topic: str | None = None
        self.heading: str | None = None
        self.title: str | None = None
        self.first_heading_is_title = False
        self.topic_level: int | None = None
        self.macros: dict[str, str] = {}
        self.pending_code: list[CodeCell] = []

    def where(self, cell: int) -> str:
        return f"{self.path}: cell {cell + 1}"

    # -- markdown ------------------------------------------------------------------------
    def markdown(self, index: int, source: str) -> None:
        text, macros = extract_macros(source)
        for name, body in macros.found.items():
            self.macros.setdefault(name, body)
        for skipped in macros.skipped:
            self.report.approximated.append(Note(self.where(index), f"LaTeX macro {skipped} left out"))
        text = split_inline_answers(tidy_markdown(text))
        if (self.current is not None and not self.current.answering and ALERT_BLOCK.match(source)
                and not any(ANSWER_MARKER.match(line) for line in text.split("\n"))
                and not question_start(text.lstrip().split("\n", 1)[0])):
            # A cell that is one coloured alert box under a question, without an "Answer" heading:
            # the box a student writes the answer in (the template's answers are boxes like it).
            self.current.answering = True
            self.current.answer_cell = index
        at_cell_start = True
        previous_blank = True
        stray: list[str] = []
        for line in text.split("\n"):
            heading = HEADING.match(line)
            marker = ANSWER_MARKER.match(line)
            number = question_start(heading.group(2) if heading else line)
            if heading and number and not marker:
                heading = None  # "### 3. Explain…" or "## Question 3": a question, not a topic
            sub = None if number else SUB_QUESTION.match(heading.group(2) if heading else line)
            if sub and (self.current is None or int(sub.group(1)) != self.current.number or marker):
                sub = None
            if heading and sub:
                heading = None  # "#### 3.1 Explain…": a sub-question, not a topic
            if heading and not (marker and self.current is not None) and not self.inner_heading(len(heading.group(1))) \
                    and not self.in_answer_cell(index):
                self.close()
                self.set_heading(index, len(heading.group(1)), strip_markdown_marks(heading.group(2)))
            elif marker and (self.current is not None or not line.lstrip().startswith("#")):
                if self.current is None:
                    self.report.unmapped.append(Note(self.where(index), "an answer before any question"))
                    stray.append(line)
                else:
                    self.current.answering = True
                    self.current.answer_cell = index
                    self.add_answer_line(line[marker.end():].strip())
            elif at_cell_start and self.split_statement(index, line):
                pass
            elif sub and (at_cell_start or previous_blank) and not self.in_answer_cell(index):
                self.start_sub_question(index, sub.group(2) or sub.group(3).lower(), sub.group(4))
            elif number and self.starts_question(int(number.group(1)), at_cell_start, previous_blank, index):
                self.close()
                first_line = number.group(2)
                self.current = RawQuestion(int(number.group(1)), self.topic, self.heading, index,
                                           [first_line] if first_line else [])
                if self.pending_code:
                    self.current.code.extend(self.pending_code)
                    self.pending_code = []
            elif self.current is None:
                if line.strip():
                    stray.append(line)
            elif self.current.answering:
                self.add_answer_line(line)
            else:
                self.current.prompt_lines.append(line)
            if line.strip():
                at_cell_start = False
            previous_blank = not line.strip()
        if stray and any(s.strip() for s in stray):
            preview = " ".join(" ".join(stray).split())[:60]
            self.report.unmapped.append(Note(self.where(index), f"text outside any question ({preview!r}…)"))
        if self.current is not None:
            # A cell boundary is a paragraph break in the prompt or answer.
            (self.current.answer_lines if self.current.answering else self.current.prompt_lines).append("")

    def in_answer_cell(self, index: int) -> bool:
        """Whether this cell holds the current question's answer: a heading there (a student's
        "##### Part a") belongs to the answer."""
        return self.current is not None and self.current.answering and self.current.answer_cell == index

    def split_statement(self, index: int, line: str) -> bool:
        """A cell starting `1. …`/`a) …` under a true/false stem whose statements come one per
        cell (each maybe followed by its answer): the next statement of that question."""
        current = self.current
        if current is None or not is_true_false_stem("\n".join(current.prompt_lines)):
            return False
        item = LIST_ITEM.match(line)
        if not item or item.group(1):
            return False
        label = item.group(2)
        expected = current.split_statements + 1
        wanted = str(expected) if label.isdigit() else "abcdefghijklmnopqrstuvwxyz"[expected - 1:expected]
        if label.lower() != wanted:
            return False
        if current.split_statements == 0 and any(LIST_ITEM.match(p) for p in current.prompt_lines[1:]):
            return False  # the statements are a list in the stem: this is an answer list
        current.split_statements = expected
        current.statement_cells.append(index)
        current.answering = False
        current.prompt_lines.extend(["", f"{expected}. {item.group(3).strip()}"])
        return True

    def start_sub_question(self, index: int, sub: str, text: str) -> None:
        """Question N.sub: the text (and code) of question N before its first sub-question is
        their shared context, and no question of its own when it has no answer."""
        parent = self.current
        assert parent is not None
        if parent.sub:  # 3.1 -> 3.2: the same context
            context, code = parent.context, parent.code[:parent.context_code]
            self.close()
        else:
            context, code = list(parent.prompt_lines), list(parent.code)
            if parent.answer_lines or parent.statement_answers:
                self.close()
            else:
                self.current = None
                self.report.warnings.append(Note(self.where(parent.cell), f"question {parent.number} has "
                                                 "sub-questions: its text is their shared context"))
        question = RawQuestion(parent.number, self.topic, self.heading, index, [*context, "", text], list(code),
                               sub=sub, context=list(context), context_code=len(code))
        self.current = question

    def add_answer_line(self, line: str) -> None:
        assert self.current is not None
        if self.current.split_statements:
            self.current.statement_answers.setdefault(self.current.split_statements, []).append(line)
            return
        self.current.answer_lines.append(line)
        item = ANSWER_LIST_ITEM.match(line)
        if item:
            self.current.answer_list_last = int(item.group(1))

    def starts_question(self, number: int, at_cell_start: bool, previous_blank: bool, index: int) -> bool:
        current = self.current
        if current is None:
            return at_cell_start or previous_blank
        if number == current.number + 1:
            return at_cell_start or previous_blank
        if not at_cell_start:
            return False
        if current.answering and (number == 1 or number == current.answer_list_last + 1):
            self.report.warnings.append(Note(self.where(index), f"a cell starting with `{number}.` after the "
                                             f"answer to question {current.number}: read as part of that answer"))
            return False
        return True

    def inner_heading(self, level: int) -> bool:
        """A heading below the topic's level inside an answer is part of it (a student's
        "#### Part a"), not a new topic."""
        return (self.current is not None and self.current.answering and self.topic_level is not None
                and level > self.topic_level)

    def set_heading(self, index: int, level: int, text: str) -> None:
        if self.first_heading_is_title and self.title is None and not self.questions and self.current is None:
            self.title = text
            return
        self.heading = text
        self.topic_level = level
        self.topic = slugify(text, max_length=40, fallback="general")

    # -- code ----------------------------------------------------------------------------
    def code(self, cell: CodeCell) -> None:
        if not cell.source.strip():
            return
        first_lines = [line for line in cell.source.split("\n") if line.strip()][:2]
        marked = any(ANSWER_MARKER.match(line.lstrip("# ")) or ANSWER_MARKER.match(line) for line in first_lines)
        if self.current is None:
            self.pending_code.append(cell)
            self.report.warnings.append(Note(self.where(cell.index), "code before any question: used as the "
                                             "setup of the next question"))
        elif marked or self.current.answering:
            self.current.answering = True
            self.current.answer_code.append(cell)
            self.current.answer_lines.append(f"\ue010{len(self.current.answer_code) - 1}\ue011")
        else:
            self.current.code.append(cell)

    def close(self) -> None:
        if self.current is not None:
            self.questions.append(self.current)
            self.current = None


def _has_answer(cell: Any) -> bool:
    """Whether a cell holds an answer (its headings are the answer's, not the notebook's)."""
    source = cell.get("source") or ""
    if ALERT_BLOCK.match(source):
        return True
    text = split_inline_answers(tidy_markdown(source))
    return any(ANSWER_MARKER.match(line) and not HEADING.match(line) for line in text.split("\n"))


def _first_heading_is_title(cells: Any) -> bool:
    """The first heading names the notebook when every later heading is deeper ("# Part 2"
    over "### CNNs"), or when it is a lone level-1 heading; when topics share its level
    ("# CNNs", "# Dropout") it is a topic."""
    levels = [len(m.group(1)) for cell in cells if cell.cell_type == "markdown" and not _has_answer(cell)
              for m in (HEADING.match(line) for line in (cell.get("source") or "").split("\n"))
              if m and not question_start(m.group(2)) and not SUB_QUESTION.match(m.group(2))]
    if not levels or any(level <= levels[0] for level in levels[1:]):
        return False
    return levels[0] == 1 or len(levels) > 1  # a lone "### Dropout" is a topic


def import_notebook(path: Path, data: bytes, options: ImportOptions) -> tuple[dict[str, Any], ImportReport]:
    """Read a notebook into a bank document and its report."""
    notebook = read_notebook(path, data)
    report = ImportReport(str(path), "notebook")
    walk = NotebookWalk(path, report)
    walk.first_heading_is_title = _first_heading_is_title(notebook.cells)
    for index, cell in enumerate(notebook.cells):
        source = cell.get("source") or ""
        if cell.cell_type == "markdown":
            walk.markdown(index, source)
        elif cell.cell_type == "code":
            walk.code(CodeCell(index, source, list(cell.get("outputs") or [])))
        elif source.strip():
            report.unmapped.append(Note(walk.where(index), f"a {cell.cell_type} cell"))
    walk.close()
    for cell in walk.pending_code:
        report.unmapped.append(Note(walk.where(cell.index), "code after the last question"))
    ids = IdAllocator()
    questions = []
    for raw in walk.questions:
        number = f"{raw.number}.{raw.sub}" if raw.sub else str(raw.number)
        wanted = f"{raw.topic[:32].strip('-')}-{number}" if raw.topic else f"q{number}"
        qid = ids.take_letter_suffixed(wanted)
        question = build_question(raw, qid, path, report)
        questions.append(question)
        report.count(question)
    header = bank_header(path, options, walk.title)
    if walk.macros:
        header["macros"] = dict(sorted(walk.macros.items()))
    report.details["topics"] = len({q.get("topic") for q in questions})
    return finish_bank(header, questions, path, report), report
