"""The call service: the AMI link, the tracker and the actions a user asks for. No Qt.

Shared by the command line and the tray app's bridge, so both see the same calls and send
the same transfers. Every task it starts it owns, and stop() cancels and awaits them.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from screenpop.ami import actions as A
from screenpop.ami.codec import decode_event_frame
from screenpop.ami.gate import GATED_EVENTS, CallGate
from screenpop.ami.message import Message
from screenpop.calls.channels import Kind, parse_dahdi_extension, parse_dahdi_signalling
from screenpop.calls.dialling import OriginateWatch
from screenpop.calls.events import CallEvent, Ended, Outbound, Ringing
from screenpop.calls.place import extension_in_snapshot
from screenpop.calls.tracker import CallTracker
from screenpop.colleagues import Colleagues, DirectoryLoaded
from screenpop.contacts.lookup import ContactLookup
from screenpop.contacts.model import ContactFound
from screenpop.net.client import AmiClient, ConnectOptions, PendingOriginate
from screenpop.net.errors import ActionFailed, ActionTimeout, ConnectionLost
from screenpop.net.supervisor import Supervisor
from screenpop.presence.state import PRESENCE_EVENTS, StateChanged
from screenpop.service_colleagues import DEFAULT_VOICEMAIL, PARKING_EVENTS
from screenpop.service_consult import ConsultActions

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"^\+?[0-9*#]{1,32}$")
# MyPBX extensions are short; anything longer is an outside number dialled via a trunk.
MAX_EXTENSION_DIGITS = 5
# Events read outside the tracker, kept when the PBX is asked to filter (client.originate).
EXTRA_EVENTS: tuple[str, ...] = ("OriginateResponse",)


def _with_class(mask: str, name: str) -> str:
    return mask if name in mask.split(",") else f"{mask},{name}"


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


class TransferRefused(ValueError):
    """A transfer that would drop the caller, refused before anything was sent."""


def is_extension(number: str) -> bool:
    return number.isdigit() and len(number) <= MAX_EXTENSION_DIGITS


class CallService(ConsultActions):
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
        on_presence: Callable[[list[StateChanged]], None] | None = None,
        on_directory: Callable[[DirectoryLoaded], None] = lambda d: None,
        on_note: Callable[[str], None] = lambda text: None,
        colleague_names: dict[str, str] | None = None,
        voicemail_target: str = DEFAULT_VOICEMAIL,
        contacts: ContactLookup | None = None,
        on_contact: Callable[[ContactFound], None] = lambda found: None,
        gate: bool = True,
    ):
        if on_presence is not None:
            # PeerStatus (a colleague's phone registers or drops) is in the system class, on
            # every Asterisk generation (the 12+ mask is chosen by the banner).
            options = dataclasses.replace(
                options,
                events=_with_class(options.events, "system"),
                events_modern=_with_class(options.events_modern, "system"),
            )
        self._emit = on_call_event
        self.contacts = contacts
        self._on_contact = on_contact
        self._contact_calls: set[str] = set()
        self._on_state = on_state
        self.watch = set(watch)
        self.context_prefix = context_prefix
        self.channel_overrides = dict(channel_overrides or {})
        # The call gate (screenpop/ami/gate.py): events of calls that never came near a
        # watched phone are kept unparsed, and read only if the call later does.
        self.gate_enabled = gate
        self._synced: AmiClient | None = None  # the link whose snapshot the tracker took
        self._directory_seen = False  # a colleagues directory was loaded (maybe empty)
        # While the tracker reads frames the gate kept: the time each arrived.
        self._event_time: float | None = None
        self.tracker = CallTracker(
            trunk_prefixes=trunk_prefixes,
            analog_extensions=self._analog_map(),
            clock=self._tracker_clock,
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
        # Colleagues and presence (issue 10): only when someone listens for states.
        self.voicemail_target = voicemail_target
        self._init_parking()
        self._init_consult()
        self.colleagues: Colleagues | None = None
        if on_presence is not None:
            self._on_directory = on_directory
            self.colleagues = Colleagues(
                on_changes=on_presence,
                on_directory=self._directory_loaded,
                on_note=on_note,
                user_names=colleague_names,
                analog=self.channel_overrides,
                context_prefix=context_prefix,
                trunk_prefixes=trunk_prefixes,
            )
        self._directory_task: asyncio.Task[None] | None = None
        self._expire_handle: asyncio.TimerHandle | None = None
        self._shown: set[str] = set()
        self._dials: set[DialAttempt] = set()
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
        colleague_names: dict[str, str] | None = None,
        voicemail_target: str | None = None,
    ) -> None:
        """Apply changed settings without a restart (a new PBX reconnects at once)."""
        if watch is not None and set(watch) != self.watch:
            self.watch = set(watch)
            self._rearm_gate()
        if context_prefix is not None:
            self.context_prefix = context_prefix
        if channel_overrides is not None:
            self.channel_overrides = dict(channel_overrides)
            self.tracker.analog_extensions = self._analog_map()
        if voicemail_target is not None:
            self.voicemail_target = voicemail_target
        if self.colleagues is not None:
            before = tuple(self.colleagues.directory)
            self.colleagues.configure(
                user_names=colleague_names, analog=channel_overrides, context_prefix=context_prefix
            )
            if tuple(self.colleagues.directory) != before:
                # New names from Settings show at once, without waiting for a reconnect.
                self._directory_loaded(DirectoryLoaded(tuple(self.colleagues.directory), 0.0))
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
        await cancel_and_wait([*self._tasks, self._directory_task])
        self._tasks.clear()
        self._directory_task = None
        self.cancel_park_waiters()

    def _spawn(self, coro) -> None:  # type: ignore[no-untyped-def]
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def attach(self, client: AmiClient) -> None:
        """Take over a logged-in connection: its events feed the tracker, actions use it.

        `run()` then starts on this link (no second login) and reconnects as usual when it
        drops; without `run()` it serves one-shot commands and `stop()` closes it.
        """
        if client.banner is not None:
            self.tracker.modern = client.banner.modern
        self.supervisor.adopt(client)

    async def connect(self) -> AmiClient:
        """Log in once and attach that connection; a wrong host or secret raises at once.

        Events the PBX sends right after the login reply already feed the tracker (a client
        made elsewhere and attached later would drop those).
        """
        client = await AmiClient.connect(self.supervisor.options, on_event=self._on_message)
        self.attach(client)
        return client

    @property
    def client(self) -> AmiClient | None:
        return self.supervisor.client

    # -- events ----------------------------------------------------------------------

    def _on_message(self, msg: Message) -> None:
        self.messages_seen += 1
        for attempt in list(self._dials):  # only while a click-to-dial waits for its ring
            attempt.feed(msg)
        if self.colleagues is not None:
            self.colleagues.feed(msg)
            if self.colleagues.reload_wanted and self.client is not None:
                self._load_directory(self.client)
        if msg.event is not None and msg.event.lower().startswith(("parked", "unparked")):
            self.note_parking(msg)
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

    def _tracker_clock(self) -> float:
        at = self._event_time
        return time.monotonic() if at is None else at

    def _arm_gate(self, client: AmiClient) -> None:
        """Gate this link's call events (after the resync: the tracker's calls pass).

        Not while a click-to-dial waits for its phone to ring (it reads every event), nor
        when every extension is watched (nothing to set aside).
        """
        if not self.gate_enabled or not self.watch or self._dials or client.closed:
            return
        side = PRESENCE_EVENTS if self.colleagues is not None else ()
        # Events no part of the service reads are dropped unparsed too: on a PBX without the
        # Filter action (1.8), or a user without the right to send it, they still come.
        wanted = [*self.events_wanted(), *GATED_EVENTS]
        gate = CallGate(self.watch, side_events=side, wanted=wanted)
        gate.side_devices = self._presence_devices()
        gate.seed(self.tracker.known_keys(), self.tracker.queue_caller_ids())
        client.set_gate(gate, self._on_gated)

    def find_call(self, call_id: str) -> Any:
        """The tracker's call by id; a call nobody watches, kept unread by the gate, is read
        first (a transfer or hang-up of a call no popup showed)."""
        call = self.tracker.find_call(call_id)
        if call is None and self.client is not None:
            self.client.release_call(call_id)
            call = self.tracker.find_call(call_id)
        return call

    def read_kept_calls(self) -> None:
        """Let the tracker read every call the gate keeps (a search over all calls follows,
        e.g. the call ringing at a colleague's phone for a pick-up); the gate starts anew."""
        self._rearm_gate()

    def _presence_devices(self) -> frozenset[bytes] | None:
        """The colleagues' devices, whose kept frames presence reads at once; None (all of
        them) while the directory is not loaded yet or is loading."""
        colleagues = self.colleagues
        if colleagues is None or colleagues.loading or not self._directory_seen:
            return None
        return frozenset(c.channel.strip().lower().encode("utf-8") for c in colleagues.directory)

    def _update_presence_devices(self) -> None:
        client = self.client
        gate = client._gate if client is not None else None
        if gate is not None:
            gate.side_devices = self._presence_devices()

    def _rearm_gate(self) -> None:
        client = self._synced
        if client is None or client.closed or client is not self.client:
            return
        client.clear_gate()
        self._arm_gate(client)

    def _on_gated(self, at: float | None, frame: bytes) -> None:
        """A frame the gate kept: for presence now (at None), or released to the tracker."""
        msg = decode_event_frame(frame)
        if at is None:
            if self.colleagues is not None:
                self.colleagues.feed(msg)
                if self.colleagues.reload_wanted and self.client is not None:
                    self._load_directory(self.client)
            return
        self.messages_seen += 1
        tracker = self.tracker
        self._event_time = at
        try:
            deadline = tracker.next_deadline()
            if deadline is not None and deadline + 0.01 <= at:
                # The expiry timer would have run before this frame had it been read live.
                self._publish(tracker.expire())
            events = tracker.feed(msg)
        finally:
            self._event_time = None
        if events:
            self._publish(events)
        for port in tracker.take_dahdi_lookups():
            self._spawn(self._lookup_dahdi(port))
        if self._expire_handle is None and tracker.calls:
            deadline = tracker.next_deadline()
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

    def events_wanted(self) -> tuple[str, ...]:
        """Every event a part of the service reads: what a PBX that filters must still send."""
        wanted = [*self.tracker.events_read(), *EXTRA_EVENTS, *PARKING_EVENTS]
        if self.colleagues is not None:
            wanted += PRESENCE_EVENTS
        return tuple(dict.fromkeys(wanted))

    async def _on_connected(self, client: AmiClient) -> None:
        # (No await between the new link's start and this: no action can slip in before.)
        self._settled.clear()
        learning = False
        try:
            learning = await self._sync_link(client)
        finally:
            if not learning:  # else _learn_parked settles once it has read the slots
                self._settle(client)

    def _settle(self, client: AmiClient) -> None:
        """`client`'s link has read the calls and the parked slots, or given up: actions on
        parked callers go on. A newer link settles on its own; with none, they fail at once
        ("not connected") rather than wait."""
        if client is self.client or self.client is None:
            self._settled.set()

    async def _sync_link(self, client: AmiClient) -> bool:
        """Read the new link's calls and arm it; True once the parked slots are being read."""
        if client.banner is not None:
            self.tracker.modern = client.banner.modern
        try:
            # Asterisk 10+: only what the tracker reads, and the Originate result dial() waits
            # for; fewer bytes for a busy PBX to send and for us to read.
            await client.subscribe_only(self.events_wanted())
            snapshot = await client.send_list_action(A.core_show_channels())
        except ActionFailed:
            snapshot = await client.send_list_action(A.status())
        except ConnectionLost:
            return False
        self._publish(self.tracker.resync(snapshot))
        self._synced = client
        self._arm_gate(client)
        self.parked.clear()
        self.atxfer_mode = None  # another server may have other feature codes
        # Asked before the directory (actions are answered in order), not awaited here: the
        # link counts as up once the calls are known.
        self._spawn(self._learn_parked(client))
        if self.colleagues is not None:
            self._load_directory(client)
        return True

    async def _learn_parked(self, client: AmiClient) -> None:
        """The calls parked before this link came up (a reconnect while a caller waits in a
        slot): Take back and Complete transfer need the slot's channel."""
        try:
            try:
                items = await client.send_list_action(A.parked_calls())
            except (ActionFailed, ActionTimeout) as exc:
                # No parking module, or a user without the `call` read right: slots are then
                # learnt from the next ParkedCall events, as before.
                log.info("the PBX did not list its parked calls: %s", exc)
                return
            except ConnectionLost:
                return
            for msg in items:
                self.note_parking(msg)
        finally:
            self._settle(client)

    def _directory_loaded(self, loaded: DirectoryLoaded) -> None:
        self._directory_seen = True
        # Dial strings to these names are calls to colleagues, not to the outside world.
        known = frozenset(c.extension for c in loaded.colleagues)
        if known != self.tracker.known_extensions:
            # Calls kept unread by the gate are read with the names known when they came.
            self.read_kept_calls()
        self.tracker.known_extensions = known
        self._update_presence_devices()
        self._on_directory(loaded)

    def _load_directory(self, client: AmiClient) -> None:
        """(Re)load colleagues in one owned task; a newer request replaces a running one."""
        assert self.colleagues is not None
        self.colleagues.reload_wanted = False
        if self._directory_task is not None and not self._directory_task.done():
            self._directory_task.cancel()
        colleagues = self.colleagues
        gate = client._gate
        if gate is not None:
            gate.side_devices = None  # until the new directory is known: presence reads all

        async def load() -> None:
            try:
                await colleagues.load(client)
            except (ConnectionLost, ActionFailed) as exc:
                log.info("colleague directory not loaded: %s", exc)
            except Exception as exc:  # the PBX said something unexpected: calls still work
                log.warning("colleague directory not loaded: %s", exc)
            finally:
                self._update_presence_devices()

        self._directory_task = asyncio.get_running_loop().create_task(load())

    # -- intents ---------------------------------------------------------------------

    def _require_client(self, what: str) -> AmiClient:
        client = self.client
        if client is None or client.closed:
            raise ConnectionLost(f"{what} not sent: not connected to the PBX right now")
        return client

    def context_for(self, extension: str) -> str:
        return f"{self.context_prefix}{extension}"

    def context_for_outside(self, number: str, extension: str | None, channel: str) -> str:
        """The dialplan that may send `channel`'s caller to the outside `number`.

        It is the dialplan of the extension the call rings on or is bridged to; without one
        the transfer is refused (TransferRefused) before anything is sent: there is no
        `DLPN_DialPlan<outside number>`, and a Redirect into it hangs the caller up.
        """
        if extension and is_extension(extension):
            return self.context_for(extension)
        raise TransferRefused(
            f"not transferring {channel} to {number}: it does not ring on and is not answered"
            " by an extension, so there is no extension's dialplan to dial out from"
        )

    async def transfer(self, call_id: str, extension: str, target: str) -> Message:
        """Move the caller of `call_id` (ringing at or answered by `extension`) to `target`.

        The caller's own channel is redirected: redirecting the ringing extension's leg (the
        vendor guide's example) hangs up the caller on Asterisk 1.8 and 20 (see captures).
        """
        number = clean_number(target)
        call = self.find_call(call_id)
        if call is None:
            raise ActionFailed("Transfer", "the call has already ended")
        client = self._require_client("Transfer")
        if is_extension(number):
            context = self.context_for(number)
        else:
            context = self.context_for_outside(number, extension, call.caller_channel)
        self.tracker.note_redirect(call.caller_channel, number)
        try:
            return await client.send_action(A.redirect(call.caller_channel, context, number))
        except Exception:
            call.redirect_target = None
            raise

    async def extension_for_channel(self, channel: str) -> str | None:
        """The extension `channel`'s call rings on or is bridged to: from the calls seen, or
        asked from the PBX (CoreShowChannels, else Status) when this link has not seen it."""
        if self.client is not None:
            self.client.release_call(channel)  # its call may be kept unread by the gate
        known = self.tracker.extension_for_channel(channel)
        if known and is_extension(known):
            return known
        client = self._require_client("Transfer")
        try:
            snapshot = await client.send_list_action(A.core_show_channels())
        except ActionFailed:
            snapshot = await client.send_list_action(A.status())
        return extension_in_snapshot(
            channel, snapshot, self.context_prefix, self.tracker.trunk_prefixes
        )

    async def redirect_channel(
        self, channel: str, target: str, from_extension: str = ""
    ) -> Message:
        """Redirect a channel named by the user (command line `transfer CHANNEL TO`).

        An outside number goes through the dialplan of the extension the call rings on or is
        bridged to (`from_extension` if given); if there is none, TransferRefused is raised
        and nothing is sent.
        """
        number = clean_number(target)
        client = self._require_client("Transfer")
        client.release_call(channel)  # its call may be kept unread by the gate
        if is_extension(number):
            context = self.context_for(number)
        else:
            extension = from_extension or await self.extension_for_channel(channel)
            context = self.context_for_outside(number, extension, channel)
        self.tracker.note_redirect(channel, number)
        return await client.send_action(A.redirect(channel, context, number))

    def dial_device(self, extension: str, channel: str | None = None) -> str:
        """The channel an Originate rings for `extension`: given, from the settings, or SIP."""
        return channel or self.channel_overrides.get(extension) or f"SIP/{extension}"

    async def start_dial(
        self, from_extension: str, target: str, channel: str | None = None
    ) -> DialAttempt:
        """Click-to-dial: ask the PBX to ring `from_extension`, then connect it to `target`.

        Returns once the PBX has queued the Originate (a refusal raises at once); the attempt
        tells when the phone rings (`rung()`) and how it ended (`outcome()`).
        """
        number = clean_number(target)
        ext = clean_number(from_extension)
        client = self._require_client("Dial")
        device = self.dial_device(ext, channel)
        fields = A.originate(device, self.context_for(ext), number, caller_id=ext)
        attempt = DialAttempt(self, ext, number, device)
        # The attempt reads every event about its phone: no gate while it waits.
        client.clear_gate()
        self._dials.add(attempt)  # watch events before sending: they may come before the reply
        try:
            attempt.pending = await client.originate_queued(fields)
        except BaseException:
            self._dials.discard(attempt)
            if not self._dials:
                self._rearm_gate()  # refused: the gate goes back as after a finished attempt
            raise
        return attempt

    async def dial(self, from_extension: str, target: str, channel: str | None = None) -> Message:
        """Click-to-dial and wait for the OriginateResponse (the user's phone answered)."""
        attempt = await self.start_dial(from_extension, target, channel)
        try:
            return await attempt.outcome()
        finally:
            attempt.close()


class DialAttempt:
    """One click-to-dial in progress: the user's phone is being rung by the PBX."""

    def __init__(self, service: CallService, extension: str, number: str, device: str):
        self._service = service
        self.extension = extension
        self.number = number
        self.device = device
        self.watch = OriginateWatch(device)
        self.pending: PendingOriginate | None = None
        self._rang: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()

    def feed(self, msg: Message) -> None:
        if self.watch.feed(msg) and not self._rang.done():
            self._rang.set_result(self.watch.channel)

    async def rung(self) -> str | None:
        """Wait until the phone rings; its channel, or None if the PBX named none.

        Without ringing events (a phone that skips Ringing, an AMI user without `call` events)
        the OriginateResponse decides: success counts as rung, a failure raises ActionFailed.
        """
        assert self.pending is not None
        result = self.pending.result
        done, _ = await asyncio.wait(
            {self._rang, result}, timeout=self.pending.timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if self._rang in done:
            return self._rang.result()
        if result not in done:
            raise ActionTimeout("Originate", self.pending.timeout)
        response = await self.pending.response()  # a failure raises the PBX's reason
        return self.watch.channel or clean_channel(response.get("Channel"))

    async def outcome(self) -> Message:
        """The OriginateResponse: the phone answered (a failure raises ActionFailed)."""
        assert self.pending is not None
        return await self.pending.response()

    def close(self) -> None:
        self._service._dials.discard(self)
        if not self._service._dials:
            self._service._rearm_gate()
        if self.pending is not None:
            self.pending.discard()
        if not self._rang.done():
            self._rang.cancel()


def clean_channel(name: str | None) -> str | None:
    name = (name or "").strip()
    return name if "/" in name else None
