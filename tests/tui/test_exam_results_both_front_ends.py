"""The end of an exam reads the same in both front ends: the same exam played with keys in the
app and typed into plain mode grades its open answer with the same words and ends on the same
score, the same table by topic and the same words for every question."""

from __future__ import annotations

import io
import re

from study_support import BASICS, Clock, Timer, open_workspace
from textual.widgets import DataTable
from tui_support import ready, screen_name, text, wait_for

from quizapp.plain import PlainFrontEnd
from quizapp.plain.markdown_text import plain_text
from quizapp.study import ExamOptions, ExamSession

# Seed 1 draws the five basics cards in this order: no-vanishing (true/false, false),
# receptive-field (open), dropout-keep (computed, 0.72), gradient-constant (true/false, true),
# dice-vs-iou (multiple choice, 1 is right). Played: right, written then graded wrong, off by a
# little, right, wrong choice.
PLAIN_INPUT = "f\na region of\nthe input\n\n0.7\nt\n2\nn\n"
SECONDS = 125  # the exam's length on both pinned timers
LABEL = re.compile(r"^(Your answer|Right answer|Model answer)[.:]\s*(.*)$")


def words(lines: list[str]) -> list[str]:
    """A question's words without their layout: no bullets, quote bars or indents, one item a
    line, and "Model answer." or "Model answer:" as the label alone."""
    out: list[str] = []
    for line in lines:
        line = line.strip().removeprefix("- ").removeprefix("> ").strip()
        if label := LABEL.match(line):
            out += [label[1]] + ([label[2]] if label[2] else [])
        elif line:
            out.append(line)
    return out


def plain_exam_end(tmp_path) -> tuple[list[list[str]], list[list[str]]]:
    """What plain mode prints after the questions, in blocks parted by blank lines: the
    grading step's (the answer to grade, then all graded), and the results' (title and score,
    the table by topic, every question, what to drill)."""
    timer = Timer()
    workspace = open_workspace(tmp_path / "plain.sqlite3", BASICS, clock=Clock())
    try:
        exam = ExamSession(workspace, count=5, time_limit_s=15 * 60, seed=1, timer=timer)
        timer.advance(SECONDS)
        out = io.StringIO()
        PlainFrontEnd(io.StringIO(PLAIN_INPUT), out, width=1000).exam(exam)
    finally:
        workspace.close()
    shown = out.getvalue()
    grading, results = shown[shown.index("\nOpen answer 1 of"):].split("\nExam results\n")
    return ([block.splitlines() for block in grading.strip().split("\n\n")],
            [block.splitlines() for block in ("Exam results\n" + results).strip().split("\n\n")])


async def test_plain_mode_grades_and_shows_the_results_in_the_app_s_words(make_app, timer, tmp_path):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=5, minutes=15))
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        timer.advance(SECONDS)
        await pilot.press("f", *"a region of", "enter", *"the input", "ctrl+n", *"0.7", "enter", "t", "2")
        await wait_for(pilot, lambda: screen_name(pilot) == "SelfGradeScreen", what="the grading step")
        to_grade = [text(pilot, "#grade-position"), text(pilot, "#grade-meta"), text(pilot, "#grade-written")]
        await pilot.press("n")
        all_graded = [text(pilot, "#grade-position"), *text(pilot, "#grade-meta").splitlines()]
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "ResultsScreen", what="the results")
        score = [app.screen.sub_title, text(pilot, "#score")]
        table = app.screen.query_one("#by-topic", DataTable)
        topics = [[str(c.label) for c in table.columns.values()]]
        topics += [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        details = []
        for _ in range(5):  # each question in the detail pane, the cursor moved down the list
            details.append(words(plain_text(text(pilot, "#answer-detail-text")).splitlines()))
            await pilot.press("down")
    # the exam went as planned in the app
    assert to_grade == ["Open answer 1 of 1: compare it with the model answer", "Question 2 · cnn · Receptive field",
                        "a region of\nthe input"]
    assert score[1] == "Score: 2 of 5 (40%) · 2m 05s · schedule not changed"
    assert details[1][:5] == ["Question 2: Receptive field — ✗ wrong (graded by you)", "Your answer",
                              "a region of", "the input", "Model answer"]
    assert details[2][0] == "Question 3: Two dropouts — ✗ wrong (off by 2.8%)"

    grading, results = plain_exam_end(tmp_path)
    shown, graded = grading
    assert shown[:2] == to_grade[:2]  # the position, then the question's number, topic and title
    assert shown[3] == "Your answer:" and [line.strip() for line in shown[4:6]] == to_grade[2].splitlines()
    assert graded == all_graded == ["All 1 graded: 0 right, 1 wrong", "✗ wrong  Question 2 · Receptive field"]

    heading, table_lines, *questions, drill = results
    assert heading == score
    assert [re.split(r"\s{2,}", line.strip()) for line in table_lines] == topics
    assert [words(q) for q in questions] == details
    assert drill[0].startswith("3 mistakes to drill.")
