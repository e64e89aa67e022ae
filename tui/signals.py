"""Wake the event loop when a signal arrives, whichever thread the kernel gave it to.

Python runs signal handlers on the main thread only, when that thread next runs
bytecode. A signal sent to the whole process (the shell's SIGCONT on `fg`) may land on
a worker thread; the main thread, asleep in the event loop's select with no timer due,
would then never run Textual's handler, and the reader would stay blank after `fg`.
A wakeup fd makes the C-level handler write a byte the loop is watching.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import Callable


def wake_loop_on_signals(loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
    """Watch a wakeup fd on `loop`; returns the function that undoes it.

    Call from the main thread. Leaves alone a wakeup fd someone else has set.
    """
    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    previous = signal.set_wakeup_fd(sender.fileno(), warn_on_full_buffer=False)
    if previous != -1:
        signal.set_wakeup_fd(previous)
        receiver.close()
        sender.close()
        return lambda: None

    def drain() -> None:
        # The bytes only wake the loop; the handlers run as it goes on.
        try:
            while receiver.recv(512):
                pass
        except OSError:
            pass

    loop.add_reader(receiver.fileno(), drain)

    def undo() -> None:
        signal.set_wakeup_fd(-1)
        loop.remove_reader(receiver.fileno())
        receiver.close()
        sender.close()

    return undo
