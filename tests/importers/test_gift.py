"""`quizapp import FILE.gift` and `quizapp export --to gift`: the fixture files (checked against
the parse GIFT-grammar-PEG.js expects of them), our own edge cases, errors, and round trips."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from importer_support import import_and_load

from quizapp.banks import Question, load_bank
from quizapp.errors import QuizappError
from quizapp.importers import import_file
from quizapp.importers.gift_export import bank_to_gift, export_gift

GIFT_FIXTURES = ["tf1", "tf2", "TFTwoFeedback", "escapeAll", "giftFormatPhpExamples"]


def _words(text: str) -> str:
    """Whitespace-insensitive text ("from _____ ." and "from _____." are the same)."""
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))


def _full_credit(choice: dict) -> bool:
    return choice["isCorrect"] and choice["weight"] in (None, 100)


def _check_against_peg(q: Question, expected: dict[str, Any]) -> None:
    """One of our questions against the parse the PEG.js project records (its schema)."""
    kind = expected["type"]
    stem = _words(expected["stem"]["text"])
    assert q.title == (expected["title"] or "")
    if kind == "TF":
        assert q.kind == "true_false" and len(q.statements) == 1
        statement = q.statements[0]
        assert (_words(statement.text), statement.answer) == (stem, expected["isTrue"])
        for feedback in ("trueFeedback", "falseFeedback"):
            if expected[feedback]:
                assert expected[feedback]["text"] in statement.explain
    elif kind == "MC":
        assert q.kind == "multiple_choice" and _words(q.prompt) == stem
        assert [(c.text, c.correct, c.explain) for c in q.choices] == [
            (c["text"]["text"], _full_credit(c), (c["feedback"] or {}).get("text", "")) for c in expected["choices"]]
    elif kind == "Short":
        assert (q.kind, q.compare, _words(q.prompt)) == ("computed", "one_of", stem)
        assert q.answer == [c["text"]["text"] for c in expected["choices"] if _full_credit(c)]
        assert q.compute is None
    elif kind == "Numerical":
        choices = expected["choices"]
        full = [choices] if isinstance(choices, dict) else [c["text"] for c in choices if _full_credit(c)]
        assert len(full) == 1 and full[0]["type"] == "range"
        assert (q.kind, q.compare, q.answer) == ("computed", "numeric", full[0]["number"])
        assert q.tolerance[0] == full[0]["range"]
    elif kind == "Matching":
        assert q.kind == "open" and _words(q.prompt).startswith(stem)
        for pair in expected["matchPairs"]:
            assert f"{pair['subquestion']['text']} → {pair['subanswer']}" in q.answer
    else:  # pragma: no cover - the fixtures hold no other kinds
        raise AssertionError(f"unexpected kind {kind}")


@pytest.mark.parametrize("name", GIFT_FIXTURES)
def test_fixture_imports_with_the_recorded_kinds_and_answers(fixtures: Path, tmp_path: Path, name: str) -> None:
    expected = json.loads((fixtures / "gift" / f"{name}.json").read_text(encoding="utf-8"))
    bank, problems, report, _ = import_and_load(fixtures / "gift" / f"{name}.gift", tmp_path)
    assert len(bank.questions) == len(expected) == report.questions
    for question, parse in zip(bank.questions, expected):
        _check_against_peg(question, parse)
    assert {p.code for p in problems} <= {"needs-explanation"}  # every answer was given


def test_partial_credit_and_matching_are_reported(fixtures: Path) -> None:
    _, report = import_file(fixtures / "gift" / "giftFormatPhpExamples.gift")
    notes = [n.message for n in report.approximated]
    assert sum("partial-credit" in n for n in notes) == 4
    assert any("matching question imported as an open question" in n for n in notes)
    assert report.questions_by_kind == {"multiple_choice": 4, "computed": 4, "open": 1, "true_false": 1}


def _gift(tmp_path: Path, text: str, name: str = "quiz.gift") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_categories_titles_formats_escapes_and_kinds(tmp_path: Path) -> None:
    source = _gift(tmp_path, "\n".join([
        "// a comment line",
        "$CATEGORY: $course$/top/Deep learning/Optimisation",
        "",
        "::Ratio\\: lr::[markdown]Is $\\frac\\{a\\}\\{b\\}$ a **ratio**? Use \\{braces\\} and a\\nnew line.{T}",
        "",
        "::Range::What is a number from 1 to 5?{#1..5}",
        "",
        "::Essay::Explain momentum. {",
        "  ####It averages past gradients.",
        "}",
        "",
        "::Html::[html]<p>Pick the <b>right</b> one&nbsp;now</p>{=yes ~no}",
        "",
        "::Multi::Which are even?{~%50%two ~%50%four ~%-100%three}",
        "",
        "Just a description with no answers.",
        "",
        "$CATEGORY: Other",
        "",
        "::Tol::Pi to two places?{#3.14:0.005####Close enough.}",
    ]))
    bank, _, report, _ = import_and_load(source, tmp_path)
    ratio, rng, essay, html_q, multi, tol = bank.questions
    assert (ratio.id, ratio.title, ratio.topic) == ("ratio-lr", "Ratio: lr", "optimisation")
    assert ratio.statements[0].text == "Is $\\frac{a}{b}$ a **ratio**? Use {braces} and a\nnew line."
    assert (rng.answer, rng.tolerance[0], rng.compare) == (3, 2, "numeric")
    assert (essay.kind, essay.answer) == ("open", "It averages past gradients.")
    assert html_q.prompt == "Pick the **right** one now"
    assert [c.correct for c in multi.choices] == [True, True, False]
    assert (tol.topic, tol.answer, tol.tolerance[0], tol.explain) == ("other", 3.14, 0.005, "Close enough.")
    assert any("description" in n.message for n in report.unmapped)
    assert any("multiple-answer" in n.message for n in report.approximated)


@pytest.mark.parametrize("text, where, message", [
    ("First?{T}\n\nSecond? {=a ~b\n", ":3:9:", "never closed"),
    ("A stray } brace{T}", ":1:9:", "without an opening"),
    ("\n\nHow many?{#abc}", ":3:12:", "cannot read 'abc' as a number"),
    ("Two blocks{T} and {F}", ":1:19:", "only one"),
    ("Pick one {=only}{~x}", ":1:17:", "only one"),
    ("Only one choice?{~%50%alone}", ":1:18:", "at least two choices"),
    ("Pairs?{=a -> 1 =b}", ":1:16:", "`=item -> match` in every answer"),
])
def test_a_broken_question_is_left_out_at_its_place_and_the_rest_imported(
        tmp_path: Path, text: str, where: str, message: str) -> None:
    path = _gift(tmp_path, text + "\n\n::Fine::Still imported?{T}\n")
    bank, _, report, _ = import_and_load(path, tmp_path)
    assert bank.questions[-1].id == "fine"
    notes = [str(n) for n in report.unmapped]
    assert any(n.startswith(f"{path}{where}") and message in n for n in notes), notes


def test_a_file_with_nothing_importable_is_one_clear_error(tmp_path: Path) -> None:
    descriptions = _gift(tmp_path, "Welcome to the quiz.\n\n::Intro::[html]<p>Read carefully.</p>\n", "intro.gift")
    with pytest.raises(QuizappError) as caught:
        import_file(descriptions)
    assert f"{descriptions}: nothing to import: the file holds 2 description(s)" in str(caught.value)
    assert f"{descriptions}:3:1: text without answers" in str(caught.value)
    broken = _gift(tmp_path, "Broken {=a ~b\n", "broken.gift")
    with pytest.raises(QuizappError, match=r"no question could be read\n.*broken.gift:1:8: question left out"):
        import_file(broken)


def test_moodle_forms_the_strict_parser_refused(tmp_path: Path) -> None:
    """Each form is read as Moodle's GIFT importer reads it (question/format/gift/format.php)."""
    source = _gift(tmp_path, "\n\n".join([
        "::Num wrong::What is 3±2?{#3:2~#Completely wrong}",
        "::Empty choice::Sam{~='s read~read} the book.",
        "::Mid::I am {=incapable ~able} of skiing.",
        "::Cloze SA::I am {1:SA:=incapable} of skiing.",
        "::Cloze MC::Pick {1:MC:~wrong~=right} now.",
        "::Cloze NM::Pi is {1:NM:=3.14:0.01}.",
        "::No equals::Capital of France?{Paris}",
        "::Fmt::[markdown]Which **one**?{=[html]<b>bold</b>#[plain]*as is* ~plain}",
        "::TF three::Sky is blue.{T#no#yes # really####general}",
        "::Any::Guess a number.{#=5:1 =*#Not quite}",
        "::No title end Text without the closing colons.{T}",
    ]))
    bank, _, report, _ = import_and_load(source, tmp_path)
    q = {question.title or question.id: question for question in bank.questions}
    assert (q["Num wrong"].answer, q["Num wrong"].tolerance[0]) == (3, 2)
    assert "Completely wrong" in q["Num wrong"].explain
    assert [(c.text, c.correct) for c in q["Empty choice"].choices] == [("'s read", True), ("read", False)]
    assert q["Empty choice"].prompt == "Sam _____ the book."
    assert q["Mid"].prompt == "I am _____ of skiing." and q["Mid"].kind == "multiple_choice"
    assert (q["Cloze SA"].prompt, q["Cloze SA"].answer) == ("I am _____ of skiing.", ["incapable"])
    assert [(c.text, c.correct) for c in q["Cloze MC"].choices] == [("wrong", False), ("right", True)]
    assert (q["Cloze NM"].answer, q["Cloze NM"].tolerance[0]) == (3.14, 0.01)
    assert q["No equals"].answer == ["Paris"]
    assert [(c.text, c.explain) for c in q["Fmt"].choices] == [("**bold**", "*as is*"), ("plain", "")]
    assert q["TF three"].statements[0].answer is True
    assert "yes # really" in q["TF three"].statements[0].explain
    assert q["Any"].answer == 5 and "Not quite" in q["Any"].explain
    untitled = bank.questions[-1]
    assert untitled.statements[0].text.startswith("No title end Text")
    changed = [str(n) for n in report.approximated]
    assert any(":3:1: an empty choice after `~` left out" in n for n in changed), changed
    assert sum("embedded-answer (Cloze) syntax" in n for n in changed) == 3
    assert any(":21:1: the title has no closing `::`" in n for n in map(str, report.warnings))
    assert not report.unmapped


