"""Progress and cancel checks for long core operations (the contract in envhelp.errors).

A long operation takes ``progress(done, total)`` and ``cancelled() -> bool`` keyword
arguments; :class:`Steps` counts its units of work, passes them on at most every
:data:`INTERVAL` seconds (a GUI progress bar needs no more, and each report crosses
threads) and raises :class:`~envhelp.errors.OperationCancelled` at the next step once
``cancelled()`` is true, so the caller's transaction rolls back or its temporary file goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from envhelp.errors import OperationCancelled

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

INTERVAL = 0.05  # seconds between two progress reports


class Steps:
    """``done`` out of ``total`` units; :meth:`advance` reports and checks for a cancel."""

    def __init__(
        self,
        total: int = 0,
        progress: ProgressFn | None = None,
        cancelled: CancelledFn | None = None,
    ):
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled
        self._last = 0.0

    def check(self) -> None:
        """Raise OperationCancelled once the caller asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise OperationCancelled()

    def report(self) -> None:
        """Pass the current count on now (e.g. at the start, or once the total is known)."""
        self._last = time.monotonic()
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def advance(self, units: int = 1) -> None:
        self.done += units
        if self.progress is not None and (
            self.done >= self.total or time.monotonic() - self._last >= INTERVAL
        ):
            self.report()
        self.check()

    def finish(self) -> None:
        """The work is complete: report ``total`` of ``total`` (the bar reaches its end)."""
        self.done = self.total
        self.report()
