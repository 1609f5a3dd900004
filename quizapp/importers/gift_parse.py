"""Read Moodle GIFT text into neutral `GiftQuestion`s (written from the format's
documentation and the rules of Moodle's importer; no code from Moodle or other parsers).

The rules: questions are separated by blank lines; lines starting with `//` are comments;
`$CATEGORY: path` sets the category of the questions after it; `::title::` names a question;
`[html]`, `[markdown]`, `[plain]`, `[moodle]` give the format of a text (the question's, or one
answer's or feedback's); the first `{` and the first `}` hold the answers (text after them
makes a "missing word" question, `_____` where the braces were); `\\` escapes `~ = # { } :`,
and `\\n` is a line break. Inside the braces, as Moodle decides, in this order: nothing (essay),
`#…` (numerical: `value:tolerance`, `low..high`, several `=` answers, and after the first `~`
a feedback for wrong answers), any `~` (multiple choice: `=right ~wrong ~%50%partial`, with
`#feedback`), `=a -> b` (matching), `T`/`TRUE`/`F`/`FALSE` (feedback `#wrong#right`), else
short answer (`=a =b`, a first answer without `=` counts too). The last `####` starts the
general feedback.

A question that cannot be read is skipped with its `path:line:col` and the reason; the others
are read (`GiftParse.skipped`). Read beyond Moodle: a Cloze marker `{1:SA:=…}` (Moodle's
embedded-answers syntax, which its GIFT importer would keep as an answer text) is read as the
question kind it names, and noted.
"""

from __future__ import annotations

import re
from typing import Literal

from quizapp.importers.html_text import html_to_text, looks_like_html
from quizapp.records import MutableRecord, field
from quizapp.unescaped import find_unescaped

GiftKind = Literal["description", "essay", "true_false", "numerical", "short", "multiple_choice", "matching"]
ESCAPABLE = "~=#{}:"
BLANK = "_____"


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
    feedback_wrong: str = ""  # true/false and numerical: shown for a wrong answer
    feedback_right: str = ""
    general_feedback: str = ""
    missing_word: bool = False
    notes: list[str] = field(default_factory=list)  # read as written, but worth a look
    changes: list[str] = field(default_factory=list)  # read differently from what the file says


class GiftSkip(MutableRecord):
    """A question left out: where (``path:line:col``) and why."""

    where: str
    message: str


class GiftParse(MutableRecord):
    """A whole file: the questions read and the ones skipped."""

    questions: list[GiftQuestion] = field(default_factory=list)
    skipped: list[GiftSkip] = field(default_factory=list)
    descriptions: int = 0


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
        line, col = self.position(offset)
        return f"{self.path}:{line}:{col}"

    def position(self, offset: int) -> tuple[int, int]:
        line_offset, line = self.starts[0]
        for start, number in self.starts:
            if start > offset:
                break
            line_offset, line = start, number
        return line, offset - line_offset + 1


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


def _rfind_unescaped(text: str, sep: str) -> int:
    """Index of the last unescaped ``sep`` in ``text``, or -1."""
    parts = split_unescaped(text, sep)
    return -1 if len(parts) == 1 else len(text) - len(parts[-1]) - len(sep)


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


_FORMAT = re.compile(r"\s*\[(html|markdown|plain|moodle)\]", re.IGNORECASE)


def clean_text(raw: str, fmt: str) -> str:
    """Raw GIFT text -> Markdown: a leading ``[format]`` of its own wins over ``fmt`` (Moodle
    reads one before any question, answer or feedback text); line breaks in the file are spaces
    (a real break is ``\\n``), escapes resolved, HTML converted."""
    own = _FORMAT.match(raw)
    if own:
        fmt, raw = own.group(1).lower(), raw[own.end():]
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


