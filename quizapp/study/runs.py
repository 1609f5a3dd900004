"""Bank code the flow asks the snippet engine to run: building jobs, and waiting on them.

A `PendingRun` wraps the engine's future so that front ends can ask "done yet?" without
blocking (the TUI) or wait for it (plain mode, or a TUI thread worker).
"""

from __future__ import annotations

import concurrent.futures
import threading
from typing import TYPE_CHECKING, Any, Callable

from quizapp.cut import cut

if TYPE_CHECKING:
    from quizapp.snippets import SnippetResult

# The engine enforces each snippet's own time limit; this is what we add on top while waiting
# (a helper that is still importing torch, or restarting after a crash).
ENGINE_GRACE_S = 30.0


class PendingRun:
    """One snippet on its way through the engine; thread-safe to poll and to wait on."""

    def __init__(self, future: concurrent.futures.Future, time_limit: float) -> None:
        self._future = future
        self._deadline_s = time_limit + ENGINE_GRACE_S
        self._lock = threading.Lock()
        self._result: SnippetResult | None = None

    def done(self) -> bool:
        return self._result is not None or self._future.done()

    def add_done_callback(self, fn: Callable[[PendingRun], Any]) -> None:
        """Call ``fn(self)`` when the result is there (at once if it already is; any thread)."""
        self._future.add_done_callback(lambda _f: fn(self))

    def wait(self, timeout: float | None = None) -> SnippetResult:
        """The result, waiting at most ``timeout`` seconds (default: the snippet's limit plus
        a grace period); a run that does not finish in time comes back as a failure."""
        from quizapp.snippets import SnippetResult

        with self._lock:
            if self._result is not None:
                return self._result
        try:
            result = self._future.result(self._deadline_s if timeout is None else timeout)
        except concurrent.futures.TimeoutError:
            if timeout is not None:  # the caller only wanted to peek: try again later
                raise
            result = SnippetResult.failure("the snippet engine did not answer in time", "engine")
        except concurrent.futures.CancelledError:
            result = SnippetResult.failure("the run was cancelled", "engine")
        except Exception as exc:  # noqa: BLE001 - the engine's problem becomes a shown failure
            result = SnippetResult.failure(f"the snippet engine failed: {exc}", "engine")
        with self._lock:
            self._result = result
        return result

    def peek(self) -> SnippetResult | None:
        """The result if it is there, else None (never blocks)."""
        if not self.done():
            return None
        return self.wait()

    def cancel(self) -> None:
        """Drop interest in this run (the engine may still finish it and cache the result)."""
        self._future.cancel()


def first_line(text: str | None, limit: int = 160) -> str:
    """The gist of an error: its last non-empty line (a traceback ends with the exception)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    line = lines[-1] if lines else "unknown error"
    return cut(line, limit)
