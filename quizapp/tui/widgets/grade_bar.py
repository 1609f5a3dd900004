"""The four grade keys with the interval each would give: ``1 Again · 10m`` …"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from quizapp.study.views import Feedback


class GradeKey(Static):
    """One grade key; clicking it grades (the keyboard is the main way)."""

    def __init__(self, rating: int) -> None:
        super().__init__(id=f"grade-{rating}", markup=False)
        self.rating = rating

    def on_click(self) -> None:
        self.post_message(GradeBar.Chosen(self.rating))


class GradeBar(Horizontal):
    """Shown once a card is answered; the suggested grade is marked with ⏎ (enter takes it)."""

    class Chosen(Message):
        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    _built = False

    def show(self, feedback: Feedback) -> None:
        if not self._built:  # built at the first answer: the first card shows sooner
            self._built = True
            self.mount_all([GradeKey(rating) for rating in (1, 2, 3, 4)])
        for rating in (1, 2, 3, 4):
            key = self.query_one(f"#grade-{rating}", GradeKey)
            default = rating == feedback.default_rating
            # the mark first: a narrow key cuts its end (the interval), never the mark
            key.update(("⏎ " if default else "") + feedback.grade_label(rating))
            key.set_class(default, "-default")
