"""Exam plan vs today's scheduling, on a simulated student whose true memory is not the model's.

400 cards of the exam's scope, never seen; the exam 28 days away (09:00 on day 28); the student
studies once a day (18:00) and answers at most `--budget` cards a day (every answer counts:
new cards, learning steps, reviews, relearning). Two schedules, same student, same seed:

- baseline: today's queue (desired retention 0.9, 20 new cards a day, reviews first, most
  overdue first), stopped at the same daily cap;
- plan: `quizapp.progress.exam_plan.Planner`, recomputed every day from the cards' states.

Both record every answer with the app's scheduler (fsrs default parameters, fuzz on), which
is what the planner assumes. The student's TRUE memory is another fsrs model: initial
stabilities, the growth of stability and the forgetting curve's decay are changed per seed,
and each card gets its own forgetfulness exponent (recall = R_true ** k, k in 0.8–1.6). The
score is the mean TRUE recall of the scope on exam morning (a card never seen counts 0).

Run: `python bench/exam_plan.py` (20 seeds, two budgets) or `--quick` (3 seeds).
The last line is JSON: the first scenario's figures, and `half_budget` the second's.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import fsrs

from quizapp.progress.exam_plan import PlanCard, PlanConfig, Planner
from quizapp.progress.scheduler import (
    NEW,
    CardPhase,
    MemoryState,
    Rating,
    Scheduler,
    StudySettings,
    dt_to_ms,
    ms_to_dt,
)

CARDS, DAYS = 400, 28
START = datetime(2026, 1, 5, tzinfo=timezone.utc)  # a Monday
SESSION_HOUR, EXAM_HOUR = 18, 9
FIRST = ([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy], [20, 5, 65, 10])
RECALLED = ([Rating.Hard, Rating.Good, Rating.Easy], [10, 80, 10])
BASELINE_NEW = 20


class Student:
    """The cards' model states (what the app stores) and their true states (what the student
    really remembers), answered together."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.app = Scheduler(StudySettings(desired_retention=0.9, fuzz=True))
        true = list(fsrs.scheduler.DEFAULT_PARAMETERS)
        k = self.rng.uniform(0.4, 0.9)
        for i in range(4):
            true[i] *= k  # forgets new cards sooner than the model thinks
        true[8] += self.rng.uniform(-0.4, 0.1)  # stability grows less (or a little more)
        true[20] = self.rng.uniform(0.12, 0.35)  # another shape of forgetting curve
        self.truth = Scheduler(StudySettings(fuzz=False, parameters=tuple(true)))
        self.keys = [f"c{i:03d}" for i in range(CARDS)]
        self.topic = {k: f"topic{i % 8}" for i, k in enumerate(self.keys)}
        self.forget = {k: self.rng.uniform(0.8, 1.6) for k in self.keys}
        self.model: dict[str, MemoryState] = {k: NEW for k in self.keys}
        self.true: dict[str, MemoryState] = {k: NEW for k in self.keys}
        self.answers = 0
        # fsrs's fuzz draws from the global `random`: make it follow the seed too
        random.seed(seed)

    def answer(self, key: str, at: datetime) -> None:
        m, t = self.model[key], self.true[key]
        if m.is_new:
            rating = self.rng.choices(*FIRST)[0]
        else:
            p = self.truth.retrievability(t, at) ** self.forget[key]
            rating = self.rng.choices(*RECALLED)[0] if self.rng.random() < p else Rating.Again
        self.model[key] = self.app.review(m, rating, at)
        self.true[key] = self.truth.review(t, rating, at, fuzz=False)
        self.answers += 1

    def learning_due(self, until_ms: int) -> list[str]:
        return sorted((k for k, m in self.model.items()
                       if m.phase in (CardPhase.Learning, CardPhase.Relearning)
                       and (m.due_ms or 0) <= until_ms), key=lambda k: self.model[k].due_ms or 0)

    def session(self, first: list[str], at: datetime, cap: int) -> int:
        """Answer `first` in order, then learning steps as they fall due (within two hours),
        never more than `cap` answers; returns the answers given."""
        clock, given = at, 0
        for key in self.learning_due(dt_to_ms(at)) + first:
            if given >= cap:
                return given
            self.answer(key, clock)
            given += 1
            clock += timedelta(seconds=10)
        end = dt_to_ms(at + timedelta(hours=2))
        while given < cap:
            due = self.learning_due(end)
            if not due:
                break
            clock = max(clock, ms_to_dt(self.model[due[0]].due_ms or 0))
            self.answer(due[0], clock)
            given += 1
            clock += timedelta(seconds=10)
        return given

    def exam(self, at: datetime) -> tuple[float, float, int]:
        recall = [self.truth.retrievability(self.true[k], at) ** self.forget[k] for k in self.keys]
        unseen = sum(self.true[k].is_new for k in self.keys)
        return (sum(recall) / len(recall), sum(r < 0.8 for r in recall) / len(recall), unseen)


