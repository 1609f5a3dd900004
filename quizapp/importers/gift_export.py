"""A bank -> Moodle GIFT text.

| bank | GIFT |
|---|---|
| `true_false` | one `{T}`/`{F}` question per statement, the stem before it; `explain` -> `####` feedback |
| `open` | essay `{}`, the model answer as its general feedback |
| `computed`, numeric / exact number | numerical `{#value:tolerance}` |
| `computed`, one_of / exact text | short answer `{=a =b}` (numbers: numerical with several answers) |
| `computed`, shape | short answer with the usual spellings (noted) |
| `computed` with parameters | one concrete question per declared example, placeholders filled (noted); without examples an essay at the first values (noted) |
| `computed` with only code, expression | essay (noted) |
| `multiple_choice` | `{=right ~wrong}`, choice explanations as `#feedback` |

No `{{name}}` placeholder ever reaches the GIFT text: Moodle students would see it raw.

A prompt holding `_____` gets its answers there (Moodle's "missing word"), which is how the
GIFT importer wrote it: GIFT -> bank -> GIFT gives back the same questions.
"""  # noqa: E501 - a Markdown table row cannot be wrapped

from __future__ import annotations

import re
from typing import Any

import msgspec

from quizapp.banks.kinds import Kind
from quizapp.banks.model import Bank, Code, Question
from quizapp.banks.variants import Variant
from quizapp.importers.export_images import Figures, data_uri_html
from quizapp.importers.gift_parse import BLANK
from quizapp.importers.report import ExportReport, Note
from quizapp.records import replace

_GENERIC_STEM = re.compile(r"^\s*(true\s*(or|/)\s*false)\s*[?:.]?\s*$", re.IGNORECASE)


def escape_gift(text: str) -> str:
    """Text -> GIFT: control characters escaped, line breaks as ``\\n``, backslashes that
    would read as an escape doubled (LaTeX ``\\nabla`` stays ``\\nabla``)."""
    out = []
    for i, ch in enumerate(text):
        if ch == "\\":
            nxt = text[i + 1:i + 2]
            out.append("\\\\" if (not nxt or nxt in "~=#{}:\\n") else "\\")
        elif ch in "~=#{}:":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 2**53):
        return str(int(value))
    return format(float(value), ".12g")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _feedback(text: str) -> str:
    return f"####{escape_gift(text)}" if text.strip() else ""


def _question_text(title: str | None, text: str, answers: str) -> str:
    """``::title::[markdown]text{answers}``, the answers in place of a `_____` blank."""
    head = f"::{escape_gift(title)}::" if title else ""
    if text.count(BLANK) == 1:
        before, after = text.split(BLANK)
        space = "" if after[:1] in ".,;:!?)" else " "
        body = f"{escape_gift(before.rstrip())} {answers}{space}{escape_gift(after.lstrip())}"
        return f"{head}[markdown]{body.strip()}"
    return f"{head}[markdown]{escape_gift(text)} {answers}"


def _prompt_with_setup(q: Question) -> str:
    if q.setup is None:
        return q.prompt
    return f"{q.prompt}\n\n```python\n{q.setup.text.rstrip()}\n```"


def bank_to_gift(bank: Bank, images: Figures | None = None) -> tuple[str, ExportReport]:
    """The bank as GIFT text, and what did not carry over (``images``: the demos' figures by
    question or question/statement, put in the feedback as inline PNGs)."""
    report = ExportReport(str(bank.path), "gift")
    out = [f"// {bank.title} (quizapp bank `{bank.id}`)", ""]
    topic = "general"  # the topic of questions before any $CATEGORY line
    for q in bank.questions:
        where = f"{bank.path.name}: `{q.id}`"
        if q.topic != topic:
            topic = q.topic
            out += [f"$CATEGORY: {topic}", ""]
        if q.demos or any(s.demos for s in q.statements):
            q, shown = with_images(q, images or {})
            report.approximated.append(Note(where, "demonstrations exported as their images only (GIFT cannot run code)"
                                            if shown else "demonstrations are not exported (GIFT cannot run code)"))
        for block in _question(q, where, report):
            out += [block, ""]
            report.items += 1
    return "\n".join(out).rstrip() + "\n", report


def _question(q: Question, where: str, report: ExportReport) -> list[str]:
    title = q.title or None
    if q.kind == Kind.TRUE_FALSE:
        blocks = []
        stem = "" if _GENERIC_STEM.match(q.stem) else q.stem
        for s in q.statements:
            if s.answer is None:
                report.skipped.append(Note(f"{where}/{s.id}", "statement without a true/false answer"))
                continue
            text = f"{stem}\n\n{s.text}" if stem else s.text
            statement_title = title if len(q.statements) == 1 else f"{q.title or q.id} / {s.id}"
            answers = f"{{{'TRUE' if s.answer else 'FALSE'}{_feedback(s.explain or q.explain)}}}"
            blocks.append(_question_text(statement_title, text, answers))
        return blocks
    prompt = _prompt_with_setup(q)
    if q.kind == Kind.OPEN:
        feedback = q.answer or ""
        extra = []
        if q.key_points:
            extra.append("Key points:\n" + "\n".join(f"- {p}" for p in q.key_points))
        if q.explain:
            extra.append(q.explain)
        if extra:
            feedback = "\n\n".join([feedback, *extra]).strip()
            report.approximated.append(Note(where, "key points / explanation added to the essay's feedback"))
        return [_question_text(title, prompt, f"{{{_feedback(feedback)}}}")]
    if q.kind == Kind.MULTIPLE_CHOICE:
        choices = " ".join(f"{'=' if c.correct else '~'}{escape_gift(c.text)}"
                           + (f"#{escape_gift(c.explain)}" if c.explain else "") for c in q.choices)
        if not q.shuffle:
            report.approximated.append(Note(where, "`shuffle: false` has no GIFT equivalent"))
        return [_question_text(title, prompt, f"{{{choices}{_feedback(q.explain)}}}")]
    if q.params:
        return _parametrised(q, where, report)
    return [_computed(q, title, prompt, where, report)]


