"""Keys, everywhere: what the footer cannot fit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
**Keys.** The footer shows the ones that work now; `escape` or `?` closes this.

**Everywhere:** `?` this help · `ctrl+q` quit · `ctrl+p` command palette (themes, light/dark) ·
`escape` back.

**Home:** `enter` study today's cards · `e` exam · `c` cram (lowest recall first, schedule
untouched) · `m` drill recent mistakes · `s` statistics · `x` exam plans · `space` select
banks/topics to study ·
`p` bank problems · `t` review untrusted banks · `n` study more today (new cards over the
limit, reviews ahead) · `b` card browser · `o` settings · `home`/`end` first/last row · `q` quit.

**Browser:** `/` search (`answer:relu`, `topic:cnn`, `tag:x`, `is:suspended`, `is:leech`,
`flag:red`) · `enter` open a card (question, history) · `space` select · `s` suspend/unsuspend ·
`b` bury until tomorrow · `1`–`7` flag, `0` none · `r` reset · `d` set due · `o` sort · `u` undo.

**Settings:** `enter` change · `b` all banks / one bank's own values · `x` back to the default.

**Study:** `t` / `f` answer true or false · `space` reveal an open question's model answer ·
`1`–`9` pick a choice · type a computed answer and press `enter` · then `1` Again, `2` Hard,
`3` Good, `4` Easy — each key shows the interval it would give — or `enter` for the suggested
grade · `ctrl+n` (or `h` outside the answer box) the card's next hint, when it has hints (a
right answer after one suggests Hard) · `u` undo the last answer · `escape` end the session. A
wrong typed answer may get one more try: the mistake is named, the answer shown after it. In the answer box,
`escape` leaves it (so the one-letter keys work again) and `enter` goes back to it.

**Exam:** answer as in study; no feedback until the end · `s` (or an empty answer) skips ·
open questions: write in the box (or just think), `ctrl+n` next question · `escape` ends the
exam early. Then grade each open answer against the model answer: `y` right, `n` wrong, `u`
back one, `enter` to see the score. Results: `d` drill the mistakes (self-graded wrong ones too).

**Statistics:** type a date (YYYY-MM-DD) and press `enter` for the readiness forecast.

**Exam plans:** `enter` study today's share of the exam under the cursor · `a` add an exam (its
scope: the rows selected on the home screen) · `d` twice removes the one under the cursor ·
`↑`/`↓` choose which exam's plan is shown. While an exam is ahead, today's queue follows its plan.

Right and wrong are always written out (✓ Right / ✗ Wrong), never shown by colour alone.
Bank code runs only for banks you trust; until then it is shown, not run.
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, from_screen: str = "") -> None:
        super().__init__()
        self.from_screen = from_screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP)
