"""A study session: one card at a time, answer, grade, undo, and a summary at the end.

Modes: ``today`` (the scheduler's queue; cards failed come back when due again today),
``cram`` (lowest predicted recall first, schedule untouched), ``mistakes`` (cards failed in
the last week, schedule untouched), ``drill`` (a given list, e.g. an exam's mistakes,
schedule untouched) and ``preview`` (a given list as a student would see it, for the bank's
author: nothing is recorded at all).

The session is driven from one thread. `wait_truth` is the one call meant for another thread
(it only waits on the engine), so a UI can wait without freezing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from quizapp.errors import QuizappError
from quizapp.records import Record
from quizapp.study.catalog import CardRef
from quizapp.study.review import Judgement, Review
from quizapp.study.text import interval_words
from quizapp.study.truth import Truth
from quizapp.study.views import CardView, DemoView, Feedback, SessionProgress, SessionSummary

if TYPE_CHECKING:
    from quizapp.progress import AnswerResult, QueueFilter
    from quizapp.study.workspace import Workspace

Mode = Literal["today", "cram", "mistakes", "drill", "preview"]
STORE_MODE = {"today": "study", "cram": "cram", "mistakes": "drill", "drill": "drill", "preview": "preview"}
CRAM_LIMIT = 50


class _Answered(Record, frozen=True):
    key: str
    seed: int
    review_id: int
    rating: int
    correct: bool | None
    topic: str
    due: datetime | None


class StudySession:
    """Today's queue (or a cram / mistakes / drill list) for one front end."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        mode: Mode = "today",
        filters: QueueFilter | None = None,
        keys: list[str] | None = None,
        seed: int | None = None,
        timer: Callable[[], float] = time.monotonic,
        variant_seed: int | None = None,
        second_try: bool | None = None,
    ) -> None:
        from quizapp.progress import QueueFilter

        if mode not in STORE_MODE:
            raise QuizappError(f"unknown study mode {mode!r}; use one of {', '.join(STORE_MODE)}")
        workspace.check_filters(filters)
        self.workspace = workspace
        self.store = workspace.store
        self.mode = mode
        self.filters = filters or QueueFilter()
        self._rng = random.Random(seed)
        self._timer = timer
        self._started = timer()
        self._history: list[_Answered] = []
        self._queue: list[str] = self._fetch(keys)
        self._reviews: dict[str, Review] = {}  # prepared: current and next card
        # A card brought back by undo keeps its variant; ``variant_seed`` fixes every card's.
        self._seeds: dict[str, int] = {}
        self._variant_seed = variant_seed
        self._shown_at: float | None = None
        self._judgement: Judgement | None = None
        self._feedback: Feedback | None = None
        self.second_try = second_try  # None: the settings file, else each bank (or question), decides
        self._config: Any = None  # the settings file, read at the first wrong typed answer
        self._first_try: str = ""  # the wrong first answer of a card given a second try
        self.notice = ""  # something to tell the student once after a grade (a new leech)

    # -- the queue ---------------------------------------------------------------------

    def _fetch(self, keys: list[str] | None = None) -> list[str]:
        catalog = self.workspace.catalog
        if keys is not None:
            wanted = keys
        elif self.mode == "today":
            wanted = self.store.today_queue(self.filters)
        elif self.mode == "cram":
            wanted = self.store.cram(self.filters, CRAM_LIMIT)
        elif self.mode == "mistakes":
            wanted = self.store.mistakes(filters=self.filters)
        else:
            wanted = []
        keys = list(dict.fromkeys(k for k in wanted if k in catalog))  # each card once, where it first comes
        return self._spaced(keys, self._history[-1].key if self._history else None)

    def _spaced(self, keys: list[str], last: str | None) -> list[str]:
        """The same cards, related ones never back to back (statements of one stem, cards a
        bank links with `related:`): a card that would follow a related one waits for the
        first unrelated card to go before it. Order is otherwise kept."""
        catalog = self.workspace.catalog
        out: list[str] = []
        waiting = list(keys)
        previous = last
        while waiting:
            near = catalog.related(previous) if previous else set()
            pick = next((i for i, k in enumerate(waiting) if k not in near), 0)
            previous = waiting.pop(pick)
            out.append(previous)
        return out

    def _review(self, key: str) -> Review:
        review = self._reviews.get(key)
        if review is None:
            ref = self.workspace.catalog.get(key)
            assert ref is not None  # the queue keeps only catalogued keys
            seed = self._seeds.pop(key, self._variant_seed)
            review = Review(self.workspace, ref, self._rng.randrange(2**31) if seed is None else seed)
            self._reviews[key] = review
        return review

    def _drop_removed(self) -> None:
        """Cards whose question left its bank (edited while the app runs) are skipped; the
        card being answered keeps the question it was shown with."""
        catalog = self.workspace.catalog
        self._queue = [k for i, k in enumerate(self._queue)
                       if k in catalog or (i == 0 and k in self._reviews)]

    def _refill(self) -> None:
        if self.workspace.catalog is not getattr(self, "_catalog_seen", self.workspace.catalog):
            self._drop_removed()
        self._catalog_seen = self.workspace.catalog
        # Cards failed today come back when due again (learning steps of minutes), as in Anki.
        if not self._queue and self.mode == "today" and self._history:
            self._queue = self._fetch()
            last = self._history[-1].key
            if len(self._queue) > 1 and self._queue[0] == last:  # not the same card twice in a row
                self._queue.append(self._queue.pop(0))

    @property
    def finished(self) -> bool:
        self._refill()
        return not self._queue

    def current_ref(self) -> CardRef | None:
        self._refill()
        return self._review(self._queue[0]).ref if self._queue else None

    def current(self) -> CardView | None:
        """The card to show now, or None when the session is over.

        Showing a card also asks the engine for its truth and for the next card's, so both
        are usually ready before the student answers.
        """
        self._refill()
        if not self._queue:
            return None
        review = self._review(self._queue[0])
        if self._shown_at is None:
            self._shown_at = self._timer()
        if len(self._queue) > 1:
            self._review(self._queue[1])  # prefetch
        return review.view()

    @property
    def review(self) -> Review:
        """The current card's review (its truth, demonstrations…)."""
        if self.current() is None:
            raise QuizappError("the session is over: there is no card to answer")
        return self._reviews[self._queue[0]]

    def progress(self) -> SessionProgress:
        """Answered in this session, cards left, and how many were right.

        "Left" counts the cards this session will still show: the queue, and (today) the cards
        answered with a learning step that brings them back before the day ends — so the
        count does not jump from "1 left" to "12 left" when they come back."""
        checked = [a for a in self._history if a.correct is not None]
        return SessionProgress(done=len(self._history), left=len(self._queue) + self._coming_back(),
                               right=sum(1 for a in checked if a.correct), checked=len(checked))

    def _coming_back(self) -> int:
        if self.mode != "today" or not self._history:
            return 0
        _start, day_end = self.store.calendar.bounds(self.store.now())
        latest = {a.key: a.due for a in self._history}  # the last answer of each card decides
        return sum(1 for key, due in latest.items()
                   if key not in self._queue and due is not None and due < day_end)

    def try_again(self, text: str) -> Judgement:
        """Check a corrected answer after the verdict: practice only, it changes nothing (the
        grade is still the student's to give). Raises `AnswerFormatError` when unreadable."""
        if self._feedback is None:
            raise QuizappError("answer the card first")
        return self.review.judge_typed(text)

    # -- the truth of the current card ---------------------------------------------------

    def truth(self) -> Truth:
        """The current card's truth now (never blocks)."""
        return self.review.current_truth()

    def wait_truth(self) -> Truth:
        """Wait for the current card's truth and its typical mistakes' values (blocks: call
        from a worker thread or plain mode)."""
        return self.review.wait_ready()

    def ready(self) -> bool:
        """The current card's truth and mistakes are in: a typed answer is judged at once."""
        return self.review.ready()

    def next_hint(self) -> str | None:
        """Show the current card's next hint (before answering); None when there is no more.
        Using one turns a right answer's suggested grade into Hard."""
        if self._feedback is not None:
            return None
        return self.review.next_hint()

    # -- answering ---------------------------------------------------------------------

    @property
    def feedback(self) -> Feedback | None:
        """The feedback of the current card once answered (None before)."""
        return self._feedback

    def _judged(self, judgement: Judgement) -> Feedback:
        if self._feedback is not None:
            raise QuizappError("this card is already answered: grade it (1–4) or undo (u)")
        review = self.review
        self._judgement = judgement
        self._feedback = review.feedback(judgement, self._intervals(review.ref.key))
        review.start_demos()
        return self._feedback

    def _intervals(self, key: str) -> dict[int, str]:
        if STORE_MODE[self.mode] != "study":
            return {}  # practice modes leave the schedule alone: no interval to show
        return {int(r): interval_words(d) for r, d in self.store.preview(key).items()}

    def answer_true_false(self, value: bool) -> Feedback:
        """Answer a true/false statement."""
        return self._judged(self.review.judge_true_false(value))

    def answer_choice(self, number: int) -> Feedback:
        """Pick choice ``number`` (1-based, in the order shown)."""
        return self._judged(self.review.judge_choice(number))

    def check_format(self, text: str) -> None:
        """Raise `AnswerFormatError` (ask again, it is not wrong) if ``text`` cannot be read."""
        self.review.check_format(text)

    def answer_typed(self, text: str) -> Feedback:
        """Check a typed answer. Waits for the truth if it is still computing, so a UI should
        first wait with `wait_truth` in a worker. Raises `AnswerFormatError` when unreadable."""
        review = self.review
        review.check_format(text)
        if self._feedback is not None:
            raise QuizappError("this card is already answered: grade it (1–4) or undo (u)")
        truth = review.truth.current()
        if truth.state == "computing":
            truth = review.wait_ready()
        judgement = review.judge_typed(text, truth)
        if judgement.correct is False and review.second_try_allowed(self._second_try_setting(review.ref.bank.id)):
            # One more try: say what is wrong (the mistake's feedback) but not the answer.
            review.tries += 1
            self._first_try = judgement.response
            return Feedback(key=review.ref.key, kind=review.ref.kind, correct=False, given=judgement.given,
                            expected="", note="", truth_state=truth.state, truth_note="", explain="",
                            model_answer="", key_points=(), default_rating=None, intervals={},
                            diagnosis=review.diagnose(text, truth, reveal=False)[0], retry=True, tries=1)
        if self._first_try:
            from quizapp.records import replace

            judgement = replace(judgement, response=f"{self._first_try} → {judgement.response}")
        return self._judged(judgement)

    def _second_try_setting(self, bank_id: str) -> bool | None:
        """The session's own choice (``--second-try``), else the settings file's `second_try`
        (per bank), else None: the bank decides."""
        if self.second_try is not None:
            return self.second_try
        if self._config is None:
            from quizapp.config import load_config

            self._config = load_config()
        return {"on": True, "off": False}.get(self._config.get("second_try", bank_id))

    def reveal(self) -> Feedback:
        """Show the model answer of an open question (or of any card, to grade oneself)."""
        if self._feedback is not None:
            return self._feedback
        return self._judged(self.review.self_graded())

    def demos(self) -> list[DemoView]:
        """The current card's demonstrations as they stand (after the answer)."""
        return self.review.demo_views()

    def grade(self, rating: int | None = None) -> AnswerResult | None:
        """Record the answer with ``rating`` (default: Good if right, Again if wrong) and
        move to the next card. The answer is durable when this returns. A preview records
        nothing (None)."""
        feedback, judgement = self._feedback, self._judgement
        if feedback is None or judgement is None:
            raise QuizappError("answer the card first")
        rating = rating if rating is not None else feedback.default_rating
        if rating not in (1, 2, 3, 4):
            raise QuizappError("grade with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
        review = self.review
        if self.mode == "preview":  # the author's look at a card: nothing is recorded
            self._history.append(_Answered(review.ref.key, review.seed, -1, rating, judgement.correct,
                                           review.ref.topic, None))
            self._advance()
            return None
        elapsed = self._timer() - (self._shown_at or self._timer())
        key = review.ref.key
        bury: set[str] = set()
        if STORE_MODE[self.mode] == "study" and self.store.settings_for(review.ref.bank.id).bury_related:
            bury = self.workspace.catalog.related(key)
        result = self.store.answer(
            key, rating, duration_ms=int(elapsed * 1000),
            response=judgement.response or None, correct=judgement.correct,
            variant_seed=review.seed if review.ref.question.params else None,
            mode=STORE_MODE[self.mode], bury=sorted(bury),
        )
        if result.buried:  # buried until tomorrow: out of this session too
            self._queue = [self._queue[0]] + [k for k in self._queue[1:] if k not in result.buried]
        self.notice = ""
        if result.leech:
            self.notice = (f"“{review.ref.label}” has been forgotten {result.card.lapses} times: "
                           "it is now tagged leech"
                           + (" and suspended" if result.suspended else "")
                           + ". Rewrite it, split it, or find it with `is:leech` in the browser.")
        self._history.append(_Answered(review.ref.key, review.seed, result.review_id, rating,
                                       judgement.correct, review.ref.topic, result.due))
        self._advance()
        return result

    def _advance(self) -> None:
        key = self._queue.pop(0)
        review = self._reviews.pop(key, None)
        if review is not None and key not in self._queue:
            review.cancel()
        if self._queue and self._queue[0] in self.workspace.catalog.related(key):
            spaced = self._spaced(self._queue, key)
            if spaced[0] != self._queue[0] and self._queue[0] in self._reviews:
                self._reviews.pop(self._queue[0]).cancel()  # prepared again when its turn comes
            self._queue = spaced
        self._shown_at = None
        self._judgement = self._feedback = None
        self._first_try = ""

    def undo(self) -> str | None:
        """Undo the last answer: a shown feedback is withdrawn, else the last recorded answer
        is undone in the store and its card comes back. Returns the key, None if nothing."""
        if self._feedback is not None:
            self._judgement = self._feedback = None
            self.review.tries = 0
            self._first_try = ""
            return self._queue[0]
        if not self._history:
            return None
        last = self._history[-1]
        undone = self.store.undo_last() if self.mode != "preview" else None
        if self.mode != "preview" and (undone is None or undone.key != last.key):
            raise QuizappError("the last answer could not be undone (another session answered since)")
        self._history.pop()
        if self._queue and self._queue[0] in self._reviews:
            self._reviews.pop(self._queue[0]).cancel()  # it will be prepared again when shown
        if last.key in self._queue:
            self._queue.remove(last.key)
        self._queue.insert(0, last.key)
        self._seeds[last.key] = last.seed
        self._reviews.pop(last.key, None)
        self._shown_at = None
        self._first_try = ""
        return last.key

    # -- the end -----------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        """Answered, right, time spent and when cards are due next."""
        ratings = {r: 0 for r in (1, 2, 3, 4)}
        by_topic: dict[str, tuple[int, int]] = {}
        for a in self._history:
            ratings[a.rating] += 1
            name = self.workspace.catalog.topic_name(a.topic)  # as every screen names it
            n, again = by_topic.get(name, (0, 0))
            by_topic[name] = (n + 1, again + (a.rating == 1))
        auto = [a for a in self._history if a.correct is not None]
        dues = [a.due for a in self._history if a.due is not None]
        due_tomorrow = None
        if STORE_MODE[self.mode] == "study":
            days = self.workspace.stats(days=1, ahead=2).due_per_day
            due_tomorrow = days[1][1] if len(days) > 1 else None
        return SessionSummary(
            mode=self.mode,
            answered=len(self._history),
            right=sum(1 for a in auto if a.correct),
            auto_graded=len(auto),
            ratings=ratings,
            seconds=self._timer() - self._started,
            next_due=min(dues) if dues else None,
            due_tomorrow=due_tomorrow,
            by_topic=by_topic,
        )

    def close(self) -> None:
        """Stop waiting on any snippet of this session."""
        for review in self._reviews.values():
            review.cancel()
        self._reviews.clear()
