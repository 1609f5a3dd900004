"""The app's side of the snippet engine: a warm helper process, talked to over pipes.

``SnippetEngine`` never imports torch. ``start()`` launches the helper in the background
(``worker.py``: it imports torch, then forks one sandboxed child per snippet); ``submit()``
returns a Future at once — answers found in the cache resolve immediately, others are sent to
the helper as JSON frames, queued until it is ready. A reader thread turns the helper's frames
into results; a watchdog restarts a helper that died (a snippet killed it) or wedged.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import Future, InvalidStateError
from typing import Any

from quizapp.records import MutableRecord, replace
from quizapp.snippets import frames, validate
from quizapp.snippets.cache import SnippetCache
from quizapp.snippets.helper_process import HelperProcess, default_mode, kill_group
from quizapp.snippets.model import (
    STARTUP_ALLOWANCE,
    EngineStatus,
    SnippetJob,
    SnippetResult,
    clamp_time_limit,
)

READY_TIMEOUT = 120.0  # a helper that has not said hello by then is killed and restarted
WEDGE_GRACE = 5.0  # a started snippet with no answer this long past its limit: helper wedged
MAX_FAILED_STARTS = 3

StatusListener = Callable[[EngineStatus], None]


class _Pending(MutableRecord):
    job: SnippetJob
    future: Future
    sent_to: int = 0  # generation of the helper it was sent to (0: not sent)
    child_pid: int = 0
    sent_at: float = 0.0


class SnippetEngine:
    """Runs snippets in a sandboxed helper process; see the module docstring.

    ``cache``: True for the default cache file, False for none, or a ``SnippetCache``.
    ``disabled_layers`` turns isolation layers off (benchmarks and tests only).
    """

    def __init__(
        self,
        cache: bool | SnippetCache = True,
        *,
        mode: str | None = None,
        max_parallel: int | None = None,
        disabled_layers: Iterable[str] = (),
    ) -> None:
        if cache is True:
            self._cache: SnippetCache | None = SnippetCache()
        else:
            self._cache = cache or None
        self._mode = mode or os.environ.get("QUIZAPP_SNIPPET_MODE") or default_mode()
        self._max_parallel = max_parallel or min(2, os.cpu_count() or 1)
        self._disabled = sorted(set(disabled_layers))
        from quizapp.paths import cache_dir

        # Fixed now, so a restart later uses the same folders whatever the environment became.
        self._cache_dir = cache_dir()
        self._lock = threading.RLock()
        self._listeners: list[StatusListener] = []
        self._status = EngineStatus(state="stopped", message="not started", mode=self._mode)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._generations = itertools.count(1)
        self._helper: HelperProcess | None = None
        self._failed_starts = 0
        self._closed = False
        self._ready_event = threading.Event()
        self._watchdog: threading.Thread | None = None
        self.helper_start_s: float | None = None  # measured: launch to ready
        self.helper_pid: int | None = None
        _live_engines.add(self)

    # ---- status ---------------------------------------------------------------------------

    @property
    def status(self) -> EngineStatus:
        """The current state and the isolation layers snippets get."""
        return self._status

    @property
    def cache(self) -> SnippetCache | None:
        """The answer cache in use, if any."""
        return self._cache

    def add_status_listener(self, listener: StatusListener) -> None:
        """Call ``listener(status)`` on every change, from whichever thread made it.

        Listeners must return quickly and not wait on the engine (post a message and return).
        """
        with self._lock:
            self._listeners.append(listener)

    def remove_status_listener(self, listener: StatusListener) -> None:
        """Stop calling ``listener``."""
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _set_status(self, **changes: Any) -> None:
        with self._lock:
            current = self._status
            status = replace(current, **changes)
            if status == current:
                return
            self._status = status
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # noqa: BLE001 - a broken listener must not break the engine
                pass

    def wait_ready(self, timeout: float | None = None) -> EngineStatus:
        """Block until the helper is ready or unavailable (or ``timeout``); the status."""
        self.start()
        self._ready_event.wait(timeout)
        return self._status

    # ---- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Launch the helper in the background; returns at once. Idempotent."""
        with self._lock:
            if self._closed or self._status.state != "stopped":
                return
            if not hasattr(os, "fork"):  # the helper's supervisor needs fork and select on pipes
                self._give_up("running bank code needs Linux or macOS (not available on "
                              f"{sys.platform})")
                return
            self._set_status(state="starting", message="loading torch in the background")
            self._launch()
            self._watchdog = threading.Thread(target=self._watch, name="quizapp-snippets-watchdog",
                                              daemon=True)
            self._watchdog.start()

    def _launch(self) -> None:
        generation = next(self._generations)
        thread = threading.Thread(target=self._run_helper, args=(generation,),
                                  name=f"quizapp-snippets-helper-{generation}", daemon=True)
        thread.start()

    def _run_helper(self, generation: int) -> None:
        """Thread body: start one helper, then read its frames until it ends."""
        config = {"mode": self._mode, "disabled": self._disabled,
                  "max_parallel": self._max_parallel,
                  "scratch_base": str(self._cache_dir / "scratch")}
        try:
            helper = HelperProcess.launch(generation, config, self._cache_dir)
        except OSError as exc:
            self._give_up(f"could not start the snippet helper: {exc}")
            return
        with self._lock:
            if self._closed:
                helper.kill()
                helper.close_pipes()
                return
            self._helper = helper
            self.helper_pid = helper.pid
        reason, fatal = "the snippet helper stopped", False
        try:
            while (message := helper.read_frame()) is not None:
                if message.get("type") == "fatal":
                    reason = str(message.get("message") or "the snippet helper failed")
                    fatal = True
                    break
                try:
                    self._on_message(helper, message)
                except Exception as exc:  # noqa: BLE001 — this thread must outlive any frame
                    self._fail_frame(message, exc)
        except (frames.FrameError, OSError) as exc:
            reason = f"the snippet helper sent garbage ({exc})"
        helper.kill()
        helper.close_pipes()
        self._on_helper_gone(helper, reason, fatal)

    def _on_message(self, helper: HelperProcess, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "hello":
            self._on_hello(helper, message)
        elif kind == "started":
            with self._lock:
                pending = self._pending.get(int(message.get("id", 0)))
                if pending is not None:
                    pending.child_pid = int(message.get("pid", 0))
        elif kind == "result":
            self._on_result(int(message.get("id", 0)), message.get("result"))

    def _on_hello(self, helper: HelperProcess, message: dict[str, Any]) -> None:
        with self._lock:
            helper.ready = True
            self._failed_starts = 0
            self.helper_start_s = time.monotonic() - helper.launched_at
            layers = tuple(message.get("layers") or ())
            missing = dict(message.get("missing") or {})
            text = f"torch {message.get('torch', '?')} ready; protections: {', '.join(layers) or 'none'}"
            absent = EngineStatus(state="ready", missing=missing).unavailable()
            if absent:
                text += "; not available here: " + "; ".join(
                    f"{name} ({why})" for name, why in absent.items())
            if message.get("probe_error"):
                text += f" (sandbox check failed: {message['probe_error']})"
            self._set_status(state="ready", layers=layers, missing=missing, message=text,
                             mode=str(message.get("mode") or self._mode))
            batch = [self._claim(helper, job_id, pending)
                     for job_id, pending in list(self._pending.items()) if not pending.sent_to]
        self._write(helper, [frame for frame in batch if frame is not None])
        self._ready_event.set()

    def _on_result(self, job_id: int, data: Any) -> None:
        with self._lock:
            pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        try:
            result = SnippetResult.from_dict(validate.result_payload(data))
        except validate.InvalidResult as exc:  # this snippet fails; nothing is cached
            _resolve(pending.future, SnippetResult.failure(
                f"the snippet sent back an invalid result ({str(exc)[:300]})", limit="crash"))
            return
        if self._cache is not None:
            try:
                self._cache.put(pending.job, result)
            except Exception:  # noqa: BLE001 - the cache is best effort
                pass
        _resolve(pending.future, result)

    def _fail_frame(self, message: dict[str, Any], exc: Exception) -> None:
        """A frame that could not be handled (a bug: frames are checked) fails its own snippet
        only; the reader thread goes on."""
        job_id = message.get("id")
        with self._lock:
            pending = self._pending.pop(job_id, None) if isinstance(job_id, int) else None
        if pending is not None:
            _resolve(pending.future, SnippetResult.failure(
                f"internal error on this snippet's result: {type(exc).__name__}: {exc}"[:500]))

    def _on_helper_gone(self, helper: HelperProcess, reason: str, fatal: bool) -> None:
        with self._lock:
            if self._helper is helper:
                self._helper = None
            if self._closed:
                return
            # Snippets running in the dead helper fail (one of them probably killed it);
            # those not yet started are sent to the next helper.
            for job_id, pending in list(self._pending.items()):
                if pending.sent_to == helper.generation:
                    if pending.child_pid:
                        kill_group(pending.child_pid)
                        del self._pending[job_id]
                        _resolve(pending.future, SnippetResult.failure(
                            f"{reason} while this snippet ran; the engine was restarted"))
                    else:
                        pending.sent_to = 0
            if not helper.ready:
                self._failed_starts += 1
            if fatal or self._failed_starts >= MAX_FAILED_STARTS:
                self._give_up(reason)
                return
            self._ready_event.clear()
            self._set_status(state="restarting", message=f"{reason}; restarting")
            self._launch()

    def _give_up(self, reason: str) -> None:
        with self._lock:
            self._set_status(state="unavailable", message=reason, layers=())
            pendings = list(self._pending.values())
            self._pending.clear()
        for pending in pendings:
            _resolve(pending.future, SnippetResult.failure(f"snippets cannot run: {reason}"))
        self._ready_event.set()

    def _watch(self) -> None:
        """Restart a helper that hangs at start-up or stops answering."""
        while not self._closed:
            time.sleep(0.25)
            with self._lock:
                helper = self._helper
                wedged = (helper is not None and not self._closed
                          and self._is_wedged(helper, time.monotonic()))
            if wedged:
                assert helper is not None
                helper.kill()  # the reader sees EOF and restarts it

    def _is_wedged(self, helper: HelperProcess, now: float) -> bool:
        if not helper.ready:
            return now - helper.launched_at > READY_TIMEOUT
        # The helper sends a frame whenever a snippet starts or ends, and no snippet may run
        # longer than its limit: silence past the longest limit means it stopped working.
        waiting = [p for p in self._pending.values() if p.sent_to == helper.generation]
        if not waiting:
            return False
        longest = max(clamp_time_limit(p.job.time_limit) for p in waiting)
        if self._mode == "spawn":  # each child starts its own interpreter and torch first
            longest += STARTUP_ALLOWANCE
        last = max(helper.last_frame_at, max(p.sent_at for p in waiting))
        return now - last > longest + WEDGE_GRACE

    def close(self) -> None:
        """Kill the helper and every snippet process; fail what is pending. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            helper, self._helper = self._helper, None
            pendings = list(self._pending.values())
            self._pending.clear()
            self._set_status(state="stopped", message="closed", layers=())
        for pending in pendings:
            if pending.child_pid:
                kill_group(pending.child_pid)
            _resolve(pending.future, SnippetResult.failure("the snippet engine was closed"))
        if helper is not None:
            helper.kill()
        if self._cache is not None:
            self._cache.close()
        self._ready_event.set()

    def __enter__(self) -> SnippetEngine:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- running snippets -----------------------------------------------------------------

    def submit(self, job: SnippetJob) -> Future[SnippetResult]:
        """Run ``job`` in the background; the Future resolves to its ``SnippetResult``.

        Cancelling the Future stops the snippet. Starts the engine if it was not started.
        """
        future: Future[SnippetResult] = Future()
        if self._cache is not None and job.use_cache:
            try:
                hit = self._cache.get(job)
            except Exception:  # noqa: BLE001 - the cache is best effort: a broken entry is a miss
                hit = None
            if hit is not None:
                future.set_result(hit)
                return future
        self.start()
        with self._lock:
            if self._closed or self._status.state == "unavailable":
                future.set_result(SnippetResult.failure(
                    f"snippets cannot run: {self._status.message}"))
                return future
            job_id = next(self._ids)
            pending = _Pending(job, future)
            self._pending[job_id] = pending
            helper = self._helper
            frame = None
            if helper is not None and helper.ready:
                frame = self._claim(helper, job_id, pending)
        if frame is not None:
            assert helper is not None
            self._write(helper, [frame])  # outside the lock: a full pipe must not block results
        future.add_done_callback(functools.partial(self._on_done, job_id))
        return future

    def run(self, job: SnippetJob, timeout: float | None = None) -> SnippetResult:
        """Run ``job`` and wait for its result (for the CLI and worker threads)."""
        return self.submit(job).result(timeout)

    def _claim(self, helper: HelperProcess, job_id: int, pending: _Pending) -> tuple[int, bytes] | None:
        """Mark a job as sent to ``helper`` and encode it (call with the lock held)."""
        try:
            data = frames.encode({"type": "run", "id": job_id, "job": pending.job.to_dict()})
        except (frames.FrameError, TypeError, ValueError) as exc:
            self._pending.pop(job_id, None)
            _resolve(pending.future, SnippetResult.failure(
                f"the snippet's parameters are not plain JSON values ({exc})", limit=None))
            return None
        pending.sent_to = helper.generation
        pending.sent_at = time.monotonic()
        return job_id, data

    def _write(self, helper: HelperProcess, frames_to_send: list[tuple[int, bytes]]) -> None:
        if not frames_to_send:
            return
        if not helper.write([data for _, data in frames_to_send]):
            with self._lock:  # the helper is dying: the next one gets these
                for job_id, _ in frames_to_send:
                    pending = self._pending.get(job_id)
                    if pending is not None and pending.sent_to == helper.generation:
                        pending.sent_to = 0

    def _on_done(self, job_id: int, future: Future) -> None:
        if not future.cancelled():
            return
        with self._lock:
            pending = self._pending.pop(job_id, None)
            helper = self._helper
        if pending is None or helper is None or pending.sent_to != helper.generation:
            return
        helper.write([frames.encode({"type": "cancel", "id": job_id})])


def _resolve(future: Future, result: SnippetResult) -> None:
    try:
        if not future.done():
            future.set_result(result)
    except InvalidStateError:  # cancelled at the same moment
        pass


_live_engines: weakref.WeakSet[SnippetEngine] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for engine in list(_live_engines):
        engine.close()
