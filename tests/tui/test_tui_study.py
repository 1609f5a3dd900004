"""The app driven with keys, as a user would: what the screen shows and what the DB recorded."""

from __future__ import annotations

import gc

from study_support import BASICS, reviews_in
from textual.widgets import DataTable, Input
from tui_support import ready, screen_name, text, wait_for

from quizapp.progress import QueueFilter


async def test_home_lists_banks_topics_and_todays_queue(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert screen_name(pilot) == "HomeScreen"
        assert text(pilot, "#today") == "Today: 8 cards to study — press enter to start."
        table = app.screen.query_one("#decks", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["☐", "Basics for tests", "0", "5", "5"] in rows
        assert ["☐", "    activations", "0", "2", "2"] in rows
        # a bank of one topic is one row (no topic row repeating its counts)
        assert rows[-1] == ["☐", "Code questions for tests", "0", "3", "3"]
        assert len(rows) == 6 and ["☐", "    cnn", "0", "3", "3"] not in rows
        assert "Code: off" in text(pilot, "#engine-line")
        await pilot.press("end", "space")  # selecting that row selects the bank
        assert table.get_row_at(5)[0] == "☑"
        assert text(pilot, "#filter") == "Selected: Code questions for tests. Space toggles; enter studies the selection."
        assert text(pilot, "#today").startswith("Today: 3 cards to study")
        await pilot.press("enter")
        assert "Code questions for tests" in text(pilot, "#card-meta")


async def test_true_false_answer_is_shown_at_once_and_recorded(make_app, db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert screen_name(pilot) == "StudyScreen"
        assert "ReLU facts — true or false" in text(pilot, "#card-meta")
        assert text(pilot, "#card-stem") == "About the ReLU activation, true or false?"
        await pilot.press("f")
        assert text(pilot, "#verdict").startswith("✗ Wrong — you said false; the answer is true.")
        assert text(pilot, "#grade-1") == "⏎ 1 Again · 1m"  # suggested: wrong → Again (mark first: never cut)
        assert text(pilot, "#grade-3") == "3 Good · 10m"
        await pilot.press("3")  # the user overrides the suggestion
        assert "1 done" in text(pilot, "#progress-line")
        assert "relu-facts" not in text(pilot, "#card-meta")  # titles, not ids, are shown
        # the stem's other statement does not come right after: it would give this one away
        assert text(pilot, "#card-prompt") == "What is the receptive field of a unit in a CNN?"
    assert reviews_in(db) == [("basics/relu-facts/gradient-constant", 3, "false", 0, "study")]


async def test_open_question_is_revealed_and_self_graded(make_app, db):
    app = make_app(start="study", filters=QueueFilter(topics=("cnn",), banks=("basics",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert text(pilot, "#card-prompt") == "What is the receptive field of a unit in a CNN?"
        await pilot.press("t")  # not a true/false card: nothing happens
        assert not app.screen.query_one("#feedback").display
        await pilot.press("space")
        assert text(pilot, "#model-answer").startswith("**Model answer.** The region of the input")
        assert "grows with depth" in text(pilot, "#key-points")
        await pilot.press("enter")  # no suggested grade for a self-graded card
        assert reviews_in(db) == []
        await pilot.press("4")
        await wait_for(pilot, lambda: screen_name(pilot) == "SummaryScreen")
        assert "Answered: 1 card" in text(pilot, "#summary-text")
    assert reviews_in(db) == [("basics/receptive-field", 4, None, None, "study")]


async def test_started_on_study_the_home_screen_comes_after_the_session(make_app, db):
    """`quizapp study` opens the first card without building home first; leaving the session
    (escape, or enter on the summary) lands on home with the counts updated."""
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("cnn",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert [type(s).__name__ for s in app.screen_stack] == ["StartScreen", "StudyScreen"]
        await pilot.press("escape")  # nothing answered: no summary, straight home
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        assert text(pilot, "#today").startswith("Today: 1 card to study")  # the --topic filter stays
        await pilot.press("enter", "space", "4")  # the one card: revealed, graded, session over
        await wait_for(pilot, lambda: screen_name(pilot) == "SummaryScreen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        assert text(pilot, "#today").startswith("Nothing due now")  # counts refreshed
        assert [type(s).__name__ for s in app.screen_stack] == ["StartScreen", "HomeScreen"]
    assert len(reviews_in(db)) == 1


async def test_the_garbage_collector_is_paused_only_while_the_app_starts(make_app):
    """Start-up pauses Python's cyclic GC (it would only re-scan objects that stay alive). Left
    paused, a long session would keep every reference cycle it made: it must run again once the
    first card is up, and when the app quits before that."""
    assert gc.isenabled()
    app = make_app(BASICS, start="study")
    async with app.run_test(size=(80, 24)) as pilot:
        assert not gc.isenabled()
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await wait_for(pilot, gc.isenabled, timeout=5, what="the GC to run again")
    assert gc.isenabled()
    async with make_app(BASICS, start="study").run_test(size=(80, 24)) as pilot:
        assert not gc.isenabled()  # quit at once, still starting
    assert gc.isenabled()


async def test_a_gc_pause_taken_before_the_app_is_imported_ends_with_the_start(make_app):
    """`quizapp study` pauses the GC before importing Textual (quizapp.cli.quick) and hands the
    pause to the app: that outer pause must end too — after the first card, or at a quit."""
    from quizapp.gc_pause import pause_gc

    for quit_at_once in (False, True):
        app = make_app(BASICS, start="study", end_gc_pause=pause_gc())
        async with app.run_test(size=(80, 24)) as pilot:
            assert not gc.isenabled()
            if not quit_at_once:
                await ready(pilot)
                await wait_for(pilot, gc.isenabled, timeout=5, what="the GC to run again")
        assert gc.isenabled()


async def test_multiple_choice_by_number_marks_the_right_one(make_app):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("metrics",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.press("2")
        assert text(pilot, "#verdict").startswith("✗ Wrong — you said 1/2; the answer is 2/3.")
        assert text(pilot, "#card-choices") == "1. 2/3  ✓ right answer\n2. 1/2  ✗ your choice\n3. 1/4"


async def test_typed_answer_is_asked_again_when_unreadable(make_app, db):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("dropout",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.press(*"lots", "enter")
        assert text(pilot, "#answer-status").startswith("✗ Cannot read that")
        assert not app.screen.query_one("#feedback").display
        app.screen.query_one("#answer", Input).value = ""
        await pilot.press(*"1-0.28", "enter")
        assert text(pilot, "#verdict").startswith("✓ Right — you said 0.72")
        await pilot.press("enter")
    assert reviews_in(db) == [("basics/dropout-keep", 3, "1-0.28", 1, "study")]


async def test_undo_brings_the_last_card_back_and_removes_its_review(make_app, db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "t", "enter")
        assert reviews_in(db) != []
        assert text(pilot, "#card-prompt").startswith("What is the receptive field")
        await pilot.press("u")
        assert text(pilot, "#card-prompt").startswith("For positive inputs")
        assert "0 done" in text(pilot, "#progress-line")
        assert reviews_in(db) == []
        await pilot.press("t", "u")  # undo before grading withdraws the answer
        assert not app.screen.query_one("#feedback").display


async def test_leaving_a_session_shows_its_summary_and_home_counts_the_progress(make_app):
    app = make_app(filters=QueueFilter(topics=("activations",)))  # the two statements only
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "t", "enter", "f", "enter", "escape")
        assert screen_name(pilot) == "SummaryScreen"
        summary = text(pilot, "#summary-text")
        assert "Answered: 2 cards" in summary and "Right: 2 of 2" in summary
        await pilot.press("enter")
        assert screen_name(pilot) == "HomeScreen"
        table = app.screen.query_one("#decks", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["☑", "    activations", "2", "0", "2"] in rows  # both learning: due again today


async def test_space_selects_a_topic_and_enter_studies_only_it(make_app):
    app = make_app(BASICS)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down", "space")  # the "cnn" topic row of Basics
        assert "topics cnn" in text(pilot, "#filter")
        assert text(pilot, "#today").startswith("Today: 1 card to study")
        await pilot.press("enter")
        assert text(pilot, "#card-prompt") == "What is the receptive field of a unit in a CNN?"


async def test_help_and_the_command_palette_are_reachable(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert screen_name(pilot) == "HelpScreen"
        await pilot.press("escape")
        assert screen_name(pilot) == "HomeScreen"
        await pilot.press("ctrl+p")
        assert screen_name(pilot) == "CommandPalette"


async def test_escape_leaves_the_answer_box_so_that_u_undoes(make_app, db):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("dropout", "activations")))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        # a statement, then the computed card (the stem's other statement is kept apart)
        await pilot.press("t", "enter")
        assert app.screen.view.kind == "computed"
        await pilot.press("u")  # typed: it is the answer box that has the focus
        assert app.screen.query_one("#answer", Input).value == "u"
        await pilot.press("escape", "u")
        assert screen_name(pilot) == "StudyScreen"
        assert text(pilot, "#card-prompt").startswith("For positive inputs")  # the last answer undone
        assert reviews_in(db) == []


async def test_bank_and_topic_options_preselect_the_home_rows(make_app):
    app = make_app(filters=QueueFilter(banks=("basics",), topics=("metrics",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert text(pilot, "#filter").startswith("Selected: Basics for tests · topics metrics.")
        assert text(pilot, "#today").startswith("Today: 1 card to study")
        await pilot.press("enter")
        assert text(pilot, "#card-prompt") == "IoU is 0.5. What is the Dice coefficient?"


async def test_a_choice_can_be_clicked(make_app):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("metrics",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.click("#card-choices", offset=(3, 0))  # the first line: "1. 2/3"
        assert text(pilot, "#verdict").startswith("✓ Right — you said 2/3")


async def test_the_footer_follows_the_focus_in_and_out_of_the_answer_box(make_app):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("dropout",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        def keys() -> set[str]:
            return {b.binding.description for b in app.active_bindings.values() if b.enabled}
        assert "Leave the box" in keys() and "Answer box" not in keys()
        await pilot.press("escape")
        assert "Answer box" in keys() and "Undo" in keys()
        await pilot.press("enter")
        assert isinstance(app.focused, Input)
