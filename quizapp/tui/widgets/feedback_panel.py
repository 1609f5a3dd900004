"""What the student sees after answering: where the answer came from, the model answer and key
points, the explanation and demonstrations. (The verdict itself — right or wrong, in words and
marks — is `verdict_line`, shown by the screen where it never scrolls away.)"""

from __future__ import annotations

import re

from textual.await_complete import AwaitComplete
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from quizapp.banks.kinds import kind_info
from quizapp.study.views import DemoView, Feedback
from quizapp.tui.widgets.demo_panel import DemoPanel


def verdict_line(fb: Feedback) -> str:
    """``✓ Right — you said (1, 8, 8, 8); the answer is (1, 8, 8, 8).``"""
    if fb.correct is None:
        if kind_info(fb.kind).self_graded:
            return "Compare with the model answer, then grade yourself (1–4)."
        given = f"You said {fb.given}. " if fb.given else ""
        return f"{given}Grade yourself (1–4)."
    said = f"you said {fb.given}; " if fb.given else ""
    note = f" ({fb.note})" if fb.note else ""
    line = f"{fb.verdict} — {said}the answer is {fb.expected}.{note}"
    return line + (f"\n↳ {fb.diagnosis}" if fb.diagnosis else "")


def retry_line(fb: Feedback) -> str:
    """A wrong first try with a second one allowed: what is wrong, not yet the answer."""
    why = f" {fb.diagnosis}" if fb.diagnosis else ""
    return f"{fb.verdict} — you said {fb.given}.{why} One more try (the answer is shown after it)."


_BLOCK_START = re.compile(r"^\s*([-*+] |\d+[.)] |#|>|\||\$\$|```|~~~)")


def labelled_markdown(label: str, markdown: str) -> str:
    """``**Model answer.** text``: the label runs into a first paragraph, but goes on a line
    of its own before a list, a heading or display math (which it would otherwise break)."""
    text = markdown.strip()
    if not text:
        return f"**{label}**"
    return f"**{label}**\n\n{text}" if _BLOCK_START.match(text) else f"**{label}** {text}"


class FeedbackPanel(Vertical):
    """Hidden until the card is answered. Its parts are built at the first answer, not with
    the screen: the first card shows sooner without them."""

    def show(self, fb: Feedback) -> AwaitComplete:
        """Fill in the feedback; await the result to know the Markdown is laid out."""
        note_text = fb.truth_note[:1].upper() + fb.truth_note[1:] if fb.truth_note else ""
        model_text = labelled_markdown("Model answer.", fb.model_answer) if fb.model_answer else ""
        points_text = "Key points:\n" + "\n".join(f"  • {p}" for p in fb.key_points) if fb.key_points else ""
        if not self.children:  # the first answer: build the parts with their content
            note = Static(note_text, id="truth-note", markup=False)
            model = Markdown(model_text, id="model-answer")
            points = Static(points_text, id="key-points", markup=False)
            explain = Markdown(fb.explain, id="explain")
            done = AwaitComplete(self.mount_all([note, model, points, explain, Vertical(id="demos")]))
        else:
            note = self.query_one("#truth-note", Static)
            note.update(note_text)
            model = self.query_one("#model-answer", Markdown)
            points = self.query_one("#key-points", Static)
            points.update(points_text)
            explain = self.query_one("#explain", Markdown)
            done = AwaitComplete(model.update(model_text), explain.update(fb.explain))
        note.display = bool(note_text)
        model.display = bool(model_text)
        points.display = bool(points_text)
        explain.display = bool(fb.explain)
        return done

    def clear(self) -> None:
        for demos in self.query("#demos"):
            demos.remove_children()

    def show_demos(self, demos: list[DemoView]) -> AwaitComplete:
        """Show or update the demonstrations (panels are kept and updated in place); await
        the result to know new panels are mounted."""
        box = self.query_one("#demos", Vertical)
        panels = list(box.query(DemoPanel))
        for index, demo in enumerate(demos[: len(panels)]):
            panels[index].show(demo)
        new = [DemoPanel(demo, classes="demo") for demo in demos[len(panels):]]
        return AwaitComplete(box.mount_all(new)) if new else AwaitComplete()
