"""A signal that lands on a worker thread still reaches its handler promptly.

The shell's SIGCONT after `fg` goes to the whole process, and the kernel may hand it to
any thread; the reader must not sleep through it."""

from __future__ import annotations

import asyncio
import signal
import threading
import time

from kread.tui.signals import wake_loop_on_signals
from tests.hostile import WAIT


def test_a_signal_on_another_thread_wakes_the_idle_loop():
    handled = threading.Event()
    missed = threading.Event()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        done = asyncio.Event()

        def handler(*_: object) -> None:
            handled.set()
            done.set()

        def send() -> None:
            # Delivered to this thread alone, once the loop is asleep with no timer
            # due: only the wakeup fd can end the main thread's sleep.
            time.sleep(0.3)
            signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
            if not handled.wait(WAIT):
                missed.set()
                loop.call_soon_threadsafe(done.set)

        previous = signal.signal(signal.SIGUSR1, handler)
        stop_waking = wake_loop_on_signals(loop)
        try:
            threading.Thread(target=send, daemon=True).start()
            await done.wait()
        finally:
            stop_waking()
            signal.signal(signal.SIGUSR1, previous)

    asyncio.run(main())
    assert handled.is_set() and not missed.is_set()


def test_a_wakeup_fd_set_by_someone_else_is_left_alone():
    async def main() -> None:
        mine = wake_loop_on_signals(asyncio.get_running_loop())
        try:
            current = signal.set_wakeup_fd(-1)
            signal.set_wakeup_fd(current)
            assert wake_loop_on_signals(asyncio.get_running_loop())() is None
            assert signal.set_wakeup_fd(current) == current
        finally:
            mine()

    asyncio.run(main())
