"""Reading the Markdown of course notebooks: LaTeX macros, HTML wrappers, answer markers,
numbered items, true/false stems and verdicts.

Kept apart from the cell walk in `notebook_import` so each rule can be read (and tested) on
its own.
"""

from __future__ import annotations

import html
import re

from quizapp.records import MutableRecord, Record
from quizapp.unescaped import matching_brace

# -- LaTeX macros ------------------------------------------------------------------------

_NEWCOMMAND = re.compile(r"\\(?:re)?newcommand\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d*)\])?\s*(\[[^\]]*\])?\s*\{")


class Macros(Record, frozen=True):
    """Macros found in the notebook, and those the bank format cannot hold (with why)."""

    found: dict[str, str]
    skipped: list[str]


def extract_macros(text: str) -> tuple[str, Macros]:
    """Take `\\newcommand` definitions out of ``text``; return the rest and the macros.

    A `$$ … $$` block left empty by the removal disappears with them. Macros with an
    optional argument (`\\newcommand{\\E}[2][]{…}`) have no equivalent in a bank: skipped.
    """
    found: dict[str, str] = {}
    skipped: list[str] = []
    out: list[str] = []
    pos = 0
    for match in _NEWCOMMAND.finditer(text):
        if match.start() < pos:
            continue
        end = matching_brace(text, match.end() - 1)  # the match ends with the body's `{`
        if end == -1:
            continue
        name, _count, optional = match.group(1), match.group(2), match.group(3)
        body = text[match.end():end - 1].strip()
        if optional is not None:
            skipped.append(f"\\{name} (it has an optional argument)")
        elif name not in found:
            found[name] = body
        out.append(text[pos:match.start()])
        pos = end
    out.append(text[pos:])
    rest = "".join(out)
    rest = re.sub(r"\$\$\s*\$\$", "", rest)
    return rest, Macros(found, skipped)


# -- HTML inside Markdown ------------------------------------------------------------------

