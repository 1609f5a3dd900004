"""The one exception type that carries a message meant for the user.

Anything raised as `QuizappError` is shown as its message alone (no traceback) by the CLI and
as a notification or an error screen by the TUI.
"""

from __future__ import annotations


class QuizappError(Exception):
    """A problem the user can understand and act on; its message says what and what to do."""
