"""`quizapp study --plain` and `quizapp exam --plain`: the same flow as plain prompts, driven
through stdin by a real process (as a script or a screen reader user would)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from study_support import BASICS, Timer, open_workspace, reviews_in

from quizapp.plain import PlainFrontEnd
from quizapp.progress import QueueFilter
from quizapp.study import ExamSession, StudySession


def run_cli(args: list[str], stdin: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUIZAPP_HOME": str(home), "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "quizapp", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=60)


def test_plain_study_through_the_cli_records_answers(tmp_path):
    db = tmp_path / "p.sqlite3"
    # t/f (right), grade suggested; t/f (wrong), grade 2; then quit. The two statements of one
    # stem come back to back only because the topic has nothing else to put between them.
    result = run_cli(["--db", str(db), "study", "--plain", "--no-code", "--bank", "basics",
                      "--topic", "activations", str(BASICS)],
                     "t\n\nt\n2\n:q\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "About the ReLU activation, true or false?" in out
    assert "✓ Right — you said true; the answer is true." in out
    assert "✗ Wrong — you said true; the answer is false." in out
    assert "grade [1 Again · 1m · 2 Hard · 6m · 3 Good · 10m · 4 Easy · 8d, enter = 3 Good]" in out
    summary = out[out.index("\nSession over\n"):]  # the words of the TUI's summary screen
    assert "\nAnswered: 2 cards in " in summary
    assert "\nRight: 1 of 2 checked automatically (50%).\nGrades: Again 0 · Hard 1 · Good 1 · Easy 0\n" in summary
    assert "\nBy topic: activations 2\n" in summary
    assert "Traceback" not in result.stderr
    assert [(k, r, resp, c) for k, r, resp, c, _m in reviews_in(db)] == [
        ("basics/relu-facts/gradient-constant", 3, "true", 1),
        ("basics/relu-facts/no-vanishing", 2, "true", 0),
    ]


def test_plain_mode_is_used_when_stdout_is_not_a_terminal(tmp_path):
    result = run_cli(["--db", str(tmp_path / "p.sqlite3"), "study", "--no-code", "--bank", "basics", str(BASICS)],
                     "", tmp_path)
    assert result.returncode == 0
    assert "using plain mode" in result.stderr
    assert "[1/5]" in result.stdout  # the first card, then end of input ends the session
    assert "Nothing answered in this session.\nDue tomorrow: " in result.stdout  # what is due still helps


def test_group_options_without_a_command_open_the_app(tmp_path):
    """`quizapp --db F` is bare `quizapp` on another database (issue 15, item 1): it opens the
    app (plain mode here, stdout being a pipe), not "Missing command"."""
    db = tmp_path / "p.sqlite3"
    result = run_cli(["--db", str(db)], "", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Missing command" not in result.stderr
    assert "using plain mode" in result.stderr
    assert "[1/" in result.stdout
    assert db.exists()


def test_a_damaged_db_is_a_message_not_a_traceback(tmp_path):
    db = tmp_path / "p.sqlite3"
    db.write_text("not a database")
    result = run_cli(["--db", str(db), "study", "--plain", "--no-code", str(BASICS)], "", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("quizapp: ") and "Traceback" not in result.stderr
    assert db.read_text() == "not a database"


def test_plain_front_end_asks_again_undoes_and_reveals(workspace, db):
    session = StudySession(workspace, seed=1, keys=["basics/dropout-keep", "basics/receptive-field"])
    out = io.StringIO()
    # unreadable, then right; accept; undo (it comes back); answer again; reveal the open one; grade 4
    PlainFrontEnd(io.StringIO("lots\n0.72\n\n:u\n0.7\n1\n\n4\n"), out).study(session)
    text = out.getvalue()
    assert "Cannot read that: unknown name `lots`" in text
    assert "Undone." in text
    assert "✗ Wrong — you said 0.7; the answer is 0.72. (off by 2.8%)" in text
    assert "Model answer:" in text and "Key points:" in text
    assert [r[:2] for r in reviews_in(db)] == [("basics/dropout-keep", 1), ("basics/receptive-field", 4)]


def test_plain_exam_gives_no_feedback_until_the_results(workspace):
    exam = ExamSession(workspace, filters=QueueFilter(banks=("basics",)), count=5, seed=3, timer=Timer())
    out = io.StringIO()
    answers = []
    for review in exam.reviews:
        answers.append({"true_false": "t", "multiple_choice": "1", "computed": "0.72",
                        "open": "the input region a unit sees\n"}[review.ref.kind])
    # y: the open answer was right; wide lines, so no sentence is wrapped
    PlainFrontEnd(io.StringIO("\n".join(answers) + "\ny\n"), out, width=200).exam(exam)
    text = out.getvalue()
    before, _, after = text.partition("Grade your open answer (1)")
    assert "Right" not in before and "Wrong" not in before and "Model answer" not in before
    grading, _, after = after.partition("Score:")
    assert "Your answer:\n  the input region a unit sees\nModel answer:" in grading
    assert "\nAll 1 graded: 1 right, 0 wrong\n✓ right  Question" in grading
    assert after.startswith(" 4 of 5 (80%) · 0s · schedule not changed\n")
    assert ("Receptive field — ✓ right (graded by you)\n  Your answer:\n    the input region a unit sees\n"
            "  Model answer:\n") in after
    assert "\n1 mistake to drill." in after


def test_plain_exam_through_the_cli_with_open_answers_graded_at_the_end(tmp_path):
    db = tmp_path / "p.sqlite3"
    bank = Path(__file__).resolve().parents[1] / "study" / "open_banks" / "revision.yaml"
    # two written lines; an open answer only thought through; t/f; then the grading: n, back (:u)
    # to change it to y, a typo, n
    typed = "large dot products\nsaturate the softmax\n\n\nt\nn\n:u\ny\nmaybe\nn\n"
    result = run_cli(["--db", str(db), "exam", "--plain", "--no-code", "--seed", "1", "-n", "3", "--record",
                      "--bank", "revision", str(bank)], typed, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Write your answer: one or more lines, an empty line ends it." in out
    assert "You wrote nothing down: grade the answer you thought of." in out
    assert "Question 1 · attention · Why scale by the square root of d — you graded it ✗\nwrong" in out  # after :u
    # the typo asks again without repeating the answer
    assert out.count("Open answer 2 of 2: compare it with the model answer") == 2
    assert "Type y (right) or n (wrong)." in out
    assert "Score: 2 of 3 (67%) · 0s · recorded in your schedule\n" in out
    assert "Question 2: What max pooling buys — ✗ wrong (graded by you)\n  Your answer:\n    (not written down)\n" in out
    assert [(k, r, resp, c) for k, r, resp, c, _m in reviews_in(db)] == [  # in exam order
        ("revision/why-attention-scale", 3, "large dot products\nsaturate the softmax", 1),
        ("revision/pooling-invariance", 1, None, 0),
        ("revision/softmax-facts/sums-to-one", 3, "true", 1),
    ]


def test_plain_output_has_no_markdown_markup(workspace):
    session = StudySession(workspace, seed=1, keys=["code/conv-shape"])
    out = io.StringIO()
    PlainFrontEnd(io.StringIO("1x8x8x8\n\n"), out).study(session)
    text = out.getvalue()
    assert "What is the shape of conv(torch.zeros(1, 3, 10, 10))?" in text  # no backticks
    assert "```" not in text


class TypedSlowly(io.StringIO):
    """Answers typed at a pace: every line read takes ``seconds`` on the exam's timer."""

    def __init__(self, text: str, timer: Timer, seconds: float) -> None:
        super().__init__(text)
        self.timer, self.seconds = timer, seconds

    def readline(self, *args) -> str:
        self.timer.advance(self.seconds)
        return super().readline(*args)


