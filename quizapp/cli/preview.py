"""`quizapp preview BANK [QUESTION-ID]`: a bank's cards exactly as a student sees them —
prompt, answer, feedback, demonstrations — without touching anyone's progress."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import click


def _bank_and_keys(bank_ref: str, question: str | None) -> tuple[Any, tuple[Path, ...], list[str]]:
    """The bank (a file, or the id of a loaded bank), the paths to load it from, and the keys of
    the cards to show (all of the bank's, or one question's, or one statement's)."""
    from quizapp.banks import load_bank, load_banks
    from quizapp.errors import QuizappError

    path = Path(bank_ref)
    if path.is_file():
        bank, problems = load_bank(path)
        if bank is None:
            errors = "\n".join(str(p) for p in problems if p.severity == "error")
            raise QuizappError(f"{path} has errors; fix them first (quizapp lint {path}):\n{errors}")
        paths: tuple[Path, ...] = (path,)
    else:
        bank = load_banks().bank(bank_ref)
        if bank is None:
            raise QuizappError(f"no bank file or bank id {bank_ref!r}")
        paths = ()
    cards = bank.cards()
    if question is not None:
        qid, _, sid = question.partition("/")
        cards = [c for c in cards if c.question_id == qid and (not sid or c.statement_id == sid)]
        if not cards:
            import difflib

            ids = [q.id for q in bank.questions]
            close = difflib.get_close_matches(qid, ids, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise QuizappError(f"{bank.path}: no question {question!r} in bank {bank.id}{hint}")
    return bank, paths, [c.key for c in cards]


def print_preview(workspace: Any, keys: list[str], variant: int | None, answer: str | None,
                  width: int) -> None:
    """Each card as the plain front end shows it, then the feedback (for ``answer`` when
    given, else for the right answer) and the demonstrations."""
    from quizapp.plain import PlainFrontEnd
    from quizapp.study import StudySession

    front = PlainFrontEnd(sys.stdin, sys.stdout, width=width)
    session = StudySession(workspace, mode="preview", keys=keys, variant_seed=variant)
    try:
        total = len(keys)
        for done in range(total):
            view = session.current()
            if view is None:
                break
            front.show_card(view, f"{done + 1}/{total}")
            if view.params:
                front.say(f"(variant {session.review.seed}: show it again with --variant {session.review.seed})")
            fb = _answer(session, view, answer, front)
            front.show_feedback(fb)
            if view.demo_count:
                for run in session.review.demo_runs():
                    run.wait()
                front.show_demos(session.demos())
            session.grade(fb.default_rating or 3)
    finally:
        session.close()


def _answer(session: Any, view: Any, answer: str | None, front: Any) -> Any:
    """The feedback a student gets: for ``answer``, or for the right answer when there is one."""
    from quizapp.grading import AnswerFormatError

    review = session.review
    form = view.form.answer
    if form == "true_false":
        truth = review.ref.statement.answer if review.ref.statement else None
        if answer is not None:
            return session.answer_true_false(answer.strip().lower() in ("t", "true", "y", "yes", "1"))
        return session.answer_true_false(truth) if truth is not None else session.reveal()
    if form == "choice":
        if answer is not None and answer.strip().isdigit():
            return session.answer_choice(int(answer))
        question = review.ref.question
        right = [n for n, i in enumerate(review.order, 1) if question.choices[i].correct]
        return session.answer_choice(right[0]) if right else session.reveal()
    if form == "typed":
        truth = session.wait_truth()
        typed = answer if answer is not None else (truth.shown(view.compare) if truth.checkable else None)
        if typed is not None:
            front.say(f"Typed answer: {typed}")
            try:
                return session.answer_typed(typed)
            except AnswerFormatError as exc:
                front.say(f"Cannot read that: {exc}.")
        return session.reveal()
    return session.reveal()


@click.command("preview")
@click.argument("bank_ref", metavar="BANK")
@click.argument("question", required=False)
@click.option("--variant", "variant", type=int, default=None,
              help="Show parametrised questions at this variant (the seed a review log records).")
@click.option("--plain", is_flag=True, help="Print the cards (prompt, feedback, demonstrations) instead of "
                                            "opening them in the app.")
@click.option("--answer", default=None,
              help="With --plain: the feedback for this answer (t/f, a choice number, a typed value) "
                   "instead of the right one.")
@click.option("--no-code", is_flag=True, help="Never run bank code: show it, and check against declared answers.")
def command(bank_ref: str, question: str | None, variant: int | None, plain: bool, answer: str | None,
            no_code: bool) -> None:
    """Open BANK's cards (or QUESTION-ID's, `question/statement` for one statement) exactly as a
    student sees them. Nothing is recorded: your progress, and everyone's, is untouched."""
    from quizapp.cli.study import plain_wanted

    bank, paths, keys = _bank_and_keys(bank_ref, question)
    with tempfile.TemporaryDirectory(prefix="quizapp-preview-") as scratch:
        db = Path(scratch) / "preview.sqlite3"  # a throwaway progress file: the real one is never opened
        if not plain_wanted(plain):
            from quizapp.tui.app import build_app

            build_app(db, bank_paths=paths, run_code=not no_code, start="preview",
                      preview_keys=tuple(keys), variant_seed=variant).run()
            return
        from quizapp.study import Workspace

        engine = None
        if not no_code:
            from quizapp.snippets import SnippetEngine

            engine = SnippetEngine()
            engine.start()
        workspace = Workspace.open(db, bank_paths=paths, engine=engine)
        try:
            if bank.id in {b.id for b in workspace.untrusted_banks()}:
                click.echo(f"Note: the code of “{bank.title}” is not trusted: it is shown, not run "
                           f"(trust it with `quizapp trust {bank.path}`).")
            print_preview(workspace, keys, variant, answer, min(100, shutil.get_terminal_size((80, 24)).columns))
        finally:
            workspace.close()
            if engine is not None:
                engine.close()
