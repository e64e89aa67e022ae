"""Reading the index safely from several threads, and recovering when a read fails
inside Whoosh: another process's commit may have removed what the read began with
(read afresh), or the index is damaged (under the update lock, start it afresh and
rebuild it from the files, once).

`Library` runs each of its reading methods through one `ReadGuard`. Only the outermost
call of a thread recovers, after letting go of the library's lock: recovering takes the
update lock, and an update takes the library's lock while holding it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kread.index.engine.store import Store
from kread.index.errors import KreadError

T = TypeVar("T")


def guarded(method: Callable[..., T] | None = None, *, listed: bool = False):
    """Make a `Library` method run through the library's `ReadGuard`: under its lock,
    recovered if the index fails it. A library opened unchanged opens its index first
    (`Library._open_deferred`), unless ``listed`` and the saved list answers."""
    if method is None:
        return functools.partial(guarded, listed=listed)

    @functools.wraps(method)
    def call(self: Any, *args, **kwargs) -> T:
        waiting = self._deferred.pending and not self._guard.inside
        if waiting and not (listed and self._listed_without_index()):
            self._open_deferred()
        return self._guard.run(lambda: method(self, *args, **kwargs))

    return call


def raised_in_whoosh(error: BaseException) -> bool:
    """Whether ``error`` came from reading the index's files: inside the Whoosh package,
    or decoding what the store keeps there."""
    import whoosh

    from kread.index.engine import store

    places = (Path(whoosh.__file__).parent, Path(store.__file__))
    trace = error.__traceback__
    while trace is not None:
        code = Path(trace.tb_frame.f_code.co_filename)
        if code == places[1] or code.is_relative_to(places[0]):
            return True
        trace = trace.tb_next
    return False


def suspect(error: Exception) -> bool:
    """Whether ``error`` may come from the index's files: Whoosh raised it."""
    return not isinstance(error, KreadError) and raised_in_whoosh(error)


class ReadGuard:
    """The lock reading calls share, and what they do when the index fails them."""

    def __init__(
        self,
        store: Store,
        lock: threading.RLock,
        forget: Callable[[], None],
        rebuild: Callable[[], object],
        wait: float,
    ) -> None:
        """``forget``: drop what was read from the index (under ``lock``); ``rebuild``:
        rebuild it from the files, under the update lock (waited for up to ``wait`` s)."""
        self.store = store
        self.lock = lock
        self._forget = forget
        self._rebuild = rebuild
        self._wait = wait
        self._calls = threading.local()  # ``inside``: this thread is in a reading call
        self.started_afresh = False  # the index is started afresh once per library at most

    @property
    def inside(self) -> bool:
        """Whether this thread is inside a reading call."""
        return getattr(self._calls, "inside", False)

    def run(self, read: Callable[[], T]) -> T:
        """``read()`` under the lock; recovered and run again if it fails inside Whoosh."""
        if self.inside:
            with self.lock:
                return read()
        with self.lock:
            try:
                return self._outermost(read)
            except Exception as error:
                if not suspect(error):
                    raise
        return self._recovered(read)

    def _outermost(self, read: Callable[[], T]) -> T:
        self._calls.inside = True
        try:
            return read()
        finally:
            self._calls.inside = False

    def _recovered(self, read: Callable[[], T]) -> T:
        """``read()`` again after it failed inside Whoosh. Read afresh first: another
        process's commit may have removed what the read began with. Failing again,
        it runs under the update lock, where no other process writes, and a failure
        there is damage: the index is rebuilt from the files (once per library)."""
        with self.lock:
            try:
                self.reopen()
                return self._outermost(read)
            except Exception as error:
                if not suspect(error):
                    raise
        with self.store.update_lock(self._wait):
            with self.lock:
                try:
                    self.reopen()
                    return self._outermost(read)
                except Exception as error:
                    if not suspect(error) or self.started_afresh:
                        raise
                    self.start_afresh(error)
            self._rebuild()
        with self.lock:
            return self._outermost(read)

    def reopen(self) -> None:
        """Read the index afresh (under the lock)."""
        self._forget()
        self.store.reopen()

    def start_afresh(self, error: Exception) -> None:
        """Under the update lock, after ``error`` showed the index damaged: an empty
        index, to rebuild from the files, and a warning saying so."""
        self.started_afresh = True
        self.store.recreate(error)
        self._forget()
