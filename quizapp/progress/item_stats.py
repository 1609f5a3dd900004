"""Item statistics from students' review logs (the files `quizapp export --reviews` writes).

Per question (and per true/false statement), as Moodle's quiz statistics report and
PrairieLearn show them:

- **facility**: the share of students right at their first try (spaced repetition asks again
  and again; only the first answer says how hard the item is to someone who has not seen it);
- **discrimination**: the correlation, over the students who answered the item, of being right
  at the first try with the student's first-try score on every *other* item (the item itself
  removed, so it does not correlate with itself). Students who know the course well should get
  a good item right more often: a negative value usually means the answer key is wrong;
- attempts, students, mean seconds per answer; and flags.

Right means `correct` when the answer was checked (true/false, computed, multiple choice), and
a self-grade other than Again (rating 1) for open questions.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import msgspec

from quizapp.errors import QuizappError
from quizapp.gc_pause import gc_paused
from quizapp.records import MutableRecord, Record

FORMAT = "quizapp-reviews"
TOO_EASY = 0.9  # facility above: almost everyone knows it
TOO_HARD = 0.2  # facility below: almost no one does
FLAG_STUDENTS = 5  # fewer students than this: too few to flag anything
MIN_ANSWERS = 10  # students who answered fewer distinct items are left out (their score says little)


class _Header(msgspec.Struct):
    format: str
    student: str
    version: int = 1


class _Line(msgspec.Struct, gc=False):
    bank: str
    question: str
    at: str
    statement: str | None = None
    kind: str = ""
    mode: str = ""
    rating: int | None = None
    correct: bool | None = None
    seconds: float | None = None


class ItemStat(Record, frozen=True):
    """The statistics of one item (a question, or a statement of a true/false question)."""

    bank: str
    question: str
    statement: str | None
    attempts: int
    students: int
    facility: float
    discrimination: float | None
    mean_seconds: float | None
    flags: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.bank}/{self.question}" + (f"/{self.statement}" if self.statement else "")

    def to_dict(self) -> dict[str, Any]:
        return {"bank": self.bank, "question": self.question, "statement": self.statement,
                "attempts": self.attempts, "students": self.students, "facility": round(self.facility, 4),
                "discrimination": None if self.discrimination is None else round(self.discrimination, 4),
                "mean_seconds": None if self.mean_seconds is None else round(self.mean_seconds, 2),
                "flags": list(self.flags)}


class ItemReport(MutableRecord):
    """All items, worst first, and who was counted."""

    items: list[ItemStat]
    students: int
    left_out_students: int
    answers: int
    min_answers: int


class ReviewLogs(MutableRecord):
    """Every student's answers, summed per item: student id -> item key ->
    [first try's time, right at first try (0/1), attempts, seconds summed, answers timed]."""

    by_student: dict[str, dict[tuple[str, str, str | None], list[Any]]]
    answers: int = 0


_HEADER = msgspec.json.Decoder(_Header)
_LINE = msgspec.json.Decoder(_Line)
_LINES = msgspec.json.Decoder(list[_Line])


def _decode_lines(path: Path, lines: list[bytes]) -> list[_Line]:
    """Every answer line of a file, decoded in one go; on a bad line, decoded one by one to
    say which line is bad."""
    body = [raw for raw in lines[1:] if raw.strip()]
    try:
        return _LINES.decode(b"[" + b",".join(body) + b"]")
    except (msgspec.DecodeError, msgspec.ValidationError):
        pass
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        if b'"format"' in raw and b'"student"' in raw:
            raise QuizappError(f"{path}:{number}: a second log's header: one student's log per file "
                               "(were two files joined?)")
        try:
            _LINE.decode(raw)
        except msgspec.ValidationError as exc:
            raise QuizappError(f"{path}:{number}: not an answer line: {exc}") from None
        except msgspec.DecodeError:
            raise QuizappError(f"{path}:{number}: not JSON") from None
    raise QuizappError(f"{path}: not a readable review log")  # pragma: no cover - a line above failed


def read_review_logs(paths: list[Path]) -> ReviewLogs:
    """Read review logs; a file that is not one, or that mixes students, is a `QuizappError`
    naming the file and line."""
    with gc_paused():  # a burst of objects that stay alive: collecting would walk them for nothing
        return _read(paths)


def _read(paths: list[Path]) -> ReviewLogs:
    logs = ReviewLogs({})
    owner: dict[str, Path] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise QuizappError(f"{path}: cannot read it: {exc.strerror or exc}") from None
        lines = data.split(b"\n")
        try:
            header = _HEADER.decode(lines[0])
        except (msgspec.DecodeError, msgspec.ValidationError):
            header = None
        if header is None or header.format != FORMAT:
            raise QuizappError(f"{path}:1: not a quizapp review log (its first line should be the header that "
                               "`quizapp export --reviews` writes)")
        student = header.student
        if student in owner:
            raise QuizappError(f"{path}:1: student {student} was already read from {owner[student]} "
                               "(the same log handed in twice?)")
        owner[student] = path
        items = logs.by_student.setdefault(student, {})
        answers = 0
        for line in _decode_lines(path, lines):
            # Right: `correct` when the answer was checked, else a self-grade other than Again.
            right = line.correct
            if right is None:
                if line.rating is None:
                    continue
                right = line.rating > 1
            key = (line.bank, line.question, line.statement)
            seconds = line.seconds
            seen = items.get(key)
            if seen is None:
                items[key] = [line.at, int(right), 1, seconds or 0.0, seconds is not None]
            else:
                if line.at < seen[0]:  # ISO times sort as text: keep the earliest as the first try
                    seen[0], seen[1] = line.at, int(right)
                seen[2] += 1
                if seconds is not None:
                    seen[3] += seconds
                    seen[4] += 1
            answers += 1
        logs.answers += answers
    return logs


def _flags(facility: float, discrimination: float | None, students: int) -> tuple[str, ...]:
    if students < FLAG_STUDENTS:
        return ("few students",)
    flags = []
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination — check the answer key")
    if facility > TOO_EASY:
        flags.append("too easy")
    if facility < TOO_HARD:
        flags.append("too hard")
    return tuple(flags)


def _severity(item: ItemStat) -> tuple:
    """Sort key, worst first: negative discrimination, then other flags, then the least
    discriminating."""
    negative = any(f.startswith("negative") for f in item.flags)
    flagged = bool(item.flags) and item.flags != ("few students",)
    disc = item.discrimination if item.discrimination is not None else 1.0
    return (not negative, not flagged, disc, item.label)


def item_statistics(logs: ReviewLogs, min_answers: int = MIN_ANSWERS) -> ItemReport:
    """The statistics of every item answered by the students kept (those with at least
    ``min_answers`` distinct items answered)."""
    # One pass over (student, item), summing per item what the correlation of the item's 0/1
    # with the student's rest score (first-try share right on the other items) needs.
    sums: dict[tuple[str, str, str | None], list[float]] = {}
    kept = left_out = 0
    for items in logs.by_student.values():
        n = len(items)
        if n < min_answers or n < 2:
            left_out += 1
            continue
        kept += 1
        total = sum(entry[1] for entry in items.values())
        for key, (_, x, attempts, seconds, timed) in items.items():
            rest = (total - x) / (n - 1)
            acc = sums.get(key)
            if acc is None:
                # students, right, Σrest, Σrest², Σ(rest·x), attempts, Σseconds, timed answers
                acc = sums[key] = [0, 0, 0.0, 0.0, 0.0, 0, 0.0, 0]
            acc[0] += 1
            acc[1] += x
            acc[2] += rest
            acc[3] += rest * rest
            acc[4] += rest * x
            acc[5] += attempts
            acc[6] += seconds
            acc[7] += timed
    stats = []
    for key, (students, right, sr, srr, srx, attempts, secs, timed) in sums.items():
        facility = right / students
        sxx = right - right * right / students  # x is 0 or 1: Σx² = Σx
        syy = srr - sr * sr / students
        sxy = srx - right * sr / students
        discrimination = sxy / math.sqrt(sxx * syy) if students >= 3 and sxx > 1e-12 and syy > 1e-12 else None
        stats.append(ItemStat(key[0], key[1], key[2], int(attempts), int(students), facility, discrimination,
                              secs / timed if timed else None, _flags(facility, discrimination, int(students))))
    stats.sort(key=_severity)
    return ItemReport(stats, kept, left_out, logs.answers, min_answers)
