"""The one place that touches both asyncio and Qt.

It runs the CallService on the qasync loop, re-emits call events and connection state as Qt
signals, and turns the widgets' intents (transfer, dial, test connection) into actions. Every
task it starts it keeps, and stop() cancels and awaits them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from screenpop.ami.errors import AmiError
from screenpop.calls.events import Answered, CallEvent, Ended, Outbound, RingEnded, Ringing
from screenpop.colleagues import DirectoryLoaded
from screenpop.config import Settings
from screenpop.contacts.lookup import ContactLookup, check_source
from screenpop.contacts.numbers import NumberMatcher
from screenpop.contacts.source_url import parse_source
from screenpop.net.client import AmiClient, ConnectOptions
from screenpop.presence.directory import Colleague
from screenpop.presence.state import StateChanged
from screenpop.service import CallService, cancel_and_wait

log = logging.getLogger(__name__)


def options_from(settings: Settings, secret: str, **overrides: Any) -> ConnectOptions:
    return ConnectOptions(
        host=settings.host,
        port=settings.port,
        username=settings.username,
        secret=secret,
        tls=settings.tls or bool(settings.tls_fingerprint),
        tls_fingerprint=settings.tls_fingerprint,
        **overrides,
    )


class CallBridge(QObject):
    """Signals carry the frozen call-event dataclasses of screenpop.calls.events."""

    #: an extension we watch started ringing (Ringing)
    ringing = Signal(object)
    #: it stopped ringing there (RingEnded)
    ring_ended = Signal(object)
    #: an extension answered (Answered)
    answered = Signal(object)
    #: a watched extension dials out through a trunk (Outbound)
    outbound = Signal(object)
    #: the call is over (Ended)
    ended = Signal(object)
    #: connection state and reason: connecting, connected, reconnecting, error, stopped
    state_changed = Signal(str, str)
    #: call id, extension, target: the PBX accepted the redirect
    transfer_done = Signal(str, str, str)
    #: call id, extension, one-line reason
    transfer_failed = Signal(str, str, str)
    #: number: click-to-dial sent to the PBX
    dial_started = Signal(str)
    #: number, channel ("" if unknown): the user's own phone rings now; pick up to call
    dial_ringing = Signal(str, str)
    #: number, one-line reason
    dial_failed = Signal(str, str)
    #: ok, one-line result of "Test connection"
    test_result = Signal(bool, str)
    #: the colleague directory, sorted by name (tuple of presence.directory.Colleague)
    directory_loaded = Signal(object)
    #: colleagues whose state moved (list of presence.state.Presence)
    presence_changed = Signal(object)
    #: one line about what the PBX lets us know (missing rights, no hints), said once
    colleague_note = Signal(str)
    #: kind (atxfer, park, voicemail, hangup, pickup), call id, extension, detail (park: slot)
    action_done = Signal(str, str, str, str)
    #: kind, call id, extension, the PBX's one-line reason
    action_failed = Signal(str, str, str, str)
    #: a contact lookup for a ringing call answered (ContactFound)
    contact_found = Signal(object)
    #: a contact source's status line changed (read ContactLookup.statuses())
    contacts_changed = Signal()
    #: source text, ok, one-line result of a contact source's Test button
    contact_test_result = Signal(str, bool, str)

    def __init__(
        self,
        settings: Settings,
        secret: str,
        *,
        options: ConnectOptions | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.service = CallService(
            options or options_from(settings, secret),
            on_call_event=self._on_call_event,
            on_state=self._on_state,
            watch=settings.watch,
            context_prefix=settings.context_prefix,
            channel_overrides=settings.channel_overrides,
            on_presence=self._on_presence,
            on_directory=self._on_directory,
            on_note=self.colleague_note.emit,
            colleague_names=settings.colleague_names,
            voicemail_target=settings.voicemail_target,
            on_contact=self.contact_found.emit,
        )
        self.directory: tuple[Colleague, ...] = ()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: asyncio.Task[None] | None = None
        self.state = ("stopped", "")

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        if self._runner is None or self._runner.done():
            self._runner = asyncio.get_running_loop().create_task(self.service.run())

    async def stop(self) -> None:
        await self.service.stop()
        if self.service.contacts is not None:
            await self.service.contacts.stop()
            self.service.contacts = None
        await cancel_and_wait([*self._tasks, self._runner])
        self._tasks.clear()
        self._runner = None

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def set_contacts(self, lookup: ContactLookup | None) -> None:
        """Use `lookup` for the next calls (None: no contacts); the old one is stopped."""
        old = self.service.contacts
        self.service.contacts = lookup
        if lookup is not None:
            lookup.start()
        if old is not None:
            self._spawn(old.stop())
        self.contacts_changed.emit()

    def request_contact_test(self, text: str, matcher: NumberMatcher, secret: str | None) -> None:
        self._spawn(self._contact_test(text, matcher, secret))

    async def _contact_test(self, text: str, matcher: NumberMatcher, secret: str | None) -> None:
        try:
            message = await check_source(parse_source(text), matcher, secret)
        except ValueError as exc:
            self.contact_test_result.emit(text, False, _reason(exc))
            return
        except Exception as exc:  # a bug of ours or an odd server: one line, not a traceback
            log.debug("contact source test failed", exc_info=True)
            self.contact_test_result.emit(text, False, _reason(exc))
            return
        self.contact_test_result.emit(text, True, message)

    # -- PBX -> Qt -------------------------------------------------------------------

    def _on_state(self, state: str, reason: str) -> None:
        self.state = (state, reason)
        self.state_changed.emit(state, reason)

    def _on_call_event(self, event: CallEvent) -> None:
        getattr(self, _SIGNAL_OF[type(event)]).emit(event)

    def _on_presence(self, changes: list[StateChanged]) -> None:
        self.presence_changed.emit([c.presence for c in changes])

    def _on_directory(self, loaded: DirectoryLoaded) -> None:
        self.directory = loaded.colleagues
        self.directory_loaded.emit(loaded.colleagues)
        colleagues = self.service.colleagues
        if colleagues is not None:
            # The states of a fresh directory: widgets start from the whole picture.
            self.presence_changed.emit(colleagues.book.snapshot())

    # -- Qt intents -> PBX -------------------------------------------------------------

    def apply_settings(
        self, settings: Settings, secret: str | None, options: ConnectOptions | None = None
    ) -> None:
        """New settings take effect at once; a changed PBX reconnects."""
        self.settings = settings
        current = self.service.supervisor.options
        if options is None:
            options = options_from(settings, secret if secret is not None else current.secret)
        self.service.configure(
            watch=settings.watch,
            context_prefix=settings.context_prefix,
            channel_overrides=settings.channel_overrides,
            options=options,
            colleague_names=settings.colleague_names,
            voicemail_target=settings.voicemail_target,
        )

    def request_transfer(self, call_id: str, extension: str, target: str) -> None:
        self._spawn(self._transfer(call_id, extension, target))

    async def _transfer(self, call_id: str, extension: str, target: str) -> None:
        try:
            await self.service.transfer(call_id, extension, target)
        except (AmiError, ValueError) as exc:
            self.transfer_failed.emit(call_id, extension, _reason(exc))
            return
        self.transfer_done.emit(call_id, extension, target)

    # The call-handling actions of issue 10: each reports action_done or action_failed.

    def request_atxfer(self, call_id: str, extension: str, target: str) -> None:
        self._spawn(self._announce(call_id, extension, target))

    async def _announce(self, call_id: str, extension: str, target: str) -> None:
        """Atxfer where the PBX has the feature code, else park + consult: `consult` then
        carries the slot the caller waits on."""
        try:
            how = await self.service.announce(call_id, extension, target)
        except (AmiError, ValueError) as exc:
            self.action_failed.emit("atxfer", call_id, extension, _reason(exc))
            return
        if how.mechanism == "consult":
            self.action_done.emit("consult", call_id, extension, how.slot)
        else:
            self.action_done.emit("atxfer", call_id, extension, target)

    def request_consult(self, call_id: str, extension: str, what: str) -> None:
        """`what`: "complete" (the caller to the colleague) or "back" (to the receptionist)."""
        service = self.service
        action = service.consult_complete if what == "complete" else service.consult_back
        self._spawn(self._act(f"consult_{what}", call_id, extension, action(call_id)))

    def request_unpark(self, call_id: str, extension: str, slot: str) -> None:
        coro = self.service.unpark(slot, extension)
        self._spawn(self._act("unpark", call_id, extension, coro, "ringing"))

    def request_park(self, call_id: str, extension: str) -> None:
        self._spawn(self._act("park", call_id, extension, self.service.park(call_id, extension)))

    def request_voicemail(self, call_id: str, extension: str, colleague: str) -> None:
        coro = self.service.to_voicemail(call_id, extension, colleague)
        self._spawn(self._act("voicemail", call_id, extension, coro, colleague))

    def request_hangup(self, call_id: str, extension: str) -> None:
        self._spawn(self._act("hangup", call_id, extension, self.service.hangup_call(call_id)))

    def request_pickup(self, colleague: str) -> None:
        mine = self.settings.my_extension
        if not mine:
            self.action_failed.emit(
                "pickup", "", colleague, "set 'My extension' in Settings to pick up calls"
            )
            return
        self._spawn(self._act("pickup", "", colleague, self.service.pickup(colleague, mine), mine))

    async def _act(
        self,
        kind: str,
        call_id: str,
        extension: str,
        action: Coroutine[Any, Any, Any],
        detail: str = "",
    ) -> None:
        try:
            result = await action
        except (AmiError, ValueError) as exc:
            self.action_failed.emit(kind, call_id, extension, _reason(exc))
            return
        self.action_done.emit(
            kind, call_id, extension, result if isinstance(result, str) else detail
        )

    def request_dial(self, number: str, from_extension: str | None = None) -> None:
        self._spawn(self._dial(number, from_extension or self.settings.my_extension))

    async def _dial(self, number: str, from_extension: str) -> None:
        if not from_extension:
            self.dial_failed.emit(
                number, "set 'My extension' in Settings to call back from your phone"
            )
            return
        self.dial_started.emit(number)
        try:
            attempt = await self.service.start_dial(
                from_extension, number, self.settings.channel_overrides.get(from_extension)
            )
        except (AmiError, ValueError) as exc:
            self.dial_failed.emit(number, _reason(exc))
            return
        try:
            channel = await attempt.rung()
            self.dial_ringing.emit(number, channel or "")
            # Later news only when it went wrong: nobody answered, busy, unreachable.
            await attempt.outcome()
        except (AmiError, ValueError) as exc:
            self.dial_failed.emit(number, _reason(exc))
        finally:
            attempt.close()

    def request_test(self, settings: Settings, secret: str) -> None:
        self._spawn(self._test(settings, secret))

    async def _test(self, settings: Settings, secret: str) -> None:
        if not secret:
            secret = (
                self.service.supervisor.options.secret
                if settings.host == self.settings.host
                else ""
            )
        try:
            client = await AmiClient.connect(options_from(settings, secret, ping_interval=0))
        except AmiError as exc:
            self.test_result.emit(False, _reason(exc))
            return
        banner = client.banner.text if client.banner else "AMI"
        await client.close()
        self.test_result.emit(True, f"Connected: {banner}")


_SIGNAL_OF = {
    Ringing: "ringing",
    RingEnded: "ring_ended",
    Answered: "answered",
    Outbound: "outbound",
    Ended: "ended",
}


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
