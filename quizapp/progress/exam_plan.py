"""Revising toward an exam: which cards to study each day so that as much of the exam's scope as
possible is recalled on the exam date, within a daily budget of answers.

The memory model is the fsrs library's (stability, difficulty, retrievability), through
`Scheduler`: nothing here predicts recall by itself. The policy is recomputed every study day
from the cards' current states (a receding horizon), so a lapse or a skipped day is absorbed the
next day. For one day it is:

1. cards already in their learning steps come first (the queue shows them; they cost answers);
2. new cards: the scope's unseen cards are spread evenly over the days up to `gap` days before
   the exam, so that each is reviewed again before the exam. When the budget cannot do that,
   the plan says so (and what budget would), then spreads them over every day left: a card
   seen once is worth far more on the exam than another review of a card already known;
3. reviews in between: a card comes back when its predicted recall falls to
   `PlanConfig.mid_retention` — lower than the long-term target, because the last pass before
   the exam brings it back up, and a review at lower recall makes memory more stable
   (cheaper per answer). The day may move within the card's fuzz range, to even out the days.
   Not in the last `gap` days: there every review is a last pass, given out by need (this
   alone took the bench from 0.869 to 0.885 mean true recall, at the same answers);
4. the last pass: a card whose recall at the exam, with no more study, would stay below
   `exam_goal` gets one review in the final days. Those passes are given out from the
   exam backwards, the least stable cards latest, at most what each day's budget allows;
5. when a day's budget is short, the reviews that add the most predicted exam-day recall per
   minute go first (each card's time per answer from the log, `card_seconds`).

After the exam the cards are due again when fsrs set them due at their latest answer; cards
left overdue at the exam come back over `RETURN_DAYS` days, weakest first (see `planning.held_back_after_exam`).
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from typing import Sequence

from quizapp.progress.models import _ToDict
from quizapp.progress.scheduler import (
    NEW,
    CardPhase,
    MemoryState,
    Rating,
    Scheduler,
    dt_to_ms,
)
from quizapp.records import Record, field

RETURN_DAYS = 7  # days over which cards overdue at the exam come back afterwards
_DAY_MS = 86_400_000
DEFAULT_SECONDS_PER_ANSWER = 12.0  # before the student's own log says otherwise
DEFAULT_NEW_COST = 2.5  # answers a new card takes on its first day (two learning steps, lapses)
_Z95 = 1.96
# How a student rates: a new card's first answer, and a recalled card (fsrs's simulator's
# shape; the share of Again on a review comes from the predicted recall itself).
FIRST_RATINGS = ([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy], [0.2, 0.05, 0.65, 0.1])
RECALLED_RATINGS = ([Rating.Hard, Rating.Good, Rating.Easy], [0.1, 0.8, 0.1])


class PlanConfig(Record, frozen=True):
    """How the plan spends the days: budget, easy days and its retention thresholds."""

    answers_per_day: float
    easy_days: frozenset[int] = frozenset()  # weekdays (0 = Monday) that get less
    easy_factor: float = 0.5
    new_cost: float = DEFAULT_NEW_COST
    mid_retention: float = 0.85
    exam_goal: float = 0.95
    gap_days: int = 5  # new cards all started this many days before the exam (see `gap_for`)
    fill_new: bool = True  # start more new cards on days the budget has room (earlier is better)
    last_pass_share: float = 0.4  # of a day's budget for last passes while new cards still come


class PlanCard(Record, frozen=True):
    """One card of the exam's scope as the plan sees it."""

    key: str
    topic: str
    memory: MemoryState


class DaySelection(Record, _ToDict, frozen=True):
    """What one study day holds: new cards to start, reviews, and the answers they cost."""

    day: date
    new: tuple[str, ...]
    reviews: tuple[str, ...]
    learning: int  # cards already in learning steps at the start of the day
    answers: float  # expected answers (learning steps and relapses included)
    budget: float


class Feasibility(Record, _ToDict, frozen=True):
    """Whether the budget covers the scope: every card seen, then reviewed before the exam."""

    feasible: bool
    needed_per_day: int  # answers a day that would cover it
    budget_per_day: float
    unseen: int
    message: str


class TopicOutlook(Record, _ToDict, frozen=True):
    topic: str
    cards: int
    unseen: int
    planned: float  # mean predicted recall at the exam if the plan is followed
    idle: float  # ... if the student stops now


class Score(Record, _ToDict, frozen=True):
    """Expected share of the scope recalled, with a 95% interval from the per-card chances."""

    mean: float
    low: float
    high: float


