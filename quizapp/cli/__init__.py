"""The `quizapp` command line.

Bare `quizapp` opens the TUI (the `study` command). Subcommands live one per module in this
package and are imported only when used, so `quizapp --help` and start-up stay fast.

Opening the app in a terminal — `quizapp`, `quizapp --db F`, `quizapp study --mode today` —
does not import click at all (`quizapp.cli.quick`): on the path a user types most, click's
import was ~10% of the time until the first card shows (bench/startup_tty.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the click group lives in quizapp.cli.group (imported only when needed)
    from quizapp.cli.group import CliState as CliState


def __getattr__(name: str) -> object:
    """`quizapp.cli.CliState` and `quizapp.cli.cli`, from the group module, on first use."""
    if name in ("CliState", "cli"):
        from quizapp.cli import group

        return getattr(group, name)
    raise AttributeError(f"module 'quizapp.cli' has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: user-facing errors never show a traceback."""
    from quizapp.cli.quick import quick_launch

    args = sys.argv[1:] if argv is None else argv
    launch = quick_launch(args)
    if launch is not None:  # the app in a terminal: no click needed
        _run_quietly(launch)
        return
    _run_click(args)


def _run_quietly(launch: Callable[[], None]) -> None:
    """Run the app; a user-facing error is one line, a bug of ours a line and a crash log."""
    from quizapp.errors import QuizappError

    try:
        launch()
    except QuizappError as exc:
        print(f"quizapp: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug of ours: keep the details, show one clear line
        log = _write_crash_log(exc)
        print(f"quizapp: internal error: {exc!r}. Details: {log}", file=sys.stderr)
        sys.exit(70)


def _run_click(argv: list[str]) -> None:
    import click

    from quizapp.cli.group import cli
    from quizapp.errors import NotEnoughData, QuizappError

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
    except NotEnoughData as exc:  # "not enough data yet" is normal, not a failure
        click.echo(f"{str(exc)[:1].upper()}{str(exc)[1:]}")
        sys.exit(0)
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
