"""`ProgressStore`: the one object the app talks to about progress.

It owns the SQLite connection, the clock, the time zone and the study settings, and hands
each request to the module that knows it (reviewing, queue, exams, stats). Screens call
this API only: no SQL and no scheduling maths outside `quizapp.progress`.

Importing this module is cheap: sqlite-utils is loaded only to create or migrate the schema
and to sync cards, fsrs only when something is scheduled.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Concatenate, Iterable, ParamSpec, TypeVar

from quizapp.cards import CardInfo
from quizapp.errors import QuizappError
from quizapp.plural import plural
from quizapp.progress import card_actions, cards_sync, queue, reviewing, schema
from quizapp.progress.days import StudyCalendar
from quizapp.progress.models import (
    ALL,
    AnswerResult,
    CardState,
    DeckCount,
    QueueFilter,
    SyncReport,
    UndoResult,
)
from quizapp.progress.scheduler import Rating, Scheduler, StudySettings, dt_to_ms, ms_to_dt
from quizapp.progress.sqlite_layer import write_transaction

if TYPE_CHECKING:  # exams, statistics and fitting are imported when first used
    from quizapp.progress.exam_plan import DaySelection, ExamPlanOutlook, Feasibility
    from quizapp.progress.optimize import OptimizeResult
    from quizapp.progress.plans_store import ExamPlanSpec
    from quizapp.progress.reports import ExamConfig, ExamReport, Stats, TopicForecast
    from quizapp.progress.retention import RetentionRow

Clock = Callable[[], datetime]
P = ParamSpec("P")
R = TypeVar("R")

_SETTINGS_KEY = "study_settings"
_STUDY_MORE_KEY = "study_more"


def _system_clock() -> datetime:
    return datetime.now(timezone.utc)


def _locked(method: Callable[Concatenate[ProgressStore, P], R]) -> Callable[Concatenate[ProgressStore, P], R]:
    # One connection, possibly used from a UI thread and a worker thread: one call at a time.
    @functools.wraps(method)
    def wrapper(store: ProgressStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with store._lock:
            return method(store, *args, **kwargs)

    return wrapper


class ProgressStore:
    """Cards' schedules, the review log, exams and settings in one SQLite file."""

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

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        clock: Clock | None = None,
        settings: StudySettings | None = None,
        tz: tzinfo | None = None,
    ) -> ProgressStore:
        """Open the progress DB at `path`, creating it (and its folders) if missing.

        `clock` returns the current aware time (tests pin it). `settings` overrides the saved
        study settings for this session only (`save_settings` persists). `tz` is the time
        zone of study days (None: the system's). A file that is not a healthy quizapp DB
        raises `QuizappError` and is left untouched.
        """
        path = Path(path).expanduser()
        conn = schema.connect(path)
        return cls(conn, path, clock or _system_clock, settings, tz)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise QuizappError("the progress store is closed")
        return self._conn

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    # --- cards ----------------------------------------------------------------------------

    @_locked
    def sync_cards(self, cards: Iterable[CardInfo], *, banks: Iterable[str],
                   fingerprint: str | None = None) -> SyncReport:
        """Register the cards of `banks` in bank order (one transaction). Cards of these banks
        no longer present are hidden (history kept). `changed_answers` lists studied cards
        whose answer changed: offer `reset_card(key)` or `keep_progress(key)`.
        ``fingerprint`` (`LoadResult.fingerprint`) lets `synced_already` answer next time."""
        return cards_sync.sync_cards(self._db, cards, banks, self._now_ms(), fingerprint)

    @_locked
    def synced_already(self, fingerprint: str | None, banks: list[str]) -> int | None:
        """The card count when the last sync registered exactly these banks (nothing to sync);
        else None."""
        return cards_sync.already_synced(self._db, fingerprint, sorted(set(banks)))

    @_locked
    def reset_card(self, key: str) -> CardState:
        """Make a card new again (its past answers stay in the log)."""
        self._undo_stack.clear()
        return reviewing.reset(self._db, key, self._now_ms()).to_state()

    @_locked
    def keep_progress(self, key: str) -> None:
        """Keep a card's schedule although its answer changed (stops it being reported)."""
        cards_sync.keep_progress(self._db, key)

    @_locked
    def card_state(self, key: str) -> CardState:
        """The card's schedule as stored."""
        return reviewing.load_card(self._db, key).to_state()

    @_locked
    def replay(self, key: str, *, trust_logged_due: bool = True) -> CardState:
        """The card's schedule rebuilt from the log alone (must equal `card_state`)."""
        return reviewing.replay(
            self._db, self.scheduler, key, trust_logged_due=trust_logged_due
        ).to_state()

    @_locked
    def preview(self, key: str) -> dict[Rating, timedelta]:
        """The interval each rating would give now (shown on the grade keys)."""
        card = reviewing.load_card(self._db, key)
        return self.scheduler_for(key).preview(card.memory, self.now())

    @_locked
    def retrievability(self, key: str, at: datetime | None = None) -> float:
        """Predicted probability of recalling the card at `at` (default now); 0 if new."""
        card = reviewing.load_card(self._db, key)
        return self.scheduler.retrievability(card.memory, at or self.now())

    # --- answering --------------------------------------------------------------------------

    @_locked
    def answer(
        self,
        key: str,
        rating: Rating | int,
        *,
        answered_at: datetime | None = None,
        duration_ms: int | None = None,
        response: str | None = None,
        correct: bool | None = None,
        variant_seed: int | None = None,
        mode: str = "study",
        bury: Iterable[str] = (),
    ) -> AnswerResult:
        """Record an answer in one transaction, durable (fsynced) when this returns.

        `mode`: "study" moves the schedule; "cram" and "drill" are logged only. For
        auto-graded cards pass `rating_for(correct)` unless the user overrode it. `bury`:
        related cards to bury until tomorrow (a scheduled answer only). A card reaching the
        leech threshold is marked leech (and suspended if so set) in the same transaction.
        """
        at_ms = dt_to_ms(answered_at) if answered_at is not None else self._now_ms()
        settings = self.settings_for(key.split("/", 1)[0])
        marked: dict[str, Any] = {}

        def then(before: reviewing.CardRow, after: reviewing.CardRow, review_id: int) -> None:
            # Leech and buried related cards are marked in the answer's own transaction.
            ids: list[tuple[str, int]] = []
            if bury and reviewing.MODES[mode]:
                ids = card_actions.card_ids(self._db, [k for k in bury if k != key])
                if ids:
                    _start, end_ms = (dt_to_ms(t) for t in self.calendar.bounds(ms_to_dt(at_ms)))
                    marked["batch"] = card_actions.apply_in_transaction(
                        self._db, [i for _k, i in ids], "bury", at_ms, end_ms)
                    marked["buried"] = [k for k, _i in ids]
            leech_now = (after.lapses > before.lapses and after.lapses >= settings.leech_threshold
                         and not self._db.execute("SELECT leech FROM cards WHERE id = ?",
                                                  (after.id,)).fetchone()[0])
            if leech_now:
                batch = card_actions.apply_in_transaction(
                    self._db, [after.id], "leech", at_ms, batch=marked.get("batch"))
                if settings.leech_action == "suspend":
                    card_actions.apply_in_transaction(self._db, [after.id], "suspend", at_ms,
                                                      batch=batch)
                marked["batch"], marked["leech"] = batch, True

        review_id, before, after = reviewing.answer(
            self._db, self.scheduler_for(key), key, Rating(rating), at_ms,
            mode=mode, duration_ms=duration_ms, response=response, correct=correct,
            variant_seed=variant_seed, then=then,
        )
        self._undo_stack.append(review_id)
        if "batch" in marked:
            self._answer_batches[review_id] = marked["batch"]
        scheduled = reviewing.MODES[mode]
        return AnswerResult(
            leech=bool(marked.get("leech")),
            suspended=bool(marked.get("leech")) and settings.leech_action == "suspend",
            buried=list(marked.get("buried", [])),
            review_id=review_id,
            key=key,
            rating=Rating(rating),
            scheduled=scheduled,
            due=ms_to_dt(after.memory.due_ms) if scheduled else None,
            interval=reviewing.interval_of(at_ms, after.memory) if scheduled else None,
            card=after.to_state(),
        )

    @_locked
    def undo_last(self) -> UndoResult | None:
        """Undo this session's latest answer still standing; None if there is none."""
        if not self._undo_stack:
            return None
        review_id = self._undo_stack[-1]
        batch = self._answer_batches.get(review_id)
        with write_transaction(self._db):
            # One transaction: the answer and what it marked (leech, buried cards) go together.
            if batch is not None:
                card_actions.undo_batch_in_transaction(self._db, batch, self._now_ms())
            undo_id, card = reviewing.undo(self._db, review_id, self._now_ms())
        self._answer_batches.pop(review_id, None)
        self._undo_stack.pop()
        return UndoResult(undo_id=undo_id, undone_review_id=review_id, key=card.key,
                          card=card.to_state())

    # --- queues -----------------------------------------------------------------------------

    def _day_ms(self) -> tuple[int, int, int]:
        now = self._clock()
        start, end = self.calendar.bounds(now)
        return dt_to_ms(now), dt_to_ms(start), dt_to_ms(end)

    @_locked
    def today_queue(self, filters: QueueFilter = ALL, *, limit: int | None = None) -> list[str]:
        """Keys to study now: due learning cards, due reviews, new cards (within the daily
        limits), then learning cards due later today. While an exam is coming, its cards
        come as its plan says instead (see `exam_plans_today`); for a week after it, the cards
        it left overdue come back a share a day."""
        now_ms, start_ms, end_ms = self._day_ms()
        planned = self._plan_rows(now_ms)
        normal = queue.today_queue(self._db, self._settings, filters, now_ms=now_ms,
                                   day_start_ms=start_ms, day_end_ms=end_ms,
                                   limit=None if planned else limit,
                                   bank_settings=self._bank_settings,
                                   extra=self._study_more(start_ms))
        if not planned:
            return normal
        from quizapp.progress import planning

        today = self.calendar.day_of(self.now())
        held: set[str] = set()
        for spec in planned:
            held |= planning.held_back_after_exam(self._db, spec, self.calendar, today)
        normal = [k for k in normal if k not in held]
        selections = [(spec, sel) for spec, sel in self._selections(planned) if sel is not None]
        keys = (planning.planned_queue(self._db, normal, filters, selections, now_ms=now_ms,
                                       day_start_ms=start_ms) if selections else normal)
        # A plan picks from every card of its scope: suspended and buried ones stay out.
        away = {k for (k,) in self._db.execute(
            "SELECT key FROM cards WHERE suspended = 1 OR buried_until > ?", (now_ms,))}
        keys = [k for k in keys if k not in away]
        return keys if limit is None else keys[:limit]

    def _plan_rows(self, now_ms: int) -> list[ExamPlanSpec]:
        """Exams still ahead, or passed less than the return period ago (cheap when none)."""
        from quizapp.progress.exam_plan import RETURN_DAYS

        cutoff = now_ms - (RETURN_DAYS + 1) * 86_400_000
        if not self._db.execute("SELECT 1 FROM exam_plans WHERE exam_at > ? LIMIT 1",
                                (cutoff,)).fetchone():
            return []
        from quizapp.progress import plans_store

        return [p for p in plans_store.list_plans(self._db) if dt_to_ms(p.exam_at) > cutoff]

    def _selections(self, specs: list[ExamPlanSpec]) -> list[tuple[ExamPlanSpec, DaySelection | None]]:
        """Today's choice of each exam still ahead (computed once a day per exam)."""
        from quizapp.progress import planning

        now = self.now()
        out = []
        for spec in specs:
            if spec.exam_at <= now:
                continue
            context = planning.PlanContext(self._db, spec, self._settings, self.calendar, now)
            key = context.cache_key()
            if key not in self._plan_cache:
                self._plan_cache[key] = context.today()
            out.append((spec, self._plan_cache[key]))
        return out

    def _study_more(self, day_start_ms: int) -> queue.Extra:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (_STUDY_MORE_KEY,)).fetchone()
        if row is None:
            return queue.Extra()
        import json

        data = json.loads(row[0])
        if data.get("day") != day_start_ms:  # yesterday's extra cards are not today's
            return queue.Extra()
        return queue.Extra(new=int(data.get("new", 0)), ahead_days=int(data.get("ahead_days", 0)))

    @_locked
    def study_more(self, *, extra_new: int = 0, ahead_days: int = 0) -> queue.Extra:
        """Anki's custom study for today: `extra_new` new cards over the daily limit (added to
        any given earlier today) and reviews due in the next `ahead_days` days. Kept until
        the study day ends (a restart keeps it)."""
        import json

        if extra_new < 0 or ahead_days < 0 or extra_new > 9999 or ahead_days > 365:
            raise QuizappError("extra new cards must be 0–9999 and review-ahead days 0–365")
        _now, start_ms, _end = self._day_ms()
        with write_transaction(self._db):
            now = self._study_more(start_ms)
            extra = queue.Extra(new=now.new + extra_new, ahead_days=max(now.ahead_days, ahead_days))
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                " SET value = excluded.value",
                (_STUDY_MORE_KEY, json.dumps({"day": start_ms, "new": extra.new,
                                              "ahead_days": extra.ahead_days})),
            )
        return extra

    # --- card actions (browser) ---------------------------------------------------------

    @_locked
    def mark(self, keys: Iterable[str], action: str, value: int | str | None = None) -> int:
        """suspend / unsuspend / bury (until the study day ends) / unbury / flag (colour or
        0–7) / leech / unleech, on one or many cards in one transaction; undo with
        `undo_action`. Returns the batch number."""
        keys = list(keys)
        at_ms = self._now_ms()
        if action == "bury" and value is None:
            value = dt_to_ms(self.calendar.bounds(self._clock())[1])
        if action == "flag":
            value = card_actions.flag_number(value if value is not None else 0)
        assert not isinstance(value, str), "only a flag is given by name (its colour)"
        batch = card_actions.apply(self._db, keys, action, at_ms, value)
        self._action_stack.append(("marks", batch))
        return batch

    @_locked
    def reset_cards(self, keys: Iterable[str]) -> None:
        """Make cards new again (one undo step for all)."""
        ids = []
        for key in keys:
            reviewing.reset(self._db, key, self._now_ms())
            ids.append(self._db.execute("SELECT max(r.id) FROM review_log r JOIN cards c ON"
                                        " c.id = r.card_id WHERE c.key = ?", (key,)).fetchone()[0])
        self._undo_stack.clear()
        self._action_stack.append(("log", ids))

    @_locked
    def set_due(self, keys: Iterable[str], due: datetime) -> None:
        """Give studied cards a due date by hand (logged; one undo step for all)."""
        ids = [reviewing.set_due(self._db, key, dt_to_ms(due), self._now_ms())[0] for key in keys]
        self._action_stack.append(("log", ids))

    @_locked
    def undo_action(self) -> str | None:
        """Undo the latest browser action; a sentence saying what was undone, None if none."""
        if not self._action_stack:
            return None
        kind, what = self._action_stack[-1]
        if kind == "marks":
            keys = card_actions.undo_batch(self._db, what, self._now_ms())
        else:
            keys = [reviewing.undo_event(self._db, self.scheduler, i, self._now_ms()).key
                    for i in reversed(what)]
        self._action_stack.pop()
        return f"undone on {plural(len(keys), 'card')}"

    @_locked
    def browse(self, query: Any) -> tuple[list[Any], int]:
        """The card browser: one page of `BrowseQuery` matches and the total."""
        from quizapp.progress import browse

        return browse.browse(self._db, query, self._now_ms())

    @_locked
    def history(self, key: str) -> list[Any]:
        """A card's review log with the recall predicted before each answer."""
        from quizapp.progress import browse

        return browse.history(self._db, self.scheduler_for(key), key)

    @_locked
    def leeches(self, filters: QueueFilter = ALL) -> list[str]:
        """Keys of the cards marked leech, most lapses first (statistics list them)."""
        where, params = queue.filter_sql(filters)
        return [k for (k,) in self._db.execute(
            f"SELECT c.key FROM cards c WHERE c.hidden = 0 AND c.leech = 1 AND {where}"
            " ORDER BY c.lapses DESC, c.ordinal", params)]

    @_locked
    def marks(self, key: str) -> card_actions.Marks:
        """A card's suspend / bury / flag / leech marks."""
        return card_actions.marks_of(self._db, key)

    @_locked
    def replay_marks(self, key: str) -> card_actions.Marks:
        """The card's marks rebuilt from the action log alone (must equal `marks`)."""
        return card_actions.replay_marks(self._db, key)

    def next_card(self, filters: QueueFilter = ALL) -> str | None:
        """The first card of today's queue, or None when the day's study is done."""
        keys = self.today_queue(filters, limit=1)
        return keys[0] if keys else None

    @_locked
    def counts(self, filters: QueueFilter = ALL) -> list[DeckCount]:
        """Per bank and topic: due today, new, total (daily limits not applied)."""
        now_ms, _start, end_ms = self._day_ms()
        return queue.counts(self._db, filters, end_ms, now_ms)

    @_locked
    def cram(self, filters: QueueFilter = ALL, limit: int = 50, *,
             include_new: bool = True) -> list[str]:
        """Lowest predicted recall first (never-studied first); schedules untouched — answer
        these with mode="cram"."""
        return queue.cram(self._db, filters, now_ms=self._now_ms(), limit=limit,
                          include_new=include_new)

    @_locked
    def mistakes(self, since_days: int = 7, filters: QueueFilter = ALL,
                 limit: int | None = None) -> list[str]:
        """Cards failed in the last `since_days` (study, cram, drill or exam), latest first."""
        since = self._clock() - timedelta(days=since_days)
        return queue.mistakes(self._db, filters, since_ms=dt_to_ms(since), limit=limit)

    # --- exams --------------------------------------------------------------------------------

    @_locked
    def start_exam(self, config: ExamConfig) -> int:
        """Start an exam; returns its id."""
        from quizapp.progress import exams

        return exams.start_exam(self._db, config, self._now_ms())

    @_locked
    def record_exam_answer(self, exam_id: int, key: str, response: str | None,
                           correct: bool | None, duration_ms: int | None,
                           topic: str | None = None) -> int:
        """Store an exam answer (`correct` None: ungraded); the schedule is untouched."""
        from quizapp.progress import exams

        return exams.record_exam_answer(
            self._db, exam_id, key, response=response, correct=correct,
            duration_ms=duration_ms, topic=topic, now_ms=self._now_ms(),
        )

    @_locked
    def grade_exam_answer(self, exam_id: int, answer_id: int, correct: bool | None) -> None:
        """Grade a stored answer of an unfinished exam (the student's own grade of an open
        answer, which may change until the exam is finished)."""
        from quizapp.progress import exams

        exams.grade_exam_answer(self._db, exam_id, answer_id, correct)

    @_locked
    def finish_exam(self, exam_id: int, record_in_schedule: bool = False) -> ExamReport:
        """Close the exam and return its report; optionally let its answers move schedules."""
        from quizapp.progress import exams

        exams.finish_exam(self._db, self.scheduler, exam_id,
                          record_in_schedule=record_in_schedule, now_ms=self._now_ms())
        return exams.exam_report(self._db, exam_id)

    @_locked
    def exam_report(self, exam_id: int) -> ExamReport:
        """The report of an exam, finished or not."""
        from quizapp.progress import exams

        return exams.exam_report(self._db, exam_id)

    @_locked
    def exam_ids(self) -> list[int]:
        """Ids of all exams, newest first."""
        return [i for (i,) in self._db.execute("SELECT id FROM exams ORDER BY id DESC")]

    # --- exam plans -------------------------------------------------------------------------

    @_locked
    def add_exam_plan(self, name: str, exam_at: datetime, scope: QueueFilter = ALL, *,
                      budget_kind: str | None = None, budget_value: float | None = None,
                      easy_days: tuple[int, ...] = ()) -> ExamPlanSpec:
        """Declare an exam to revise toward (a date given as a day means 09:00 that day)."""
        from quizapp.progress import plans_store

        return plans_store.add_plan(self._db, name=name, exam_at=exam_at, scope=scope,
                                    budget_kind=budget_kind, budget_value=budget_value,
                                    easy_days=easy_days, now_ms=self._now_ms())

    @_locked
    def exam_plans(self) -> list[ExamPlanSpec]:
        """Every declared exam, soonest first (passed ones too, until removed)."""
        from quizapp.progress import plans_store

        return plans_store.list_plans(self._db)

    @_locked
    def exam_plan(self, which: int | str) -> ExamPlanSpec:
        """One exam, by id or name."""
        from quizapp.progress import plans_store

        return plans_store.get_plan(self._db, which)

    @_locked
    def remove_exam_plan(self, which: int | str) -> ExamPlanSpec:
        """Forget an exam; the cards go back to their usual schedule."""
        from quizapp.progress import plans_store

        self._plan_cache.clear()
        return plans_store.remove_plan(self._db, which)

    @_locked
    def exam_plans_today(self) -> list[tuple[ExamPlanSpec, DaySelection | None]]:
        """The exams still ahead with today's choice of cards (None: no study day left)."""
        return self._selections([p for p in self._plan_rows(self._now_ms())])

    @_locked
    def exam_plan_outlook(self, which: int | str) -> ExamPlanOutlook:
        """The plan to the exam day by day, and the expected score with it and without it
        (slow on large scopes: it follows the plan card by card)."""
        from quizapp.errors import QuizappError
        from quizapp.progress import planning, plans_store

        spec = plans_store.get_plan(self._db, which)
        if spec.exam_at <= self.now():
            raise QuizappError(f"the exam {spec.name!r} is over ({spec.exam_at:%Y-%m-%d %H:%M})")
        return planning.PlanContext(self._db, spec, self._settings, self.calendar,
                                    self.now()).outlook()

    @_locked
    def exam_plan_feasibility(self, which: int | str) -> Feasibility:
        """Whether the exam's budget covers its scope, and if not what would (cheap)."""
        from quizapp.progress import planning, plans_store

        spec = plans_store.get_plan(self._db, which)
        return planning.PlanContext(self._db, spec, self._settings, self.calendar,
                                    self.now()).feasibility()

    @_locked
    def seconds_per_answer(self) -> float:
        """The student's typical time per answer (a default before the log has enough)."""
        from quizapp.progress import planning

        return planning.seconds_per_answer(self._db)

    @_locked
    def retention_table(self, filters: QueueFilter = ALL) -> list[RetentionRow]:
        """Desired retention against daily workload for these cards (see progress.retention)."""
        from quizapp.progress import retention

        return retention.retention_table(self._db, self._settings, filters, now=self.now())

    @_locked
    def optimal_retention(self) -> float | None:
        """fsrs's `compute_optimal_retention` on the log (None below 512 timed answers).
        Slow: loads torch through fsrs's optimizer."""
        from quizapp.progress import retention

        return retention.optimizer_retention(self._db, self._settings)

    # --- statistics -------------------------------------------------------------------------

    @_locked
    def stats(self, days: int = 28, ahead: int = 14, filters: QueueFilter = ALL) -> Stats:
        """Today, answers per day for the last `days`, retention by topic, due per day ahead
        (of the cards `filters` keeps)."""
        from quizapp.progress import stats

        return stats.stats(self._db, self._settings, self.calendar, self._clock(),
                           days=days, ahead=ahead, filters=filters)

    @_locked
    def forecast(self, target_date: date | datetime, filters: QueueFilter = ALL,
                 target: float | None = None) -> list[TopicForecast]:
        """Readiness per topic at `target_date` (a date means the start of that study day):
        predicted recall without study, and the reviews that keep it ≥ `target` (default:
        the desired retention)."""
        from quizapp.progress import stats

        at = (target_date if isinstance(target_date, datetime)
              else self.calendar.start_of(target_date))
        return stats.forecast(self._db, self._settings, filters, now=self.now(), at=at,
                              calendar=self.calendar, target=target)

    @_locked
    def fit_parameters(
        self, on_start: Callable[[int], None] | None = None
    ) -> OptimizeResult:
        """Fit personal FSRS parameters to the review log (slow: torch). Apply them with
        `save_settings(settings.with_changes(parameters=result.parameters))`."""
        from quizapp.progress import optimize

        return optimize.fit_parameters(self._db, self._settings, on_start)

    @_locked
    def review_log_lines(self, student: str) -> list[str]:
        """The review log as anonymised JSON lines (header first) for `export --reviews`."""
        from quizapp.progress import review_export

        return list(review_export.review_lines(self._db, student))

    @_locked
    def integrity_check(self) -> str:
        """SQLite's own verdict on the file ("ok" when healthy)."""
        return "; ".join(r[0] for r in self._db.execute("PRAGMA integrity_check"))