class PlanDay(Record, _ToDict, frozen=True):
    day: date
    answers: float
    new: int
    reviews: int
    recall: float  # mean predicted recall of the scope at that day's session (after it)
    idle_recall: float = 0.0  # ... had study stopped at the start of the plan


class ExamPlanOutlook(Record, _ToDict, frozen=True):
    """The plan to the exam and what to expect from it."""

    exam_at: datetime
    cards: int
    planned: Score
    idle: Score
    topics: list[TopicOutlook]
    days: list[PlanDay]
    today: DaySelection | None
    feasibility: Feasibility
    per_card_planned: dict[str, float] = field(default_factory=dict)
    answers_by_topic: dict[str, int] = field(default_factory=dict)  # if every answer is Good

    def weakest(self, n: int = 3) -> list[TopicOutlook]:
        """Up to `n` topics expected below the scope's mean at the exam (by a point or more),
        weakest first."""
        return [t for t in sorted(self.topics, key=lambda t: t.planned)
                if t.planned < self.planned.mean - 0.01][:n]


def score(probabilities: Sequence[float]) -> Score:
    """Mean of per-card recall chances, with a normal 95% interval of the share recalled
    (the cards are independent Bernoulli trials: variance Σ p(1−p) / n²)."""
    n = len(probabilities)
    if not n:
        return Score(0.0, 0.0, 0.0)
    mean = sum(probabilities) / n
    half = _Z95 * math.sqrt(sum(p * (1 - p) for p in probabilities)) / n
    return Score(mean, max(0.0, mean - half), min(1.0, mean + half))


def _gap(config: PlanConfig, days_left: int) -> int:
    """Days kept free of new cards before the exam, so that each new card is reviewed again
    after its first day. Fixed for the whole plan (the planner is made anew each day: a gap
    shrinking with the days left would let new cards in up to the eve of the exam); the
    caller gives fewer when the exam was declared close (`gap_for`)."""
    return max(1, config.gap_days)


def gap_for(total_days: int, most: int = 5) -> int:
    """The gap of a plan that spans `total_days` study days from its start: `most`, fewer
    when the exam was declared close (one day at least)."""
    return max(1, min(most, total_days - 1))


def day_budget(config: PlanConfig, day: date) -> float:
    return config.answers_per_day * (config.easy_factor if day.weekday() in config.easy_days else 1.0)


def _fuzz_days(interval_days: float) -> int:
    """How far fsrs's fuzz may move a due date of this interval (its own ranges, rounded)."""
    if interval_days < 2.5:
        return 0
    delta = 1.0 + 0.15 * max(min(interval_days, 7) - 2.5, 0) + 0.1 * max(
        min(interval_days, 20) - 7, 0) + 0.05 * max(interval_days - 20, 0)
    return int(delta)


