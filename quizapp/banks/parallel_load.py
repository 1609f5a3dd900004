"""Read a large bank file on several cores at once.

Reading a bank of 10,000 questions (4 MB) — parse, validate, build, compile every snippet —
takes ~1 s on one core, and nearly all of that work is done question by question. So a large
file is cut between two questions into parts; each part after the first is read by a fork of
this process while this process reads the first, and the parts' questions are joined. (Many
smaller parts taken from a shared queue, to even out cores running at unequal speeds, measured
slower here: a median of 0.87 s against 0.77 s over 20 interleaved cold loads.)

Each part is given as a whole bank file: the file's header (everything up to and including
its ``questions:`` line), then as many empty lines as the questions of earlier parts take,
then the part's own questions. A part's lines are the file's own lines, so every position it
records — a question's line, a snippet's first line, a warning's line:col — is the file's.

The joined result is used only where it is what reading the file in one go gives:

- The file is laid out plainly: ``questions:`` is the last key of a block mapping at column 0,
  a block list follows it, no ``---`` or ``...`` line comes after it, and its lines end with
  ``\\n`` or ``\\r\\n`` (libyaml also ends lines at U+0085, U+2028 and U+2029).
- Each cut is at a line that starts with ``-`` at the column of the list's items, and the
  part before it reads without an error. Then nothing runs over the cut: a quoted string or a
  bracket still open there would be an error at the end of that part, and a plain or block
  scalar ends at any line less indented than its text. So the cut starts a new item, and from
  there the parser is where it is after a part's first ``-``.
- Every part parses (its YAML has no error), with its ``questions`` key and first item on the
  lines the cut says, and no problem in the header. Problems in its questions (a wrong type, a
  snippet that does not compile…) are the same as in one read, at the same line:col.
- No part defines an anchor name twice. An alias means the name's latest definition before it:
  in a part, that is a definition in the part or else in the header; a definition in an
  earlier part is not there, and an alias to it is an error (so the file is read in one go),
  unless the header defines the same name — which is then a second definition. The parts'
  aliases together stay under the alias-expansion cap.
- No question id is used in two parts (one read reports where it was first used).
- Each part's questions are numbered from the count of item lines before its cut (a problem
  says "question 2446"), and that count is what the earlier parts read.

Otherwise, or when a fork fails, the file is read in one go. Forks happen only on Linux and in
a process without other threads (``quizapp lint``, ``check``, ``export``…): a fork copies only
the thread that calls it. The TUI reads banks in a thread of its own, from its cache.
"""

from __future__ import annotations

import os
import pickle
import re
import sys
import threading
from pathlib import Path
from typing import Any

from quizapp.banks.model import Bank
from quizapp.banks.positions import YMap, YSeq, _raw
from quizapp.banks.problems import ProblemList
from quizapp.banks.yaml_events import MAX_ALIAS_EXPANSION, EventBuilder

MIN_PART_CHARS = 400_000  # ~1,000 questions, ~0.1 s of work: less is not worth a fork
MAX_PARTS = 4
FIRST_PART_EXTRA = 0.1  # of a part: what sending a part's result back costs (~7% of reading it)

_QUESTIONS_KEY = re.compile(r"^questions:[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_FIRST_ITEM = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-(?:[ \t]|\r?$)", re.MULTILINE)


class _Plan:
    """Where a file is cut: ``cuts[i]`` is the offset where part i starts (part 0 at 0)."""

    def __init__(self, text: str, header_end: int, header_line: int, cuts: list[int], first_item: int,
                 indent: int) -> None:
        self.text = text
        self.header_end = header_end  # just after the `questions:` line
        self.header_line = header_line  # that line (1-based)
        self.cuts = cuts
        # the line (1-based) of each part's first item
        self.first_lines = [text.count("\n", 0, c) + 1 for c in [first_item, *cuts[1:]]]
        # how many of the file's questions come before each part's: a problem names a question
        # by its number in the file. Counted from the lines that look like items; `_join` checks
        # the count against the questions each part read.
        self.questions_before = [0] + [_items(text, header_end - 1, c, indent) for c in cuts[1:]]

    def part(self, i: int) -> str:
        text, cuts = self.text, self.cuts
        end = cuts[i + 1] if i + 1 < len(cuts) else len(text)
        if i == 0:
            return text[:end]
        gap = text.count("\n", self.header_end, cuts[i])
        return text[: self.header_end] + "\n" * gap + text[cuts[i]:end]


def _items(text: str, start: int, end: int, indent: int) -> int:
    """The lines of ``text[start:end]`` (``start`` at a line break) that start a list item at
    column ``indent``: str.count, as a regex takes ~30 ms on 4 MB."""
    dash = "\n" + " " * indent + "-"
    return sum(text.count(dash + after, start, end) for after in (" ", "\t", "\n", "\r\n"))


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def single_threaded() -> bool:
    """Whether this process runs no other thread: a fork copies only the thread that calls it,
    and any lock another thread held stays locked in the child."""
    return threading.active_count() == 1


