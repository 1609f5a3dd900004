"""quizapp: a terminal quiz and flashcard app for courses whose answers can be computed.

Kept empty of imports on purpose: `quizapp` starts a TUI, and every module imported here
would be paid for at every start-up.
"""

__version__ = "0.1.0"
