"""Opening the app without click: the command lines that only open it in a terminal.

`quizapp`, `quizapp --db F`, `quizapp study --mode today --no-code`… are read here by hand;
anything else (another command, `--help`, a bad option, plain mode) goes to click, which
parses, explains and errs exactly as before. Importing click costs more than this reading.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, NamedTuple

MODES = {"today": "study", "cram": "cram", "mistakes": "mistakes"}  # --mode -> start screen


class Launch(NamedTuple):
    """What a quick command line asks for."""

    db: str | None  # --db (or QUIZAPP_DB); None: the default database
    start: str  # home, study, cram or mistakes
    no_code: bool
    no_images: bool = False


def quick_launch(args: list[str]) -> Callable[[], None] | None:
    """The app launch ``args`` ask for, or None when click must read them."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or os.environ.get("TERM") == "dumb":
        return None  # plain mode: `study` says so and explains
    launch = parse_launch(args, os.environ)
    if launch is None:
        return None

    def run() -> None:
        from quizapp.paths import default_db_path

        db = Path(launch.db) if launch.db else default_db_path()
        run_app(db, (), no_code=launch.no_code, seed=None, start=launch.start, no_images=launch.no_images)

    return run


def parse_launch(args: list[str], env: Mapping[str, str]) -> Launch | None:
    """``args`` read as an app launch, or None when they are anything else."""
    db: str | None = None
    mode: str | None = None
    no_code = no_images = False
    rest = list(args)
    while rest and rest[0].startswith("--db"):  # group options come before the command
        value, rest = _option("--db", rest)
        if not value:
            return None
        db = value
    if rest and rest[0] == "study":
        rest = rest[1:]
        while rest:
            if rest[0] in ("--no-code", "--no-images"):
                no_code, no_images = no_code or rest[0] == "--no-code", no_images or rest[0] == "--no-images"
                rest = rest[1:]
                continue
            if not rest[0].startswith("--mode"):
                return None
            mode, rest = _option("--mode", rest)
            if mode not in MODES:
                return None
    if rest:
        return None
    return Launch(db or env.get("QUIZAPP_DB") or None, "home" if mode is None else MODES[mode], no_code,
                  no_images)


def _option(name: str, args: list[str]) -> tuple[str | None, list[str]]:
    """``--name value`` or ``--name=value`` at the front of ``args``: (value, the rest)."""
    first = args[0]
    if first == name:
        return (args[1], args[2:]) if len(args) > 1 else (None, [])
    if first.startswith(name + "="):
        return first[len(name) + 1:], args[1:]
    return None, []  # e.g. --dbx: not ours


def images_setting(no_images: bool) -> str | None:
    """How images are drawn: ``--no-images``, else ``QUIZAPP_IMAGES``, else the ``images``
    setting of settings.toml; None: by the terminal."""
    if no_images:
        return "off"
    if os.environ.get("QUIZAPP_IMAGES", "").strip():
        return os.environ["QUIZAPP_IMAGES"].strip().lower()
    from quizapp.config import load_config

    config = load_config()
    return config.values["images"] if "images" in config.explicit else None


def images_off(no_images: bool) -> bool:
    """``--no-images``, ``QUIZAPP_IMAGES=off`` or ``quizapp config set images off``."""
    return images_setting(no_images) == "off"


def run_app(db_path: Path, paths: tuple[Path, ...], *, no_code: bool, seed: int | None, start: str,
            filters: Any = None, exam: Any = None, no_images: bool = False,
            second_try: bool | None = None) -> None:
    """Run the full-screen app until the user quits."""
    from quizapp.gc_pause import pause_gc

    # Importing Textual and the app makes ~70,000 long-lived objects: the cyclic GC walking
    # them cost ~10 ms of a start. The app ends this pause when start-up is over.
    end_gc_pause = pause_gc()
    try:
        from quizapp.tui.app import build_app
        from quizapp.tui.graphics import choose_protocol, measure_cells

        images = images_setting(no_images)
        if choose_protocol(images) in ("tgp", "sixel"):
            measure_cells()  # must happen before Textual owns the terminal
        app = build_app(db_path, bank_paths=paths, run_code=not no_code, seed=seed, start=start,
                        filters=filters, exam=exam, images=images, second_try=second_try,
                        end_gc_pause=end_gc_pause)
    except BaseException:
        end_gc_pause()
        raise
    app.run()
