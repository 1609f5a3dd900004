"""The helper's event loop: one process per snippet, limits enforced from outside, results sent
back to the app as frames.

Single-threaded on purpose: the helper forks, and forking a process that has other threads
can copy a lock in its held state. Everything — the app's requests, each child's stdout,
stderr and result pipes, each child's exit (a pidfd) — is multiplexed with ``selectors``.
A snippet that runs past its time limit or prints too much is killed with SIGKILL, together
with every process in its group; the helper also adopts (as a subreaper) and kills anything
that escaped the group.
"""

from __future__ import annotations

import collections
import os
import selectors
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from quizapp.snippets import frames, validate
from quizapp.snippets.children import ChildRun, drain_wakeups, explain_exit, kill_strays
from quizapp.snippets.model import OUTPUT_KEEP_BYTES, OUTPUT_KILL_BYTES
from quizapp.snippets.sandbox import (
    SCRATCH_MAX_ENTRIES,
    SCRATCH_TMPFS_BYTES,
    SandboxConfig,
)
from quizapp.snippets.scratch import remove_scratch, scratch_usage

SCRATCH_WATCH_EVERY = 0.1  # seconds between two looks at the running snippets' scratch folders
KILL_GRACE = 2.0  # after SIGKILL, how long to wait for the exit before giving up on a child
RESULT_FD = 3
PROBE_ID = -1

ChildEntry = Callable[[dict[str, Any], SandboxConfig], None]


