"""What every part of `ProgressStore` stands on: the connection, the clock, the settings.

`StoreCore` owns the SQLite connection (one call at a time, see `_locked`), the clock, the
time zone of study days and the study settings (global and per bank, with their schedulers).
The mixins beside it (`store_answers`, `store_queues`, `store_card_actions`, `store_exams`,
`store_stats`) add the requests; `store.ProgressStore` puts them together.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Concatenate, ParamSpec, TypeVar

from quizapp.errors import QuizappError
from quizapp.progress import reviewing
from quizapp.progress.days import StudyCalendar
from quizapp.progress.scheduler import Scheduler, StudySettings, dt_to_ms, ms_to_dt
from quizapp.progress.sqlite_layer import write_transaction

if TYPE_CHECKING:  # exam plans are imported when first used
    from quizapp.progress.exam_plan import DaySelection

Clock = Callable[[], datetime]
P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="StoreCore")

_SETTINGS_KEY = "study_settings"


def _system_clock() -> datetime:
    return datetime.now(timezone.utc)


def _locked(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    # One connection, possibly used from a UI thread and a worker thread: one call at a time.
    @functools.wraps(method)
    def wrapper(store: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with store._lock:
            return method(store, *args, **kwargs)

    return wrapper


class StoreCore:
    """The connection, clock, time zone and settings that every request of the store uses."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock,
                 settings: StudySettings | None, tz: tzinfo | None) -> None:
        """Use `ProgressStore.open`."""
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self.path = path
        self._clock = clock
        self._tz = tz
        self._undo_stack: list[int] = []
        # What an answer marked in its transaction (leech, related cards buried): undone with it.
        self._answer_batches: dict[int, int] = {}
        # Browser actions, latest last: ("marks", batch) or ("log", [review_log ids]).
        self._action_stack: list[tuple[str, Any]] = []
        self.config_problems: list[str] = []
        self._bank_settings: dict[str, StudySettings] = {}
        self._schedulers: dict[str, Scheduler] = {}
        # Given settings (tests, one session) stand in for the saved ones; the settings
        # file applies over the saved ones at once, and over given ones when reloaded.
        self._base_settings = settings
        if settings is not None:
            self._settings = settings
        else:
            self._settings = self._load_settings()
            self._apply_config()
        self._scheduler: Scheduler | None = None
        self._plan_cache: dict[tuple, DaySelection | None] = {}

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise QuizappError("the progress store is closed")
        return self._conn

    # --- time and settings -------------------------------------------------------------

    def now(self) -> datetime:
        """The store's clock, as an aware UTC datetime truncated to the millisecond (what the
        DB keeps, so that replaying the log gives back exactly the stored state)."""
        return ms_to_dt(dt_to_ms(self._clock()))

    def _now_ms(self) -> int:
        return dt_to_ms(self._clock())

    @property
    def calendar(self) -> StudyCalendar:
        """Study days in the store's time zone with the settings' rollover hour."""
        return StudyCalendar(self._settings.rollover_hour, self._tz)

    @property
    def settings(self) -> StudySettings:
        """The study settings in force."""
        return self._settings

    @property
    def scheduler(self) -> Scheduler:
        """The FSRS scheduler for the settings in force (built on first use)."""
        if self._scheduler is None:
            self._scheduler = Scheduler(self._settings)
        return self._scheduler

    def _load_settings(self) -> StudySettings:
        row = self._db.execute(
            "SELECT value FROM meta WHERE key = ?", (_SETTINGS_KEY,)
        ).fetchone()
        return StudySettings.from_json(row[0]) if row else StudySettings()

    def _apply_config(self) -> None:
        """The settings file over the saved settings (FSRS parameters stay those saved)."""
        from quizapp.config import load_config

        config = load_config()
        self.config_problems = list(config.problems)
        try:
            self._settings = self._settings.with_changes(**config.study_changes())
        except QuizappError as exc:
            self.config_problems.append(f"{config.path}: {exc}; using the defaults")
        self._bank_settings = {}
        for bank in config.banks:
            try:
                self._bank_settings[bank] = self._settings.with_changes(**config.study_changes(bank))
            except QuizappError as exc:
                self.config_problems.append(f"{config.path}: bank {bank}: {exc}")

    @_locked
    def reload_config(self) -> list[str]:
        """Read the settings file again (after `quizapp config set` or the settings screen);
        returns its problems."""
        self._settings = self._base_settings or self._load_settings()
        self._apply_config()
        self._scheduler = None
        self._schedulers = {}
        return self.config_problems

    @property
    def banks_with_settings(self) -> tuple[str, ...]:
        """The bank ids the settings file has a table of values for."""
        return tuple(self._bank_settings)

    def settings_for(self, bank_id: str) -> StudySettings:
        """The settings of one bank: its overrides over the global ones."""
        return self._bank_settings.get(bank_id, self._settings)

    def scheduler_for(self, key: str) -> Scheduler:
        """The scheduler of the card's bank (its own desired retention and steps)."""
        bank = key.split("/", 1)[0]
        if bank not in self._bank_settings:
            return self.scheduler
        if bank not in self._schedulers:
            self._schedulers[bank] = Scheduler(self._bank_settings[bank])
        return self._schedulers[bank]

    @_locked
    def save_settings(self, settings: StudySettings) -> None:
        """Persist `settings` and use them. New FSRS parameters recompute every studied
        card's memory state from the log (due dates already given stay)."""
        old = self._settings
        with write_transaction(self._db):
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                " SET value = excluded.value", (_SETTINGS_KEY, settings.to_json()),
            )
        self._settings, self._scheduler = settings, None
        if settings.parameters != old.parameters:
            reviewing.rebuild_all(self._db, self.scheduler)
            self._undo_stack.clear()  # the states saved with older answers no longer apply

    def _day_ms(self) -> tuple[int, int, int]:
        now = self._clock()
        start, end = self.calendar.bounds(now)
        return dt_to_ms(now), dt_to_ms(start), dt_to_ms(end)
