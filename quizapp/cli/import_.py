"""`quizapp import SOURCE`: turn a course notebook, a GIFT file or an Anki text deck into a
bank draft, and say what was made and what was not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizapp.importers.dispatch import SourceFormat


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Bank file to write (default: SOURCE's name with .yaml, in the current folder; - for stdout).")
@click.option("--bank-id", help="Stable id of the bank (default: from the file name).")
@click.option("--title", help="Title of the bank (default: the source's own title, else the file name).")
@click.option("--topic", help="Default topic for questions the source puts under no heading or category.")
@click.option("--from", "fmt", type=click.Choice(["notebook", "gift", "anki"]),
              help="The source's format, when its file name does not say (.ipynb, .gift, .csv/.tsv/.txt).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True,
              help="Fail (write nothing, exit 1) when any item was left out or imported differently.")
def command(source: Path, output: Path | None, bank_id: str | None, title: str | None, topic: str | None,
            fmt: SourceFormat | None, force: bool, as_json: bool, strict: bool) -> None:
    """Import SOURCE (.ipynb, .gift, .csv/.tsv/.txt) as a bank draft.

    Prints what was imported (questions by kind, cards that need an answer, items that could
    not be mapped and why). Answers the source does not give are left empty: finish them,
    then `quizapp lint --strict BANK` passes.
    """
    from quizapp.banks import load_bank
    from quizapp.importers import ImportOptions, dump_bank_yaml, import_file, write_bank_yaml

    doc, report = import_file(source, ImportOptions(bank_id, title, topic), fmt)
    if strict and (report.unmapped or report.approximated):
        click.echo(report.format_text(), err=True)
        raise click.ClickException(f"--strict: {len(report.unmapped)} item(s) left out and "
                                   f"{len(report.approximated)} imported differently; nothing written")
    if output is not None and str(output) == "-":
        click.echo(dump_bank_yaml(doc), nl=False)
        click.echo(report.format_text(), err=True)
        return
    target = output or Path.cwd() / f"{source.stem}.yaml"
    write_bank_yaml(doc, target, force=force)
    bank, problems = load_bank(target)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "output": str(target), "lint_errors": len(errors),
                               "lint_warnings": len(warnings)}, indent=2))
    else:
        click.echo(report.format_text())
        unanswered = sum(p.code == "needs-answer" for p in warnings)
        click.echo(f"Wrote {target}: lint finds {len(errors)} error(s), {unanswered} card(s) needing an answer, "
                   f"{len(warnings) - unanswered} other warning(s).")
        if report.needs_answer:
            click.echo(f"Fill in the missing answers, then check with: quizapp lint --strict {target}")
    for problem in errors:  # an importer bug: say so plainly rather than leave a broken bank unexplained
        click.echo(str(problem), err=True)
    if errors or bank is None:
        raise SystemExit(1)
