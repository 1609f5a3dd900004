"""The teaching fields of a bank — `mistakes`, `hints`, `factors`, `second_try`, `compare:
tensor` — load into the model, and lint points at what is wrong in them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from quizapp.banks import load_bank

HEAD = "bank: t\ntitle: T\nsecond_try: true\nquestions:\n"


def load(tmp_path: Path, questions: str):
    path = tmp_path / "bank.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(questions), "  "), encoding="utf-8")
    return load_bank(path)


def test_mistakes_hints_and_factors_load_and_their_code_is_bank_code(tmp_path: Path) -> None:
    bank, problems = load(tmp_path, """\
        - id: q
          kind: computed
          params: {k: {choices: [3, 5]}}
          prompt: Parameters of a {{k}}x{{k}} conv, 2 to 4 channels, no bias?
          compute: result = 2 * 4 * k * k
          factors: [2, "k**2"]
          near_miss_grade: again
          hints: [Count the weights of one output channel first., "It has 2·{{k}}² weights."]
          mistakes:
            - code: 2 * 4 * k
              feedback: "{{value}} forgets that the kernel is {{k}}×{{k}}, not {{k}} wide; the answer is {{answer}}."
            - code: |
                result = 2 * 4 * k * k + 4
              feedback: There is no bias here.
        """)
    assert problems == []
    assert bank is not None and bank.second_try
    q = bank.questions[0]
    assert [m.feedback.split()[0] for m in q.mistakes] == ["{{value}}", "There"]
    assert q.mistakes[1].code.line == 17  # the line inside the YAML file, for tracebacks
    assert q.factors == (2, "k**2") and q.near_miss_grade == "again" and len(q.hints) == 2
    assert [s.role for s in bank.snippets()].count("mistake") == 2  # trusted (and checked) like compute


def test_lint_names_bad_placeholders_bad_factors_and_mistakes_without_compute(tmp_path: Path) -> None:
    _bank, problems = load(tmp_path, """\
        - id: q
          kind: computed
          params: {k: {choices: [3, 5]}}
          prompt: What?
          compute: result = k
          factors: ["m * 2"]
          hints: ["Use {{kk}}."]
          mistakes:
            - code: k + 1
              feedback: "{{valeu}} is off by one"
        - id: r
          kind: computed
          prompt: What?
          answer: 3
          mistakes:
            - code: "2 +"
              feedback: x
        """)
    messages = sorted(f"{p.line}: {p.message}" for p in problems)
    assert any("factor 'm * 2': m is not a parameter" in m for m in messages)
    assert any("`{{kk}}` in `hints` is not a declared parameter" in m for m in messages)
    assert any("`{{valeu}}` in a mistake's feedback is not a parameter, `value` or `answer`" in m for m in messages)
    assert any("`mistakes` need `compute` code" in m for m in messages)
    assert any(m.startswith("20: Python syntax error in `code`") for m in messages)


def test_a_tensor_answer_must_be_nested_lists(tmp_path: Path) -> None:
    _bank, problems = load(tmp_path, """\
        - id: q
          kind: computed
          prompt: What?
          compare: tensor
          answer: "[[1, 2]]"
        """)
    assert [p.message for p in problems] == [
        "a `tensor` answer is a number or nested lists of numbers, e.g. [[1, 2], [3, 4]]"]
