"""Everything a study front end works with, opened once: banks, progress, trust, the engine.

The TUI opens it in a worker thread (loading banks and syncing cards takes a few tens of
milliseconds); plain mode opens it directly. Sessions are built from it.
"""

from __future__ import annotations

import concurrent.futures
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.banks import Bank, LoadResult, Problem, load_banks
from quizapp.errors import QuizappError
from quizapp.records import Record, replace
from quizapp.study.catalog import Catalog
from quizapp.study.runs import PendingRun

if TYPE_CHECKING:
    from datetime import date

    from quizapp.progress import ProgressStore, QueueFilter, SyncReport
    from quizapp.progress.reports import Stats, TopicForecast
    from quizapp.snippets import SnippetEngine, SnippetJob, TrustStore


# Failures that would happen again with the same job: not worth re-running in a session.
LIMITS_NOT_RETRIED = ("time", "memory", "output", "crash")


class DeckRow(Record, frozen=True):
    """One line of the home screen: a bank's topic with its counts."""

    bank_id: str
    bank_title: str
    topic: str
    due: int
    new: int
    total: int


class ReloadReport(Record, frozen=True):
    """What a reload found: banks changed, cards new or gone, problems now."""

    changed: list[str]
    new_cards: int
    hidden: int
    problems: int
    broken: list[str]


