"""The seccomp filter: a snippet acts on itself only, never on another process (the app, the
helper, anything else the user runs). Each call is tried in a fresh Python process that loads
the filter, against a sacrificial `sleep` the test started, and against itself."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator

import pytest

from quizapp.snippets import seccomp

pytestmark = pytest.mark.skipif(seccomp.supported_arch() is None or not sys.platform.startswith("linux"),
                                reason="the seccomp filter needs Linux on x86_64 or aarch64")

# Each call: (name, Python code using `target`, the victim's pid). Run before and after the
# filter is loaded; `errno` or "ok" is recorded.
_PROBE = r"""
import ctypes, errno, json, os, resource, sys
from quizapp.snippets import seccomp
target = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
NR = {"x86_64": {"kcmp": 312, "pidfd_open": 434, "ioprio_set": 251, "ioprio_get": 252,
                 "migrate_pages": 256, "process_madvise": 440, "get_robust_list": 274,
                 "sched_setattr": 314},
      "aarch64": {"kcmp": 272, "pidfd_open": 434, "ioprio_set": 30, "ioprio_get": 31,
                  "migrate_pages": 238, "process_madvise": 440, "get_robust_list": 100,
                  "sched_setattr": 274}}[seccomp.supported_arch()]

def raw(name, *args):
    rc = libc.syscall(NR[name], *[ctypes.c_long(a) for a in args])
    if rc < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return rc

def head_ptr():
    ptr, size = ctypes.c_void_p(), ctypes.c_size_t()
    return ctypes.addressof(ptr), ctypes.addressof(size)

CALLS = {
    "prlimit other (read)": lambda: resource.prlimit(target, resource.RLIMIT_CPU),
    "prlimit other CPU": lambda: resource.prlimit(target, resource.RLIMIT_CPU, (100000, 100000)),
    "prlimit other FSIZE": lambda: resource.prlimit(target, resource.RLIMIT_FSIZE, (12345, 12345)),
    "setpriority other": lambda: os.setpriority(os.PRIO_PROCESS, target, 19),
    "setpriority other group": lambda: os.setpriority(os.PRIO_PGRP, target, 19),
    "setpriority a user": lambda: os.setpriority(os.PRIO_USER, 65533, 19),
    "getpriority other": lambda: os.getpriority(os.PRIO_PROCESS, target),
    "sched_setaffinity other": lambda: os.sched_setaffinity(target, os.sched_getaffinity(0)),
    "sched_setscheduler other": lambda: os.sched_setscheduler(target, os.SCHED_OTHER, os.sched_param(0)),
    "sched_setparam other": lambda: os.sched_setparam(target, os.sched_param(0)),
    "sched_setattr other": lambda: raw("sched_setattr", target, 0, 0),
    "ioprio_set other": lambda: raw("ioprio_set", 1, target, (2 << 13) | 4),
    "ioprio_get other": lambda: raw("ioprio_get", 1, target),
    "ioprio_set a user": lambda: raw("ioprio_set", 3, 65533, (2 << 13) | 4),
    "kcmp": lambda: raw("kcmp", os.getpid(), target, 0, 0, 0),
    "pidfd_open other": lambda: raw("pidfd_open", target, 0),
    "pidfd_open self": lambda: raw("pidfd_open", os.getpid(), 0),
    "migrate_pages other": lambda: raw("migrate_pages", target, 0, 0, 0),
    "process_madvise": lambda: raw("process_madvise", 0, 0, 0, 0, 0),
    "get_robust_list other": lambda: raw("get_robust_list", target, *head_ptr()),
    "kill other": lambda: os.kill(target, 0),
    # what a snippet may still do to itself (glibc's getrlimit/setrlimit are prlimit64(0, …))
    "prlimit self": lambda: resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE)),
    "prlimit own pid": lambda: resource.prlimit(os.getpid(), resource.RLIMIT_CPU),
    "setpriority self": lambda: os.setpriority(os.PRIO_PROCESS, 0, os.getpriority(os.PRIO_PROCESS, 0)),
    "sched_setaffinity self": lambda: os.sched_setaffinity(0, os.sched_getaffinity(0)),
    "ioprio_get self": lambda: raw("ioprio_get", 1, 0),
    "get_robust_list self": lambda: raw("get_robust_list", 0, *head_ptr()),
    "kill self": lambda: os.kill(os.getpid(), 0),
}

def attempt(call):
    try:
        call()
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))

os.setsid()  # as in a snippet process: it leads its own group
before = {name: attempt(call) for name, call in CALLS.items() if name.endswith(("(read)", "self", "own pid"))}
seccomp.install(os.getpid())
after = {name: attempt(call) for name, call in CALLS.items()}
print(json.dumps({"before": before, "after": after}))
"""


@pytest.fixture(scope="module")
def decisions() -> Iterator[dict[str, dict[str, str]]]:
    """What each call returned once the filter was loaded (and a few before)."""
    victim = subprocess.Popen(["sleep", "60"])
    try:
        run = subprocess.run([sys.executable, "-c", _PROBE, str(victim.pid)],
                             capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 0, run.stderr
        yield json.loads(run.stdout)
        # the victim kept its limits and priority through all of it
        assert resource.prlimit(victim.pid, resource.RLIMIT_CPU)[0] != 100000
        assert resource.prlimit(victim.pid, resource.RLIMIT_FSIZE)[0] != 12345
        assert os.getpriority(os.PRIO_PROCESS, victim.pid) != 19
    finally:
        victim.kill()
        victim.wait()


_OTHERS = ["prlimit other (read)", "prlimit other CPU", "prlimit other FSIZE",
           "setpriority other", "setpriority other group", "setpriority a user",
           "getpriority other", "sched_setaffinity other", "sched_setscheduler other",
           "sched_setparam other", "sched_setattr other", "ioprio_set other", "ioprio_get other",
           "ioprio_set a user", "kcmp", "pidfd_open other", "pidfd_open self",
           "migrate_pages other", "process_madvise", "get_robust_list other", "kill other"]


@pytest.mark.parametrize("call", _OTHERS)
def test_calls_on_another_process_are_refused(decisions: dict[str, dict[str, str]],
                                              call: str) -> None:
    assert decisions["after"][call] == "EPERM"


@pytest.mark.parametrize("call", ["prlimit self", "prlimit own pid", "setpriority self",
                                  "sched_setaffinity self", "ioprio_get self",
                                  "get_robust_list self", "kill self"])
def test_the_same_calls_on_itself_still_work(decisions: dict[str, dict[str, str]],
                                             call: str) -> None:
    assert decisions["after"][call] == "ok"


def test_reading_another_processes_limits_worked_before_the_filter(
        decisions: dict[str, dict[str, str]]) -> None:
    assert decisions["before"]["prlimit other (read)"] == "ok"  # so the refusal is the filter's
