"""The `quizapp` command line.

Bare `quizapp` opens the TUI (the `study` command). Subcommands live one per module in this
package and are imported only when used, so `quizapp --help` and start-up stay fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from quizapp import __version__

# command name -> module in quizapp.cli holding a click command called `command`
COMMANDS: dict[str, str] = {
    "import": "import_",
    "export": "export",
    "study": "study",
    "exam": "exam",
    "lint": "lint",
    "check": "check",
    "trust": "trust",
    "stats": "stats",
    "plan": "plan",
    "optimize": "optimize",
    "paths": "paths",
    "item-stats": "item_stats",
    "preview": "preview",
    "new": "new",
    "config": "config",
    "cards": "cards",
}


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
        study = ctx.command.get_command(ctx, "study")  # type: ignore[attr-defined]
        return ctx.invoke(study)
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: user-facing errors never show a traceback."""
    from quizapp.errors import QuizappError

    try:
        rc = cli.main(args=argv, prog_name="quizapp", standalone_mode=False)
        if isinstance(rc, int):
            sys.exit(rc)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except QuizappError as exc:
        click.echo(f"quizapp: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug of ours: keep the details, show one clear line
        log = _write_crash_log(exc)
        click.echo(f"quizapp: internal error: {exc!r}. Details: {log}", err=True)
        sys.exit(70)


def _write_crash_log(exc: BaseException) -> Path:
    import traceback

    from quizapp.paths import cache_dir

    path = cache_dir() / "crash.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    except OSError:
        pass
    return path
