"""`ProgressStore`'s exams (started, answered, graded, reported) and exam plans (declared
exams to revise toward, and today's choice of cards for each). The modules doing the work
(exams, plans_store, planning) are imported when first used."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.progress.models import ALL, QueueFilter
from quizapp.progress.scheduler import dt_to_ms
from quizapp.progress.store_core import StoreCore, _locked

if TYPE_CHECKING:  # exams and plans are imported when first used
    from quizapp.progress.exam_plan import DaySelection, ExamPlanOutlook, Feasibility
    from quizapp.progress.plans_store import ExamPlanSpec
    from quizapp.progress.reports import ExamConfig, ExamReport


class ExamsAndPlans(StoreCore):
    """Exams and the exam plans that steer today's queue while an exam is coming."""

    # --- exams --------------------------------------------------------------------------------

    @_locked
    def start_exam(self, config: ExamConfig) -> int:
        """Start an exam; returns its id."""
        from quizapp.progress import exams

        return exams.start_exam(self._db, config, self._now_ms())

    @_locked
    def record_exam_answer(self, exam_id: int, key: str, response: str | None,
                           correct: bool | None, duration_ms: int | None,
                           topic: str | None = None) -> int:
        """Store an exam answer (`correct` None: ungraded); the schedule is untouched."""
        from quizapp.progress import exams

        return exams.record_exam_answer(
            self._db, exam_id, key, response=response, correct=correct,
            duration_ms=duration_ms, topic=topic, now_ms=self._now_ms(),
        )

    @_locked
    def grade_exam_answer(self, exam_id: int, answer_id: int, correct: bool | None) -> None:
        """Grade a stored answer of an unfinished exam (the student's own grade of an open
        answer, which may change until the exam is finished)."""
        from quizapp.progress import exams

        exams.grade_exam_answer(self._db, exam_id, answer_id, correct)

    @_locked
    def finish_exam(self, exam_id: int, record_in_schedule: bool = False) -> ExamReport:
        """Close the exam and return its report; optionally let its answers move schedules."""
        from quizapp.progress import exams

        exams.finish_exam(self._db, self.scheduler, exam_id,
                          record_in_schedule=record_in_schedule, now_ms=self._now_ms())
        return exams.exam_report(self._db, exam_id)

    @_locked
    def exam_report(self, exam_id: int) -> ExamReport:
        """The report of an exam, finished or not."""
        from quizapp.progress import exams

        return exams.exam_report(self._db, exam_id)

    @_locked
    def exam_ids(self) -> list[int]:
        """Ids of all exams, newest first."""
        return [i for (i,) in self._db.execute("SELECT id FROM exams ORDER BY id DESC")]

    # --- exam plans -------------------------------------------------------------------------

    @_locked
    def add_exam_plan(self, name: str, exam_at: datetime, scope: QueueFilter = ALL, *,
                      budget_kind: str | None = None, budget_value: float | None = None,
                      easy_days: tuple[int, ...] = ()) -> ExamPlanSpec:
        """Declare an exam to revise toward (a date given as a day means 09:00 that day)."""
        from quizapp.progress import plans_store

        return plans_store.add_plan(self._db, name=name, exam_at=exam_at, scope=scope,
                                    budget_kind=budget_kind, budget_value=budget_value,
                                    easy_days=easy_days, now_ms=self._now_ms())

    @_locked
    def exam_plans(self) -> list[ExamPlanSpec]:
        """Every declared exam, soonest first (passed ones too, until removed)."""
        from quizapp.progress import plans_store

        return plans_store.list_plans(self._db)

    @_locked
    def exam_plan(self, which: int | str) -> ExamPlanSpec:
        """One exam, by id or name."""
        from quizapp.progress import plans_store

        return plans_store.get_plan(self._db, which)

    @_locked
    def remove_exam_plan(self, which: int | str) -> ExamPlanSpec:
        """Forget an exam; the cards go back to their usual schedule."""
        from quizapp.progress import plans_store

        self._plan_cache.clear()
        return plans_store.remove_plan(self._db, which)

    @_locked
    def exam_plans_today(self) -> list[tuple[ExamPlanSpec, DaySelection | None]]:
        """The exams still ahead with today's choice of cards (None: no study day left)."""
        return self._selections([p for p in self._plan_rows(self._now_ms())])

    @_locked
    def exam_plan_outlook(self, which: int | str) -> ExamPlanOutlook:
        """The plan to the exam day by day, and the expected score with it and without it
        (slow on large scopes: it follows the plan card by card)."""
        from quizapp.errors import QuizappError
        from quizapp.progress import planning, plans_store

        spec = plans_store.get_plan(self._db, which)
        if spec.exam_at <= self.now():
            raise QuizappError(f"the exam {spec.name!r} is over ({spec.exam_at:%Y-%m-%d %H:%M})")
        return planning.PlanContext(self._db, spec, self._settings, self.calendar,
                                    self.now()).outlook()

    @_locked
    def exam_plan_feasibility(self, which: int | str) -> Feasibility:
        """Whether the exam's budget covers its scope, and if not what would (cheap)."""
        from quizapp.progress import planning, plans_store

        spec = plans_store.get_plan(self._db, which)
        return planning.PlanContext(self._db, spec, self._settings, self.calendar,
                                    self.now()).feasibility()

    @_locked
    def seconds_per_answer(self) -> float:
        """The student's typical time per answer (a default before the log has enough)."""
        from quizapp.progress import planning

        return planning.seconds_per_answer(self._db)

    def _plan_rows(self, now_ms: int) -> list[ExamPlanSpec]:
        """Exams still ahead, or passed less than the return period ago (cheap when none)."""
        from quizapp.progress.exam_plan import RETURN_DAYS

        cutoff = now_ms - (RETURN_DAYS + 1) * 86_400_000
        if not self._db.execute("SELECT 1 FROM exam_plans WHERE exam_at > ? LIMIT 1",
                                (cutoff,)).fetchone():
            return []
        from quizapp.progress import plans_store

        return [p for p in plans_store.list_plans(self._db) if dt_to_ms(p.exam_at) > cutoff]

    def _selections(self, specs: list[ExamPlanSpec]) -> list[tuple[ExamPlanSpec, DaySelection | None]]:
        """Today's choice of each exam still ahead (computed once a day per exam)."""
        from quizapp.progress import planning

        now = self.now()
        out = []
        for spec in specs:
            if spec.exam_at <= now:
                continue
            context = planning.PlanContext(self._db, spec, self._settings, self.calendar, now)
            key = context.cache_key()
            if key not in self._plan_cache:
                self._plan_cache[key] = context.today()
            out.append((spec, self._plan_cache[key]))
        return out
