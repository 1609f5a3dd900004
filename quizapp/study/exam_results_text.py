"""The results of an exam in words. Both front ends show exactly these strings and numbers (the
TUI's results screen puts them in its tables and detail pane, plain mode prints them), so they
score, mark and phrase an exam the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.banks.kinds import kind_info
from quizapp.cut import one_line
from quizapp.plural import plural
from quizapp.records import Record
from quizapp.study.text import duration_words

if TYPE_CHECKING:
    from quizapp.study.exam_results import ExamAnswerView, ExamResults

RESULTS_TITLE = "Exam results"
TOPIC_COLUMNS = ("Topic", "Right", "Of", "Score")
ANSWER_COLUMNS = ("#", "Result", "Question", "Your answer", "Right answer")
GIVEN_LABEL = "Your answer"
EXPECTED_LABEL = "Right answer"
MODEL_LABEL = "Model answer"  # an open question's reference: read, not matched
NO_MISTAKES = "No mistakes to drill."

# Right or wrong in words and a mark, never colour alone. "(you)": the student graded it.
MARKS = {True: "✓ right", False: "✗ wrong", None: "– not graded"}
SELF_MARKS = {True: "✓ right (you)", False: "✗ wrong (you)", None: "– not graded"}


class AnswerDetail(Record, frozen=True):
    """One question in full, as the words to lay out: the verdict, both answers, the question."""

    heading: str  # "Question 2: Receptive field"
    verdict: str  # "✓ right (graded by you)": the mark, with the note on how it was judged
    given: str  # as given; an open answer keeps its lines (`written`)
    expected_label: str  # EXPECTED_LABEL, or MODEL_LABEL for an open question
    expected: str  # Markdown (a model answer is a bank's text)
    prompt: str  # Markdown
    written: bool  # an open answer: quoted line by line as written, the model answer below it

    @property
    def verdict_line(self) -> str:
        return f"{self.heading} — {self.verdict}"


def percent(part: int, whole: int) -> str:
    """``3 of 4`` as ``75%``; a dash when there is nothing to divide by."""
    return f"{part / whole:.0%}" if whole else "—"


def score_line(r: ExamResults) -> str:
    """``Score: 3 of 5 (60%) · 2m 05s · time ran out · schedule not changed``."""
    timed = " · time ran out" if r.timed_out else ""
    counted = "recorded in your schedule" if r.recorded_in_schedule else "schedule not changed"
    return (f"Score: {r.correct} of {r.questions} ({percent(r.correct, r.questions)}) · "
            f"{duration_words(r.seconds)}{timed} · {counted}")


def topic_rows(r: ExamResults) -> list[tuple[str, str, str, str]]:
    """One row per topic under `TOPIC_COLUMNS`: the topic, right, of how many, the score."""
    return [(topic, str(correct), str(n), percent(correct, n)) for topic, n, correct in r.by_topic]


def mark(a: ExamAnswerView) -> str:
    """The verdict as the list of questions shows it (``✗ wrong (you)``: graded by the student)."""
    return (SELF_MARKS if a.self_graded else MARKS)[a.correct]


def answer_row(a: ExamAnswerView) -> tuple[str, str, str, str, str]:
    """One question under `ANSWER_COLUMNS`, each cell on one line (a front end may cut it to its
    column: `answer_detail` has it all)."""
    return (str(a.number), mark(a), one_line(a.title), one_line(a.given), one_line(a.expected))


def answer_detail(a: ExamAnswerView) -> AnswerDetail:
    """One question in full: the verdict with its note (``graded by you``, ``off by 2.8%``),
    both answers, then the question."""
    note = f" ({a.note})" if a.note else ""
    written = kind_info(a.kind).self_graded  # an open answer, written by the student
    return AnswerDetail(heading=f"Question {a.number}: {a.title}", verdict=f"{MARKS[a.correct]}{note}", given=a.given,
                        expected_label=MODEL_LABEL if written else EXPECTED_LABEL, expected=a.expected,
                        prompt=a.prompt, written=written)


def mistakes_line(r: ExamResults) -> str:
    """How many answers to drill: the wrong ones, self-graded wrong and unanswered included."""
    n = len(r.mistakes)
    return f"{plural(n, 'mistake')} to drill." if n else NO_MISTAKES
