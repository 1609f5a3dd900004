"""One line saying whether bank code can run: the snippet engine's state and its isolation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from quizapp.snippets import EngineStatus


def engine_words(status: EngineStatus | None, run_code: bool = True) -> str:
    """The engine's state in words, with a mark (never colour alone)."""
    if not run_code:
        return "○ Code: off — bank code is shown, not run"
    if status is None or status.state == "stopped":
        return "○ Code: engine not started yet"
    layers = ", ".join(status.layers) if status.layers else "none"
    if status.state == "ready":
        return f"● Code: ready · isolation: {layers}"
    if status.state == "starting":
        return "◌ Code: warming up (loading torch in the background)…"
    if status.state == "restarting":
        return f"◌ Code: restarting — {status.message}"
    return f"✗ Code: unavailable — {status.message or 'the engine could not start'}"


class EngineStatusLine(Static):
    """Shows the engine's state; updates live as the engine changes."""

    def on_mount(self) -> None:
        self.watch(self.app, "engine_status", self._show, init=True)

    def _show(self, status: EngineStatus | None) -> None:
        run_code = getattr(self.app, "options", None)
        self.update(engine_words(status, run_code.run_code if run_code else True))
        state = status.state if status is not None else "stopped"
        self.set_class(state == "ready", "-ready")
        self.set_class(state in ("unavailable",), "-error")
