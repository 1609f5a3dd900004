"""The second wall behind seccomp: snippets run in a PID namespace where the app and the helper
have no pid, so even with the filter off, a call that names them finds nobody."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from snippet_support import helper_children, start_engine

from quizapp.snippets import SnippetEngine, SnippetJob

# The helper's and the app's pids as the host numbers them, read from /proc like an attacker
# would (getppid() is 0 in the namespace). Each attack re-sets the value the target already
# has: harmless if it ever got through.
_FIND = ("import os, resource\n"
         "def parent(pid):\n"
         "    return int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
         "helper = parent('self')\n"
         "app = parent(helper)\n")
ATTACKS = {
    "prlimit the app": "resource.prlimit(app, resource.RLIMIT_CPU, resource.getrlimit(resource.RLIMIT_CPU))",
    "prlimit the helper": "resource.prlimit(helper, resource.RLIMIT_FSIZE, resource.getrlimit(resource.RLIMIT_FSIZE))",
    "renice the app": "os.setpriority(os.PRIO_PROCESS, app, os.getpriority(os.PRIO_PROCESS, 0))",
    "pin the app to a cpu": "os.sched_setaffinity(app, os.sched_getaffinity(0))",
    "signal the helper": "os.kill(helper, 0)",
}


@pytest.fixture(scope="module")
def no_seccomp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnippetEngine]:
    engine = start_engine(tmp_path_factory.mktemp("pidns"), disabled_layers=("seccomp",))
    yield engine
    engine.close()


def require_pidns(engine: SnippetEngine) -> None:
    """Skip only where the kernel refused the namespace, and say why."""
    if "pidns" in engine.status.missing:
        pytest.skip(f"no PID namespace here: {engine.status.missing['pidns']}")


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_without_seccomp_the_app_and_helper_are_still_out_of_reach(
        no_seccomp: SnippetEngine, attack: str) -> None:
    require_pidns(no_seccomp)
    before = resource.getrlimit(resource.RLIMIT_CPU)
    res = no_seccomp.run(SnippetJob(code=_FIND + ATTACKS[attack], time_limit=5), timeout=60)
    assert not res.ok and "ProcessLookupError" in (res.error or ""), res
    assert resource.getrlimit(resource.RLIMIT_CPU) == before


def test_snippets_see_neither_parent_nor_app(engine: SnippetEngine) -> None:
    require_pidns(engine)
    res = engine.run(SnippetJob(code="import os\n[os.getppid(), os.getpid() < 100]"))
    assert res.layers == engine.status.layers and engine.status.layers.count("pidns") == 1
    assert res.value == {"type": "list", "items": [{"type": "int", "value": 0},
                                                   {"type": "bool", "value": True}]}


def test_a_strays_children_die_with_it(no_seccomp: SnippetEngine, tmp_path: Path) -> None:
    # without seccomp a snippet can fork and leave its group; the namespace's init kills the
    # orphan once its snippet has ended
    require_pidns(no_seccomp)
    code = ("import os, time\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    time.sleep(30)\n"
            "    os._exit(0)\n"
            "'left a child'")
    res = no_seccomp.run(SnippetJob(code=code, time_limit=5), timeout=60)
    assert res.ok, res
    deadline = time.monotonic() + 5.0
    while helper_children(no_seccomp) or _init_children(no_seccomp):
        assert time.monotonic() < deadline, "the snippet's orphan is still running"
        time.sleep(0.1)


def _init_children(engine: SnippetEngine) -> list[str]:
    """Processes adopted by the namespace's init (the helper's child that is not a snippet)."""
    helper = engine.helper_pid
    inits = set()
    for task in os.listdir(f"/proc/{helper}/task"):
        inits |= set(Path(f"/proc/{helper}/task/{task}/children").read_text().split())
    inits -= {str(pid) for pid in helper_children(engine)}
    assert len(inits) == 1, inits  # the init is there, and only it
    (init,) = inits
    return Path(f"/proc/{init}/task/{init}/children").read_text().split()


_SHM = ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "libc.shmat.restype = ctypes.c_void_p\n"
        "sid = libc.shmget(0, 8 << 20, 0o600 | 0o1000)\n"  # IPC_PRIVATE, IPC_CREAT
        "if sid < 0:\n"
        "    raise PermissionError(ctypes.get_errno(), 'shmget refused')\n"
        "ctypes.memset(libc.shmat(sid, None, 0), 1, 8 << 20)\n"
        "sid")


def _host_segments() -> set[str]:
    """Ids of 8 MiB segments of ours in the host's IPC namespace (none made by others)."""
    rows = [line.split() for line in Path("/proc/sysvipc/shm").read_text().splitlines()[1:]]
    return {row[1] for row in rows if row[3] == str(8 << 20) and row[7] == str(os.getuid())}


def test_shared_memory_is_refused_or_dies_with_the_snippet(
        engine: SnippetEngine, no_seccomp: SnippetEngine) -> None:
    """System V shared memory outlives its maker: 8 MB a snippet, held until reboot."""
    before = _host_segments()
    try:
        refused = engine.run(SnippetJob(code=_SHM), timeout=60)
        made = no_seccomp.run(SnippetJob(code=_SHM), timeout=60)  # its own IPC namespace
        leaked = _host_segments() - before
    finally:
        for shmid in _host_segments() - before:  # leave the machine as it was, always
            subprocess.run(["ipcrm", "-m", shmid], check=False)
    if "seccomp" in engine.status.layers:
        assert not refused.ok and "PermissionError" in (refused.error or "")
    assert made.ok and not leaked, made