def test_several_cloze_blanks_are_left_out_with_the_reason(tmp_path: Path) -> None:
    source = _gift(tmp_path, "Kept?{T}\n\nI {1:SA:=am} {1:MC:~is~=was} here.\n")
    bank, _, report, _ = import_and_load(source, tmp_path)
    assert len(bank.questions) == 1
    assert [n.where for n in report.unmapped] == [f"{source}:3:14"]
    assert "Cloze" in report.unmapped[0].message and "split it" in report.unmapped[0].message


def _comparable(q: Question) -> tuple:
    return (q.id, q.kind, q.topic, q.title, q.prompt, q.stem,
            [(s.id, s.text, s.answer, s.explain) for s in q.statements],
            q.answer, q.compare, q.tolerance, [(c.text, c.correct, c.explain) for c in q.choices], q.explain)


@pytest.mark.parametrize("name", GIFT_FIXTURES)
def test_gift_bank_gift_bank_round_trip(fixtures: Path, tmp_path: Path, name: str) -> None:
    first, _, _, _ = import_and_load(fixtures / "gift" / f"{name}.gift", tmp_path)
    exported = tmp_path / f"{name}.gift"  # same file name: same bank id on re-import
    report = export_gift(first, exported)
    assert report.items == len(first.questions)
    second, _, _, _ = import_and_load(exported, tmp_path)
    assert [_comparable(q) for q in second.questions] == [_comparable(q) for q in first.questions]


