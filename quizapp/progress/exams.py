"""Exam sessions: questions, answers, time per question, score per topic.

An exam leaves the long-term schedule alone unless the user asks to record it; then each
answer goes through the normal answering path (right → Good, wrong → Again) in mode "exam".
"""

from __future__ import annotations

import json
import sqlite3

from quizapp.errors import QuizappError
from quizapp.progress.reports import ExamAnswer, ExamConfig, ExamReport, TopicScore
from quizapp.progress.reviewing import load_card, log_answer
from quizapp.progress.scheduler import Scheduler, ms_to_dt, rating_for
from quizapp.progress.sqlite_layer import insert_row, write_transaction


def start_exam(conn: sqlite3.Connection, config: ExamConfig, now_ms: int) -> int:
    """Create an exam session; returns its id."""
    with write_transaction(conn):
        return insert_row(
            conn, "INSERT INTO exams (title, config, started_at, recorded) VALUES (?, ?, ?, 0)",
            (config.title, json.dumps(config.to_dict()), now_ms),
        )


def _open_exam(conn: sqlite3.Connection, exam_id: int) -> tuple:
    row = conn.execute(
        "SELECT title, config, started_at, finished_at, recorded FROM exams WHERE id = ?",
        (exam_id,),
    ).fetchone()
    if row is None:
        raise QuizappError(f"there is no exam {exam_id}")
    return row


def record_exam_answer(
    conn: sqlite3.Connection, exam_id: int, key: str, *, response: str | None,
    correct: bool | None, duration_ms: int | None, topic: str | None, now_ms: int,
) -> int:
    """Store one exam answer (the schedule is not touched); returns its id."""
    with write_transaction(conn):
        if _open_exam(conn, exam_id)[3] is not None:
            raise QuizappError(f"exam {exam_id} is finished; it takes no more answers")
        card = load_card(conn, key)
        return insert_row(
            conn, "INSERT INTO exam_answers (exam_id, card_id, topic, response, correct, duration_ms,"
            " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (exam_id, card.id, topic or card.topic, response,
             None if correct is None else int(correct), duration_ms, now_ms),
        )


def grade_exam_answer(conn: sqlite3.Connection, exam_id: int, answer_id: int, correct: bool | None) -> None:
    """Set the grade of an answer already stored (an open answer the student grades at the
    end), while the exam is still open."""
    with write_transaction(conn):
        if _open_exam(conn, exam_id)[3] is not None:
            raise QuizappError(f"exam {exam_id} is finished; its grades are final")
        cur = conn.execute(
            "UPDATE exam_answers SET correct = ? WHERE id = ? AND exam_id = ?",
            (None if correct is None else int(correct), answer_id, exam_id),
        )
        if cur.rowcount == 0:
            raise QuizappError(f"exam {exam_id} has no answer {answer_id}")


def finish_exam(
    conn: sqlite3.Connection, scheduler: Scheduler, exam_id: int, *, record_in_schedule: bool,
    now_ms: int,
) -> None:
    """Close the exam; with `record_in_schedule`, its graded answers also move the schedule."""
    with write_transaction(conn):
        if _open_exam(conn, exam_id)[3] is not None:
            raise QuizappError(f"exam {exam_id} is already finished")
        conn.execute(
            "UPDATE exams SET finished_at = ?, recorded = ? WHERE id = ?",
            (now_ms, int(record_in_schedule), exam_id),
        )
        if not record_in_schedule:
            return
        answers = conn.execute(
            "SELECT a.id, c.key, a.correct, a.duration_ms, a.response, a.answered_at"
            " FROM exam_answers a JOIN cards c ON c.id = a.card_id"
            " WHERE a.exam_id = ? AND a.correct IS NOT NULL ORDER BY a.id", (exam_id,),
        ).fetchall()
        for answer_id, key, correct, duration_ms, response, answered_at in answers:
            card = load_card(conn, key)
            # Never schedule before the card's latest review (it may have been studied since).
            at_ms = max(answered_at, card.memory.last_review_ms or 0)
            review_id, _ = log_answer(
                conn, scheduler, card, rating_for(bool(correct)), at_ms, mode="exam",
                scheduled=True, duration_ms=duration_ms, response=response,
                correct=bool(correct),
            )
            conn.execute("UPDATE exam_answers SET review_id = ? WHERE id = ?",
                         (review_id, answer_id))


def exam_report(conn: sqlite3.Connection, exam_id: int) -> ExamReport:
    """The exam's answers and scores, overall and by topic."""
    title, config, started_at, finished_at, recorded = _open_exam(conn, exam_id)
    rows = conn.execute(
        "SELECT c.key, a.topic, a.response, a.correct, a.duration_ms, a.answered_at"
        " FROM exam_answers a JOIN cards c ON c.id = a.card_id WHERE a.exam_id = ?"
        " ORDER BY a.id", (exam_id,),
    ).fetchall()
    answers = [
        ExamAnswer(key=k, topic=t, response=r, correct=None if c is None else bool(c),
                   duration_ms=d, answered_at=ms_to_dt(at))
        for k, t, r, c, d, at in rows
    ]
    topics: dict[str, list[ExamAnswer]] = {}
    for a in answers:
        topics.setdefault(a.topic, []).append(a)
    by_topic = [
        TopicScore(
            topic=topic,
            answered=sum(a.correct is not None for a in group),
            correct=sum(bool(a.correct) for a in group),
            time_ms=sum(a.duration_ms or 0 for a in group),
        )
        for topic, group in sorted(topics.items())
    ]
    return ExamReport(
        exam_id=exam_id, title=title, started_at=ms_to_dt(started_at),
        finished_at=ms_to_dt(finished_at), answered=sum(t.answered for t in by_topic),
        correct=sum(t.correct for t in by_topic), by_topic=by_topic, answers=answers,
        recorded_in_schedule=bool(recorded), config=json.loads(config),
    )
