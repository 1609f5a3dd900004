"""The screen at the bottom of the stack: "Loading…" while the banks load, then the way home.

When the app starts on a screen other than home (`quizapp study`, `quizapp exam`), that
screen opens straight over this one — the home screen is not built before the first card.
Once start-up is over, whenever this screen comes back to the top (the study session or the
exam was left), the home screen opens over it.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

from quizapp.tui.app import quiz_app

# Loading usually takes a few tens of milliseconds: say so only when it takes longer.
LOADING_NOTICE_AFTER_S = 0.3


class StartScreen(Screen):
    """Shown only while loading; afterwards it hands over to home at once."""

    def on_mount(self) -> None:
        self.set_timer(LOADING_NOTICE_AFTER_S, self._say_loading)

    def _say_loading(self) -> None:
        if self.app.screen is self and not self.children:
            self.mount(Static("quizapp — loading banks…", id="loading", markup=False))

    def on_screen_resume(self) -> None:
        quiz_app(self).call_later(quiz_app(self).ensure_home)
