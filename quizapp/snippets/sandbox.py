"""Everything a snippet process does to itself before it runs bank code.

In order: its own session (no terminal, stdin from /dev/null), death with its parent, no core
files, a scratch folder as cwd/HOME/TMPDIR; then the kernel layers that stop side effects
(network namespace, Landlock, seccomp — each where the kernel allows it); then resource limits
(time, memory, file size). Each step reports what it applied and, for what it could not, why,
so the app can say honestly which protections are on.
"""

from __future__ import annotations

import ctypes
import functools
import math
import os
import resource
import signal
import sys
import tempfile

from quizapp.records import MutableRecord, Record, field
from quizapp.snippets import landlock, seccomp

LAYER_NAMES = ("process", "rlimits", "pidns", "netns", "scratch-tmpfs", "landlock",
               "landlock-net", "landlock-scope", "seccomp")  # pidns: set up by the helper
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_CLONE_NEWNS = 0x00020000
_CLONE_NEWIPC = 0x08000000
_MS_NOSUID = 0x2
_MS_NODEV = 0x4
_MS_REC = 0x4000
_MS_PRIVATE = 0x40000
SCRATCH_TMPFS_BYTES = 256 * 1024 * 1024  # all files of one snippet together (tmpfs or watch)
SCRATCH_MAX_ENTRIES = 10_000  # files and folders in one scratch folder, where no tmpfs caps them
_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
SCRATCH_FILE_LIMIT = 64 * 1024 * 1024  # largest file a snippet may write in its scratch folder


class SandboxConfig(Record, frozen=True):
    """What one snippet process gets: its scratch folder, its limits, the paths it may read."""

    scratch: str
    time_limit: float
    memory_mb: int
    read_paths: tuple[str, ...] = ()
    disabled: frozenset[str] = field(default_factory=frozenset)  # layers turned off on purpose


class Applied(MutableRecord):
    """The layers a process really got, and why the others are missing."""

    layers: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)  # loaded once in the helper, inherited by every fork
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def isolate_process(config: SandboxConfig, applied: Applied) -> None:
    """Own session, stdin from /dev/null, killed with the helper, no core dumps, scratch cwd."""
    try:
        os.setsid()  # no controlling terminal: the snippet can never touch the user's tty
    except OSError:
        pass  # already a session leader (spawned with start_new_session)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(0, "r", closefd=False)
    libc = _libc()
    if libc is not None and sys.platform.startswith("linux"):
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # Not dumpable yet: that makes /proc/self root's, and a normal user could then no
        # longer write /proc/self/setgroups and uid_map (see apply_kernel_layers).
    os.chdir(config.scratch)
    # torch's import sets TORCHINDUCTOR_CACHE_DIR under /tmp: caches go to scratch too
    for name in ("HOME", "TMPDIR", "TMP", "TEMP", "XDG_CACHE_HOME", "TORCHINDUCTOR_CACHE_DIR"):
        os.environ[name] = config.scratch
    tempfile.tempdir = config.scratch
    applied.layers.append("process")


