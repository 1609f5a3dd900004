"""`quizapp trust PATH...`: show the code a bank would run, and approve it (or revoke)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click


@click.command("trust")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--yes", "-y", "assume_yes", is_flag=True,
              help="Approve without asking (for scripts).")
@click.option("--revoke", is_flag=True, help="Forget the approval of these banks.")
def command(paths: tuple[Path, ...], assume_yes: bool, revoke: bool) -> int:
    """Let quizapp run the code of the banks at PATH (files or folders).

    Shows every snippet the bank would run, then asks. The approval is stored in your data
    folder by content hash: any change to the code asks again. Shipped banks need nothing.
    """
    from quizapp.banks import load_bank_paths
    from quizapp.errors import QuizappError
    from quizapp.snippets.trust import TrustStore

    loaded = load_bank_paths(list(paths))
    banks = loaded.banks
    errors = loaded.errors
    for problem in errors:
        click.echo(str(problem), err=True)
    if errors:
        raise QuizappError("fix the problems above first: a broken bank cannot be trusted")
    store = TrustStore()
    for bank in banks:
        if revoke:
            done = store.revoke(bank.id)
            click.echo(f"{bank.id}: approval revoked" if done else f"{bank.id}: was not trusted")
            continue
        status = store.status(bank)
        if status in ("shipped", "trusted"):
            reason = "ships with quizapp" if status == "shipped" else "already trusted as it is"
            click.echo(f"{bank.id} ({bank.path}): {reason}")
            continue
        _show(bank, store.changes(bank))
        if not assume_yes:
            if not sys.stdin.isatty():
                raise QuizappError(f"{bank.id} is not trusted; run again with --yes to approve "
                                   "it without a prompt")
            if not click.confirm(f"Trust the code of `{bank.id}` and let quizapp run it?",
                                 default=False):
                click.echo(f"{bank.id}: not trusted")
                continue
        store.trust(bank)
        click.echo(f"{bank.id}: trusted")
    return 0


def _show(bank: Any, changes: set[tuple[str, str | None, str]] | None) -> None:
    """Every snippet of ``bank``, with its setup and where it is written."""
    from quizapp.terminal_text import visible_code

    snippets = bank.snippets()
    header = f"Bank `{bank.id}` ({bank.path}) runs {len(snippets)} snippet(s)"
    if changes is not None:
        header += f"; {len(changes)} new or changed since you last trusted it"
    click.echo(click.style(visible_code(header), bold=True))  # a file's name may hold anything
    questions = {q.id: q for q in bank.questions}
    helpers = next((q.helpers for q in bank.questions if q.helpers is not None), None)
    if helpers is not None:
        click.echo(click.style(f"\n── helpers from the bank's shared file, run before every snippet, not shown to "
                               f"students ({helpers.path}:{helpers.line})", fg="cyan"))
        click.echo(_indent(helpers.text, "   │ "))
    for snippet in snippets:
        key = (snippet.question_id, snippet.statement_id, snippet.role)
        mark = " [changed]" if changes is not None and key in changes else ""
        name = snippet.question_id + (f"/{snippet.statement_id}" if snippet.statement_id else "")
        click.echo(click.style(visible_code(f"\n── {name}: {snippet.role}{mark} "
                                            f"({snippet.code.path}:{snippet.code.line})"), fg="cyan"))
        question = questions.get(snippet.question_id)
        if question is not None and question.params:
            bound = ", ".join(f"{p.name} in {p.describe()}" for p in question.params)
            click.echo(visible_code(f"   parameters: {bound}"))
        if snippet.setup is not None:
            click.echo("   setup (runs first):")
            click.echo(_indent(snippet.setup.text, "   │ "))
            click.echo("   code:")
        click.echo(_indent(snippet.code.text, "   │ "))


def _indent(text: str, prefix: str) -> str:
    """Code to review, each line after ``prefix``: what reorders or hides text is shown escaped."""
    from quizapp.terminal_text import visible_code

    return "\n".join(prefix + line for line in visible_code(text.rstrip("\n")).splitlines())
