"""`ProgressStore`'s statistics and what is computed from the whole log: retention table,
forecasts, fitted parameters, the exported log, the file's integrity. Each imports its module
when first used (some load torch)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Callable

from quizapp.progress.models import ALL, QueueFilter
from quizapp.progress.store_core import StoreCore, _locked

if TYPE_CHECKING:  # statistics and fitting are imported when first used
    from quizapp.progress.optimize import OptimizeResult
    from quizapp.progress.reports import Stats, TopicForecast
    from quizapp.progress.retention import RetentionRow


class Statistics(StoreCore):
    """Reads over the whole log: statistics, forecasts, retention, parameters, export."""

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
