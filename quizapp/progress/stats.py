"""Numbers about the user's study: today, the past weeks, the coming days, readiness.

Day boundaries are study days (local time, rollover hour), so these functions take the
calendar and do the day bucketing in Python after fetching only the rows they need.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from datetime import date, datetime, timedelta

from quizapp.progress.days import StudyCalendar
from quizapp.progress.models import ALL, QueueFilter
from quizapp.progress.queue import done_today, filter_sql
from quizapp.progress.reports import DayCount, Stats, TopicForecast, TopicRetention
from quizapp.progress.scheduler import (
    CardPhase,
    Rating,
    StudySettings,
    dt_to_ms,
)

_NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)"


def _day_starts(calendar: StudyCalendar, first: date, count: int) -> list[int]:
    """Epoch ms of the starts of `count` + 1 consecutive study days from `first`."""
    return [dt_to_ms(calendar.start_of(first + timedelta(days=i))) for i in range(count + 1)]


def stats(
    conn: sqlite3.Connection, settings: StudySettings, calendar: StudyCalendar, now: datetime,
    *, days: int = 28, ahead: int = 14, filters: QueueFilter = ALL,
) -> Stats:
    """Today, answers per day over the last `days`, retention by topic, due per day ahead —
    of the cards `filters` keeps (the app passes the banks it has loaded, so that a bank
    studied once and gone since is not counted, as it is not on the home screen). Today's
    new-card allowance stays the user's daily limit, whichever banks used it."""
    where, params = filter_sql(filters)
    today = calendar.day_of(now)
    past = _day_starts(calendar, today - timedelta(days=days - 1), days)
    coming = _day_starts(calendar, today, ahead)
    day_start = past[-2]

    per_day = [[0, 0, 0] for _ in range(days)]
    for at, rating, scheduled in conn.execute(
        "SELECT r.at, r.rating, r.scheduled FROM review_log r JOIN cards c ON c.id = r.card_id"
        f" WHERE r.at >= ? AND r.at < ? AND r.event = 'answer' AND {_NOT_UNDONE} AND {where}",
        (past[0], past[-1], *params),
    ):
        bucket = per_day[bisect_right(past, at) - 1]
        bucket[0] += 1
        bucket[1] += rating == Rating.Again
        bucket[2] += not scheduled

    retention = [
        TopicRetention(topic, n, ok)
        for topic, n, ok in conn.execute(
            "SELECT c.topic, count(*), sum(r.rating > 1) FROM review_log r"
            " JOIN cards c ON c.id = r.card_id WHERE r.at >= ? AND r.event = 'answer'"
            f" AND r.scheduled = 1 AND r.prev_state = ? AND {_NOT_UNDONE} AND {where}"
            " GROUP BY c.topic ORDER BY c.topic", (past[0], int(CardPhase.Review), *params),
        )
    ]

    due_per_day = [0] * ahead
    for (due,) in conn.execute(
        f"SELECT c.due FROM cards c WHERE c.hidden = 0 AND c.state IS NOT NULL AND c.due < ? AND {where}",
        (coming[-1], *params),
    ):
        due_per_day[max(0, bisect_right(coming, due) - 1)] += 1  # overdue counts for today

    total, new, learning, review, hidden = conn.execute(
        "SELECT count(*), coalesce(sum(hidden = 0 AND state IS NULL), 0),"
        " coalesce(sum(hidden = 0 AND state IN (1, 3)), 0),"
        f" coalesce(sum(hidden = 0 AND state = 2), 0), coalesce(sum(hidden), 0) FROM cards c WHERE {where}",
        params,
    ).fetchone()
    done = done_today(conn, day_start)
    return Stats(
        today=today,
        due_today=due_per_day[0] if ahead else 0,
        new_today=min(new, max(0, settings.new_per_day - done.new)),
        reviewed_today=per_day[-1][0],
        cards=total - hidden,
        cards_new=new,
        cards_learning=learning,
        cards_review=review,
        cards_hidden=hidden,
        reviews_per_day=[
            DayCount(today - timedelta(days=days - 1 - i), n, again, practice)
            for i, (n, again, practice) in enumerate(per_day)
        ],
        retention_by_topic=retention,
        due_per_day=[(today + timedelta(days=i), n) for i, n in enumerate(due_per_day)],
    )


def forecast(
    conn: sqlite3.Connection, settings: StudySettings, filters: QueueFilter, *,
    now: datetime, at: datetime, calendar: StudyCalendar, target: float | None = None,
) -> list[TopicForecast]:
    """Readiness per topic at `at`: a view of the exam plan (`progress.exam_plan`) for an exam
    at `at` with no budget to speak of, whose reviews keep recall at or above `target`: predicted
    recall if idle, the answers the plan would take, and the recall they lead to."""
    from quizapp.progress.exam_plan import PlanConfig, gap_for
    from quizapp.progress.planning import PlanContext
    from quizapp.progress.plans_store import ExamPlanSpec

    target = settings.desired_retention if target is None else target
    spec = ExamPlanSpec(id=0, name="forecast", exam_at=at, scope=filters, budget_kind=None,
                        budget_value=None, easy_days=(), created_at=now)
    span = (calendar.day_of(at) - calendar.day_of(now)).days
    config = PlanConfig(answers_per_day=10_000, mid_retention=target, exam_goal=target,
                        fill_new=False, gap_days=gap_for(span))
    context = PlanContext(conn, spec, settings, calendar, now, config=config,
                          from_day_start=False)
    outlook = context.outlook() if at > now else None
    if outlook is None:  # the date is now: nothing left to plan
        idle = {c.key: context.planner.recall_at_exam(c.memory) for c in context.cards}
        topics: dict[str, list] = {}
        for c in context.cards:
            acc = topics.setdefault(c.topic, [0, 0, 0.0])
            acc[0] += 1
            acc[1] += c.memory.is_new
            acc[2] += idle[c.key]
        return [TopicForecast(topic=t, cards=n, new=u, target=target, recall_if_idle=r / n,
                              reviews_needed=0, recall_with_reviews=r / n)
                for t, (n, u, r) in sorted(topics.items())]
    return [
        TopicForecast(topic=t.topic, cards=t.cards, new=t.unseen, target=target,
                      recall_if_idle=t.idle, reviews_needed=outlook.answers_by_topic.get(t.topic, 0),
                      recall_with_reviews=t.planned)
        for t in outlook.topics
    ]