def test_export_keeps_latex_braces_and_multi_statement_stems(tmp_path: Path) -> None:
    bank_file = tmp_path / "ours.yaml"
    bank_file.write_text(r"""
bank: ours
title: Ours
topic: calculus
questions:
  - id: grad
    kind: true_false
    stem: About $\nabla_{\vec{x}} f$ and sets $\{1, 2\}$, true or false?
    statements:
      - {id: a, text: "It is a vector: one entry per input.", answer: true, explain: Yes = by definition.}
      - {id: b, text: It needs no answer yet.}
  - id: shape
    kind: computed
    prompt: Output shape?
    compute: result = (1, 8)
    compare: shape
    answer: [1, 8]
  - id: live
    kind: computed
    prompt: What does torch say?
    compute: result = 2 + 2
""", encoding="utf-8")
    bank, problems = load_bank(bank_file)
    assert bank is not None, problems
    text, report = bank_to_gift(bank)
    assert text.count("{TRUE") == 1
    assert any("b" in n.where and "without a true/false answer" in n.message for n in report.skipped)
    assert any("shape answer" in n.message for n in report.approximated)
    assert any("only computed by code" in n.message for n in report.approximated)
    back = _gift(tmp_path, text, "ours-again.gift")
    again, _, _, _ = import_and_load(back, tmp_path)
    statement = again.questions[0].statements[0]
    assert statement.text == "About $\\nabla_{\\vec{x}} f$ and sets $\\{1, 2\\}$, true or false?\n\n" \
                             "It is a vector: one entry per input."
    assert (statement.answer, statement.explain) == (True, "Yes = by definition.")
    assert again.questions[1].answer == ["(1, 8)", "[1, 8]", "1x8"]
    assert again.questions[0].topic == "calculus"


def test_arrows_in_multiple_choice_are_text(tmp_path: Path) -> None:
    bank, _, _, _ = import_and_load(_gift(tmp_path, "Which maps?{=x -> y ~y -> x}"), tmp_path)
    assert [(c.text, c.correct) for c in bank.questions[0].choices] == [("x -> y", True), ("y -> x", False)]


