"""A text box whose editing keys keep their place among the characters typed.

Textual's `Input` inserts printable characters in its own key handler, but runs bound keys
(backspace, arrows, ctrl+u, enter…) only when the key event has bubbled up to the app. Keys that
arrive together — typing fast, over SSH, or while torch keeps the cores busy — then apply out of
order: `x⌫yz` gives `xy`, ctrl+u then `77` leaves the box empty, and `12⏎` can submit `12` plus
whatever came after (Textual issue #6605). Here the box runs its own bindings where the key
arrives, so the value is what was typed, in the order it was typed. Keys the box does not bind
travel on to the screen and the app as before.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextBox(Input):
    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            # Priority bindings were offered before the key reached the box; leave those alone.
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)