def _concrete(q: Question, variant: Variant, answer: Any) -> Question:
    """``q`` at fixed parameters: placeholders filled, no parameters left."""
    setup = None if q.setup is None else Code(variant.fill(q.setup.text), q.setup.path, q.setup.line)
    return msgspec.structs.replace(q, prompt=variant.fill(q.prompt), setup=setup, hint=variant.fill(q.hint),
                                   explain=variant.fill(q.explain), answer=answer, params=(), examples=())


def _parametrised(q: Question, where: str, report: ExportReport) -> list[str]:
    """One concrete question per declared example (Moodle shows no placeholders); without
    examples, an essay at the first value of each parameter (no answer: it needs torch)."""
    name = q.title or q.id
    if not q.examples:
        variant = Variant(0, {p.name: p.values()[0] for p in q.params})
        concrete = _concrete(q, variant, None)
        report.approximated.append(Note(where, "parametrised question without declared examples: exported as an "
                                               "essay at the first value of each parameter"))
        return [_question_text(name, _prompt_with_setup(concrete), f"{{{_feedback(concrete.explain)}}}")]
    blocks = []
    for example in q.examples:
        variant = Variant(0, dict(example.params))
        concrete = _concrete(q, variant, example.answer)
        label = ", ".join(f"{k}={v}" for k, v in example.params.items())
        blocks.append(_computed(concrete, f"{name} ({label})", _prompt_with_setup(concrete), where, report))
    report.approximated.append(Note(where, f"parametrised question exported as {len(blocks)} concrete question(s), "
                                           "one per declared example"))
    return blocks


def _computed(q: Question, title: str | None, prompt: str, where: str, report: ExportReport) -> str:
    answer, compare = q.answer, q.compare
    absolute, relative = q.tolerance
    if answer is None or compare == "expression":
        why = "its answer is an expression" if compare == "expression" else "its answer is only computed by code"
        report.approximated.append(Note(where, f"computed question exported as an essay: {why}"))
        shown = f"The answer is `{answer}`." if answer is not None else ""
        return _question_text(title, prompt, f"{{{_feedback(_join(shown, q.explain))}}}")

    def tolerance_of(value: float) -> float:
        return max(absolute, relative * abs(value))

    feedback = _feedback(q.explain)
    if compare == "shape" and isinstance(answer, list):
        dims = [str(d) for d in answer]
        spellings = [f"({', '.join(dims)}{',' if len(dims) == 1 else ''})", f"[{', '.join(dims)}]", "x".join(dims)]
        report.approximated.append(Note(where, "shape answer exported as short answer with three spellings"))
        return _question_text(title, prompt, "{" + " ".join(f"={escape_gift(s)}" for s in spellings) + feedback + "}")
    values = answer if isinstance(answer, list) else [answer]
    if values and all(_is_number(v) for v in values):
        if len(values) == 1:
            body = f"#{_number(values[0])}:{_number(tolerance_of(values[0]))}"
        else:
            body = "#" + " ".join(f"={_number(v)}:{_number(tolerance_of(v))}" for v in values)
        return _question_text(title, prompt, f"{{{body}{feedback}}}")
    return _question_text(title, prompt, "{" + " ".join(f"={escape_gift(str(v))}" for v in values) + feedback + "}")


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def with_images(q: Question, images: Figures) -> tuple[Question, bool]:
    """``q`` with its demos' images appended to the explanations that become GIFT feedback
    (``<img>`` with a data URI: Moodle keeps it inside the question), and whether it had any."""
    own = images.get(q.id) or ()
    statements = tuple(
        replace(s, explain=_join(s.explain or q.explain, data_uri_html([*own, *images.get(f"{q.id}/{s.id}", ())])))
        if own or images.get(f"{q.id}/{s.id}") else s
        for s in q.statements)
    shown = bool(own) or statements != q.statements
    if not shown:
        return q, False
    return replace(q, explain=_join(q.explain, data_uri_html(own)) if own else q.explain, statements=statements), True


def export_gift(bank: Bank, path: Any, images: Figures | None = None) -> ExportReport:
    """Write ``bank`` as GIFT to ``path``; return the report."""
    from pathlib import Path

    text, report = bank_to_gift(bank, images)
    target = Path(path)
    target.write_text(text, encoding="utf-8")
    report.target = str(target)
    return report
