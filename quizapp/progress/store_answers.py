"""`ProgressStore`'s requests about one card's schedule: sync, read, answer, undo."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable

from quizapp.cards import CardInfo
from quizapp.progress import card_actions, cards_sync, reviewing
from quizapp.progress.models import AnswerResult, CardState, SyncReport, UndoResult
from quizapp.progress.scheduler import Rating, dt_to_ms, ms_to_dt
from quizapp.progress.sqlite_layer import write_transaction
from quizapp.progress.store_core import StoreCore, _locked


class CardsAndAnswers(StoreCore):
    """Registering the banks' cards, reading a card's schedule, answering and undoing answers."""

    # --- cards ----------------------------------------------------------------------------

    @_locked
    def sync_cards(self, cards: Iterable[CardInfo], *, banks: Iterable[str],
                   fingerprint: str | None = None) -> SyncReport:
        """Register the cards of `banks` in bank order (one transaction). Cards of these banks
        no longer present are hidden (history kept). `changed_answers` lists studied cards
        whose answer changed: offer `reset_card(key)` or `keep_progress(key)`.
        ``fingerprint`` (`LoadResult.fingerprint`) lets `synced_already` answer next time."""
        return cards_sync.sync_cards(self._db, cards, banks, self._now_ms(), fingerprint)

    @_locked
    def synced_already(self, fingerprint: str | None, banks: list[str]) -> int | None:
        """The card count when the last sync registered exactly these banks (nothing to sync);
        else None."""
        return cards_sync.already_synced(self._db, fingerprint, sorted(set(banks)))

    @_locked
    def reset_card(self, key: str) -> CardState:
        """Make a card new again (its past answers stay in the log)."""
        self._undo_stack.clear()
        return reviewing.reset(self._db, key, self._now_ms()).to_state()

    @_locked
    def keep_progress(self, key: str) -> None:
        """Keep a card's schedule although its answer changed (stops it being reported)."""
        cards_sync.keep_progress(self._db, key)

    @_locked
    def card_state(self, key: str) -> CardState:
        """The card's schedule as stored."""
        return reviewing.load_card(self._db, key).to_state()

    @_locked
    def replay(self, key: str, *, trust_logged_due: bool = True) -> CardState:
        """The card's schedule rebuilt from the log alone (must equal `card_state`)."""
        return reviewing.replay(
            self._db, self.scheduler, key, trust_logged_due=trust_logged_due
        ).to_state()

    @_locked
    def preview(self, key: str) -> dict[Rating, timedelta]:
        """The interval each rating would give now (shown on the grade keys)."""
        card = reviewing.load_card(self._db, key)
        return self.scheduler_for(key).preview(card.memory, self.now())

    @_locked
    def retrievability(self, key: str, at: datetime | None = None) -> float:
        """Predicted probability of recalling the card at `at` (default now); 0 if new."""
        card = reviewing.load_card(self._db, key)
        return self.scheduler.retrievability(card.memory, at or self.now())

    # --- answering --------------------------------------------------------------------------

    @_locked
    def answer(
        self,
        key: str,
        rating: Rating | int,
        *,
        answered_at: datetime | None = None,
        duration_ms: int | None = None,
        response: str | None = None,
        correct: bool | None = None,
        variant_seed: int | None = None,
        mode: str = "study",
        bury: Iterable[str] = (),
    ) -> AnswerResult:
        """Record an answer in one transaction, durable (fsynced) when this returns.

        `mode`: "study" moves the schedule; "cram" and "drill" are logged only. For
        auto-graded cards pass `rating_for(correct)` unless the user overrode it. `bury`:
        related cards to bury until tomorrow (a scheduled answer only). A card reaching the
        leech threshold is marked leech (and suspended if so set) in the same transaction.
        """
        at_ms = dt_to_ms(answered_at) if answered_at is not None else self._now_ms()
        settings = self.settings_for(key.split("/", 1)[0])
        marked: dict[str, Any] = {}

        def then(before: reviewing.CardRow, after: reviewing.CardRow, review_id: int) -> None:
            # Leech and buried related cards are marked in the answer's own transaction.
            ids: list[tuple[str, int]] = []
            if bury and reviewing.MODES[mode]:
                ids = card_actions.card_ids(self._db, [k for k in bury if k != key])
                if ids:
                    _start, end_ms = (dt_to_ms(t) for t in self.calendar.bounds(ms_to_dt(at_ms)))
                    marked["batch"] = card_actions.apply_in_transaction(
                        self._db, [i for _k, i in ids], "bury", at_ms, end_ms)
                    marked["buried"] = [k for k, _i in ids]
            leech_now = (after.lapses > before.lapses and after.lapses >= settings.leech_threshold
                         and not self._db.execute("SELECT leech FROM cards WHERE id = ?",
                                                  (after.id,)).fetchone()[0])
            if leech_now:
                batch = card_actions.apply_in_transaction(
                    self._db, [after.id], "leech", at_ms, batch=marked.get("batch"))
                if settings.leech_action == "suspend":
                    card_actions.apply_in_transaction(self._db, [after.id], "suspend", at_ms,
                                                      batch=batch)
                marked["batch"], marked["leech"] = batch, True

        review_id, before, after = reviewing.answer(
            self._db, self.scheduler_for(key), key, Rating(rating), at_ms,
            mode=mode, duration_ms=duration_ms, response=response, correct=correct,
            variant_seed=variant_seed, then=then,
        )
        self._undo_stack.append(review_id)
        if "batch" in marked:
            self._answer_batches[review_id] = marked["batch"]
        scheduled = reviewing.MODES[mode]
        return AnswerResult(
            leech=bool(marked.get("leech")),
            suspended=bool(marked.get("leech")) and settings.leech_action == "suspend",
            buried=list(marked.get("buried", [])),
            review_id=review_id,
            key=key,
            rating=Rating(rating),
            scheduled=scheduled,
            due=ms_to_dt(after.memory.due_ms) if scheduled else None,
            interval=reviewing.interval_of(at_ms, after.memory) if scheduled else None,
            card=after.to_state(),
        )

    @_locked
    def undo_last(self) -> UndoResult | None:
        """Undo this session's latest answer still standing; None if there is none."""
        if not self._undo_stack:
            return None
        review_id = self._undo_stack[-1]
        batch = self._answer_batches.get(review_id)
        with write_transaction(self._db):
            # One transaction: the answer and what it marked (leech, buried cards) go together.
            if batch is not None:
                card_actions.undo_batch_in_transaction(self._db, batch, self._now_ms())
            undo_id, card = reviewing.undo(self._db, review_id, self._now_ms())
        self._answer_batches.pop(review_id, None)
        self._undo_stack.pop()
        return UndoResult(undo_id=undo_id, undone_review_id=review_id, key=card.key,
                          card=card.to_state())
