"""`quizapp lint PATH...`: check bank files without running their code."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="One line per problem, or a JSON document.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (e.g. questions that need an answer).")
def command(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check banks: YAML, the bank format, ids, and that every snippet compiles.

    Prints one line per problem as path:line:col: message. Exits 0 when clean, 1 when not.
    """
    from quizapp.banks import Problem, bank_files, load_bank

    files, problems = bank_files(list(paths))
    for path in paths:  # a folder without banks is most likely the wrong folder
        if path.is_dir() and not bank_files([path])[0]:
            problems.append(Problem(str(path), 1, 1, "no bank files (.yaml or .yml) in this folder",
                                    code="no-banks"))
    banks = 0
    for file in files:
        bank, file_problems = load_bank(file)
        banks += bank is not None
        problems.extend(file_problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    failed = bool(errors) or (strict and bool(warnings))
    if fmt == "json":
        click.echo(json.dumps({
            "files": [str(f) for f in files],
            "banks_loaded": banks,
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.to_dict() for p in problems],
            "ok": not failed,
        }, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        summary = f"{len(files)} file{'s' if len(files) != 1 else ''}: {len(errors)} error(s), {len(warnings)} warning(s)"
        click.echo(summary, err=True)
    raise SystemExit(1 if failed else 0)
