"""`quizapp import NOTEBOOK.ipynb`: the course notebook and answered variants we build."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from importer_support import import_and_load, notebook, result

from quizapp.errors import QuizappError
from quizapp.importers import import_file

NOTEBOOK = "notebooks/summary_questions_2021.ipynb"


def test_fixture_notebook_counts(fixtures: Path, tmp_path: Path) -> None:
    bank, problems, report, _ = import_and_load(fixtures / NOTEBOOK, tmp_path)
    kinds = Counter(q.kind for q in bank.questions)
    # README: 29 numbered questions, 22 true/false statements in 7 groups. It also counts
    # "3 computed, 1 code": those are what the questions ask for; this template has no code
    # output, so nothing marks them computed — they import as open questions with setup code.
    assert len(bank.questions) == 29
    assert kinds == {"open": 22, "true_false": 7}
    groups = [len(q.statements) for q in bank.questions if q.kind == "true_false"]
    assert groups == [1, 3, 6, 1, 3, 3, 5] and sum(groups) == 22
    assert len(bank.cards()) == 44
    assert [q.id for q in bank.questions if q.setup is not None] == [
        "cnns-3", "dropout-1", "losses-and-activation-functions-2", "backpropagation-3", "sequence-models-2"]
    assert report.questions == 29 and report.statements == 22
    assert len(report.needs_answer) == 44


def test_fixture_notebook_topics_ids_title_and_math(fixtures: Path, tmp_path: Path) -> None:
    bank, _, report, _ = import_and_load(fixtures / NOTEBOOK, tmp_path)
    assert bank.title == "Part 2: Summary Questions"
    assert bank.topics == sorted(["cnns", "dropout", "losses-and-activation-functions", "optimization",
                                  "backpropagation", "sequence-models", "attention", "unsupervised-learning",
                                  "graph-neural-networks"])
    ids = [q.id for q in bank.questions]
    # The notebook numbers its unsupervised questions 1, 2, 2: the repeat gets its own id.
    assert ids[ids.index("unsupervised-learning-1"):][:3] == [
        "unsupervised-learning-1", "unsupervised-learning-2", "unsupervised-learning-2b"]
    cnn4 = bank.question("cnns-4")
    assert cnn4 is not None and r"$\vec{y}_l=f_l(\vec{x};\vec{\theta}_l)$" in cnn4.prompt
    assert not cnn4.prompt.startswith("4.")
    assert bank.macros["vec"] == r"\boldsymbol {#1}" and "norm" in bank.macros
    assert any("\\E" in n.message for n in report.approximated)  # optional-argument macro: reported
    relu = bank.question("losses-and-activation-functions-4")
    assert relu is not None and relu.kind == "true_false"
    assert relu.statements[1].text == "The gradient of ReLU is linear with its input when the input is positive."
    bilevel = bank.question("optimization-5")
    assert bilevel is not None and bilevel.statements[0].text.startswith("In order to train such a network")
    assert "Provide a mathematical justification" in bilevel.stem


def test_fixture_notebook_lints_clean_apart_from_missing_answers(fixtures: Path, tmp_path: Path) -> None:
    _, problems, _, _ = import_and_load(fixtures / NOTEBOOK, tmp_path)
    assert all(p.severity == "warning" for p in problems)
    codes = Counter(p.code for p in problems)
    # One warning per unanswered card: a statement without an answer is not also told it lacks
    # an explanation.
    assert codes == {"needs-answer": 44}


def test_answer_markers_in_separate_cells(tmp_path: Path) -> None:
    source = notebook(tmp_path / "answered.ipynb", [
        ("markdown", "# Course quiz"),
        ("markdown", "### Basics"),
        ("markdown", "1. Explain the receptive field."),
        ("markdown", "**Answer:**\n\nThe input region that can change one output unit."),
        ("markdown", "2. Regarding ReLU, state whether each is **true or false** and explain:\n"
                     "  1. Its gradient is 1 for positive inputs.\n  1. It cannot cause dead units."),
        ("markdown", "**Answer**:\n1. True. The derivative of x is 1.\n2. **False**, units can die."),
        ("markdown", "3. Why use momentum?"),
        ("markdown", "**Answer**\nIt averages gradients over steps."),
        ("markdown", "4. Write a function returning the answer."),
        ("code", "## Answer:\ndef answer():\n    return 42", [result("42")]),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    q1, q2, q3, q4 = bank.questions
    assert (q1.id, q1.answer) == ("basics-1", "The input region that can change one output unit.")
    assert [(s.answer, s.explain) for s in q2.statements] == [
        (True, "The derivative of x is 1."), (False, "Units can die.")]
    assert q3.answer == "It averages gradients over steps."
    assert "def answer():" in q4.answer and "```python" in q4.answer
    assert report.needs_answer == []


def test_inline_answers_html_blocks_and_placeholders(tmp_path: Path) -> None:
    source = notebook(tmp_path / "inline.ipynb", [
        ("markdown", "### Dropout"),
        ("markdown", "1. **True or false**: dropout must come after the activation.\n"
                     "**Answer: ** False. It can go before or after."),
        ("markdown", "2. What should q be?"),
        ("markdown", '<div class="alert alert-info"><b>Answer:</b> $q = 1-(1-p_1)(1-p_2)$</div>'),
        ("markdown", "3. **True or false**: dropout is off at test time."),
        ("markdown", "**Answer:** It depends on the framework."),
        ("markdown", "4. Prove the scaling."),
        ("markdown", "**Answer:**\n\n**TODO**"),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    q1, q2, q3, q4 = bank.questions
    assert q1.kind == "true_false" and q1.statements[0].text == "Dropout must come after the activation."
    assert (q1.statements[0].answer, q1.statements[0].explain) == (False, "It can go before or after.")
    assert q2.answer == "$q = 1-(1-p_1)(1-p_2)$"
    # No verdict in the answer: left empty, flagged, its text kept as the explanation.
    assert q3.statements[0].answer is None and q3.statements[0].explain == "It depends on the framework."
    assert any("dropout-3/s1" in n.message for n in report.warnings)
    assert q4.answer == "" and report.needs_answer == ["dropout-3/s1", "dropout-4"]


def test_numbering_restarts_repeats_and_answer_lists_in_their_own_cell(tmp_path: Path) -> None:
    source = notebook(tmp_path / "numbers.ipynb", [
        ("markdown", "### Optimization"),
        ("markdown", "5. Explain SGD."),
        ("markdown", "6. Explain GD."),
        ("markdown", "**Answer:** It uses the whole dataset."),
        ("markdown", "1. first step of the answer\n2. second step"),  # the answer goes on
        ("markdown", "5. **Bonus**: explain Newton's method."),       # a repeated number
        ("markdown", "### Attention"),
        ("markdown", "1. What is attention?"),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    assert [q.id for q in bank.questions] == ["optimization-5", "optimization-6", "optimization-5b", "attention-1"]
    assert "second step" in bank.questions[1].answer
    assert any("read as part of that answer" in n.message for n in report.warnings)


def test_code_with_a_typed_output_makes_a_computed_question(tmp_path: Path) -> None:
    source = notebook(tmp_path / "computed.ipynb", [
        ("markdown", "### CNNs"),
        ("markdown", "1. What is the output shape of this network?"),
        ("code", "%matplotlib inline\nconv = nn.Conv2d(3, 8, 3)\nconv(torch.zeros(1, 3, 10, 10)).shape",
         [result("torch.Size([1, 8, 8, 8])")]),
        ("markdown", "2. Consider this model:"),
        ("code", "model = nn.Linear(2, 2)\nmodel", [result("Linear(in_features=2, out_features=2, bias=True)")]),
        ("markdown", "What does it compute?"),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    shape, linear = bank.questions
    assert shape.kind == "computed" and shape.compare == "shape" and shape.answer == [1, 8, 8, 8]
    assert shape.compute is not None and shape.compute.text == "result = conv(torch.zeros(1, 3, 10, 10)).shape"
    assert shape.setup is not None and shape.setup.text == "# %matplotlib inline\nconv = nn.Conv2d(3, 8, 3)"
    assert linear.kind == "open" and linear.setup is not None and "What does it compute?" in linear.prompt
    assert any("check the prompt asks for it" in n.message for n in report.warnings)


@pytest.mark.parametrize("content, where", [
    (b'{"cells": [\n  {"cell_type": "markdown",,}', ":2:"),
    (b'{"metadata": {}}', ":1:1:"),
    (b"\xff\xfe not text", ":1:"),
])
def test_broken_notebooks_give_a_positioned_error(tmp_path: Path, content: bytes, where: str) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    with pytest.raises(QuizappError) as caught:
        import_file(path)
    assert str(path) + where in str(caught.value)


def test_a_notebook_without_questions_is_an_error(tmp_path: Path) -> None:
    source = notebook(tmp_path / "empty.ipynb", [("markdown", "# Notes\n\nNothing to ask.")])
    with pytest.raises(QuizappError, match="no questions found"):
        import_file(source)


def test_headings_inside_answers_stay_in_the_answer(tmp_path: Path) -> None:
    source = notebook(tmp_path / "headings.ipynb", [
        ("markdown", "### Losses"),
        ("markdown", "1. Would you use an L2 loss for a classifier?"),
        ("markdown", "## Answer:\nNo.\n#### A numerical example\nWith p = 0.9 …"),
        ("markdown", "2. Why cross-entropy?"),
    ])
    bank, _, _, _ = import_and_load(source, tmp_path)
    first, second = bank.questions
    assert first.answer == "No.\n#### A numerical example\nWith p = 0.9 …"
    assert (second.id, second.topic) == ("losses-2", "losses")


def test_other_numbering_styles_and_top_level_topics(tmp_path: Path) -> None:
    source = notebook(tmp_path / "styles.ipynb", [
        ("markdown", "# Convolutions"),           # every topic at level 1: none of them is the title
        ("markdown", "**1.** What is a kernel?"),
        ("markdown", "## Question 2"),
        ("markdown", "What is a stride?"),
        ("markdown", "# Pooling"),
        ("markdown", "### 1. Why pool?"),
        ("markdown", "Q2) Max or average?"),
    ])
    bank, _, _, _ = import_and_load(source, tmp_path)
    assert bank.title == "styles"
    assert [(q.id, q.prompt) for q in bank.questions] == [
        ("convolutions-1", "What is a kernel?"), ("convolutions-2", "What is a stride?"),
        ("pooling-1", "Why pool?"), ("pooling-2", "Max or average?")]


def test_a_printed_shape_makes_a_computed_question_but_a_printed_number_does_not(tmp_path: Path) -> None:
    def stream(text: str) -> dict:
        return {"output_type": "stream", "name": "stdout", "text": text}
    source = notebook(tmp_path / "printed.ipynb", [
        ("markdown", "### Sequences"),
        ("markdown", "1. What does `Y` contain? Why this shape?"),
        ("code", "emb = nn.Embedding(42, 16)\nY = emb(torch.zeros(5, 6, dtype=torch.long))\nprint(f\"{Y.shape=}\")",
         [stream("\x1b[1mY.shape=torch.Size([5, 6, 16])\x1b[0m\n")]),  # coloured: read as text
        ("markdown", "2. Compute the gradient numerically."),
        ("code", "loss = torch.rand(3).sum()\nprint(f\"{loss=}\")", [stream("loss=tensor(1.2345)\n")]),
    ])
    bank, _, _, _ = import_and_load(source, tmp_path)
    shape, gradient = bank.questions
    assert (shape.kind, shape.compare, shape.answer) == ("computed", "shape", [5, 6, 16])
    assert shape.compute is not None and shape.compute.text == "result = Y.shape"
    assert gradient.kind == "open" and gradient.setup is not None and "print" in gradient.setup.text


def test_a_macro_whose_body_holds_escaped_braces_is_kept_whole_and_an_unclosed_one_is_left_in_the_text() -> None:
    from quizapp.importers.notebook_text import extract_macros

    source = r"$$\newcommand{\set}[1]{\{ #1 \}}$$ The set $\set{x}$ and \newcommand{\bad}{ {never closed"
    rest, macros = extract_macros(source)
    assert macros.found == {"set": r"\{ #1 \}"}
    assert rest == r" The set $\set{x}$ and \newcommand{\bad}{ {never closed"
