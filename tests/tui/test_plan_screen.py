"""The exam plan screen and the home screen's exam row, driven with keys."""

from __future__ import annotations

from datetime import timedelta

from study_support import BASICS
from textual.widgets import DataTable
from tui_support import ready, screen_name, text, wait_for


async def test_an_exam_added_from_home_shows_its_plan_and_a_row_on_home(make_app, clock):
    app = make_app(BASICS)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        assert not app.screen.query_one("#exam-plans").display  # no exam yet: no row
        await pilot.press("x")
        assert screen_name(pilot) == "PlanScreen"
        assert text(pilot, "#plan-summary").startswith("No exams yet. Press a to add one")
        await pilot.press("a")
        assert screen_name(pilot) == "AddExamScreen"
        assert "Scope: every card" in text(pilot, "#add-scope")
        await pilot.press(*"Final", "tab", *"20x5", "enter")
        assert text(pilot, "#add-error") == ("✗ cannot read '20x5' as a date: type it as "
                                             "YYYY-MM-DD, e.g. 2026-01-31")
        day = (clock.now + timedelta(days=3)).date().isoformat()
        app.screen.query_one("#exam-day").value = day
        app.screen.query_one("#exam-budget").value = "2"
        await pilot.press("ctrl+s")
        assert screen_name(pilot) == "PlanScreen"  # saved: back on the plans
        plans = app.screen.query_one("#plans", DataTable)
        assert [str(c) for c in plans.get_row_at(0)][:3] == [
            "Final", f"{(clock.now + timedelta(days=3)).date():%a %d %b %Y} 09:00", "in 2 days"]
        await pilot.app.workers.wait_for_complete()  # the plan is computed in a worker
        await pilot.pause()
        summary = text(pilot, "#plan-summary")
        # 2 answers a day cannot start and review the 5 new cards in 3 days: said at once,
        # with the budget that would
        assert summary.startswith("⚠ 2 answers a day cannot cover the scope")
        assert "If you follow the plan:" in summary and "if you stop now: 0%" in summary
        topics = app.screen.query_one("#plan-topics", DataTable)
        assert {str(topics.get_row_at(i)[0]) for i in range(topics.row_count)} >= {"cnn", "activations"}
        assert "← weakest" in {str(topics.get_row_at(i)[5]) for i in range(topics.row_count)}
        assert len(app.screen.query(".plan-chart")) == 2
        retention = app.screen.query_one("#plan-retention", DataTable)
        assert [str(retention.get_row_at(i)[0]) for i in range(retention.row_count)] == [
            "70%", "75%", "80%", "85%", "90%", "95%"]
        await pilot.press("enter")  # study today's share of this exam: one new card
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen", what="the study screen")
        assert app.screen.session.store.today_queue(app.screen.session.filters) == \
            [app.screen.session.current_ref().key]
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) in ("PlanScreen", "SummaryScreen"))
        while screen_name(pilot) != "HomeScreen":
            await pilot.press("escape")
        row = text(pilot, "#exam-plans")
        assert row.startswith("📅 Final in 2 days") and "today 0 reviews + 1 new (<1 min)" in row
        assert "⚠ needs ≈" in row and "answers/day" in row  # the budget is short
        assert app.screen.query_one("#exam-plans").display
        # the study queue follows the plan: one new card today, not the usual daily allowance
        assert text(pilot, "#today").startswith("Today: 1 card to study")


async def test_removing_an_exam_asks_twice_and_the_queue_returns_to_normal(make_app, clock):
    app = make_app(BASICS)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        usual = text(pilot, "#today")
        app.workspace.store.add_exam_plan("Quiz", clock.now + timedelta(days=5),
                                          budget_kind="answers", budget_value=1)
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.query_one("#plans", DataTable).row_count == 1)
        await pilot.press("d")
        assert app.screen.query_one("#plans", DataTable).row_count == 1  # not yet
        await pilot.press("d")
        assert text(pilot, "#plan-summary").startswith("No exams yet")
        await pilot.press("escape")
        assert text(pilot, "#today") == usual
        assert not app.screen.query_one("#exam-plans").display
