"""Typed answers are read fairly in the app (issue 15): what cannot be read as what the card
asks for is asked again, never counted wrong; numbers are read as people write them."""

from __future__ import annotations

from pathlib import Path

from study_support import reviews_in
from textual.widgets import Input
from tui_support import ready, screen_lines, screen_name, text, wait_for

from quizapp.progress import QueueFilter

READING = Path(__file__).resolve().parent / "banks" / "reading.yaml"


async def start(make_app, size=(80, 24), **options):
    app = make_app(READING, start="study", filters=QueueFilter(banks=("reading",)), **options)
    return app


async def type_answer(pilot, answer: str) -> None:
    pilot.app.screen.query_one("#answer", Input).value = ""
    await pilot.press(*answer, "enter")
    await pilot.pause()


async def test_letters_on_a_whole_number_card_are_asked_again_not_wrong(make_app, db):
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert "Receptive field of the 3-layer CNN" in text(pilot, "#card-meta")
        await type_answer(pilot, "abc")
        status = text(pilot, "#answer-status")
        assert status.startswith("✗ Cannot read that:") and status.endswith("Try again (it does not count).")
        assert not app.screen.query_one("#verdict").display
        await type_answer(pilot, "1e999")
        assert "not a finite number" in text(pilot, "#answer-status")
        assert not app.screen.query_one("#verdict").display
        await type_answer(pilot, "112")
        assert text(pilot, "#verdict").startswith("✓ Right — you said 112")
    assert reviews_in(db) == []  # nothing graded yet: the refusals recorded nothing


async def test_a_half_typed_shape_is_asked_again(make_app, db):
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await type_answer(pilot, "112")
        await pilot.press("enter")  # Good
        assert "Output shape" in text(pilot, "#card-meta")
        await type_answer(pilot, "(1,2")
        assert "unclosed '('" in text(pilot, "#answer-status")
        assert not app.screen.query_one("#verdict").display
        await type_answer(pilot, "(1, 32, 122, 122)")
        assert text(pilot, "#verdict").startswith("✓ Right")


async def test_grouped_thousands_and_rounded_answers_are_right(make_app, db):
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        for answer in ("112", "(1, 32, 122, 122)"):
            await type_answer(pilot, answer)
            await pilot.press("enter")
        assert "Parameters of the MLP" in text(pilot, "#card-meta")
        await type_answer(pilot, "22 145")
        assert text(pilot, "#verdict").startswith("✓ Right — you said 22145")
        await pilot.press("enter")
        assert "Dice at IoU one half" in text(pilot, "#card-meta")
        await type_answer(pilot, "0.667")
        verdict = text(pilot, "#verdict")
        assert verdict.startswith("✓ Right — you said 0.667")
        assert "the full value is 0.666666666667" in verdict
    assert [r[2:4] for r in reviews_in(db)] == [("112", 1), ("(1, 32, 122, 122)", 1), ("22 145", 1)]


async def test_the_question_stays_in_view_while_grading(make_app):
    """Item 4: after the answer the view scrolls to the feedback; a one-line digest of the
    question stays on screen, at 80×24 and at 200×50."""
    for size in ((80, 24), (200, 50)):
        app = await start(make_app)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
            await type_answer(pilot, "112")
            await pilot.pause(0.2)
            lines = screen_lines(pilot)
            digest = [line for line in lines if line.strip().startswith("Q · Receptive field of the 3-layer CNN: How")]
            assert digest, "\n".join(lines)
            assert any(line.strip().startswith("✓ Right") for line in lines)


async def test_digits_typed_after_the_verdict_go_into_the_box_never_grade(make_app, db):
    """Item 5: typing a corrected answer after the verdict once graded the card Again at its
    first digit. Now it is a practice check; enter on an empty box grades."""
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await type_answer(pilot, "112")  # right
        await pilot.press("enter")  # Good
        await type_answer(pilot, "(7, 7)")  # wrong (and no near miss, which would suggest Hard)
        assert text(pilot, "#verdict").startswith("✗ Wrong")
        await pilot.press(*"(1, 32, 122, 122)")
        assert reviews_in(db) == [("reading/receptive-field-width", 3, "112", 1, "study")]  # nothing graded
        assert app.screen.query_one("#answer", Input).value == "(1, 32, 122, 122)"
        await pilot.press("enter")
        assert text(pilot, "#answer-status").startswith("Practice, it does not count: ✓ right now")
        assert len(reviews_in(db)) == 1
        await pilot.press("enter")  # enter again: the suggested grade (Again: the answer was wrong)
        assert [r[:2] for r in reviews_in(db)][-1] == ("reading/output-shape", 1)


async def test_undo_is_one_key_even_from_the_answer_box(make_app, db):
    """Item 5: `u` is a letter in the answer box; ctrl+z undoes from anywhere, and the footer
    says so."""
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await type_answer(pilot, "112")
        await pilot.press("enter")
        assert "Output shape" in text(pilot, "#card-meta")
        assert isinstance(app.focused, Input)
        assert "^z Undo" in screen_lines(pilot)[-1]
        await pilot.press("ctrl+z")
        assert "Receptive field of the 3-layer CNN" in text(pilot, "#card-meta")
    assert reviews_in(db) == []


