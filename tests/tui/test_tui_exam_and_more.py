"""Exams with a timer, results and drills; statistics; broken banks; a damaged DB."""

from __future__ import annotations

from pathlib import Path

from study_support import BASICS, reviews_in
from textual.widgets import DataTable
from tui_support import ready, screen_name, text, wait_for

from quizapp.progress import ProgressStore, QueueFilter
from quizapp.study import ExamOptions


async def test_exam_runs_against_a_visible_countdown_and_ends_when_time_is_up(make_app, db, timer):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=3, minutes=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        assert text(pilot, "#countdown") == "⏱ 1:00 left"
        assert text(pilot, "#exam-position") == "Question 1 of 3"
        first = app.screen.view
        await pilot.press("t" if first.kind == "true_false" else "1") if first.kind != "computed" else \
            await pilot.press(*"0.72", "enter")
        assert text(pilot, "#exam-position") == "Question 2 of 3"
        assert not app.screen.query("#verdict")  # no feedback during an exam
        timer.advance(61)
        await wait_for(pilot, lambda: screen_name(pilot) == "ResultsScreen", what="the results")
        score = text(pilot, "#score")
        assert "time ran out" in score and "schedule not changed" in score
        answers = app.screen.query_one("#answers", DataTable)
        assert answers.row_count == 3
        assert [str(answers.get_row_at(i)[1]) for i in (1, 2)] == ["✗ wrong", "✗ wrong"]  # unanswered
    assert reviews_in(db) == []  # the schedule was not touched


