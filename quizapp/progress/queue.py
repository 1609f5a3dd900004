"""Which cards to show: today's queue, per-deck counts, cram, mistakes, exam picks.

Nothing here changes a schedule. All times are epoch milliseconds UTC, as stored.
"""

from __future__ import annotations

import sqlite3

from quizapp.progress.models import DeckCount, QueueFilter
from quizapp.progress.scheduler import CardPhase, StudySettings
from quizapp.records import Record


def filter_sql(filters: QueueFilter, alias: str = "c") -> tuple[str, list]:
    """An SQL condition (always safe to AND) and its parameters for a queue filter."""
    parts: list[str] = ["1"]
    params: list[str] = []
    if filters.banks:
        parts.append(f"{alias}.bank_id IN ({','.join('?' * len(filters.banks))})")
        params += filters.banks
    if filters.topics:
        parts.append(f"{alias}.topic IN ({','.join('?' * len(filters.topics))})")
        params += filters.topics
    if filters.tags:
        parts.append(
            f"EXISTS (SELECT 1 FROM json_each({alias}.tags) WHERE value IN"
            f" ({','.join('?' * len(filters.tags))}))"
        )
        params += filters.tags
    return " AND ".join(parts), params


class DoneToday(Record, frozen=True):
    """What today's limits have already used: reviews of Review cards, new cards started."""

    reviews: int
    new: int
    answers: int


def done_today(conn: sqlite3.Connection, day_start_ms: int) -> DoneToday:
    """Count today's scheduled answers that still stand (undone ones are not counted)."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(prev_state = ?), 0), coalesce(sum(prev_state IS NULL), 0)"
        " FROM review_log r WHERE at >= ? AND event = 'answer' AND scheduled = 1"
        " AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)",
        (int(CardPhase.Review), day_start_ms),
    ).fetchone()
    return DoneToday(reviews=row[1], new=row[2], answers=row[0])


class Extra(Record, frozen=True):
    """Today's "study more": new cards over the limit, and days of reviews to take ahead."""

    new: int = 0
    ahead_days: int = 0


def available_sql(alias: str = "c") -> str:
    """Cards that may be shown now: not suspended, not buried (`:now` bound by the caller as
    the first parameter after the filter's)."""
    return (f"{alias}.suspended = 0 AND ({alias}.buried_until IS NULL"
            f" OR {alias}.buried_until <= ?)")


def done_by_bank(conn: sqlite3.Connection, day_start_ms: int) -> dict[str, DoneToday]:
    """`done_today` per bank (only needed when some bank has its own limits)."""
    rows = conn.execute(
        "SELECT c.bank_id, count(*), coalesce(sum(prev_state = ?), 0),"
        " coalesce(sum(prev_state IS NULL), 0) FROM review_log r JOIN cards c ON c.id = r.card_id"
        " WHERE at >= ? AND event = 'answer' AND scheduled = 1"
        " AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id) GROUP BY c.bank_id",
        (int(CardPhase.Review), day_start_ms),
    ).fetchall()
    return {b: DoneToday(reviews=rv, new=nw, answers=n) for b, n, rv, nw in rows}


