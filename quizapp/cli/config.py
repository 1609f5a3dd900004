"""`quizapp config`: show, get and set the settings kept in settings.toml (config folder).

    quizapp config                       every setting, its value and what it allows
    quizapp config get new_per_day
    quizapp config set new_per_day 30
    quizapp config set desired_retention 0.85 --bank dl-cnn
    quizapp config unset new_per_day --bank dl-cnn
    quizapp config workload              reviews a day at each desired retention
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Callable


def _bank_option(fn: Callable[..., None]) -> Callable[..., None]:
    return click.option("--bank", default=None, help="A bank's own value (Anki's presets).")(fn)


def _check_bank(bank: str | None, *, changing: bool = False) -> str:
    """Refuse a --bank that names one of the user's or the shipped banks with other capitals
    (`My-linear` for `my-linear`): its values would be saved and never apply. Other ids are
    kept (a bank given on the command line is not loaded here), with a note when no known bank
    has the id (so a typo does not pass unseen): the note, or ""."""
    if bank is None:
        return ""
    import difflib

    from quizapp.banks import load_banks
    from quizapp.config.bank_ids import miscapitalised_message, same_but_capitals
    from quizapp.errors import QuizappError

    ids = [b.id for b in load_banks([], include_shipped=True, include_user=True).banks]
    meant = same_but_capitals(bank, ids)
    if meant is not None:
        raise QuizappError(miscapitalised_message(bank, meant) + (" Nothing was changed." if changing else ""))
    if bank in ids:
        return ""
    close = difflib.get_close_matches(bank, ids, n=1, cutoff=0.75)
    guess = f" Did you mean `{close[0]}`?" if close else ""
    return (f"note: neither your banks folder nor the shipped banks hold a bank `{bank}`: the value "
            f"applies when a bank with exactly that id is loaded (from a path given to study, say).{guess}")


@click.group("config", invoke_without_command=True)
@click.pass_context
def command(ctx: click.Context) -> None:
    """Show or change the settings (new cards a day, retention, steps, leeches, theme…)."""
    if ctx.invoked_subcommand is not None:
        return
    from quizapp.config import KEYS, load_config, value_text

    config = load_config()
    for problem in config.problems:
        click.echo(f"quizapp: {problem}", err=True)
    click.echo(f"# {config.path}")
    width = max(len(k) for k in KEYS)
    for name, key in KEYS.items():
        mark = "" if name in config.explicit else "  (default)"
        click.echo(f"{name:<{width}}  {value_text(name, config.values[name]):<14} "
                   f"{key.allowed}{mark}")
    for bank, values in sorted(config.banks.items()):
        for name, value in values.items():
            click.echo(f"{name:<{width}}  {value_text(name, value):<14} bank {bank}")


@command.command("get")
@click.argument("key")
@_bank_option
def get(key: str, bank: str | None) -> None:
    """Print one setting's value (a bank's own value with --bank)."""
    from quizapp.config import KEYS, load_config, value_text
    from quizapp.config.keys import unknown_key_message
    from quizapp.errors import QuizappError

    if key not in KEYS:
        raise QuizappError(unknown_key_message(key))
    note = _check_bank(bank)
    config = load_config()
    for problem in config.problems:
        click.echo(f"quizapp: {problem}", err=True)
    click.echo(value_text(key, config.get(key, bank)))
    if note:
        click.echo(f"quizapp: {note}", err=True)


@command.command("set")
@click.argument("key")
@click.argument("value", nargs=-1, required=True)
@_bank_option
def set_(key: str, value: tuple[str, ...], bank: str | None) -> None:
    """Check and save a setting; the rest of the file is kept as it is."""
    from quizapp.config import set_setting, settings_path, value_text

    note = _check_bank(bank, changing=True)
    saved = set_setting(key, " ".join(value), bank=bank)
    where = f" for bank {bank}" if bank else ""
    click.echo(f"{key} = {value_text(key, saved)}{where} (saved in {settings_path()})")
    if note:
        click.echo(f"quizapp: {note}", err=True)


@command.command("unset")
@click.argument("key")
@_bank_option
def unset(key: str, bank: str | None) -> None:
    """Remove a setting from the file: back to the default (or, with --bank, the global value)."""
    from quizapp.config import unset_setting

    removed = unset_setting(key, bank=bank)
    click.echo(f"{key}: {'removed' if removed else 'was not set'}")


@command.command("workload")
@click.option("--new-per-day", type=click.IntRange(0, 9999), default=None,
              help="New cards a day to assume (default: the setting).")
def workload(new_per_day: int | None) -> None:
    """FSRS's estimate of reviews a day at each desired retention (to help decide)."""
    from quizapp.config import load_config
    from quizapp.progress import StudySettings
    from quizapp.progress.workload import estimate, workload_table

    settings = StudySettings().with_changes(**load_config().study_changes())
    click.echo(workload_table(estimate(settings, new_per_day), settings.desired_retention,
                              settings.new_per_day if new_per_day is None else new_per_day))
