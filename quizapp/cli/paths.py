"""`quizapp paths`: where quizapp keeps banks, progress and caches on this machine."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizapp.cli import CliState


@click.command("paths")
@click.pass_obj
def command(state: CliState) -> None:
    """Print the folders and files quizapp uses (put your own banks in the user banks folder)."""
    from quizapp import paths
    from quizapp.config import file as config_file

    rows = [
        ("shipped banks", paths.shipped_banks_dir()),
        ("user banks", paths.user_banks_dir()),
        ("progress database", state.db_path),
        ("data", paths.data_dir()),
        ("cache", paths.cache_dir()),
        ("config", paths.config_dir()),
        ("bank schema", paths.bank_schema_path()),
        ("settings", config_file.settings_path()),
    ]
    width = max(len(name) for name, _ in rows)
    for name, path in rows:
        click.echo(f"{name:<{width}}  {path}")
