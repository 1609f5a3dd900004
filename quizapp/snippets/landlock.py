"""Landlock (Linux ≥ 5.13) through raw syscalls: no writes outside the scratch folder, no reads
outside the folders Python and torch need, no TCP, no signals to processes outside the sandbox.

Landlock is an allow-list that a process applies to itself and can never lift. Which rights
exist depends on the kernel's Landlock ABI version; rights the kernel does not know are simply
not restricted, and the layers that were really applied are reported.
"""

from __future__ import annotations

import ctypes
import functools
import os
from pathlib import Path

from quizapp.records import Record

_SYS_CREATE_RULESET = 444  # the same number on every architecture (new syscalls are unified)
_SYS_ADD_RULE = 445
_SYS_RESTRICT_SELF = 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
TRUNCATE = 1 << 14
IOCTL_DEV = 1 << 15
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
READ_ONLY = EXECUTE | READ_FILE | READ_DIR
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0
SCOPE_SIGNAL = 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@functools.lru_cache(maxsize=1)  # loaded once in the helper, inherited by every fork
def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def abi_version() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is absent or disabled."""
    try:
        version = _libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0),
                                  ctypes.c_uint32(_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1  # ABI 1: execute … make_sym
    if abi >= 2:
        rights |= 1 << 13  # refer
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


class LandlockPolicy(Record, frozen=True):
    """Paths a sandboxed snippet may read (and execute) and those it may also write."""

    read: tuple[str, ...]
    write: tuple[str, ...]


def restrict_self(policy: LandlockPolicy) -> list[str]:
    """Apply the policy to this process (and every process it will start).

    Returns the layer names that took effect: ``landlock`` (files), ``landlock-net`` (no TCP,
    ABI ≥ 4), ``landlock-scope`` (no signals or abstract sockets outside, ABI ≥ 6).
    Raises OSError when the kernel refuses.
    """
    abi = abi_version()
    if abi < 1:
        raise OSError("Landlock is not available in this kernel")
    libc = _libc()
    all_fs = _fs_rights(abi)
    attr = _RulesetAttr(handled_access_fs=all_fs)
    size = 8
    layers = ["landlock"]
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
        size = 16
        layers.append("landlock-net")
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
        layers.append("landlock-scope")
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path in policy.read:
            _allow(libc, ruleset, path, READ_ONLY & all_fs)
        for path in policy.write:
            _allow(libc, ruleset, path, all_fs)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
        if libc.syscall(_SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return layers


def _allow(libc: ctypes.CDLL, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist here needs no rule
    try:
        if not Path(path).is_dir():
            rights &= _FILE_RIGHTS  # directory-only rights on a file are an error
        rule = _PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        if libc.syscall(_SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                        ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)


def default_read_paths(python_paths: list[str], home: str | None) -> tuple[str, ...]:
    """What Python and torch need to read: system libraries, the interpreter, sys.path.

    Never the user's home itself or any folder above it: a virtualenv inside the home is
    allowed, the home's other files (``~/.ssh``…) are not.
    """
    system = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt", "/nix/store",
              "/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group",
              "/etc/nsswitch.conf", "/etc/ssl/certs", "/proc", "/sys/devices/system/cpu",
              "/sys/fs/cgroup", "/dev/urandom", "/dev/random", "/dev/zero", "/dev/full"]
    home_path = Path(home).resolve() if home else None
    allowed: list[str] = []
    for entry in [*system, *python_paths]:
        if not entry:
            continue
        path = Path(entry).resolve()
        if path == Path("/") or (home_path and (path == home_path or path in home_path.parents)):
            continue
        if str(path) not in allowed:
            allowed.append(str(path))
    return tuple(allowed)
