"""`quizapp cards`: the card browser on the command line.

    quizapp cards relu                         cards whose prompt, answer, explanation or tags
                                               have a word starting with "relu"
    quizapp cards --state leech --sort lapses  filters and sorts as on the browser screen
    quizapp cards show KEY                     one card: its question and its review history
    quizapp cards suspend KEY…                 also unsuspend, bury, unbury, reset
    quizapp cards flag red KEY…                flag colours: red orange green blue pink …
    quizapp cards set-due 2027-01-20 KEY…
    quizapp cards undo                         is not here: each command is its own step; the
                                               opposite action undoes it (unsuspend…)
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click_default_group import DefaultGroup

from quizapp.cli.study import bank_filters, filter_options
from quizapp.plural import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizapp.cli import CliState
    from quizapp.study import Workspace


def _workspace(state: CliState, paths: tuple[Path, ...] = ()) -> Workspace:
    """Banks loaded and synced (so the search index matches their wording), no code run."""
    from quizapp.study import Workspace

    return Workspace.open(state.db_path, bank_paths=paths)


@click.group("cards", cls=DefaultGroup, default="find", default_if_no_args=True)
def command() -> None:
    """Find cards (full-text search, filters, sorts) and suspend, bury, flag, reset them."""


@command.command("find")
@click.argument("words", nargs=-1)
@filter_options
@click.option("--state", "states", multiple=True,
              type=click.Choice(["new", "learning", "review", "suspended", "buried", "flagged", "leech"]),
              help="Only cards in this state (repeatable: any of them).")
@click.option("--flag", "flag", default=None, help="Only cards with this flag colour.")
@click.option("--sort", type=click.Choice(["order", "due", "lapses", "difficulty", "recall"]),
              default="order", help="Bank order, due date, most lapses, hardest, lowest recall.")
@click.option("-n", "--limit", type=click.IntRange(1, 100000), default=50, help="At most this many.")
@click.option("--keys", "keys_only", is_flag=True, help="Print only the keys (to pipe into an action).")
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
@click.option("--with", "paths", multiple=True, type=click.Path(path_type=Path),
              help="Also load this bank file or folder.")
@click.pass_obj
def find(state: CliState, words: tuple[str, ...], banks: tuple[str, ...], topics: tuple[str, ...],
         tags: tuple[str, ...], states: tuple[str, ...], flag: str | None, sort: str, limit: int,
         keys_only: bool, as_json: bool, paths: tuple[Path, ...]) -> None:
    """List the cards matching WORDS (every word, or a word's start) and the filters."""
    from quizapp.progress.browse import BrowseQuery
    from quizapp.progress.card_actions import FLAGS, flag_number

    ws = _workspace(state, paths)
    try:
        filters = bank_filters(banks, topics, tags)
        ws.check_filters(filters)
        query = BrowseQuery(text=" ".join(words), filters=ws.loaded_filter(filters),
                            states=tuple(states), flag=flag_number(flag) if flag else None,
                            sort=sort, limit=limit)
        rows, total = ws.store.browse(query)
        for row in rows:
            if keys_only:
                click.echo(row.key)
            elif as_json:
                click.echo(json.dumps({**_dict(row), "flag": FLAGS[row.flag]}))
            else:
                click.echo(_line(row))
        if not keys_only and not as_json:
            click.echo(f"{len(rows)} of {plural(total, 'card')}", err=True)
    finally:
        ws.close()


def _dict(row: Any) -> dict:
    from quizapp.records import asdict

    return asdict(row)


def _line(row: Any) -> str:
    from quizapp.progress.card_actions import FLAGS

    marks = [m for m, on in (("suspended", row.suspended), ("buried", row.buried),
                             ("leech", row.leech)) if on]
    if row.flag:
        marks.append(f"{FLAGS[row.flag]} flag")
    due = datetime.fromtimestamp(row.due_ms / 1000).strftime("%Y-%m-%d") if row.due_ms else "-"
    return (f"{row.key}  [{row.state}{', ' + ', '.join(marks) if marks else ''}]  due {due}"
            f"  lapses {row.lapses}  {row.title}")


@command.command("show")
@click.argument("key")
@click.option("--with", "paths", multiple=True, type=click.Path(path_type=Path),
              help="Also load this bank file or folder.")
@click.pass_obj
def show(state: CliState, key: str, paths: tuple[Path, ...]) -> None:
    """One card: its question as the student sees it, its marks and its review history."""
    ws = _workspace(state, paths)
    try:
        ref = ws.catalog.get(key)
        if ref is None:
            from quizapp.errors import QuizappError

            raise QuizappError(f"no card {key!r} in the loaded banks (`quizapp cards WORD` finds keys)")
        click.echo(card_text(ws, key))
    finally:
        ws.close()


def card_text(ws: Any, key: str) -> str:
    """Question, answer, marks and history of a card in plain text."""
    from quizapp.study.browse_text import card_details

    return card_details(ws, key)


def _act(state: Any, keys: tuple[str, ...], action: str, value: Any = None) -> None:
    from quizapp.progress import ProgressStore

    with ProgressStore.open(state.db_path) as store:
        if action == "reset":
            store.reset_cards(keys)
        elif action == "set_due":
            store.set_due(keys, store.calendar.start_of(value))
        else:
            store.mark(keys, action, value)
    n = len(keys)
    click.echo(f"{action.replace('_', ' ')}: {plural(n, 'card')}")


def _keys_argument(fn: Callable[..., None]) -> Callable[..., None]:
    return click.argument("keys", nargs=-1, required=True)(fn)


for _name, _help in (("suspend", "Suspend cards: never shown until unsuspended."),
                     ("unsuspend", "Unsuspend cards."),
                     ("bury", "Bury cards until the next study day."),
                     ("unbury", "Unbury cards."),
                     ("reset", "Make cards new again (their history is kept).")):
    def _make(action: str, help_text: str) -> click.Command:
        @click.pass_obj
        def run(state: CliState, keys: tuple[str, ...]) -> None:
            _act(state, keys, action)
        run.__doc__ = help_text
        return command.command(action)(_keys_argument(run))

    _make(_name, _help)


@command.command("flag")
@click.argument("colour")
@_keys_argument
@click.pass_obj
def flag_cmd(state: CliState, colour: str, keys: tuple[str, ...]) -> None:
    """Flag cards: red, orange, green, blue, pink, turquoise, purple (none removes it)."""
    _act(state, keys, "flag", colour)


@command.command("set-due")
@click.argument("day", type=click.DateTime(["%Y-%m-%d"]))
@_keys_argument
@click.pass_obj
def set_due_cmd(state: CliState, day: datetime, keys: tuple[str, ...]) -> None:
    """Make studied cards due on DAY (YYYY-MM-DD)."""
    _act(state, keys, "set_due", day.date())
