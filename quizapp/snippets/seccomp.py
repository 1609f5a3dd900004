"""A seccomp filter, assembled by hand and installed through raw syscalls (no libseccomp).

It refuses (EPERM) what a snippet never needs and a hostile one would use: running programs,
new processes (threads are still allowed: torch uses them), sockets, namespaces, mounts,
kernel keyrings, BPF and io_uring (which would bypass the filter). Everything else is
allowed, so torch keeps working.

**A snippet acts on itself only.** The kernel lets a process change the limits, priority,
scheduling, I/O priority and memory placement of every other process of the same user — the
app and the helper included: ``prlimit(app, RLIMIT_CPU, (1, 1))`` killed the app, and a
lowered hard limit or a raised nice value cannot be undone by a normal user. So every call
that names another process is refused, the whole family, and the ones a process legitimately
makes on itself stay allowed for pid 0 or its own pid:

- self only: ``prlimit64`` (glibc's get/setrlimit pass 0; the sandbox sets its limits after
  this filter is loaded), ``setpriority``/``getpriority`` and ``ioprio_set``/``ioprio_get``
  for a process or its own group (the snippet leads its group) — never a whole user,
  ``sched_setaffinity``/``sched_setscheduler``/``sched_setparam``/``sched_setattr``,
  ``migrate_pages``/``move_pages``, ``get_robust_list``; ``kill`` (0, own pid, own group),
  ``tkill``/``tgkill`` (own thread group).
- refused outright: ``ptrace``, ``process_vm_readv``/``writev``, ``kcmp``, ``pidfd_open``,
  ``pidfd_send_signal``, ``pidfd_getfd``, ``process_madvise``, ``process_mrelease``,
  ``rt_sigqueueinfo``/``rt_tgsigqueueinfo``.
- left allowed: the ``sched_get*`` reads (they change nothing; glibc and OpenMP query their own
  affinity with them).

Threads other than the main one get EPERM for the self-only calls when they name themselves
by thread id (BPF cannot know a process's thread ids); torch runs snippets on one thread.
Pid arguments are ``pid_t`` (32 bits), so comparing the low word of the argument is exact.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import platform
import struct

_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_X32_SYSCALL_BIT = 0x40000000

# x86_64 numbers first, then the generic table used by aarch64; None = not on that arch.
_SYSCALLS: dict[str, tuple[int | None, int | None]] = {
    "execve": (59, 221), "execveat": (322, 281), "fork": (57, None), "vfork": (58, None),
    "socket": (41, 198), "socketpair": (53, 199), "connect": (42, 203), "bind": (49, 200),
    "listen": (50, 201), "accept": (43, 202), "accept4": (288, 242),
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271),
    "pidfd_send_signal": (424, 424), "pidfd_getfd": (438, 438), "pidfd_open": (434, 434),
    "kcmp": (312, 272), "process_madvise": (440, 440), "process_mrelease": (448, 448),
    "rt_sigqueueinfo": (129, 138), "rt_tgsigqueueinfo": (297, 240),
    # System V IPC and POSIX message queues outlive the process that made them (RAM held
    # until reboot); the snippet's own IPC namespace (sandbox.py) is the second wall
    "shmget": (29, 194), "semget": (64, 190), "msgget": (68, 186), "mq_open": (240, 180),
    "mount": (165, 40), "umount2": (166, 39), "unshare": (272, 97), "setns": (308, 268),
    "pivot_root": (155, 41), "chroot": (161, 51), "move_mount": (429, 429),
    "open_tree": (428, 428), "fsopen": (430, 430), "fsconfig": (431, 431),
    "fsmount": (432, 432), "fspick": (433, 433), "mount_setattr": (442, 442),
    "keyctl": (250, 219), "add_key": (248, 217), "request_key": (249, 218),
    "bpf": (321, 280), "perf_event_open": (298, 241), "userfaultfd": (323, 282),
    "io_uring_setup": (425, 425), "io_uring_enter": (426, 426), "io_uring_register": (427, 427),
    "setsid": (112, 157), "setpgid": (109, 154),
    "open_by_handle_at": (304, 265), "name_to_handle_at": (303, 264),
    "fanotify_init": (300, 262), "kexec_load": (246, 104), "kexec_file_load": (320, 294),
    "init_module": (175, 105), "finit_module": (313, 273), "delete_module": (176, 106),
    "reboot": (169, 142), "swapon": (167, 224), "swapoff": (168, 225), "acct": (163, 89),
    "quotactl": (179, 60), "syslog": (103, 116), "settimeofday": (164, 170),
    "clock_settime": (227, 112), "adjtimex": (159, 171), "sethostname": (170, 161),
    "setdomainname": (171, 162),
}
# Calls allowed only on the calling process: name -> (numbers, index of the pid argument,
# allowed values of a "which" argument 0 or None). pid 0 always means "myself" for these.
_PRIO_PROCESS, _PRIO_PGRP = 0, 1
_IOPRIO_WHO_PROCESS, _IOPRIO_WHO_PGRP = 1, 2
_SELF_ONLY: dict[str, tuple[tuple[int, int], int, tuple[int, ...] | None]] = {
    "prlimit64": ((302, 261), 0, None),
    "setpriority": ((141, 140), 1, (_PRIO_PROCESS, _PRIO_PGRP)),
    "getpriority": ((140, 141), 1, (_PRIO_PROCESS, _PRIO_PGRP)),
    "ioprio_set": ((251, 30), 1, (_IOPRIO_WHO_PROCESS, _IOPRIO_WHO_PGRP)),
    "ioprio_get": ((252, 31), 1, (_IOPRIO_WHO_PROCESS, _IOPRIO_WHO_PGRP)),
    "sched_setaffinity": ((203, 122), 0, None),
    "sched_setscheduler": ((144, 119), 0, None),
    "sched_setparam": ((142, 118), 0, None),
    "sched_setattr": ((314, 274), 0, None),
    "migrate_pages": ((256, 238), 0, None),
    "move_pages": ((279, 239), 0, None),
    "get_robust_list": ((274, 100), 0, None),
}
_CLONE = (56, 220)
_CLONE3 = (435, 435)
_KILL = (62, 129)
_TKILL = (200, 130)
_TGKILL = (234, 131)
_SECCOMP = (317, 277)
_CLONE_THREAD = 0x00010000

# BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h)
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_OFF_NR = 0
_OFF_ARCH = 4
_OFF_ARG0 = 16  # low 32 bits of args[0] on little-endian machines; args[n] is 8n further


def supported_arch() -> str | None:
    """The machine name if this module knows its syscall table, else None."""
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    return machine if machine in _AUDIT_ARCH else None


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k & 0xFFFFFFFF)


def build_filter(arch: str, own_pid: int) -> bytes:
    """The BPF program for ``arch``; ``own_pid`` is the only process it may signal by pid."""
    col = 0 if arch == "x86_64" else 1
    deny = _RET_ERRNO | errno.EPERM
    prog = [
        _insn(_LD_W_ABS, _OFF_ARCH),
        _insn(_JEQ_K, _AUDIT_ARCH[arch], 1, 0),
        _insn(_RET_K, _RET_KILL_PROCESS),  # a foreign syscall ABI (e.g. int 0x80) is an attack
        _insn(_LD_W_ABS, _OFF_NR),
    ]
    if arch == "x86_64":  # x32 syscalls alias the x86_64 ones with a high bit set
        prog += [_insn(_JGE_K, _X32_SYSCALL_BIT, 0, 1), _insn(_RET_K, deny)]
    for numbers in _SYSCALLS.values():
        nr = numbers[col]
        if nr is not None:
            prog += [_insn(_JEQ_K, nr, 0, 1), _insn(_RET_K, deny)]
    # clone3 passes its flags in memory, where BPF cannot look: ENOSYS makes glibc use clone
    prog += [_insn(_JEQ_K, _CLONE3[col], 0, 1), _insn(_RET_K, _RET_ERRNO | errno.ENOSYS)]
    # clone: threads only
    prog += [
        _insn(_JEQ_K, _CLONE[col], 0, 4),
        _insn(_LD_W_ABS, _OFF_ARG0),
        _insn(_JSET_K, _CLONE_THREAD, 0, 1),
        _insn(_RET_K, _RET_ALLOW),
        _insn(_RET_K, deny),
    ]
    neg_pid = (-own_pid) & 0xFFFFFFFF
    # kill(pid): only 0 (own group), own pid, own group (-pid; the process leads its group)
    prog += [
        _insn(_JEQ_K, _KILL[col], 0, 6),
        _insn(_LD_W_ABS, _OFF_ARG0),
        _insn(_JEQ_K, 0, 3, 0),
        _insn(_JEQ_K, own_pid, 2, 0),
        _insn(_JEQ_K, neg_pid, 1, 0),
        _insn(_RET_K, deny),
        _insn(_RET_K, _RET_ALLOW),
    ]
    for numbers, pid_arg, whiches in _SELF_ONLY.values():
        prog += _self_only(numbers[col], pid_arg, whiches, own_pid, deny)
    # tkill(tid) / tgkill(tgid, …): only within this process
    for pair in (_TKILL, _TGKILL):
        prog += [
            _insn(_JEQ_K, pair[col], 0, 4),
            _insn(_LD_W_ABS, _OFF_ARG0),
            _insn(_JEQ_K, own_pid, 1, 0),
            _insn(_RET_K, deny),
            _insn(_RET_K, _RET_ALLOW),
        ]
    prog.append(_insn(_RET_K, _RET_ALLOW))
    return b"".join(prog)


def _self_only(nr: int, pid_arg: int, whiches: tuple[int, ...] | None, own_pid: int,
               deny: int) -> list[bytes]:
    """Syscall ``nr`` passes only when its pid argument is 0 or ``own_pid`` (and its "which"
    argument, when it has one, names a process or a process group, not a user)."""
    block: list[bytes] = []
    if whiches:
        block.append(_insn(_LD_W_ABS, _OFF_ARG0))  # "which" is always argument 0
        for i, which in enumerate(whiches):
            # a match skips the remaining tests and the deny that follows them
            block.append(_insn(_JEQ_K, which, len(whiches) - i, 0))
        block.append(_insn(_RET_K, deny))
    block += [
        _insn(_LD_W_ABS, _OFF_ARG0 + 8 * pid_arg),
        _insn(_JEQ_K, 0, 2, 0),
        _insn(_JEQ_K, own_pid, 1, 0),
        _insn(_RET_K, deny),
        _insn(_RET_K, _RET_ALLOW),
    ]
    return [_insn(_JEQ_K, nr, 0, len(block)), *block]


@functools.lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(own_pid: int | None = None) -> None:
    """Install the filter on this process (all its threads); raises OSError if refused."""
    arch = supported_arch()
    if arch is None:
        raise OSError(f"no seccomp syscall table for {platform.machine()}")
    program = build_filter(arch, os.getpid() if own_pid is None else own_pid)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = _libc()
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS: required without CAP_SYS_ADMIN
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
    col = 0 if arch == "x86_64" else 1
    # SECCOMP_SET_MODE_FILTER with TSYNC, so threads torch already started are covered too
    rc = libc.syscall(_SECCOMP[col], ctypes.c_uint(1), ctypes.c_uint(1), ctypes.byref(fprog))
    if rc != 0:
        raise OSError(ctypes.get_errno(), "seccomp(SET_MODE_FILTER) failed")
