"""Previewing cards as a student sees them: `quizapp preview` opens the study screen on a
bank's cards and records nothing; from the problems screen, `p` previews the question a
problem is about."""

from __future__ import annotations

from pathlib import Path

from study_support import BASICS, reviews_in
from tui_support import ready, screen_name, text, wait_for


async def test_a_preview_shows_the_cards_and_records_nothing(make_app, db):
    keys = ("basics/relu-facts/gradient-constant", "basics/receptive-field")
    app = make_app(BASICS, start="preview", preview_keys=keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert app.screen.sub_title.startswith("Preview")
        assert text(pilot, "#card-stem") == "About the ReLU activation, true or false?"
        await pilot.press("f")
        assert text(pilot, "#verdict").startswith("✗ Wrong — you said false; the answer is true.")
        await pilot.press("3")
        assert text(pilot, "#card-prompt") == "What is the receptive field of a unit in a CNN?"
        await pilot.press("space")  # reveal the model answer, as a student does
        await pilot.press("3")
        await wait_for(pilot, lambda: screen_name(pilot) == "SummaryScreen")
    assert reviews_in(db) == []


async def test_p_on_a_problem_previews_the_question_it_is_about(make_app, db, tmp_path: Path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("bank: draft\ntitle: Draft\ntopic: t\nquestions:\n"
                     "  - id: first\n    kind: open\n    prompt: A finished question?\n    answer: Yes.\n"
                     "  - id: second\n    kind: open\n    prompt: Which question lacks an answer?\n", encoding="utf-8")
    app = make_app(BASICS, draft)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        assert screen_name(pilot) == "ProblemsScreen"
        focused = app.screen.focused
        assert focused is not None and "needs an answer" in str(focused.content)
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert text(pilot, "#card-prompt") == "Which question lacks an answer?"
        assert app.screen.sub_title.startswith("Preview")
        await pilot.press("space")
        await pilot.press("3")
    assert reviews_in(db) == []


async def test_the_trust_prompt_shows_a_banks_hidden_helpers(make_app, tmp_path: Path):
    from quizapp.tui.screens.trust import TrustScreen

    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "course.shared.yaml").write_text(
        "helpers: |\n  def double(v):\n      return 2 * v\n", encoding="utf-8")
    bank_file = tmp_path / "helped.yaml"
    bank_file.write_text("bank: helped\ntitle: Helped\ntopic: t\ninclude: shared/course.shared.yaml\nquestions:\n"
                         "  - id: q\n    kind: computed\n    prompt: Double 21?\n    compute: result = double(21)\n"
                         "    answer: 42\n    explain: Doubled.\n", encoding="utf-8")
    app = make_app(bank_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await app.push_screen(TrustScreen(app.workspace.catalog.bank("helped")))
        listed = [str(w.content) for w in app.screen.query(".trust-snippet")]
        assert listed[0] == "helpers from a shared file — course.shared.yaml:2"
        await pilot.press("n")
