"""A demonstration after the reveal: its code, what it printed and its charts."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from quizapp.study.views import DemoView
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.code_block import CodeBlock


def warm_up_images() -> None:
    """Import what drawing a picture needs (in a worker thread)."""
    from quizapp.tui.graphics import renderers

    renderers()


class DemoPanel(Vertical):
    """One demonstration; `show` again as its run progresses (running → done/failed)."""

    def __init__(self, demo: DemoView, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.demo = demo
        self._charts_shown = False
        self._images_shown = False

    def compose(self) -> ComposeResult:
        yield Static(classes="demo-title", markup=False)
        yield Markdown(classes="demo-explain")
        yield CodeBlock(classes="demo-code")
        yield Static(classes="demo-output", markup=False)
        yield Static(classes="demo-error", markup=False)
        yield Vertical(classes="demo-charts")
        yield Vertical(classes="demo-images")

    def on_mount(self) -> None:
        self.show(self.demo)
        if "image(" in self.demo.code and quiz_app(self).image_protocol != "off":
            # Pillow and textual-image take ~0.2-0.6 s to import: do it while the demo runs
            self.run_worker(warm_up_images, thread=True, group="image-warm-up", exit_on_error=False)

    def show(self, demo: DemoView) -> None:
        self.demo = demo
        marks = {"running": "◌", "done": "✓", "failed": "✗", "not_run": "○"}
        title = f"{marks.get(demo.state, '')} Demonstration: {demo.title} — {demo.note}"
        self.query_one(".demo-title", Static).update(title)
        explain = self.query_one(".demo-explain", Markdown)
        explain.update(demo.explain)
        explain.display = bool(demo.explain)
        caption = "demo code" + (" · shown, not run" if demo.state == "not_run" else "")
        self.query_one(".demo-code", CodeBlock).set_code(demo.code, caption)
        output = self.query_one(".demo-output", Static)
        output.update(demo.stdout.rstrip())
        output.border_title = "output"
        output.display = bool(demo.stdout.strip())
        error = self.query_one(".demo-error", Static)
        error.update(demo.error.rstrip())
        error.border_title = "error"
        error.display = bool(demo.error)
        if demo.charts and not self._charts_shown:
            self._charts_shown = True
            from quizapp.tui.widgets.chart import chart_widget

            charts = self.query_one(".demo-charts", Vertical)
            charts.mount_all(chart_widget(c, classes="demo-chart") for c in demo.charts)
        if demo.images and not self._images_shown:
            self._show_images(demo.images)

    def _show_images(self, figures: tuple[dict, ...]) -> None:
        from quizapp.tui.widgets.image_view import ImageView

        self._images_shown = True
        protocol = quiz_app(self).image_protocol
        images = self.query_one(".demo-images", Vertical)
        if protocol == "off":
            images.mount(Static(f"{len(figures)} image(s) not shown (images are off)", classes="demo-images-off"))
            return
        images.mount_all(ImageView(f, protocol, classes="demo-image") for f in figures)
