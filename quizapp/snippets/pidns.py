"""Snippets live in their own PID namespace, where the app and the helper do not exist.

Why: the kernel lets a process change the limits (``prlimit``), priority (``setpriority``),
scheduling and memory placement of any process of the same user, and a normal user cannot
undo it — a lowered hard limit or a raised nice value stays. The seccomp filter refuses those
calls on other processes (seccomp.py); this is the second wall, for every call that names a
process, including ones no list foresaw: a pid is looked up in the caller's namespace, and
the app and the helper have no pid there. A snippet can still read the helper's number in
``/proc`` — it names nobody it can reach. (Checking and restoring the app's own limits was the
other option: it cannot restore a lowered hard limit or nice value without privileges, and it
acts after the harm, so it is not the guard.)

How: the helper, still single-threaded, unshares a PID namespace (with a user namespace that
maps only its own ids, where it is not root), then forks the namespace's init: a small process
that reaps and kills orphans adopted there (a snippet's stray children; with seccomp there are
none). Every snippet the helper forks afterwards is a process of that namespace. The helper
itself stays outside: its pids, and the app's view of the children, are the usual ones.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_PR_SET_PDEATHSIG = 1
INIT_SWEEP_EVERY = 0.5  # seconds between the init's looks for adopted orphans


def enter() -> int:
    """Put the helper's future children in a new PID namespace; return its init's pid.

    Call while single-threaded (a user namespace needs it). Raises OSError with the reason
    when the kernel refuses.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if os.geteuid() != 0 or libc.unshare(_CLONE_NEWPID) != 0:
        uid, gid = os.geteuid(), os.getegid()
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWPID) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), "unshare(CLONE_NEWUSER|CLONE_NEWPID)")
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"),
                           ("/proc/self/gid_map", f"{gid} {gid} 1")):
            with open(path, "w") as handle:
                handle.write(text)
    helper = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            _init_main(libc, helper)
        finally:
            os._exit(0)
    return pid


def _init_main(libc: ctypes.CDLL, helper: int) -> None:
    """The namespace's pid 1: dies with the helper (and takes every snippet with it)."""
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not _alive(helper):  # the helper died before the line above
        return
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # never hold the app's pipes open
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    me = os.readlink("/proc/self")  # our pid as /proc (the host's) names it
    while True:
        for child in _children(me):
            try:
                os.kill(child, signal.SIGKILL)  # an orphan: its snippet is gone
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        time.sleep(INIT_SWEEP_EVERY)


def _alive(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}")


def _children(host_pid: str) -> list[int]:
    """Our children's pids in our own namespace (/proc lists them as the host sees them)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{host_pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{host_pid}/task/{task}/children") as handle:
                pids = handle.read().split()
        except OSError:
            continue
        for pid in pids:
            try:
                with open(f"/proc/{pid}/status") as handle:
                    for line in handle:
                        if line.startswith("NSpid:"):
                            found.append(int(line.split()[-1]))
            except (OSError, ValueError):
                continue
    return found
