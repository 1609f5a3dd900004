"""`ProgressStore`'s card browser: marks (suspend, bury, flag, leech), reset and set-due on
many cards, their undo, browsing and a card's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from quizapp.plural import plural
from quizapp.progress import card_actions, reviewing
from quizapp.progress.scheduler import dt_to_ms
from quizapp.progress.store_core import StoreCore, _locked


class CardActions(StoreCore):
    """The browser's actions on cards, each one undoable as one step."""

    # --- card actions (browser) ---------------------------------------------------------

    @_locked
    def mark(self, keys: Iterable[str], action: str, value: int | str | None = None) -> int:
        """suspend / unsuspend / bury (until the study day ends) / unbury / flag (colour or
        0–7) / leech / unleech, on one or many cards in one transaction; undo with
        `undo_action`. Returns the batch number."""
        keys = list(keys)
        at_ms = self._now_ms()
        if action == "bury" and value is None:
            value = dt_to_ms(self.calendar.bounds(self._clock())[1])
        if action == "flag":
            value = card_actions.flag_number(value if value is not None else 0)
        assert not isinstance(value, str), "only a flag is given by name (its colour)"
        batch = card_actions.apply(self._db, keys, action, at_ms, value)
        self._action_stack.append(("marks", batch))
        return batch

    @_locked
    def reset_cards(self, keys: Iterable[str]) -> None:
        """Make cards new again (one undo step for all)."""
        ids = []
        for key in keys:
            reviewing.reset(self._db, key, self._now_ms())
            ids.append(self._db.execute("SELECT max(r.id) FROM review_log r JOIN cards c ON"
                                        " c.id = r.card_id WHERE c.key = ?", (key,)).fetchone()[0])
        self._undo_stack.clear()
        self._action_stack.append(("log", ids))

    @_locked
    def set_due(self, keys: Iterable[str], due: datetime) -> None:
        """Give studied cards a due date by hand (logged; one undo step for all)."""
        ids = [reviewing.set_due(self._db, key, dt_to_ms(due), self._now_ms())[0] for key in keys]
        self._action_stack.append(("log", ids))

    @_locked
    def undo_action(self) -> str | None:
        """Undo the latest browser action; a sentence saying what was undone, None if none."""
        if not self._action_stack:
            return None
        kind, what = self._action_stack[-1]
        if kind == "marks":
            keys = card_actions.undo_batch(self._db, what, self._now_ms())
        else:
            keys = [reviewing.undo_event(self._db, self.scheduler, i, self._now_ms()).key
                    for i in reversed(what)]
        self._action_stack.pop()
        return f"undone on {plural(len(keys), 'card')}"

    @_locked
    def browse(self, query: Any) -> tuple[list[Any], int]:
        """The card browser: one page of `BrowseQuery` matches and the total."""
        from quizapp.progress import browse

        return browse.browse(self._db, query, self._now_ms())

    @_locked
    def history(self, key: str) -> list[Any]:
        """A card's review log with the recall predicted before each answer."""
        from quizapp.progress import browse

        return browse.history(self._db, self.scheduler_for(key), key)

    @_locked
    def marks(self, key: str) -> card_actions.Marks:
        """A card's suspend / bury / flag / leech marks."""
        return card_actions.marks_of(self._db, key)

    @_locked
    def replay_marks(self, key: str) -> card_actions.Marks:
        """The card's marks rebuilt from the action log alone (must equal `marks`)."""
        return card_actions.replay_marks(self._db, key)