def parse_gift(source: str, path: str = "<gift>") -> GiftParse:
    """Parse a whole GIFT file: every question that can be read, and each one skipped with
    its ``path:line:col`` and the reason."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    result = GiftParse()
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
            result.skipped.append(GiftSkip(block.where(problem.offset), problem.message))
            continue
        question.category = category
        if question.kind == "description":
            result.descriptions += 1
        result.questions.append(question)
    return result


class _Problem(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


_TF = re.compile(r"(T|TRUE|F|FALSE)", re.IGNORECASE)
_WEIGHT = re.compile(r"\s*%(-?[0-9]+(?:\.[0-9]*)?)%")
# Moodle's embedded answers (Cloze): `{1:SHORTANSWER:=…}`; the weight before the type is optional.
_CLOZE = re.compile(r"\s*([0-9]*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|NUMERICAL|NM|MULTICHOICE|MC|"
                    r"MULTICHOICE_[VHS]|MULTICHOICE_[VH]S|MC[VHS]|MC[VH]S|MULTIRESPONSE|MR|MULTIRESPONSE_[HS]|"
                    r"MULTIRESPONSE_HS|MR[HS]|MRHS):", re.IGNORECASE)


def _parse_question(block: _Block) -> GiftQuestion:
    text = block.text
    pos = len(text) - len(text.lstrip())
    line, col = block.position(pos)
    title = None
    untitled = False
    if text.startswith("::", pos):
        end = text.find("::", pos + 2)
        while end != -1 and text[end - 1] == "\\":
            end = text.find("::", end + 1)
        if end == -1:  # Moodle reads on: no name, the text after the `::`
            untitled = True
            pos += 2
        else:
            title = clean_text(text[pos + 2:end], "plain") or None
            pos = end + 2
    fmt = "moodle"
    match = _FORMAT.match(text, pos)
    if match:
        fmt = match.group(1).lower()
        pos = match.end()
    open_at = find_unescaped(text, "{", pos)
    close_at = find_unescaped(text, "}", pos)
    if open_at == -1 and close_at == -1:
        question = GiftQuestion("description", line, col, clean_text(text[pos:], fmt), title, fmt)
        return question
    if open_at == -1 or (close_at != -1 and close_at < open_at):
        raise _Problem(close_at, "`}` without an opening `{` (write \\} for a literal brace)")
    if close_at == -1:
        raise _Problem(open_at, "the answers opened here with `{` are never closed with `}`")
    if text[pos:open_at].count("$") % 2 == 1:
        raise _Problem(open_at, "a `{` inside $math$: in GIFT, write LaTeX braces as \\{ and \\}")
    nested = find_unescaped(text, "{", open_at + 1)
    if nested != -1 and nested < close_at:
        raise _Problem(nested, "a `{` inside the answers (write \\{ for a literal brace)")
    after = text[close_at + 1:]
    extra = find_unescaped(after, "{}")
    if extra != -1:
        cloze = _CLOZE.match(text, open_at + 1)
        reason = ("several embedded answers `{1:SA:…}` in one question (a Moodle Cloze question): quizapp "
                  "asks one thing per card; split it into questions" if cloze else
                  "a question can have only one `{…}` answer block (separate questions with a blank line)")
        raise _Problem(close_at + 1 + extra, reason)
    before_text = clean_text(text[pos:open_at], fmt)
    after_text = clean_text(after, fmt)
    question = GiftQuestion("essay", line, col, before_text, title, fmt)
    if untitled:
        question.notes.append("the title has no closing `::`: read as question text, as Moodle does")
    if after_text:
        question.missing_word = True
        glue = "" if after_text[0] in ".,;:!?)" else " "
        question.text = f"{before_text} {BLANK}{glue}{after_text}".strip()
    _parse_answers(block, open_at + 1, text[open_at + 1:close_at], question)
    return question


def _parse_answers(block: _Block, start: int, inner: str, question: GiftQuestion) -> None:
    fmt = question.format
    cut = _rfind_unescaped(inner, "####")  # Moodle: the last `####` starts the general feedback
    body = inner
    if cut != -1:
        question.general_feedback = clean_text(inner[cut + 4:], fmt)
        body = inner[:cut]
    stripped = body.strip()
    lead = start + len(body) - len(body.lstrip())
    if not stripped:
        question.kind = "essay"
        return
    cloze = _CLOZE.match(stripped)
    if cloze:
        _parse_cloze(lead, stripped, cloze, question)
        return
    if stripped.startswith("#"):
        question.kind = "numerical"
        _numerical(lead + 1, stripped[1:], question)
        return
    if find_unescaped(stripped, "~") != -1:
        _multiple_choice(lead, stripped, question)
        return
    if find_unescaped(stripped, "=") != -1 and "->" in stripped:
        _matching(lead, stripped, question)
        return
    verdict = split_unescaped(stripped, "#")
    if _TF.fullmatch(verdict[0].strip()):
        question.kind = "true_false"
        question.true_false = verdict[0].strip().upper().startswith("T")
        question.feedback_wrong = clean_text(verdict[1], fmt) if len(verdict) > 1 else ""
        question.feedback_right = clean_text("#".join(verdict[2:]), fmt) if len(verdict) > 2 else ""
        return
    question.kind = "short"
    question.answers = _short_answers(lead, stripped, question)


def _items(text: str) -> list[tuple[int, str, str]]:
    """Split ``=a ~b =c`` into (offset, marker, body) at every unescaped ``=`` or ``~``; text
    before the first mark is an item with marker ``""``."""
    marks = []
    i = find_unescaped(text, "=~")
    while i != -1:
        marks.append(i)
        i = find_unescaped(text, "=~", i + 1)
    items = [(m, text[m], text[m + 1:(marks[k + 1] if k + 1 < len(marks) else len(text))])
             for k, m in enumerate(marks)]
    head = text[:marks[0]] if marks else text
    if head.strip():
        items.insert(0, (0, "", head))
    return items


def _weight(body: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(body)
    if not match:
        return None, body
    return float(match.group(1)), body[match.end():]


def _answer(body: str, marker: str, fmt: str) -> GiftAnswer:
    """One `=`/`~` item: its weight, text and `#feedback`."""
    weight, body = _weight(body)
    pieces = split_unescaped(body, "#")
    feedback = clean_text("#".join(pieces[1:]), fmt) if len(pieces) > 1 else ""
    return GiftAnswer(clean_text(pieces[0], fmt), marker != "~", weight, feedback)


def _multiple_choice(start: int, text: str, question: GiftQuestion) -> None:
    question.kind = "multiple_choice"
    answers = []
    for _offset, marker, body in _items(text):
        answer = _answer(body, marker or "~", question.format)
        if not answer.text:
            question.changes.append(f"an empty choice after `{marker or '{'}` left out")
            continue
        if not marker:
            question.notes.append(f"text before the first `~`/`=` ({answer.text!r}) read as a wrong choice, "
                                  "as Moodle does")
        answers.append(answer)
    if len(answers) < 2:
        raise _Problem(start, "a multiple-choice question needs at least two choices")
    question.answers = answers


def _matching(start: int, text: str, question: GiftQuestion) -> None:
    question.kind = "matching"
    answers = []
    for offset, _marker, body in _items(text):
        pair = split_unescaped(body, "#")[0]
        if "->" not in pair:
            raise _Problem(start + offset, "a matching question needs `=item -> match` in every answer")
        left, _, right = pair.partition("->")
        answers.append(GiftAnswer(clean_text(left, question.format), True, None, "",
                                  clean_text(right, question.format)))
    question.answers = answers


def _short_answers(start: int, text: str, question: GiftQuestion) -> list[GiftAnswer]:
    answers = []
    for _offset, marker, body in _items(text):
        if marker == "~":  # only reached from a Cloze SA, where `~` marks a wrong answer
            continue
        answer = _answer(body, "=", question.format)
        if not answer.text:
            question.changes.append("an empty answer left out")
            continue
        if not marker:
            question.notes.append(f"answer {answer.text!r} written without `=`: read as a right answer, "
                                  "as Moodle does")
        answers.append(answer)
    if not answers:
        raise _Problem(start, "a short-answer question needs an answer, e.g. {=Paris}")
    return answers


_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_RANGE = re.compile(rf"\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*")
_TOLERANCE = re.compile(rf"\s*({_NUMBER})\s*(?::\s*({_NUMBER}))?\s*")


def _number(start: int, value: str) -> tuple[float, float]:
    ranged = _RANGE.fullmatch(value)
    if ranged:
        low, high = float(ranged.group(1)), float(ranged.group(2))
        if high < low:
            raise _Problem(start, f"the range {low:g}..{high:g} ends below its start")
        return (low + high) / 2, (high - low) / 2
    toleranced = _TOLERANCE.fullmatch(value)
    if toleranced:
        return float(toleranced.group(1)), abs(float(toleranced.group(2) or 0))
    raise _Problem(start, f"cannot read {value.strip()!r} as a number: write value, value:tolerance or low..high")


def _numerical(start: int, text: str, question: GiftQuestion) -> None:
    """`{#…}`: as Moodle reads it, everything from the first `~` is the feedback for any other
    answer; the rest is answers, each after a `=` (the first may go without)."""
    fmt = question.format
    cut = find_unescaped(text, "~")
    if cut != -1:
        wrong = text[cut + 1:]
        _, wrong = _weight(wrong)
        pieces = split_unescaped(wrong, "#")
        question.feedback_wrong = clean_text("#".join(pieces[1:]) if len(pieces) > 1 else pieces[0], fmt)
        text = text[:cut]
    answers = []
    for offset, marker, body in _items(text):
        if marker == "~":
            continue
        pieces = split_unescaped(_weight(body)[1], "#")
        if pieces[0].strip() == "*":  # Moodle's "any other answer": a feedback for wrong answers
            question.feedback_wrong = question.feedback_wrong or clean_text("#".join(pieces[1:]), fmt)
            continue
        answers.append(_numeric_answer(start + offset, body, fmt))
    if not answers:
        raise _Problem(start, "a numerical question needs a number, e.g. {#3.14:0.01} or {#1..5}")
    question.answers = answers


def _numeric_answer(start: int, body: str, fmt: str, correct: bool = True) -> GiftAnswer:
    weight, body = _weight(body)
    pieces = split_unescaped(body, "#")
    value = unescape(pieces[0])
    feedback = clean_text("#".join(pieces[1:]), fmt) if len(pieces) > 1 else ""
    return GiftAnswer(value.strip(), correct, weight, feedback, number=_number(start, value))


def _parse_cloze(start: int, text: str, cloze: re.Match[str], question: GiftQuestion) -> None:
    """`{1:SA:=incapable}`: Moodle's embedded-answers (Cloze) syntax inside a GIFT file. Moodle's
    GIFT import would keep `1:SA:` as an answer text; we read the kind the marker names."""
    kind = cloze.group(2).upper()
    body = text[cloze.end():]
    at = start + cloze.end()
    fmt = question.format
    if kind.startswith(("NUMERICAL", "NM")):
        question.kind = "numerical"
        answers = []
        for offset, marker, item in _items(body):
            answer = _numeric_answer(at + offset, item, fmt, marker != "~")
            if marker == "~" and (answer.weight or 0) <= 0:
                question.feedback_wrong = question.feedback_wrong or answer.feedback
                continue
            answers.append(answer)
        if not answers:
            raise _Problem(at, "an embedded numerical answer needs a number, e.g. {1:NM:=3.14:0.01}")
        question.answers = answers
        read_as = "a numerical question"
    elif kind.startswith(("MULTICHOICE", "MC", "MULTIRESPONSE", "MR")):
        _multiple_choice(at, body, question)
        read_as = "a multiple-choice question"
    else:
        question.kind = "short"
        question.answers = _short_answers(at, body, question)
        read_as = "a short answer"
    question.changes.append(f"embedded-answer (Cloze) syntax `{{{cloze.group(0).strip()}…}}` read as {read_as}")
