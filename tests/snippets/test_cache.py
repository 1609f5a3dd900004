"""The computed-answer cache: what is kept, what invalidates it, and damage recovery."""

from __future__ import annotations

import sqlite3
import time
from importlib.metadata import version
from pathlib import Path

from quizapp import paths
from quizapp.snippets import SnippetCache, SnippetEngine, SnippetJob, SnippetResult
from quizapp.snippets.cache import installed_torch_version

JOB = SnippetJob(code="tuple(conv(torch.zeros(1, 3, 8, 8)).shape)", setup="conv = nn.Conv2d(3, 4, 3)")
GOOD = SnippetResult(ok=True, value={"type": "shape", "value": [1, 4, 6, 6]}, stdout="hi\n",
                     charts=[{"title": "t", "series": []}])


def test_successful_results_are_kept_failures_are_not(tmp_path: Path) -> None:
    cache = SnippetCache(tmp_path / "c.sqlite3")
    assert cache.get(JOB) is None
    assert cache.put(JOB, GOOD)
    hit = SnippetCache(tmp_path / "c.sqlite3").get(JOB)  # another process would see it
    assert hit is not None and hit.cached and hit.value == GOOD.value
    assert hit.stdout == "hi\n" and hit.charts == GOOD.charts
    failing = SnippetJob(code="1/0")
    assert not cache.put(failing, SnippetResult(ok=False, error="ZeroDivisionError"))
    assert not cache.put(SnippetJob(code="2"), SnippetResult(ok=False, limit="time"))
    assert cache.get(failing) is None
    uncached = SnippetJob(code=JOB.code, setup=JOB.setup, use_cache=False)
    assert not cache.put(uncached, GOOD) and cache.get(uncached) is None


def test_key_covers_code_setup_params_seed_and_versions(tmp_path: Path) -> None:
    cache = SnippetCache(tmp_path / "c.sqlite3")
    base = cache.key(JOB)
    for other in (SnippetJob(code=JOB.code + " "), SnippetJob(code=JOB.code, setup=""),
                  SnippetJob(code=JOB.code, setup=JOB.setup, seed=1),
                  SnippetJob(code=JOB.code, setup=JOB.setup, params={"k": 3})):
        assert cache.key(other) != base
    # a longer time limit or another YAML line does not change the answer
    assert cache.key(SnippetJob(code=JOB.code, setup=JOB.setup, time_limit=30,
                                code_origin=("b.yaml", 9))) == base
    assert installed_torch_version() == version("torch")
    cache.put(JOB, GOOD)
    upgraded = SnippetCache(tmp_path / "c.sqlite3", torch_version="99.0")
    assert upgraded.key(JOB) != base and upgraded.get(JOB) is None
    rows = sqlite3.connect(tmp_path / "c.sqlite3").execute("SELECT count(*) FROM results")
    assert rows.fetchone()[0] == 0  # answers of the old torch are dropped


def test_a_damaged_cache_file_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = SnippetCache(path)
    assert cache.get(JOB) is None  # no error for the user
    assert cache.put(JOB, GOOD) and cache.get(JOB) is not None
    assert list(tmp_path.glob("c.sqlite3.corrupt-*"))


def test_engine_serves_cached_answers_without_starting_torch() -> None:
    first = SnippetEngine(cache=True)
    try:
        assert first.cache is not None
        assert first.cache.path == paths.cache_dir() / "snippet-cache.sqlite3"
        computed = first.run(JOB, timeout=90)
        assert computed.ok and not computed.cached
    finally:
        first.close()
    second = SnippetEngine(cache=True)  # e.g. the app opened again tomorrow
    began = time.monotonic()
    again = second.run(JOB)
    assert again.cached and again.value == computed.value
    assert time.monotonic() - began < 0.5
    assert second.status.state == "stopped"  # no helper was needed
    second.close()
