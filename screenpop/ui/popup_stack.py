"""The popup stack: owns every CallPopup, places them bottom-right, and follows the call events.

The bridge feeds it call events (`show_ringing`, `on_ring_ended`, `on_answered`, `on_ended`)
and transfer outcomes (`transfer_started`, `transfer_failed`); it re-emits the popups' intents
as its own signals. No I/O here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from screenpop.calls.events import Answered, Ended, RingEnded, Ringing
from screenpop.config import Settings
from screenpop.contacts.model import ContactFound

from . import theme
from .colleague_model import ColleagueModel
from .more_calls import MoreCallsNote
from .popup import CallPopup
from .popup_spares import SparePopups

Key = tuple[str, str]


class PopupStack(QObject):
    """Shows one popup per ringing (call, extension), stacked upward from the bottom-right.

    Signals:

    * ``transfer_requested(call_id: str, extension: str, target: str)``
    * ``dial_requested(number: str)``
    * ``open_url_requested(url: str)``
    * ``dismissed(call_id: str, extension: str)``: the user closed a popup.
    * ``popup_shown(call_id: str, extension: str)``: emitted right after ``show()``.
    * ``popup_closed(call_id: str, extension: str)``: a popup closed, for any reason.
    * ``more_calls_requested()``: the user clicked the "+K more calls ringing" note.

    At most `max_visible` popups are open at once. Calls that ring beyond that wait in a queue
    (their Ringing event only, no widget) under a "+K more calls ringing" note, and pop, oldest
    first, as the shown popups close; a queued call that stops ringing leaves the queue. A
    flood of hundreds of calls then costs a few widgets instead of hundreds, and the app stays
    responsive; nobody can read more popups than fit on a screen anyway.
    """

    transfer_requested = Signal(str, str, str)
    dial_requested = Signal(str)
    open_url_requested = Signal(str)
    dismissed = Signal(str, str)
    popup_shown = Signal(str, str)
    popup_closed = Signal(str, str)
    atxfer_requested = Signal(str, str, str)
    park_requested = Signal(str, str)
    consult_requested = Signal(str, str, str)
    unpark_requested = Signal(str, str, str)
    voicemail_requested = Signal(str, str, str)
    hangup_requested = Signal(str, str)
    colleagues_requested = Signal()
    more_calls_requested = Signal()

    MAX_VISIBLE = 8  # two columns on a 1080p screen; a ring group of 3 fits twice over
    ANSWERED_LINGER_MS = 2_000  # "Answered by 203" stays this long, then the popup closes

    def __init__(
        self,
        settings: Settings | None = None,
        parent: QObject | None = None,
        *,
        screen: QScreen | None = None,
        answered_linger_ms: int | None = None,
        keep_open_when_answered_here: bool = False,
        colleagues: ColleagueModel | None = None,
        max_visible: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_visible = max(1, self.MAX_VISIBLE if max_visible is None else max_visible)
        # Calls ringing beyond max_visible, oldest first: call id -> extension -> its Ringing.
        self._queued: dict[str, dict[str, Ringing]] = {}
        self._note: MoreCallsNote | None = None
        self._promote_pending = False
        self.colleagues = colleagues
        self._settings = settings or Settings()
        self._dnd = self._settings.do_not_disturb
        self._screen = screen
        self._popups: dict[Key, CallPopup] = {}  # insertion order = stacking order
        # Per call, for popups that open later (a transfer rings the next phone).
        self._contacts: dict[str, ContactFound] = {}
        self._caller_contexts: dict[str, tuple[str, int]] = {}
        self._auto_close: dict[Key, QTimer] = {}
        self.answered_linger_ms = (
            self.ANSWERED_LINGER_MS if answered_linger_ms is None else answered_linger_ms
        )
        # When the watched extension itself picks up, the brief is to close its popup. A
        # receptionist who answers and *then* transfers may prefer it open: set this to True.
        self.keep_open_when_answered_here = keep_open_when_answered_here
        self._reflow_pending = False
        # Closed popups wait here until their close() call has returned: dropping the last
        # Python reference inside it would delete the widget under Qt's feet.
        self._closing: list[CallPopup] = []
        self._spares = SparePopups(self._build_spare, self)
        self._spares.want(self._settings.watch, SparePopups.START_DELAY_MS)

    # -- settings ----------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    def apply_settings(self, settings: Settings) -> None:
        """New settings: favourites and CRM on open popups, DND, auto-close for new popups."""
        self._settings = settings
        self._dnd = settings.do_not_disturb
        self._spares.clear()  # built with the old favourites, CRM and number format
        self._spares.want(settings.watch)
        for popup in self._popups.values():
            popup.apply_settings(settings)
        self._schedule_reflow()

    def set_do_not_disturb(self, on: bool) -> None:
        """While on, ringing calls pop nothing (open popups stay, queued calls are dropped)."""
        self._dnd = bool(on)
        if self._dnd and self._queued:
            self._queued.clear()
            self._update_note()

    @property
    def do_not_disturb(self) -> bool:
        return self._dnd

    def open_popups(self) -> list[CallPopup]:
        """The open popups, oldest (bottom of the stack) first."""
        return list(self._popups.values())

    def popup_for(self, call_id: str, extension: str) -> CallPopup | None:
        return self._popups.get((call_id, extension))

    def queued_calls(self) -> list[str]:
        """Calls ringing beyond `max_visible` that have no popup yet, oldest first."""
        return list(self._queued)

    # -- call events -------------------------------------------------------------------------

    def show_ringing(self, event: Ringing) -> CallPopup | None:
        """Pop (or refresh) the popup for `event`. Returns it, or None under do-not-disturb."""
        key = (event.call, event.extension)
        existing = self._popups.get(key)
        if existing is not None:
            existing.set_caller(event)
            return existing
        if self._dnd:
            return None
        queued = self._queued.get(event.call)
        if (queued and event.extension in queued) or len(self._popups) >= self.max_visible:
            # A refresh keeps its place in the queue.
            self._queued.setdefault(event.call, {})[event.extension] = event
            self._update_note()
            return None
        return self._pop(key, event)

    def _pop(self, key: Key, event: Ringing) -> CallPopup:
        popup = self._spares.take(event) or CallPopup(
            event, self._settings, colleagues=self.colleagues
        )
        if event.call in self._contacts:
            popup.set_contact(self._contacts[event.call])
        if event.call in self._caller_contexts:
            popup.set_caller_context(*self._caller_contexts[event.call])
        popup.transfer_requested.connect(self.transfer_requested)
        popup.atxfer_requested.connect(self.atxfer_requested)
        popup.park_requested.connect(self.park_requested)
        popup.consult_requested.connect(self.consult_requested)
        popup.unpark_requested.connect(self.unpark_requested)
        popup.voicemail_requested.connect(self.voicemail_requested)
        popup.hangup_requested.connect(self.hangup_requested)
        popup.colleagues_requested.connect(self.colleagues_requested)
        popup.dial_requested.connect(self.dial_requested)
        popup.open_url_requested.connect(self.open_url_requested)
        popup.dismissed.connect(self.dismissed)
        popup.closed.connect(self._on_popup_closed)
        popup.size_changed.connect(self._schedule_reflow)
        self._popups[key] = popup
        self._reflow()  # place it before it appears...
        popup.show()
        self._reflow()  # ...and again now that styles are applied and the height is final
        self.popup_shown.emit(event.call, event.extension)  # the app rings on this
        self._spares.want((event.extension, *self._settings.watch))  # ready for the next one
        seconds = self._settings.auto_close_seconds
        if seconds and seconds > 0:
            self._start_auto_close(key, seconds * 1000)
        return popup

    def on_contact_found(self, found: ContactFound) -> None:
        """A contact lookup answered for a call: every popup of that call shows it."""
        self._contacts[found.call] = found
        for (call, _ext), popup in list(self._popups.items()):
            if call == found.call:
                popup.set_contact(found)

    def set_caller_context(self, call_id: str, text: str, missed_today: int = 0) -> None:
        self._caller_contexts[call_id] = (text, missed_today)
        for (call, _ext), popup in list(self._popups.items()):
            if call == call_id:
                popup.set_caller_context(text, missed_today)

    def on_ring_ended(self, event: RingEnded) -> None:
        """The extension stopped ringing: close its popup (answered elsewhere: say so first)."""
        queued = self._queued.get(event.call)
        if queued and queued.pop(event.extension, None) is not None:
            if not queued:
                del self._queued[event.call]
            self._update_note()
        popup = self._popups.get((event.call, event.extension))
        if popup is None:
            return
        if event.reason == "answered_elsewhere":
            popup.mark_answered(event.answered_by)
            self._close_later(popup, "answered_elsewhere")
        elif event.reason == "answered" and self.keep_open_when_answered_here:
            return
        else:
            popup.close_for(event.reason)

    def on_answered(self, event: Answered) -> None:
        """`event.extension` picked up: every other popup of the call says who answered."""
        self._unqueue(event.call)
        for (call, extension), popup in list(self._popups.items()):
            if call != event.call:
                continue
            if extension == event.extension:
                if self.keep_open_when_answered_here:
                    popup.mark_on_call()
                else:
                    popup.close_for("answered")
                continue
            popup.mark_answered(event.extension)
            self._close_later(popup, "answered_elsewhere")

    def on_ended(self, event: Ended) -> None:
        """The call is over: close all of its popups."""
        self._contacts.pop(event.call, None)
        self._caller_contexts.pop(event.call, None)
        self._unqueue(event.call)
        for (call, _ext), popup in list(self._popups.items()):
            if call == event.call:
                popup.close_for("ended")

    def transfer_started(self, call_id: str, extension: str, target: str) -> None:
        popup = self._popups.get((call_id, extension))
        if popup is not None:
            popup.set_transfer_pending(target)

    def transfer_failed(self, call_id: str, extension: str, message: str) -> None:
        popup = self._popups.get((call_id, extension))
        if popup is not None:
            popup.show_transfer_error(message)
            timer = self._auto_close.get((call_id, extension))
            if timer is not None:
                timer.start()  # give the user the full time again to retry

    def action_done(self, kind: str, call_id: str, extension: str, detail: str) -> None:
        popup = self._popups.get((call_id, extension))
        if popup is not None:
            popup.show_action_done(kind, detail)

    def action_failed(self, kind: str, call_id: str, extension: str, reason: str) -> None:
        popup = self._popups.get((call_id, extension))
        if popup is not None:
            popup.show_action_error(kind, reason)
            timer = self._auto_close.get((call_id, extension))
            if timer is not None:
                timer.start()

    def active_popup(self) -> CallPopup | None:
        """The call a click in the colleagues window acts on: the one answered here, else
        the newest one still ringing."""
        live = [p for p in self._popups.values() if p.state in ("ringing", "on_call")]
        on_call = [p for p in live if p.state == "on_call"]
        return (on_call or live or [None])[-1]

    def close_all(self, reason: str = "closed") -> None:
        self._queued.clear()  # first: closing the popups must not pop the queued calls
        self._update_note()
        for popup in list(self._popups.values()):
            popup.close_for(reason)
        if self._note is not None:
            self._note.close()
            self._note.deleteLater()
            self._note = None

    # -- internals ---------------------------------------------------------------------------

    def _unqueue(self, call_id: str) -> None:
        if self._queued.pop(call_id, None) is not None:
            self._update_note()

    def _promote(self) -> None:
        """Pop queued calls, oldest first, into the room closed popups left."""
        self._promote_pending = False
        while self._queued and len(self._popups) < self.max_visible and not self._dnd:
            call = next(iter(self._queued))
            legs = self._queued[call]
            extension = next(iter(legs))
            event = legs.pop(extension)
            if not legs:
                del self._queued[call]
            self._pop((call, extension), event)
        self._update_note()

    def _update_note(self) -> None:
        calls = len(self._queued)
        if not calls:
            if self._note is not None and self._note.isVisible():
                self._note.hide()
            return
        if self._note is None:
            self._note = MoreCallsNote()
            self._note.clicked.connect(self.more_calls_requested)
        if self._note.count != calls:
            self._note.set_count(calls)
        self._reflow()  # placed before it appears
        if not self._note.isVisible():
            self._note.show()

    def _close_later(self, popup: CallPopup, reason: str) -> None:
        key = popup.key  # the timer must not keep the popup alive: look it up when it fires
        QTimer.singleShot(self.answered_linger_ms, popup, lambda: self._close(key, reason))

    def _close(self, key: Key, reason: str) -> None:
        popup = self._popups.get(key)
        if popup is not None:
            popup.close_for(reason)

    def _start_auto_close(self, key: Key, ms: int) -> None:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(lambda k=key: self._on_auto_close(k))
        self._auto_close[key] = timer
        timer.start()

    def _on_auto_close(self, key: Key) -> None:
        popup = self._popups.get(key)
        if popup is None:
            return
        if popup.user_engaged:
            self._auto_close[key].start(2_000)  # the user is busy with it: wait a little more
            return
        popup.close_for("auto_close")

    def _on_popup_closed(self, call_id: str, extension: str, _reason: str) -> None:
        key = (call_id, extension)
        popup = self._popups.pop(key, None)
        timer = self._auto_close.pop(key, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        if popup is not None:
            self._closing.append(popup)
            QTimer.singleShot(0, self, self._release_closed)
        self._reflow()
        self.popup_closed.emit(call_id, extension)
        if self._queued and not self._promote_pending:
            # Not inside the closing popup's close(): pop the next call once it has returned.
            self._promote_pending = True
            QTimer.singleShot(0, self, self._promote)

    def _release_closed(self) -> None:
        closing, self._closing = self._closing, []
        for popup in closing:
            popup.deleteLater()

    def _build_spare(self, extension: str) -> CallPopup:
        return CallPopup.spare(extension, self._settings, colleagues=self.colleagues)

    def _schedule_reflow(self) -> None:
        if not self._reflow_pending:
            self._reflow_pending = True
            QTimer.singleShot(0, self, self._reflow)

    def _available_geometry(self) -> QRect:
        screen = self._screen or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)

    def _reflow(self) -> None:
        """Place the popups: bottom-right, upward; a new column to the left when full."""
        self._reflow_pending = False
        windows: list[QWidget] = list(self._popups.values())
        if self._note is not None and self._queued:
            windows.append(self._note)  # on top of the stack
        for pos, window in zip(
            self.layout_positions([w.size().height() for w in windows]), windows, strict=True
        ):
            if window.pos() != pos:
                window.move(pos)

    def layout_positions(self, heights: list[int]) -> list[QPoint]:
        """Top-left corners for popups of these heights (all `theme.POPUP_WIDTH` wide)."""
        area = self._available_geometry().adjusted(
            theme.SCREEN_MARGIN, theme.SCREEN_MARGIN, -theme.SCREEN_MARGIN, -theme.SCREEN_MARGIN
        )
        width = theme.POPUP_WIDTH
        column = 0
        bottom = area.bottom() + 1  # exclusive bottom edge of the free space in this column
        positions: list[QPoint] = []
        in_column = 0
        for height in heights:
            if in_column and bottom - height < area.top():
                column += 1
                bottom = area.bottom() + 1
                in_column = 0
            x = area.right() + 1 - width - column * (width + theme.STACK_GAP)
            if x < area.left():
                # The screen is full: pile the rest onto the last slot, slightly offset.
                x = max(area.left(), area.right() + 1 - width)
                bottom = area.bottom() + 1 - (len(positions) % 5) * 24
            y = max(area.top(), bottom - height)
            positions.append(QPoint(x, y))
            bottom = y - theme.STACK_GAP
            in_column += 1
        return positions

    def popup_geometries(self) -> list[QRect]:
        return [p.frameGeometry() for p in self._popups.values()]


__all__ = ["PopupStack"]