async def test_exam_setup_then_results_by_topic_then_drill_the_mistakes(make_app, db):
    app = make_app(BASICS)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert screen_name(pilot) == "ExamSetupScreen"
        assert "open questions are graded by you at the end" in text(pilot, ".hint")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        assert app.screen.exam.total == 5  # the open question is examined too
        while screen_name(pilot) == "ExamScreen" and app.screen.view is not None:
            view = app.screen.view
            if view.kind == "true_false":
                await pilot.press("f")  # right for one statement, wrong for the other
            elif view.kind == "multiple_choice":
                await pilot.press("1")
            elif view.kind == "open":
                await pilot.press("ctrl+n")  # thought through, nothing written
            else:
                await pilot.press(*"0.72", "enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "SelfGradeScreen")
        assert text(pilot, "#grade-written") == "You wrote nothing down: grade the answer you thought of."
        await pilot.press("escape", "escape")  # stop grading: the open answer is not graded
        await wait_for(pilot, lambda: screen_name(pilot) == "ResultsScreen")
        assert text(pilot, "#score").startswith("Score: 3 of 5 (60%)")
        topics = app.screen.query_one("#by-topic", DataTable)
        assert [str(c) for c in topics.get_row_at(0)] == ["activations", "1", "2", "50%"]
        assert ["cnn", "0", "1", "0%"] in [[str(c) for c in topics.get_row_at(i)] for i in range(topics.row_count)]
        answers = app.screen.query_one("#answers", DataTable)
        rows = [[str(c) for c in answers.get_row_at(i)] for i in range(answers.row_count)]
        assert ["– not graded", "Receptive field", "(not written …"] in [row[1:4] for row in rows]
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert app.screen.session.mode == "drill"
        assert text(pilot, "#card-prompt").startswith("For positive inputs the gradient")
    store = ProgressStore.open(db)
    report = store.exam_report(store.exam_ids()[0])
    store.close()
    assert (report.answered, report.correct, report.recorded_in_schedule) == (4, 3, False)  # 1 not graded
    assert {a.key: a.correct for a in report.answers}["basics/receptive-field"] is None


async def test_statistics_draw_charts_and_forecast_readiness_for_a_date(make_app):
    app = make_app(BASICS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "t", "enter", "escape", "enter", "s")
        await pilot.app.workers.wait_for_complete()  # the statistics are counted in a worker
        assert screen_name(pilot) == "StatsScreen"
        assert "· 1 answered." in text(pilot, "#stats-headline")
        assert len(app.screen.query(".stats-chart")) >= 2
        app.screen.query_one("#stats-tabs").active = "tab-readiness"
        await pilot.pause()
        app.screen.query_one("#exam-date").focus()
        await pilot.press(*"20x5", "enter")
        assert text(pilot, "#readiness-summary").startswith("✗ Cannot read '20x5' as a date")
        app.screen.query_one("#exam-date").value = ""
        await pilot.press(*"2025-03-20", "enter")
        await pilot.app.workers.wait_for_complete()  # so is the forecast
        assert "All banks on Thu 20 Mar 2025 (17 days away)" in text(pilot, "#readiness-summary")
        table = app.screen.query_one("#readiness", DataTable)
        assert {str(table.get_row_at(i)[0]) for i in range(table.row_count)} >= {"activations", "cnn"}


async def test_a_broken_bank_is_listed_with_its_position_and_the_others_still_work(make_app, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: broken\ntitle: Broken\nquestions:\n  - id: q1\n    kind: open\n    promt: typo\n")
    app = make_app(BASICS, broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "1 bank file could not be loaded" in text(pilot, "#notices")
        assert text(pilot, "#today").startswith("Today: 5 cards")
        await pilot.press("p")
        assert screen_name(pilot) == "ProblemsScreen"
        listed = "\n".join(str(w.content) for w in app.screen.query(".problems-list"))
        assert f"{broken}:6:5:" in listed and "promt" in listed
        await pilot.press("escape")
        await pilot.press("enter")
        assert screen_name(pilot) == "StudyScreen"


async def test_a_file_that_is_not_a_progress_db_gives_a_clear_screen_and_is_left_alone(make_app, db):
    db.write_bytes(b"this is my thesis, not a database" * 100)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "ErrorScreen")
        assert str(db) in text(pilot, "#error-message")
        await pilot.press("q")
    assert db.read_bytes().startswith(b"this is my thesis")


async def test_cram_and_mistakes_say_so_when_there_is_nothing(make_app):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("nothing-here",)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("m")
        assert screen_name(pilot) == "HomeScreen"
        assert any("No mistakes" in n.message for n in app._notifications)


async def test_trust_prompt_marks_what_changed_since_the_approval(make_app, tmp_path):
    from quizapp.banks import load_bank
    from quizapp.snippets import TrustStore
    from quizapp.tui.screens.trust import TrustScreen

    bank_file = tmp_path / "code.yaml"
    source = (Path(__file__).parents[1] / "study" / "banks" / "code.yaml").read_text()
    bank_file.write_text(source)
    approved, _ = load_bank(bank_file)
    TrustStore().trust(approved)
    bank_file.write_text(source.replace("result = 2 + 3", "result = 2 + 3  # now also: import os"))
    app = make_app(bank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(TrustScreen(app.workspace.catalog.bank("code")))
        assert "changed since you approved it: 1 snippet new or changed" in text(pilot, "#trust-intro")
        listed = [str(w.content) for w in app.screen.query(".trust-snippet")]
        assert listed[0] == "● slow-sum · compute — code.yaml:42"  # what changed comes first
        assert [line for line in listed if line.startswith("●")] == listed[:1]
        await pilot.press("n")
        assert screen_name(pilot) == "HomeScreen"


async def test_trust_prompt_of_a_large_bank_draws_its_snippets_as_they_are_scrolled_to(make_app, tmp_path):
    from quizapp.tui.screens import trust

    questions = "".join(f"  - id: c{i}\n    kind: computed\n    prompt: Value {i}?\n"
                        f"    compute: |\n      result = {i} + 1\n" for i in range(trust.BATCH * 2 + 5))
    bank_file = tmp_path / "many.yaml"
    bank_file.write_text(f"bank: many\ntitle: Many snippets\nquestions:\n{questions}")
    app = make_app(bank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(trust.TrustScreen(app.workspace.catalog.bank("many")))
        await pilot.pause()
        drawn = [str(w.content) for w in app.screen.query(".trust-snippet")]
        assert len(drawn) == trust.BATCH and drawn[0] == "c0 · compute — many.yaml:8"
        assert text(pilot, "#trust-more") == f"… {trust.BATCH + 5} more snippets below: keep scrolling"
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause()
        drawn = [str(w.content) for w in app.screen.query(".trust-snippet")]
        assert len(drawn) == trust.BATCH * 2 + 5 and drawn[-1].startswith(f"c{trust.BATCH * 2 + 4} · compute")
        assert not app.screen.query_one("#trust-more").display
        await pilot.press("n")
        assert screen_name(pilot) == "HomeScreen"
