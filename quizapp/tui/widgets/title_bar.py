"""The top line of every screen: the command-palette mark, then "quizapp — <screen>" centred.

It looks like Textual's `Header` but is one widget that draws itself: the `Header` (four
widgets, re-laid out at each of its five title watchers) cost ~20 ms of CPU before the first
card could show (measured with the start-up timeline of bench/startup.py).
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.events import Click
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # the mark and the space Textual's header gives it
RIGHT_WIDTH = 10  # Textual's header keeps this for a clock: the title stays centred alike


class TitleBar(Widget):
    """The app's title and the screen's sub-title; a click opens the command palette."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.tooltip = "Open the command palette"
        self.watch(self.screen, "sub_title", self._sub_title_changed, init=False)

    def _sub_title_changed(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        middle = max(self.size.width - ICON_WIDTH - RIGHT_WIDTH, 0)
        return Content.assemble(
            f" {ICON}".ljust(ICON_WIDTH),
            self.app.format_title(title, sub_title).center(middle, ellipsis=True),
        )

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.run_action("app.command_palette")
