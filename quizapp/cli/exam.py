"""`quizapp exam`: a timed mock exam across topics; no feedback until the end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizapp.cli import CliState

from quizapp.cli.study import bank_filters, filter_options, launch_tui, plain_wanted, run_plain


@click.command("exam")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-n", "--questions", type=click.IntRange(1, 500), default=None,
              help="Number of questions (default 20).")
@click.option("-m", "--minutes", type=click.FloatRange(0, 24 * 60), default=None,
              help="Time limit in minutes (0: none). Default: 20 in the app, none with --plain.")
@filter_options
@click.option("--record", is_flag=True, help="Let the answers move your study schedule (default: they do not).")
@click.option("--plain", is_flag=True, help="Plain line-by-line prompts instead of the full-screen app.")
@click.option("--no-code", is_flag=True, help="Never run bank code: check against declared answers.")
@click.option("--seed", type=int, default=None, hidden=True, help="Seed for the draw and variants (tests).")
@click.pass_obj
def command(state: CliState, paths: tuple[Path, ...], questions: int | None, minutes: float | None,
            banks: tuple[str, ...], topics: tuple[str, ...], tags: tuple[str, ...], record: bool,
            plain: bool, no_code: bool, seed: int | None) -> None:
    """Take a mock exam. With --questions, --minutes or --topic it starts at once; without, the
    app opens its exam setup. Exams do not touch your schedule unless you pass --record."""
    from quizapp.study import ExamOptions

    filters = bank_filters(banks, topics, tags)
    options = ExamOptions(count=questions or 20, minutes=minutes, record_in_schedule=record)
    if plain_wanted(plain):
        raise SystemExit(run_plain(state.db_path, paths, no_code=no_code, seed=seed, exam=options,
                                   filters=filters))
    direct = questions is not None or minutes is not None or bool(topics)
    launch_tui(state.db_path, paths, no_code=no_code, seed=seed, start="exam_now" if direct else "exam",
               filters=filters, exam=options)