def test_plain_exam_keeps_an_open_answer_being_written_when_the_time_runs_out(db, clock):
    from study_support import open_workspace

    workspace = open_workspace(db, Path(__file__).resolve().parents[1] / "study" / "open_banks" / "revision.yaml", clock=clock)
    timer = Timer()
    exam = ExamSession(workspace, count=3, seed=1, time_limit_s=60, timer=timer)  # open, open, true/false
    out = io.StringIO()
    # one line at 40 s, the next at 80 s (past the limit); then the grading
    PlainFrontEnd(TypedSlowly("variance grows with d\nso scores saturate\ny\n", timer, 40), out, width=200).exam(exam)
    workspace.close()
    text = out.getvalue()
    assert "Time is up: what you wrote is kept." in text
    assert "Time is up. Open answer 1 of 1: compare it with the model answer\n" in text
    assert "Your answer:\n  variance grows with d\n  so scores saturate\n" in text
    assert "Score: 1 of 3 (33%) · 1m 00s · time ran out · schedule not changed\n" in text
    assert ("Question 2: What max pooling buys — ✗ wrong\n  Your answer:\n    (no answer)\n"
            "  Model answer:\n    Small translations") in text


def test_plain_mode_asks_again_for_what_it_cannot_read_and_reads_grouped_numbers(db, clock):
    """Issue 15, items 2–3 in plain mode: letters on a whole-number card and a half-typed shape
    are asked again; `22 145` is 22145; `0.667` is 2/3 to the digits typed."""
    reading = Path(__file__).resolve().parents[1] / "tui" / "banks" / "reading.yaml"
    ws = open_workspace(db, reading, clock=clock)
    try:
        session = StudySession(ws, seed=1, filters=QueueFilter(banks=("reading",)))
        out = io.StringIO()
        PlainFrontEnd(io.StringIO("abc\n112\n\n(1,2\n(1, 32, 122, 122)\n\n22,145\n\n0.667\n\n"), out).study(session)
    finally:
        ws.close()
    text = " ".join(out.getvalue().split())  # lines are wrapped at 80 columns
    assert "Cannot read that: unknown name `abc`: type a number" in text
    assert text.count("Try again (it does not count).") == 2
    assert "✓ Right — you said 22145; the answer is 22145. (read 22,145 as 22145" in text
    assert "✓ Right — you said 0.667; the answer is 0.666667. (right to the 3 digits typed; " \
           "the full value is 0.666666666667)" in text
    assert [r[3] for r in reviews_in(db)] == [1, 1, 1, 1]


