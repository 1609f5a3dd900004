"""A student's review log as JSON lines, anonymised, for handing in to an instructor.

The first line says what the file is and whose it is — a random id made once per install
(`anonymous_id`), never a name, a user name or a path; each further line is one answer:
bank, question and statement ids, kind, mode, time, rating, whether it was right, seconds
taken. What the student typed is not included. Undone answers are left out.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

FORMAT = "quizapp-reviews"
VERSION = 1
ID_FILE = "anonymous-id"


def anonymous_id(data_dir: Path) -> str:
    """This install's random student id (made on first use, kept in ``data_dir``)."""
    path = data_dir / ID_FILE
    try:
        found = path.read_text(encoding="ascii").strip()
        if found:
            return found
    except (OSError, UnicodeDecodeError):
        pass
    made = secrets.token_hex(8)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(made + "\n", encoding="ascii")
    return made


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def review_lines(conn: sqlite3.Connection, student: str) -> Iterator[str]:
    """The header line, then one JSON line per answer that was not undone, oldest first."""
    rows = conn.execute(
        "SELECT c.bank_id, c.question_id, c.statement_id, c.kind, r.mode, r.at, r.rating, r.correct,"
        " r.duration_ms FROM review_log r JOIN cards c ON c.id = r.card_id"
        " WHERE r.event = 'answer' AND r.id NOT IN"
        " (SELECT undoes FROM review_log WHERE event = 'undo' AND undoes IS NOT NULL)"
        " ORDER BY r.at, r.id").fetchall()
    header: dict[str, Any] = {"format": FORMAT, "version": VERSION, "student": student,
                              "exported_at": _iso(int(datetime.now(timezone.utc).timestamp() * 1000)),
                              "answers": len(rows)}
    yield json.dumps(header)
    for bank, question, statement, kind, mode, at, rating, correct, duration in rows:
        yield json.dumps({"bank": bank, "question": question, "statement": statement, "kind": kind,
                          "mode": mode, "at": _iso(at), "rating": rating,
                          "correct": None if correct is None else bool(correct),
                          "seconds": None if duration is None else round(duration / 1000, 3)})
