"""The exam plans applied to the store: the scope's cards, today's choice, the queue, the outlook.

Today's choice is computed from the cards' states at the start of the study day (a card
answered today is put back as its first answer today found it, from the log's ``prev_*``
columns), so it stays the same all day, in every window, and answering a planned card only
removes it from what is left.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import date, datetime, timedelta

from quizapp.progress.days import StudyCalendar
from quizapp.progress.exam_plan import (
    DEFAULT_NEW_COST,
    DEFAULT_SECONDS_PER_ANSWER,
    RETURN_DAYS,
    DaySelection,
    ExamPlanOutlook,
    Feasibility,
    PlanCard,
    PlanConfig,
    Planner,
    gap_for,
)
from quizapp.progress.models import QueueFilter
from quizapp.progress.plans_store import ExamPlanSpec
from quizapp.progress.queue import filter_sql
from quizapp.progress.reviewing import memory_from_row
from quizapp.progress.scheduler import CardPhase, Scheduler, StudySettings, dt_to_ms

_NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)"


def seconds_per_answer(conn: sqlite3.Connection) -> float:
    """The student's own time per answer: the median of their last 500 timed answers
    (DEFAULT_SECONDS_PER_ANSWER before there are 20)."""
    rows = [d for (d,) in conn.execute(
        "SELECT duration_ms FROM review_log r WHERE event = 'answer' AND duration_ms > 0"
        f" AND {_NOT_UNDONE} ORDER BY id DESC LIMIT 500")]
    if len(rows) < 20:
        return DEFAULT_SECONDS_PER_ANSWER
    rows.sort()
    return min(120.0, max(2.0, rows[len(rows) // 2] / 1000))


def answers_per_day(spec: ExamPlanSpec, settings: StudySettings, seconds: float) -> float:
    """The plan's daily budget in answers. Without one: the user's daily limits (reviews, and
    the new cards with their learning steps)."""
    if spec.budget_kind == "answers" and spec.budget_value:
        return float(spec.budget_value)
    if spec.budget_kind == "minutes" and spec.budget_value:
        return max(1.0, spec.budget_value * 60 / seconds)
    return float(settings.reviews_per_day + DEFAULT_NEW_COST * settings.new_per_day)


def card_seconds(conn: sqlite3.Connection, scope: QueueFilter) -> dict[str, float]:
    """Mean seconds per answer of each card of the scope answered (timed) twice or more,
    each answer counted between 2 and 120 s (a card left on screen is not a slow card)."""
    where, params = filter_sql(scope)
    return {key: seconds for key, seconds in conn.execute(
        "SELECT c.key, avg(min(120.0, max(2.0, r.duration_ms / 1000.0))) FROM review_log r"
        " JOIN cards c ON c.id = r.card_id WHERE r.event = 'answer' AND r.duration_ms > 0"
        f" AND {_NOT_UNDONE} AND {where} GROUP BY r.card_id HAVING count(*) >= 2", params)}


def sessions(calendar: StudyCalendar, now: datetime, exam_at: datetime) -> list[tuple[date, datetime]]:
    """The study days left before the exam (today first; the exam's own day is not one unless
    the exam is today), each with the time its study is expected: now today, the same time
    of day afterwards."""
    today, exam_day = calendar.day_of(now), calendar.day_of(exam_at)
    if now >= exam_at:
        return []
    if exam_day <= today:
        return [(today, now)]
    offset = now - calendar.start_of(today)
    return [(today, now)] + [
        (today + timedelta(days=i), calendar.start_of(today + timedelta(days=i)) + offset)
        for i in range(1, (exam_day - today).days)
    ]


def _available(conn: sqlite3.Connection, now_ms: int, *, buried: bool = True) -> tuple[str, list]:
    """The condition that leaves out suspended (and buried) cards, once the store has them
    (columns `suspended`, `buried_until`); nothing before. Checked on the table itself so that
    plans honour those marks whichever lands first."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(cards)")}
    if "suspended" not in columns:
        return "", []
    if not buried or "buried_until" not in columns:
        return " AND c.suspended = 0", []
    return " AND c.suspended = 0 AND (c.buried_until IS NULL OR c.buried_until <= ?)", [now_ms]


