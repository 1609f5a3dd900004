"""Answer, undo, reset and replay: every change to a card's schedule goes through the log.

Each function is one transaction. The log row is written first and the card row is its
consequence, so `replay` (log → state) must always give back what the card row holds.
Raw SQL on purpose: this is the hot path (answer → next card), measured in bench/progress.py.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Callable

from quizapp.errors import QuizappError
from quizapp.progress.models import CardState
from quizapp.progress.scheduler import (
    NEW,
    CardPhase,
    MemoryState,
    Rating,
    Scheduler,
    ms_to_dt,
)
from quizapp.progress.sqlite_layer import insert_row, write_transaction
from quizapp.records import Record, replace

# Which answering modes move the schedule. Cram and drill are practice: logged, but the
# long-term schedule is left alone (exams are recorded through the exam API).
MODES: dict[str, bool] = {"study": True, "cram": False, "drill": False}

_STATE_NAMES = {None: "new", 1: "learning", 2: "review", 3: "relearning"}
_CARD_COLUMNS = (
    "id, key, state, step, stability, difficulty, due, last_review, reps, lapses, hidden,"
    " topic, bank_id, last_review_id"
)


class CardRow(Record, frozen=True):
    """One row of `cards`, as the reviewing code needs it."""

    id: int
    key: str
    memory: MemoryState
    reps: int
    lapses: int
    hidden: bool
    topic: str
    bank_id: str
    last_review_id: int | None

    def to_state(self) -> CardState:
        m = self.memory
        return CardState(
            key=self.key,
            state=_STATE_NAMES[int(m.phase) if m.phase is not None else None],
            due=ms_to_dt(m.due_ms),
            last_review=ms_to_dt(m.last_review_ms),
            stability=m.stability,
            difficulty=m.difficulty,
            step=m.step,
            reps=self.reps,
            lapses=self.lapses,
            hidden=self.hidden,
            topic=self.topic,
            bank_id=self.bank_id,
        )


def memory_from_row(
    state: int | None, step: int | None, stability: float | None, difficulty: float | None,
    due: int | None, last_review: int | None,
) -> MemoryState:
    """The memory state stored in a row's six scheduling columns."""
    if state is None:
        return NEW
    return MemoryState(CardPhase(state), step, stability, difficulty, due, last_review)


def load_card(conn: sqlite3.Connection, key: str) -> CardRow:
    """The card with this key; a clear error if the store has never seen it."""
    row = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise QuizappError(f"no card {key!r} in the progress store (is its bank loaded?)")
    return _card_row(row)


def _card_row(row: tuple) -> CardRow:
    return CardRow(
        id=row[0], key=row[1], memory=memory_from_row(*row[2:8]), reps=row[8], lapses=row[9],
        hidden=bool(row[10]), topic=row[11], bank_id=row[12], last_review_id=row[13],
    )


def write_memory(
    conn: sqlite3.Connection, card_id: int, m: MemoryState, *, reps: int, lapses: int,
    last_review_id: int | None, extra_sql: str = "",
) -> None:
    conn.execute(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
        f" last_review = ?, reps = ?, lapses = ?, last_review_id = ?{extra_sql} WHERE id = ?",
        (int(m.phase) if m.phase is not None else None, m.step, m.stability, m.difficulty,
         m.due_ms, m.last_review_ms, reps, lapses, last_review_id, card_id),
    )


def prev_columns(m: MemoryState) -> tuple:
    return (int(m.phase) if m.phase is not None else None, m.step, m.stability, m.difficulty,
            m.due_ms, m.last_review_ms)


LOG_INSERT = (
    "INSERT INTO review_log (card_id, event, at, rating, mode, scheduled, duration_ms, response,"
    " correct, variant_seed, due, prev_state, prev_step, prev_stability, prev_difficulty,"
    " prev_due, prev_last_review, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?)"
)


def is_lapse(before: MemoryState, rating: Rating) -> bool:
    """Forgetting a card that had graduated to Review counts as a lapse (as in Anki)."""
    return before.phase == CardPhase.Review and rating == Rating.Again


def log_answer(
    conn: sqlite3.Connection,
    scheduler: Scheduler,
    card: CardRow,
    rating: Rating,
    at_ms: int,
    *,
    mode: str,
    scheduled: bool,
    duration_ms: int | None = None,
    response: str | None = None,
    correct: bool | None = None,
    variant_seed: int | None = None,
) -> tuple[int, CardRow]:
    """Inside a transaction: log an answer and, if `scheduled`, move the card. Returns
    (log id, card after)."""
    after_memory = card.memory
    if scheduled:
        after_memory = scheduler.review(card.memory, rating, ms_to_dt(at_ms))
    review_id = insert_row(
        conn, LOG_INSERT,
        (card.id, "answer", at_ms, int(rating), mode, int(scheduled), duration_ms, response,
         None if correct is None else int(correct), variant_seed,
         after_memory.due_ms if scheduled else None, *prev_columns(card.memory), None),
    )
    if not scheduled:
        return review_id, card
    after = replace(
        card, memory=after_memory, reps=card.reps + 1,
        lapses=card.lapses + is_lapse(card.memory, rating), last_review_id=review_id,
    )
    # Studying the card after its answer changed settles the "answer changed" question.
    write_memory(conn, card.id, after.memory, reps=after.reps, lapses=after.lapses,
                 last_review_id=review_id, extra_sql=", reviewed_hash = answer_hash")
    return review_id, after


