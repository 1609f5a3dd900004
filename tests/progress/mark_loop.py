"""A child process for the card-action durability tests: suspends, flags and buries cards in
batches and prints each batch number once `mark` has returned.

usage: python mark_loop.py DB SEED COUNT   (COUNT 0: until killed)
"""

from __future__ import annotations

import random
import sys

from quizapp.progress.store import ProgressStore


def main() -> None:
    db, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = ProgressStore.open(db)
    keys = [f"dl/q{i:03d}" for i in range(12)]  # cram would leave out suspended ones
    rng = random.Random(seed)
    print("ready", flush=True)
    done = 0
    while count == 0 or done < count:
        action = rng.choice(["suspend", "unsuspend", "flag", "bury", "unbury"])
        chosen = rng.sample(keys, rng.randrange(1, 6))
        batch = store.mark(chosen, action, rng.randrange(1, 5) if action == "flag" else None)
        print(batch, flush=True)
        done += 1
    store.close()


if __name__ == "__main__":
    main()
