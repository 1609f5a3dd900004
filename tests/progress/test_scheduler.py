"""FSRS through our settings: previews on the grade keys, limits, settings that persist."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from quizapp.errors import QuizappError
from quizapp.progress.scheduler import (
    NEW,
    CardPhase,
    Rating,
    Scheduler,
    StudySettings,
    rating_for,
)

NOW = datetime(2025, 1, 15, 9, 0, tzinfo=timezone.utc)


def test_new_card_preview_follows_learning_steps() -> None:
    preview = Scheduler(StudySettings(fuzz=False)).preview(NEW, NOW)
    assert preview[Rating.Again] == timedelta(minutes=1)
    assert preview[Rating.Hard] == timedelta(minutes=5, seconds=30)  # between the two steps
    assert preview[Rating.Good] == timedelta(minutes=10)
    assert preview[Rating.Easy] >= timedelta(days=1)  # Easy skips learning


def test_review_card_intervals_grow_with_the_grade() -> None:
    sched = Scheduler(StudySettings(fuzz=False))
    state = NEW
    for rating in (Rating.Good, Rating.Good):
        state = sched.review(state, rating, NOW)
    assert state.phase == CardPhase.Review
    later = NOW + timedelta(days=5)
    preview = sched.preview(state, later)
    assert preview[Rating.Again] == timedelta(minutes=10)  # relearning step
    assert preview[Rating.Hard] < preview[Rating.Good] < preview[Rating.Easy]


def test_maximum_interval_caps_every_grade() -> None:
    sched = Scheduler(StudySettings(fuzz=False, maximum_interval=3))
    state = sched.review(NEW, Rating.Easy, NOW)
    assert max(sched.preview(state, NOW + timedelta(days=3)).values()) <= timedelta(days=3)


def test_higher_desired_retention_gives_shorter_intervals() -> None:
    def good_interval(retention: float) -> timedelta:
        sched = Scheduler(StudySettings(fuzz=False, desired_retention=retention))
        easy = sched.review(NEW, Rating.Easy, NOW)
        return sched.preview(easy, NOW + timedelta(days=8))[Rating.Good]

    assert good_interval(0.95) < good_interval(0.9) < good_interval(0.8)


def test_auto_graded_answers_map_to_again_and_good() -> None:
    assert rating_for(False) is Rating.Again
    assert rating_for(True) is Rating.Good


def test_settings_round_trip_through_json() -> None:
    settings = StudySettings(desired_retention=0.85, learning_steps=(timedelta(minutes=2),),
                             new_per_day=5, rollover_hour=2, fuzz=False,
                             parameters=tuple(float(i % 3 + 1) * 0.1 for i in range(21)))
    assert StudySettings.from_json(settings.to_json()) == settings


@pytest.mark.parametrize("bad", [
    {"desired_retention": 1.2}, {"rollover_hour": 24}, {"new_per_day": -1},
    {"learning_steps": (timedelta(0),)},
])
def test_bad_settings_are_refused_with_a_message(bad: dict) -> None:
    with pytest.raises(QuizappError, match="invalid study settings"):
        StudySettings(**bad)


def test_out_of_bounds_fsrs_parameters_are_a_clear_error() -> None:
    with pytest.raises(QuizappError, match="FSRS parameters"):
        Scheduler(StudySettings(parameters=(500.0,) * 21))


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        Scheduler(StudySettings()).review(NEW, Rating.Good, datetime(2025, 1, 1))