def answer(
    conn: sqlite3.Connection,
    scheduler: Scheduler,
    key: str,
    rating: Rating,
    at_ms: int,
    *,
    mode: str,
    duration_ms: int | None,
    response: str | None,
    correct: bool | None,
    variant_seed: int | None,
    then: Callable[[CardRow, CardRow, int], None] | None = None,
) -> tuple[int, CardRow, CardRow]:
    """One answer, one transaction. Returns (log id, card before, card after)."""
    if mode not in MODES:
        raise ValueError(f"unknown answering mode {mode!r}; one of {sorted(MODES)}")
    rating = Rating(rating)
    with write_transaction(conn):
        before = load_card(conn, key)
        review_id, after = log_answer(
            conn, scheduler, before, rating, at_ms, mode=mode, scheduled=MODES[mode],
            duration_ms=duration_ms, response=response, correct=correct,
            variant_seed=variant_seed,
        )
        if then is not None:  # marks that follow from this answer, in the same transaction
            then(before, after, review_id)
    return review_id, before, after


def undo(conn: sqlite3.Connection, review_id: int, at_ms: int) -> tuple[int, CardRow]:
    """Undo one answer: log the undo and put the card back exactly as it was before it."""
    with write_transaction(conn):
        row = conn.execute(
            "SELECT card_id, rating, scheduled, prev_state, prev_step, prev_stability,"
            " prev_difficulty, prev_due, prev_last_review FROM review_log"
            " WHERE id = ? AND event = 'answer'", (review_id,),
        ).fetchone()
        if row is None:
            raise QuizappError(f"there is no answer {review_id} to undo")
        if conn.execute("SELECT 1 FROM review_log WHERE undoes = ?", (review_id,)).fetchone():
            raise QuizappError("that answer was already undone")
        card_id, rating, scheduled = row[0], Rating(row[1]), bool(row[2])
        key = conn.execute("SELECT key FROM cards WHERE id = ?", (card_id,)).fetchone()[0]
        current = load_card(conn, key)
        later = conn.execute(
            "SELECT 1 FROM review_log r WHERE card_id = ? AND id > ? AND event IN ('reset',"
            " 'set_due') AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)",
            (card_id, review_id),
        ).fetchone()
        if scheduled and (current.last_review_id != review_id or later):
            raise QuizappError(
                f"{key} was answered or reset again after that answer (perhaps in another "
                "window); only the card's latest answer can be undone"
            )
        undo_id = insert_row(
            conn, LOG_INSERT,
            (card_id, "undo", at_ms, None, None, 0, None, None, None, None, None,
             *prev_columns(current.memory), review_id),
        )
        restored = current
        if scheduled:
            previous = memory_from_row(*row[3:9])
            restored = replace(
                current, memory=previous, reps=current.reps - 1,
                lapses=current.lapses - is_lapse(previous, rating),
                last_review_id=_latest_effective_answer(conn, card_id, before_id=review_id),
            )
            write_memory(conn, card_id, previous, reps=restored.reps, lapses=restored.lapses,
                          last_review_id=restored.last_review_id)
    return undo_id, restored


def _latest_effective_answer(conn: sqlite3.Connection, card_id: int, before_id: int) -> int | None:
    """The latest scheduled, not undone answer before `before_id` since the last reset."""
    row = conn.execute(
        "SELECT max(id) FROM review_log r WHERE card_id = ? AND id < ? AND event = 'answer'"
        " AND scheduled = 1 AND id > coalesce((SELECT max(id) FROM review_log WHERE"
        " card_id = ? AND event = 'reset'), 0)"
        " AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id)",
        (card_id, before_id, card_id),
    ).fetchone()
    return row[0]


def reset(conn: sqlite3.Connection, key: str, at_ms: int) -> CardRow:
    """Forget a card's schedule (its history stays in the log): it is new again."""
    with write_transaction(conn):
        card = load_card(conn, key)
        conn.execute(
            LOG_INSERT,
            (card.id, "reset", at_ms, None, None, 0, None, None, None, None, None,
             *prev_columns(card.memory), None),
        )
        write_memory(conn, card.id, NEW, reps=0, lapses=0, last_review_id=None,
                      extra_sql=", reviewed_hash = answer_hash")
        return replace(card, memory=NEW, reps=0, lapses=0, last_review_id=None)


def set_due(conn: sqlite3.Connection, key: str, due_ms: int, at_ms: int) -> tuple[int, CardRow]:
    """Move a studied card's due date by hand (logged: replay keeps it; undo takes it back)."""
    with write_transaction(conn):
        card = load_card(conn, key)
        if card.memory.is_new:
            raise QuizappError(f"{key} is new: it has no due date until it is first studied")
        row_id = insert_row(
            conn, LOG_INSERT,
            (card.id, "set_due", at_ms, None, None, 0, None, None, None, None, due_ms,
             *prev_columns(card.memory), None),
        )
        after = replace(card, memory=replace(card.memory, due_ms=due_ms))
        write_memory(conn, card.id, after.memory, reps=card.reps, lapses=card.lapses,
                     last_review_id=card.last_review_id)
        return row_id, after


