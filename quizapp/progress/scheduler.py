"""When each card is due next: a thin layer over the `fsrs` package (FSRS-6, as in Anki).

Our own `Rating` and `StudySettings` do not need `fsrs`, so importing this module is cheap;
`fsrs` itself is imported the first time something is scheduled.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Sequence, overload

from quizapp.errors import QuizappError
from quizapp.records import Record, asdict, field, fields, force_setattr, replace

if TYPE_CHECKING:
    import fsrs


class Rating(enum.IntEnum):
    """How well the card was recalled; the same numbers as FSRS and Anki."""

    Again = 1
    Hard = 2
    Good = 3
    Easy = 4


class CardPhase(enum.IntEnum):
    """Where a card stands. FSRS has no "new" state: we keep new cards as ``state IS NULL``."""

    Learning = 1
    Review = 2
    Relearning = 3


def rating_for(correct: bool) -> Rating:
    """The default rating of an auto-graded answer: wrong → Again, right → Good."""
    return Rating.Good if correct else Rating.Again


def _steps(values: Sequence[timedelta | int | float]) -> tuple[timedelta, ...]:
    # Settings read back from JSON hold seconds; code passes timedeltas.
    return tuple(v if isinstance(v, timedelta) else timedelta(seconds=v) for v in values)


class StudySettings(Record, frozen=True):
    """Everything the user can tune about scheduling and daily limits.

    ``parameters`` are the 21 FSRS-6 weights (None: the fsrs defaults, or what
    `quizapp optimize --apply` fitted). ``rollover_hour`` is the local hour at which a new
    study day starts (4 → reviews done at 1 a.m. count for the day before).
    """

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4
    fuzz: bool = True
    parameters: tuple[float, ...] | None = field(default=None)
    bury_related: bool = False  # answering a card buries its related cards until tomorrow
    leech_threshold: int = 8  # lapses that make a card a leech
    leech_action: str = "tag"  # "tag" or "suspend"

    def __post_init__(self) -> None:
        force_setattr(self, "learning_steps", _steps(self.learning_steps))
        force_setattr(self, "relearning_steps", _steps(self.relearning_steps))
        if self.parameters is not None:
            force_setattr(self, "parameters", tuple(float(p) for p in self.parameters))
        problems = []
        if not 0.5 <= self.desired_retention <= 0.99:
            problems.append(
                f"desired_retention must be between 0.5 and 0.99, not {self.desired_retention}"
            )
        if self.maximum_interval < 1:
            problems.append(f"maximum_interval must be at least 1 day, not {self.maximum_interval}")
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            problems.append("new_per_day and reviews_per_day cannot be negative")
        if not 0 <= self.rollover_hour <= 23:
            problems.append(f"rollover_hour must be 0–23, not {self.rollover_hour}")
        if self.leech_threshold < 1 or self.leech_action not in ("tag", "suspend"):
            problems.append("leech_threshold must be at least 1 and leech_action tag or suspend")
        if any(s <= timedelta(0) for s in self.learning_steps + self.relearning_steps):
            problems.append("learning and relearning steps must be positive durations")
        if problems:
            raise QuizappError("invalid study settings: " + "; ".join(problems))

    def to_json(self) -> str:
        """JSON for the settings table (steps in seconds)."""
        data: dict[str, Any] = asdict(self)
        data["learning_steps"] = [s.total_seconds() for s in self.learning_steps]
        data["relearning_steps"] = [s.total_seconds() for s in self.relearning_steps]
        data["parameters"] = list(self.parameters) if self.parameters is not None else None
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StudySettings:
        """Settings saved by `to_json`; unknown keys (from a newer quizapp) are ignored."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise QuizappError(f"the saved study settings are not valid JSON ({exc})") from exc
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_changes(self, **changes: Any) -> StudySettings:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


def utc(moment: datetime) -> datetime:
    """The same instant with ``tzinfo=timezone.utc`` (what fsrs insists on); naive is a bug."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: quizapp only handles timezone-aware times")
    return moment.astimezone(timezone.utc)


@overload
def ms_to_dt(ms: int) -> datetime: ...
@overload
def ms_to_dt(ms: None) -> None: ...
def ms_to_dt(ms: int | None) -> datetime | None:
    """Epoch milliseconds (how the DB stores times) to an aware UTC datetime."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


