"""The call service: the AMI link, the tracker and the actions a user asks for. No Qt.

Shared by the command line and the tray app's bridge, so both see the same calls and send
the same transfers. Every task it starts it owns, and stop() cancels and awaits them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from screenpop.ami import actions as A
from screenpop.ami.message import Message
from screenpop.calls.channels import Kind, parse_dahdi_extension, parse_dahdi_signalling
from screenpop.calls.events import CallEvent, Ended, Outbound, Ringing
from screenpop.calls.tracker import CallTracker
from screenpop.contacts.lookup import ContactLookup
from screenpop.contacts.model import ContactFound
from screenpop.net.client import AmiClient, ConnectOptions
from screenpop.net.errors import ActionFailed, ConnectionLost
from screenpop.net.supervisor import Supervisor

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"^\+?[0-9*#]{1,32}$")
# MyPBX extensions are short; anything longer is an outside number dialled via a trunk.
MAX_EXTENSION_DIGITS = 5


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any] | None]) -> None:
    """Cancel the tasks we own and wait until each has really finished."""
    pending = [t for t in tasks if t is not None]
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(BaseException):
            await task


def clean_number(text: str) -> str:
    """Strip the spaces, dashes, dots and brackets people type; refuse anything else."""
    number = re.sub(r"[\s\-.()/]", "", text or "")
    if not _NUMBER.match(number):
        raise ValueError(f"'{text}' is not a phone number (use digits, and + * # only)")
    return number


def is_extension(number: str) -> bool:
    return number.isdigit() and len(number) <= MAX_EXTENSION_DIGITS


class CallService:
    def __init__(
        self,
        options: ConnectOptions,
        *,
        on_call_event: Callable[[CallEvent], None],
        on_state: Callable[[str, str], None] = lambda s, r: None,
        watch: Iterable[str] = (),
        context_prefix: str = "DLPN_DialPlan",
        channel_overrides: dict[str, str] | None = None,
        trunk_prefixes: tuple[str, ...] = ("trunk",),
        base_delay: float = 1.0,
        max_delay: float = 30.0,
        contacts: ContactLookup | None = None,
        on_contact: Callable[[ContactFound], None] = lambda found: None,
    ):
        self._emit = on_call_event
        self.contacts = contacts
        self._on_contact = on_contact
        self._contact_calls: set[str] = set()
        self._on_state = on_state
        self.watch = set(watch)
        self.context_prefix = context_prefix
        self.channel_overrides = dict(channel_overrides or {})
        self.tracker = CallTracker(
            trunk_prefixes=trunk_prefixes, analog_extensions=self._analog_map()
        )
        self.supervisor = Supervisor(
            options,
            on_event=self._on_message,
            on_state=on_state,
            on_connected=self._on_connected,
            base_delay=base_delay,
            max_delay=max_delay,
        )
        self._tasks: set[asyncio.Task[None]] = set()
        self._expire_handle: asyncio.TimerHandle | None = None
        self._shown: set[str] = set()
        self.events_emitted = 0
        self.messages_seen = 0

    def _analog_map(self) -> dict[str, str]:
        """Port -> extension from overrides like 601 -> DAHDI/5 (the settings win over lookups)."""
        out = {}
        for ext, channel in self.channel_overrides.items():
            tech, _, port = channel.partition("/")
            if tech.upper() == "DAHDI" and port:
                out[port] = ext
        return out

    def configure(
        self,
        *,
        watch: Iterable[str] | None = None,
        context_prefix: str | None = None,
        channel_overrides: dict[str, str] | None = None,
        options: ConnectOptions | None = None,
    ) -> None:
        """Apply changed settings without a restart (a new PBX reconnects at once)."""
        if watch is not None:
            self.watch = set(watch)
        if context_prefix is not None:
            self.context_prefix = context_prefix
        if channel_overrides is not None:
            self.channel_overrides = dict(channel_overrides)
            self.tracker.analog_extensions = self._analog_map()
        if options is not None and options != self.supervisor.options:
            self.supervisor.update_options(options)

    # -- running ---------------------------------------------------------------------

    async def run(self) -> None:
        try:
            await self.supervisor.run()
        finally:
            await self._cancel_tasks()

    async def stop(self) -> None:
        await self.supervisor.stop()
        await self._cancel_tasks()

    async def _cancel_tasks(self) -> None:
        if self._expire_handle is not None:
            self._expire_handle.cancel()
            self._expire_handle = None
        await cancel_and_wait(self._tasks)
        self._tasks.clear()

    def _spawn(self, coro) -> None:  # type: ignore[no-untyped-def]
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def client(self) -> AmiClient | None:
        return self.supervisor.client

    # -- events ----------------------------------------------------------------------

    def _on_message(self, msg: Message) -> None:
        self.messages_seen += 1
        events = self.tracker.feed(msg)
        if events:
            self._publish(events)
        ports = self.tracker.take_dahdi_lookups()
        for port in ports:
            self._spawn(self._lookup_dahdi(port))
        if self._expire_handle is None and self.tracker.calls:
            deadline = self.tracker.next_deadline()
            if deadline is not None:
                self._schedule_expire(deadline)

    def _schedule_expire(self, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        delay = max(0.0, deadline - self.tracker._clock()) + 0.01
        self._expire_handle = loop.call_later(delay, self._run_expire)

    def _run_expire(self) -> None:
        self._expire_handle = None
        self._publish(self.tracker.expire())
        deadline = self.tracker.next_deadline()
        if deadline is not None:
            self._schedule_expire(deadline)

    def _wanted(self, event: CallEvent) -> bool:
        if not self.watch:
            return True
        if isinstance(event, Ended):
            return event.call in self._shown
        return event.extension in self.watch

    def _publish(self, events: list[CallEvent]) -> None:
        for event in events:
            if not self._wanted(event):
                continue
            if isinstance(event, Ringing | Outbound):
                self._shown.add(event.call)
            elif isinstance(event, Ended):
                self._shown.discard(event.call)
                self._contact_calls.discard(event.call)
            self.events_emitted += 1
            try:
                self._emit(event)
            except Exception:
                log.exception("call event consumer failed")
            if isinstance(event, Ringing):
                self._start_contact_lookup(event)

    def _start_contact_lookup(self, event: Ringing) -> None:
        """After the pop, never before it: one lookup per call, in a task of its own."""
        if self.contacts is None or event.call in self._contact_calls:
            return
        number = event.caller.number
        if not number:
            return
        self._contact_calls.add(event.call)
        self._spawn(self._find_contact(event.call, event.extension, number))

    async def _find_contact(self, call: str, extension: str, number: str) -> None:
        assert self.contacts is not None
        try:
            result = await self.contacts.lookup(number)
        except Exception:
            log.exception("contact lookup failed")
            return
        if result.contact is None and not result.abandoned:
            return
        found = ContactFound(call, number, result.contact, extension, result.abandoned)
        try:
            self._on_contact(found)
        except Exception:
            log.exception("contact consumer failed")

    async def _lookup_dahdi(self, port: str) -> None:
        client = self.client
        kind: Kind | None = None
        extension = None
        if client is not None:
            try:
                lines = await client.command(f"dahdi show channel {port}")
                kind = parse_dahdi_signalling(lines)
                extension = parse_dahdi_extension(lines, self.context_prefix)
            except Exception as exc:  # unknown port or lost link: count it as a trunk
                log.debug("dahdi show channel %s failed: %s", port, exc)
        self._publish(self.tracker.resolve_dahdi(port, kind, extension))

    async def _on_connected(self, client: AmiClient) -> None:
        if client.banner is not None:
            self.tracker.modern = client.banner.modern
        try:
            snapshot = await client.send_list_action(A.core_show_channels())
        except ActionFailed:
            snapshot = await client.send_list_action(A.status())
        except ConnectionLost:
            return
        self._publish(self.tracker.resync(snapshot))

    # -- intents ---------------------------------------------------------------------

    def _require_client(self, what: str) -> AmiClient:
        client = self.client
        if client is None or client.closed:
            raise ConnectionLost(f"{what} not sent: not connected to the PBX right now")
        return client

    def context_for(self, extension: str) -> str:
        return f"{self.context_prefix}{extension}"

    async def transfer(self, call_id: str, extension: str, target: str) -> Message:
        """Move the caller of `call_id` (ringing at or answered by `extension`) to `target`.

        The caller's own channel is redirected: redirecting the ringing extension's leg (the
        vendor guide's example) hangs up the caller on Asterisk 1.8 and 20 (see captures).
        """
        number = clean_number(target)
        call = self.tracker.find_call(call_id)
        if call is None:
            raise ActionFailed("Transfer", "the call has already ended")
        client = self._require_client("Transfer")
        context = self.context_for(number if is_extension(number) else extension)
        self.tracker.note_redirect(call.caller_channel, number)
        try:
            return await client.send_action(A.redirect(call.caller_channel, context, number))
        except Exception:
            call.redirect_target = None
            raise

    async def redirect_channel(
        self, channel: str, target: str, from_extension: str = ""
    ) -> Message:
        """Redirect a channel named by the user (command line `transfer CHANNEL TO`)."""
        number = clean_number(target)
        client = self._require_client("Transfer")
        context = self.context_for(
            number if is_extension(number) or not from_extension else from_extension
        )
        self.tracker.note_redirect(channel, number)
        return await client.send_action(A.redirect(channel, context, number))

    async def dial(self, from_extension: str, target: str, channel: str | None = None) -> Message:
        """Click-to-dial: ring `from_extension`, then connect it to `target`."""
        number = clean_number(target)
        ext = clean_number(from_extension)
        client = self._require_client("Dial")
        fields = A.originate(
            channel or self.channel_overrides.get(ext) or f"SIP/{ext}",
            self.context_for(ext),
            number,
            caller_id=ext,
        )
        return await client.originate(fields)
