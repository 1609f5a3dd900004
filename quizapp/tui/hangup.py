"""Notice a terminal that has gone away.

When an SSH connection drops or a terminal window closes, the kernel hangs up the terminal.
The process usually gets SIGHUP and ends — but not always: under `su`, `nohup`, or when the
terminal is not the process's controlling terminal, no signal comes. Textual's input thread
then reads end-of-file forever, and the app, with its snippet engine, keeps running on two
cores with no one to see it. A hung-up terminal reports POLLHUP, which costs nothing to ask
and consumes no input.
"""

from __future__ import annotations

import select

GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_hung_up(fd: int) -> bool:
    """True once the terminal on `fd` has hung up (or `fd` is no longer open)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return any(events & GONE for _fd, events in poller.poll(0))