def scope_cards(conn: sqlite3.Connection, scope: QueueFilter, day_start_ms: int) -> list[PlanCard]:
    """The scope's cards (hidden ones left out) as they stood at the start of the study day,
    new cards in the order they are introduced."""
    where, params = filter_sql(scope)
    start = {
        card_id: memory_from_row(*prev)
        for card_id, *prev in conn.execute(
            "SELECT r.card_id, r.prev_state, r.prev_step, r.prev_stability, r.prev_difficulty,"
            " r.prev_due, r.prev_last_review FROM review_log r WHERE r.id IN ("
            "  SELECT min(id) FROM review_log r WHERE at >= ? AND event = 'answer'"
            f"  AND scheduled = 1 AND {_NOT_UNDONE} GROUP BY card_id)", (day_start_ms,))
    }
    cards = []
    suspended, _none = _available(conn, day_start_ms, buried=False)  # suspended: out of the plan
    for card_id, key, topic, *state in conn.execute(
        "SELECT c.id, c.key, c.topic, c.state, c.step, c.stability, c.difficulty, c.due,"
        f" c.last_review FROM cards c WHERE c.hidden = 0 AND {where}{suspended}"
        " ORDER BY c.state IS NOT NULL, c.ordinal, c.bank_id", params,
    ):
        memory = start.get(card_id) or memory_from_row(*state)
        cards.append(PlanCard(key, topic, memory))
    return cards