def test_unescaped_latex_braces_get_a_hint_and_errors_are_capped(tmp_path: Path) -> None:
    path = _gift(tmp_path, "\n\n".join(f"Is $x_{{{i}}}$ small?{{T}}" for i in range(30)))
    with pytest.raises(QuizappError) as caught:
        import_file(path)
    message = str(caught.value)
    assert f"{path}:1:7: question left out: a `{{` inside $math$" in message and "and 10 more" in message


def test_round_trip_of_categories_essays_ranges_and_escapes(tmp_path: Path) -> None:
    source = _gift(tmp_path, "\n".join([
        "$CATEGORY: top/Optimisation",
        "",
        "::Ratio\\: lr::Is $\\frac\\{a\\}\\{b\\}$ with \\\\nabla a ratio?\\nSay why.{T#Because it is.}",
        "",
        "::Essay::Explain momentum.{####It averages past gradients.}",
        "",
        "::Range::A number from 1 to 5?{#1..5}",
        "",
        "::Two::Either root of x^2 \\= 4?{#=2:0 =-2:0}",
        "",
        "$CATEGORY: top/Other",
        "",
        "The derivative of x is {=1 =one} everywhere.",
        "",
        "::Html::[html]<p>Pick <b>one</b></p>{=a#good ~b#bad####general}",
    ]), "rt.gift")
    first, _, _, _ = import_and_load(source, tmp_path)
    text, _ = bank_to_gift(first)
    (tmp_path / "again").mkdir()
    second, _, _, _ = import_and_load(_gift(tmp_path / "again", text, "rt.gift"), tmp_path)
    assert [_comparable(q) for q in second.questions] == [_comparable(q) for q in first.questions]
    assert first.questions[3].answer == [2, -2] and first.questions[4].prompt == "The derivative of x is _____ everywhere."


def test_moodle_exports_gift_as_txt_and_it_is_recognised(tmp_path: Path) -> None:
    path = _gift(tmp_path, "// question: 1  name: q1\n::q1::[html]<p>2+2?</p>{\n\t=4\n\t~5\n}\n", "export.txt")
    _, report = import_file(path)
    assert report.format == "GIFT" and report.questions_by_kind == {"multiple_choice": 1}


def test_questions_with_the_same_title_get_numbered_ids_in_order(tmp_path: Path) -> None:
    # "Same 2" is a title of its own: the second "Same" takes `same-2` first, so it moves on.
    source = tmp_path / "same.gift"
    source.write_text("".join(f"::{title}::Question {i}?{{T}}\n\n" for i, title in
                              enumerate(["Same", "Same", "Same 2", "Same", "Other"])), encoding="utf-8")
    bank, _problems, _report, _doc = import_and_load(source, tmp_path)
    assert [q.id for q in bank.questions] == ["same", "same-2", "same-2-2", "same-3", "other"]


def test_parametrised_questions_export_as_concrete_questions_never_placeholders(tmp_path: Path) -> None:
    bank_file = tmp_path / "params.yaml"
    bank_file.write_text("""
bank: params
title: Params
topic: layers
questions:
  - id: linear-params
    kind: computed
    title: Parameters of a linear layer
    params:
      n_in: {choices: [3, 10]}
      n_out: {choices: [2, 4]}
    setup: layer = nn.Linear({{n_in}}, {{n_out}})
    prompt: How many parameters has `nn.Linear({{n_in}}, {{n_out}})`?
    compute: result = sum(p.numel() for p in layer.parameters())
    examples:
      - params: {n_in: 3, n_out: 2}
        answer: 8
      - params: {n_in: 10, n_out: 4}
        answer: 44
    explain: "{{n_in}} inputs times {{n_out}} outputs, plus {{n_out}} biases."
  - id: no-examples
    kind: computed
    params:
      k: {choices: [3, 5]}
    prompt: Output width of a {{k}}-wide kernel on 10 pixels?
    compute: result = 10 - k + 1
""", encoding="utf-8")
    bank, problems = load_bank(bank_file)
    assert bank is not None, problems
    text, report = bank_to_gift(bank)
    assert "{{" not in text and "\\{\\{" not in text
    assert "How many parameters has `nn.Linear(3, 2)`?" in text and "{#8:" in text
    assert "How many parameters has `nn.Linear(10, 4)`?" in text and "{#44:" in text
    assert "10 inputs times 4 outputs, plus 4 biases." in text
    assert "Output width of a 3-wide kernel on 10 pixels?" in text
    assert any("2 concrete question(s)" in n.message for n in report.approximated)
    assert any("without declared examples" in n.message for n in report.approximated)
    again, _, _, _ = import_and_load(_gift(tmp_path, text, "params-again.gift"), tmp_path)
    assert [(q.kind, q.answer) for q in again.questions[:2]] == [("computed", 8), ("computed", 44)]
