"""`quizapp exam --plain`: a mock exam as line-by-line prompts, then the self-grading of the
open answers, then the results. Used through `PlainFrontEnd.exam`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.banks.kinds import kind_info
from quizapp.cut import cut, one_line
from quizapp.plain.commands import Quit, Undo
from quizapp.plain.markdown_text import plain_text
from quizapp.study.exam_results import NO_ANSWER, NOT_WRITTEN
from quizapp.study.text import countdown_words, duration_words

if TYPE_CHECKING:
    from quizapp.plain.front_end import PlainFrontEnd
    from quizapp.study.exam import ExamSession
    from quizapp.study.exam_results import ExamResults, OpenAnswerView

WRITE_HINT = ("Write your answer: one or more lines, an empty line ends it. Nothing to write down? "
              "Press enter at once. You grade it yourself at the end.")
MARKS = {True: "✓ right", False: "✗ wrong", None: "not graded"}


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
                if kind_info(view.kind).self_graded:
                    _answer_open(front, exam)
                    continue
                kind, value = front.read_answer(view, lambda t: exam.check_format(t) if t.strip() else None)
            except Undo:
                front.say("Answers cannot be undone in an exam.")
                continue
            if exam.time_up:
                front.say("Time is up: that answer came too late.")
                break
            if kind == "tf":
                exam.answer_true_false(bool(value))
            elif kind == "choice":
                exam.answer_choice(int(value))  # type: ignore[call-overload]
            elif kind == "typed" and str(value).strip():
                exam.answer_typed(str(value))
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
    front.say(f"Grade your open answer{'s' if n != 1 else ''} ({n}): compare with the model answer, "
              "then type y (right) or n (wrong). :u goes back one; :q leaves the rest not graded.")
    at, shown = 0, -1
    while at < n:
        item = exam.open_answers()[at]
        if shown != at:  # a typo asks again without showing it all again
            _show_open_answer(front, item, f"{at + 1}/{n}")
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


def _show_open_answer(front: PlainFrontEnd, item: OpenAnswerView, position: str) -> None:
    front.say()
    graded = f" — you graded it {MARKS[item.grade]}" if item.grade is not None else ""
    front.say(f"[open answer {position}] Question {item.number} · {item.topic} · {item.title}{graded}")
    front.say(plain_text(item.prompt))
    if item.written:
        front.say("You wrote:")
        front.say(item.written, indent="  ")
    else:
        front.say("You wrote nothing down: grade the answer you thought of.")
    if item.model_answer:
        front.say("Model answer:")
        front.say(plain_text(item.model_answer), indent="  ")
    if item.key_points:
        front.say("Key points:")
        for point in item.key_points:
            front.say(f"- {plain_text(point)}", indent="  ")


def show_results(front: PlainFrontEnd, r: ExamResults) -> None:
    """The score, by topic, each question with the answer given and the right one."""
    front.say()
    score = f"{r.score:.0%}" if r.score is not None else "—"
    timed = " (time ran out)" if r.timed_out else ""
    front.say(f"Score: {r.correct} of {r.questions} right ({score}) in {duration_words(r.seconds)}{timed}.")
    for topic, n, correct in r.by_topic:
        front.say(f"{topic}: {correct} of {n}", indent="  ")
    for a in r.answers:
        mark = MARKS[a.correct] + (" (graded by you)" if a.self_graded and a.correct is not None else "")
        if kind_info(a.kind).self_graded:
            wrote = "you wrote nothing down" if a.given == NOT_WRITTEN else (
                "no answer" if a.given == NO_ANSWER else f"you wrote “{_short(a.given)}”")
            front.say(f"{a.number}. {a.title} — {mark}: {wrote}; model answer: {_short(plain_text(a.expected))}")
            continue
        front.say(f"{a.number}. {a.title} — {mark}: you said {a.given}; the answer is {a.expected}."
                  + (f" ({a.note})" if a.note else ""))
    front.say("Recorded in your schedule." if r.recorded_in_schedule else "Your schedule was not changed.")
    if r.mistakes:
        front.say(f"{len(r.mistakes)} to drill: run `quizapp study --mode mistakes`.")


def _short(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters (the full text was shown while grading)."""
    return cut(one_line(text), width)
