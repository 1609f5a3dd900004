"""The one exception type that carries a message meant for the user.

Anything raised as `QuizappError` is shown as its message alone (no traceback) by the CLI and
as a notification or an error screen by the TUI.
"""

from __future__ import annotations


class QuizappError(Exception):
    """A problem the user can understand and act on; its message says what and what to do."""


class NotEnoughData(QuizappError):
    """Not an error: too little history yet for what was asked (`optimize` on a few weeks of
    reviews). The CLI prints the message and exits 0."""