class PlanContext:
    """One exam's planner and its cards at the start of today."""

    def __init__(self, conn: sqlite3.Connection, spec: ExamPlanSpec, settings: StudySettings,
                 calendar: StudyCalendar, now: datetime, *, config: PlanConfig | None = None,
                 from_day_start: bool = True) -> None:
        """`from_day_start`: take the cards as they were at the start of the study day (today's
        choice, stable all day); False: as they are now (a forecast)."""
        day_start = calendar.start_of(calendar.day_of(now))
        self.spec = spec
        self.seconds = seconds_per_answer(conn)
        budget = answers_per_day(spec, settings, self.seconds)
        # The gap before the exam is fixed from the day the exam was declared.
        declared = min(calendar.day_of(spec.created_at), calendar.day_of(now))
        span = (calendar.day_of(spec.exam_at) - declared).days
        self.config = config or PlanConfig(
            answers_per_day=budget, easy_days=frozenset(spec.easy_days), gap_days=gap_for(span),
            mid_retention=min(0.85, settings.desired_retention),
            # Without a budget of their own, the user's daily limits are not an invitation to
            # start every card at once.
            fill_new=spec.budget_kind is not None,
        )
        self.cards = scope_cards(conn, spec.scope, dt_to_ms(day_start) if from_day_start
                                 else dt_to_ms(now) + 1)
        # The plan's expectations: no fuzz (fsrs's fuzz is random; the plan spreads days itself).
        from quizapp.records import replace

        self.scheduler = Scheduler(replace(settings, fuzz=False))
        self.planner = Planner(self.scheduler, self.config, spec.exam_at,
                               sessions(calendar, now, spec.exam_at))
        self._conn = conn
        # Today's choice is made from the day's start: as if nothing were answered yet.
        if self.planner.sessions and from_day_start:
            self.planner.sessions[0] = max(day_start, min(now, self.planner.sessions[0]))

    def _timed(self) -> None:
        """Load each card's time per answer (only when a plan is made: it reads the log)."""
        if not self.planner.card_seconds:
            self.planner.card_seconds = card_seconds(self._conn, self.spec.scope)
            typical = sorted(self.planner.card_seconds.values())
            self.planner.typical_seconds = typical[len(typical) // 2] if typical else 1.0

    def today(self) -> DaySelection | None:
        if not self.planner.sessions:
            return None
        self._timed()
        return self.planner.select(self.cards)

    def outlook(self) -> ExamPlanOutlook:
        self._timed()
        return self.planner.outlook(self.cards)

    def feasibility(self) -> Feasibility:
        """Whether the budget covers the scope (cheap: no plan is followed)."""
        unseen = sum(c.memory.is_new for c in self.cards)
        reviewing = sum(c.memory.phase == CardPhase.Review
                        and self.planner.recall_at_exam(c.memory) < self.config.exam_goal
                        for c in self.cards)
        return self.planner.feasibility(unseen, reviewing)

    def cache_key(self) -> tuple:
        return (self.spec, self.config, len(self.cards), tuple(self.planner.days[:1]),
                self.scheduler.settings.parameters)


def planned_queue(
    conn: sqlite3.Connection, normal: list[str], filters: QueueFilter,
    selections: list[tuple[ExamPlanSpec, DaySelection]], *, now_ms: int, day_start_ms: int,
) -> list[str]:
    """Today's queue when exams are being revised for: learning steps due now, the plans'
    reviews and new cards not yet done today, then the usual queue (`normal`) without the
    plans' other cards (due or new: the plans decide when those come)."""
    where, params = filter_sql(filters)
    shown, shown_params = _available(conn, now_ms)
    where, params = where + shown, [*params, *shown_params]
    learning = [k for (k,) in conn.execute(
        f"SELECT c.key FROM cards c WHERE c.hidden = 0 AND {where} AND c.state IN (?, ?)"
        " AND c.due <= ? ORDER BY c.due",
        [*params, int(CardPhase.Learning), int(CardPhase.Relearning), now_ms])]
    planned_reviews = [k for _spec, sel in selections for k in sel.reviews]
    planned_new = [k for _spec, sel in selections for k in sel.new]
    wanted = set(planned_reviews) | set(planned_new)
    states = _states(conn, wanted, where, params)
    keys = list(learning)
    keys += [k for k in planned_reviews if k in states
             and states[k][0] == CardPhase.Review and (states[k][1] or 0) < day_start_ms]
    keys += [k for k in planned_new if k in states and states[k][0] is None]
    governed = _in_scope_not_learning(conn, [spec.scope for spec, _sel in selections])
    keys += [k for k in normal if k not in governed]
    return list(dict.fromkeys(keys))  # each card once, where it first comes


def _states(conn: sqlite3.Connection, keys: set[str], where: str, params: list) -> dict[str, tuple]:
    """(state, last_review) of `keys` that pass the condition `where` and are not hidden."""
    if not keys:
        return {}
    out: dict[str, tuple] = {}
    listed = sorted(keys)
    for i in range(0, len(listed), 500):
        chunk = listed[i:i + 500]
        for key, state, last in conn.execute(
            f"SELECT c.key, c.state, c.last_review FROM cards c WHERE c.hidden = 0 AND {where}"
            f" AND c.key IN ({','.join('?' * len(chunk))})", [*params, *chunk]):
            out[key] = (CardPhase(state) if state is not None else None, last)
    return out


def _in_scope_not_learning(conn: sqlite3.Connection, scopes: list[QueueFilter]) -> set[str]:
    keys: set[str] = set()
    for scope in scopes:
        where, params = filter_sql(scope)
        keys |= {k for (k,) in conn.execute(
            f"SELECT c.key FROM cards c WHERE {where} AND (c.state IS NULL OR c.state = ?)",
            [*params, int(CardPhase.Review)])}
    return keys


def held_back_after_exam(
    conn: sqlite3.Connection, spec: ExamPlanSpec, calendar: StudyCalendar, today: date,
) -> set[str]:
    """After the exam, the scope's cards that were overdue at it come back over RETURN_DAYS
    days, weakest first, instead of all on the day after: the keys still held back today.

    Each day lets in an even share of those left at its start (the ones answered today
    count as let in), so the return stays spread however much is studied on a day."""
    exam_day = calendar.day_of(spec.exam_at)
    if not exam_day <= today < exam_day + timedelta(days=RETURN_DAYS):
        return set()
    exam_ms = dt_to_ms(spec.exam_at)
    day_start_ms = dt_to_ms(calendar.start_of(today))
    where, params = filter_sql(spec.scope)
    # Weakest first: FSRS recall falls as elapsed days / stability grows (see queue.cram).
    waiting = [k for (k,) in conn.execute(
        f"SELECT c.key FROM cards c WHERE c.hidden = 0 AND {where} AND c.state = ? AND c.due < ?"
        " AND c.last_review < ? ORDER BY"
        " CAST(max(0, ? - c.last_review) / 86400000 AS REAL) / c.stability DESC, c.ordinal",
        [*params, int(CardPhase.Review), exam_ms, exam_ms, exam_ms])]
    if not waiting:
        return set()
    answered_today = conn.execute(
        "SELECT count(*) FROM review_log r JOIN cards c ON c.id = r.card_id WHERE r.id IN ("
        "  SELECT min(id) FROM review_log r WHERE at >= ? AND event = 'answer' AND scheduled = 1"
        f"  AND {_NOT_UNDONE} GROUP BY card_id)"
        f" AND r.prev_state = ? AND r.prev_due < ? AND r.prev_last_review < ? AND {where}",
        [day_start_ms, int(CardPhase.Review), exam_ms, exam_ms, *params]).fetchone()[0]
    days_left = RETURN_DAYS - (today - exam_day).days
    share = math.ceil((len(waiting) + answered_today) / days_left)
    return set(waiting[max(0, share - answered_today):])
