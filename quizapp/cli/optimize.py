"""`quizapp optimize`: fit FSRS parameters to your own review log, show the gain, apply."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from quizapp.cli.stats import open_existing_store

if TYPE_CHECKING:
    from quizapp.cli import CliState


@click.command("optimize")
@click.option("--apply", "apply_", is_flag=True,
              help="Use the fitted parameters from now on (memory states are recomputed from "
                   "your log; due dates already given stay).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def command(state: CliState, apply_: bool, as_json: bool) -> None:
    """Fit personal FSRS parameters to your reviews (needs a few weeks of study).

    Shows the log loss of your own answers under the current and the fitted parameters
    (lower is better). Nothing changes unless you pass --apply.
    """
    with open_existing_store(state) as store:
        def announce(trainable: int) -> None:
            if not as_json:
                click.echo(f"Fitting FSRS parameters to {trainable} spaced reviews (torch; "
                           "this can take a minute)…", err=True)

        result = store.fit_parameters(on_start=announce)
        better = result.loss_after < result.loss_before
        applied = False
        if apply_ and better:
            store.save_settings(store.settings.with_changes(parameters=result.parameters))
            applied = True
        if as_json:
            click.echo(json.dumps({
                "database": str(store.path), "reviews": result.reviews,
                "trainable_reviews": result.trainable, "cards": result.cards,
                "log_loss_before": result.loss_before, "log_loss_after": result.loss_after,
                "parameters": list(result.parameters), "seconds": result.seconds,
                "applied": applied,
            }, indent=2))
            return
        click.echo(f"Reviews: {result.reviews} scheduled answers on {result.cards} cards "
                   f"({result.trainable} spaced a day or more apart, used for the fit; cram and "
                   "drill answers move no schedule and are left out, as in `quizapp stats`)")
        click.echo(f"Log loss on your answers: {result.loss_before:.4f} now → "
                   f"{result.loss_after:.4f} fitted (lower is better), in {result.seconds:.1f} s")
        click.echo("Fitted parameters:")
        params = [f"{p:.4f}" for p in result.parameters]
        for i in range(0, len(params), 7):
            click.echo("  " + " ".join(params[i:i + 7]))
        if applied:
            click.echo("Applied: your cards' memory states were recomputed with them.")
        elif not better:
            click.echo("The fitted parameters do not predict your answers better; "
                       "nothing was changed.")
        else:
            click.echo("Run `quizapp optimize --apply` to use them.")
