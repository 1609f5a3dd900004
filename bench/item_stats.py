"""How long `quizapp item-stats` takes on a class: 300 simulated students × 500 questions
(each student answers about 80 % of them, twice), one review log per student, as
`quizapp export --reviews` writes them. Measures reading every file and computing facility,
discrimination and flags (median of repeats); the files are written once beforehand.

    python bench/item_stats.py [--quick] [--students N] [--questions N]

Last line: {"bench": "item_stats", "students": …, "questions": …, "answers": …, "seconds": …,
"cpu_seconds": …} (seconds: wall clock; on this shared machine CPU time is the steadier figure)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from quizapp.progress.item_stats import item_statistics, read_review_logs
from quizapp.progress.simulate_class import item_ids, write_class


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller class, one repeat")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=500)
    args = parser.parse_args()
    students, questions = (60, 100) if args.quick else (args.students, args.questions)
    repeats = 1 if args.quick else 3
    wrong = item_ids(questions)[questions // 2]
    with tempfile.TemporaryDirectory() as tmp:
        files = write_class(Path(tmp), students, questions, wrong_key=wrong)
        times, cpu = [], []
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            report = item_statistics(read_review_logs(files))
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    seconds = statistics.median(times)
    cpu_seconds = statistics.median(cpu)
    worst = report.items[0]
    print(f"{report.students} students, {len(report.items)} items, {report.answers} answers: "
          f"{seconds:.3f} s (median of {repeats}; CPU {cpu_seconds:.3f} s, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"worst item: {worst.label} (discrimination {worst.discrimination:.2f}, the key made wrong: "
          f"{'/'.join(k for k in wrong if k)})")
    print(json.dumps({"bench": "item_stats", "students": report.students, "questions": len(report.items),
                      "answers": report.answers, "seconds": round(seconds, 3),
                      "cpu_seconds": round(cpu_seconds, 3)}))


if __name__ == "__main__":
    main()
