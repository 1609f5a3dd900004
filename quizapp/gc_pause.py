"""Pausing Python's cyclic garbage collector while a burst of long-lived objects is made.

Reading a large bank, or starting the app (Textual's widgets, styles and our cards), allocates
hundreds of thousands of objects that nearly all stay alive. The cyclic GC would walk them
again and again and free almost nothing: reading 10,000 questions took 0.85 s without it and
1.6–2.9 s with it, and a start-up paid ~40 ms of collections (a bare Textual app ~20 ms).
Reference counting still frees everything else while the collector is paused, and it runs
again once the burst is over. Textual pauses it the same way during smooth scrolling.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def pause_gc() -> Callable[[], None]:
    """Pause the cyclic GC; returns the function that ends this pause (calling it again does
    nothing). A pause taken while the GC was already paused ends without re-enabling it."""
    was_enabled = gc.isenabled()
    gc.disable()
    ended = False

    def resume() -> None:
        nonlocal ended
        if not ended:
            ended = True
            if was_enabled:
                gc.enable()

    return resume


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic GC paused for the duration of the ``with`` block."""
    resume = pause_gc()
    try:
        yield
    finally:
        resume()
