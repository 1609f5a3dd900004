"""The card browser's queries: full-text search (FTS5) over prompt, answer, explanation and
tags, filters by bank / topic / tag / state, sorts, and one card's review history.

Read-only. Times are epoch ms UTC as stored; `now_ms` decides what counts as buried.
"""

from __future__ import annotations

import re
import sqlite3

from quizapp.errors import QuizappError
from quizapp.progress.models import QueueFilter
from quizapp.progress.queue import filter_sql
from quizapp.progress.reviewing import memory_from_row
from quizapp.progress.scheduler import NEW, Rating, Scheduler, ms_to_dt
from quizapp.records import Record, field

COUNT_CAP = 1_000  # totals above it are shown as "1000+"
STATES = ("new", "learning", "review", "suspended", "buried", "flagged", "leech")
SORTS = ("order", "due", "lapses", "difficulty", "recall")
_COLUMNS = ("prompt", "answer", "explanation", "tags")
_STATE_SQL = {
    "new": "c.state IS NULL",
    "learning": "c.state IN (1, 3)",
    "review": "c.state = 2",
    "suspended": "c.suspended = 1",
    "buried": "c.buried_until > :now",
    "flagged": "c.flag > 0",
    "leech": "c.leech = 1",
}
_SORT_SQL = {
    "order": "c.ordinal, c.bank_id",
    "due": "c.due IS NULL, c.due, c.ordinal",
    "lapses": "c.lapses DESC, c.ordinal",
    "difficulty": "c.difficulty IS NULL, c.difficulty DESC, c.ordinal",
    # FSRS recall falls as elapsed days / stability grows (one curve for every card): the
    # lowest predicted recall first, never-studied cards last.
    "recall": "c.state IS NULL, CAST(max(0, :now - c.last_review) / 86400000 AS REAL)"
              " / c.stability DESC, c.ordinal",
}
_NAMES = {None: "new", 1: "learning", 2: "review", 3: "relearning"}


class BrowseQuery(Record, frozen=True):
    """What the browser asks: words to find, filters, states (any of), a sort, a page."""

    text: str = ""
    filters: QueueFilter = field(default_factory=QueueFilter)
    states: tuple[str, ...] = ()
    flag: int | None = None  # one flag colour only
    sort: str = "order"
    limit: int = 200
    offset: int = 0


class BrowseRow(Record, frozen=True):
    """One card as the browser lists it."""

    key: str
    title: str
    bank_id: str
    topic: str
    state: str
    due_ms: int | None
    lapses: int
    reps: int
    difficulty: float | None
    stability: float | None
    last_review_ms: int | None
    suspended: bool
    buried: bool
    flag: int
    leech: bool


class HistoryRow(Record, frozen=True):
    """One event of a card's review log, with what FSRS predicted at the time."""

    at_ms: int
    event: str  # answer / undo / reset / set_due
    rating: int | None
    mode: str | None
    interval_days: float | None  # until the due date this answer gave
    recall: float | None  # predicted recall just before this answer
    undone: bool
    response: str | None


def match_expression(text: str) -> str:
    """Words typed in the search box → an FTS5 query: every word must appear; the last one
    may be the start of a word (it is still being typed); ``answer:relu`` looks in one field."""
    found = [(c, w.strip(".")) for c, w in re.findall(r"(?:(\w+):)?([\w.]+)", text)]
    found = [(c, w) for c, w in found if w]
    terms = []
    for i, (column, word) in enumerate(found):
        if column and column not in _COLUMNS:
            raise QuizappError(f"no field {column!r} to search: one of {', '.join(_COLUMNS)}")
        # A whole word is one lookup; a prefix reads every word starting so (only the last).
        last = i == len(found) - 1 and not text.endswith(" ")
        quoted = '"' + word.replace('"', '""') + '"' + ("*" if last else "")
        terms.append(f"{column} : {quoted}" if column else quoted)
    return " AND ".join(terms)