@overload
def dt_to_ms(moment: datetime) -> int: ...
@overload
def dt_to_ms(moment: None) -> None: ...
def dt_to_ms(moment: datetime | None) -> int | None:
    """An aware datetime to epoch milliseconds (rounded down)."""
    if moment is None:
        return None
    return int(utc(moment).timestamp() * 1000)


class MemoryState(Record, frozen=True):
    """A card's FSRS memory state as the DB stores it; ``phase is None`` means never studied."""

    phase: CardPhase | None = None
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due_ms: int | None = None
    last_review_ms: int | None = None

    @property
    def is_new(self) -> bool:
        return self.phase is None


NEW = MemoryState()


class Scheduler:
    """FSRS with our settings: reviews, previews and recall predictions on `MemoryState`s."""

    def __init__(self, settings: StudySettings) -> None:
        import fsrs

        self.settings = settings
        kwargs: dict[str, Any] = dict(
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            relearning_steps=settings.relearning_steps,
            maximum_interval=settings.maximum_interval,
        )
        if settings.parameters is not None:
            kwargs["parameters"] = settings.parameters
        try:
            self._fuzzed = fsrs.Scheduler(enable_fuzzing=settings.fuzz, **kwargs)
            # Previews and replays must not be random: the fuzz only moves the due date.
            self._exact = fsrs.Scheduler(enable_fuzzing=False, **kwargs)
        except ValueError as exc:
            raise QuizappError(f"invalid FSRS parameters in the study settings: {exc}") from exc
        self._fsrs = fsrs

    def _card(self, state: MemoryState, now: datetime) -> fsrs.Card:
        fsrs = self._fsrs
        if state.phase is None:
            return fsrs.Card(card_id=1, due=now)
        return fsrs.Card(
            card_id=1,
            state=fsrs.State(int(state.phase)),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=ms_to_dt(state.due_ms),
            last_review=ms_to_dt(state.last_review_ms),
        )

    @staticmethod
    def _state(card: fsrs.Card) -> MemoryState:
        return MemoryState(
            phase=CardPhase(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due_ms=dt_to_ms(card.due),
            last_review_ms=dt_to_ms(card.last_review),
        )

    def review(
        self, state: MemoryState, rating: Rating, at: datetime, *, fuzz: bool = True
    ) -> MemoryState:
        """The card's state after being rated `rating` at `at` (fuzzed per the settings)."""
        at = utc(at)
        sched = self._fuzzed if fuzz else self._exact
        card, _log = sched.review_card(self._card(state, at), self._fsrs.Rating(int(rating)), at)
        return self._state(card)

    def preview(self, state: MemoryState, at: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give if pressed at `at` (without fuzz)."""
        at = utc(at)
        out = {}
        for rating in Rating:
            after = self.review(state, rating, at, fuzz=False)
            assert after.due_ms is not None
            out[rating] = timedelta(milliseconds=after.due_ms) - timedelta(
                milliseconds=dt_to_ms(at) or 0
            )
        return out

    def retrievability(self, state: MemoryState, at: datetime) -> float:
        """Predicted probability of recall at `at` (0 for a card never studied)."""
        if state.phase is None:
            return 0.0
        return float(self._exact.get_card_retrievability(self._card(state, utc(at)), utc(at)))

    def retrievability_ms(self, state: MemoryState, at_ms: int) -> float:
        """`retrievability` at epoch ms, without building an fsrs Card: fsrs's own curve and
        constants (`get_card_retrievability`: whole elapsed days), for the exam plan, which
        asks it hundreds of thousands of times."""
        if state.phase is None or state.last_review_ms is None or state.stability is None:
            return 0.0
        elapsed = max(0, (at_ms - state.last_review_ms) // 86_400_000)
        fsrs_scheduler = self._exact
        return float((1 + fsrs_scheduler._FACTOR * elapsed / state.stability)
                     ** fsrs_scheduler._DECAY)

    def days_until_recall(self, stability: float, recall: float) -> float:
        """Days after a review until predicted recall falls to `recall`.

        The inverse of the FSRS-6 forgetting curve R = (1 + f·t/S)^-w20, f = 0.9^(-1/w20) - 1
        (fsrs uses the same formula for its intervals, privately).
        """
        decay = -self._exact.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        return float(stability / factor * (recall ** (1 / decay) - 1))
