"""`quizapp export BANK --to anki|gift` (or `-o NAME.apkg|.gift`): send a bank to Anki (.apkg) or
Moodle (GIFT)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizapp.banks import Bank
    from quizapp.cli import CliState

SUFFIXES = {"anki": ".apkg", "gift": ".gift"}


def _target(target: str | None, output: Path | None) -> str:
    """The format asked for with --to, or named by the output file's suffix; a clear error
    when neither says, or when they disagree (``--to gift -o deck.apkg``)."""
    from quizapp.errors import QuizappError

    named = None
    if output is not None:
        named = next((t for t, suffix in SUFFIXES.items() if output.suffix.lower() == suffix), None)
        if target is not None and named is not None and named != target:
            raise QuizappError(f"--to {target} writes a {SUFFIXES[target]} file, but the output is named "
                               f"{output.name}: change one of them")
    chosen = target or named
    if chosen is None:
        hint = f" ({output.name} names neither)" if output else ""
        raise QuizappError(f"say which format: --to anki or --to gift, or an output named .apkg or .gift{hint}")
    return chosen


def _load(bank_ref: str) -> Bank:
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
    if bank is None:  # what the app shows: a bank's title, or the topic a bank is about
        wanted = " ".join(bank_ref.split()).casefold()
        named = [b for b in result.banks
                 if wanted in (b.title.casefold(), b.title.split(": ", 1)[-1].casefold(), b.id.casefold())
                 or b.topics == [bank_ref]]
        bank = named[0] if len(named) == 1 else None
    if bank is None:
        known = ", ".join(sorted(b.id for b in result.banks)) or "none"
        raise QuizappError(f"no bank file or bank id {bank_ref!r} (loaded banks: {known})")
    return bank


def _export_reviews(state: CliState, output: Path | None, force: bool) -> None:
    """Write this student's review log, anonymised, as JSON lines."""
    from quizapp import paths
    from quizapp.cli.stats import open_existing_store
    from quizapp.errors import QuizappError
    from quizapp.progress.review_export import anonymous_id

    out = output or Path.cwd() / "quizapp-reviews.jsonl"
    if out.exists() and not force:
        raise QuizappError(f"{out} already exists: choose another name with -o, or pass --force to overwrite it")
    with open_existing_store(state) as store:
        student = anonymous_id(paths.data_dir())
        lines = store.review_log_lines(student)
    try:
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise QuizappError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(lines) - 1} answer(s) to {out} as student {student} (a random id of this install: "
               "no name, no paths, nothing you typed).")


@click.command("export")
@click.argument("bank_ref", metavar="BANK", required=False)
@click.option("--to", "target", type=click.Choice(["anki", "gift"]), default=None,
              help="Anki package or GIFT text (default: from the output's name, .apkg or .gift).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: BANK-ID.apkg or BANK-ID.gift in the current folder).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--reviews", is_flag=True,
              help="Instead of a bank: your review log, anonymised, as JSON lines for an instructor "
                   "(default output: quizapp-reviews.jsonl).")
@click.option("--no-images", is_flag=True,
              help="Do not run the demos that draw images (by default their images are exported).")
@click.option("--trust", "run_untrusted", is_flag=True,
              help="Run the image demos of a bank you have not trusted (this once).")
@click.pass_obj
def command(state: CliState, bank_ref: str | None, target: str, output: Path | None, force: bool,
            reviews: bool, no_images: bool, run_untrusted: bool) -> None:
    """Export BANK (a bank file, or the id of a loaded bank) to Anki or GIFT; or, with
    --reviews, your review log for `quizapp item-stats`.

    Prints how many notes or questions were written and what was left out or changed (cards
    without answers, demonstrations, partial features of the target format).
    """
    from quizapp.errors import QuizappError

    if reviews:
        if bank_ref is not None or target is not None:
            raise QuizappError("--reviews exports your review log: give no BANK and no --to")
        _export_reviews(state, output, force)
        return
    if bank_ref is None:
        raise QuizappError("say which bank to export: quizapp export BANK --to anki|gift (or --reviews)")

    target = _target(target, output)
    bank = _load(bank_ref)
    out = output or Path.cwd() / f"{bank.id}{SUFFIXES[target]}"
    if out.exists() and not force:
        raise QuizappError(f"{out} already exists: choose another name with -o, or pass --force to overwrite it")
    images: dict = {}
    notes: list[str] = []
    if not no_images:
        from quizapp.cli.demo_images import collect_images

        images, notes = collect_images(bank, run_untrusted)
    try:
        if target == "anki":
            from quizapp.importers.anki_export import export_anki

            report = export_anki(bank, out, images)
        else:
            from quizapp.importers.gift_export import export_gift

            report = export_gift(bank, out, images)
    except OSError as exc:
        raise QuizappError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(report.format_text())
    if images:
        click.echo(f"{sum(len(v) for v in images.values())} image(s) from {len(images)} demo(s) exported")
    for note in notes:
        click.echo(note)
