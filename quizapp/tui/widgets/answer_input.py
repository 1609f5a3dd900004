"""The answer box: an Input that leaves `?` to the app, so help opens from anywhere.

No answer quizapp checks (a number, a shape, an expression, a date) contains a question mark.
"""

from __future__ import annotations

from textual.widgets import Input


class AnswerInput(Input):
    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "question_mark":
            return False
        return super().check_consume_key(key, character)