def parse_search(text: str, sort: str = "order") -> BrowseQuery:
    """Anki's search words: ``bank:ID``, ``topic:NAME``, ``tag:NAME``, ``is:STATE`` (new,
    learning, review, suspended, buried, flagged, leech), ``flag:COLOUR``; the other words
    are searched in the cards' text (``answer:relu`` in one field)."""
    from quizapp.progress.card_actions import flag_number

    banks: list[str] = []
    topics: list[str] = []
    tags: list[str] = []
    states: list[str] = []
    flag = None
    words = []
    for token in text.split():
        name, _, value = token.partition(":")
        if value and name == "bank":
            banks.append(value)
        elif value and name == "topic":
            topics.append(value)
        elif value and name == "tag":
            tags.append(value)
        elif value and name == "is":
            if value not in _STATE_SQL:
                raise QuizappError(f"no card state {value!r}: is: takes one of {', '.join(STATES)}")
            states.append(value)
        elif value and name == "flag":
            flag = flag_number(value)
        else:
            words.append(token)
    return BrowseQuery(text=" ".join(words), filters=QueueFilter(tuple(banks), tuple(topics), tuple(tags)),
                       states=tuple(states), flag=flag, sort=sort)


def _where(query: BrowseQuery, now_ms: int) -> tuple[str, dict]:
    """The conditions on `cards c` (words excepted) and their named parameters."""
    for state in query.states:
        if state not in _STATE_SQL:
            raise QuizappError(f"no card state {state!r}: one of {', '.join(STATES)}")
    sql, params = filter_sql(query.filters)
    named: dict = {f"p{i}": v for i, v in enumerate(params)}
    for i in range(len(params)):
        sql = sql.replace("?", f":p{i}", 1)
    parts = ["c.hidden = 0", sql]
    if query.states:
        parts.append("(" + " OR ".join(_STATE_SQL[s] for s in query.states) + ")")
    if query.flag is not None:
        parts.append("c.flag = :flag")
        named["flag"] = query.flag
    named["now"] = now_ms
    return " AND ".join(parts), named


_ROW = ("c.key, c.title, c.bank_id, c.topic, c.state, c.due, c.lapses, c.reps, c.difficulty,"
        " c.stability, c.last_review, c.suspended, coalesce(c.buried_until > :now, 0), c.flag,"
        " c.leech")


# Sorts whose studied cards an index (or the studied-card index) gives in order: studied cards
# first (condition, order), then new cards in card order. Two queries, each reading only a page.
_STUDIED_FIRST = {
    "due": ("c.due >= 0", "c.due"),
    "difficulty": ("c.difficulty > 0", "c.difficulty DESC"),
    "recall": ("c.state IS NOT NULL", "CAST(max(0, :now - c.last_review) / 86400000 AS REAL)"
                                      " / c.stability DESC"),
}


def browse(conn: sqlite3.Connection, query: BrowseQuery, now_ms: int) -> tuple[list[BrowseRow], int]:
    """One page of matching cards, and how many match (counted up to `COUNT_CAP`)."""
    if query.sort not in _SORT_SQL:
        raise QuizappError(f"no sort {query.sort!r}: one of {', '.join(SORTS)}")
    where, params = _where(query, now_ms)
    match = match_expression(query.text)
    page = {**params, "limit": query.limit, "offset": query.offset}
    try:
        if match:
            params["match"] = page["match"] = match
            # FTS5 hands its matches out in rowid (= card id) order and can stop early: the
            # page of a search in card order, and its count, read only what they need.
            # CROSS JOIN keeps FTS the outer loop: with a state filter the planner would
            # otherwise walk the cards and run the full-text match once per card (seconds).
            streamed = (f"FROM cards_fts f CROSS JOIN cards c ON c.id = f.rowid"
                        f" WHERE cards_fts MATCH :match AND {where}")
            total = _count(conn, f"SELECT 1 {streamed}", params, -1, query)
            if query.sort == "order":
                rows = conn.execute(f"SELECT {_ROW} {streamed} ORDER BY f.rowid"
                                    " LIMIT :limit OFFSET :offset", page).fetchall()
                return _rows(rows), total
            # Sorted otherwise: the matches are a set each card is checked against (`+`: the
            # sort's index drives, not the set).
            where += " AND +c.id IN (SELECT rowid FROM cards_fts WHERE cards_fts MATCH :match)"
            rows = _sorted(conn, query, where, page)
            return _rows(rows), total
        rows = _sorted(conn, query, where, page)
        return _rows(rows), _count(conn, f"SELECT 1 FROM cards c WHERE {where}", params,
                                   len(rows), query)
    except sqlite3.OperationalError as exc:  # an FTS5 syntax corner we did not foresee
        raise QuizappError(f"cannot search for {query.text!r}: {exc}") from exc