class Supervisor:
    """Runs jobs sent by the app (``run``/``cancel`` frames) in child processes."""

    def __init__(
        self,
        ctrl_in: int,
        ctrl_out: int,
        child_entry: ChildEntry,
        scratch_root: str,
        read_paths: tuple[str, ...],
        disabled: frozenset[str],
        max_parallel: int,
        hello: dict[str, Any],
        prepare_job: Callable[[dict[str, Any], SandboxConfig], None] | None = None,
    ) -> None:
        self.ctrl_in = ctrl_in
        self.ctrl_out = ctrl_out
        self.child_entry = child_entry
        self.prepare_job = prepare_job
        self.scratch_root = scratch_root
        self.read_paths = read_paths
        self.disabled = disabled
        self.max_parallel = max(1, max_parallel)
        self.hello = hello
        self.queue: collections.deque[tuple[int, dict[str, Any]]] = collections.deque()
        self.running: dict[int, ChildRun] = {}  # pid -> run
        self.selector = selectors.DefaultSelector()
        self.ctrl_frames = frames.FrameBuffer()
        self.counter = 0
        self.stopping = False
        self.scratch_checked_at = 0.0
        self.init_pid: int | None = None  # the snippets' PID namespace's init (pidns.py)
        self.helper_layers: list[str] = []  # layers the helper set up for all its children
        self.helper_missing: dict[str, str] = {}

    # ---- the loop -------------------------------------------------------------------------

    def serve(self) -> None:
        """Run until the app closes its end of the control pipe (or sends ``shutdown``)."""
        os.set_blocking(self.ctrl_in, False)
        self.selector.register(self.ctrl_in, selectors.EVENT_READ, ("ctrl", None))
        # Any child's exit (orphans adopted as subreaper too) wakes the loop to reap it.
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector.register(wake_read, selectors.EVENT_READ, ("wake", None))
        self.queue.append((PROBE_ID, {"probe": True, "time_limit": 10.0, "memory_mb": 256}))
        try:
            while not self.stopping or self.running:
                self._start_queued()
                timeout = self._next_timeout()
                for key, _ in self.selector.select(timeout):
                    kind, run = key.data
                    if kind == "ctrl":
                        self._read_ctrl()
                    elif kind == "wake":
                        drain_wakeups(key.fd)
                    elif kind == "exit":
                        self._reap(run)
                    else:
                        self._read_child(key.fd, run)
                self._enforce_deadlines()
                self._watch_scratch()
                self._reap_any()
        finally:
            for run in list(self.running.values()):
                self._kill(run, None, "")
            remove_scratch(self.scratch_root)

    def _next_timeout(self) -> float:
        now = time.monotonic()
        timeout = SCRATCH_WATCH_EVERY if self.running else 0.5
        for run in self.running.values():
            due = (run.killed_at + 0.1) if run.killed_at else run.deadline
            timeout = min(timeout, max(due - now, 0.0))
        return timeout

    def _read_ctrl(self) -> None:
        try:
            data = os.read(self.ctrl_in, 1 << 20)
        except BlockingIOError:
            return
        if not data:  # the app is gone: stop everything
            self.stopping = True
            self.queue.clear()
            self.selector.unregister(self.ctrl_in)
            for run in list(self.running.values()):
                self._kill(run, None, "")
            return
        for message in self.ctrl_frames.feed(data):
            kind = message.get("type")
            if kind == "run":
                self.queue.append((int(message["id"]), dict(message["job"])))
            elif kind == "cancel":
                self._cancel(int(message["id"]))
            elif kind == "shutdown":
                self.stopping = True
                self.queue.clear()

    def _cancel(self, job_id: int) -> None:
        self.queue = collections.deque(item for item in self.queue if item[0] != job_id)
        for run in self.running.values():
            if run.job_id == job_id:
                run.cancelled = True
                self._kill(run, None, "")

    def send(self, message: dict[str, Any]) -> None:
        """Write one frame to the app; if the app is gone, stop."""
        try:
            frames.write_all(self.ctrl_out, frames.encode(message))
        except (BrokenPipeError, OSError):
            self.stopping = True

    # ---- starting a child -----------------------------------------------------------------

    def _start_queued(self) -> None:
        while self.queue and len(self.running) < self.max_parallel and not self.stopping:
            job_id, job = self.queue.popleft()
            try:
                self._start(job_id, job)
            except OSError as exc:  # out of processes, pipes or disk: report, keep serving
                self._send_result(job_id, {"ok": False, "limit": "engine",
                                           "error": f"could not start the snippet: {exc}"})

    def _start(self, job_id: int, job: dict[str, Any]) -> None:
        self.counter += 1
        scratch = os.path.join(self.scratch_root, f"job-{self.counter}")
        os.mkdir(scratch, 0o700)
        run = ChildRun(job_id, job, scratch)
        config = SandboxConfig(
            scratch=scratch,
            time_limit=float(job.get("time_limit", 10.0)),
            memory_mb=int(job.get("memory_mb", 2048)),
            read_paths=self.read_paths,
            disabled=self.disabled,
        )
        if self.prepare_job is not None:
            self.prepare_job(job, config)
        pipes: dict[str, tuple[int, int]] = {}
        try:
            for name in ("stdout", "stderr", "result"):
                pipes[name] = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except OSError:  # out of processes or descriptors: leave nothing half-made
            for read_end, write_end in pipes.values():
                os.close(read_end)
                os.close(write_end)
            remove_scratch(scratch)
            raise
        if pid == 0:  # the child: never returns
            try:
                os.dup2(pipes["stdout"][1], 1)
                os.dup2(pipes["stderr"][1], 2)
                os.dup2(pipes["result"][1], RESULT_FD)
                os.closerange(RESULT_FD + 1, os.sysconf("SC_OPEN_MAX"))
                signal.set_wakeup_fd(-1)
                for signum in (signal.SIGPIPE, signal.SIGCHLD, signal.SIGINT):
                    signal.signal(signum, signal.SIG_DFL)
                self.child_entry(job, config)
            except BaseException:  # noqa: BLE001 - a bug of ours: leave the reason in the snippet's stderr
                import traceback

                os.write(2, traceback.format_exc().encode("utf-8", "replace"))
            finally:
                os._exit(70)
        run.pid = pid
        for name, (read_end, write_end) in pipes.items():
            os.close(write_end)
            os.set_blocking(read_end, False)
            run.fds[read_end] = name
            self.selector.register(read_end, selectors.EVENT_READ, (name, run))
        if hasattr(os, "pidfd_open"):
            try:
                run.pidfd = os.pidfd_open(pid)
                self.selector.register(run.pidfd, selectors.EVENT_READ, ("exit", run))
            except OSError:
                run.pidfd = None
        self.running[pid] = run
        if job_id != PROBE_ID:
            self.send({"type": "started", "id": job_id, "pid": pid})

    # ---- watching a child -----------------------------------------------------------------

    def _read_child(self, fd: int, run: ChildRun) -> bool:
        """Read what is there on one of a child's pipes; False once it is closed or empty."""
        name = run.fds.get(fd)
        if name is None:
            return False
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return False
        except OSError:
            data = b""
        if not data:
            self._close_fd(run, fd)
            return False
        if name == "result":
            self._on_result_bytes(run, data)
            return True
        run.total[name] += len(data)
        kept = run.kept[name]
        if len(kept) < OUTPUT_KEEP_BYTES:
            kept += data[: OUTPUT_KEEP_BYTES - len(kept)]
        if run.total["stdout"] + run.total["stderr"] > OUTPUT_KILL_BYTES and run.limit is None:
            mb = OUTPUT_KILL_BYTES // (1024 * 1024)
            self._kill(run, "output", f"the snippet printed more than {mb} MiB and was stopped")
        return True

    def _on_result_bytes(self, run: ChildRun, data: bytes) -> None:
        try:
            messages = run.results.feed(data)
        except frames.FrameError as exc:
            self._kill(run, "crash", f"the snippet process sent an invalid result ({str(exc)[:300]})")
            return
        for raw in messages:
            try:  # the child wrote this frame itself: nothing here trusts it before the check
                message = validate.child_message(raw)
            except Exception as exc:  # noqa: BLE001 — InvalidResult, or a bug: never the helper's end
                self._kill(run, "crash", f"the snippet process sent an invalid result ({str(exc)[:300]})")
                return
            if message["type"] == "running" and run.running_at is None:
                run.running_at = time.monotonic()
                run.deadline = run.running_at + float(run.job.get("time_limit", 10.0))
            elif message["type"] == "result" and run.result is None:
                run.result = message
                if run.limit is None:
                    # Answer now: the child flushed its output before this frame, and its
                    # exit (tearing down a torch-sized address space) need not be waited for.
                    self._report(run)
                    self._kill(run, None, "")

    def _enforce_deadlines(self) -> None:
        now = time.monotonic()
        for run in list(self.running.values()):
            if run.killed_at is None and now >= run.deadline:
                if run.running_at is None:
                    self._kill(run, "engine", "the snippet process did not start in time")
                else:
                    limit = float(run.job.get("time_limit", 10.0))
                    self._kill(run, "time", f"the snippet ran past its time limit ({limit:g} s)")
            elif run.killed_at is not None and now - run.killed_at > KILL_GRACE:
                # Unkillable (stuck in the kernel): report it now, the reaper collects it later.
                self._finish(run)

    def _watch_scratch(self) -> None:
        """Stop a snippet whose scratch folder grows past its cap.

        Where the kernel gave the child a size-capped tmpfs, the helper sees only the empty
        folder under it and this costs one scandir. Where it did not (no user namespaces),
        this is what keeps a snippet from filling the disk: disk use is summed every
        ``SCRATCH_WATCH_EVERY`` seconds (blocks, so sparse files count as what they use).
        """
        now = time.monotonic()
        if now - self.scratch_checked_at < SCRATCH_WATCH_EVERY:
            return
        self.scratch_checked_at = now
        for run in list(self.running.values()):
            if run.killed_at is not None:
                continue
            used, entries = scratch_usage(run.scratch, SCRATCH_MAX_ENTRIES)
            mb = SCRATCH_TMPFS_BYTES // (1024 * 1024)
            if used < 0:
                self._kill(run, "output", "the snippet made part of its scratch folder "
                                          "unreadable and was stopped")
            elif used > SCRATCH_TMPFS_BYTES:
                self._kill(run, "output", f"the snippet wrote more than {mb} MiB into its "
                                          "scratch folder and was stopped")
            elif entries > SCRATCH_MAX_ENTRIES:
                self._kill(run, "output", f"the snippet made more than {SCRATCH_MAX_ENTRIES} "
                                          "files in its scratch folder and was stopped")

    def _kill(self, run: ChildRun, limit: str | None, message: str) -> None:
        if limit and run.limit is None:
            run.limit, run.limit_message = limit, message
        if run.killed_at is None:
            run.killed_at = time.monotonic()
        for target in (lambda: os.killpg(run.pid, signal.SIGKILL),
                       lambda: os.kill(run.pid, signal.SIGKILL)):
            try:
                target()
            except (ProcessLookupError, PermissionError):
                pass

    def _reap(self, run: ChildRun) -> None:
        try:
            pid, status = os.waitpid(run.pid, os.WNOHANG)
        except ChildProcessError:
            pid, status = run.pid, 0
        if pid == run.pid:
            run.status = status
            self._finish(run)

    def _reap_any(self) -> None:
        """Collect exited children (and orphans adopted as subreaper); kill strays."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == self.init_pid:  # the namespace is gone: no snippet can start in it
                self.init_pid = None
                self.stopping = True  # the app starts a fresh helper
                continue
            run = self.running.get(pid)
            if run is not None:
                run.status = status
                self._finish(run)
        if not self.running:
            kill_strays(self._keep())

    def _keep(self) -> set[int]:
        """Our children that are not strays: running snippets and the namespace's init."""
        keep = {r.pid for r in self.running.values()}
        if self.init_pid is not None:
            keep.add(self.init_pid)
        return keep

    def _finish(self, run: ChildRun) -> None:
        """The child is gone (or unkillable): report if not done yet, then clean up."""
        if self.running.pop(run.pid, None) is None:
            return
        try:  # whatever the snippet left behind in its process group dies with it
            os.killpg(run.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        remove_scratch(run.scratch)  # before the answer: the disk has its space back by then
        self._report(run)
        for fd in list(run.fds):
            self._close_fd(run, fd)
        if run.pidfd is not None:
            self.selector.unregister(run.pidfd)
            os.close(run.pidfd)
        kill_strays(self._keep())

    def _report(self, run: ChildRun) -> None:
        if run.reported:
            return
        run.reported = True
        for fd in list(run.fds):
            self._drain(run, fd)
        if not run.cancelled:
            self._send_result(run.job_id, self._describe(run))

    def _drain(self, run: ChildRun, fd: int) -> None:
        for _ in range(256):  # bounded: a grandchild might still be writing
            if not self._read_child(fd, run):
                return

    def _close_fd(self, run: ChildRun, fd: int) -> None:
        if run.fds.pop(fd, None) is not None:
            self.selector.unregister(fd)
            os.close(fd)

    def _describe(self, run: ChildRun) -> dict[str, Any]:
        end = time.monotonic()
        started = run.running_at if run.running_at is not None else run.forked_at
        result: dict[str, Any] = {
            "stdout": run.text("stdout"),
            "stderr": run.text("stderr"),
            "duration_ms": (end - started) * 1000.0,
        }
        reported = run.result or {}
        result["layers"] = [*self.helper_layers, *reported.get("layers", [])]
        result["missing"] = {**self.helper_missing, **reported.get("missing", {})}
        if run.limit is not None:  # we stopped it: that is the story, whatever it said
            result.update(ok=False, limit=run.limit, error=run.limit_message)
        elif run.result is not None:
            for key in ("ok", "value", "error", "limit", "charts", "images"):
                result[key] = reported.get(key)
        else:
            result.update(ok=False, **explain_exit(run.status, run.job))
        return result

    def _send_result(self, job_id: int, result: dict[str, Any]) -> None:
        if job_id == PROBE_ID:
            hello = dict(self.hello, type="hello", layers=result.get("layers", []),
                         missing=result.get("missing", {}))
            if not result.get("ok"):
                hello["probe_error"] = result.get("error") or "the sandbox probe failed"
            self.send(hello)
            return
        try:
            self.send({"type": "result", "id": job_id, "result": result})
        except (frames.FrameError, TypeError, ValueError) as exc:  # e.g. a result too large
            result.update(ok=False, value=None, charts=[], images=[], limit="output",
                          error=f"the snippet's result could not be sent back: {exc}")
            self.send({"type": "result", "id": job_id, "result": result})
