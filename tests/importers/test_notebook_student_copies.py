"""Students' copies of a course notebook, written with nbformat in the styles real copies use:
answers in HTML alert blocks headed `<b><u>Answer 3:</u></b>`, headings inside an answer,
answers on the question's own line, true/false statements one per cell, sub-questions."""

from __future__ import annotations

from pathlib import Path

import nbformat
from importer_support import import_and_load
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def _write(path: Path, cells: list) -> Path:
    nbformat.write(new_notebook(cells=cells), str(path))
    return path


def _alert(number: int, body: str) -> str:
    return (f'<div class="alert alert-block alert-success">\n<b><u>Answer {number}:</u></b>\n\n'
            f"{body}\n</div>")


def test_html_alert_answers_with_headings_inside_are_read(tmp_path: Path) -> None:
    source = _write(tmp_path / "student.ipynb", [
        new_markdown_cell("# Summary questions"),
        new_markdown_cell("### CNNs"),
        new_markdown_cell("1. Explain the receptive field."),
        new_markdown_cell(_alert(1, "The input region that can change one output unit.")),
        new_markdown_cell("2. Compare max pooling and strided convolution."),
        new_markdown_cell(_alert(2, "##### Max pooling\nHas no weights.\n\n"
                                    "##### Strided convolution\nLearns its downsampling.")),
        new_markdown_cell("3. **True or false**: a 1x1 convolution changes the spatial size."),
        new_markdown_cell(_alert(3, "False. It changes only the channels.")),
        new_markdown_cell("### Dropout"),
        new_markdown_cell("1. Why scale at training time?"),
        new_markdown_cell('<div class="alert alert-info"><b>Answer 1:</b> So that test time needs no change.</div>'),
    ])
    bank, problems, report, _ = import_and_load(source, tmp_path)
    assert [q.id for q in bank.questions] == ["cnns-1", "cnns-2", "cnns-3", "dropout-1"]
    rf, pooling, tf, dropout = bank.questions
    assert rf.answer == "The input region that can change one output unit."
    assert pooling.topic == "cnns" and pooling.prompt == "Compare max pooling and strided convolution."
    assert pooling.answer == ("##### Max pooling\nHas no weights.\n\n##### Strided convolution\n"
                              "Learns its downsampling.")
    assert (tf.statements[0].answer, tf.statements[0].explain) == (False, "It changes only the channels.")
    assert dropout.answer == "So that test time needs no change."
    assert report.needs_answer == [] and bank.topics == ["cnns", "dropout"]


def test_answers_on_the_question_line_and_in_the_question_cell(tmp_path: Path) -> None:
    source = _write(tmp_path / "inline.ipynb", [
        new_markdown_cell("### Optimisation"),
        new_markdown_cell("1. What does momentum average? **Answer:** Past gradients."),
        new_markdown_cell("2. Why warm up the learning rate?\n\n<font color='blue'>**Answer 2:** Adam's early "
                          "estimates are noisy.</font>\n\n#### Details\nThe second moment starts at zero."),
        new_markdown_cell("3. Name an optimiser with per-parameter rates."),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    momentum, warmup, third = bank.questions
    assert (momentum.prompt, momentum.answer) == ("What does momentum average?", "Past gradients.")
    assert warmup.prompt == "Why warm up the learning rate?"
    assert warmup.answer.startswith("Adam's early estimates are noisy.") and "#### Details" in warmup.answer
    assert third.id == "optimisation-3" and report.needs_answer == ["optimisation-3"]


def test_true_false_statements_one_per_cell_each_with_its_answer(tmp_path: Path) -> None:
    source = _write(tmp_path / "split.ipynb", [
        new_markdown_cell("### Activations"),
        new_markdown_cell("1. For each statement, say whether it is **true or false** and explain."),
        new_markdown_cell("1. ReLU's gradient is 1 for positive inputs."),
        new_markdown_cell("**Answer:** True, the derivative of $x$ is 1."),
        new_markdown_cell("2. Sigmoid outputs are centred on zero."),
        new_markdown_cell("**Answer:** False: they lie in (0, 1), centred on 0.5."),
        new_markdown_cell("3. Tanh saturates for large inputs."),
        new_markdown_cell("**Answer:** True."),
        new_markdown_cell("2. Why is GELU smooth?"),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    tf, gelu = bank.questions
    assert tf.kind == "true_false"
    assert [(s.text, s.answer) for s in tf.statements] == [
        ("ReLU's gradient is 1 for positive inputs.", True),
        ("Sigmoid outputs are centred on zero.", False),
        ("Tanh saturates for large inputs.", True)]
    assert tf.statements[1].explain == "They lie in (0, 1), centred on 0.5."
    assert [s.source for s in tf.statements] == ["split.ipynb, cell 3", "split.ipynb, cell 5", "split.ipynb, cell 7"]
    assert gelu.id == "activations-2" and gelu.kind == "open"
    assert report.needs_answer == ["activations-2"]


def test_numbered_sub_questions_are_questions_sharing_their_context(tmp_path: Path) -> None:
    source = _write(tmp_path / "subs.ipynb", [
        new_markdown_cell("### Networks"),
        new_markdown_cell("4. Consider the model below."),
        new_code_cell("model = nn.Linear(10, 2)"),
        new_markdown_cell("4.1 How many weights does it have?"),
        new_markdown_cell("**Answer 4.1:** 20 weights and 2 biases."),
        new_markdown_cell("#### 4.2 What is its output size?"),
        new_markdown_cell("**Answer 4.2:** 2."),
        new_markdown_cell("5. Next question."),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    assert [q.id for q in bank.questions] == ["networks-4.1", "networks-4.2", "networks-5"]
    first, second, _ = bank.questions
    assert first.prompt == "Consider the model below.\n\nHow many weights does it have?"
    assert first.answer == "20 weights and 2 biases." and second.answer == "2."
    assert second.prompt.endswith("What is its output size?") and second.topic == "networks"
    assert first.setup is not None and second.setup is not None and "nn.Linear" in second.setup.text
    assert any("question 4 has sub-questions" in n.message for n in report.warnings)


def test_an_alert_box_under_a_question_is_its_answer_even_without_a_heading(tmp_path: Path) -> None:
    source = _write(tmp_path / "boxes.ipynb", [
        new_markdown_cell("### Losses"),
        new_markdown_cell("1. Why cross-entropy for classification?"),
        new_markdown_cell('<div class="alert alert-block alert-warning">\nIts gradient does not vanish when '
                          "the prediction is confidently wrong.\n\n#### With a sigmoid\nThe log cancels the "
                          "exponential.\n</div>"),
        new_markdown_cell("2. What is label smoothing?"),
        new_markdown_cell("**Solution:** Mixing the one-hot target with a uniform one."),
    ])
    bank, _, report, _ = import_and_load(source, tmp_path)
    first, second = bank.questions
    assert first.answer.startswith("Its gradient does not vanish") and "#### With a sigmoid" in first.answer
    assert first.prompt == "Why cross-entropy for classification?" and second.id == "losses-2"
    assert second.answer == "Mixing the one-hot target with a uniform one." and report.needs_answer == []
