"""The popups' shared elapsed-time clock (Qt timers only, no screenpop state)."""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import Qt, QTimer


class Ticking(Protocol):
    def tick_elapsed(self) -> None: ...


class ElapsedTicker:
    """One timer for the elapsed time of every shown popup, on the whole second.

    A timer per popup woke the app once a second per popup; this one wakes it once a second
    for all of them, and only while a popup is counting (shown, ringing or on a call).
    """

    def __init__(self) -> None:
        self._popups: list[Ticking] = []
        self._timer: QTimer | None = None

    def has(self, popup: Ticking) -> bool:
        return popup in self._popups

    def add(self, popup: Ticking) -> None:
        if popup not in self._popups:
            self._popups.append(popup)
        if self._timer is None:
            self._timer = QTimer()  # made on first use, when the application exists
            self._timer.setSingleShot(True)
            # Precise: a coarse timer may fire a little before the second, for nothing.
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.timeout.connect(self._tick)
        if not self._timer.isActive():
            self._arm()

    def remove(self, popup: Ticking) -> None:
        if popup in self._popups:
            self._popups.remove(popup)
        if not self._popups and self._timer is not None:
            self._timer.stop()

    def _arm(self) -> None:
        assert self._timer is not None
        # Just after the next whole second of the monotonic clock, so a run of ticks stays on
        # the second instead of drifting by the timer's lateness.
        ms = 1000 - int(time.monotonic() * 1000) % 1000 + 5
        self._timer.start(ms)

    def _tick(self) -> None:
        for popup in list(self._popups):
            try:
                popup.tick_elapsed()
            except RuntimeError:  # its widget was deleted without a hide or close event
                self._popups.remove(popup)
        if self._popups:
            self._arm()
