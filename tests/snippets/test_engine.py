"""The engine's life: start in the background, many snippets in flight, cancel, restart, close."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from snippet_support import helper_children, start_engine, wait_no_children

from quizapp.snippets import SnippetEngine, SnippetJob


def test_the_app_process_never_imports_torch() -> None:
    code = ("import sys, time\n"
            "t = time.perf_counter()\n"
            "from quizapp.snippets import SnippetEngine, SnippetJob\n"
            "engine = SnippetEngine(cache=True)\n"
            "engine.cache.key(SnippetJob(code='1'))\n"
            "print('torch' in sys.modules, engine.status.state, round(time.perf_counter() - t, 3))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ)).stdout.split()
    assert out[:2] == ["False", "stopped"]
    assert float(out[2]) < 0.5


def test_starts_in_background_reports_status_and_closes(tmp_path: Path) -> None:
    seen: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIZAPP_HOME", str(tmp_path))
        engine = SnippetEngine(cache=False)
    engine.add_status_listener(lambda status: seen.append(status.state))
    began = time.monotonic()
    engine.start()
    assert time.monotonic() - began < 0.5  # the UI never waits for torch
    assert engine.status.state == "starting"
    status = engine.wait_ready(90)
    assert status.state == "ready" and "process" in status.layers
    assert seen[:2] == ["starting", "ready"]
    slow = engine.submit(SnippetJob(code="while True:\n    pass", time_limit=30))
    time.sleep(0.3)
    helper = engine.helper_pid
    assert helper_children(engine)  # the snippet is running
    engine.close()
    engine.close()  # idempotent
    assert slow.result(5).limit == "engine"
    assert engine.status.state == "stopped" and seen[-1] == "stopped"
    with pytest.raises(ProcessLookupError):
        os.kill(helper, 0)
    after = engine.run(SnippetJob(code="1"))
    assert not after.ok and after.limit == "engine"


def test_many_snippets_in_flight(engine: SnippetEngine) -> None:
    futures = [engine.submit(SnippetJob(code="n * n", params={"n": n})) for n in range(12)]
    assert [f.result(30).value["value"] for f in futures] == [n * n for n in range(12)]


def test_cancelling_a_running_snippet_kills_it(engine: SnippetEngine) -> None:
    future = engine.submit(SnippetJob(code="while True:\n    pass", time_limit=30))
    time.sleep(0.3)
    assert future.cancel()
    assert wait_no_children(engine)
    assert engine.run(SnippetJob(code="2 + 2")).value["value"] == 4


def test_a_helper_killed_from_outside_is_restarted(engine: SnippetEngine) -> None:
    states: list[str] = []
    def listener(status) -> None:
        states.append(status.state)
    engine.add_status_listener(listener)
    try:
        old = engine.helper_pid
        os.kill(old, signal.SIGKILL)
        res = engine.run(SnippetJob(code="'back'"), timeout=90)
        assert res.value["value"] == "back"
        assert engine.helper_pid != old and "restarting" in states
        assert engine.status.state == "ready"
    finally:
        engine.remove_status_listener(listener)


@pytest.mark.slow
def test_a_wedged_helper_is_restarted(engine: SnippetEngine) -> None:
    old = engine.helper_pid
    os.kill(old, signal.SIGSTOP)  # alive but answering nothing
    began = time.monotonic()
    # The job never started in the frozen helper: once the watchdog gives up on it (limit +
    # 5 s of silence) it is sent to a fresh helper and answered there.
    res = engine.run(SnippetJob(code="'answered'", time_limit=1), timeout=60)
    assert res.value["value"] == "answered"
    # limit + grace before the restart, then however long this machine took to start a
    # helper (2.5 s idle, 8-14 s measured on a shared, loaded machine), then the snippet
    restart = engine.helper_start_s or 0.0
    assert engine.helper_pid != old and time.monotonic() - began < 1 + 5 + restart + 5
    with pytest.raises(ProcessLookupError):
        os.kill(old, 0)


@pytest.mark.slow
def test_spawn_mode_runs_each_snippet_in_a_fresh_sandboxed_interpreter(tmp_path: Path) -> None:
    engine = start_engine(tmp_path, mode="spawn")
    try:
        assert engine.status.mode == "spawn"
        res = engine.run(SnippetJob(code="tuple(nn.Conv2d(3, 8, 3)(torch.zeros(1, 3, 8, 8)).shape)"))
        assert res.ok, res.error
        assert [i["value"] for i in res.value["items"]] == [1, 8, 6, 6]
        assert set(res.layers) == set(engine.status.layers)
        loop = engine.run(SnippetJob(code="while True:\n    pass", time_limit=1))
        assert loop.limit == "time" and loop.duration_ms < 2000
    finally:
        engine.close()


@pytest.mark.slow
def test_without_kernel_layers_process_groups_still_contain_snippets(tmp_path: Path) -> None:
    engine = start_engine(tmp_path, disabled_layers=("pidns", "netns", "landlock", "seccomp"))
    try:
        assert not {"landlock", "seccomp", "netns", "pidns"} & set(engine.status.layers)
        assert engine.status.missing["seccomp"] == "disabled"
        bomb = engine.run(SnippetJob(code="import os\nwhile True:\n    os.fork()", time_limit=1))
        assert bomb.limit == "time"
        assert wait_no_children(engine)  # every forked copy was killed
        background = engine.run(SnippetJob(
            code="import os, time\nif os.fork() == 0:\n    time.sleep(60)\n'parent done'"))
        assert background.value["value"] == "parent done"
        assert wait_no_children(engine)  # the sleeping child did not outlive it
        killer = engine.run(SnippetJob(code="import os\nos.kill(os.getppid(), 9)"), timeout=90)
        assert killer.limit == "engine"
        assert engine.run(SnippetJob(code="6 * 7"), timeout=90).value["value"] == 42
    finally:
        engine.close()
