"""Problems found in a bank: each one points at a place in a file and says what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from quizapp.records import Record, asdict
from quizapp.terminal_text import visible_code

Severity = Literal["error", "warning"]


class Problem(Record, frozen=True, order=True):
    """One problem in one file, reported as ``path:line:col: message``.

    ``line`` and ``col`` count from 1. ``code`` is a short stable name of the problem class
    (``yaml-syntax``, ``unknown-key``, ``needs-answer``…) for scripts and tests.
    """

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"
    code: str = "invalid"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        # a file's name may hold anything, a bidi control too: the line shows it escaped
        return visible_code(f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}")

    def to_dict(self) -> dict:
        return asdict(self)


class ProblemList(list[Problem]):
    """Problems collected while reading one file."""

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = str(path)

    def add(
        self,
        line: int,
        col: int,
        message: str,
        *,
        code: str = "invalid",
        severity: Severity = "error",
    ) -> None:
        # A message may quote the bank (a key, a value): never a control character in it, nor
        # a bidirectional control that would reorder the line it is printed on.
        self.append(Problem(self.path, line, col, visible_code(message), severity, code))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]
