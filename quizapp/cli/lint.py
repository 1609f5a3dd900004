"""`quizapp lint PATH...`: check bank files without running their code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quizapp.plural import plural


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="One line per problem, or a JSON document.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (e.g. questions that need an answer).")
def command(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check banks without running their code: YAML, the bank format, ids, hidden characters,
    and that every snippet compiles (`quizapp check` runs the snippets).

    Prints one line per problem as path:line:col: message. Exits 0 when clean, 1 when not.
    """
    from quizapp.banks import load_bank_paths

    result = load_bank_paths(list(paths))
    files, problems = result.files, result.problems
    errors, warnings = result.errors, result.warnings
    failed = bool(errors) or (strict and bool(warnings))
    if fmt == "json":
        click.echo(json.dumps({
            "files": [str(f) for f in files],
            "banks_loaded": len(result.banks),
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.to_dict() for p in problems],
            "ok": not failed,
        }, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        summary = (f"{plural(len(files), 'file')}: {len(errors)} error(s), "
                   f"{len(warnings)} warning(s)")
        click.echo(summary, err=True)
    raise SystemExit(1 if failed else 0)
