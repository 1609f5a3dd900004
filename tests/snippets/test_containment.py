"""Hostile snippets: each is contained within its time limit + 1 s, the engine survives, and
the next snippet still gives the right answer."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest
from snippet_support import require_layer, wait_no_children

from quizapp import paths
from quizapp.snippets import SnippetEngine, SnippetJob, SnippetResult

LIMIT = 1.5
# The helper's and the app's pids as the host numbers them (getppid() is 0 in the snippets' PID
# namespace): read from /proc, as an attacker would.
_FIND_APP = ("import os, resource\n"
             "def parent(pid):\n"
             "    return int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
             "helper = parent('self')\n"
             "app = parent(helper)\n")


def contained(engine: SnippetEngine, code: str, time_limit: float = LIMIT,
              **options: Any) -> SnippetResult:
    """Run ``code``; assert it ended in time and that the engine still answers right."""
    started = time.monotonic()
    result = engine.run(SnippetJob(code=code, time_limit=time_limit, **options))
    elapsed = time.monotonic() - started
    assert elapsed <= time_limit + 1.0, f"took {elapsed:.2f} s: {result}"
    after = engine.run(SnippetJob(code="tuple(nn.Linear(4, 6)(torch.ones(2, 4)).shape)"))
    assert after.ok and after.value == {"type": "list", "items": [
        {"type": "int", "value": 2}, {"type": "int", "value": 6}]}, after
    return result


def test_infinite_loop(engine: SnippetEngine) -> None:
    res = contained(engine, "while True:\n    pass")
    assert res.limit == "time" and "time limit" in res.error


def test_loop_that_catches_base_exception(engine: SnippetEngine) -> None:
    code = ("while True:\n"
            "    try:\n"
            "        while True:\n"
            "            pass\n"
            "    except BaseException:\n"
            "        pass\n")
    assert contained(engine, code).limit == "time"


def test_long_c_level_operation(engine: SnippetEngine) -> None:
    res = contained(engine, "a = torch.randn(6000, 6000)\nb = a @ a @ a")
    assert res.limit == "time"


def test_allocating_memory_until_it_fails(engine: SnippetEngine) -> None:
    code = "xs = []\nwhile True:\n    xs.append(torch.ones(10_000_000))"
    res = contained(engine, code, time_limit=8.0, memory_mb=512)
    assert res.limit == "memory", res
    assert "can't allocate memory" in res.error


def test_printing_100_mb(engine: SnippetEngine) -> None:
    res = contained(engine, "print('x' * 100_000_000)", time_limit=8.0)
    assert res.limit == "output"
    assert len(res.stdout) < 70_000 and "output truncated" in res.stdout


def test_fork_bomb(engine: SnippetEngine) -> None:
    res = contained(engine, "import os\nwhile True:\n    os.fork()")
    assert not res.ok
    if "seccomp" in engine.status.layers:
        assert "PermissionError" in res.error  # refused at the first fork
    assert wait_no_children(engine)  # nothing left running


def test_deleting_or_writing_a_file_outside_the_scratch_folder(
        engine: SnippetEngine, tmp_path: Path) -> None:
    require_layer(engine, "landlock")
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    code = ("import os\nerrors = []\n"
            "for act in (lambda: os.remove(victim), lambda: open(new, 'w').write('x'),\n"
            "            lambda: open(victim, 'a').write('x')):\n"
            "    try:\n        act()\n    except PermissionError as exc:\n"
            "        errors.append(exc.errno)\n"
            "errors")
    res = contained(engine, code, params={"victim": str(victim), "new": str(tmp_path / "new")})
    assert res.ok and len(res.value["items"]) == 3
    assert victim.read_text() == "keep me" and not (tmp_path / "new").exists()


def test_reading_the_users_ssh_keys(engine: SnippetEngine, tmp_path: Path) -> None:
    require_layer(engine, "landlock")
    key = tmp_path / "home" / ".ssh" / "id_ed25519"
    key.parent.mkdir(parents=True)
    key.write_text("SECRET KEY")
    res = contained(engine, "open(path).read()", params={"path": str(key)})
    assert not res.ok and "PermissionError" in res.error and "SECRET" not in res.error
    home = engine.run(SnippetJob(code="import os\nos.path.expanduser('~') == os.getcwd()"))
    assert home.value == {"type": "bool", "value": True}  # HOME is the scratch folder


def test_connecting_to_a_loopback_listener(engine: SnippetEngine) -> None:
    require_layer(engine, "netns", "landlock-net", "seccomp")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.5)
        port = server.getsockname()[1]
        code = ("import socket\n"
                "socket.create_connection(('127.0.0.1', port), timeout=1).sendall(b'hi')")
        res = contained(engine, code, params={"port": port})
        assert not res.ok and ("PermissionError" in res.error or "OSError" in res.error)
        with pytest.raises(socket.timeout):
            server.accept()  # nobody ever connected


def test_killing_its_parent(engine: SnippetEngine) -> None:
    helper = engine.helper_pid
    res = contained(engine, _FIND_APP + "import signal\nos.kill(helper, signal.SIGKILL)",
                    time_limit=LIMIT)
    if any(layer in engine.status.layers for layer in ("landlock-scope", "seccomp", "pidns")):
        assert "PermissionError" in res.error or "ProcessLookupError" in res.error
        assert engine.helper_pid == helper  # refused: the helper never died


def test_changing_global_torch_state(engine: SnippetEngine) -> None:
    contained(engine, "torch.set_default_dtype(torch.float64)\n"
                      "nn.Conv2d.forward = lambda self, x: 'patched'\n"
                      "torch.manual_seed = None")
    res = engine.run(SnippetJob(code="[str(torch.get_default_dtype()), "
                                     "tuple(nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 5, 5)).shape)]"))
    assert res.ok, res.error
    assert res.value["items"][0]["value"] == "torch.float32"
    assert res.value["items"][1]["items"][2] == {"type": "int", "value": 3}


def test_reading_stdin(engine: SnippetEngine) -> None:
    res = contained(engine, "input('answer? ')")
    assert not res.ok and "EOFError" in res.error
    assert engine.run(SnippetJob(code="import sys\nsys.stdin.read()")).value["value"] == ""


def test_returning_a_200_mb_string(engine: SnippetEngine) -> None:
    res = contained(engine, "result = 'x' * 200_000_000", time_limit=8.0)
    if res.ok:
        assert res.value["truncated"] and len(res.value["value"]) <= 64 * 1024
    else:
        assert res.limit in ("memory", "output")


def test_the_progress_database_and_the_users_environment_are_out_of_reach(
        engine: SnippetEngine) -> None:
    require_layer(engine, "landlock")
    db = paths.default_db_path()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"SQLite format 3\x00 reviews")
    res = contained(engine, "open(db, 'rb').read()", params={"db": str(db)})
    assert not res.ok and "PermissionError" in res.error
    env = engine.run(SnippetJob(code="import os\nsorted(os.environ)"))
    names = {item["value"] for item in env.value["items"]}
    assert not {n for n in names if n.startswith(("QUIZAPP", "PYTEST"))}
    assert names <= {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH",
                     "LD_LIBRARY_PATH", "TMPDIR", "TMP", "TEMP", "OMP_NUM_THREADS",
                     "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MALLOC_ARENA_MAX",
                     "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "XDG_CACHE_HOME",
                     "TORCHINDUCTOR_CACHE_DIR"}


def test_filling_the_disk_stops_at_the_scratch_cap_and_leaves_nothing(
        engine: SnippetEngine) -> None:
    require_layer(engine, "scratch-tmpfs")
    code = ("i = 0\n"
            "while True:\n"
            "    with open(f'f{i}', 'wb') as out:\n"
            "        out.write(b'x' * 32_000_000)\n"
            "    i += 1\n")
    res = contained(engine, code, time_limit=8.0)
    assert not res.ok and "No space left on device" in res.error
    left = engine.run(SnippetJob(code="import os\nos.listdir('.')"))
    assert left.value == {"type": "list", "items": []}  # the next snippet starts empty




def test_changing_the_apps_limits_or_priority(engine: SnippetEngine) -> None:
    require_layer(engine, "seccomp")
    # Each attack re-sets the value the app already has: refused now, harmless if it were not.
    attacks = {
        "cpu limit": "resource.prlimit(app, resource.RLIMIT_CPU, resource.prlimit(app, resource.RLIMIT_CPU))",
        "file size": "resource.prlimit(app, resource.RLIMIT_FSIZE, resource.getrlimit(resource.RLIMIT_FSIZE))",
        "helper cpu": "resource.prlimit(helper, resource.RLIMIT_CPU, resource.getrlimit(resource.RLIMIT_CPU))",
        "nice": "os.setpriority(os.PRIO_PROCESS, app, os.getpriority(os.PRIO_PROCESS, 0))",
        "affinity": "os.sched_setaffinity(app, os.sched_getaffinity(0))",
    }
    for name, attack in attacks.items():
        res = contained(engine, _FIND_APP + attack)
        assert not res.ok and "PermissionError" in res.error, (name, res)
