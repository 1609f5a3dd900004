"""Today's queue, limits and study days; cram, mistakes and counts for the home screen."""

from __future__ import annotations

from quizapp.progress.models import DeckCount, QueueFilter
from quizapp.progress.reports import ExamConfig
from quizapp.progress.scheduler import Rating
from tests.progress.conftest import make_cards


def _is_new(store, key: str) -> bool:
    return store.card_state(key).state == "new"


def test_the_new_card_limit_resets_at_the_rollover_hour_in_local_time(open_store, clock) -> None:
    store = open_store(new_per_day=2, rollover_hour=4)
    store.sync_cards(make_cards(), banks=["dl"])
    for key in store.today_queue()[:2]:
        store.answer(key, Rating.Easy)  # 10:00 in Paris
    assert not any(_is_new(store, k) for k in store.today_queue())
    clock.advance(hours=16, minutes=30)  # 02:30 in Paris: still the same study day
    assert not any(_is_new(store, k) for k in store.today_queue())
    clock.advance(hours=1, minutes=30)  # 04:00 in Paris: a new study day
    assert [k for k in store.today_queue() if _is_new(store, k)] == ["dl/q002", "dl/q003"]


def test_the_review_limit_counts_todays_reviews(open_store, clock) -> None:
    store = open_store(reviews_per_day=3, new_per_day=0)
    store.sync_cards(make_cards(), banks=["dl"])
    for i in range(6):
        store.answer(f"dl/q{i:03d}", Rating.Easy)
    clock.advance(days=40)
    queue = store.today_queue()
    assert len(queue) == 3 and all(store.card_state(k).state == "review" for k in queue)
    store.answer(queue[0], Rating.Good)
    assert len(store.today_queue()) == 2


def test_queue_order_learning_due_then_reviews_then_new_then_learning_later(
    open_store, clock
) -> None:
    store = open_store(new_per_day=2)
    store.sync_cards(make_cards(n=6), banks=["dl"])
    store.answer("dl/q000", Rating.Easy)   # review card, due in days
    store.answer("dl/q001", Rating.Good)   # learning, due in 10 minutes
    store.answer("dl/q002", Rating.Again)  # learning, due in 1 minute
    clock.advance(days=12, hours=1)        # new study day; all three are due
    store.answer("dl/q003", Rating.Again)  # new today, due again in a minute
    assert store.today_queue() == ["dl/q002", "dl/q001", "dl/q000", "dl/q004", "dl/q003"]
    assert store.next_card() == "dl/q002"
    assert store.today_queue(limit=3) == ["dl/q002", "dl/q001", "dl/q000"]


def test_filters_by_bank_topic_and_tag(store) -> None:
    store.sync_cards(make_cards(bank="rl", n=2), banks=["rl"])
    assert set(store.cram(QueueFilter(banks=("rl",)), limit=99)) == {"rl/q000", "rl/q001"}
    cnn = store.cram(QueueFilter(topics=("cnn",)), limit=99)
    assert cnn and all(store.card_state(k).topic == "cnn" for k in cnn)
    hard = store.cram(QueueFilter(banks=("dl",), tags=("hard",)), limit=99)
    assert sorted(hard) == [f"dl/q{i:03d}" for i in range(1, 12, 2)]
    assert store.cram(QueueFilter(banks="dl", topics="cnn", tags="hard"), limit=99) == [
        "dl/q003", "dl/q009"]


def test_cram_puts_the_least_remembered_first_and_changes_no_schedule(store, clock) -> None:
    keys = [f"dl/q{i:03d}" for i in range(6)]
    for key, rating in zip(keys, [Rating.Easy, Rating.Good, Rating.Hard, Rating.Easy,
                                   Rating.Again, Rating.Good], strict=True):
        store.answer(key, rating)
        clock.advance(days=2)
    before = {k: store.card_state(k) for k in keys}
    order = store.cram(limit=12)
    assert all(_is_new(store, k) for k in order[:6])  # never studied: recall 0
    recall = [store.retrievability(k) for k in order[6:]]
    assert sorted(order[6:]) == keys and recall == sorted(recall)
    assert recall[0] < recall[-1]
    assert {k: store.card_state(k) for k in keys} == before
    assert store.cram(limit=3, include_new=False) == order[6:9]


def test_mistakes_are_recent_failures_from_study_cram_and_exams(store, clock) -> None:
    store.answer("dl/q000", Rating.Again)
    clock.advance(days=8)
    store.answer("dl/q001", Rating.Again, mode="cram")
    store.answer("dl/q002", Rating.Again)
    store.undo_last()                       # undone: not a mistake
    exam = store.start_exam(ExamConfig(title="mock"))
    store.record_exam_answer(exam, "dl/q003", "42", correct=False, duration_ms=5000)
    store.record_exam_answer(exam, "dl/q004", "7", correct=True, duration_ms=5000)
    clock.advance(minutes=1)
    store.answer("dl/q005", Rating.Again, mode="drill")
    assert store.mistakes(since_days=7) == ["dl/q005", "dl/q003", "dl/q001"]
    assert "dl/q000" in store.mistakes(since_days=30)


def test_counts_per_bank_and_topic(store, clock) -> None:
    store.answer("dl/q000", Rating.Good)   # cnn, learning: due today
    store.answer("dl/q001", Rating.Easy)   # rnn, due in days
    assert store.counts(QueueFilter(banks="dl")) == [
        DeckCount("dl", "cnn", due=1, new=3, total=4),
        DeckCount("dl", "opt", due=0, new=4, total=4),
        DeckCount("dl", "rnn", due=0, new=3, total=4),
    ]
    store.sync_cards(make_cards(n=3), banks=["dl"])  # hidden cards are not counted
    assert sum(c.total for c in store.counts()) == 3


def test_new_cards_come_in_the_order_the_banks_were_loaded_not_by_bank_id(open_store) -> None:
    store = open_store()
    course = make_cards(bank="zz-first-chapter", n=3) + make_cards(bank="aa-second-chapter", n=3)
    store.sync_cards(course, banks=["zz-first-chapter", "aa-second-chapter"])
    assert store.today_queue() == [c.key for c in course]
    # Reordering the files (a renumbered course) reorders the new cards on the next start.
    reordered = course[3:] + course[:3]
    store.sync_cards(reordered, banks=["zz-first-chapter", "aa-second-chapter"])
    assert store.today_queue() == [c.key for c in reordered]