_IMG = re.compile(r"<img\b[^>]*?src\s*=\s*[\"']?([^\"'\s>]+)[\"']?[^>]*>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\s+(?:id|name)\s*=[^>]*>\s*</a>", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_WRAPPERS = re.compile(r"</?(?:center|div|span|font|u|p|details|summary|section|small|big|mark|ins)\b[^>]*>",
                       re.IGNORECASE)
_BOLD = re.compile(r"</?(?:b|strong)\s*>", re.IGNORECASE)
_ITALIC = re.compile(r"</?(?:i|em)\s*>", re.IGNORECASE)


def tidy_markdown(text: str) -> str:
    """Notebook Markdown -> bank Markdown: the HTML a terminal cannot show is unwrapped
    (images become Markdown images, `<br>` a line break, anchors and colour wrappers go),
    entities are decoded, trailing spaces and extra blank lines removed."""
    text = _ANCHOR.sub("", text)
    text = _IMG.sub(lambda m: f"![image]({m.group(1)})", text)
    text = _BR.sub("\n", text)
    text = _WRAPPERS.sub("", text)
    text = _BOLD.sub("**", text)
    text = _ITALIC.sub("*", text)
    text = re.sub(r"&(nbsp|amp|lt|gt|quot|#39|#x27);", lambda m: html.unescape(m.group(0)), text)
    text = text.replace("\xa0", " ")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# -- Structure ---------------------------------------------------------------------------

HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# "3. Explain…", "**3.** Explain…", "Q3) …", "Question 3: …"; the number is group 1, the text group 2.
QUESTION_NUMBER = re.compile(r"^ ?(?:\*\*|__)?(?:(?:question|q)\s*)?(\d{1,3})\s*[.):](?:\*\*|__)?\s+(\S.*)$",
                             re.IGNORECASE)
# "Question 3" or "**Q3.**" alone on its line (often a heading): the text follows below.
BARE_QUESTION_NUMBER = re.compile(r"^ ?(?:\*\*|__)?(?:question|q)\s*(\d{1,3})\s*[.):]?(?:\*\*|__)?\s*$()",
                                  re.IGNORECASE)


def question_start(line: str) -> re.Match[str] | None:
    """The match of a line that starts question N (group 1: N, group 2: its text), or None."""
    return QUESTION_NUMBER.match(line) or BARE_QUESTION_NUMBER.match(line)
LIST_ITEM = re.compile(r"^(\s*)(\d{1,3}|[a-zA-Z])[.)]\s+(.*)$")
ANSWER_LIST_ITEM = re.compile(r"^ {0,3}(\d{1,3})[.)]\s")
_MARK = r"(?:\*\*|__|\*|_)"
# "**Answer:**", "## Answer", "Answer 3:", "<b><u>Answer 3.1:</u></b>" (tidied to "**Answer 3.1:**"),
# "Answer to question 3:", "My answer:".
ANSWER_MARKER = re.compile(
    rf"^[ \t]*(?:#{{1,6}}[ \t]*)?(?:{_MARK}[ \t]*)?(?:(?:my|your|our)[ \t]+)?(?:answers?|solution)"
    rf"(?:[ \t]+(?:to[ \t]+)?(?:(?:question|q)[ \t]*)?\d{{1,3}}(?:\.\d{{1,2}})?[a-z]?)?[ \t]*"
    rf"(?::[ \t]*(?:{_MARK})?[ \t]*:?|{_MARK}[ \t]*:?[ \t]*(?:{_MARK})?[ \t]*:?|$)",
    re.IGNORECASE,
)
# A cell that is one Bootstrap alert box (Jupyter's coloured boxes): where answers are written.
ALERT_BLOCK = re.compile(r"^\s*<div\b[^>]*\bclass\s*=\s*[\"'][^\"']*\balert\b[^>]*>.*</div>\s*$",
                         re.IGNORECASE | re.DOTALL)
# A bold answer marker after the question on the same line: "1. Why? **Answer:** because…".
INLINE_ANSWER_MARKER = re.compile(r"(?:\*\*|__)(?:answers?|solution)(?:[ \t]+\d{1,3}(?:\.\d{1,2})?)?"
                                  r"[ \t]*:?[ \t]*(?:\*\*|__)", re.IGNORECASE)
# "3.1 …", "**3.2.** …", "Question 3b) …": sub-question b of question 3 (groups: 3, b, text).
SUB_QUESTION = re.compile(r"^ ?(?:\*\*|__)?(?:(?:question|q)\s*)?(\d{1,3})(?:\.(\d{1,2})|([a-h]))[.):]?"
                          r"(?:\*\*|__)?\s+(\S.*)$", re.IGNORECASE)


def split_inline_answers(text: str) -> str:
    """Put a bold answer marker that follows text on its own line, so the walk sees it."""
    lines = []
    for line in text.split("\n"):
        match = INLINE_ANSWER_MARKER.search(line)
        if match and line[:match.start()].strip() and not ANSWER_MARKER.match(line):
            lines.extend([line[:match.start()].rstrip(), line[match.start():]])
        else:
            lines.append(line)
    return "\n".join(lines)


def is_true_false_stem(text: str) -> bool:
    return bool(_TRUE_OR_FALSE.search(text))


_TRUE_OR_FALSE = re.compile(r"true\s*(?:or|/)\s*false", re.IGNORECASE)
_TF_LEAD = re.compile(r"(?:\*\*|__)?\s*true\s*(?:or|/)\s*false\s*(?:\*\*|__)?\s*[:?.]\s*(?:\*\*|__)?", re.IGNORECASE)
_VERDICT = re.compile(r"^[\s*_`>(\[-]*(true|false)\b[\s*_`).\]:,;!-]*", re.IGNORECASE)
_EMPTY_ANSWERS = {"", "todo", "tbd", "todo!", "answer", "your answer here"}


def strip_markdown_marks(text: str) -> str:
    return re.sub(r"[*_`]", "", text).strip()


def is_empty_answer(text: str) -> bool:
    """An answer cell left as a placeholder ("**TODO**", blank)."""
    return strip_markdown_marks(text).strip(" .:!#").lower() in _EMPTY_ANSWERS


def dedent_continuation(lines: list[str], limit: int) -> list[str]:
    """Remove the indentation that continues a list item (at most ``limit`` spaces)."""
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min([limit, *indents]) if indents else 0
    return [line[cut:] if line[:cut].strip() == "" else line for line in lines]


class ListItem(MutableRecord):
    number: str
    text: str


def split_list(text: str, *, greedy: bool = False) -> tuple[str, list[ListItem], str]:
    """(text before, list items, text after) for the first list in ``text``.

    An item's indented or directly following lines join its text. With ``greedy`` (answers)
    everything up to the next item does, so nothing comes after the list.
    """
    before: list[str] = []
    items: list[ListItem] = []
    after: list[str] = []
    previous_blank = False
    for line in text.split("\n"):
        match = LIST_ITEM.match(line)
        if match and not after:
            items.append(ListItem(match.group(2), match.group(3).strip()))
        elif not items:
            before.append(line)
        elif not after and line.strip() and (greedy or not previous_blank or line[:1] in (" ", "\t")):
            items[-1].text = f"{items[-1].text}\n{'' if not previous_blank else chr(10)}{line.strip()}"
        elif line.strip() or after:
            after.append(line)
        previous_blank = not line.strip()
    return "\n".join(before).strip(), items, "\n".join(after).strip()


class TrueFalseParts(MutableRecord):
    stem: str
    statements: list[str]


def true_false_parts(prompt: str) -> TrueFalseParts | None:
    """Split a "true or false" question into its stem and statements, or None if the
    prompt is not one (or cannot be split)."""
    if not _TRUE_OR_FALSE.search(prompt):
        return None
    before, items, after = split_list(prompt)
    if items and _TRUE_OR_FALSE.search(before):
        stem = "\n\n".join(p for p in (before, after) if p)
        return TrueFalseParts(stem, [_sentence(i.text) for i in items])
    lead = _TF_LEAD.search(prompt)
    if not lead:
        return None
    line_end = prompt.find("\n", lead.end())
    line_end = len(prompt) if line_end == -1 else line_end
    statement = prompt[lead.end():line_end].strip()
    if not statement:
        return None
    context = prompt[:lead.start()].strip()
    rest = prompt[line_end:].strip()
    stem = "\n\n".join(p for p in (context, "True or false?" + (f" {rest}" if rest else "")) if p)
    return TrueFalseParts(stem, [_sentence(statement)])


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def read_verdict(text: str) -> tuple[bool | None, str]:
    """("False. Because …") -> (False, "Because …"); (None, text) when it gives no verdict."""
    match = _VERDICT.match(text)
    if not match:
        return None, text.strip()
    rest = text[match.end():].strip()
    return match.group(1).lower() == "true", rest[:1].upper() + rest[1:]


def answer_items(text: str, count: int) -> list[str] | None:
    """Split an answer to ``count`` statements into one text per statement (by its numbered
    list), or None when it has no such list."""
    _, items, _ = split_list(text, greedy=True)
    if not items:
        return None
    numbered = [i for i in items if i.number.isdigit()]
    if len(numbered) == count and sorted(int(i.number) for i in numbered) == list(range(1, count + 1)):
        by_number = {int(i.number): i.text for i in numbered}
        return [by_number[n] for n in range(1, count + 1)]
    if len(items) == count:
        return [i.text for i in items]
    return None