def _sorted(conn: sqlite3.Connection, query: BrowseQuery, where: str, page: dict) -> list[tuple]:
    """A page in the query's sort order."""
    two_parts = _STUDIED_FIRST.get(query.sort)
    if two_parts is None or query.offset:
        return conn.execute(f"SELECT {_ROW} FROM cards c WHERE {where} ORDER BY "
                            f"{_SORT_SQL[query.sort]} LIMIT :limit OFFSET :offset", page).fetchall()
    condition, order = two_parts
    rows = conn.execute(f"SELECT {_ROW} FROM cards c WHERE {where} AND {condition}"
                        f" ORDER BY {order}, c.ordinal LIMIT :limit", page).fetchall()
    if len(rows) < query.limit:
        rows += conn.execute(f"SELECT {_ROW} FROM cards c WHERE {where} AND c.state IS NULL"
                             " ORDER BY c.ordinal LIMIT :rest",
                             {**page, "rest": query.limit - len(rows)}).fetchall()
    return rows


def _count(conn: sqlite3.Connection, select: str, params: dict, on_page: int,
           query: BrowseQuery) -> int:
    if 0 <= on_page < query.limit:
        return query.offset + on_page  # the whole of it is on this page
    # Counted up to a cap: "1000+" says enough, and costs a fraction of a full count.
    return conn.execute(f"SELECT count(*) FROM ({select} LIMIT {COUNT_CAP + 1})",
                        params).fetchone()[0]


def _rows(rows: list[tuple]) -> list[BrowseRow]:
    return [BrowseRow(r[0], r[1], r[2], r[3], _NAMES[r[4]], r[5], r[6], r[7], r[8], r[9], r[10],
                      bool(r[11]), bool(r[12]), r[13], bool(r[14])) for r in rows]


def history(conn: sqlite3.Connection, scheduler: Scheduler, key: str) -> list[HistoryRow]:
    """A card's log, oldest first, with the recall FSRS predicted before each answer (the
    state replayed from the log, as `reviewing.replay` does)."""
    card = conn.execute("SELECT id FROM cards WHERE key = ?", (key,)).fetchone()
    if card is None:
        raise QuizappError(f"no card {key!r} in the progress store")
    rows = conn.execute(
        "SELECT id, event, at, rating, mode, scheduled, due, undoes, response, prev_state,"
        " prev_step, prev_stability, prev_difficulty, prev_due, prev_last_review"
        " FROM review_log WHERE card_id = ? ORDER BY id", (card[0],),
    ).fetchall()
    undone = {r[7] for r in rows if r[1] == "undo"}
    out = []
    for rid, event, at, rating, mode, _scheduled, due, _undoes, response, *prev in rows:
        memory = memory_from_row(*prev) if prev[0] is not None else NEW
        recall = None
        if event == "answer" and memory is not NEW:
            recall = scheduler.retrievability(memory, ms_to_dt(at))
        interval = (due - at) / 86_400_000 if due is not None and event in ("answer", "set_due") else None
        out.append(HistoryRow(at, event, rating if rating is None else int(Rating(rating)), mode,
                              interval, recall, rid in undone, response))
    return out