def _day(i: int) -> date:
    return (START + timedelta(days=i)).date()


def _at(i: int) -> datetime:
    return START + timedelta(days=i, hours=SESSION_HOUR)


def run_baseline(seed: int, budget: int) -> tuple[float, float, int, int]:
    s = Student(seed)
    for d in range(DAYS):
        at = _at(d)
        end_ms = dt_to_ms(START + timedelta(days=d + 1))
        due = sorted((k for k, m in s.model.items()
                      if m.phase == CardPhase.Review and (m.due_ms or 0) < end_ms),
                     key=lambda k: s.model[k].due_ms or 0)
        new = [k for k in s.keys if s.model[k].is_new][:BASELINE_NEW]
        s.session(due + new, at, budget)
    recall, under, unseen = s.exam(START + timedelta(days=DAYS, hours=EXAM_HOUR))
    return recall, under, unseen, s.answers


def run_plan(seed: int, budget: int) -> tuple[float, float, int, int, str]:
    s = Student(seed)
    exam_at = START + timedelta(days=DAYS, hours=EXAM_HOUR)
    config = PlanConfig(answers_per_day=budget)
    message = ""
    for d in range(DAYS):
        sessions = [(_day(i), _at(i)) for i in range(d, DAYS)]
        planner = Planner(s.app, config, exam_at, sessions)
        cards = [PlanCard(k, s.topic[k], s.model[k]) for k in s.keys]
        if d == 0:
            unseen = sum(c.memory.is_new for c in cards)
            message = planner.feasibility(unseen, 0).message
        sel = planner.select(cards)
        s.session(list(sel.reviews) + list(sel.new), _at(d), budget)
    recall, under, unseen = s.exam(exam_at)
    return recall, under, unseen, s.answers, message


def scenario(seeds: int, budget: int) -> dict:
    rows = []
    message = ""
    for seed in range(seeds):
        b = run_baseline(seed, budget)
        p = run_plan(seed, budget)
        message = p[4] or message
        rows.append((p, b))
        print(f"  budget {budget:>3} seed {seed:>2}: plan recall {p[0]:.3f} ({p[3]} answers, "
              f"{p[2]} unseen)  baseline {b[0]:.3f} ({b[3]} answers, {b[2]} unseen)", flush=True)
    mean = statistics.fmean
    return {
        "seeds": seeds,
        "budget": budget,
        "planned_recall": round(mean(p[0] for p, _ in rows), 4),
        "baseline_recall": round(mean(b[0] for _, b in rows), 4),
        "planned_reviews": round(mean(p[3] for p, _ in rows), 1),
        "baseline_reviews": round(mean(b[3] for _, b in rows), 1),
        "planned_under_80": round(mean(p[1] for p, _ in rows), 4),
        "baseline_under_80": round(mean(b[1] for _, b in rows), 4),
        "planned_unseen": round(mean(p[2] for p, _ in rows), 2),
        "baseline_unseen": round(mean(b[2] for _, b in rows), 2),
        "plan_wins_every_seed": all(p[0] > b[0] for p, b in rows),
        "plan_never_more_answers": all(p[3] <= b[3] for p, b in rows),
        "infeasible_message": message,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 seeds instead of 20")
    parser.add_argument("--seeds", type=int, default=None)
    parser.add_argument("--budget", type=int, default=60)
    args = parser.parse_args()
    seeds = args.seeds or (3 if args.quick else 20)
    started = time.perf_counter()
    full = scenario(seeds, args.budget)
    print(f"budget {args.budget}: plan {full['planned_recall']:.3f} vs baseline "
          f"{full['baseline_recall']:.3f}; answers {full['planned_reviews']} vs "
          f"{full['baseline_reviews']}; unseen {full['planned_unseen']} vs {full['baseline_unseen']}")
    half = scenario(seeds, args.budget // 2)
    print(f"budget {args.budget // 2}: plan {half['planned_recall']:.3f} vs baseline "
          f"{half['baseline_recall']:.3f}; answers {half['planned_reviews']} vs "
          f"{half['baseline_reviews']}; unseen {half['planned_unseen']} vs {half['baseline_unseen']}")
    print(f"infeasibility message at {args.budget // 2}/day: {half['infeasible_message']!r}")
    print(f"({time.perf_counter() - started:.0f} s)")
    print(json.dumps({**{k: v for k, v in full.items() if k != "infeasible_message"},
                      "half_budget": half}))


if __name__ == "__main__":
    main()