def undo_event(conn: sqlite3.Connection, scheduler: Scheduler, log_id: int, at_ms: int) -> CardRow:
    """Undo a reset or a set due date: log the undo, then the card is what the log says."""
    with write_transaction(conn):
        row = conn.execute("SELECT card_id, event FROM review_log WHERE id = ?", (log_id,)).fetchone()
        if row is None or row[1] not in ("reset", "set_due"):
            raise QuizappError(f"there is no reset or due-date change {log_id} to undo")
        if conn.execute("SELECT 1 FROM review_log WHERE undoes = ?", (log_id,)).fetchone():
            raise QuizappError("that change was already undone")
        key = conn.execute("SELECT key FROM cards WHERE id = ?", (row[0],)).fetchone()[0]
        current = load_card(conn, key)
        if conn.execute("SELECT 1 FROM review_log r WHERE card_id = ? AND id > ? AND event != 'undo'"
                        " AND scheduled = 1 OR (card_id = ? AND id > ? AND event IN ('reset', 'set_due')"
                        " AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = r.id))",
                        (row[0], log_id, row[0], log_id)).fetchone():
            raise QuizappError(f"{key} was studied or changed again since; it cannot be undone")
        conn.execute(LOG_INSERT, (row[0], "undo", at_ms, None, None, 0, None, None, None, None,
                                  None, *prev_columns(current.memory), log_id))
        after = replay(conn, scheduler, key)
        write_memory(conn, after.id, after.memory, reps=after.reps, lapses=after.lapses,
                     last_review_id=after.last_review_id)
        return after


def replay(
    conn: sqlite3.Connection, scheduler: Scheduler, key: str, *, trust_logged_due: bool = True
) -> CardRow:
    """Rebuild a card's state from the log alone.

    The due date of each answer is taken from the log (`trust_logged_due`) because the fuzz
    FSRS adds to intervals is random; with fuzzing off, `trust_logged_due=False` recomputes
    the due dates too, and must give the same result.
    """
    card = load_card(conn, key)
    rows = conn.execute(
        "SELECT id, event, at, rating, scheduled, due, undoes FROM review_log"
        " WHERE card_id = ? ORDER BY id", (card.id,),
    ).fetchall()
    return replay_rows(card, rows, scheduler, trust_logged_due=trust_logged_due)


def replay_rows(
    card: CardRow, rows: list[tuple], scheduler: Scheduler, *, trust_logged_due: bool = True
) -> CardRow:
    """`replay` on already-fetched log rows (id, event, at, rating, scheduled, due, undoes)."""
    undone = {r[6] for r in rows if r[1] == "undo"}
    resets = [i for i, r in enumerate(rows) if r[1] == "reset" and r[0] not in undone]
    memory, reps, lapses, last_id = NEW, 0, 0, None
    for rid, event, at, rating, scheduled, due, _ in rows[resets[-1] + 1 if resets else 0:]:
        if event == "set_due" and rid not in undone and not memory.is_new:
            memory = replace(memory, due_ms=due)  # a due date set by hand (browser)
            continue
        if event != "answer" or not scheduled or rid in undone:
            continue
        rating = Rating(rating)
        after = scheduler.review(memory, rating, ms_to_dt(at), fuzz=False)
        if trust_logged_due:
            after = replace(after, due_ms=due)
        lapses += is_lapse(memory, rating)
        memory, reps, last_id = after, reps + 1, rid
    return replace(card, memory=memory, reps=reps, lapses=lapses, last_review_id=last_id)


def interval_of(before_ms: int, after: MemoryState) -> timedelta | None:
    """How long until the card is due again, counted from the answer."""
    if after.due_ms is None:
        return None
    return timedelta(milliseconds=after.due_ms - before_ms)


def rebuild_all(conn: sqlite3.Connection, scheduler: Scheduler) -> int:
    """Recompute every studied card's memory state from the log with `scheduler` (after new
    FSRS parameters); due dates stay those the log recorded. One transaction; returns cards."""
    from itertools import groupby

    with write_transaction(conn):
        cards = {
            row[0]: _card_row(row)
            for row in conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE state IS NOT NULL")
        }
        rows = conn.execute(
            "SELECT card_id, id, event, at, rating, scheduled, due, undoes FROM review_log"
            " ORDER BY card_id, id"
        ).fetchall()  # fetched first: the loop below writes to the same connection
        for card_id, group in groupby(rows, key=lambda r: r[0]):
            card = cards.get(card_id)
            if card is None:
                continue
            after = replay_rows(card, [r[1:] for r in group], scheduler)
            write_memory(conn, card_id, after.memory, reps=after.reps, lapses=after.lapses,
                         last_review_id=after.last_review_id)
        return len(cards)
