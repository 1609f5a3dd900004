"""`quizapp export BANK --to anki|gift`: send a bank to Anki (.apkg) or Moodle (GIFT)."""

from __future__ import annotations

from pathlib import Path

import click


def _load(bank_ref: str):
    """The bank at path ``bank_ref``, or the loaded bank with that id."""
    from quizapp.banks import load_bank, load_banks
    from quizapp.errors import QuizappError

    path = Path(bank_ref)
    if path.is_file():
        bank, problems = load_bank(path)
        if bank is None:
            errors = "\n".join(str(p) for p in problems if p.severity == "error")
            raise QuizappError(f"{path} has errors; fix them first (quizapp lint {path}):\n{errors}")
        return bank
    result = load_banks()
    bank = result.bank(bank_ref)
    if bank is None:
        known = ", ".join(sorted(b.id for b in result.banks)) or "none"
        raise QuizappError(f"no bank file or bank id {bank_ref!r} (loaded banks: {known})")
    return bank


@click.command("export")
@click.argument("bank_ref", metavar="BANK")
@click.option("--to", "target", type=click.Choice(["anki", "gift"]), required=True, help="Anki package or GIFT text.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: BANK-ID.apkg or BANK-ID.gift in the current folder).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def command(bank_ref: str, target: str, output: Path | None, force: bool) -> None:
    """Export BANK (a bank file, or the id of a loaded bank) to Anki or GIFT.

    Prints how many notes or questions were written and what was left out or changed (cards
    without answers, demonstrations, partial features of the target format).
    """
    from quizapp.errors import QuizappError

    bank = _load(bank_ref)
    out = output or Path.cwd() / f"{bank.id}.{'apkg' if target == 'anki' else 'gift'}"
    if out.exists() and not force:
        raise QuizappError(f"{out} already exists: choose another name with -o, or pass --force to overwrite it")
    try:
        if target == "anki":
            from quizapp.importers.anki_export import export_anki

            report = export_anki(bank, out)
        else:
            from quizapp.importers.gift_export import export_gift

            report = export_gift(bank, out)
    except OSError as exc:
        raise QuizappError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(report.format_text())
