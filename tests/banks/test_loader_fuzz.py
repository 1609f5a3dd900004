"""Property-based: the shipped banks, mutated as careless or hostile hands would (lines deleted,
duplicated or retyped, tags, huge numbers, random unicode), never make the loader raise, every
problem points into the file, and a read in parts gives what one read gives.

Bounded (a fixed number of derandomised examples, no deadline) so that it runs in seconds and
the same inputs every time: a failure here is reproducible, never a flake.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quizapp.banks import load_bank, parallel_load
from quizapp.banks.parallel_load import read_in_parts
from quizapp.terminal_text import BIDI_CONTROLS, first_control

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(QUESTIONS.glob("*.yaml"))}

HOSTILE_VALUES = [
    "9" * 5000, "-" + "9" * 400, "1" + "0" * 300, "0x" + "f" * 300, "1e400", "-.inf", ".nan", "1²", "0o777",
    "1:2:3", "1_000", "!!float abc", "!!int 0x", "!!bool maybe", "!!null x", "!!str", "!foo bar",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!timestamp 2024-01-01", "*nowhere",
    "&anchor value", "<<", "<<: *x", "[", "]", "{", "}", "'", '"', "|", ">", "- item", "~", "", "? key",
    "{range: [1, 100000000000]}", "[1, 100000000000]", "'\\e]0;title\\a'", '"\\e[2J"', '"\\u202e"',
    "\u202e evil", "\u2066x\u2069", "---", "...", "#", "%YAML 1.1", "@", "`", "\t", "yes", "null",
]
HIDDEN = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u200b", "\ufeff", "\x1b", "\x85", "\u2028"]
TAGS = ["!!float", "!!int", "!!bool", "!!null", "!!str", "!!map", "!!seq", "!local", "!!merge", "!!set"]


@st.composite
def mutated_bank(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        op = draw(st.sampled_from(["delete", "duplicate", "retype", "tag", "unicode", "value", "hidden"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif op == "retype":  # a line typed again, differently
            lines[i] = line[: len(line) - len(line.lstrip())] + draw(st.sampled_from(HOSTILE_VALUES)) + "\n"
        elif op == "tag" and ": " in line:
            key, _, value = line.partition(": ")
            lines[i] = f"{key}: {draw(st.sampled_from(TAGS))} {value}"
        elif op == "value" and ": " in line:
            key, _, _ = line.partition(": ")
            lines[i] = f"{key}: {draw(st.sampled_from(HOSTILE_VALUES))}\n"
        elif op == "hidden":  # a bidi control or an invisible character, in a key or a value
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(HIDDEN)) + line[at:]
        else:  # random unicode, anywhere in the line: controls, astral, combining…
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(max_size=6)) + line[at:]
        if not lines:
            lines = ["\n"]
    return name, "".join(lines)


def _problems(problems: list) -> list[str]:
    return [str(p) for p in problems]


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_bank())
def test_a_mutated_bank_gives_problems_never_an_exception(case: tuple[str, str]) -> None:
    name, text = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(QUESTIONS / "shared", folder / "shared")  # what the banks include
        path = folder / name
        path.write_text(text, encoding="utf-8")
        bank, problems = load_bank(path, parallel=False)  # raises nothing, whatever the text

        lines = text.count("\n") + 1
        for problem in problems:
            assert 1 <= problem.col and 1 <= problem.line <= lines + 1, str(problem)
            assert problem.message and BIDI_CONTROLS.search(problem.message) is None, str(problem)
            assert first_control(str(problem)) is None, str(problem)  # a terminal would act on it
        assert (bank is None) == any(p.severity == "error" for p in problems) or bank is None

        with mock.patch.object(parallel_load, "single_threaded", lambda: True):
            joined = read_in_parts(path, False, text, parts=2)
        event("read in parts" if joined is not None else "read in one go")
        event("loads" if bank is not None else "refused")
        if joined is not None:  # read in parts: exactly what one read gives
            assert _problems(joined[1]) == _problems(problems)
            assert joined[0] == bank