def plan_parts(text: str, parts: int) -> _Plan | None:
    """Where to cut ``text`` into ``parts`` parts, or None when it is not laid out plainly."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text or (
            "\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    key = _QUESTIONS_KEY.search(text)
    if key is None:
        return None
    header_end = key.end() + 1
    first = _FIRST_ITEM.match(text, header_end)
    if first is None or _document_marker(text, header_end):
        return None
    item = re.compile(rf"^ {{{len(first.group(1))}}}-(?:[ \t]|\r?$)", re.MULTILINE)
    cuts = [0]
    last = first.start(1)  # the first item's line starts here
    span = len(text) - header_end
    for k in range(1, parts):  # part 0 a little larger: the others also pickle their result
        target = header_end + int(span * (k + FIRST_PART_EXTRA) / (parts + FIRST_PART_EXTRA))
        found = item.search(text, max(target, last + 1))
        if found is None:
            break
        cuts.append(last := found.start())
    if len(cuts) < 2:
        return None
    return _Plan(text, header_end, text.count("\n", 0, key.start()) + 1, cuts, first.start(1), len(first.group(1)))


def _document_marker(text: str, start: int) -> bool:
    """Whether a ``---`` or ``...`` line comes after ``start`` (str.find: a regex takes 30 ms on 4 MB)."""
    for marker in ("\n---", "\n..."):
        at = text.find(marker, start - 1)
        while at != -1:
            if text[at + 4: at + 5] in ("", " ", "\t", "\r", "\n"):
                return True
            at = text.find(marker, at + 4)
    return False


def read_in_parts(path: Path, shipped: bool, text: str,
                  parts: int | None = None) -> tuple[Bank | None, ProblemList] | None:
    """The bank in ``text`` read in parts on several cores (None when it has errors), with its
    problems; None when the file is read in one go instead. ``parts`` forces a number of parts
    (tests); by default a file gets one part per ``MIN_PART_CHARS``, up to the cores free."""
    if not sys.platform.startswith("linux") or not single_threaded():
        return None
    if parts is None:
        parts = min(cores(), MAX_PARTS, len(text) // MIN_PART_CHARS)
    if parts < 2:
        return None
    plan = plan_parts(text, parts)
    if plan is None:
        return None
    # imported (and the schema compiled) once, before forking
    import quizapp.banks.build
    import quizapp.banks.validate  # noqa: F401 - loaded, not used here: each child inherits it

    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for i in range(1, len(plan.cuts)):
            children.append(_fork_part(path, shipped, plan, i))
        results = [_read_part(path, shipped, plan, 0)]
        for pid, fd in children:
            with os.fdopen(fd, "rb", closefd=False) as pipe:
                blob = pipe.read()
            _, status = os.waitpid(pid, 0)
            if status != 0 or not blob:
                return None
            results.append(pickle.loads(blob))
    except (OSError, pickle.UnpicklingError, EOFError):  # no fork or pipe, or a garbled result: read in one go
        return None
    finally:
        for pid, fd in children:
            _end_child(pid, fd)
    return _join(plan, results)


def _fork_part(path: Path, shipped: bool, plan: _Plan, i: int) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read part i, send it back, leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            blob = pickle.dumps(_read_part(path, shipped, plan, i), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(blob)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _end_child(pid: int, fd: int) -> None:
    """Close the child's pipe and reap it (stopping it first if it still runs)."""
    os.close(fd)
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # reaped after reading it


def _read_part(path: Path, shipped: bool, plan: _Plan, i: int) -> tuple[Bank | None, ProblemList, int, int] | None:
    """Part i's bank (of its questions without errors; None when the bank as a whole is
    unusable), problems, alias expansion and number of questions; None when the part is not
    shaped as the cut says or defines an anchor name twice."""
    from quizapp.banks.loader import bank_from_document
    from quizapp.banks.yaml_source import read_yaml

    text = plan.part(i)
    problems = ProblemList(path)
    builder = EventBuilder(problems)
    document = read_yaml(path, problems, text, builder)
    if document is None or not _shaped(document, plan, i):
        return None
    if builder.redefined:
        return None
    bank = bank_from_document(path, shipped, text, document, problems, plan.questions_before[i])
    return bank, problems, builder.expanded, len(document["questions"])


def _shaped(document: Any, plan: _Plan, i: int) -> bool:
    """Whether part i's `questions` is the mapping's last key, on the header's line, and its
    first item on the part's first line."""
    if not isinstance(document, YMap) or not document or next(reversed(document)) != "questions":
        return False
    questions = document["questions"]
    return (document.key_mark("questions")[:2] == (plan.header_line, 1) and isinstance(questions, YSeq)
            and bool(questions.places) and _raw(questions.places[0]).line + 1 == plan.first_lines[i])


def _join(plan: _Plan, results: list[Any]) -> tuple[Bank | None, ProblemList] | None:
    if any(r is None or r[0] is None for r in results):
        return None
    if sum(r[2] for r in results) > MAX_ALIAS_EXPANSION:
        return None
    if any(p.line <= plan.header_line for r in results for p in r[1]):
        return None  # each part would report it: only the questions' problems are joined
    if any(p.code == "unknown-related" for r in results for p in r[1]):
        return None  # a part sees only its own questions: the whole file decides what a link names
    before = 0
    for result, questions_before in zip(results, plan.questions_before):
        if questions_before != before:
            return None  # a part's problems would name its questions by the wrong numbers
        before += result[3]
    bank, problems = results[0][0], results[0][1]
    seen = {q.id for q in bank.questions}
    for other, other_problems, *_ in results[1:]:
        ids = {q.id for q in other.questions}
        if not seen.isdisjoint(ids):
            return None
        seen |= ids
        bank.questions.extend(other.questions)
        problems.extend(other_problems)
    return (None if problems.errors else bank), problems