async def test_the_left_counter_counts_the_cards_that_come_back_today(make_app):
    """Item 9: a card answered Again comes back in minutes; "left" counted only the queue, so
    it read "1 left" and then jumped when the failed cards came back."""
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert text(pilot, "#progress-line") == "0 done · 5 left today"
        await type_answer(pilot, "111")  # wrong
        await pilot.press("escape", "1")  # Again: back in a minute
        assert text(pilot, "#progress-line").startswith("1 done · 5 left today")
        await type_answer(pilot, "(1, 32, 122, 122)")
        await pilot.press("escape", "4")  # Easy: not today
        assert text(pilot, "#progress-line").startswith("2 done · 4 left today")


async def test_a_refusal_is_never_cut_at_80_columns(make_app):
    """Item 10: the refusal wrapped below the bottom edge of the card's scroll."""
    app = await start(make_app)
    async with app.run_test(size=(80, 20)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.press("enter")  # nothing typed
        await pilot.pause(0.2)
        shown = " ".join(" ".join(screen_lines(pilot)).split())
        assert "✗ Cannot read that: type an answer: one whole number. Try again (it does not count)." in shown


async def test_inline_code_in_choices_and_the_verdict_has_no_backticks(make_app):
    """Item 8: choices and "you said" showed `nn.Conv2d(…)` with its backticks."""
    app = make_app(READING, include_shipped=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        app.start_study("today", keys=["reading/same-size-conv"])
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.press("2")
        shown = "\n".join(screen_lines(pilot))
        assert "1. nn.Conv2d(C, C, 3, padding=1)  ✓ right answer" in shown
        shown = " ".join(shown.split())  # the verdict wraps at 80 columns
        assert "✗ Wrong — you said nn.Conv2d(C, C, 3, padding=3); the answer is nn.Conv2d(C, C, 3, padding=1)." in shown
        assert "`" not in shown


async def test_long_code_lines_wrap_with_a_continuation_mark(make_app):
    """Item 7: a wrapped line restarted at column 0 and read as a new line of code."""
    app = make_app(Path(__file__).resolve().parent / "banks" / "longcode.yaml", start="study")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.pause(0.1)
        lines = [line.strip("│ ") for line in screen_lines(pilot)]
        at = next(i for i, line in enumerate(lines) if line.startswith("n = 11"))
        assert lines[at + 1].startswith("↪ ")  # the rest of the comment, marked
        assert lines[at + 2] == "A = torch.zeros(n, n)"
        cut = next(i for i, line in enumerate(lines) if line.startswith("A[i, i + 1]"))
        assert lines[cut + 1].startswith("↪ ") and "neighbours" in lines[cut + 1]


NAMES = Path(__file__).resolve().parent / "banks" / "names"


async def test_topics_have_the_same_names_on_every_screen_and_boxes_say_checked(make_app):
    """Item 11: exam setup, results and stats showed topic slugs (`losses-activations`) while
    home showed titles; checked and unchecked boxes both read ▐X▌ without colour."""
    app = make_app(NAMES, start="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamSetupScreen")
        await pilot.pause(0.1)
        shown = "\n".join(screen_lines(pilot))
        # The title of the first bank on the topic, as home names it; a second bank on the same
        # topic (GAN training in detail) adds its question without renaming the topic.
        assert "▐✓▌ VAEs and GANs (2 questions)" in shown
        assert "▐✓▌ losses activations (1 question)" in shown  # a topic of a mixed bank, in words
        assert "losses-activations" not in shown and "unsupervised" not in shown
        await pilot.press("space")  # uncheck the highlighted topic
        await pilot.pause(0.1)
        assert "▐ ▌ " in "\n".join(screen_lines(pilot))


async def test_a_hint_asked_for_on_a_tall_card_comes_into_view_at_80x24(make_app):
    """At 80×24 the hint went in under the card's setup, below the fold: ctrl+n seemed to do
    nothing but take the Hint key away."""
    app = make_app(Path(__file__).resolve().parent / "banks" / "long_hinted.yaml", start="study")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.pause(0.1)
        assert "Hint 1 of 2" not in "\n".join(screen_lines(pilot))
        await pilot.press("ctrl+n")
        await pilot.pause(0.1)
        assert "Hint 1 of 2: The channels come from the last convolution's out_channels." in [
            line.strip() for line in screen_lines(pilot)]
        await pilot.press("ctrl+n")
        await pilot.pause(0.1)
        shown = [line.strip() for line in screen_lines(pilot)]
        assert "Hint 1 of 2: The channels come from the last convolution's out_channels." in shown
        assert "Hint 2 of 2: ReLU keeps the shape of what it is given." in shown
        assert not any("`" in line for line in shown)  # the hint's `out_channels` shows as code


async def test_a_tall_computed_card_in_an_exam_keeps_its_title_in_view_at_80x24(make_app):
    """The exam's answer box sat inside the scrolling card: at 80×24 either the box was below
    the fold or focusing it scrolled a tall card's title away (seen in tmux)."""
    from quizapp.study import ExamOptions

    app = make_app(Path(__file__).resolve().parent / "banks" / "long_hinted.yaml", start="exam_now",
                   exam=ExamOptions(count=1, minutes=15))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        await pilot.pause(0.1)
        shown = "\n".join(screen_lines(pilot))
        assert "Channels after a stack of convolutions" in shown  # the title
        assert "How many channels does" in shown  # the question
        assert "a number, word or phrase" in shown  # the box, whole, with what it takes
        assert "Type your answer and press enter" in shown  # and the keys
        assert app.focused is app.screen.query_one("#answer")  # typing goes to the box at once
