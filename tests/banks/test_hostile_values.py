"""Values a hostile or careless bank may hold — numbers of any size, tags on values, huge
ranges, macros that never end — give a problem at `path:line:col`, never an exception, and
never stop `lint` or the app."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.banks import load_bank, load_banks
from quizapp.banks.variants import draw_variant

COMPUTED = """\
bank: hostile
title: Hostile values
macros: {vec: '\\boldsymbol{#1}'}
questions:
  - id: q1
    kind: computed
    prompt: How many?
    compare: numeric
    answer: ANSWER
"""

RANGED = """\
bank: ranged
title: A ranged parameter
questions:
  - id: q1
    kind: computed
    params:
      n: {range: RANGE}
    prompt: n is {{n}}. What is n + 1?
    compute: result = n + 1
"""


def problems_of(tmp_path: Path, text: str, name: str = "bank.yaml") -> tuple[object, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    bank, problems = load_bank(path, parallel=False)
    return bank, [str(p)[len(str(path)) + 1:] for p in problems if p.severity == "error"]


@pytest.mark.parametrize(("answer", "message"), [
    ("9" * 5000, "a number written with more than 400 characters"),
    ("-" + "9" * 5000, "a number written with more than 400 characters"),
    ("1" + "0" * 300, "the number `1000000000000000000000000000000000000…` is too large"),
    ("0x" + "f" * 300, "is too large"),
    ("1" + ":1" * 199, "is too large"),  # sexagesimal, YAML 1.1's base 60
    ("1e400", "the number `1e400` is too large"),
    ("!!float abc", "`abc` is not a valid !!float"),
    ("!!int 0x", "`0x` is not a valid !!int"),
    ("!!int ''", "`` is not a valid !!int"),
    ("!!bool maybe", "`maybe` is not a valid !!bool"),
    ("!!null something", "`something` is not a valid !!null"),
    ("!something 3", "YAML tag !something is not allowed"),
    ("!!python/int 3", "YAML tag !!python/int is not allowed"),
])
def test_a_number_or_tag_that_cannot_be_read_is_a_problem_at_its_place(tmp_path, answer, message):
    bank, errors = problems_of(tmp_path, COMPUTED.replace("ANSWER", answer))
    assert bank is None
    assert len(errors) == 1 and errors[0].startswith("9:13: ") and message in errors[0], errors


@pytest.mark.parametrize(("answer", "value"), [
    ("9" * 299, int("9" * 299)), ("1_000_000", 1_000_000), ("1e300", 1e300), ("-.inf", float("-inf")),
    ("!!float 3", 3.0), ("!!int '42'", 42),
])
def test_numbers_within_bounds_still_load(tmp_path, answer, value):
    bank, errors = problems_of(tmp_path, COMPUTED.replace("ANSWER", answer))
    assert errors == [] and bank.questions[0].answer == value


def test_digits_of_other_scripts_are_text_not_a_crash(tmp_path):
    # `str.isdigit` is true for "1²", which int() cannot read: the answer is text (and so the
    # wrong type for a numeric answer), as YAML says.
    bank, errors = problems_of(tmp_path, COMPUTED.replace("ANSWER", "1²"))
    assert errors == ["9:13: a `numeric` answer is a number"]
    bank, errors = problems_of(tmp_path, COMPUTED.replace("compare: numeric", "compare: exact")
                               .replace("ANSWER", "1٣"))
    assert errors == [] and bank.questions[0].answer == "1٣"


def test_a_huge_range_is_refused_at_once_and_a_large_one_is_never_materialised(tmp_path):
    started = time.perf_counter()
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    bank, errors = problems_of(tmp_path, RANGED.replace("RANGE", "[1, 100000000000]"))
    assert bank is None and errors == [
        "7:10: parameter `n`: range gives 100,000,000,000 values; a parameter takes at most 1,000,000 "
        "(use a larger step)"]
    _, errors = problems_of(tmp_path, RANGED.replace("RANGE", "[1, 30000000]"))
    assert errors and "30,000,000 values" in errors[0]
    bank, errors = problems_of(tmp_path, RANGED.replace("RANGE", "[1, 1000000]"))
    assert errors == []
    [param] = bank.questions[0].params
    assert len(param.values()) == 1_000_000 and param.describe() == "1..1000000"
    assert draw_variant(bank.questions[0], 7).params["n"] in range(1, 1_000_001)
    assert time.perf_counter() - started < 5
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before
    assert grown_kib < 50_000  # a million values as a tuple of ints alone would take ~36 MB


def test_a_range_draws_the_same_variants_as_the_tuple_it_replaces(tmp_path):
    import random

    bank, _ = problems_of(tmp_path, RANGED.replace("RANGE", "[3, 40, 3]"))
    question = bank.questions[0]
    for seed in range(20):
        rng = random.Random(f"{question.bank_id}/{question.id}/{seed}")
        assert draw_variant(question, seed).params["n"] == rng.choice(tuple(range(3, 41, 3)))


@pytest.mark.parametrize(("macros", "message"), [
    ("{loop: '\\loop x'}", "3:16: macro `\\loop` expands to itself (\\loop → \\loop): it would never finish"),
    ("{a: '\\b{#1}', b: '\\a{#1}', ok: '\\boldsymbol{x}'}",
     "3:13: macro `\\a` expands to itself (\\a → \\b → \\a): it would never finish"),
])
def test_a_macro_that_uses_itself_is_refused_where_it_is_written(tmp_path, macros, message):
    text = f"bank: m\ntitle: M\nmacros: {macros}\nquestions:\n  - {{id: q, kind: open, prompt: P, answer: A}}\n"
    bank, errors = problems_of(tmp_path, text)
    assert bank is None and message in errors, errors


HOSTILE = {
    "big-int.yaml": COMPUTED.replace("ANSWER", "9" * 5000),
    "float-tag.yaml": COMPUTED.replace("ANSWER", "!!float abc").replace("bank: hostile", "bank: h2"),
    "bool-tag.yaml": COMPUTED.replace("ANSWER", "!!bool maybe").replace("bank: hostile", "bank: h3"),
    "int-tag.yaml": COMPUTED.replace("ANSWER", "!!int 0x").replace("bank: hostile", "bank: h4"),
    "range.yaml": RANGED.replace("RANGE", "[1, 100000000000]"),
    "loop.yaml": COMPUTED.replace("ANSWER", "1").replace("{vec: '\\boldsymbol{#1}'}", "{v: '\\v'}")
    .replace("bank: hostile", "bank: h5"),
}
GOOD = "bank: fine\ntitle: Fine\nquestions:\n  - {id: q, kind: open, prompt: Why?, answer: Because.}\n"


def test_lint_reports_every_hostile_file_and_never_fails_inside(tmp_path):
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "fine.yaml").write_text(GOOD, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "quizapp", "lint", "."], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1, run.stderr  # problems, not "internal error" (70)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    reported = {line.split(":")[0] for line in run.stdout.splitlines()}
    assert reported == set(HOSTILE)


def test_the_app_loads_the_good_bank_beside_the_hostile_ones(tmp_path):
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "fine.yaml").write_text(GOOD, encoding="utf-8")
    result = load_banks([tmp_path], include_shipped=False, include_user=False)
    assert [b.id for b in result.banks] == ["fine"]
    assert {Path(p).name for p in result.broken_files} == set(HOSTILE)


def test_a_macro_loop_through_an_included_file_is_refused_at_the_banks_own_macro(tmp_path):
    (tmp_path / "course.shared.yaml").write_text("macros:\n  inner: '\\outer{x}'\n", encoding="utf-8")
    text = ("bank: m\ntitle: M\ninclude: course.shared.yaml\nmacros:\n  outer: '\\inner{#1}'\n"
            "questions:\n  - {id: q, kind: open, prompt: P, answer: A}\n")
    bank, errors = problems_of(tmp_path, text)
    assert bank is None
    assert errors == ["5:10: macro `\\outer` expands to itself (\\outer → \\inner → \\outer): it would never finish"]


def _letters(i: int) -> str:
    """A macro name for ``i`` (macro names are letters): 0 -> aaaa, 1 -> aaab…"""
    return "".join(chr(97 + (i // 26**k) % 26) for k in (3, 2, 1, 0))


def test_what_grows_with_the_file_is_checked_in_linear_time(tmp_path):
    # 40,000 macros in one circle and 40,000 in a chain; 40,000 unknown keys; 5,000 examples
    # giving a float for a range parameter of a million values (each scanned the whole range,
    # and every unknown key's place was found by a scan of the keys: minutes, before).
    ring = ", ".join(f"r{_letters(i)}: '\\r{_letters((i + 1) % 40_000)}'" for i in range(40_000))
    chain = ", ".join(f"c{_letters(i)}: '\\c{_letters(i + 1)}'" for i in range(40_000))
    examples = "".join(f"      - {{params: {{n: {i}.5}}, answer: 1}}\n" for i in range(5_000))
    question = ("  - id: q\n    kind: computed\n    params: {n: {range: [1, 1000000]}}\n    prompt: n?\n"
                f"    compute: result = n\n    examples:\n{examples}")
    text = f"bank: big\ntitle: Big\nmacros: {{{ring}, {chain}}}\nquestions:\n{question}"
    started = time.perf_counter()
    bank, errors = problems_of(tmp_path, text)
    assert bank is None
    assert [e for e in errors if "expands to itself" in e] == [
        "3:17: macro `\\raaaa` expands to itself (\\raaaa → \\raaab → \\raaac → \\raaad → \\raaae → "
        "\\raaaf → … → \\raaaa): it would never finish"]
    assert sum("is not one of its values" in e for e in errors) == 5_000
    unknown = "".join(f"key{i}: 1\n" for i in range(40_000))
    bank, errors = problems_of(tmp_path, f"bank: b\ntitle: T\n{unknown}questions:\n{question}")
    assert len(errors) == 40_000 and errors[-1].startswith("40002:1: unknown key `key39999`")
    assert time.perf_counter() - started < 30
