"""One collected notebook question -> one bank question (true/false, computed or open).

Answers are read only where the notebook states them: a true/false verdict at the start of
an answer (per statement when the answer is a numbered list), a model answer for open
questions. Everything else is left empty, and the report says so.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.importers.notebook_text import (
    QUESTION_NUMBER,
    answer_items,
    dedent_continuation,
    is_empty_answer,
    read_verdict,
    true_false_parts,
)
from quizapp.importers.report import ImportReport, Note
from quizapp.terminal_text import program_output

if TYPE_CHECKING:
    from quizapp.importers.notebook_import import CodeCell, RawQuestion

_SHAPE = re.compile(r"^torch\.Size\(\[([0-9,\s]*)\]\)$")
_TENSOR_SCALAR = re.compile(r"^tensor\((.+?)(?:,\s*dtype=[\w.]+)?(?:,\s*grad_fn=<\w+>)?\)$")


def _text_output(cell: "CodeCell", types: tuple[str, ...] = ("execute_result",)) -> str | None:
    for output in cell.outputs:
        if output.get("output_type") in types:
            data = output.get("data") or {}
            text = data.get("text/plain")
            if text is not None:
                return program_output("".join(text) if isinstance(text, list) else str(text)).strip()
    return None


def typed_value(text: str) -> tuple[str, Any] | None:
    """An output a student could type -> (compare, value): a shape, a number or a bool."""
    text = text.strip()
    shape = _SHAPE.match(text)
    if shape:
        return "shape", [int(v) for v in shape.group(1).replace(" ", "").split(",") if v]
    scalar = _TENSOR_SCALAR.match(text)
    if scalar:
        text = scalar.group(1).strip()
    if text in ("True", "False"):
        return "exact", text == "True"
    try:
        value = int(text)
        return "exact", value
    except ValueError:
        pass
    try:
        value_f = float(text)
    except ValueError:
        return None
    return ("numeric", value_f) if value_f == value_f and abs(value_f) != float("inf") else None


def _split_last_expression(code: str) -> tuple[str, str] | None:
    """(the code before its last expression, the expression), or None."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    last = tree.body[-1]
    lines = code.split("\n")
    before = "\n".join(lines[:last.lineno - 1]).rstrip()
    expression = ast.get_source_segment(code, last.value) or ""
    return before, expression


def _printed_shape(code: str, cell: "CodeCell") -> tuple[tuple[str, str], tuple[str, Any], str] | None:
    """A cell ending in ``print(f"{Y.shape=}")`` (or ``print(Y.shape)``) that printed a shape:
    ((code before, the printed expression), ("shape", dims), the printed line). Only shapes:
    printed numbers are too often from unseeded random data to be a declared answer."""
    printed = _stream(cell)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    if printed is None or not tree.body:
        return None
    last = tree.body[-1]
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Name) and last.value.func.id == "print"
            and len(last.value.args) == 1 and not last.value.keywords):
        return None
    arg = last.value.args[0]
    if isinstance(arg, ast.JoinedStr):
        values = [v for v in arg.values if isinstance(v, ast.FormattedValue)]
        if len(values) != 1:
            return None
        arg = values[0].value
    expression = ast.get_source_segment(code, arg)
    line = printed.strip().split("\n")[-1]
    value = typed_value(line.split("=", 1)[1] if "=" in line and not line.startswith("torch") else line)
    if expression is None or value is None or value[0] != "shape":
        return None
    before = "\n".join(code.split("\n")[:last.lineno - 1]).rstrip()
    return (before, expression), value, line


