"""`quizapp new BANK.yaml`: start a bank from a commented template that lints and checks clean."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("new")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--bank-id", help="Stable id of the bank (default: from the file name).")
@click.option("--title", help="Title of the bank (default: from the file name).")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def command(path: Path, bank_id: str | None, title: str | None, force: bool) -> None:
    """Write a starter bank at PATH: one question of each kind (true/false, open, a
    parametrised computed question with a demo, multiple choice), every field commented."""
    from quizapp.banks.starter import bank_id_from, starter_bank
    from quizapp.errors import QuizappError
    from quizapp.importers.ids import is_valid_id
    from quizapp.paths import schema_reference

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise QuizappError(f"{path}: a bank file ends in .yaml or .yml")
    if path.exists() and not force:
        raise QuizappError(f"{path} already exists: choose another name, or pass --force to overwrite it")
    bank_id = bank_id or bank_id_from(path.stem)
    if not is_valid_id(bank_id):
        raise QuizappError(f"bank id {bank_id!r} is not valid: use letters, digits, `-`, `_` and `.`, "
                           "starting with a letter or digit (at most 80 characters)")
    title = title or path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or bank_id
    text = starter_bank(bank_id, title.replace('"', "'"), path.name, schema_reference(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise QuizappError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {path}: 4 questions, one of each kind. Next: quizapp lint --strict {path}, "
               f"quizapp trust {path}, quizapp check {path}, quizapp preview {path}.")
