"""Benchmark of the card browser on a large collection.

Builds a DB with CARDS cards (banks of 10,000) whose prompts, answers and explanations are
drawn from a deep-learning vocabulary, studies a share of them (simulate_history) and marks
some (suspended, flagged, leech), then times what the browser screen waits for at each key:

- search: a page of 200 cards matching one or two words typed (whole words and prefixes,
  common and rare), with the total count;
- filter: state / tag / topic / bank filters and each sort, without words.

Usage: python bench/browser.py [--quick] [--cards N] [--keep DIR]
The last line printed is one JSON object: cards, search_p95_ms, filter_p95_ms (and more).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from quizapp.cards import CardInfo
from quizapp.progress.browse import BrowseQuery
from quizapp.progress.models import QueueFilter
from quizapp.progress.simulate import simulate_history
from quizapp.progress.store import ProgressStore

BANK_SIZE = 10_000
TOPICS = ("cnn", "rnn", "attention", "optimisation", "regularisation", "probability",
          "linear-algebra", "generative")
WORDS = ("gradient", "dropout", "kernel", "stride", "padding", "softmax", "attention", "query",
         "residual", "normalisation", "batch", "layer", "tensor", "shape", "convolution",
         "pooling", "embedding", "token", "sequence", "recurrent", "vanishing", "exploding",
         "sigmoid", "relu", "tanh", "momentum", "adam", "learning", "rate", "schedule",
         "weight", "decay", "overfitting", "variance", "bias", "entropy", "likelihood",
         "posterior", "prior", "sampling", "encoder", "decoder", "latent", "diffusion",
         "channel", "receptive", "field", "parameter", "matrix", "eigenvalue", "rank")
# What a student types: common and rare words, two words, a word being typed (its start),
# one field, a word no card has.
SEARCHES = ("dropout", "grad", "kernel stride", "softmax attention", "eigen", "vanish",
            "answer:relu", "posterior prior", "token sequence", "lay", "zzz", "gradient",
            "kavek", "dramo", "relu tanh sigmoid", "explanation:latent")


SYLLABLES = ("ka", "ten", "so", "ri", "mo", "lu", "vek", "dra", "pin", "zo", "mar", "el",
             "tus", "qui", "bor", "an", "fel", "gri", "ust", "nom", "pe", "hal", "ix", "ro")


def _vocabulary(size: int = 5_000) -> list[str]:
    """The course's words, then made-up words (2-4 syllables) as the long tail: 5,000 words
    used with Zipf frequencies, as course text has (a few words in most cards, most in few)."""
    rng = random.Random(3)
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


VOCABULARY = _vocabulary()
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def bank_cards(bank: int, n: int, rng: random.Random) -> list[CardInfo]:
    def text(k: int) -> str:
        return " ".join(rng.choices(VOCABULARY, WEIGHTS, k=k))

    return [
        CardInfo(bank_id=f"bank{bank:02d}", question_id=f"q{i:05d}", statement_id=None,
                 kind="open", topic=TOPICS[i % len(TOPICS)],
                 tags=("hard",) if i % 7 == 0 else (), answer_hash=f"h{i}",
                 title=f"Question {bank}-{i} {text(3)}", prompt=f"q{i} {text(25)}",
                 answer=text(30), explanation=text(40))
        for i in range(n)
    ]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cards, fewer rounds")
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="build the DB in this folder")
    args = parser.parse_args()
    cards = 10_000 if args.quick else args.cards
    rounds = 3 if args.quick else 10
    folder = args.keep or Path(tempfile.mkdtemp(prefix="quizapp-browser-"))
    db = folder / "progress.sqlite3"
    rng = random.Random(7)
    now = datetime(2027, 1, 1, 12, tzinfo=timezone.utc)
    reuse = db.exists()  # --keep DIR a second time: measure again without building again
    store = ProgressStore.open(db, clock=lambda: now)
    banks = [f"bank{b:02d}" for b in range((cards + BANK_SIZE - 1) // BANK_SIZE)]
    build_s = 0.0
    if not reuse:
        t = time.perf_counter()
        every = []
        for b, _bank in enumerate(banks):
            every += bank_cards(b, min(BANK_SIZE, cards - b * BANK_SIZE), rng)
        store.sync_cards(every, banks=banks)
        build_s = time.perf_counter() - t
        keys = [c.key for c in every]
        simulate_history(store._db, store.scheduler, keys[: cards // 5], now=now, days=365,
                         max_reviews=cards, seed=1)
        store.mark(rng.sample(keys, cards // 100), "suspend")
        store.mark(rng.sample(keys, cards // 50), "flag", "red")
        store.mark(rng.sample(keys, cards // 200), "leech")
        print(f"{cards} cards synced (with the search index) in {build_s:.1f} s", file=sys.stderr)
    cards = store._db.execute("SELECT count(*) FROM cards").fetchone()[0]

    def timed(query: BrowseQuery) -> float:
        t0 = time.perf_counter()
        store.browse(query)
        return (time.perf_counter() - t0) * 1000

    # The browser lists a search in card order while it is typed; sorted searches apart.
    search = [timed(BrowseQuery(text=s)) for _ in range(rounds) for s in SEARCHES]
    sorted_search = [timed(BrowseQuery(text=s, sort=sort)) for _ in range(max(1, rounds // 3))
                     for s in SEARCHES for sort in ("due", "lapses", "recall")]
    filters = [
        BrowseQuery(states=("new",)), BrowseQuery(states=("review",), sort="due"),
        BrowseQuery(states=("suspended",)), BrowseQuery(states=("flagged", "leech")),
        BrowseQuery(filters=QueueFilter(tags=("hard",))), BrowseQuery(filters=QueueFilter(topics=("cnn",))),
        BrowseQuery(filters=QueueFilter(banks=(banks[-1],)), sort="lapses"),
        BrowseQuery(sort="difficulty"), BrowseQuery(sort="recall"), BrowseQuery(sort="due"),
        BrowseQuery(text="dropout", states=("review",), sort="recall"),
    ]
    filtering = [timed(q) for _ in range(rounds) for q in filters]
    store.close()
    result = {
        "cards": cards,
        "search_p95_ms": round(p95(search), 1),
        "search_p50_ms": round(statistics.median(search), 1),
        "sorted_search_p95_ms": round(p95(sorted_search), 1),
        "filter_p95_ms": round(p95(filtering), 1),
        "filter_p50_ms": round(statistics.median(filtering), 1),
        "sync_with_index_s": round(build_s, 1),
        "db_mb": round(db.stat().st_size / 1e6, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
