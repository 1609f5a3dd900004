"""`ProgressStore`'s queues: what to study now (with exam plans), custom study for today,
cram, recent mistakes, leeches and the per-deck counts."""

from __future__ import annotations

from datetime import timedelta

from quizapp.errors import QuizappError
from quizapp.progress import queue
from quizapp.progress.models import ALL, DeckCount, QueueFilter
from quizapp.progress.scheduler import dt_to_ms
from quizapp.progress.sqlite_layer import write_transaction
from quizapp.progress.store_core import _locked
from quizapp.progress.store_exams import ExamsAndPlans

_STUDY_MORE_KEY = "study_more"


class Queues(ExamsAndPlans):
    """Choosing cards: today's queue (which follows the exam plans), cram and mistakes."""

    # --- queues -----------------------------------------------------------------------------

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

    @_locked
    def leeches(self, filters: QueueFilter = ALL) -> list[str]:
        """Keys of the cards marked leech, most lapses first (statistics list them)."""
        where, params = queue.filter_sql(filters)
        return [k for (k,) in self._db.execute(
            f"SELECT c.key FROM cards c WHERE c.hidden = 0 AND c.leech = 1 AND {where}"
            " ORDER BY c.lapses DESC, c.ordinal", params)]
