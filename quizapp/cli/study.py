"""`quizapp study`: open the app (the default command), or study line by line with `--plain`.

Also holds what `quizapp exam` shares with it: the filter options, choosing plain mode, and
starting either front end.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal, get_args

import click

from quizapp.cli.quick import images_off

if TYPE_CHECKING:
    from quizapp.cli import CliState
    from quizapp.progress import QueueFilter
    from quizapp.study.session import Mode

# The study modes `--mode` offers (the others, drill and preview, are reached from the app).
AskedMode = Literal["today", "cram", "mistakes"]


def filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--bank``, ``--topic`` and ``--tag`` (each repeatable)."""
    fn = click.option("--tag", "tags", multiple=True, help="Only cards with this tag (repeatable).")(fn)
    fn = click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable).")(fn)
    fn = click.option("--bank", "banks", multiple=True, help="Only this bank id (repeatable).")(fn)
    return fn


def bank_filters(banks: tuple[str, ...], topics: tuple[str, ...], tags: tuple[str, ...]) -> QueueFilter | None:
    """The queue filter for the options (None: everything)."""
    if not (banks or topics or tags):
        return None
    from quizapp.progress import QueueFilter

    return QueueFilter(banks=banks, topics=topics, tags=tags)


def plain_wanted(plain: bool) -> bool:
    """Plain mode when asked, or when the terminal cannot show the full-screen app."""
    if plain:
        return True
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or os.environ.get("TERM") == "dumb":
        click.echo("quizapp: not a full terminal: using plain mode (pass --plain to silence this).", err=True)
        return True
    return False


def run_plain(db_path: Path, paths: tuple[Path, ...], *, no_code: bool, seed: int | None,
              study_mode: Mode = "today", filters: Any = None, exam: Any = None,
              no_images: bool = False, second_try: bool | None = None) -> int:
    """Study (or take an exam) with line-by-line prompts; returns the exit status."""
    import shutil

    from quizapp.plain import PlainFrontEnd
    from quizapp.plural import plural
    from quizapp.study import ExamSession, StudySession, Workspace

    engine = None
    if not no_code:
        from quizapp.snippets import SnippetEngine

        engine = SnippetEngine()
        engine.start()  # warms up while the first card is read
    workspace = Workspace.open(db_path, bank_paths=paths, engine=engine)
    front = PlainFrontEnd(sys.stdin, sys.stdout, width=min(100, shutil.get_terminal_size((80, 24)).columns),
                          images=not images_off(no_images))
    try:
        for problem in workspace.store.config_problems:  # the defaults apply: say why
            front.say(f"Settings: {problem}")
        # A student hears which files could not be loaded (cards are missing), never the
        # authors' warnings ("has no explanation"): `quizapp lint` is where those belong.
        if workspace.broken_files:
            errors = sum(p.severity == "error" for p in workspace.problems)
            front.say(f"Note: {plural(len(workspace.broken_files), 'bank file')} could not be loaded "
                      f"({plural(errors, 'problem')}; `quizapp lint` shows them).")
        for bank in workspace.untrusted_banks():
            front.say(f"Note: the code of “{bank.title}” is not trusted: it is shown, not run "
                      f"(trust it with `quizapp trust {bank.path}`).")
        if exam is not None:
            session = ExamSession(workspace, filters=filters, count=exam.count,
                                  time_limit_s=int(exam.minutes * 60) if exam.minutes else None,
                                  record_in_schedule=exam.record_in_schedule, seed=seed)
            front.exam(session)
        else:
            study = StudySession(workspace, mode=study_mode, filters=filters, seed=seed,
                                 second_try=second_try)
            if study.finished:
                front.say(workspace.nothing_to_study(filters))
            else:
                front.study(study)
            study.close()
    finally:
        workspace.close()
        if engine is not None:
            engine.close()
    return 0


def no_images_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--no-images``."""
    return click.option("--no-images", is_flag=True,
                        help="Do not draw demonstrations' images (or `quizapp config set images off`, "
                             "or QUIZAPP_IMAGES=off; halfcell|kitty|sixel pick how they are drawn).")(fn)


def launch_tui(db_path: Path, paths: tuple[Path, ...], *, no_code: bool, seed: int | None,
               start: str, filters: Any = None, exam: Any = None, no_images: bool = False,
               second_try: bool | None = None) -> None:
    """Run the full-screen app until the user quits."""
    from quizapp.cli.quick import run_app

    run_app(db_path, paths, no_code=no_code, seed=seed, start=start, filters=filters, exam=exam,
            no_images=no_images, second_try=second_try)


@click.command("study")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--mode", type=click.Choice(get_args(AskedMode)), default=None,
              help="Go straight into a session: today's queue, cram (lowest recall first, schedule "
                   "untouched) or recent mistakes. Without it the app opens on its home screen.")
@filter_options
@click.option("--plain", is_flag=True,
              help="Plain line-by-line prompts on stdin/stdout instead of the full-screen app "
                   "(screen readers, simple terminals, scripts). Used anyway when not in a terminal.")
@click.option("--no-code", is_flag=True, help="Never run bank code: show it, and check against declared answers.")
@no_images_option
@click.option("--extra-new", type=click.IntRange(0, 9999), default=0,
              help="Study more today: this many new cards over today's limit (Anki's custom study).")
@click.option("--review-ahead", type=click.IntRange(0, 365), default=0, metavar="DAYS",
              help="Study more today: also reviews due in the next DAYS days.")
@click.option("--seed", type=int, default=None, hidden=True, help="Seed for variants and choice order (tests).")
@click.option("--second-try/--no-second-try", default=None,
              help="Whether a wrong typed answer gets one more try before the answer is shown "
                   "(default: as each bank says).")
@click.pass_obj
def command(state: CliState, paths: tuple[Path, ...], mode: AskedMode | None, banks: tuple[str, ...],
            topics: tuple[str, ...],
            tags: tuple[str, ...], plain: bool, no_code: bool, no_images: bool, extra_new: int,
            review_ahead: int, seed: int | None, second_try: bool | None) -> None:
    """Study today's cards (the default command). PATHS adds bank files or folders."""
    filters = bank_filters(banks, topics, tags)
    if extra_new or review_ahead:
        from quizapp.progress import ProgressStore

        with ProgressStore.open(state.db_path) as store:
            extra = store.study_more(extra_new=extra_new, ahead_days=review_ahead)
        click.echo(f"Study more today: {extra.new} new cards over the limit"
                   + (f", reviews due in the next {extra.ahead_days} days" if extra.ahead_days else "")
                   + ".", err=True)
        if mode is None:
            mode = "today"  # asked to study more: go straight to it
    if plain_wanted(plain):
        raise SystemExit(run_plain(state.db_path, paths, no_code=no_code, seed=seed,
                                   study_mode=mode or "today", filters=filters, no_images=no_images,
                                   second_try=second_try))
    start = "home" if mode is None else ("study" if mode == "today" else mode)
    launch_tui(state.db_path, paths, no_code=no_code, seed=seed, start=start, filters=filters,
               no_images=no_images, second_try=second_try)
