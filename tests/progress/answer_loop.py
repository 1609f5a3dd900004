"""A child process for the durability tests: answers cards and prints each review id once
`answer` has returned (so the parent knows which answers must survive a kill).

usage: python answer_loop.py DB SEED COUNT   (COUNT 0: until killed)
"""

from __future__ import annotations

import random
import sys

from quizapp.progress.scheduler import Rating
from quizapp.progress.store import ProgressStore


def main() -> None:
    db, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = ProgressStore.open(db)
    keys = store.cram(limit=1000)  # every card, without touching anything
    rng = random.Random(seed)
    print("ready", flush=True)
    done = 0
    while count == 0 or done < count:
        result = store.answer(rng.choice(keys), rng.choice(list(Rating)),
                              response="x" * rng.randrange(0, 3000), duration_ms=1000)
        print(result.review_id, flush=True)
        done += 1
    store.close()


if __name__ == "__main__":
    main()
