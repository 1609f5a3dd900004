"""`quizapp exam --plain`: a mock exam as line-by-line prompts, then the self-grading of the
open answers, then the results. Used through `PlainFrontEnd.exam`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizapp.plain.commands import Quit, Undo
from quizapp.plain.markdown_text import plain_text
from quizapp.study.exam_results_text import (
    GIVEN_LABEL,
    MODEL_LABEL,
    RESULTS_TITLE,
    TOPIC_COLUMNS,
    AnswerDetail,
    answer_detail,
    mistakes_line,
    score_line,
    topic_rows,
)
from quizapp.study.self_grading_text import KEY_POINTS, NOTHING_WRITTEN, all_graded_lines, answer_meta, position_line
from quizapp.study.text import countdown_words

if TYPE_CHECKING:
    from quizapp.plain.front_end import PlainFrontEnd
    from quizapp.study.exam import ExamSession
    from quizapp.study.exam_results import ExamResults, OpenAnswerView

WRITE_HINT = ("Write your answer: one or more lines, an empty line ends it. Nothing to write down? "
              "Press enter at once. You grade it yourself at the end.")


def run_exam(front: PlainFrontEnd, exam: ExamSession) -> ExamResults:
    """Ask every question (no feedback), let the student grade the open answers, then show
    and return the results."""
    limit = f", {countdown_words(exam.time_limit_s)} to answer" if exam.time_limit_s else ""
    front.say(f"Exam: {exam.total} questions{limit}. No feedback until the end; an empty answer "
              "skips a question. Open questions are graded by you at the end.")
    try:
        while (view := exam.current()) is not None:
            left = exam.remaining()
            clock = f" · {countdown_words(left)} left" if left is not None else ""
            front.show_card(view, f"question {exam.number}/{exam.total}{clock}")
            try:
                if view.form.self_graded:
                    _answer_open(front, exam)
                    continue
                answer = front.read_answer(view, lambda t: exam.check_format(t) if t.strip() else None)
            except Undo:
                front.say("Answers cannot be undone in an exam.")
                continue
            if exam.time_up:
                front.say("Time is up: that answer came too late.")
                break
            if answer[0] == "tf":
                exam.answer_true_false(answer[1])
            elif answer[0] == "choice":
                exam.answer_choice(answer[1])
            elif answer[0] == "typed" and answer[1].strip():
                exam.answer_typed(answer[1])
            else:
                exam.skip()
    except (Quit, KeyboardInterrupt):
        front.say("Exam ended early: questions not answered count as wrong.")
    exam.stop_answering()
    grade_open_answers(front, exam)
    if exam.pending_truths():
        front.say("Grading: waiting for torch to compute the remaining answers…")
    results = exam.finish()
    show_results(front, results)
    return results


def _answer_open(front: PlainFrontEnd, exam: ExamSession) -> None:
    """Read an open answer, line by line. Lines written when the time runs out are kept (as
    the full-screen exam keeps what is in the box)."""
    front.say(WRITE_HINT)
    lines: list[str] = []
    while True:
        line = front.ask("answer" if not lines else "...")
        if exam.time_up:
            exam.hand_in_draft("\n".join([*lines, line]))
            front.say("Time is up: what you wrote is kept.")
            return
        if not line:
            exam.answer_open("\n".join(lines))
            return
        lines.append(line)


def grade_open_answers(front: PlainFrontEnd, exam: ExamSession) -> None:
    """The self-grading step: each open answer next to the model answer, graded y or n.
    `:u` goes back one; `:q` (or end of input) leaves the rest not graded."""
    items = exam.open_answers()
    if not items:
        return
    n = len(items)
    front.say()
    front.say(f"Grade your open answer{'s' if n != 1 else ''} ({n}): type y (right) or n (wrong) after each. "
              ":u goes back one; :q leaves the rest not graded.")
    at, shown = 0, -1
    while at < n:
        item = exam.open_answers()[at]
        if shown != at:  # a typo asks again without showing it all again
            _show_open_answer(front, item, position_line(at, n, exam.timed_out))
            shown = at
        try:
            text = front.ask("right or wrong? [y/n]", letters=True).lower()
        except Undo:
            at, shown = max(0, at - 1), -1
            continue
        except (Quit, KeyboardInterrupt):
            left = sum(1 for i in exam.open_answers() if i.grade is None)
            front.say(f"Grading stopped: {left} open answer{'s' if left != 1 else ''} not graded "
                      "(not counted as right).")
            return
        if text in ("y", "yes", "r", "right"):
            exam.grade_open(item.index, True)
        elif text in ("n", "no", "w", "wrong"):
            exam.grade_open(item.index, False)
        else:
            front.say("Type y (right) or n (wrong).")
            continue
        at += 1
    front.say()
    for line in all_graded_lines(exam.open_answers()):
        front.say(line)


def _show_open_answer(front: PlainFrontEnd, item: OpenAnswerView, line: str) -> None:
    """One open answer to grade, in the grading screen's words and order."""
    front.say()
    front.say(line)
    front.say(answer_meta(item))
    front.say(plain_text(item.prompt))
    if item.written:
        front.say(f"{GIVEN_LABEL}:")
        front.say(item.written, indent="  ")
    else:
        front.say(NOTHING_WRITTEN)
    if item.model_answer:
        front.say(f"{MODEL_LABEL}:")
        front.say(plain_text(item.model_answer), indent="  ")
    if item.key_points:
        front.say(KEY_POINTS)
        for point in item.key_points:
            front.say(f"• {plain_text(point)}", indent="  ")


def show_results(front: PlainFrontEnd, r: ExamResults) -> None:
    """What the TUI's results screen shows, in its words: the score, the table by topic, then
    every question in full (the screen's detail pane, one question after another)."""
    front.say()
    front.say(RESULTS_TITLE)
    front.say(score_line(r))
    front.say()
    for line in table_lines(TOPIC_COLUMNS, topic_rows(r)):
        front.say(line, indent="  ")
    for a in r.answers:
        front.say()
        _show_answer(front, answer_detail(a))
    front.say()
    if r.mistakes:  # the app's `d` drills exactly these; the command line drills the week's
        front.say(f"{mistakes_line(r)} `quizapp study --mode mistakes` drills this week's mistakes, "
                  "this exam's included.")
    else:
        front.say(mistakes_line(r))


def _show_answer(front: PlainFrontEnd, d: AnswerDetail) -> None:
    front.say(d.verdict_line)
    if d.written:  # an open answer: its lines as written, the model answer below
        front.say(f"{GIVEN_LABEL}:", indent="  ")
        front.say(d.given, indent="    ")
        front.say(f"{d.expected_label}:", indent="  ")
        front.say(plain_text(d.expected), indent="    ")
    else:
        front.say(f"{GIVEN_LABEL}: {plain_text(d.given)}", indent="  ")
        front.say(f"{d.expected_label}: {plain_text(d.expected)}", indent="  ")
    # The question last, as on the screen; its blank lines dropped, so that one blank line
    # parts one question from the next.
    front.say("\n".join(line for line in plain_text(d.prompt).splitlines() if line.strip()), indent="  ")


def table_lines(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table as aligned lines: the header, then a row a line, two spaces between columns."""
    widths = [max(len(cell) for cell in column) for column in zip(columns, *rows)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in (columns, *rows)]