def test_plain_mode_keeps_bank_authors_warnings_from_students(tmp_path):
    """Issue 15 item 14: "Bank problem: … has no explanation" was printed at every start."""
    bank = tmp_path / "warned.yaml"
    bank.write_text("bank: warned\ntitle: Warned\nquestions:\n  - id: q\n    kind: true_false\n"
                    "    topic: t\n    stem: True or false?\n    statements:\n      - id: s\n"
                    "        text: A linear layer is affine.\n        answer: true\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: broken\nquestions: [\n", encoding="utf-8")
    result = run_cli(["--db", str(tmp_path / "p.sqlite3"), "study", "--plain", "--no-code", "--bank", "warned",
                      str(bank), str(broken)], "", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no explanation" not in result.stdout and "Bank problem" not in result.stdout
    assert "Note: 1 bank file could not be loaded (1 problem; `quizapp lint` shows them)." in result.stdout
    assert "A linear layer is affine." in result.stdout


def test_plain_mode_shows_inline_code_as_the_app_does(db, clock):
    """Issue 15 item 8: "you said" kept the backticks of a choice; the choices did not."""
    reading = Path(__file__).resolve().parents[1] / "tui" / "banks" / "reading.yaml"
    ws = open_workspace(db, reading, clock=clock)
    try:
        session = StudySession(ws, seed=1, keys=["reading/same-size-conv"])
        out = io.StringIO()
        PlainFrontEnd(io.StringIO("2\n\n"), out).study(session)
    finally:
        ws.close()
    text = " ".join(out.getvalue().split())
    assert "2. nn.Conv2d(C, C, 3, padding=3)" in text
    assert "✗ Wrong — you said nn.Conv2d(C, C, 3, padding=3); the answer is nn.Conv2d(C, C, 3, padding=1)." in text
    assert "`" not in text
