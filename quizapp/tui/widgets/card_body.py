"""A card as shown before it is answered: where it is from, its stem and prompt, its setup
code and its choices. Used by the study and the exam screens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static

from quizapp.banks.kinds import kind_label
from quizapp.study.views import CardView
from quizapp.tui.widgets.code_block import CodeBlock
from quizapp.tui.widgets.inline_code import with_code


def choice_lines(view: CardView, chosen: int | None = None, correct: tuple[int, ...] = ()) -> Content:
    """The numbered choices, each clickable (its number key is the keyboard way); after an
    answer, marks in words (not colour alone)."""
    lines = []
    for number, text in enumerate(view.choices, 1):
        mark = ""
        if correct:
            mark = "  ✓ right answer" if number in correct else ("  ✗ your choice" if number == chosen else "")
        # a choice's own brackets are never read as markup; `code` shows as code
        lines.append(with_code(f"{number}. {text}{mark}", f"@click=screen.choose({number})"))
    return Content("\n").join(lines)


# What ComposedMarkdown uses of Textual's Markdown (8.x); without one of them it is a Markdown.
_MARKDOWN_INTERNALS = ("_parse_markdown", "_parser_factory", "_markdown", "_last_parsed_line", "_theme")


class ComposedMarkdown(Markdown):
    """Markdown whose first text is parsed while its screen is composed, so the screen's first
    frame shows it. (Textual's Markdown parses its text once mounted, in a thread, and mounts
    the blocks after: the first card's prompt came two frames after the rest of the card.)
    Uses Markdown's own block builder; later updates are Textual's."""

    _composed = False  # the blocks of the first text came from compose

    def compose(self) -> ComposeResult:
        text = getattr(self, "_initial_markdown", None)
        if not text or not all(hasattr(self, name) for name in _MARKDOWN_INTERNALS):
            return  # nothing to show, or a Textual whose Markdown works otherwise: it mounts as usual
        from markdown_it import MarkdownIt

        self._theme = self.app.theme
        parser = MarkdownIt("gfm-like") if self._parser_factory is None else self._parser_factory()
        yield from self._parse_markdown(parser.parse(text))
        self._markdown, self._initial_markdown, self._composed = text, None, True
        lines = text.splitlines()
        self._last_parsed_line = len(lines) - (1 if lines and lines[-1] else 0)

    def update(self, markdown: str) -> AwaitComplete:
        if self._composed and markdown == "":  # Markdown's own mount, after compose showed the text
            self._composed = False

            async def nothing() -> None:
                return None

            return AwaitComplete(nothing())
        self._composed = False
        return super().update(markdown)


class CardBody(Vertical):
    """The question part of a card (no answer, no feedback). The parts a card may not have —
    a stem, setup code, choices — are built the first time a card has them (a first card
    shows sooner without widgets it hides).

    ``first``: the card shown first, composed with its prompt — an empty Markdown parsed,
    mounted, then parsed and mounted again with the prompt made the first card appear later.
    """

    def __init__(self, *, first: CardView | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._prompt_source = first.prompt if first is not None else None  # what #card-prompt shows

    def compose(self) -> ComposeResult:
        yield Static(id="card-meta", markup=False)
        yield ComposedMarkdown(self._prompt_source, id="card-prompt")

    def show(self, view: CardView) -> None:
        """Show ``view`` (replacing any previous card)."""
        meta = f"{view.where} — {kind_label(view.kind)}"
        if view.params:
            meta += "\n" + view.variant_line
        self.query_one("#card-meta", Static).update(meta)
        prompt = self.query_one("#card-prompt", Markdown)
        if view.prompt != self._prompt_source:
            prompt.update(view.prompt)
            self._prompt_source = view.prompt
        stems = self.query("#card-stem")
        if stems:
            stem = stems.first(Markdown)
            stem.update(view.stem)
            stem.display = bool(view.stem)
        elif view.stem:
            self.mount(Markdown(view.stem, id="card-stem"), before=prompt)
        caption = "setup" if view.code_runs else f"setup · shown, not run: {view.code_note}"
        blocks = self.query("#card-setup")
        if blocks:
            blocks.first(CodeBlock).set_code(view.setup, caption)
        elif view.setup:
            self.mount(CodeBlock(view.setup, caption, id="card-setup"), after=prompt)
        if view.choices or self.query("#card-choices"):
            choices = self._choices()
            choices.update(choice_lines(view))
            choices.display = bool(view.choices)

    def _choices(self) -> Static:
        found = self.query("#card-choices")
        if found:
            return found.first(Static)
        choices = Static(id="card-choices")
        self.mount(choices)
        return choices

    def mark_choices(self, view: CardView, chosen: int | None, correct: tuple[int, ...]) -> None:
        """After a multiple-choice answer: mark the right one and the one picked."""
        self._choices().update(choice_lines(view, chosen, correct))