def today_queue(
    conn: sqlite3.Connection,
    settings: StudySettings,
    filters: QueueFilter,
    *,
    now_ms: int,
    day_start_ms: int,
    day_end_ms: int,
    limit: int | None = None,
    bank_settings: dict[str, StudySettings] | None = None,
    extra: Extra = Extra(),
) -> list[str]:
    """Card keys to study now, in order (suspended and buried cards never).

    1. learning/relearning cards due now (short steps: they come back within the session);
    2. Review cards due today, most overdue first, up to what `reviews_per_day` still allows
       (then, with "review ahead", those due in the next `extra.ahead_days` days);
    3. new cards in bank order, up to what `new_per_day` (+ `extra.new`) still allows;
    4. learning/relearning cards due later today (shown early when nothing else is left).

    `bank_settings` holds the banks with limits of their own: both their limit and the
    global one apply (as Anki's deck presets under the whole collection).
    """
    where, params = filter_sql(filters)
    where += " AND " + available_sql()
    params = [*params, now_ms]
    done = done_today(conn, day_start_ms)
    reviews_left = max(0, settings.reviews_per_day - done.reviews)
    new_left = max(0, settings.new_per_day + extra.new - done.new)
    learning = (int(CardPhase.Learning), int(CardPhase.Relearning))
    keys: list[str] = []
    per_bank = bank_settings or {}
    bank_done = done_by_bank(conn, day_start_ms) if per_bank else {}

    def room_of(allowed: int | None) -> int | None:
        room = allowed  # None: no daily limit on this part
        if limit is not None:
            room = limit - len(keys) if room is None else min(room, limit - len(keys))
        return room

    def take(sql: str, args: list, allowed: int | None) -> None:
        room = room_of(allowed)
        if room is not None and room <= 0:
            return
        keys.extend(k for (k,) in conn.execute(f"{sql} LIMIT ?", [*args, room or -1]))

    def take_per_bank(sql: str, args: list, allowed: int, what: str) -> None:
        """Like `take`, counting each bank with limits of its own against them too."""
        room = room_of(allowed)
        if room is not None and room <= 0:
            return
        left: dict[str, int] = {}
        for bank, s in per_bank.items():
            d = bank_done.get(bank, DoneToday(reviews=0, new=0, answers=0))
            left[bank] = (max(0, s.new_per_day + extra.new - d.new) if what == "new"
                          else max(0, s.reviews_per_day - d.reviews))
        taken = 0
        for key, bank in conn.execute(sql.replace("SELECT c.key", "SELECT c.key, c.bank_id"), args):
            if room is not None and taken >= room:
                break
            if bank in left:
                if left[bank] <= 0:
                    continue
                left[bank] -= 1
            keys.append(key)
            taken += 1

    base = f"SELECT c.key FROM cards c WHERE c.hidden = 0 AND {where} AND "
    take(base + "c.state IN (?, ?) AND c.due <= ? ORDER BY c.due",
         [*params, *learning, now_ms], None)
    reviews_sql = base + "c.state = ? AND c.due < ? ORDER BY c.due"
    reviews_args = [*params, int(CardPhase.Review), day_end_ms]
    new_sql = base + "c.state IS NULL ORDER BY c.ordinal, c.bank_id"
    if per_bank:
        take_per_bank(reviews_sql, reviews_args, reviews_left, "reviews")
    else:
        take(reviews_sql, reviews_args, reviews_left)
    if extra.ahead_days > 0:
        take(base + "c.state = ? AND c.due >= ? AND c.due < ? ORDER BY c.due",
             [*params, int(CardPhase.Review), day_end_ms,
              day_end_ms + extra.ahead_days * 86_400_000], None)
    if per_bank:
        take_per_bank(new_sql, list(params), new_left, "new")
    else:
        take(new_sql, params, new_left)
    take(base + "c.state IN (?, ?) AND c.due > ? AND c.due < ? ORDER BY c.due",
         [*params, *learning, now_ms, day_end_ms], None)
    return keys


def counts(conn: sqlite3.Connection, filters: QueueFilter, day_end_ms: int,
           now_ms: int | None = None) -> list[DeckCount]:
    """Due today / never studied / all cards per bank and topic (daily limits not applied;
    suspended and buried cards are neither due nor new, but count in the total)."""
    where, params = filter_sql(filters)
    now_ms = day_end_ms if now_ms is None else now_ms
    shown = "suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)"
    rows = conn.execute(
        f"SELECT bank_id, topic, coalesce(sum(state IS NOT NULL AND due < ? AND {shown}), 0),"
        f" coalesce(sum(state IS NULL AND {shown}), 0), count(*) FROM cards c"
        f" WHERE hidden = 0 AND {where} GROUP BY bank_id, topic ORDER BY bank_id, topic",
        [day_end_ms, now_ms, now_ms, *params],
    ).fetchall()
    return [DeckCount(*row) for row in rows]


def cram(
    conn: sqlite3.Connection, filters: QueueFilter, *, now_ms: int, limit: int,
    include_new: bool = True,
) -> list[str]:
    """Cards with the lowest predicted recall first (never-studied cards count as 0).

    FSRS retrievability falls as whole elapsed days / stability grows (the curve is the same
    for every card), so ordering by that ratio orders by predicted recall, in SQL.
    """
    where, params = filter_sql(filters)
    new_rank = "" if include_new else " AND c.state IS NOT NULL"
    new_rank += " AND c.suspended = 0"
    rows = conn.execute(
        f"SELECT c.key FROM cards c WHERE c.hidden = 0 AND {where}{new_rank} ORDER BY"
        " c.state IS NOT NULL,"
        " CAST(max(0, ? - c.last_review) / 86400000 AS REAL) / c.stability DESC,"
        " c.ordinal, c.bank_id LIMIT ?",
        [*params, now_ms, limit],
    ).fetchall()
    return [k for (k,) in rows]


def mistakes(
    conn: sqlite3.Connection, filters: QueueFilter, *, since_ms: int, limit: int | None = None
) -> list[str]:
    """Cards failed since `since_ms` (Again in any mode, or wrong in an exam), latest first."""
    where, params = filter_sql(filters)
    rows = conn.execute(
        "WITH failed(card_id, at) AS ("
        "  SELECT card_id, at FROM review_log r WHERE at >= ? AND event = 'answer'"
        "  AND rating = 1 AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)"
        "  UNION ALL SELECT card_id, answered_at FROM exam_answers"
        "  WHERE answered_at >= ? AND correct = 0)"
        " SELECT c.key FROM failed f JOIN cards c ON c.id = f.card_id"
        f" WHERE c.hidden = 0 AND {where} GROUP BY c.id ORDER BY max(f.at) DESC LIMIT ?",
        [since_ms, since_ms, *params, -1 if limit is None else limit],
    ).fetchall()
    return [k for (k,) in rows]
