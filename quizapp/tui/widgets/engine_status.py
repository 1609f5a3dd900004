"""One line saying whether bank code can run: the snippet engine's state and its isolation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from quizapp.plural import plural
from quizapp.tui.app import quiz_app

if TYPE_CHECKING:
    from quizapp.snippets import EngineStatus


def engine_words(status: EngineStatus | None, run_code: bool = True, width: int | None = None) -> str:
    """The engine's state in words, with a mark (never colour alone). When the isolation
    layers do not fit in ``width`` cells they are counted instead of listed."""
    if not run_code:
        return "○ Code: off — bank code is shown, not run"
    if status is None or status.state == "stopped":
        return "○ Code: engine not started yet"
    if status.state == "ready":
        # layers the machine could not give are named (their reasons: `quizapp check --json`)
        absent = list(status.unavailable())
        missing = f" · missing: {', '.join(absent)}" if absent else ""
        if not status.layers:
            return "● Code: ready · isolation: none" + missing
        listed = f"● Code: ready · isolation: {', '.join(status.layers)}{missing}"
        if width is None or len(listed) <= width:
            return listed
        n = len(status.layers)
        counted = f"● Code: ready · runs isolated ({plural(n, 'layer')} of protection)"
        if absent and (width is None or len(counted + missing) <= width):
            return counted + missing
        return counted + (f" · {len(absent)} missing" if absent else "")
    if status.state == "starting":
        return "◌ Code: warming up (loading torch in the background)…"
    if status.state == "restarting":
        return f"◌ Code: restarting — {status.message}"
    return f"✗ Code: unavailable — {status.message or 'the engine could not start'}"


class EngineStatusLine(Static):
    """Shows the engine's state; updates live as the engine changes, and fits its width."""

    def on_mount(self) -> None:
        self.watch(self.app, "engine_status", self._show, init=True)

    def on_resize(self) -> None:
        self._show(quiz_app(self).engine_status)

    def _show(self, status: EngineStatus | None) -> None:
        width = self.content_size.width or None
        self.update(engine_words(status, quiz_app(self).options.run_code, width))
        state = status.state if status is not None else "stopped"
        self.set_class(state == "ready", "-ready")
        self.set_class(state in ("unavailable",), "-error")
