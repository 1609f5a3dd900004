"""The commands plain mode reads at any prompt (`:q`, `:u`, `:?`), and what they raise."""

from __future__ import annotations

HELP = """\
Commands (type them at any prompt):
  :q  quit (your answers so far are saved)
  :u  undo the last answer
  :?  this help
  :hint  the next hint of this card, when it has hints (a right answer then suggests Hard)
True/false: t or f. Multiple choice: the number of a choice. Open questions: enter reveals
the model answer (in an exam: write your answer, an empty line ends it; you grade it at the
end with y or n). Typed answers: type them and press enter.
Grades: 1 Again, 2 Hard, 3 Good, 4 Easy; enter takes the suggested grade."""


class Quit(Exception):
    """The user asked to stop (or input ended)."""


class Undo(Exception):
    """The user asked to undo the last answer."""
