"""Read Moodle GIFT text into neutral `GiftQuestion`s (written from the format's
documentation; no code from Moodle or other parsers).

The rules: questions are separated by blank lines; lines starting with `//` are comments;
`$CATEGORY: path` sets the category of the questions after it; `::title::` names a question;
`[html]`, `[markdown]`, `[plain]`, `[moodle]` give the text's format; one `{…}` block holds the
answers (text after it makes a "missing word" question); `\\` escapes `~ = # { } :`, and `\\n`
is a line break. Inside the braces: `T`/`TRUE`/`F`/`FALSE` (feedback `#wrong#right`), nothing
(essay), `#…` (numerical: `value:tolerance`, `low..high`, several `=` answers), `=a -> b`
(matching), `=right ~wrong` with `%weight%` and `#feedback` (multiple choice, short answer),
and `####general feedback`.
"""

from __future__ import annotations

import re
from typing import Literal

from quizapp.importers.html_text import html_to_text, looks_like_html
from quizapp.records import MutableRecord, field

GiftKind = Literal["description", "essay", "true_false", "numerical", "short", "multiple_choice", "matching"]
ESCAPABLE = "~=#{}:"
BLANK = "_____"
MAX_PROBLEMS = 20  # a file with a systematic mistake should not print thousands of lines


class GiftSyntaxError(ValueError):
    """Problems that stop a GIFT file from being read; each is ``path:line:col: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class GiftAnswer(MutableRecord):
    """One answer inside the braces."""

    text: str = ""
    correct: bool = True  # `=` (True) or `~` (False)
    weight: float | None = None  # the %n% credit, None when not given
    feedback: str = ""
    match: str | None = None  # matching: the right-hand side of `->`
    number: tuple[float, float] | None = None  # numerical: (value, tolerance)

    @property
    def full_credit(self) -> bool:
        return self.correct if self.weight is None else self.weight >= 100


class GiftQuestion(MutableRecord):
    """One question as GIFT describes it (text already unescaped and converted to Markdown)."""

    kind: GiftKind
    line: int
    col: int
    text: str
    title: str | None = None
    format: str = "moodle"
    category: str | None = None
    answers: list[GiftAnswer] = field(default_factory=list)
    true_false: bool | None = None
    feedback_wrong: str = ""  # true/false: shown for a wrong answer
    feedback_right: str = ""
    general_feedback: str = ""
    missing_word: bool = False
    notes: list[str] = field(default_factory=list)


class _Block:
    """One question's lines joined, remembering where each character came from."""

    def __init__(self, lines: list[tuple[int, str]], path: str) -> None:
        self.path = path
        self.text = "\n".join(text for _, text in lines)
        self.starts: list[tuple[int, int]] = []  # (offset in text, file line)
        offset = 0
        for number, text in lines:
            self.starts.append((offset, number))
            offset += len(text) + 1

    def where(self, offset: int) -> str:
        line_offset, line = self.starts[0]
        for start, number in self.starts:
            if start > offset:
                break
            line_offset, line = start, number
        return f"{self.path}:{line}:{offset - line_offset + 1}"

    def position(self, offset: int) -> tuple[int, int]:
        _, line, col = self.where(offset).rsplit(":", 2)
        return int(line), int(col)


