"""Benchmark: a cold `python -c` per snippet against the snippet engine.

For a small snippet (Conv2d on 1×3×64×64) and a medium one (8-layer MLP forward+backward on
256×128): p50/p95 of each, the ratio, the helper's start-up time, the memory of the app process
(which never imports torch) against the helper's, and what the isolation layers cost.

    python bench/snippets.py --quick      # under a minute
    python bench/snippets.py              # more samples

The last line is one JSON object of figures (small snippet unless the key says otherwise).
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

SMALL = "result = tuple(nn.Conv2d(3, 16, 3)(torch.randn(1, 3, 64, 64)).shape)"
MEDIUM = """\
layers = []
for _ in range(8):
    layers += [nn.Linear(128, 128), nn.ReLU()]
model = nn.Sequential(*layers)
loss = model(torch.randn(256, 128)).pow(2).mean()
loss.backward()
result = loss.item()
"""


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(samples), 1), "p95": round(percentile(samples, 95), 1)}


def cold_runs(code: str, runs: int) -> list[float]:
    """A fresh interpreter per snippet, as a naive runner would do it (1 thread, like ours)."""
    script = "import torch\nimport torch.nn as nn\n" + code
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", script], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - began) * 1000)
    return times


def engine_runs(engine, code: str, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    from quizapp.snippets import SnippetJob

    times = []
    for i in range(runs + 1):
        job = SnippetJob(code=code, seed=i, use_cache=False)
        began = time.perf_counter()
        result = engine.run(job)
        elapsed = (time.perf_counter() - began) * 1000
        if not result.ok:
            raise SystemExit(f"snippet failed in the engine: {result.error}")
        if i >= 1:  # the first run of a batch warms the page cache
            times.append(elapsed)
    return times


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def started_engine(**options):  # type: ignore[no-untyped-def]
    from quizapp.snippets import SnippetEngine

    engine = SnippetEngine(cache=False, **options)
    began = time.perf_counter()
    status = engine.wait_ready(120)
    if status.state != "ready":
        raise SystemExit(f"engine not ready: {status.message}")
    return engine, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples (under a minute)")
    args = parser.parse_args()
    cold_n, warm_n = (3, 30) if args.quick else (12, 150)
    os.environ.setdefault("QUIZAPP_HOME", tempfile.mkdtemp(prefix="quizapp-bench-"))

    engine, ready_s = started_engine()
    layers = list(engine.status.layers)
    print(f"helper ready in {ready_s:.2f} s (launch to hello {engine.helper_start_s:.2f} s); "
          f"mode {engine.status.mode}; layers: {', '.join(layers)}")
    bare, _ = started_engine(disabled_layers=("rlimits", "netns", "landlock", "seccomp"))
    # Interleaved, so that both see the same load on a noisy machine.
    hardened_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(warm_n // 10):
        hardened_times += engine_runs(engine, SMALL, 10)
        bare_times += engine_runs(bare, SMALL, 10)
    small_engine, small_bare = summary(hardened_times), summary(bare_times)
    bare.close()
    medium_engine = summary(engine_runs(engine, MEDIUM, warm_n))
    helper_rss = rss_mb(engine.helper_pid)
    app_rss = rss_mb(os.getpid())
    assert "torch" not in sys.modules, "the app side must never import torch"
    engine.close()

    small_cold = summary(cold_runs(SMALL, cold_n))
    medium_cold = summary(cold_runs(MEDIUM, cold_n))

    for name, cold, warm in (("small (Conv2d 1x3x64x64)", small_cold, small_engine),
                             ("medium (8-layer MLP fwd+bwd)", medium_cold, medium_engine)):
        print(f"{name:30s} cold p50 {cold['p50']:7.1f} p95 {cold['p95']:7.1f} ms | "
              f"engine p50 {warm['p50']:6.1f} p95 {warm['p95']:6.1f} ms | "
              f"x{cold['p50'] / warm['p50']:.0f}")
    print(f"{'small, no isolation layers':30s} engine p50 {small_bare['p50']:6.1f} "
          f"p95 {small_bare['p95']:6.1f} ms (hardening costs "
          f"{small_engine['p50'] - small_bare['p50']:+.1f} ms at p50)")
    print(f"memory: app process {app_rss} MB RSS (no torch), helper {helper_rss} MB RSS")
    figures = {
        "bench": "snippets",
        "cold_p50_ms": small_cold["p50"],
        "engine_p50_ms": small_engine["p50"],
        "engine_p95_ms": small_engine["p95"],
        "ratio": round(small_cold["p50"] / small_engine["p50"], 1),
        "helper_start_s": round(engine.helper_start_s or ready_s, 2),
        "medium_cold_p50_ms": medium_cold["p50"],
        "medium_engine_p50_ms": medium_engine["p50"],
        "medium_engine_p95_ms": medium_engine["p95"],
        "medium_ratio": round(medium_cold["p50"] / medium_engine["p50"], 1),
        "unhardened_engine_p50_ms": small_bare["p50"],
        "app_rss_mb": app_rss,
        "helper_rss_mb": helper_rss,
        "layers": layers,
        "samples": {"cold": cold_n, "engine": warm_n},
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
