"""Popups built in advance, so that a ringing call only has to fill one in.

Building a popup's widgets is most of what popping costs (measured in bench/popup_build.py);
filling in a popup built earlier, while the desk was quiet, takes a fraction of it. One spare is
kept per extension likely to ring next (the watched ones, the most recent first), each used for
one call only: a spare is never recycled after it has been shown, so every call gets a fresh
popup's state. No I/O here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer

from screenpop.calls.events import Ringing

from .popup import CallPopup


class SparePopups(QObject):
    """Keeps up to `limit` hidden, fully built popups, one per extension."""

    START_DELAY_MS = 1_000  # at start: after the app's own start-up work
    # After a pop: the popup's first paint and a ring group's other pops come first. One
    # spare is built per timer shot, so no call waits behind more than one build.
    BUILD_DELAY_MS = 150

    def __init__(
        self, build: Callable[[str], CallPopup], parent: QObject | None = None, limit: int = 4
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._limit = limit
        self._wanted: list[str] = []
        self._spares: dict[str, CallPopup] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._build_one)

    def want(self, extensions: Iterable[str], delay_ms: int | None = None) -> None:
        """Keep spares for these extensions (first ones first); build the missing ones later."""
        wanted = [e for e in dict.fromkeys(extensions) if e][: self._limit]
        for extension in [e for e in self._spares if e not in wanted]:
            self._spares.pop(extension).deleteLater()
        self._wanted = wanted
        if any(e not in self._spares for e in wanted) and not self._timer.isActive():
            self._timer.start(self.BUILD_DELAY_MS if delay_ms is None else delay_ms)

    def take(self, event: Ringing) -> CallPopup | None:
        """The spare for `event`'s extension, filled in for it; None when there is none."""
        popup = self._spares.pop(event.extension, None)
        if popup is not None:
            popup.take_call(event)
        return popup

    def clear(self) -> None:
        """Drop every spare (the settings they were built with changed)."""
        self._timer.stop()
        spares, self._spares = self._spares, {}
        for popup in spares.values():
            popup.deleteLater()

    def extensions(self) -> list[str]:
        """The extensions that have a spare ready."""
        return list(self._spares)

    def _build_one(self) -> None:
        missing = [e for e in self._wanted if e not in self._spares]
        if not missing:
            return
        self._spares[missing[0]] = self._build(missing[0])
        if len(missing) > 1:
            self._timer.start(self.BUILD_DELAY_MS)
