"""Exam plans at the store level: declared exams, and a study queue that serves the exam date
within the budget — every card seen and reviewed again before it, then a gentle return."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from quizapp.errors import QuizappError
from quizapp.progress.exam_plan import RETURN_DAYS
from quizapp.progress.models import QueueFilter
from quizapp.progress.scheduler import Rating
from tests.progress.conftest import make_cards

CNN = QueueFilter(topics=("cnn",))


def _study_day(store, clock, log: Counter, scope_keys: set[str],
               first: dict | None = None) -> None:
    """Study today's whole queue, answering Good, learning steps included; count in-scope
    answers (and note the day each card was first studied in `first`)."""
    for _ in range(10):
        keys = store.today_queue()
        if not keys:
            return
        for key in keys:
            store.answer(key, Rating.Good)
            if key in scope_keys:
                log[clock.now.date()] += 1
                if first is not None:
                    first.setdefault(key, clock.now.date())
        clock.advance(minutes=11)


@pytest.fixture
def course(open_store):
    s = open_store()
    s.sync_cards(make_cards(n=180), banks=["dl"])  # 60 cards per topic
    return s


def test_exams_are_declared_listed_and_removed_with_clear_errors(course, clock) -> None:
    final = course.add_exam_plan("Final", clock.now + timedelta(days=20), CNN,
                                 budget_kind="minutes", budget_value=15, easy_days=(5, 6))
    course.add_exam_plan("Midterm", clock.now + timedelta(days=6))
    assert [p.name for p in course.exam_plans()] == ["Midterm", "Final"]  # soonest first
    assert course.exam_plan("Final") == final == course.exam_plan(final.id)
    assert final.scope == CNN and final.easy_days == (5, 6)
    with pytest.raises(QuizappError, match="already an exam called 'Final'"):
        course.add_exam_plan("Final", clock.now + timedelta(days=3))
    with pytest.raises(QuizappError, match="in the past"):
        course.add_exam_plan("Old", clock.now - timedelta(days=1))
    with pytest.raises(QuizappError, match="answers or minutes"):
        course.add_exam_plan("Odd", clock.now + timedelta(days=3), budget_kind="pages",
                             budget_value=3)
    course.remove_exam_plan("Midterm")
    with pytest.raises(QuizappError, match="no exam 'Midterm' \\(exams: Final\\)"):
        course.exam_plan("Midterm")


def test_a_minutes_budget_is_counted_in_the_students_own_time_per_answer(course, clock) -> None:
    assert course.seconds_per_answer() == 12.0  # no log yet: the default
    for i in range(30):
        course.answer(f"dl/q{i:03d}", Rating.Good, duration_ms=6000)
    assert course.seconds_per_answer() == 6.0
    course.add_exam_plan("Quiz", clock.now + timedelta(days=10), CNN, budget_kind="minutes",
                         budget_value=5)
    assert course.exam_plan_outlook("Quiz").feasibility.budget_per_day == 50  # 5 min / 6 s


def test_the_queue_follows_the_plan_within_budget_and_every_card_is_seen_twice(course, clock) -> None:
    exam_at = clock.now + timedelta(days=14)
    course.add_exam_plan("Final", exam_at, CNN, budget_kind="answers", budget_value=25)
    scope = {f"dl/q{i:03d}" for i in range(0, 180, 3)}
    # The plan, not the usual 20 new cards a day, decides which cnn cards come today.
    [(spec, today)] = course.exam_plans_today()
    queue = course.today_queue()
    assert [k for k in queue if k in scope] == list(today.new)
    assert 0 < len(today.new) < 20
    answers: Counter = Counter()
    first: dict = {}
    while clock.now < exam_at - timedelta(hours=2):
        _study_day(course, clock, answers, scope, first)
        clock.now = clock.now.replace(hour=9, minute=0) + timedelta(days=1)
    assert max(answers.values()) <= 25  # the budget, every day
    # every card started early enough to be reviewed again: none in the last five days
    assert max(first.values()) <= (exam_at - timedelta(days=5)).date()
    states = {k: course.card_state(k) for k in scope}
    assert all(s.state == "review" for s in states.values())  # every card seen
    assert all(s.reps >= 3 for s in states.values())  # and reviewed again after its first day
    last = max(s.last_review for s in states.values())
    assert last < exam_at and min(s.last_review for s in states.values()) > exam_at - timedelta(days=10)
    recall = [course.retrievability(k, exam_at) for k in scope]
    assert min(recall) > 0.8 and sum(recall) / len(recall) > 0.9


def test_cards_due_in_the_last_days_get_their_last_pass_before_the_exam(course, clock) -> None:
    keys = [f"dl/q{i:03d}" for i in range(0, 30, 3)]  # ten cnn cards, learned long ago
    for key in keys:
        course.answer(key, Rating.Good)
        clock.advance(minutes=11)
        course.answer(key, Rating.Good)
    clock.advance(days=3)
    for key in keys:
        course.answer(key, Rating.Good)
    clock.now = clock.now.replace(hour=9, minute=0)
    exam_at = clock.now + timedelta(days=8)
    beyond = [k for k in keys if course.card_state(k).due > exam_at]
    assert beyond  # fsrs alone would not show these again before the exam
    course.add_exam_plan("Quiz", exam_at, QueueFilter(banks=("dl",), topics=("cnn",)),
                         budget_kind="answers", budget_value=200)
    seen: Counter = Counter()
    while clock.now < exam_at - timedelta(hours=2):
        _study_day(course, clock, seen, set(keys))
        clock.now = clock.now.replace(hour=9, minute=0) + timedelta(days=1)
    for key in keys:
        assert exam_at - timedelta(days=4) < course.card_state(key).last_review < exam_at


def test_after_the_exam_cards_return_a_share_a_day_not_all_at_once(course, clock) -> None:
    scope = [f"dl/q{i:03d}" for i in range(0, 180, 3)]
    for key in scope:  # all cnn cards learned, then left alone for weeks
        course.answer(key, Rating.Good)
        clock.advance(minutes=11)
        course.answer(key, Rating.Good)
    exam_at = clock.now + timedelta(days=1)
    course.add_exam_plan("Pop quiz", exam_at, CNN, budget_kind="answers", budget_value=5)
    clock.now = exam_at + timedelta(days=20)  # long after: every cnn card is overdue
    # the quiz is over for weeks: the usual schedule is back, all overdue cards due at once
    assert sum(k in scope for k in course.today_queue()) == 60
    course.remove_exam_plan("Pop quiz")
    course.add_exam_plan("Retake", clock.now + timedelta(hours=1), CNN,
                         budget_kind="answers", budget_value=5)
    clock.advance(hours=2)  # the retake is over: its overdue cards come back over a week
    shown = []
    for _day in range(RETURN_DAYS):
        due = [k for k in course.today_queue() if k in scope]
        shown.append(len(due))
        for key in due:
            course.answer(key, Rating.Good)
            assert course.today_queue().count(key) == 0
        # more answers the same day do not let in the next days' share
        assert not [k for k in course.today_queue() if k in scope]
        clock.advance(days=1)
    assert sum(shown) == 60 and max(shown) <= math.ceil(60 / RETURN_DAYS)


def test_too_small_a_budget_is_said_at_once_with_the_budget_that_would_do(course, clock) -> None:
    course.add_exam_plan("Final", clock.now + timedelta(days=10), QueueFilter(banks=("dl",)),
                         budget_kind="answers", budget_value=10)
    outlook = course.exam_plan_outlook("Final")
    f = outlook.feasibility
    assert not f.feasible and f.unseen == 180
    assert f.needed_per_day > 10 and f"{f.needed_per_day} answers a day" in f.message
    assert outlook.planned.mean > outlook.idle.mean == 0
    assert outlook.planned.low <= outlook.planned.mean <= outlook.planned.high
    assert max(d.answers for d in outlook.days) <= 10


def test_the_outlook_compares_following_the_plan_with_stopping_now(course, clock) -> None:
    for i in range(0, 30, 3):
        course.answer(f"dl/q{i:03d}", Rating.Good)
    clock.advance(days=1)
    course.add_exam_plan("Final", clock.now + timedelta(days=21), QueueFilter(banks=("dl",)),
                         budget_kind="answers", budget_value=60)
    o = course.exam_plan_outlook("Final")
    assert o.feasibility.feasible and o.cards == 180
    assert 0 < o.idle.mean < o.planned.mean
    cnn = next(t for t in o.topics if t.topic == "cnn")
    assert cnn.idle > 0 and cnn.unseen == 50
    assert all(t.planned < o.planned.mean for t in o.weakest())
    assert len(o.days) == 21 and o.days[-1].recall > o.days[0].recall
    assert sum(d.new for d in o.days) == 170


def test_an_exam_today_or_over_has_no_plan_days(course, clock) -> None:
    course.add_exam_plan("Soon", clock.now + timedelta(hours=3), CNN)
    [(_spec, today)] = course.exam_plans_today()
    assert today is not None and today.day == clock.now.date()
    clock.advance(hours=4)
    assert course.exam_plans_today() == []
    with pytest.raises(QuizappError, match="is over"):
        course.exam_plan_outlook("Soon")


def test_the_plan_of_the_day_stays_the_same_all_day(course, clock) -> None:
    course.add_exam_plan("Final", clock.now + timedelta(days=9), CNN, budget_kind="answers",
                         budget_value=30)
    [(_s, morning)] = course.exam_plans_today()
    course.answer(morning.new[0], Rating.Good)
    clock.advance(hours=3)
    [(_s, later)] = course.exam_plans_today()
    assert later == morning
    assert morning.new[0] not in [k for k in course.today_queue() if course.card_state(k).state == "new"]


def test_retention_against_workload_has_a_row_per_retention(course) -> None:
    rows = course.retention_table(CNN)
    assert [r.retention for r in rows] == [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
    assert rows[-1].answers_per_day > rows[0].answers_per_day
    assert rows[-1].remembered > rows[0].remembered
    assert sum(r.best for r in rows) == 1
    assert datetime.now(timezone.utc)  # no torch needed: fsrs's optimizer is not involved


def test_two_exams_at_once_share_the_queue_and_easy_days_get_half(course, clock) -> None:
    course.add_exam_plan("Midterm", clock.now + timedelta(days=6), CNN, budget_kind="answers",
                         budget_value=20)
    course.add_exam_plan("Final", clock.now + timedelta(days=30), QueueFilter(topics=("rnn",)),
                         budget_kind="answers", budget_value=40, easy_days=(5, 6))
    plans = dict((spec.name, sel) for spec, sel in course.exam_plans_today())
    queue = course.today_queue()
    assert set(plans["Midterm"].new) | set(plans["Final"].new) <= set(queue)
    assert len(queue) == len(set(queue))
    rnn = {f"dl/q{i:03d}" for i in range(1, 180, 3)}
    assert not [k for k in queue if k in rnn and k not in plans["Final"].new]
    days = course.exam_plan_outlook("Final").days
    weekend = [d.answers for d in days if d.day.weekday() >= 5]
    assert weekend and max(weekend) <= 20 < max(d.answers for d in days)


def test_suspended_and_buried_cards_stay_out_of_the_plan_and_its_queue(course, clock) -> None:
    conn = course._conn
    columns = {row[1] for row in conn.execute("PRAGMA table_info(cards)")}
    if "suspended" not in columns:  # the marks' own migration may not be there yet
        conn.execute("ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0")
        conn.execute("ALTER TABLE cards ADD COLUMN buried_until INTEGER")
    course.add_exam_plan("Final", clock.now + timedelta(days=9), CNN, budget_kind="answers",
                         budget_value=30)
    [(_s, before)] = course.exam_plans_today()
    first, second = before.new[:2]
    conn.execute("UPDATE cards SET suspended = 1 WHERE key = ?", (first,))
    conn.execute("UPDATE cards SET buried_until = ? WHERE key = ?",
                 (int((clock.now + timedelta(hours=5)).timestamp() * 1000), second))
    queue = course.today_queue()
    assert first not in queue and second not in queue
    assert course.exam_plan_outlook("Final").cards == 59  # the suspended card is not planned


def test_when_the_budget_is_short_the_quicker_card_of_two_alike_goes_first(clock) -> None:
    from quizapp.progress.exam_plan import PlanCard, PlanConfig, Planner
    from quizapp.progress.scheduler import NEW, Scheduler, StudySettings

    scheduler = Scheduler(StudySettings(fuzz=False))
    learned = scheduler.review(NEW, Rating.Good, clock.now - timedelta(days=20), fuzz=False)
    learned = scheduler.review(learned, Rating.Good, clock.now - timedelta(days=20, minutes=-11),
                               fuzz=False)
    cards = [PlanCard("slow", "t", learned), PlanCard("quick", "t", learned)]  # both due
    sessions = [((clock.now + timedelta(days=i)).date(), clock.now + timedelta(days=i))
                for i in range(10)]
    exam = clock.now + timedelta(days=10)
    planner = Planner(scheduler, PlanConfig(answers_per_day=1.2), exam, sessions,
                      card_seconds={"slow": 60.0, "quick": 6.0})
    assert planner.select(cards).reviews == ("quick",)
    planner = Planner(scheduler, PlanConfig(answers_per_day=1.2), exam, sessions,
                      card_seconds={"slow": 6.0, "quick": 60.0})
    assert planner.select(cards).reviews == ("slow",)