def apply_kernel_layers(config: SandboxConfig, applied: Applied) -> None:
    """Namespaces (network; a size-capped scratch), Landlock and seccomp, where available.

    Call while the process has a single thread (unshare of a user namespace needs it).
    """
    if not sys.platform.startswith("linux"):
        for name in ("netns", "landlock", "seccomp"):
            applied.missing[name] = f"needs Linux (this is {sys.platform})"
        return
    if "netns" in config.disabled:
        applied.missing["netns"] = "disabled"
    else:
        try:
            applied.layers += _enter_namespaces(config.scratch,
                                                "scratch-tmpfs" not in config.disabled)
        except OSError as exc:
            applied.missing["netns"] = _reason(exc)
    if "scratch-tmpfs" in config.disabled:
        applied.missing["scratch-tmpfs"] = "disabled"
    elif "scratch-tmpfs" not in applied.layers:
        # the helper's size watch (supervisor.py) still stops a snippet that fills the folder
        applied.missing.setdefault("scratch-tmpfs", "needs a mount namespace")
    # Now that the user namespace is set up: no core dumps, and no other process of the user
    # may ptrace this one or read its memory through /proc.
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    if "landlock" in config.disabled:
        applied.missing["landlock"] = "disabled"
    else:
        policy = landlock.LandlockPolicy(
            read=config.read_paths + (f"/proc/{os.getpid()}",),
            write=(config.scratch, os.devnull),
        )
        try:
            applied.layers += landlock.restrict_self(policy)
        except OSError as exc:
            applied.missing["landlock"] = _reason(exc)
    if "seccomp" in config.disabled:
        applied.missing["seccomp"] = "disabled"
    else:
        try:
            seccomp.install(os.getpid())
            applied.layers.append("seccomp")
        except OSError as exc:
            applied.missing["seccomp"] = _reason(exc)


def _reason(exc: OSError) -> str:
    if exc.errno:
        return f"{exc.strerror or os.strerror(exc.errno)} ({exc.filename or 'kernel refused'})"
    return str(exc)


def _enter_namespaces(scratch: str, tmpfs: bool = True) -> list[str]:
    """Own network namespace (only a loopback, down: no way out), own IPC namespace (shared
    memory and message queues die with the snippet) and, when the kernel lets us, own mount
    namespace with the scratch folder on a size-capped tmpfs: a snippet cannot
    fill the disk, and its files vanish with it."""
    libc = _libc()
    if libc is None:
        raise OSError("libc not found")
    uid, gid = os.geteuid(), os.getegid()
    # own IPC namespace too: shared memory or queues a snippet makes die with it
    flags = _CLONE_NEWNET | _CLONE_NEWNS | _CLONE_NEWIPC
    if libc.unshare(_CLONE_NEWUSER | flags) == 0:
        # Map our own ids so files in the scratch folder can still be created.
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    else:
        first = ctypes.get_errno()
        if libc.unshare(flags) != 0 and libc.unshare(_CLONE_NEWNET) != 0:  # root, no userns
            raise OSError(first, "unshare(CLONE_NEWUSER|CLONE_NEWNET) failed", "user namespaces")
    layers = ["netns"]
    if tmpfs and _mount_scratch(libc, scratch):
        layers.append("scratch-tmpfs")
    return layers


def _mount_scratch(libc: ctypes.CDLL, scratch: str) -> bool:
    # Private first, so the mount never shows up in the user's own namespace.
    if libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return False
    options = f"size={SCRATCH_TMPFS_BYTES},mode=0700".encode()
    if libc.mount(b"tmpfs", scratch.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) != 0:
        return False
    os.chdir(scratch)  # the cwd still pointed at the folder under the mount
    return True


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


def apply_rlimits(config: SandboxConfig, applied: Applied) -> None:
    """CPU time, address space (torch's current size + the budget), file size, no core files."""
    if "rlimits" in config.disabled:
        applied.missing["rlimits"] = "disabled"
        return
    # A backstop for the wall-clock limit, on top of the CPU this process already used.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(usage.ru_utime + usage.ru_stime + config.time_limit) + 1
    limits = [
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, SCRATCH_FILE_LIMIT),
    ]
    size = _address_space_bytes()
    if size is not None:
        limits.append((resource.RLIMIT_AS, size + config.memory_mb * 1024 * 1024))
    else:
        applied.missing["memory-limit"] = "cannot read this process's size"
    for which, value in limits:
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            value = min(value, current_hard)  # never above what the user's shell allows
        soft = hard = value
        if which == resource.RLIMIT_CPU and current_hard == resource.RLIM_INFINITY:
            hard = value + 1  # SIGXCPU first, SIGKILL a second later
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError) as exc:
            applied.missing["rlimits"] = f"setrlimit refused: {exc}"
            return
    applied.layers.append("rlimits")
