"""`quizapp study --plain`: a study session as line-by-line prompts, card after card, then its
summary. Used through `PlainFrontEnd.study`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.grading import AnswerFormatError
from quizapp.plain.commands import Quit, Undo
from quizapp.study.summary_text import SUMMARY_TITLE, summary_lines

if TYPE_CHECKING:
    from datetime import datetime

    from quizapp.plain.front_end import PlainFrontEnd
    from quizapp.study.session import StudySession
    from quizapp.study.views import CardView, SessionSummary


def run_study(front: PlainFrontEnd, session: StudySession) -> SessionSummary:
    """Run a study session to its end (or until the user quits); returns the summary."""
    try:
        while (view := session.current()) is not None:
            try:
                _study_card(front, session, view)
            except Undo:
                key = session.undo()
                front.say("Undone." if key else "Nothing to undo.")
    except (Quit, KeyboardInterrupt):
        pass
    summary = session.summary()
    show_summary(front, summary, session.store.now())
    return summary


def _study_card(front: PlainFrontEnd, session: StudySession, view: CardView) -> None:
    progress = session.progress()
    front.show_card(view, f"{progress.done + 1}/{progress.done + progress.left}")
    answer = front.read_answer(view, session.check_format, session.next_hint)
    if answer[0] == "tf":
        fb = session.answer_true_false(answer[1])
    elif answer[0] == "choice":
        fb = session.answer_choice(answer[1])
    elif answer[0] == "typed":
        if session.truth().state == "computing":
            front.say("Computing the answer with torch…")
        session.wait_truth()
        while True:
            try:
                fb = session.answer_typed(str(answer[1]))
                if not fb.retry:
                    break
                front.show_feedback(fb)  # wrong, one more try: the mistake, not the answer
            except AnswerFormatError as exc:  # readable only once the truth said what it is
                front.say(f"Cannot read that: {exc}. Try again (it does not count).")
            answer = front.read_answer(view, session.check_format, session.next_hint)
    else:
        fb = session.reveal()
    front.show_feedback(fb)
    if view.demo_count:
        for run in session.review.demo_runs():
            run.wait()
        front.show_demos(session.demos())
    session.grade(front.read_grade(fb))
    if session.notice:  # a new leech: told once
        front.say(session.notice)


def show_summary(front: PlainFrontEnd, s: SessionSummary, now: datetime) -> None:
    """The summary the TUI's summary screen shows, line for line."""
    front.say()
    front.say(SUMMARY_TITLE)
    for line in summary_lines(s, now):
        front.say(line)
