"""A simulated class for item statistics: students of varied ability answer items of varied
difficulty (a two-parameter logistic model, as item response theory describes a test), and
the review logs they would hand in. Used by the item-stats benchmark and tests; one item can
be given a wrong answer key, which flips who is marked right.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path


def item_ids(questions: int) -> list[tuple[str, str, str | None]]:
    """Item keys: every fifth question a true/false question with statements s1, s2."""
    items: list[tuple[str, str, str | None]] = []
    q = 0
    while len(items) < questions:
        if q % 5 == 4:
            items += [("course", f"tf-{q:04d}", "s1"), ("course", f"tf-{q:04d}", "s2")]
        else:
            items.append(("course", f"q-{q:04d}", None))
        q += 1
    return items[:questions]


def write_class(folder: Path, students: int, questions: int, *, seed: int = 7,
                wrong_key: tuple[str, str, str | None] | None = None, answered: float = 0.8,
                repeats: int = 2) -> list[Path]:
    """One review log per student in ``folder``; each student answers a random ``answered``
    share of the items, each ``repeats`` times (the first try decides the statistics)."""
    rng = random.Random(seed)
    items = item_ids(questions)
    difficulty = {key: rng.gauss(0, 1) for key in items}
    slope = {key: rng.uniform(0.8, 2.0) for key in items}
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(students):
        ability = rng.gauss(0, 1)
        student = f"{rng.getrandbits(64):016x}"
        lines = [json.dumps({"format": "quizapp-reviews", "version": 1, "student": student,
                             "exported_at": "2026-12-01T00:00:00.000Z", "answers": 0})]
        for n, key in enumerate(k for k in items if rng.random() < answered):
            p = 1 / (1 + math.exp(-slope[key] * (ability - difficulty[key])))
            for r in range(repeats):
                right = rng.random() < min(0.98, p + 0.2 * r)
                if key == wrong_key:
                    right = not right  # the key marks the right answer wrong
                lines.append(json.dumps({
                    "bank": key[0], "question": key[1], "statement": key[2],
                    "kind": "true_false" if key[2] else "computed", "mode": "study",
                    "at": f"2026-11-{1 + r * 7:02d}T10:{n // 60 % 60:02d}:{n % 60:02d}.000Z",
                    "rating": 3 if right else 1, "correct": right,
                    "seconds": round(rng.uniform(5, 60), 1)}))
        path = folder / f"student-{s:04d}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
