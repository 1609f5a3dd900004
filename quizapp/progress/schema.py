"""The progress database file: checking it before touching it, connecting, migrating.

A file we did not write (not SQLite, damaged, another program's, a newer quizapp's) is refused
with a message and never modified: nothing is written to it, not even a journal-mode change.
Migrations run in one transaction after a backup copy of the file has been made.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Callable

from quizapp.errors import QuizappError
from quizapp.progress.sqlite_layer import sqlite_utils_db

# "QUIZ" in ASCII: marks the file as ours in the SQLite header (PRAGMA application_id).
APPLICATION_ID = 0x5155495A
BUSY_TIMEOUT_S = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _create_v1(conn: sqlite3.Connection) -> None:
    """Cards, the review log and settings."""
    db = sqlite_utils_db(conn)
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("cards").create(
        {
            "id": int,
            "key": str,
            "bank_id": str,
            "question_id": str,
            "statement_id": str,
            "kind": str,
            "topic": str,
            "tags": str,  # JSON list; filtered with json_each
            "title": str,
            "answer_hash": str,  # the answer as the bank states it now
            "reviewed_hash": str,  # the answer as it was when last studied or acknowledged
            "ordinal": int,  # position among the synced cards: new cards come in this order
            "hidden": int,  # 1 when the question left its bank; history is kept
            "added_at": int,
            # FSRS memory state; state IS NULL for a card never studied. Times: epoch ms UTC.
            "state": int,
            "step": int,
            "stability": float,
            "difficulty": float,
            "due": int,
            "last_review": int,
            "reps": int,
            "lapses": int,
            "last_review_id": int,
        },
        pk="id",
        not_null={"key", "bank_id", "question_id", "kind", "topic", "tags", "title",
                  "answer_hash", "ordinal", "hidden", "added_at", "reps", "lapses"},
        defaults={"tags": "[]", "title": "", "answer_hash": "", "ordinal": 0, "hidden": 0,
                  "reps": 0, "lapses": 0},
    )
    db.table("cards").create_index(["key"], unique=True)
    db.table("cards").create_index(["bank_id", "topic"])
    # The log is the source of truth: one row per answer, undo or reset, never changed.
    db.table("review_log").create(
        {
            "id": int,
            "card_id": int,
            "event": str,  # 'answer' | 'undo' | 'reset'
            "at": int,
            "rating": int,
            "mode": str,  # 'study' | 'cram' | 'drill' | 'exam'
            "scheduled": int,  # 1 if this answer moved the card's schedule
            "duration_ms": int,
            "response": str,
            "correct": int,
            "variant_seed": int,
            "due": int,  # the due date this answer gave (fuzz included): replay keeps it
            # The card's state just before this event, so undo restores it exactly.
            "prev_state": int,
            "prev_step": int,
            "prev_stability": float,
            "prev_difficulty": float,
            "prev_due": int,
            "prev_last_review": int,
            "undoes": int,
        },
        pk="id",
        not_null={"card_id", "event", "at", "scheduled"},
        defaults={"scheduled": 0},
        foreign_keys=[("card_id", "cards", "id"), ("undoes", "review_log", "id")],
    )
    db.table("review_log").create_index(["card_id", "id"])
    db.table("review_log").create_index(["at"])
    # One statement at a time: executescript() would COMMIT the migration's transaction.
    for statement in (
        "CREATE INDEX idx_review_log_undoes ON review_log(undoes) WHERE undoes IS NOT NULL",
        "CREATE INDEX idx_cards_due ON cards(state, due) WHERE hidden = 0 AND state IS NOT NULL",
        "CREATE INDEX idx_cards_new ON cards(bank_id, ordinal) WHERE hidden = 0 AND state IS NULL",
        "CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log"
        " BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END",
        "CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log"
        " BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END",
    ):
        conn.execute(statement)


def _create_v2(conn: sqlite3.Connection) -> None:
    """Exam sessions and their answers."""
    db = sqlite_utils_db(conn)
    db.table("exams").create(
        {"id": int, "title": str, "config": str, "started_at": int, "finished_at": int,
         "recorded": int},
        pk="id",
        not_null={"config", "started_at", "recorded"},
        defaults={"recorded": 0},
    )
    db.table("exam_answers").create(
        {"id": int, "exam_id": int, "card_id": int, "topic": str, "response": str,
         "correct": int, "duration_ms": int, "answered_at": int, "review_id": int},
        pk="id",
        not_null={"exam_id", "card_id", "topic", "answered_at"},
        foreign_keys=[("exam_id", "exams", "id"), ("card_id", "cards", "id"),
                      ("review_id", "review_log", "id")],
    )
    db.table("exam_answers").create_index(["exam_id"])
    db.table("exam_answers").create_index(["answered_at"])


def _new_cards_in_load_order_v3(conn: sqlite3.Connection) -> None:
    """New cards come in the order the banks were loaded (a course's files in course order),
    no longer grouped by bank id: `ordinal` is now a position across all synced banks."""
    conn.execute("DROP INDEX IF EXISTS idx_cards_new")
    conn.execute("CREATE INDEX idx_cards_new ON cards(ordinal) WHERE hidden = 0 AND state IS NULL")


def _exam_plans_v4(conn: sqlite3.Connection) -> None:
    """Exams the student revises toward (`quizapp plan`): date, scope and daily budget."""
    db = sqlite_utils_db(conn)
    db.table("exam_plans").create(
        {"id": int, "name": str, "exam_at": int, "scope": str, "budget_kind": str,
         "budget_value": float, "easy_days": str, "created_at": int},
        pk="id",
        not_null={"name", "exam_at", "scope", "easy_days", "created_at"},
        defaults={"scope": "{}", "easy_days": "[]"},
    )
    db.table("exam_plans").create_index(["name"], unique=True)


def _card_actions_v5(conn: sqlite3.Connection) -> None:
    """Suspend, bury, flag and leech marks, their append-only log, and card search (FTS5).

    The four columns on `cards` are consequences of `card_actions`, as the schedule is of
    `review_log`: each action row keeps the marks as they were before it, so undo is exact.
    """
    for column in ("suspended INTEGER NOT NULL DEFAULT 0", "buried_until INTEGER",
                   "flag INTEGER NOT NULL DEFAULT 0", "leech INTEGER NOT NULL DEFAULT 0",
                   "search_hash TEXT NOT NULL DEFAULT ''"):
        conn.execute(f"ALTER TABLE cards ADD COLUMN {column}")
    for statement in (
        "CREATE TABLE card_actions (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL,"
        " card_id INTEGER NOT NULL REFERENCES cards(id), action TEXT NOT NULL,"
        " at INTEGER NOT NULL, value INTEGER, prev_suspended INTEGER, prev_buried_until INTEGER,"
        " prev_flag INTEGER, prev_leech INTEGER, undoes INTEGER REFERENCES card_actions(id))",
        "CREATE INDEX idx_card_actions_card ON card_actions(card_id, id)",
        "CREATE INDEX idx_card_actions_undoes ON card_actions(undoes) WHERE undoes IS NOT NULL",
        "CREATE TRIGGER card_actions_no_update BEFORE UPDATE ON card_actions"
        " BEGIN SELECT RAISE(ABORT, 'the card action log is append-only'); END",
        "CREATE TRIGGER card_actions_no_delete BEFORE DELETE ON card_actions"
        " BEGIN SELECT RAISE(ABORT, 'the card action log is append-only'); END",
        # rowid = cards.id. Prefix indexes make "word*" searches fast at 100,000 cards.
        "CREATE VIRTUAL TABLE cards_fts USING fts5(prompt, answer, explanation, tags,"
        " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
        "CREATE INDEX idx_cards_flag ON cards(flag) WHERE flag > 0",
        # The browser's sorts read a page of 200 in index order instead of sorting them all.
        "CREATE INDEX idx_cards_ordinal ON cards(ordinal)",
        "CREATE INDEX idx_cards_due_any ON cards(due)",
        "CREATE INDEX idx_cards_lapses ON cards(lapses)",
        "CREATE INDEX idx_cards_difficulty ON cards(difficulty)",
        # Rare marks: their filters read a small index, not every card.
        "CREATE INDEX idx_cards_suspended ON cards(ordinal) WHERE suspended = 1",
        "CREATE INDEX idx_cards_leech ON cards(ordinal) WHERE leech = 1",
        "CREATE INDEX idx_cards_buried ON cards(buried_until) WHERE buried_until IS NOT NULL",
    ):
        conn.execute(statement)


# Schema version N is reached by applying MIGRATIONS[0..N-1] in order.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _create_v1, _create_v2, _new_cards_in_load_order_v3, _exam_plans_v4, _card_actions_v5,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _refuse(path: Path, why: str) -> QuizappError:
    return QuizappError(
        f"{path}: {why}. The file was left untouched. Choose another progress file with "
        f"--db PATH (or QUIZAPP_DB), or move this one away to start afresh."
    )


def _size_problem(path: Path) -> str | None:
    """What is wrong with the file's size and header, or None."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None  # an empty file holds nothing to lose: SQLite treats it as a new database
    with path.open("rb") as f:
        header = f.read(100)
    if not header.startswith(_SQLITE_MAGIC) and not _SQLITE_MAGIC.startswith(header):
        return "is not a quizapp progress database (not an SQLite file)"
    if len(header) < 100:
        return f"is truncated ({size} bytes, shorter than an SQLite header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is only valid when the "version-valid-for" number (offset 92)
    # equals the change counter (offset 24); SQLite ignores it otherwise.
    count_valid = header[24:28] == header[92:96]
    if page_size < 512 or size % page_size or (count_valid and size < pages * page_size):
        return (f"is truncated or damaged ({size} bytes; its header announces {pages} pages "
                f"of {page_size} bytes)")
    return None


def check_file(path: Path) -> None:
    """Refuse, before SQLite opens it, a file that cannot be a healthy progress DB."""
    if path.is_dir():
        raise _refuse(path, "is a folder, not a progress database")
    problem = _size_problem(path)
    for _ in range(3):
        if problem is None or "truncated" not in problem:
            break
        # Another window's checkpoint may be growing the file right now (it writes the
        # header page first): look again before calling the file damaged.
        time.sleep(0.05)
        problem = _size_problem(path)
    if problem is not None:
        raise _refuse(path, problem)


def check_writable(path: Path) -> None:
    """Refuse a progress file, WAL file or folder this process cannot write (a `chmod 444`, a
    read-only mount): SQLite would open the file read-only without a word, show the cards, and
    fail on the first answer, which would be lost."""
    folder = path.parent
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.exists() and not os.access(part, os.W_OK):
            raise QuizappError(
                f"{part} is read-only: quizapp could not record your answers. Make it writable "
                f"(chmod u+w) or choose another progress file with --db PATH (or QUIZAPP_DB)."
            )
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise QuizappError(
            f"the folder of the progress database, {folder}, is read-only: quizapp could not record "
            f"your answers. Make it writable or choose another progress file with --db PATH (or QUIZAPP_DB)."
        )


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a checked progress DB, migrated to `SCHEMA_VERSION`."""
    check_file(path)
    check_writable(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QuizappError(
            f"cannot create the folder for the progress database {path}: {exc}"
        ) from exc
    try:
        # isolation_level=None: no implicit transactions; we BEGIN IMMEDIATE ourselves so
        # two writers queue on the busy timeout instead of failing with "database is locked".
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise QuizappError(f"cannot open the progress database {path}: {exc}") from exc
    try:
        _identify(conn, path)
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: each answer's commit is fsynced, so it survives a power cut, not only a
        # killed process; measured at ~0.1 ms extra per answer here (bench/progress.py).
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _refuse(path, f"cannot be read as a progress database ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _identify(conn: sqlite3.Connection, path: Path) -> None:
    """Read-only checks: is this our file, and not from a newer quizapp?"""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise _refuse(path, "is an SQLite database of another program, not quizapp progress")
    if version > SCHEMA_VERSION:
        raise QuizappError(
            f"{path} was written by a newer quizapp (schema version {version}; this one knows "
            f"up to {SCHEMA_VERSION}). Upgrade quizapp to use it; the file was left untouched."
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    if version > 0:
        backup(conn, path, f"v{version}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the write lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """Copy the live DB (consistently, through SQLite) next to it; return the copy's path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target