class Workspace:
    """The loaded banks, the progress store, the trust approvals and (maybe) the engine.

    ``engine`` is None when bank code must not run at all (``--no-code``, some tests): every
    bank's code is then shown, not run.
    """

    def __init__(self, loaded: LoadResult, store: ProgressStore, sync: SyncReport,
                 engine: SnippetEngine | None = None, trust: TrustStore | None = None) -> None:
        self.loaded = loaded
        self.store = store
        self.sync = sync
        self.engine = engine
        self.trust = trust
        self.catalog = Catalog(loaded.banks)
        self._trusted: dict[str, bool] = {}
        self._failed_jobs: dict[str, Any] = {}
        self.runtime_problems: list[Problem] = []  # found while studying: variants whose code failed
        self.sources: tuple[tuple[Path, ...], bool, bool] = ((), False, False)  # set by open

    @classmethod
    def open(
        cls,
        db_path: Path,
        *,
        bank_paths: Iterable[Path] = (),
        include_shipped: bool = True,
        include_user: bool = True,
        engine: SnippetEngine | None = None,
        trust: TrustStore | None = None,
        clock: Any = None,
        settings: Any = None,
        tz: Any = None,
    ) -> Workspace:
        """Load the banks, open (or create) the progress DB and register the banks' cards.

        Raises `QuizappError` (with a message for the user) when the DB cannot be used.
        """
        from quizapp.progress import ProgressStore, SyncReport

        loaded = load_banks(list(bank_paths), include_shipped=include_shipped, include_user=include_user)
        store = ProgressStore.open(db_path, clock=clock, settings=settings, tz=tz)
        try:
            ids = [b.id for b in loaded.banks]
            total = store.synced_already(loaded.fingerprint, ids)
            if total is not None:  # the same banks as last time: their cards are registered
                sync = SyncReport(total=total)
            else:
                catalog_cards = [info for bank in loaded.banks for info in bank.cards()]
                sync = store.sync_cards(catalog_cards, banks=ids, fingerprint=loaded.fingerprint)
        except BaseException:
            store.close()
            raise
        if store.banks_with_settings:  # a table no bank uses: said with the settings' problems
            from quizapp.config import settings_path
            from quizapp.config.bank_ids import settings_problems

            store.config_problems.extend(settings_problems(
                store.banks_with_settings, [b.id for b in loaded.banks], settings_path()))
        if trust is None:
            from quizapp.snippets import TrustStore

            trust = TrustStore()
        workspace = cls(loaded, store, sync, engine, trust)
        workspace.sources = (tuple(Path(p) for p in bank_paths), include_shipped, include_user)
        return workspace

    def bank_roots(self) -> list[Path]:
        """The folders and files the banks were loaded from (what a watcher watches)."""
        return self.roots(*self.sources)

    @staticmethod
    def roots(given: Iterable[Path], shipped: bool, user: bool) -> list[Path]:
        """The folders and files `open` loads banks from, with these arguments."""
        from quizapp import paths

        roots = [Path(p) for p in given]
        if shipped:
            roots.append(paths.shipped_banks_dir())
        if user:
            roots.append(paths.user_banks_dir())
        return roots

    def reload(self) -> ReloadReport:
        """Load the banks again (after an edit), re-lint them, sync their cards, and forget
        which banks were trusted so that changed code is asked about again. The current
        card of a session keeps its question as it was until it is answered."""
        given, shipped, user = self.sources
        before = {b.id: b for b in self.banks}
        loaded = load_banks(list(given), include_shipped=shipped, include_user=user)
        sync = self.store.sync_cards([i for b in loaded.banks for i in b.cards()],
                                     banks=[b.id for b in loaded.banks], fingerprint=loaded.fingerprint)
        changed = [b.id for b in loaded.banks if b.id not in before
                   or before[b.id].questions != b.questions]
        self.loaded, self.sync = loaded, sync
        self.catalog = Catalog(loaded.banks)
        self._trusted.clear()
        self._failed_jobs.clear()
        self.runtime_problems = []  # found with the code as it was
        return ReloadReport(changed=changed, new_cards=len(sync.new), hidden=len(sync.hidden),
                            problems=len(loaded.problems), broken=list(loaded.broken_files))

    def close(self) -> None:
        """Close the store (the engine belongs to whoever started it)."""
        self.store.close()

    # -- banks and their problems -------------------------------------------------------

    @property
    def banks(self) -> list[Bank]:
        return self.loaded.banks

    @property
    def problems(self) -> list[Problem]:
        """Every problem found while loading, errors first."""
        return sorted([*self.loaded.problems, *self.runtime_problems],
                      key=lambda p: (p.severity != "error", p.path, p.line, p.col))

    def report_broken_variant(self, path: str, line: int, message: str) -> None:
        """A drawn variant's code failed and another was drawn: listed with the bank problems."""
        problem = Problem(path, line, 1, message, "warning", "broken-variant")
        if problem not in self.runtime_problems:
            self.runtime_problems.append(problem)

    @property
    def broken_files(self) -> list[str]:
        return self.loaded.broken_files

    # -- running bank code --------------------------------------------------------------

    def is_trusted(self, bank: Bank) -> bool:
        """Whether this bank's code may run (remembered for the session once asked)."""
        if bank.id not in self._trusted:
            self._trusted[bank.id] = bool(self.trust.is_trusted(bank)) if self.trust else bank.shipped
        return self._trusted[bank.id]

    def trust_bank(self, bank: Bank) -> None:
        """Approve this bank's code as it is now (stored in the user's data folder)."""
        if self.trust is not None:
            self.trust.trust(bank)
        self._trusted[bank.id] = True

    def untrusted_banks(self) -> list[Bank]:
        """Banks with code that will not run until the user trusts them (none when bank code
        is turned off altogether: then trusting changes nothing)."""
        if self.engine is None:
            return []
        return [b for b in self.banks if b.snippets() and not self.is_trusted(b)]

    def changed_snippets(self, bank: Bank) -> set[tuple[str, str | None, str]] | None:
        """Snippets (question id, statement id, role) new or changed since the user approved
        this bank's code; None when it was never approved."""
        if self.trust is None:
            return None
        return self.trust.changes(bank)

    def code_status(self, bank: Bank) -> tuple[bool, str]:
        """Whether this bank's code runs, and if not, why (in words for the student)."""
        if self.engine is None:
            return False, "running bank code is turned off"
        if not self.is_trusted(bank):
            return False, f"the bank “{bank.title}” is not trusted"
        # "stopped" is an engine not started yet: a job starts it. A closed one answers every
        # job with a failure, and the truth falls back to the declared answer.
        if self.engine.status.state == "unavailable":
            return False, f"the snippet engine is unavailable ({self.engine.status.message})"
        return True, ""

    def submit(self, job: SnippetJob) -> PendingRun | None:
        """Hand a job to the engine; None when there is no engine to take it.

        A job that hit a limit (time, memory, output, crash) earlier in this session is not
        run again — a looping snippet would otherwise cost its whole time limit at every
        showing of its card — and gives the same failure at once.
        """
        if self.engine is None:
            return None
        key = json.dumps(job.to_dict(), sort_keys=True, default=str)
        failed = self._failed_jobs.get(key)
        if failed is not None:
            future: concurrent.futures.Future = concurrent.futures.Future()
            future.set_result(failed)
            return PendingRun(future, job.time_limit)
        try:
            future = self.engine.submit(job)
        except Exception:  # noqa: BLE001 - last resort, the engine failed to take it: declared answers then
            return None
        future.add_done_callback(lambda f: self._remember_failure(key, f))
        return PendingRun(future, job.time_limit)

    def _remember_failure(self, key: str, future: concurrent.futures.Future) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        result = future.result()
        if not result.ok and result.limit in LIMITS_NOT_RETRIED:
            self._failed_jobs[key] = result

    # -- what the home screen shows -----------------------------------------------------

    def deck_rows(self, filters: QueueFilter | None = None) -> list[DeckRow]:
        """Counts per bank and topic, for the loaded banks only, in bank order."""
        from quizapp.progress import QueueFilter

        counts = {(c.bank_id, c.topic): c for c in self.store.counts(filters or QueueFilter())}
        rows = []
        for bank in self.banks:
            for topic in bank.topics:
                c = counts.get((bank.id, topic))
                if c is not None:
                    rows.append(DeckRow(bank.id, bank.title, topic, c.due, c.new, c.total))
        return rows

    def check_filters(self, filters: QueueFilter | None) -> None:
        """Raise `QuizappError` when ``filters`` name a bank, topic or tag that no loaded bank
        has: a typo (``--topic cnnn``) would otherwise look like "nothing to study"."""
        if filters is None:
            return
        known = {
            "bank": {b.id for b in self.banks},
            "topic": {t for b in self.banks for t in b.topics},
            "tag": {t for b in self.banks for q in b.questions for t in q.tags},
        }
        for what, asked in (("bank", filters.banks), ("topic", filters.topics), ("tag", filters.tags)):
            unknown = [name for name in asked if name not in known[what]]
            if unknown:
                import difflib

                names = sorted(known[what])
                close = difflib.get_close_matches(unknown[0], names, n=1)
                hint = f" — did you mean `{close[0]}`?" if close else ""
                shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "") or "none"
                raise QuizappError(f"no {what} `{unknown[0]}` in the loaded banks{hint} "
                                   f"({what}s: {shown})")

    def loaded_filter(self, filters: QueueFilter | None = None) -> QueueFilter:
        """``filters`` kept to the loaded banks: the progress DB also holds the cards of banks
        studied once and not loaded now (a file since removed, or given on the command line)."""
        from quizapp.progress import QueueFilter

        filters = filters or QueueFilter()
        if filters.banks or not self.banks:
            return filters
        return replace(filters, banks=tuple(b.id for b in self.banks))

    def stats(self, days: int = 28, ahead: int = 14, filters: QueueFilter | None = None) -> Stats:
        """The statistics of the loaded banks' cards (see `ProgressStore.stats`), topics
        named as every screen names them (`Catalog.topic_name`)."""
        stats = self.store.stats(days=days, ahead=ahead, filters=self.loaded_filter(filters))
        named = [replace(t, topic=self.catalog.topic_name(t.topic)) for t in stats.retention_by_topic]
        return replace(stats, retention_by_topic=named)

    def forecast(self, target_date: date, filters: QueueFilter | None = None) -> list[TopicForecast]:
        """Readiness per topic of the loaded banks' cards (see `ProgressStore.forecast`), topics
        named as every screen names them."""
        return [replace(f, topic=self.catalog.topic_name(f.topic))
                for f in self.store.forecast(target_date, self.loaded_filter(filters))]

    def nothing_to_study(self, filters: QueueFilter | None = None, *, hint: str = "") -> str:
        """Why today's queue is empty, and what more there is (Anki's custom study): new
        cards left over the daily limit are not "done" — say how to study them."""
        from quizapp.progress import QueueFilter

        rows = self.store.counts(self.loaded_filter(filters or QueueFilter()))
        new = sum(r.new for r in rows)
        limit = self.store.settings.new_per_day
        if new:
            how = hint or f"`quizapp study --extra-new {new}`"
            return (f"Nothing due now, and today's new cards ({limit}) are done; {new} more new "
                    f"card{'s' if new != 1 else ''} here — study more today with {how}.")
        return "Nothing to study now: no card is due and no new card is left here."

    def queue_keys(self, filters: QueueFilter | None = None) -> list[str]:
        """Today's queue, keeping only cards whose bank is loaded."""
        from quizapp.progress import QueueFilter

        return [k for k in self.store.today_queue(filters or QueueFilter()) if k in self.catalog]