def runnable(code: str) -> tuple[str, bool]:
    """Notebook code -> code a snippet can run: IPython lines (`%magic`, `!shell`) are
    commented out. Returns (code, whether it compiles)."""
    lines = [f"# {line}" if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n")]
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    try:
        compile(text, "<notebook>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return text, False
    return text, True


def _prompt(raw: "RawQuestion") -> str:
    lines = list(raw.prompt_lines)
    width = len(str(raw.number)) + 2
    lines = lines[:1] + dedent_continuation(lines[1:], width)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _answer(raw: "RawQuestion") -> str:
    parts = []
    for line in raw.answer_lines:
        match = re.fullmatch("\ue010([0-9]+)\ue011", line)
        if match:
            cell = raw.answer_code[int(match.group(1))]
            code = "\n".join(line for line in cell.source.strip("\n").split("\n")).rstrip()
            parts.append(f"\n```python\n{code}\n```\n")
            output = _text_output(cell, ("execute_result", "stream", "display_data")) or _stream(cell)
            if output:
                parts.append(f"```text\n{output}\n```\n")
        else:
            parts.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).strip()
    return "" if is_empty_answer(text) else text


def _stream(cell: "CodeCell") -> str | None:
    texts = ["".join(o.get("text") or "") for o in cell.outputs if o.get("output_type") == "stream"]
    joined = program_output("".join(texts)).strip()  # colours and progress bars as text
    return joined or None


def build_question(raw: "RawQuestion", qid: str, path: Path, report: ImportReport) -> dict[str, Any]:
    """The bank question for ``raw`` (its id is ``qid``), adding notes to ``report``."""
    where = f"{path}: cell {raw.cell + 1}"
    prompt = _prompt(raw)
    answer = _answer(raw)
    question: dict[str, Any] = {"id": qid, "kind": "open"}
    if raw.topic:
        question["topic"] = raw.topic
    if raw.heading:
        question["title"] = f"{raw.heading} {qid.rsplit('-', 1)[-1]}"
    setup_parts, compute = _code(raw, where, report)
    if setup_parts:
        question["setup"] = "\n\n".join(setup_parts)
    prompt = prompt + "".join(f"\n\n```python\n{c}\n```" for c in _unrunnable(raw, where, report))
    tf = true_false_parts(prompt)
    if tf is not None and compute is None:
        per_statement = None
        if raw.statement_answers:  # statements one per cell, each with its own answer
            per_statement = [_answer_text(raw.statement_answers.get(n, [])) for n in range(1, len(tf.statements) + 1)]
        question.update(kind="true_false", stem=tf.stem, statements=_statements(tf.statements, answer, qid,
                                                                                 where, report, question,
                                                                                 per_statement))
        if len(raw.statement_cells) == len(question["statements"]):  # each from a cell of its own
            for statement, cell in zip(question["statements"], raw.statement_cells):
                statement["source"] = f"{path.name}, cell {cell + 1}"
    elif compute is not None:
        question.update(kind="computed", prompt=prompt, **compute)
        if answer:
            question["explain"] = answer
    else:
        question.update(prompt=prompt, answer=answer or None)
    question["source"] = f"{path.name}, cell {raw.cell + 1}"
    return question


def _unrunnable(raw: "RawQuestion", where: str, report: ImportReport) -> list[str]:
    shown = []
    for cell in raw.code:
        code, ok = runnable(cell.source)
        if not ok:
            shown.append(code)
            report.warnings.append(Note(f"{where.rsplit(':', 1)[0]}: cell {cell.index + 1}",
                                        "code that does not compile: shown in the prompt, not run"))
    return shown


def _code(raw: "RawQuestion", where: str, report: ImportReport) -> tuple[list[str], dict[str, Any] | None]:
    """(setup code parts, the computed fields or None)."""
    setup: list[str] = []
    compute: dict[str, Any] | None = None
    for cell in raw.code:
        code, ok = runnable(cell.source)
        if not ok:
            continue
        if code != cell.source.strip("\n"):
            report.warnings.append(Note(f"{where.rsplit(':', 1)[0]}: cell {cell.index + 1}",
                                        "IPython lines (% or !) commented out"))
        output = _text_output(cell)
        value = typed_value(output) if output is not None else None
        split = _split_last_expression(code) if value is not None else None
        if split is None:
            printed = _printed_shape(code, cell)
            if printed is not None:
                split, value, output = printed
        if compute is None and value is not None and split is not None:
            before, expression = split
            if before.strip():
                setup.append(before)
            compare, declared = value
            compute = {"compute": f"result = {expression}", "compare": compare, "answer": declared}
            report.warnings.append(Note(where, f"computed question: torch computes `{expression}` "
                                               f"(the notebook showed {output}); check the prompt asks for it"))
            continue
        if output is not None or any(o.get("output_type") == "stream" for o in cell.outputs):
            report.approximated.append(Note(f"{where.rsplit(':', 1)[0]}: cell {cell.index + 1}",
                                            "code output that is not a typed value: the code is setup"))
        setup.append(code)
    return setup, compute


def _answer_text(lines: list[str]) -> str:
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return "" if is_empty_answer(text) else text


def _statements(texts: list[str], answer: str, qid: str, where: str, report: ImportReport,
                question: dict[str, Any], per_statement: list[str] | None = None) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = [{"id": f"s{i}", "text": t, "answer": None} for i, t in enumerate(texts, 1)]
    if per_statement is not None:
        answer = "\n".join(per_statement)
    if not answer:
        return statements
    if per_statement is None:
        per_statement = [answer] if len(texts) == 1 else answer_items(answer, len(texts))
    if per_statement is None:
        question["explain"] = answer
        report.warnings.append(Note(where, f"`{qid}`: the answer could not be split per statement: kept as the "
                                           "question's explanation, true/false left empty"))
        return statements
    for statement, text in zip(statements, per_statement):
        verdict, explanation = read_verdict(text)
        if QUESTION_NUMBER.match(explanation):
            explanation = explanation.split(" ", 1)[-1]
        statement["answer"] = verdict
        if explanation:
            statement["explain"] = explanation
        if verdict is None:
            report.warnings.append(Note(where, f"`{qid}/{statement['id']}`: the answer gives no True/False "
                                               "verdict: left empty (its text is the explanation)"))
    return statements