class Planner:
    """The day's choice of cards for one exam, from the cards' states (see the module doc).

    `sessions` are the remaining study days, today first, each with the instant its study is
    expected at (today: now); the exam is at `exam_at`, after the last of them.
    """

    def __init__(self, scheduler: Scheduler, config: PlanConfig, exam_at: datetime,
                 sessions: Sequence[tuple[date, datetime]],
                 card_seconds: dict[str, float] | None = None) -> None:
        """`card_seconds`: how long each card takes to answer, from the log (cards not in it
        take the typical time): reviews are ranked by exam-day recall gained per minute."""
        self.card_seconds = card_seconds or {}
        typical = sorted(self.card_seconds.values())
        self.typical_seconds = typical[len(typical) // 2] if typical else 1.0
        self.scheduler = scheduler
        self.config = config
        self.exam_at = exam_at
        self.days = [d for d, _at in sessions]
        self.sessions = [at for _d, at in sessions]
        self.exam_ms = dt_to_ms(exam_at)

    # -- the fsrs model, per card ------------------------------------------------------

    def recall_at_exam(self, memory: MemoryState) -> float:
        return self.scheduler.retrievability_ms(memory, self.exam_ms)

    def recall_at(self, memory: MemoryState, at: datetime) -> float:
        return self.scheduler.retrievability_ms(memory, dt_to_ms(at))

    def after_good(self, memory: MemoryState, at: datetime) -> MemoryState:
        """The state after answering Good at `at` (through the learning steps for a new or
        learning card: the plan's expectation, as the readiness forecast's)."""
        return self.answered_good(memory, at)[0]

    def answered_good(self, memory: MemoryState, at: datetime) -> tuple[MemoryState, int]:
        """`after_good`, and the answers it took."""
        memory = self.scheduler.review(memory, Rating.Good, at, fuzz=False)
        answers = 1
        while memory.phase != CardPhase.Review and answers < 6:
            assert memory.due_ms is not None
            memory = self.scheduler.review(memory, Rating.Good, max(at, _dt(memory.due_ms)),
                                           fuzz=False)
            answers += 1
        return memory, answers

    def _days_to(self, memory: MemoryState, recall: float) -> float:
        """Days after the card's last review until its predicted recall falls to `recall`."""
        assert memory.stability is not None
        return self.scheduler.days_until_recall(memory.stability, recall)

    # -- feasibility -------------------------------------------------------------------

    def feasibility(self, unseen: int, reviewing: int) -> Feasibility:
        """Can every unseen card be started and reviewed once more before the exam, with the
        cards already studied getting their last pass? `reviewing`: cards in review now."""
        days = len(self.sessions)
        gap = _gap(self.config, days)
        budgets = [day_budget(self.config, d) for d in self.days]
        window = max(0, days - gap)  # the days new cards may start on
        need = unseen * (self.config.new_cost + 1.0) + reviewing
        have = sum(budgets)
        intro_need, intro_have = unseen * self.config.new_cost, sum(budgets[:window])
        per_day = self.config.answers_per_day
        if not days:
            return Feasibility(False, 0, per_day, unseen,
                               "The exam is too close to plan for: study what you can now.")
        if unseen and not window:
            return Feasibility(False, 0, per_day, unseen, (
                f"The exam is too close for its {unseen} new cards to be reviewed again on a "
                "later day: the plan starts them all as early as it can."))
        feasible = need <= have and intro_need <= intro_have
        ratio = max(need / have if have else math.inf,
                    intro_need / intro_have if intro_need else 0.0)
        needed = math.ceil(per_day * ratio) if math.isfinite(ratio) else 0
        message = "" if feasible else (
            f"{per_day:.0f} answers a day cannot cover the scope before the exam: {unseen} cards "
            f"are still new, and starting each in time and reviewing it once more takes about "
            f"{needed} answers a day. The plan below starts every card it can and makes the "
            "most of the budget.")
        return Feasibility(feasible, needed, per_day, unseen, message)

    # -- one day -----------------------------------------------------------------------

    def select(self, cards: Sequence[PlanCard], day_index: int = 0,
               used: float = 0.0) -> DaySelection:
        """The cards for study day `day_index` (0 = today), given the states at its start.

        `used`: answers already spent today on things outside the plan's choice.
        """
        at = self.sessions[day_index]
        today = self.days[day_index]
        days_left = len(self.sessions) - day_index
        budget = day_budget(self.config, today)
        at_ms = dt_to_ms(at)
        new = [c for c in cards if c.memory.is_new]
        learning = [c for c in cards if c.memory.phase in (CardPhase.Learning, CardPhase.Relearning)]
        review = [c for c in cards if c.memory.phase == CardPhase.Review]
        left = budget - used - 1.5 * len(learning)

        # New cards: evenly over the days that leave `gap` days to review them again.
        gap = _gap(self.config, len(self.sessions))
        fits = self.feasibility(len(new), 0).feasible if day_index == 0 else True
        window = days_left - gap if fits else days_left
        window = max(1, window)
        quota = math.ceil(len(new) / window) if new else 0

        # Reviews: in-between (recall at mid_retention), and the last pass before the exam.
        must: list[tuple[float, PlanCard]] = []  # (gain per typical answer's time, card)
        may: list[tuple[int, PlanCard]] = []  # (days ahead of its time, card): load balancing
        last_pass = self._last_pass_days(review, day_index)
        for card in review:
            m = card.memory
            assert m.last_review_ms is not None
            mid_day = (m.last_review_ms - at_ms) / _DAY_MS + self._days_to(m, self.config.mid_retention)
            assigned = last_pass.get(card.key)
            # In the final days every review is a last pass: those are given out by need.
            due_mid = mid_day <= 0.5 and mid_day < days_left - 0.5 and days_left > gap
            if due_mid or (assigned is not None and assigned <= day_index):
                minutes = self.card_seconds.get(card.key, self.typical_seconds) / self.typical_seconds
                must.append((self._gain(m, at) / minutes, card))
            elif assigned is None and mid_day < days_left - 0.5:
                interval = (m.last_review_ms and (at_ms - m.last_review_ms) / _DAY_MS) + mid_day
                ahead = math.ceil(mid_day)
                if ahead <= _fuzz_days(interval):
                    may.append((ahead, card))

        intro_gain = self._intro_gain(at) / self.config.new_cost if new else 0.0
        chosen_new: list[str] = []
        chosen_rev: list[str] = []
        cost_rev = 1.2  # a review, plus a relearning step now and then
        # Today's share of new cards first: a card never seen scores nothing at the exam, and
        # the quota is what lets every card be seen (and reviewed again) in time. Then the
        # reviews that add the most exam-day recall per answer.
        queue = [(intro_gain, "n", c.key) for c in new[:quota]] + sorted(
            [(g, "r", c.key) for g, c in must], key=lambda x: -x[0])
        for _gain, kind, key in queue:
            cost = self.config.new_cost if kind == "n" else cost_rev
            if left < cost - 0.5:
                continue
            left -= cost
            (chosen_new if kind == "n" else chosen_rev).append(key)
        if self.config.fill_new and days_left > gap:
            # Room left: start the next new cards now rather than later (more time to settle).
            for card in new[quota:]:
                if left < self.config.new_cost - 0.5:
                    break
                left -= self.config.new_cost
                chosen_new.append(card.key)
        # Even out the days: cards nearly due come today when today is light.
        target = self._typical_load(review, day_index)
        spent = budget - left
        for _ahead, card in sorted(may, key=lambda x: x[0]):
            if spent + cost_rev > min(target, budget) or left < cost_rev:
                break
            chosen_rev.append(card.key)
            spent += cost_rev
            left -= cost_rev
        return DaySelection(
            day=today, new=tuple(chosen_new), reviews=tuple(chosen_rev), learning=len(learning),
            answers=round(budget - left - max(0.0, used), 1), budget=budget,
        )

    def _intro_gain(self, at: datetime) -> float:
        return self.recall_at_exam(self.after_good(NEW, at))

    def _gain(self, memory: MemoryState, at: datetime) -> float:
        """Predicted exam-day recall a review at `at` adds (if it is the last before the
        exam), per answer."""
        before = self.recall_at_exam(memory)
        after = self.recall_at_exam(self.after_good(memory, at))
        return max(0.0, after - before) / 1.2

    def _last_pass_days(self, review: Sequence[PlanCard], day_index: int) -> dict[str, int]:
        """The day of each card's last pass: cards that would fall below `exam_goal` by the
        exam, from the last day backwards, least stable latest, within each day's budget."""
        needing = [c for c in review if self.recall_at_exam(c.memory) < self.config.exam_goal]
        needing.sort(key=lambda c: self.recall_at_exam(c.memory))
        days = list(range(len(self.sessions) - 1, day_index - 1, -1))
        gap = _gap(self.config, len(self.sessions))
        out: dict[str, int] = {}
        i = 0
        for d in days:
            # while new cards still come in, their days have less room for last passes
            room = day_budget(self.config, self.days[d])
            if d < len(self.sessions) - gap:
                room *= self.config.last_pass_share
            n = int(room / 1.2)
            for card in needing[i:i + n]:
                out[card.key] = d
            i += n
            if i >= len(needing):
                break
        # No room for the most stable of them: they go without a last pass (reviewing them now
        # instead would be wasted on the exam).
        return out

    def _typical_load(self, review: Sequence[PlanCard], day_index: int) -> float:
        """Answers a day the plan may spend on in-between reviews: the budget, less on the
        days while new cards still arrive (they need their reviews later)."""
        return day_budget(self.config, self.days[day_index]) * 0.9

    # -- the whole way to the exam ------------------------------------------------------

    def answered(self, memory: MemoryState, at: datetime, rng: random.Random) -> tuple[MemoryState, int]:
        """One showing of a card in a rollout: ratings drawn from the model (a new card's first
        rating from `FIRST_RATINGS`; later, recalled with its predicted recall), through the
        learning steps; the state after it and the answers it took."""
        answers = 0
        while True:
            if memory.is_new:
                rating = rng.choices(*FIRST_RATINGS)[0]
            elif rng.random() < self.recall_at(memory, at):
                rating = rng.choices(*RECALLED_RATINGS)[0]
            else:
                rating = Rating.Again
            memory = self.scheduler.review(memory, rating, at, fuzz=False)
            answers += 1
            if memory.phase == CardPhase.Review or answers >= 8:
                return memory, answers
            assert memory.due_ms is not None
            at = max(at, _dt(memory.due_ms))

    def _rollout(self, cards: Sequence[PlanCard], used_today: float,
                 rng: random.Random | None) -> tuple[dict[str, float], list[PlanDay],
                                                     DaySelection | None, dict[str, int]]:
        """Follow the plan to the exam once: every answer Good (`rng` None) or drawn."""
        states = {c.key: c for c in cards}
        days: list[PlanDay] = []
        today: DaySelection | None = None
        by_topic: dict[str, int] = {}
        for index, at in enumerate(self.sessions):
            sel = self.select(list(states.values()), index, used_today if index == 0 else 0.0)
            today = today or sel
            learning = [k for k, c in states.items()
                        if c.memory.phase in (CardPhase.Learning, CardPhase.Relearning)]
            spent = 0
            for key in (*learning, *sel.new, *sel.reviews):
                c = states[key]
                memory, answers = (self.answered_good(c.memory, at) if rng is None
                                   else self.answered(c.memory, at, rng))
                states[key] = PlanCard(c.key, c.topic, memory)
                by_topic[c.topic] = by_topic.get(c.topic, 0) + answers
                spent += answers
            later = dt_to_ms(at + timedelta(hours=1))
            recall = [self.scheduler.retrievability_ms(c.memory, later) for c in states.values()]
            days.append(PlanDay(sel.day, float(spent), len(sel.new), len(sel.reviews),
                                sum(recall) / max(1, len(recall))))
        return ({k: self.recall_at_exam(c.memory) for k, c in states.items()}, days, today,
                by_topic)

    def outlook(self, cards: Sequence[PlanCard], *, used_today: float = 0.0,
                rollouts: int | None = None) -> ExamPlanOutlook:
        """Follow the plan to the exam `rollouts` times, each answer recalled or not as the
        model predicts (a plan that assumed every answer right would promise too much), and
        report the expected score against stopping now. Today's choice is the same in every
        rollout. `rollouts` None: as many as keep the work to about 60,000 card-days (1 to 8;
        with many cards one rollout already averages over them)."""
        if rollouts is None:
            work = max(1, len(cards) * len(self.sessions))
            rollouts = max(1, min(8, 60_000 // work))
        idle = {c.key: self.recall_at_exam(c.memory) for c in cards}
        unseen = sum(c.memory.is_new for c in cards)
        reviewing = sum(c.memory.phase == CardPhase.Review
                        and self.recall_at_exam(c.memory) < self.config.exam_goal for c in cards)
        feasibility = self.feasibility(unseen, reviewing)
        runs = [self._rollout(cards, used_today, random.Random(i)) for i in range(rollouts)]
        planned = {c.key: sum(run[0][c.key] for run in runs) / rollouts for c in cards}
        today = runs[0][2] if runs else None
        days = []
        for index, first in enumerate(runs[0][1] if runs else []):
            at_ms = dt_to_ms(self.sessions[index] + timedelta(hours=1))
            stopped = [self.scheduler.retrievability_ms(c.memory, at_ms) for c in cards]
            days.append(PlanDay(
                # new cards and reviews of one rollout (the counts of a day the student may
                # see); answers and recall averaged over all
                first.day, sum(run[1][index].answers for run in runs) / rollouts,
                first.new, first.reviews,
                sum(run[1][index].recall for run in runs) / rollouts,
                sum(stopped) / max(1, len(stopped))))
        by_topic = {t: round(sum(run[3].get(t, 0) for run in runs) / rollouts)
                    for t in {c.topic for c in cards}}
        topics: dict[str, list[float]] = {}
        for c in cards:
            acc = topics.setdefault(c.topic, [0, 0, 0.0, 0.0])
            acc[0] += 1
            acc[1] += c.memory.is_new
            acc[2] += planned[c.key]
            acc[3] += idle[c.key]
        return ExamPlanOutlook(
            exam_at=self.exam_at, cards=len(cards), planned=score(list(planned.values())),
            idle=score(list(idle.values())),
            topics=[TopicOutlook(t, int(n), int(u), p / n, i / n)
                    for t, (n, u, p, i) in sorted(topics.items())],
            days=days, today=today, feasibility=feasibility, per_card_planned=planned,
            answers_by_topic=by_topic,
        )


def _dt(ms: int) -> datetime:
    from quizapp.progress.scheduler import ms_to_dt

    return ms_to_dt(ms)

