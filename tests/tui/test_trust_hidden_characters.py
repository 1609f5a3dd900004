"""The trust screen, where a user reviews a bank's code before it runs, shows a character that
reorders or hides text ("Trojan Source") as <U+202E>, never raw. The loader refuses such banks;
this is the screen's own guard, for a bank that reached it some other way."""

from __future__ import annotations

from types import SimpleNamespace

from textual.app import App

from quizapp.banks import load_bank
from quizapp.records import replace
from quizapp.tui.screens.trust import TrustScreen

CLEAN = """\
bank: sneaky
title: Sneaky code
questions:
  - id: q1
    kind: computed
    prompt: What is printed?
    compute: |
      access = "user"
      if access != "none# check":
          result = 1
"""


class Host(App):
    def __init__(self, bank) -> None:
        super().__init__()
        self.bank = bank
        self.workspace = SimpleNamespace(changed_snippets=lambda bank: None)

    def on_mount(self) -> None:
        self.push_screen(TrustScreen(self.bank))


async def test_the_trust_screen_shows_bidi_controls_escaped(tmp_path):
    path = tmp_path / "sneaky.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    bank, _ = load_bank(path)
    question = bank.questions[0]
    code = replace(question.compute, text=question.compute.text.replace("# check", "\u202e\u2066# check\u2069\u200b"))
    app = Host(replace(bank, questions=[replace(question, compute=code)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = [str(w.content) for w in app.screen.query("CodeBlock")]
        assert any("<U+202E><U+2066># check<U+2069><U+200B>" in c for c in shown), shown
        assert not any(ch in c for c in shown for ch in "\u202e\u2066\u2069\u200b")
