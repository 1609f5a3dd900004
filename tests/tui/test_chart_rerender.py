"""A log-scale chart survives being drawn again (a resize, a scroll): plotext logs its data in
place when it builds, and the second build used to raise ValueError."""

from __future__ import annotations

from textual.app import App, ComposeResult

from quizapp.tui.widgets.chart import chart_widget

CHART = {"title": "gap at 2^k", "log_y": True,
         "series": [{"name": "float16", "x": list(range(30)), "y": [2.0 ** k for k in range(-24, 6)]}]}


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield chart_widget(CHART, id="chart")


async def test_a_log_scale_chart_with_values_below_one_renders_again_after_a_resize() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert "gap at 2^k" in str(app.query_one("#chart").render())
