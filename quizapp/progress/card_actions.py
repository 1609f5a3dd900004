"""Suspend, bury, flag and leech marks: every change is a row of the append-only
`card_actions` log, and the four columns on `cards` are its consequence.

Each row keeps the card's marks as they were just before it, so undoing a batch puts them
back exactly; `replay_marks` rebuilds a card's marks from the log alone. One batch (one
action on one or many cards) is one transaction: a killed process leaves all or nothing,
and a second writer waits on the write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from quizapp.errors import QuizappError
from quizapp.progress.sqlite_layer import write_transaction
from quizapp.records import Record

# Flag colours, numbered as Anki numbers them (0: no flag).
FLAGS = {0: "none", 1: "red", 2: "orange", 3: "green", 4: "blue", 5: "pink", 6: "turquoise",
         7: "purple"}
_MARKS = ("suspended", "buried_until", "flag", "leech")
# action -> (column, fixed value or None when the caller gives it)
ACTIONS: dict[str, tuple[str, int | None]] = {
    "suspend": ("suspended", 1), "unsuspend": ("suspended", 0),
    "bury": ("buried_until", None), "unbury": ("buried_until", None),
    "flag": ("flag", None), "leech": ("leech", 1), "unleech": ("leech", 0),
}


class Marks(Record, frozen=True):
    """A card's marks (not its schedule)."""

    suspended: bool = False
    buried_until: int | None = None  # epoch ms; buried while now < buried_until
    flag: int = 0
    leech: bool = False


def flag_number(value: str | int) -> int:
    """A flag colour or number (0–7) → its number; a clear error otherwise."""
    if isinstance(value, int) or str(value).isdigit():
        number = int(value)
        if number in FLAGS:
            return number
    else:
        for number, name in FLAGS.items():
            if name == str(value).strip().lower():
                return number
    raise QuizappError(f"no flag {value!r}: one of {', '.join(FLAGS.values())} (or 0–7)")


def _marks(conn: sqlite3.Connection, card_id: int) -> tuple:
    return conn.execute(f"SELECT {', '.join(_MARKS)} FROM cards WHERE id = ?", (card_id,)).fetchone()


def card_ids(conn: sqlite3.Connection, keys: Iterable[str]) -> list[tuple[str, int]]:
    """(key, id) of each key, in the order given; a clear error for an unknown one."""
    out = []
    for key in keys:
        row = conn.execute("SELECT id FROM cards WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise QuizappError(f"no card {key!r} in the progress store (is its bank loaded?)")
        out.append((key, row[0]))
    return out


def apply_in_transaction(conn: sqlite3.Connection, ids: list[int], action: str, at_ms: int,
                         value: int | None = None, batch: int | None = None) -> int:
    """Inside a write transaction: log `action` on the cards `ids` and set their marks.
    Returns the batch number (a new one unless `batch` is given)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown card action {action!r}; one of {sorted(ACTIONS)}")
    column, fixed = ACTIONS[action]
    new_value = fixed if fixed is not None else value
    if action == "unbury":
        new_value = None
    if action == "flag":
        new_value = flag_number(value if value is not None else 0)
    if batch is None:
        batch = (conn.execute("SELECT coalesce(max(batch), 0) FROM card_actions").fetchone()[0]) + 1
    for card_id in ids:
        prev = _marks(conn, card_id)
        conn.execute(
            "INSERT INTO card_actions (batch, card_id, action, at, value, prev_suspended,"
            " prev_buried_until, prev_flag, prev_leech) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (batch, card_id, action, at_ms, new_value, *prev),
        )
        conn.execute(f"UPDATE cards SET {column} = ? WHERE id = ?", (new_value, card_id))
    return batch


def apply(conn: sqlite3.Connection, keys: Iterable[str], action: str, at_ms: int,
          value: int | None = None) -> int:
    """One action on one or many cards, one transaction; returns the batch number."""
    with write_transaction(conn):
        ids = [i for _k, i in card_ids(conn, keys)]
        return apply_in_transaction(conn, ids, action, at_ms, value)


def undo_batch(conn: sqlite3.Connection, batch: int, at_ms: int) -> list[str]:
    """Undo every action of a batch (latest first); returns the keys put back. Refused for a
    card that was marked again since (perhaps in another window)."""
    with write_transaction(conn):
        return undo_batch_in_transaction(conn, batch, at_ms)


def undo_batch_in_transaction(conn: sqlite3.Connection, batch: int, at_ms: int) -> list[str]:
    rows = conn.execute(
        "SELECT a.id, a.card_id, a.prev_suspended, a.prev_buried_until, a.prev_flag,"
        " a.prev_leech, c.key FROM card_actions a JOIN cards c ON c.id = a.card_id"
        " WHERE a.batch = ? AND a.action != 'undo' ORDER BY a.id DESC", (batch,),
    ).fetchall()
    if not rows:
        raise QuizappError(f"there is no card action {batch} to undo")
    new_batch = conn.execute("SELECT max(batch) FROM card_actions").fetchone()[0] + 1
    keys = []
    for action_id, card_id, *prev, key in rows:
        if conn.execute("SELECT 1 FROM card_actions WHERE undoes = ?", (action_id,)).fetchone():
            raise QuizappError("that action was already undone")
        later = conn.execute(
            "SELECT 1 FROM card_actions a WHERE card_id = ? AND id > ? AND action != 'undo'"
            " AND a.batch != ? AND NOT EXISTS (SELECT 1 FROM card_actions u WHERE u.undoes = a.id)",
            (card_id, action_id, batch),
        ).fetchone()
        if later:
            raise QuizappError(f"{key} was changed again since (perhaps in another window); "
                               "undo that first")
        conn.execute(
            "INSERT INTO card_actions (batch, card_id, action, at, value, prev_suspended,"
            " prev_buried_until, prev_flag, prev_leech, undoes) VALUES (?, ?, 'undo', ?, NULL,"
            " ?, ?, ?, ?, ?)", (new_batch, card_id, at_ms, *_marks(conn, card_id), action_id),
        )
        conn.execute("UPDATE cards SET suspended = ?, buried_until = ?, flag = ?, leech = ?"
                     " WHERE id = ?", (*prev, card_id))
        keys.append(key)
    return keys


def marks_of(conn: sqlite3.Connection, key: str) -> Marks:
    """A card's marks as stored."""
    row = conn.execute(f"SELECT {', '.join(_MARKS)} FROM cards WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise QuizappError(f"no card {key!r} in the progress store")
    return Marks(bool(row[0]), row[1], row[2], bool(row[3]))


def replay_marks(conn: sqlite3.Connection, key: str) -> Marks:
    """A card's marks rebuilt from the action log alone (must equal `marks_of`)."""
    (card_id,) = card_ids(conn, [key])[0][1:]
    rows = conn.execute("SELECT id, action, value, undoes FROM card_actions WHERE card_id = ?"
                        " ORDER BY id", (card_id,)).fetchall()
    undone = {r[3] for r in rows if r[1] == "undo"}
    marks = {"suspended": 0, "buried_until": None, "flag": 0, "leech": 0}
    for action_id, action, value, _ in rows:
        if action == "undo" or action_id in undone:
            continue
        marks[ACTIONS[action][0]] = value
    return Marks(bool(marks["suspended"]), marks["buried_until"], marks["flag"] or 0,
                 bool(marks["leech"]))