def find_unescaped(text: str, chars: str, start: int = 0) -> int:
    """Index of the first of ``chars`` at or after ``start`` not preceded by a backslash
    escape, or -1."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in chars:
            return i
        i += 1
    return -1


def split_unescaped(text: str, sep: str) -> list[str]:
    """Split at every unescaped occurrence of the string ``sep``."""
    parts, i, last = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append(text[last:i])
            i += len(sep)
            last = i
            continue
        i += 1
    parts.append(text[last:])
    return parts


def unescape(text: str) -> str:
    """Resolve GIFT escapes: ``\\~ \\= \\# \\{ \\} \\:`` and ``\\\\`` give the character, ``\\n``
    a line break; any other backslash stays as written (LaTeX such as ``\\frac``)."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in ESCAPABLE or nxt == "\\":
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def clean_text(raw: str, fmt: str) -> str:
    """Raw GIFT text -> Markdown: line breaks in the file are spaces (a real break is
    ``\\n``), escapes resolved, HTML converted."""
    collapsed = re.sub(r"[ \t]*\n[ \t]*", " ", raw).strip()
    text = unescape(collapsed)
    if fmt == "html" or (fmt == "moodle" and looks_like_html(text)):
        text = html_to_text(text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _blocks(source: str) -> list[list[tuple[int, str]]]:
    """Split into questions: blank lines separate them, `//` comment lines disappear."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                blocks.append(current)
            current = []
            continue
        current.append((number, line.rstrip()))
    if current:
        blocks.append(current)
    return blocks


def parse_gift(source: str, path: str = "<gift>") -> list[GiftQuestion]:
    """Parse a whole GIFT file. Raises `GiftSyntaxError` listing every question it cannot read."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    questions: list[GiftQuestion] = []
    problems: list[str] = []
    category: str | None = None
    for lines in _blocks(source):
        if lines[0][1].lstrip().upper().startswith("$CATEGORY:"):
            category = lines[0][1].split(":", 1)[1].strip()
            lines = lines[1:]
            if not lines:
                continue
        block = _Block(lines, path)
        try:
            question = _parse_question(block)
        except _Problem as problem:
            problems.append(f"{block.where(problem.offset)}: {problem.message}")
            continue
        question.category = category
        questions.append(question)
    if problems:
        shown = problems[:MAX_PROBLEMS] + ([f"… and {len(problems) - MAX_PROBLEMS} more"]
                                           if len(problems) > MAX_PROBLEMS else [])
        raise GiftSyntaxError(shown)
    return questions


class _Problem(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


_FORMAT = re.compile(r"\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_TF = re.compile(r"(T|TRUE|F|FALSE)\s*(#.*)?", re.IGNORECASE | re.DOTALL)
_WEIGHT = re.compile(r"\s*%(-?[0-9]+(?:\.[0-9]+)?)%")


def _parse_question(block: _Block) -> GiftQuestion:
    text = block.text
    pos = len(text) - len(text.lstrip())
    line, col = block.position(pos)
    title = None
    if text.startswith("::", pos):
        end = text.find("::", pos + 2)
        while end != -1 and text[end - 1] == "\\":
            end = text.find("::", end + 1)
        if end == -1:
            raise _Problem(pos, "the title has no closing `::`")
        title = clean_text(text[pos + 2:end], "plain") or None
        pos = end + 2
    fmt = "moodle"
    match = _FORMAT.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
    if match:
        fmt = match.group(1).lower()
        pos = match.end()
    open_at = find_unescaped(text, "{}", pos)
    if open_at == -1:
        body = clean_text(text[pos:], fmt)
        return GiftQuestion("description", line, col, body, title, fmt)
    if text[open_at] == "}":
        raise _Problem(open_at, "`}` without an opening `{` (write \\} for a literal brace)")
    close_at = find_unescaped(text, "{}", open_at + 1)
    if close_at == -1:
        raise _Problem(open_at, "the answers opened here with `{` are never closed with `}`")
    if text[close_at] == "{":
        raise _Problem(close_at, "a `{` inside the answers (write \\{ for a literal brace)")
    if text[pos:open_at].count("$") % 2 == 1:
        raise _Problem(open_at, "a `{` inside $math$: in GIFT, write LaTeX braces as \\{ and \\}")
    after = text[close_at + 1:]
    extra = find_unescaped(after, "{}")
    if extra != -1:
        raise _Problem(close_at + 1 + extra, "a question can have only one `{…}` answer block "
                                             "(separate questions with a blank line)")
    before_text = clean_text(text[pos:open_at], fmt)
    after_text = clean_text(after, fmt)
    question = GiftQuestion("essay", line, col, before_text, title, fmt)
    if after_text:
        question.missing_word = True
        glue = "" if after_text[0] in ".,;:!?)" else " "
        question.text = f"{before_text} {BLANK}{glue}{after_text}".strip()
    _parse_answers(block, open_at + 1, text[open_at + 1:close_at], question)
    return question


def _parse_answers(block: _Block, start: int, inner: str, question: GiftQuestion) -> None:
    fmt = question.format
    parts = split_unescaped(inner, "####")
    body = parts[0]
    if len(parts) > 1:
        question.general_feedback = clean_text("####".join(parts[1:]), fmt)
    stripped = body.strip()
    lead = start + len(body) - len(body.lstrip())
    if not stripped:
        question.kind = "essay"
        return
    tf = _TF.fullmatch(stripped)
    if tf:
        question.kind = "true_false"
        question.true_false = tf.group(1).upper().startswith("T")
        feedback = split_unescaped(stripped, "#")[1:]
        question.feedback_wrong = clean_text(feedback[0], fmt) if feedback else ""
        question.feedback_right = clean_text(feedback[1], fmt) if len(feedback) > 1 else ""
        if len(feedback) > 2:
            raise _Problem(lead, "a true/false answer takes at most two feedbacks: {T#if wrong#if right}")
        return
    if stripped.startswith("#"):
        question.kind = "numerical"
        question.answers = _numerical_answers(block, lead + 1, stripped[1:], fmt)
        return
    answers = _choice_answers(block, lead, stripped, fmt, question)
    if any(a.match is not None for a in answers):
        question.kind = "matching"
    elif any(not a.correct for a in answers):
        question.kind = "multiple_choice"
    else:
        question.kind = "short"
    question.answers = answers


def _items(text: str) -> list[tuple[int, str, str]]:
    """Split ``=a ~b =c`` into (offset, marker, body) at every unescaped ``=`` or ``~``."""
    marks = []
    i = find_unescaped(text, "=~")
    while i != -1:
        marks.append(i)
        i = find_unescaped(text, "=~", i + 1)
    return [(m, text[m], text[m + 1:(marks[k + 1] if k + 1 < len(marks) else len(text))])
            for k, m in enumerate(marks)]


def _weight(body: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(body)
    if not match:
        return None, body
    return float(match.group(1)), body[match.end():]


def _choice_answers(block: _Block, start: int, text: str, fmt: str, question: GiftQuestion) -> list[GiftAnswer]:
    items = _items(text)
    if not items or text[:items[0][0]].strip():
        if "#" not in text and "->" not in text and not items:
            # `{answer}` with no `=`: read as the one right short answer (Moodle needs `=`).
            question.notes.append("answer written without `=`: read as the one right answer")
            return [GiftAnswer(text=clean_text(text, fmt))]
        raise _Problem(start, "cannot read the answers: start each one with `=` (right) or `~` (wrong)")
    # Matching: every answer is `=item -> match`; otherwise `->` is just text.
    matching = all(marker == "=" and "->" in split_unescaped(body, "#")[0] for _, marker, body in items)
    answers = []
    for offset, marker, body in items:
        weight, body = _weight(body)
        pieces = split_unescaped(body, "#")
        answer_text = pieces[0]
        feedback = clean_text("#".join(pieces[1:]), fmt) if len(pieces) > 1 else ""
        match = None
        if matching:
            left, _, right = answer_text.partition("->")
            answer_text, match = left, clean_text(right, fmt)
        cleaned = clean_text(answer_text, fmt)
        if not cleaned and match is None:
            raise _Problem(start + offset, f"an empty answer after `{marker}`")
        answers.append(GiftAnswer(cleaned, marker == "=", weight, feedback, match))
    return answers


_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_RANGE = re.compile(rf"\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*")
_TOLERANCE = re.compile(rf"\s*({_NUMBER})\s*(?::\s*({_NUMBER}))?\s*")


def _numerical_answers(block: _Block, start: int, text: str, fmt: str) -> list[GiftAnswer]:
    if text.strip() and text.strip()[0] not in "=~":
        items = [(0, "=", text)]
    else:
        items = _items(text)
        if not items:
            raise _Problem(start, "a numerical question needs a number, e.g. {#3.14:0.01} or {#1..5}")
    answers = []
    for offset, marker, body in items:
        weight, body = _weight(body)
        pieces = split_unescaped(body, "#")
        value = unescape(pieces[0])
        feedback = clean_text("#".join(pieces[1:]), fmt) if len(pieces) > 1 else ""
        ranged = _RANGE.fullmatch(value)
        toleranced = _TOLERANCE.fullmatch(value)
        if ranged:
            low, high = float(ranged.group(1)), float(ranged.group(2))
            if high < low:
                raise _Problem(start + offset, f"the range {low:g}..{high:g} ends below its start")
            number = ((low + high) / 2, (high - low) / 2)
        elif toleranced:
            number = (float(toleranced.group(1)), abs(float(toleranced.group(2) or 0)))
        else:
            raise _Problem(start + offset, f"cannot read {value.strip()!r} as a number: "
                                           "write value, value:tolerance or low..high")
        answers.append(GiftAnswer(value.strip(), marker == "=", weight, feedback, number=number))
    return answers
