"""Where quizapp keeps things: shipped banks, the user's banks, the progress DB, caches.

Every location can be overridden by an environment variable so that tests (and users with
unusual setups) never touch the real files:

- ``QUIZAPP_HOME``: one folder holding everything (data, config, cache) — used by the tests.
- ``QUIZAPP_DB``: the progress database file.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizapp"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _home_override() -> Path | None:
    home = os.environ.get("QUIZAPP_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    """The user's data folder (progress DB, trusted-bank approvals, user banks)."""
    home = _home_override()
    if home:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The user's cache folder (computed-answer cache, snippet scratch space)."""
    home = _home_override()
    if home:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The user's configuration folder."""
    home = _home_override()
    if home:
        return home / "config"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def user_banks_dir() -> Path:
    """Banks the user installed for themselves; loaded next to the shipped ones."""
    return data_dir() / "banks"


def default_db_path() -> Path:
    """The progress database: ``QUIZAPP_DB`` if set, else ``progress.sqlite3`` in the data dir."""
    env = os.environ.get("QUIZAPP_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "progress.sqlite3"


def _shipped(name: str) -> Path:
    # In a wheel the top-level folders are copied into the package (see pyproject.toml);
    # in a source checkout or an editable install they sit beside the package.
    inside = _PACKAGE_DIR / "_shipped" / name
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / name


def shipped_banks_dir() -> Path:
    """The banks that come with quizapp (trusted by default)."""
    return _shipped("questions")


def shipped_data_dir() -> Path:
    """Shipped non-question data, such as the bank JSON Schema."""
    return _shipped("data")


def bank_schema_path() -> Path:
    """The installed JSON Schema of banks (what editors validate bank files against)."""
    return shipped_data_dir() / "bank.schema.json"


def schema_reference(bank_file: Path | None = None) -> str:
    """What a bank's `# yaml-language-server: $schema=` line says: the installed schema,
    relative to ``bank_file``'s folder when both sit under one project folder (the link
    survives moving the project), else its absolute path. Either resolves on this machine."""
    schema = bank_schema_path().resolve()
    if bank_file is None:
        return str(schema)
    folder = Path(os.path.abspath(bank_file)).parent
    try:
        common = Path(os.path.commonpath([folder, schema]))
    except ValueError:  # different drives
        return str(schema)
    if len(common.parts) <= 2:  # only "/" or "/home" in common: an absolute path reads better
        return str(schema)
    return os.path.relpath(schema, folder)
