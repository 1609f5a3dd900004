"""What the student sees after answering: where the answer came from, the model answer and key
points, the explanation and demonstrations. (The verdict itself — right or wrong, in words and
marks — is `verdict_line`, shown by the screen where it never scrolls away.)"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from quizapp.study.views import DemoView, Feedback
from quizapp.tui.widgets.demo_panel import DemoPanel


def verdict_line(fb: Feedback) -> str:
    """``✓ Right — you said (1, 8, 8, 8); the answer is (1, 8, 8, 8).``"""
    if fb.correct is None:
        if fb.kind == "open":
            return "Compare with the model answer, then grade yourself (1–4)."
        given = f"You said {fb.given}. " if fb.given else ""
        return f"{given}Grade yourself (1–4)."
    said = f"you said {fb.given}; " if fb.given else ""
    note = f" ({fb.note})" if fb.note else ""
    return f"{fb.verdict} — {said}the answer is {fb.expected}.{note}"


_BLOCK_START = re.compile(r"^\s*([-*+] |\d+[.)] |#|>|\||\$\$|```|~~~)")


def labelled_markdown(label: str, markdown: str) -> str:
    """``**Model answer.** text``: the label runs into a first paragraph, but goes on a line
    of its own before a list, a heading or display math (which it would otherwise break)."""
    text = markdown.strip()
    if not text:
        return f"**{label}**"
    return f"**{label}**\n\n{text}" if _BLOCK_START.match(text) else f"**{label}** {text}"


class FeedbackPanel(Vertical):
    """Hidden until the card is answered."""

    def compose(self) -> ComposeResult:
        yield Static(id="truth-note", markup=False)
        yield Markdown(id="model-answer")
        yield Static(id="key-points", markup=False)
        yield Markdown(id="explain")
        yield Vertical(id="demos")

    def show(self, fb: Feedback) -> AwaitComplete:
        """Fill in the feedback; await the result to know the Markdown is laid out."""
        note = self.query_one("#truth-note", Static)
        note.update(fb.truth_note[:1].upper() + fb.truth_note[1:] if fb.truth_note else "")
        note.display = bool(fb.truth_note)
        model = self.query_one("#model-answer", Markdown)
        model_done = model.update(labelled_markdown("Model answer.", fb.model_answer) if fb.model_answer else "")
        model.display = bool(fb.model_answer)
        points = self.query_one("#key-points", Static)
        points.update("Key points:\n" + "\n".join(f"  • {p}" for p in fb.key_points) if fb.key_points else "")
        points.display = bool(fb.key_points)
        explain = self.query_one("#explain", Markdown)
        explain_done = explain.update(fb.explain)
        explain.display = bool(fb.explain)
        return AwaitComplete(model_done, explain_done)

    def clear(self) -> None:
        self.query_one("#demos", Vertical).remove_children()

    def show_demos(self, demos: list[DemoView]) -> AwaitComplete:
        """Show or update the demonstrations (panels are kept and updated in place); await
        the result to know new panels are mounted."""
        box = self.query_one("#demos", Vertical)
        panels = list(box.query(DemoPanel))
        for index, demo in enumerate(demos[: len(panels)]):
            panels[index].show(demo)
        new = [DemoPanel(demo, classes="demo") for demo in demos[len(panels):]]
        return AwaitComplete(box.mount_all(new)) if new else AwaitComplete()
