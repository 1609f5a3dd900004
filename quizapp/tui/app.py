"""The quizapp Textual app and the factory that builds it (for the CLI and for the tests).

Start-up shows the home screen at once; banks are loaded and the progress DB is opened in a
thread worker, and the snippet engine warms up (importing torch in its own process) in the
background — nothing here imports torch or waits for it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.binding import Binding
from textual.message_pump import MessagePump
from textual.reactive import reactive
from textual.screen import Screen

from quizapp.errors import QuizappError
from quizapp.gc_pause import pause_gc
from quizapp.plural import plural
from quizapp.records import MutableRecord
from quizapp.tui.messages import (
    BankFilesChanged,
    EngineStatusChanged,
    WorkspaceFailed,
    WorkspaceReady,
)

# Seconds after the banks are loaded before start-up counts as over: the first screen is up,
# the cyclic GC runs again and the snippet engine starts warming up.
SETTLE_DELAY_S = 0.5
# Longest the app stays unpainted while the banks load for a start on a card (below the
# start screen's loading notice, quizapp.tui.screens.start).
PAINT_PAUSE_MAX_S = 0.25
# `AppOptions.start` values that open a study session, and the session's mode.
STUDY_STARTS: dict[str, Mode] = {"study": "today", "cram": "cram", "mistakes": "mistakes"}

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand

    from quizapp.banks.model import Bank
    from quizapp.banks.watch import BankWatcher
    from quizapp.progress import QueueFilter, StudySettings
    from quizapp.snippets import EngineStatus, SnippetEngine
    from quizapp.study import ExamOptions, Workspace
    from quizapp.study.session import Mode


class AppOptions(MutableRecord):
    """Everything the app can be started with.

    ``run_code=False`` never runs bank code (shown, not run). ``engine``: an engine made by
    the caller (tests share one); the app then leaves it running at exit. ``start``: the
    screen to open once the data is loaded: home, study, cram, mistakes or exam.
    """

    db_path: Path
    bank_paths: tuple[Path, ...] = ()
    include_shipped: bool = True
    include_user: bool = True
    run_code: bool = True
    engine: SnippetEngine | None = None
    start: str = "home"
    filters: QueueFilter | None = None
    exam: ExamOptions | None = None
    ask_trust: bool = True
    clock: Callable[[], datetime] | None = None
    settings: StudySettings | None = None
    tz: Any = None
    seed: int | None = None
    timer: Callable[[], float] = time.monotonic  # session and exam durations (tests pin it)
    theme: str | None = None
    watch_banks: bool = True  # reload banks edited while the app runs
    preview_keys: tuple[str, ...] = ()  # start="preview": these cards, as a student sees them
    variant_seed: int | None = None  # the variant every previewed card shows (None: drawn)
    # How demonstrations' images are drawn: "off", "halfcell", "kitty", "sixel"; None: from
    # QUIZAPP_IMAGES or the terminal (see quizapp.tui.graphics).
    images: str | None = None
    second_try: bool | None = None  # None: each bank (or question) decides
    # The caller paused the GC before importing the app (quizapp.cli.quick: Textual's import
    # is a burst of long-lived objects too): the app ends that pause with its own.
    end_gc_pause: Callable[[], None] | None = None


def _both(first: Callable[[], None], then: Callable[[], None]) -> Callable[[], None]:
    def both() -> None:
        first()
        then()

    return both


def quiz_app(node: MessagePump) -> QuizApp:
    """The QuizApp a screen or widget runs in, typed (Textual types ``node.app`` as ``App[Any]``)."""
    return cast("QuizApp", node.app)


def is_shutting_down(app: App) -> bool:
    """The app is quitting (ctrl+q, or a test leaving `run_test`). Textual has no public flag
    for it: `_exit` is set by `exit()`, `_running` cleared when shutdown begins."""
    return app._exit or not app._running


class QuizApp(App[None]):
    """quizapp: study, exam, cram, statistics, trust and bank problems."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        # Priority: `?` opens help even from an answer box (no answer needs a question mark).
        Binding("question_mark", "help", "Help", key_display="?", priority=True),
    ]

    engine_status: reactive[EngineStatus | None] = reactive(None, init=False)
    # Below 80 columns screens get `-narrow` (app.tcss: a tighter footer, so that every key it
    # lists still fits at 60 columns).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]

    def __init__(self, options: AppOptions) -> None:
        # Start-up makes tens of thousands of objects that live as long as the app: collecting
        # them again and again was ~40 ms of a start (see quizapp.gc_pause). Ended by `_settled`.
        self._end_gc_pause = pause_gc()
        if options.end_gc_pause is not None:
            self._end_gc_pause = _both(self._end_gc_pause, options.end_gc_pause)
        super().__init__()
        self.options = options
        self.workspace: Workspace | None = None
        self._started = False  # the start screen (study, exam…) has been opened
        self._trust_pending = False  # banks reloaded with code to ask about, once home shows
        self._watcher: BankWatcher | None = None
        self._terminal_fd = -1  # watched for a hang-up once the app runs in a real terminal
        self.engine: SnippetEngine | None = options.engine
        self._own_engine = options.engine is None
        self._saved_theme: str | None = None
        theme = options.theme or self._theme_setting()
        if theme:
            self.theme = theme
        self._image_protocol: str | None = None  # decided when the first image is drawn
        self._paint_pause: AbstractContextManager[None] | None = None  # see _pause_painting
        self._bank_snapshot: dict[Path, tuple[int, int]] | None = None  # bank files as loaded
        if self.engine is not None:
            self.engine_status = self.engine.status

    @property
    def image_protocol(self) -> str:
        """How demonstrations' images are drawn here (see quizapp.tui.graphics)."""
        if self._image_protocol is None:
            from quizapp.tui.graphics import choose_protocol

            self._image_protocol = choose_protocol(self.options.images)
        return self._image_protocol

    # -- theme, kept across restarts -----------------------------------------------------

    def _theme_setting(self) -> str | None:
        """The theme saved in settings.toml, if this Textual knows it (else the default)."""
        from quizapp.config import load_config

        config = load_config()
        name = config.values["theme"] if "theme" in config.explicit else None
        self._saved_theme = name
        return name if name in self.available_themes else None

    def apply_theme_setting(self) -> None:
        """Use the theme the settings now name (after the settings screen changed it)."""
        name = self._theme_setting()
        if name and name != self.theme:
            self.theme = name
        elif self._saved_theme and not name:
            self.notify(f"No theme {self._saved_theme!r}: one of "
                        f"{', '.join(sorted(self.available_themes))}", severity="error")

    def _theme_changed(self, theme: Any) -> None:
        """A theme picked in the palette is kept for the next start (tests pass their own
        theme and leave the file alone)."""
        theme = getattr(theme, "name", theme)
        if self.options.theme or theme == self._saved_theme:
            return
        from quizapp.config import set_setting

        try:
            set_setting("theme", theme)
            self._saved_theme = theme
        except Exception as exc:  # noqa: BLE001 - saving a theme is a convenience: any failure is a warning
            self.notify(f"The theme could not be saved: {exc}", severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every screen too, as the README says."""
        yield from super().get_system_commands(screen)
        from textual.app import SystemCommand

        for title, help_text, action in (
            ("Home", "Banks and topics with what is due", self.action_go_home),
            ("Study", "Study today's cards", lambda: self.start_study("today")),
            ("Exam", "Set up a mock exam", self.action_open_exam),
            ("Statistics", "Reviews, retention, forecast", self.action_open_stats),
            ("Browser", "Find cards; suspend, bury, flag, reset", self.action_browse),
            ("Settings", "New cards a day, retention, steps, leeches, theme", self.action_settings),
            ("Help", "Every key", self.action_help),
        ):
            yield SystemCommand(title, help_text, action)

    def action_go_home(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.ensure_home()

    def action_open_exam(self) -> None:
        if self.workspace is not None:
            from quizapp.tui.screens.exam_setup import ExamSetupScreen

            self.push_screen(ExamSetupScreen(None, self.options.exam))

    def action_open_stats(self) -> None:
        if self.workspace is not None:
            from quizapp.tui.screens.stats import StatsScreen

            self.push_screen(StatsScreen(None))

    def action_settings(self) -> None:
        from quizapp.tui.screens.settings import SettingsScreen

        if self.workspace is None:
            self.notify("Still loading the banks…", severity="warning")
        elif not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_browse(self) -> None:
        from quizapp.tui.screens.browser import BrowserScreen

        if self.workspace is None:
            self.notify("Still loading the banks…", severity="warning")
        elif not isinstance(self.screen, BrowserScreen):
            self.push_screen(BrowserScreen())

    # -- banks edited while the app runs -------------------------------------------------

    def _start_watching(self) -> None:
        if not self.options.watch_banks or self.workspace is None:
            return
        from quizapp.banks.watch import BankWatcher
        from quizapp.paths import user_banks_dir

        if self.options.include_user:  # a bank dropped there later is picked up too
            try:
                user_banks_dir().mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
        def changed(paths: set[Path]) -> None:
            self.post_message(BankFilesChanged(paths))

        def stopped(reason: str) -> None:
            try:
                self.call_from_thread(self.notify, f"Bank files are no longer watched ({reason}): edits to them "
                                      "show after a restart.", severity="warning", timeout=15)
            except RuntimeError:  # the app is closing
                pass

        self._watcher = BankWatcher(self.workspace.bank_roots(), changed, since=self._bank_snapshot,
                                    on_error=stopped)
        self._watcher.start()

    def on_bank_files_changed(self, message: BankFilesChanged) -> None:
        self.run_worker(self._reload_banks, thread=True, exclusive=True, group="reload",
                        exit_on_error=False, name="reload-banks")

    def _reload_banks(self) -> None:
        """Worker thread: load, lint and sync the banks again."""
        try:
            report = self.ready_workspace().reload()
        except Exception as exc:  # noqa: BLE001 - the banks as they were stay in use
            self.call_from_thread(self.notify, f"The banks could not be reloaded: {exc}",
                                  severity="error")
            return
        self.call_from_thread(self._banks_reloaded, report)

    def _banks_reloaded(self, report: Any) -> None:
        words = []
        if report.changed:
            words.append(f"{plural(len(report.changed), 'bank')} changed")
        if report.new_cards:
            words.append(f"{report.new_cards} new card{'s' if report.new_cards != 1 else ''}")
        if report.hidden:
            words.append(f"{plural(report.hidden, 'card')} removed")
        if report.broken:
            words.append(f"{plural(len(report.broken), 'file')} "
                         "not loaded — press p on home")
        elif report.problems:
            words.append(f"{plural(report.problems, 'problem')}")
        self.notify("Banks reloaded" + (": " + ", ".join(words) if words else "") + ".",
                    severity="warning" if report.broken else "information", timeout=5)
        for screen in self.screen_stack:
            refresh = getattr(screen, "banks_reloaded", None)
            if refresh is not None:
                refresh()
        self._trust_pending = bool(self.options.ask_trust and self.options.run_code
                                   and self.ready_workspace().untrusted_banks())
        self.ask_pending_trust()

    def ready_workspace(self) -> Workspace:
        """The workspace, for screens that only show once it has loaded."""
        if self.workspace is None:
            raise QuizappError("the banks are still loading")
        return self.workspace

    def ask_pending_trust(self) -> None:
        """Changed code is asked about again — on home, not over a card being answered."""
        from quizapp.tui.screens.home import HomeScreen

        if self._trust_pending and isinstance(self.screen, HomeScreen):
            self._trust_pending = False
            self.ask_trust(self.ready_workspace().untrusted_banks(), self.screen.refresh_counts)

    # -- start-up ----------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        from quizapp.tui.screens.start import StartScreen

        return StartScreen(id="_default")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.options.start == "home":
            self.ensure_home()
        else:
            self._pause_painting()
        self.run_worker(self._open_workspace, thread=True, exit_on_error=False, name="open-workspace")
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self._terminal_fd = sys.__stdin__.fileno()
            self.set_interval(1.0, self._leave_if_terminal_gone, name="terminal-hangup")

    def _leave_if_terminal_gone(self) -> None:
        """Quit (closing the session, the database and the engine) once no terminal is left."""
        from quizapp.tui.hangup import terminal_hung_up

        if terminal_hung_up(self._terminal_fd):
            self.exit()

    def _pause_painting(self) -> None:
        """Started on a card (study, exam…): the blank screen under it is not painted while the
        banks load — its frames took CPU from the first card. A load slower than
        `PAINT_PAUSE_MAX_S` paints again (the loading notice shows)."""
        self._paint_pause = self.batch_update()
        self._paint_pause.__enter__()
        self.set_timer(PAINT_PAUSE_MAX_S, self._resume_painting)

    def _resume_painting(self) -> None:
        pause, self._paint_pause = self._paint_pause, None
        if pause is not None:
            pause.__exit__(None, None, None)

    def _open_workspace(self) -> None:
        """Worker thread: load banks, open the DB, make (not start) the engine."""
        from quizapp.study import Workspace

        o = self.options
        try:
            if o.watch_banks:  # the files as read now: what changes before watching starts is reloaded
                from quizapp.banks.watch import snapshot

                self._bank_snapshot = snapshot(Workspace.roots(o.bank_paths, o.include_shipped, o.include_user))
            if o.run_code and self.engine is None:
                from quizapp.snippets import SnippetEngine

                self.engine = SnippetEngine()
            workspace = Workspace.open(
                o.db_path, bank_paths=o.bank_paths, include_shipped=o.include_shipped,
                include_user=o.include_user, engine=self.engine if o.run_code else None,
                clock=o.clock, settings=o.settings, tz=o.tz)
        except QuizappError as exc:
            self.post_message(WorkspaceFailed(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a bug of ours: say so instead of a traceback
            self.post_message(WorkspaceFailed(f"internal error while loading: {exc!r}"))
            return
        if self.engine is not None and o.run_code:
            self.engine.add_status_listener(self._engine_changed)
            self._engine_changed(self.engine.status)
        self.post_message(WorkspaceReady(workspace))

    def _engine_changed(self, status: EngineStatus) -> None:
        """Engine status listener (any thread): hand the news to the event loop."""
        self.post_message(EngineStatusChanged(status))

    @property
    def shutting_down(self) -> bool:
        return is_shutting_down(self)

    def on_workspace_ready(self, message: WorkspaceReady) -> None:
        try:
            self._workspace_ready(message)
        finally:
            self._resume_painting()  # the start screen (or the trust question) is up

    def _workspace_ready(self, message: WorkspaceReady) -> None:
        self.workspace = message.workspace
        if self.shutting_down:
            # Banks that finish loading while the app quits open no screen: a screen pushed
            # now is torn down before its widgets are composed, and its first card had
            # nothing to show itself in (NoMatches '#card-meta', issue 14).
            self._end_gc_pause()
            return
        for problem in self.workspace.store.config_problems:  # bad settings: said, not fatal
            self.notify(problem, title="Settings", severity="error", timeout=10)
        for screen in self.screen_stack:  # the home screen, when the app started on it
            ready = getattr(screen, "workspace_ready", None)
            if ready is not None:
                ready()
        self.set_timer(SETTLE_DELAY_S, self._settled)
        ask = self.options.ask_trust and self.options.run_code
        untrusted = self.workspace.untrusted_banks() if ask else []
        self.ask_trust(untrusted, self._open_start_screen)

    def _settled(self) -> None:
        """Start-up is over: the GC runs again, bank files are watched and torch warms up. Not
        earlier: its helper process competes for the CPU while we start, and a computed card
        asks for it at once anyway (submit starts it); the watcher's thread (importing
        watchfiles) competed for the GIL and delayed the first card."""
        self._end_gc_pause()
        if not self.shutting_down:
            self._start_watching()
        if self.engine is not None and self.options.run_code:
            self.engine.start()

    def ask_trust(self, banks: list[Bank], then: Callable[[], None]) -> None:
        """Ask about each untrusted bank in turn, then call ``then`` (at start, after a reload,
        and from home's `x`)."""
        if not banks:
            then()
            return
        from quizapp.tui.screens.trust import TrustScreen

        bank, rest = banks[0], banks[1:]
        self.push_screen(TrustScreen(bank), lambda _trusted: self.ask_trust(rest, then))

    def ensure_home(self) -> None:
        """Open the home screen when nothing else is open (at start, or once the screen the
        app started on — study, exam — is left)."""
        from quizapp.tui.screens.start import StartScreen

        if isinstance(self.screen, StartScreen) and (self._started or self.options.start == "home"):
            from quizapp.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def _open_start_screen(self) -> None:
        if self.shutting_down:
            return
        self._started = True
        try:
            self._open_chosen_screen()
        finally:
            self.ensure_home()  # nothing to study, or home was asked for

    def _open_chosen_screen(self) -> None:
        start = self.options.start
        if start in STUDY_STARTS:
            self.start_study(STUDY_STARTS[start], self.options.filters)
        elif start == "exam":
            from quizapp.tui.screens.exam_setup import ExamSetupScreen

            self.push_screen(ExamSetupScreen(self.options.filters, self.options.exam))
        elif start == "exam_now":
            from quizapp.study import ExamOptions

            self.start_exam(self.options.exam or ExamOptions(), self.options.filters)
        elif start == "preview":
            self.start_study("preview", keys=list(self.options.preview_keys), variant_seed=self.options.variant_seed)

    def start_exam(self, options: ExamOptions, filters: QueueFilter | None) -> None:
        """Start an exam at once (from `quizapp exam -n … -m …`)."""
        from quizapp.study import ExamSession
        from quizapp.tui.screens.exam import ExamScreen

        minutes = options.minutes if options.minutes is not None else 20
        try:
            exam = ExamSession(self.ready_workspace(), filters=filters, count=options.count,
                               time_limit_s=int(minutes * 60) if minutes else None,
                               record_in_schedule=options.record_in_schedule, seed=self.options.seed,
                               timer=self.options.timer)
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(ExamScreen(exam))

    def on_workspace_failed(self, message: WorkspaceFailed) -> None:
        from quizapp.tui.screens.error import ErrorScreen

        self._end_gc_pause()
        self._resume_painting()
        self.push_screen(ErrorScreen(message.message))

    def on_engine_status_changed(self, message: EngineStatusChanged) -> None:
        self.engine_status = message.status

    # -- navigation used by several screens ---------------------------------------------

    def start_study(self, mode: Mode, filters: QueueFilter | None = None, keys: list[str] | None = None,
                    variant_seed: int | None = None) -> None:
        """Open a study session (today / cram / mistakes / drill / preview), or say why there is none."""
        from quizapp.study import StudySession
        from quizapp.tui.screens.study import StudyScreen

        if self.workspace is None:
            self.notify("Still loading the banks…", severity="warning")
            return
        try:
            session = StudySession(self.workspace, mode=mode, filters=filters, keys=keys,
                                   seed=self.options.seed, timer=self.options.timer, variant_seed=variant_seed,
                                   second_try=self.options.second_try)
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        if session.finished:
            session.close()
            empty = {"today": self.workspace.nothing_to_study(filters, hint="n on the home screen"),
                     "cram": "No cards to cram with this filter.",
                     "mistakes": "No mistakes in the last 7 days. Well done.",
                     "drill": "Nothing to drill.",
                     "preview": "Nothing to preview."}
            self.notify(empty.get(mode, "Nothing to study."), title="All done")
            return
        self.push_screen(StudyScreen(session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "help":
            from textual.command import CommandPalette

            # typing "?" into the command palette's search stays typing
            return not isinstance(self.screen, CommandPalette)
        return True

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self.screen).__name__))

    # -- shutting down ------------------------------------------------------------------

    def on_unmount(self) -> None:
        self._end_gc_pause()
        if self._watcher is not None:
            self._watcher.stop()
        for screen in self.screen_stack:
            close = getattr(screen, "close_session", None)
            if close is not None:
                close()
        if self.engine is not None:
            self.engine.remove_status_listener(self._engine_changed)
            if self._own_engine:
                self.engine.close()
        if self.workspace is not None:
            self.workspace.close()


def build_app(
    db_path: Path,
    *,
    bank_paths: tuple[Path, ...] | list[Path] = (),
    **options: Any,
) -> QuizApp:
    """The app, ready to `run()` (the CLI) or `run_test()` (the tests). See `AppOptions`."""
    return QuizApp(AppOptions(db_path=Path(db_path), bank_paths=tuple(Path(p) for p in bank_paths), **options))
