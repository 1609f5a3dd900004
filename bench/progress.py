"""Benchmark of the progress store on a large, realistic database.

Builds a DB with CARDS cards (banks of 10,000) and about REVIEWS reviews of simulated study
(quizapp.progress.simulate) over three years, then measures what a user waits for:

- building today's queue, and answer → durable commit → next card (p50/p95), with the real
  clock and settings (fuzz on, synchronous=FULL);
- replaying the card with the longest history from the log;
- syncing a 10,000-card bank (new, and unchanged as at every start), opening the DB,
  stats and counts for the home screen; the DB size.

Usage: python bench/progress.py [--quick] [--cards N] [--reviews N] [--answers N] [--keep DIR]
                                [--synchronous FULL|NORMAL]
The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from quizapp.cards import CardInfo
from quizapp.progress.simulate import simulate_history
from quizapp.progress.store import ProgressStore

BANK_SIZE = 10_000
TOPICS = ("cnn", "rnn", "attention", "optimisation", "regularisation", "probability",
          "linear-algebra", "generative")


def bank_cards(bank: int, n: int) -> list[CardInfo]:
    return [
        CardInfo(bank_id=f"bank{bank:02d}", question_id=f"q{i:05d}",
                 statement_id=f"s{i % 3}" if i % 4 == 0 else None,
                 kind=("true_false", "open", "computed", "multiple_choice")[i % 4],
                 topic=TOPICS[(i // 7) % len(TOPICS)], tags=("exam",) if i % 5 == 0 else (),
                 answer_hash=f"{bank}-{i}", title=f"Question {i}")
        for i in range(n)
    ]


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def median_ms(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(ms_since(start))
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build(path: Path, cards: int, reviews: int) -> dict:
    figures: dict = {}
    with ProgressStore.open(path) as store:
        banks = [bank_cards(b, min(BANK_SIZE, cards - b * BANK_SIZE))
                 for b in range((cards + BANK_SIZE - 1) // BANK_SIZE)]
        start = time.perf_counter()
        store.sync_cards(banks[0], banks=[banks[0][0].bank_id])
        figures["sync_10k_new_ms"] = round(ms_since(start), 1)
        for bank in banks[1:]:
            store.sync_cards(bank, banks=[bank[0].bank_id])
        figures["sync_10k_unchanged_ms"] = round(median_ms(
            lambda: store.sync_cards(banks[0], banks=[banks[0][0].bank_id]), 3), 1)
        keys = [c.key for bank in banks for c in bank]
        import random

        random.Random(1).shuffle(keys)
        start = time.perf_counter()
        report = simulate_history(store._conn, store.scheduler, keys,  # noqa: SLF001
                                  now=datetime.now(timezone.utc), days=3 * 365,
                                  max_reviews=reviews, seed=1)
        print(f"simulated {report.reviews:,} reviews of {report.cards_studied:,} cards in "
              f"{ms_since(start) / 1000:.1f} s", file=sys.stderr)
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # noqa: SLF001
    return figures


def measure(path: Path, answers: int, synchronous: str | None = None) -> dict:
    from quizapp.progress.scheduler import Rating, StudySettings

    figures: dict = {}
    start = time.perf_counter()
    store = ProgressStore.open(path)
    figures["open_ms"] = round(ms_since(start), 1)
    conn = store._conn  # noqa: SLF001 - counting only
    figures["cards"] = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    figures["reviews"] = conn.execute(
        "SELECT count(*) FROM review_log WHERE event = 'answer'").fetchone()[0]
    figures["queue_len"] = len(store.today_queue())
    figures["queue_ms"] = round(median_ms(store.today_queue, 5), 2)
    figures["counts_ms"] = round(median_ms(store.counts, 3), 1)
    figures["stats_ms"] = round(median_ms(store.stats, 3), 1)
    store.close()

    # Without daily limits the queue is the whole backlog: the worst case, and enough cards
    # for the study loop below.
    store = ProgressStore.open(path, settings=StudySettings(reviews_per_day=10**6,
                                                            new_per_day=10**6))
    conn = store._conn  # noqa: SLF001
    if synchronous:  # compare with the store's own choice (FULL: fsync at every commit)
        conn.execute(f"PRAGMA synchronous={synchronous}")
    figures["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
        conn.execute("PRAGMA synchronous").fetchone()[0]]
    figures["backlog_len"] = len(store.today_queue())
    figures["backlog_queue_ms"] = round(median_ms(store.today_queue, 3), 2)
    figures["next_card_ms"] = round(median_ms(store.next_card, 20), 3)

    # The study loop: answer the card shown, durably, then ask for the next one.
    times = []
    key = store.next_card()
    for i in range(answers):
        if key is None:
            break
        start = time.perf_counter()
        store.answer(key, Rating.Again if i % 9 == 0 else Rating.Good, duration_ms=5000)
        key = store.next_card()
        times.append(ms_since(start))
    figures["answers_timed"] = len(times)
    figures["answer_p50_ms"] = round(percentile(times, 0.5), 3)
    figures["answer_p95_ms"] = round(percentile(times, 0.95), 3)
    figures["answer_max_ms"] = round(max(times), 3)

    longest = conn.execute(
        "SELECT c.key, count(*) n FROM review_log r JOIN cards c ON c.id = r.card_id"
        " GROUP BY r.card_id ORDER BY n DESC LIMIT 1").fetchone()
    figures["replay_reviews"] = longest[1]
    figures["replay_ms"] = round(median_ms(lambda: store.replay(longest[0]), 20), 3)
    sample = [k for (k,) in conn.execute(
        "SELECT key FROM cards WHERE state IS NOT NULL ORDER BY random() LIMIT 300")]
    figures["replay_mismatches"] = sum(store.replay(k) != store.card_state(k) for k in sample)
    store.close()
    figures["db_mb"] = round(path.stat().st_size / 2**20, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k cards, 100k reviews")
    parser.add_argument("--cards", type=int, default=None)
    parser.add_argument("--reviews", type=int, default=None)
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--synchronous", choices=["FULL", "NORMAL"], default=None,
                        help="override the store's synchronous mode for the answer loop")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the DB in this folder and keep it (reused if present)")
    args = parser.parse_args()
    cards = args.cards or (10_000 if args.quick else 100_000)
    reviews = args.reviews or (100_000 if args.quick else 1_000_000)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        path = folder / f"bench-{cards}-{reviews}.sqlite3"
        figures = {}
        if not path.exists():
            start = time.perf_counter()
            figures = build(path, cards, reviews)
            figures["build_s"] = round(ms_since(start) / 1000, 1)
        figures.update(measure(path, args.answers, args.synchronous))
    for name, value in figures.items():
        print(f"{name:>24}: {value}")
    keys = ["cards", "reviews", "queue_ms", "answer_p50_ms", "answer_p95_ms", "replay_ms",
            "db_mb"]
    line = {"bench": "progress", **{k: figures[k] for k in keys},
            **{k: v for k, v in figures.items() if k not in keys}}
    print(json.dumps(line))


if __name__ == "__main__":
    main()
