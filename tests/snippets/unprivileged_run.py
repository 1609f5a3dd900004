"""Run the snippet engine as a normal user and attack it; print what happened as JSON.

``python unprivileged_run.py UID`` — started as root, it drops to ``UID`` (nobody) first; started
as a normal user it runs as that user. Root is not how people run quizapp: the engine's layers
(user and network namespaces, the scratch tmpfs, Landlock, seccomp) must work without it.

To drop to another user, the interpreter, the venv and the repository must be readable by it,
but CI clones as root, often under a folder only root may enter (``/root`` is 0700, and pyenv's
Python lives there). So, in a private mount namespace of this process only, each such folder
on the way is covered by a tmpfs that others may enter, holding bind mounts of just the entries
needed. Nothing changes on disk or for any other process.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import stat
import sys
import tempfile
import time
from pathlib import Path

_CLONE_NEWNS = 0x00020000
_MS_BIND, _MS_REC, _MS_PRIVATE = 0x1000, 0x4000, 0x40000
_LIBC = ctypes.CDLL(None, use_errno=True)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def expose(paths: list[str]) -> None:
    """Make ``paths`` reachable by any user, in this process's own mount namespace (only
    made when some folder on the way is closed to others)."""
    needed: dict[Path, set[str]] = {}
    for path in paths:
        parts = Path(path).resolve().parts
        folder = Path("/")
        for part in parts[1:]:
            needed.setdefault(folder, set()).add(part)
            folder = folder / part
    closed = [folder for folder in sorted(needed, key=lambda p: len(p.parts))  # parents first
              if folder.is_dir() and not os.stat(folder).st_mode & stat.S_IXOTH]
    if not closed:
        return
    _check(_LIBC.unshare(_CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _check(_LIBC.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "mount private")
    for folder in closed:
        fds = {e: os.open(folder / e, os.O_PATH) for e in needed[folder] if (folder / e).exists()}
        _check(_LIBC.mount(b"tmpfs", str(folder).encode(), b"tmpfs", 0, b"mode=0755"),
               f"tmpfs over {folder}")
        for entry, fd in fds.items():
            target = folder / entry
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                target.mkdir()
            else:
                target.touch()
            _check(_LIBC.mount(f"/proc/self/fd/{fd}".encode(), str(target).encode(), None,
                               _MS_BIND | _MS_REC, None), f"bind {target}")
            os.close(fd)


def drop_to(uid: int) -> str:
    """Become ``uid`` (its group too, no supplementary groups); returns a home folder it owns."""
    import quizapp

    repo = str(Path(quizapp.__file__).resolve().parents[1])
    expose([sys.prefix, sys.base_prefix, os.path.realpath(sys.executable), repo, __file__])
    home = tempfile.mkdtemp(prefix="quizapp-unprivileged-")
    os.chown(home, uid, uid)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    return home


FIND_APP = ("import os, resource\n"  # getppid() is 0 in the PID namespace: ask /proc
            "def parent(pid):\n"
            "    return int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
            "helper = parent('self')\n"
            "app = parent(helper)\n")
ATTACKS = {
    "prlimit the app": FIND_APP + "resource.prlimit(app, resource.RLIMIT_CPU, resource.getrlimit(resource.RLIMIT_CPU))",
    "renice the app": FIND_APP + "os.setpriority(os.PRIO_PROCESS, app, 19)",
    "kill the helper": FIND_APP + "import signal\nos.kill(helper, signal.SIGKILL)",
    "read the user's files": "open(secret).read()",
    "connect to loopback": "import socket\nsocket.create_connection(('127.0.0.1', port), timeout=1)",
    "fill the scratch folder": ("i = 0\nwhile True:\n"
                                "    with open(f'f{i}', 'wb') as out:\n"
                                "        out.write(b'x' * 32_000_000)\n"
                                "    i += 1\n"),
    "forge a result": ("import os, struct\nbody = b'{\"type\": \"result\", \"ok\": true, \"value\": 5}'\n"
                       "os.write(3, struct.pack('>I', len(body)) + body)\nos._exit(0)\n"),
}


CANNOT_DROP = 3  # exit status: this machine does not let root become another user here


def main() -> None:
    uid = int(sys.argv[1])
    if os.geteuid() == 0:
        try:
            home = drop_to(uid)
        except OSError as exc:  # e.g. a container without the right to mount
            print(f"cannot run as uid {uid} here: {exc}", file=sys.stderr)
            sys.exit(CANNOT_DROP)
    else:
        home = tempfile.mkdtemp(prefix="quizapp-unprivileged-")
    os.environ.update(HOME=home, QUIZAPP_HOME=home)
    os.chdir(home)
    secret = Path(home, "secret.txt")
    secret.write_text("SECRET")
    from quizapp.snippets import SnippetEngine, SnippetJob

    report: dict[str, object] = {"uid": os.getuid(), "home": home}
    engine = SnippetEngine(cache=False)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        params = {"secret": str(secret), "port": server.getsockname()[1]}
        try:
            status = engine.wait_ready(120)
            report["status"] = status.to_dict()
            helper = engine.helper_pid
            results = {}
            for name, code in ATTACKS.items():
                began = time.monotonic()
                res = engine.run(SnippetJob(code=code, params=params, time_limit=8), timeout=60)
                results[name] = {"ok": res.ok, "error": (res.error or "").splitlines()[-1:],
                                 "limit": res.limit, "seconds": round(time.monotonic() - began, 2)}
            after = engine.run(SnippetJob(code="import os\n[6 * 7, os.listdir('.')]"), timeout=60)
            report["after"] = after.value
            report["same_helper"] = engine.helper_pid == helper
            report["results"] = results
            report["scratch_left"] = sum(len(files) for _, _, files in
                                         os.walk(Path(home, "cache", "scratch")))
        finally:
            engine.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
