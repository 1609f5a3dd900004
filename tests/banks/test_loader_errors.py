"""Every way a bank file can be broken gives one clear `path:line:col: message`."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from quizapp.banks import load_bank, load_banks
from quizapp.banks.yaml_source import MAX_FILE_BYTES

GOOD = """\
bank: good
title: A good bank
questions:
  - id: q1
    kind: open
    prompt: Why?
    answer: Because.
"""


def load(tmp_path: Path, text: str | bytes, name: str = "bank.yaml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    bank, problems = load_bank(path)
    return bank, [str(p) for p in problems], path


def only_error(tmp_path: Path, text: str | bytes) -> tuple[int, int, str]:
    bank, problems, path = load(tmp_path, text)
    assert bank is None, "a broken bank must not load"
    errors = [p for p in problems if ": warning:" not in p]
    assert len(errors) == 1, errors
    where, message = errors[0][len(str(path)) + 1:].split(": ", 1)
    line, col = where.split(":")
    return int(line), int(col), message


def test_a_good_bank_loads_without_problems(tmp_path: Path) -> None:
    bank, problems, _ = load(tmp_path, GOOD)
    assert bank is not None and problems == []
    assert [q.id for q in bank.questions] == ["q1"]


def test_bad_yaml_points_at_the_line(tmp_path: Path) -> None:
    line, _, message = only_error(tmp_path, GOOD + "  - id: [unclosed\n")
    assert line == 9
    assert message.startswith("YAML syntax:")


def test_tab_indentation_is_named(tmp_path: Path) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("    prompt: Why?", "\tprompt: Why?"))
    assert (line, col) == (6, 1)
    assert "tab" in message and "spaces" in message


def test_unclosed_quote_points_at_its_start(tmp_path: Path) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("prompt: Why?", 'prompt: "Why?'))
    assert "unclosed quote" in message
    assert (line, col) == (6, 13)


def test_wrong_type_says_what_was_expected(tmp_path: Path) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("prompt: Why?", "prompt: [a, b]"))
    assert (line, col) == (6, 13)
    assert message == "`prompt` must be text, not a list"


def test_yes_no_in_a_text_field_suggests_quotes(tmp_path: Path) -> None:
    line, _, message = only_error(tmp_path, GOOD.replace("prompt: Why?", "prompt: yes"))
    assert line == 6 and "quotes" in message


def test_missing_field_names_it(tmp_path: Path) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("    prompt: Why?\n", ""))
    assert (line, col) == (4, 5)
    assert message.startswith("missing `prompt` in an open question")


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("prompt: Why?", "promt: Why?\n    prompt: Why?"))
    assert (line, col) == (6, 5)
    assert "unknown key `promt`" in message and "did you mean `prompt`?" in message


def test_unknown_kind_suggests_the_right_one(tmp_path: Path) -> None:
    line, _, message = only_error(tmp_path, GOOD.replace("kind: open", "kind: true_flase"))
    assert line == 5 and message == ("unknown kind `true_flase`: one of true_false, open, computed, "
                                     "multiple_choice (did you mean `true_false`?)")
    _, _, message = only_error(tmp_path, GOOD.replace("kind: open", "kind: 5"))
    assert message == "`kind` must be one of true_false, open, computed, multiple_choice, not the number 5"


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("answer: Because.", "answer: Because.\n    answer: Again."))
    assert (line, col) == (8, 5)
    assert message == "duplicate key `answer` (first given at line 7)"


def test_duplicate_question_id_is_an_error(tmp_path: Path) -> None:
    twice = GOOD + "  - id: q1\n    kind: open\n    prompt: Again?\n    answer: Yes.\n"
    line, col, message = only_error(tmp_path, twice)
    assert (line, col) == (8, 9)
    assert message == "duplicate question id `q1` (first used at line 4)"


def test_duplicate_statement_id_is_an_error(tmp_path: Path) -> None:
    text = """\
    bank: b
    title: T
    questions:
      - id: tf
        kind: true_false
        stem: S
        statements:
          - {id: a, text: x, answer: true, explain: e}
          - {id: a, text: y, answer: false, explain: e}
    """
    line, _, message = only_error(tmp_path, text)
    assert line == 9 and "duplicate statement id `a`" in message


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    started = time.perf_counter()
    line, _, message = only_error(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2.0
    assert "alias" in message and "too many" in message
    assert line >= 2


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo hacked']", "!!python/name:os.system", "!custom 3"])
def test_object_constructing_tags_are_refused(tmp_path: Path, tag: str) -> None:
    line, col, message = only_error(tmp_path, GOOD.replace("prompt: Why?", f"prompt: {tag}"))
    assert (line, col) == (6, 13)
    assert "is not allowed" in message


def test_invalid_utf8_points_at_the_byte(tmp_path: Path) -> None:
    data = GOOD.replace("Why?", "Why\xff?").encode("latin-1")
    line, col, message = only_error(tmp_path, data)
    assert (line, col) == (6, 16)
    assert "not valid UTF-8" in message


def test_oversized_file_is_refused_without_parsing(tmp_path: Path) -> None:
    data = (GOOD + "#" + "x" * MAX_FILE_BYTES + "\n").encode()
    line, _, message = only_error(tmp_path, data)
    assert line == 1 and "too large" in message


def test_empty_file(tmp_path: Path) -> None:
    line, _, message = only_error(tmp_path, "")
    assert line == 1 and "empty" in message


def test_comment_only_file_counts_as_empty(tmp_path: Path) -> None:
    _, _, message = only_error(tmp_path, "# nothing here\n")
    assert "empty" in message


def test_a_list_instead_of_a_mapping(tmp_path: Path) -> None:
    line, _, message = only_error(tmp_path, "- id: q1\n  kind: open\n")
    assert line == 1
    assert "must be a mapping" in message and "not a list" in message


def test_several_documents_in_one_file(tmp_path: Path) -> None:
    line, _, message = only_error(tmp_path, GOOD + "---\n" + GOOD)
    assert line == 8  # the `---` that starts the second document
    assert "several YAML documents" in message


def test_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    text = GOOD.replace("prompt: Why?", "prompt: " + "[" * 200 + "]" * 200)
    bank, problems, _ = load(tmp_path, text)
    assert bank is None
    assert any("nesting" in p for p in problems)


def test_snippet_syntax_error_points_inside_the_yaml(tmp_path: Path) -> None:
    text = """\
    bank: b
    title: T
    questions:
      - id: c
        kind: computed
        prompt: What?
        compute: |
          x = 1
          result = (x +
        answer: 2
    """
    line, col, message = only_error(tmp_path, text)
    assert line == 9 and col == 16
    assert message.startswith("Python syntax error in `compute`")


def test_placeholder_must_name_a_parameter(tmp_path: Path) -> None:
    text = """\
    bank: b
    title: T
    questions:
      - id: c
        kind: computed
        params: {k: {choices: [3, 5]}}
        prompt: Kernel {{k}}, stride {{s}}?
        compute: result = k
        compare: numeric
    """
    line, _, message = only_error(tmp_path, text)
    assert line == 7 and "`{{s}}`" in message


def test_all_problems_of_a_file_are_reported_sorted(tmp_path: Path) -> None:
    text = GOOD.replace("prompt: Why?", "promt: Why?") + "  - id: q2\n    kind: opn\n"
    bank, problems, path = load(tmp_path, text)
    assert bank is None
    lines = [int(p[len(str(path)) + 1:].split(":")[0]) for p in problems]
    assert lines == sorted(lines) and len(problems) == 3


def test_needs_answer_is_a_warning_not_an_error(tmp_path: Path) -> None:
    bank, problems, _ = load(tmp_path, GOOD.replace("    answer: Because.\n", ""))
    assert bank is not None
    assert len(problems) == 1 and "warning: question `q1` needs an answer" in problems[0]


def test_a_broken_bank_never_stops_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("bank: [\n", encoding="utf-8")
    (tmp_path / "other.yml").write_text(GOOD.replace("bank: good", "bank: other"), encoding="utf-8")
    result = load_banks([tmp_path], include_shipped=False, include_user=False)
    assert sorted(b.id for b in result.banks) == ["good", "other"]
    assert result.broken_files == [str(tmp_path / "bad.yaml")]


def test_the_same_bank_id_twice_keeps_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    result = load_banks([tmp_path], include_shipped=False, include_user=False)
    assert [b.path.name for b in result.banks] == ["a.yaml"]
    assert "already used" in result.errors[0].message


def test_fast_scalar_reading_agrees_with_pyyaml(tmp_path: Path) -> None:
    import yaml

    words = ["yes", "No", "ON", "off", "true", "False", "~", "null", "0", "7", "010", "0x1f", "1_000", "3.5",
             "1e3", ".inf", "-.nan", "2024-01-31", "12:30", "y", "n", "Yes please", "+1", "-2", "0o17", "<<x"]
    body = "bank: b\ntitle: T\nvalues: [" + ", ".join(words) + "]\nquestions: [{id: q, kind: open, prompt: P, answer: A}]\n"
    from quizapp.banks.problems import ProblemList
    from quizapp.banks.yaml_source import read_yaml

    ours = read_yaml(tmp_path / "x.yaml", ProblemList("x"), body)["values"]
    theirs = yaml.load(body, Loader=yaml.CSafeLoader)["values"]
    import math
    for word, a, b in zip(words, ours, theirs):
        if isinstance(b, float) and math.isnan(b):
            assert isinstance(a, float) and math.isnan(a), word
        elif word in ("2024-01-31",):
            assert a == word  # dates stay text
        elif word in ("1e3",):
            assert a == 1000.0  # YAML 1.2 floats are numbers, not text
        else:
            assert (a, type(a)) == (b, type(b)), word


def test_an_empty_plain_value_is_null_not_empty_text(tmp_path: Path) -> None:
    """`answer:` with nothing after it is null, as YAML says: a statement still needing an
    answer gets the needs-answer warning, not "must be true or false, not text ''"."""
    text = """\
    bank: b
    title: T
    questions:
      - id: tf
        kind: true_false
        stem: S
        statements:
          - id: a
            text: x
            answer:
            explain: e
      - id: o
        kind: open
        prompt: P
        answer:
    """
    bank, problems, path = load(tmp_path, text)
    assert bank is not None, problems
    assert bank.questions[0].statements[0].answer is None
    assert bank.questions[1].answer == ""
    assert [p[len(str(path)) + 1:] for p in problems] == [
        "8:9: warning: statement `a` needs an answer (true or false)",
        "12:5: warning: question `o` needs an answer (a model answer)",
    ]

    from quizapp.banks.problems import ProblemList
    from quizapp.banks.yaml_source import read_yaml

    values = read_yaml(tmp_path / "x.yaml", ProblemList("x"), "a:\nb: ''\nc: [~, '', ]\nd: {e: }\n")
    assert values == {"a": None, "b": "", "c": [None, ""], "d": {"e": None}}



def test_a_control_character_in_a_quoted_string_is_an_error(tmp_path: Path) -> None:
    """A terminal acts on ESC sequences (clearing the screen, setting its title, writing the
    clipboard): a bank's text may not carry one, even though YAML's "\\e" escape makes it."""
    line, col, message = only_error(tmp_path, GOOD.replace("prompt: Why?", 'prompt: "Why\\e]0;owned\\a?"'))
    assert (line, col) == (6, 13)
    assert message == ("control character \\x1b in a quoted string: a bank holds plain text, "
                       "and a terminal would act on it")
    # a message that quotes the bank (here an unknown key) shows the character, never sends it
    _, problems, _ = load(tmp_path, GOOD.replace("prompt: Why?", 'prompt: Why?\n    "s\\x9bize": 1'))
    assert any("unknown key `s\\x9bize`" in p for p in problems), problems
    assert all(p.isprintable() for p in problems)


def test_a_raw_control_character_points_at_itself(tmp_path: Path) -> None:
    """YAML refuses control characters written into the file itself; the message says where,
    in characters (libyaml counts bytes, and this line has two-byte letters before it)."""
    text = GOOD.replace("prompt: Why?", "prompt: |\n      Déjà vu \x07 again?")
    line, col, message = only_error(tmp_path, text)
    assert (line, col) == (7, 15)
    assert message == ("control character \\x07: a bank holds plain text (tabs and line breaks are "
                       "the only control characters YAML allows)")
    line, col, message = only_error(tmp_path, GOOD.replace("prompt: Why?", "prompt: odd \ufffe here"))
    assert (line, col, message) == (6, 17, "character U+FFFE is not allowed in a YAML file")


def test_a_related_id_that_names_no_question_is_pointed_at(tmp_path: Path) -> None:
    bank, problems, path = load(tmp_path, GOOD + """\
    related: [q2, typo, q1]
  - id: q2
    kind: open
    prompt: And why not?
    answer: Because not.
""")
    assert bank is not None  # a warning: the bank loads, the bad links link nothing
    assert problems == [
        f"{path}:8:19: warning: `related` names `typo`, which is not a question of this bank: it links nothing",
        f"{path}:8:25: warning: `related` names the question itself (`q1`): it links nothing",
    ]
