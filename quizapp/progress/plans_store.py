"""Exams the student declares (`quizapp plan add`): stored in the progress DB, several at once.

An exam has a name (unique), a date and time, a scope (banks / topics / tags, as a queue
filter), an optional daily budget (answers or minutes) and easy days (weekdays that get less).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from quizapp.errors import QuizappError
from quizapp.progress.models import QueueFilter, _ToDict
from quizapp.progress.scheduler import dt_to_ms, ms_to_dt
from quizapp.progress.sqlite_layer import insert_row, write_transaction
from quizapp.records import Record

BUDGET_KINDS = ("answers", "minutes")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ExamPlanSpec(Record, _ToDict, frozen=True):
    """A declared exam. ``budget_kind`` is "answers" or "minutes" (None: no budget given)."""

    id: int
    name: str
    exam_at: datetime
    scope: QueueFilter
    budget_kind: str | None
    budget_value: float | None
    easy_days: tuple[int, ...]
    created_at: datetime

    def budget_words(self) -> str:
        if self.budget_kind is None or self.budget_value is None:
            return "no budget set"
        unit = "answers" if self.budget_kind == "answers" else "minutes"
        return f"{self.budget_value:g} {unit} a day"

    def scope_words(self) -> str:
        s = self.scope
        parts = []
        if s.banks:
            parts.append("banks " + ", ".join(s.banks))
        if s.topics:
            parts.append("topics " + ", ".join(s.topics))
        if s.tags:
            parts.append("tags " + ", ".join(s.tags))
        return "; ".join(parts) or "every card"


def parse_easy_days(text: str) -> tuple[int, ...]:
    """"sat,sun" → (5, 6); a clear error for anything else."""
    days = []
    for word in filter(None, (w.strip().lower()[:3] for w in text.split(","))):
        if word not in WEEKDAYS:
            raise QuizappError(f"cannot read {word!r} as a weekday: use mon, tue, … sun")
        days.append(WEEKDAYS.index(word))
    return tuple(sorted(set(days)))


def _row(row: tuple) -> ExamPlanSpec:
    pid, name, exam_at, scope, kind, value, easy, created = row
    return ExamPlanSpec(
        id=pid, name=name, exam_at=ms_to_dt(exam_at),
        scope=QueueFilter(**{k: tuple(v) for k, v in json.loads(scope).items()}),
        budget_kind=kind, budget_value=value, easy_days=tuple(json.loads(easy)),
        created_at=ms_to_dt(created),
    )


_COLUMNS = "id, name, exam_at, scope, budget_kind, budget_value, easy_days, created_at"


def add_plan(conn: sqlite3.Connection, *, name: str, exam_at: datetime, scope: QueueFilter,
             budget_kind: str | None, budget_value: float | None, easy_days: tuple[int, ...],
             now_ms: int) -> ExamPlanSpec:
    """Store a new exam; a clear error for a duplicate name, a past date or a bad budget."""
    name = name.strip()
    if not name:
        raise QuizappError("an exam needs a name")
    if dt_to_ms(exam_at) <= now_ms:
        raise QuizappError(f"the exam date {exam_at:%Y-%m-%d %H:%M} is in the past")
    if (budget_kind is None) != (budget_value is None):
        raise QuizappError("a budget needs both a kind (answers or minutes) and a value")
    if budget_kind is not None and budget_kind not in BUDGET_KINDS:
        raise QuizappError(f"the budget is counted in {' or '.join(BUDGET_KINDS)}, not {budget_kind!r}")
    if budget_value is not None and not 1 <= budget_value <= 10_000:
        raise QuizappError(f"a daily budget of {budget_value:g} is out of range (1 to 10000)")
    if len(easy_days) >= 7:
        raise QuizappError("every day cannot be an easy day")
    scope_json = json.dumps({k: list(v) for k, v in (("banks", scope.banks), ("topics", scope.topics),
                                                      ("tags", scope.tags)) if v})
    with write_transaction(conn):
        if conn.execute("SELECT 1 FROM exam_plans WHERE name = ?", (name,)).fetchone():
            raise QuizappError(f"there is already an exam called {name!r}: choose another name "
                               "or remove that one first")
        pid = insert_row(
            conn, "INSERT INTO exam_plans (name, exam_at, scope, budget_kind, budget_value, easy_days,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, dt_to_ms(exam_at), scope_json, budget_kind, budget_value,
             json.dumps(list(easy_days)), now_ms),
        )
    return get_plan(conn, pid)


def list_plans(conn: sqlite3.Connection) -> list[ExamPlanSpec]:
    """Every declared exam, soonest first."""
    return [_row(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM exam_plans ORDER BY exam_at, id")]


def get_plan(conn: sqlite3.Connection, which: int | str) -> ExamPlanSpec:
    """An exam by id or by name; a clear error naming the exams there are."""
    if isinstance(which, str) and which.isdigit():
        which = int(which)
    column = "id" if isinstance(which, int) else "name"
    row = conn.execute(f"SELECT {_COLUMNS} FROM exam_plans WHERE {column} = ?", (which,)).fetchone()
    if row is None:
        names = ", ".join(p.name for p in list_plans(conn)) or "none yet"
        raise QuizappError(f"no exam {which!r} (exams: {names})")
    return _row(row)


def remove_plan(conn: sqlite3.Connection, which: int | str) -> ExamPlanSpec:
    """Forget an exam (the cards' schedules are not touched)."""
    plan = get_plan(conn, which)
    with write_transaction(conn):
        conn.execute("DELETE FROM exam_plans WHERE id = ?", (plan.id,))
    return plan
