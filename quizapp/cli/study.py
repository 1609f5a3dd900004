"""`quizapp study`: open the app (the default command)."""

from __future__ import annotations

import click


@click.command("study")
@click.pass_obj
def command(state) -> None:
    """Open the app on today's study queue."""
    raise click.ClickException("the study screens are not built yet; try `quizapp lint`.")
