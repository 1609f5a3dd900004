"""Plain mode (`quizapp study --plain`, `exam --plain`, `preview --plain`): the second front end,
beside the TUI. The same sessions (`quizapp.study`) as line-by-line prompts on stdin/stdout, for
screen readers, terminals that cannot draw the full-screen app, and scripts."""

from quizapp.plain.front_end import PlainFrontEnd

__all__ = ["PlainFrontEnd"]
