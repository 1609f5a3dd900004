"""How long loading and validating a large bank takes.

Generates a synthetic bank of 10,000 questions (all four kinds, with setup code, statements,
parameters and demos), then measures `load_bank` — read, parse, validate, build, compile
every snippet — cold (a fresh process, imports included) and warm (median of repeats). A file
this large is read in parts on the machine's cores (`quizapp.banks.parallel_load`); for
comparison, `one_process_s` is the warm figure with that turned off.

For scale it also times PyYAML's C parser alone producing the file's events (`yaml_events_s`):
the floor any loader built on PyYAML pays, and a gauge of how fast the machine is right now
(on this shared machine the same figure varies by up to 2× from hour to hour).

    python bench/bank_load.py [--quick] [--questions N]

Last line: {"bench": "bank_load", "questions": …, "cards": …, "file_mb": …, "cold_s": …, "warm_s": …,
"one_process_s": …, "yaml_events_s": …, "cores": …}
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def synthetic_bank(n: int) -> str:
    out = [
        "bank: synthetic",
        "title: Synthetic bank for the load benchmark",
        "macros: {vec: '\\boldsymbol{#1}', norm: '\\left\\lVert#1\\right\\rVert'}",
        "questions:",
    ]
    for i in range(n):
        kind = ("open", "true_false", "computed", "multiple_choice")[i % 4]
        out += [f"  - id: q{i}", f"    kind: {kind}", f"    topic: topic-{i % 12}", "    tags: [synthetic, bench]"]
        if kind == "open":
            out += [
                f"    prompt: Explain idea number {i} and why $\\vec{{x}}_{{{i}}}$ matters.",
                "    answer: |",
                "      A model answer of a few lines, with $\\norm{x}$ and **bold** text.",
                "      It goes on for a second line.",
                "    key_points: [first point, second point, third point]",
            ]
        elif kind == "true_false":
            out += ["    stem: Decide whether each statement is true or false.", "    statements:"]
            for j in range(3):
                out += [f"      - id: s{j}", f"        text: Statement {j} of question {i}.",
                        f"        answer: {'true' if j % 2 else 'false'}", "        explain: Because of a reason."]
        elif kind == "computed":
            out += [
                "    params:", "      k: {choices: [3, 5, 7]}", "      s: {range: [1, 3]}",
                "    setup: |", "      conv = nn.Conv2d(3, 8, kernel_size={{k}}, stride={{s}})",
                "    prompt: Kernel {{k}}, stride {{s}}. Output shape for a 1×3×64×64 input?",
                "    compute: |", "      result = tuple(conv(torch.zeros(1, 3, 64, 64)).shape)",
                "    compare: shape",
                "    examples:", "      - params: {k: 3, s: 1}", "        answer: [1, 8, 62, 62]",
                "    demos:", "      - title: Shapes", "        code: |", "          print(conv)",
            ]
        else:
            out += [
                f"    prompt: Which of these is right for question {i}?",
                "    choices:", "      - {text: 'the right one', correct: true, explain: 'it is'}",
                "      - {text: 'a wrong one'}", "      - {text: 'another wrong one'}",
            ]
    return "\n".join(out) + "\n"


COLD = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from quizapp.banks import load_bank
bank, problems = load_bank(Path(sys.argv[1]))
assert bank is not None, [str(p) for p in problems[:5]]
print(time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    repeats = 3 if args.quick else 7

    import yaml

    from quizapp.banks import load_bank
    from quizapp.banks.parallel_load import cores

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.yaml"
        path.write_text(synthetic_bank(args.questions), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6

        # A user's Python caches compiled modules; this machine sets PYTHONDONTWRITEBYTECODE,
        # which would recompile quizapp's modules in every cold run. Cache byte-code in a folder
        # of the bench's own (as bench/startup.py does); the first run fills it and is dropped.
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cold = [float(subprocess.run([sys.executable, "-c", COLD, str(path)], check=True, env=env,
                                     capture_output=True, text=True).stdout) for _ in range(repeats + 1)][1:]
        warm, one_process = [], []
        cards = 0
        for _ in range(repeats):
            for parallel, times in ((True, warm), (False, one_process)):
                started = time.perf_counter()
                bank, problems = load_bank(path, parallel=parallel)
                times.append(time.perf_counter() - started)
                assert bank is not None, [str(p) for p in problems[:5]]
                cards = len(bank.cards())
                del bank, problems  # freeing this result is not part of the next load
        floor = []
        text = path.read_text(encoding="utf-8")
        for _ in range(repeats):
            started = time.perf_counter()
            for _event in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass
            floor.append(time.perf_counter() - started)

    print(f"file: {size_mb:.2f} MB, {args.questions} questions, {cards} cards")
    print(f"cold (fresh process, imports included): median {statistics.median(cold):.3f} s, runs {[round(c, 3) for c in cold]}")
    print(f"warm: median {statistics.median(warm):.3f} s ({cores()} cores); in one process: "
          f"{statistics.median(one_process):.3f} s")
    print(f"PyYAML's C parser alone, events only: median {statistics.median(floor):.3f} s")
    print(json.dumps({"bench": "bank_load", "questions": args.questions, "cards": cards,
                      "file_mb": round(size_mb, 2), "cold_s": round(statistics.median(cold), 3),
                      "warm_s": round(statistics.median(warm), 3),
                      "one_process_s": round(statistics.median(one_process), 3),
                      "yaml_events_s": round(statistics.median(floor), 3), "cores": cores()}))


if __name__ == "__main__":
    main()
