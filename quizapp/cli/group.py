"""The click group behind `quizapp` (see `quizapp.cli` for the entry point)."""

from __future__ import annotations

import importlib
from pathlib import Path

import click
from click_default_group import DefaultGroup

from quizapp import __version__
from quizapp.cli.commands import COMMANDS


class LazyDefaultGroup(DefaultGroup):
    """A DefaultGroup whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"quizapp.cli.{module_name}")
        return module.command


class CliState:
    """Options given before the subcommand, shared by every command."""

    def __init__(self, db: Path | None) -> None:
        self._db = db

    @property
    def db_path(self) -> Path:
        from quizapp.paths import default_db_path

        return self._db if self._db is not None else default_db_path()


@click.group(
    cls=LazyDefaultGroup,
    default="study",
    default_if_no_args=True,
    # `quizapp --db F` (group options, no command) opens the app as bare `quizapp` does:
    # default_if_no_args only covers an empty command line.
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="quizapp")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="QUIZAPP_DB",
    help="Progress database (default: progress.sqlite3 in the user data folder; env QUIZAPP_DB).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> object:
    """Study a course with flashcards whose answers torch computes live.

    Without a command, opens the app on today's study queue.
    """
    ctx.obj = CliState(db)
    if ctx.invoked_subcommand is None:
        from quizapp.cli.study import command as study

        return ctx.invoke(study)
    return None
