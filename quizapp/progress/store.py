"""`ProgressStore`: the one object the app talks to about progress.

It owns the SQLite connection, the clock, the time zone and the study settings, and hands
each request to the module that knows it (reviewing, queue, exams, stats). Screens call
this API only: no SQL and no scheduling maths outside `quizapp.progress`.

The requests are grouped by responsibility in mixins beside this file: `store_core` (the
connection, clock and settings), `store_answers` (one card's schedule: sync, answer, undo),
`store_queues` (what to study), `store_card_actions` (the browser's actions), `store_exams`
(exams and exam plans) and `store_stats` (statistics over the log).

Importing this module is cheap: sqlite-utils is loaded only to create or migrate the schema
and to sync cards, fsrs only when something is scheduled.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from quizapp.progress import schema
from quizapp.progress.scheduler import StudySettings
from quizapp.progress.store_answers import CardsAndAnswers
from quizapp.progress.store_card_actions import CardActions
from quizapp.progress.store_core import Clock, _system_clock
from quizapp.progress.store_queues import Queues
from quizapp.progress.store_stats import Statistics


class ProgressStore(CardsAndAnswers, Queues, CardActions, Statistics):
    """Cards' schedules, the review log, exams and settings in one SQLite file."""

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        clock: Clock | None = None,
        settings: StudySettings | None = None,
        tz: tzinfo | None = None,
    ) -> ProgressStore:
        """Open the progress DB at `path`, creating it (and its folders) if missing.

        `clock` returns the current aware time (tests pin it). `settings` overrides the saved
        study settings for this session only (`save_settings` persists). `tz` is the time
        zone of study days (None: the system's). A file that is not a healthy quizapp DB
        raises `QuizappError` and is left untouched.
        """
        path = Path(path).expanduser()
        conn = schema.connect(path)
        return cls(conn, path, clock or _system_clock, settings, tz)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
