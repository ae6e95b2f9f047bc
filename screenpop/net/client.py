"""One AMI connection: connect, banner, login, actions by ActionID, event lists, keepalive.

Reconnecting is the supervisor's job (supervisor.py); this class lives for one connection
and, once closed, fails every action still waiting with ConnectionLost. It never re-sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from screenpop.ami import actions as A
from screenpop.ami.codec import NEED_DATA, AmiDecoder
from screenpop.ami.gate import CallGate
from screenpop.ami.message import Banner, Message

from .errors import (
    ActionFailed,
    ActionTimeout,
    AuthenticationFailed,
    ConnectionLost,
    ConnectRefused,
    ConnectTimeout,
    ProtocolError,
    TlsError,
)

log = logging.getLogger(__name__)

READ_SIZE = 65536


@dataclass(frozen=True)
class ConnectOptions:
    host: str
    port: int = 5038
    username: str = ""
    secret: str = field(default="", repr=False)
    tls: bool = False
    tls_fingerprint: str = ""  # SHA-256 hex of a self-signed PBX certificate, pinned
    ca_file: str | None = None
    connect_timeout: float = 5.0
    action_timeout: float = 10.0
    ping_interval: float = 20.0
    ping_timeout: float = 5.0
    # call: Dial/Newstate/Hangup/Bridge/ExtensionStatus...; cdr: durations; agent: 1.x queue
    # rings (AgentCalled). The service adds system (PeerStatus) when it follows presence.
    events: str = "call,cdr,agent"
    # Asterisk 12+ (AMI 2+) rings queue members with DialBegin: the agent class is only noise.
    events_modern: str = "call,cdr"
    prefer_md5: bool = True

    def __repr__(self) -> str:  # never show the secret, even in a debugger or log line
        return f"ConnectOptions(host={self.host!r}, port={self.port}, username={self.username!r})"


# Event lists of AMI 1.x end with a `...Complete` event and no EventList header.
_LIST_COMPLETE = {
    "coreshowchannels": "coreshowchannelscomplete",
    "status": "statuscomplete",
    "dahdishowchannels": "dahdishowchannelscomplete",
}


class _Pending:
    __slots__ = ("action", "future", "is_list", "items")

    def __init__(self, action: str, future: asyncio.Future[Message], is_list: bool):
        self.action = action
        self.future = future
        self.items: list[Message] = []
        self.is_list = is_list


def _fingerprint_ok(der: bytes | None, pinned: str) -> bool:
    if der is None:
        return False
    want = pinned.replace(":", "").replace(" ", "").lower()
    return hashlib.sha256(der).hexdigest() == want


def make_ssl_context(options: ConnectOptions) -> ssl.SSLContext:
    if options.tls_fingerprint:
        # A pinned self-signed certificate: the fingerprint check after the handshake
        # replaces CA validation, which such a certificate cannot pass.
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    ctx = ssl.create_default_context(cafile=options.ca_file)
    return ctx


class AmiClient:
    """A logged-in AMI connection. Use `await AmiClient.connect(options, on_event=...)`."""

    def __init__(
        self,
        options: ConnectOptions,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        on_event: Callable[[Message], None] | None = None,
    ):
        self.options = options
        self._reader = reader
        self._writer = writer
        self._on_event = on_event
        self._decoder = AmiDecoder()
        self._ids = itertools.count(1)
        self._pending: dict[str, _Pending] = {}
        self._event_waiters: dict[str, tuple[str, asyncio.Future[Message]]] = {}
        # Lists given up on (timed out), by ActionID -> action: their late items are not PBX
        # news, and fed to the tracker a stray CoreShowChannel would read as a call.
        self._abandoned: dict[str, str] = {}
        self._read_task: asyncio.Task[None] | None = None
        self._ping_task: asyncio.Task[None] | None = None
        self._closed = asyncio.get_running_loop().create_future()
        self.banner: Banner | None = None
        self.messages_received = 0
        self.bytes_received = 0
        # The call gate (see screenpop/ami/gate.py), set by the service once it has synced.
        self._gate: CallGate | None = None
        self._gate_synced = False
        self._on_gated: Callable[[float | None, bytes], None] | None = None

    # -- lifecycle -------------------------------------------------------------------

    @classmethod
    async def connect(
        cls, options: ConnectOptions, on_event: Callable[[Message], None] | None = None
    ) -> AmiClient:
        """Open the connection, read the banner and log in. Raises a typed one-line error."""
        host, port = options.host, options.port
        ctx = make_ssl_context(options) if options.tls else None
        try:
            async with asyncio.timeout(options.connect_timeout):
                reader, writer = await asyncio.open_connection(
                    host,
                    port,
                    ssl=ctx,
                    server_hostname=host if ctx and ctx.check_hostname else None,
                    limit=READ_SIZE,
                )
        except TimeoutError:
            raise ConnectTimeout(host, port, options.connect_timeout) from None
        except ssl.SSLCertVerificationError as exc:
            raise TlsError(
                f"the PBX's TLS certificate was not accepted ({exc.verify_message}); install its"
                " CA certificate, or pin its fingerprint in the settings"
            ) from None
        except ssl.SSLError as exc:
            raise TlsError(f"TLS handshake with {host}:{port} failed ({exc.reason})") from None
        except ConnectionRefusedError:
            raise ConnectRefused(host, port) from None
        except OSError as exc:
            raise ConnectRefused(host, port, exc.strerror or type(exc).__name__) from None
        if ctx is not None and options.tls_fingerprint:
            sslobj = writer.get_extra_info("ssl_object")
            der = sslobj.getpeercert(binary_form=True) if sslobj else None
            if not _fingerprint_ok(der, options.tls_fingerprint):
                writer.close()
                raise TlsError(
                    "the PBX's TLS certificate does not match the pinned fingerprint; if the"
                    " certificate was replaced on purpose, update the fingerprint in the settings"
                )
        sock = writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        client = cls(options, reader, writer, on_event)
        try:
            await client._start()
        except BaseException:
            await client._abort()
            raise
        return client

    async def _start(self) -> None:
        timeout = self.options.connect_timeout
        try:
            async with asyncio.timeout(timeout):
                first = await self._read_first_message()
        except TimeoutError:
            raise ConnectTimeout(self.options.host, self.options.port, timeout) from None
        if not isinstance(first, Banner):
            raise ProtocolError(
                f"{self.options.host}:{self.options.port} did not greet as an AMI server"
            )
        self.banner = first
        self._read_task = asyncio.create_task(self._read_loop(), name="ami-read")
        await self._login()
        if self.options.ping_interval > 0:
            self._ping_task = asyncio.create_task(self._keepalive(), name="ami-ping")

    async def _read_first_message(self) -> Message | Banner:
        while True:
            msg = self._decoder.next_message()
            if msg is not NEED_DATA:
                return msg  # type: ignore[return-value]
            data = await self._reader.read(READ_SIZE)
            if not data:
                raise ConnectionLost("the PBX closed the connection before greeting")
            self._decoder.receive_data(data)

    async def _login(self) -> None:
        opts = self.options
        events = (
            opts.events_modern if self.banner is not None and self.banner.modern else opts.events
        )
        fields = A.login(opts.username, opts.secret, events)
        if opts.prefer_md5:
            try:
                reply = await self.send_action(A.challenge())
                challenge = reply.get("Challenge")
                if challenge:
                    fields = A.login_md5(opts.username, challenge, opts.secret, events)
            except ActionFailed:
                log.debug("server does not offer MD5 challenge; using plaintext login")
        try:
            await self.send_action(fields)
        except ActionFailed as exc:
            raise AuthenticationFailed(opts.username, exc.pbx_message) from None
        except ConnectionLost:
            # No reply at all: the link dropped (PBX restarting), not a refusal. Asterisk
            # always answers a bad login with `Response: Error` before it closes, so this is
            # retried with the normal backoff instead of waiting for new settings.
            raise ConnectionLost(
                "the PBX closed the connection during login without answering it"
            ) from None

    def set_event_handler(self, on_event: Callable[[Message], None] | None) -> None:
        """Route this connection's events elsewhere (a logged-in link handed to a service)."""
        self._on_event = on_event

    @property
    def closed(self) -> bool:
        return self._closed.done()

    async def wait_closed(self) -> BaseException | None:
        """Wait until the connection ends; returns why (None for a clean close)."""
        return await asyncio.shield(self._closed)

    async def close(self) -> None:
        """Log off politely and close. Safe to call more than once."""
        if not self._closed.done() and self._read_task is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1.0):
                    await self.send_action(A.logoff())
        await self._abort()

    async def _abort(self, reason: BaseException | None = None) -> None:
        self._mark_closed(reason)
        try:
            current = asyncio.current_task()
        except RuntimeError:  # Qt's loop already left (the session ends): no task is current
            current = None
        for task in (self._ping_task, self._read_task):
            if task is not None and task is not current and not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        self._writer.close()
        with contextlib.suppress(Exception):
            await self._writer.wait_closed()

    def _mark_closed(self, reason: BaseException | None) -> None:
        if self._closed.done():
            return
        self._closed.set_result(reason)
        lost = ConnectionLost(
            "the connection to the PBX dropped before it answered; the action was not repeated"
        )
        for pending in self._pending.values():
            if not pending.future.done():
                pending.future.set_exception(lost)
        self._pending.clear()
        for _, fut in self._event_waiters.values():
            if not fut.done():
                fut.set_exception(lost)
        self._event_waiters.clear()

    # -- reading ---------------------------------------------------------------------

    def set_gate(self, gate: CallGate, on_gated: Callable[[float | None, bytes], None]) -> None:
        """Read through a call gate from the next frame boundary on; `on_gated(time, frame)`
        gets each frame the gate releases (time: when it arrived; None: a side reader's copy
        of a frame it keeps)."""
        self._gate = gate
        self._on_gated = on_gated
        self._gate_synced = False

    def clear_gate(self) -> None:
        """Stop gating: every frame the gate kept goes out first, in order (to on_gated)."""
        gate, on_gated = self._gate, self._on_gated
        if gate is None or on_gated is None:
            return
        self._gate = None
        self._gate_synced = False
        for at, frame in gate.release_all():
            on_gated(at, frame)
        tail = gate.take_tail()
        if tail:
            self._decoder.receive_data(tail)

    def release_call(self, key: str) -> None:
        """Let the call holding this Uniqueid or channel name through the gate now: what the
        gate kept of it goes to on_gated first, in order."""
        gate, on_gated = self._gate, self._on_gated
        if gate is None or on_gated is None:
            return
        for at, frame in gate.make_live(key):
            on_gated(at, frame)

    async def _read_loop(self) -> None:
        reason: BaseException | None = None
        try:
            while True:
                data = await self._reader.read(READ_SIZE)
                if not data:
                    reason = ConnectionLost("the PBX closed the connection")
                    break
                # Counted as it is taken in (a backlog is what the PBX sent and this has not).
                self.bytes_received += len(data)
                gate = self._gate
                if gate is not None and (self._gate_synced or not self._decoder.buffered):
                    # The gate starts where the decoder holds no half frame.
                    self._gate_synced = True
                    self._read_gated(gate, data)
                    continue
                self._decoder.receive_data(data)
                dispatch = self._dispatch
                for msg in self._decoder.messages():
                    if isinstance(msg, Message):
                        dispatch(msg)
        except asyncio.CancelledError:
            raise
        except ProtocolError as exc:
            reason = exc
        except (ConnectionError, OSError) as exc:
            reason = ConnectionLost(
                f"the connection to the PBX was lost ({exc.__class__.__name__})"
            )
        finally:
            self._mark_closed(reason)
            self._writer.close()
            # What the gate kept still belongs to the calls the tracker follows (a resync
            # after the reconnect judges them as it judges every other call).
            with contextlib.suppress(Exception):
                self.clear_gate()

    def _read_gated(self, gate: CallGate, data: bytes) -> None:
        decoder = self._decoder
        dispatch = self._dispatch
        on_gated = self._on_gated
        items = gate.feed(data, time.monotonic())
        if gate.overflowed and not gate.overflow_noted:
            gate.overflow_noted = True
            log.info("call gate full (%d groups): every event is read until reconnect", gate.groups)
        for item in items:
            if item.__class__ is bytes:
                decoder.receive_data(item)  # type: ignore[arg-type]
                for msg in decoder.messages():
                    if isinstance(msg, Message):
                        dispatch(msg)
            elif on_gated is not None:
                try:
                    on_gated(*item)  # type: ignore[misc]
                except Exception:  # a consumer bug must not cut the PBX link
                    log.exception("gated event handler failed")

    def _dispatch(self, msg: Message) -> None:
        self.messages_received += 1
        event = msg.event
        if event is None:
            action_id = msg.action_id
            pending = self._pending.get(action_id or "")
            if pending is None and not action_id and _is_pong(msg):
                # 1.6.0/1.6.1 answer Ping without the ActionID: any Pong proves the link.
                pending = next((p for p in self._pending.values() if p.action == "Ping"), None)
                action_id = next((k for k, p in self._pending.items() if p is pending), None)
            if pending is None:
                log.debug("reply with unknown ActionID %r ignored", action_id)
                return
            if pending.is_list and msg.response == "Success":
                pending.items.append(msg)  # the acknowledgement heads the list
                return
            del self._pending[action_id]  # type: ignore[arg-type]
            if not pending.future.done():
                pending.future.set_result(msg)
            return
        # Only list items and OriginateResponse carry our ActionID; reading it costs a
        # header parse, which most events (noise about other calls) never need.
        action_id = (
            msg.action_id if (self._pending or self._event_waiters or self._abandoned) else None
        )
        if action_id:
            late = self._abandoned.get(action_id)
            if late is not None:
                if _ends_list(late, msg):
                    del self._abandoned[action_id]
                return
            pending = self._pending.get(action_id)
            if pending is not None and pending.is_list:
                pending.items.append(msg)
                if _ends_list(pending.action, msg):
                    del self._pending[action_id]
                    if not pending.future.done():
                        pending.future.set_result(msg)
                return
            waiter = self._event_waiters.get(action_id)
            if waiter is not None and waiter[0] == event.lower():
                del self._event_waiters[action_id]
                if not waiter[1].done():
                    waiter[1].set_result(msg)
        if self._on_event is not None:
            try:
                self._on_event(msg)
            except Exception:  # a consumer bug must not cut the PBX link
                log.exception("event handler failed on %s", event)

    # -- actions ---------------------------------------------------------------------

    def _next_id(self) -> str:
        return f"sp-{next(self._ids)}"

    def _write(self, fields: list[tuple[str, str]]) -> None:
        if self._closed.done():
            raise ConnectionLost("not connected to the PBX")
        self._writer.write(A.encode_action(fields))

    async def send_action(
        self, fields: list[tuple[str, str]], timeout: float | None = None
    ) -> Message:
        """Send one action and return its reply; `Response: Error` raises ActionFailed."""
        name = fields[0][1]
        action_id = self._next_id()
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        self._pending[action_id] = _Pending(name, fut, False)
        try:
            self._write(A.with_action_id(fields, action_id))
            reply = await self._await(fut, name, timeout)
        finally:
            self._pending.pop(action_id, None)
        if (reply.response or "").lower() in ("error", "failure"):
            raise ActionFailed(name, reply.get("Message") or "the PBX gave no reason")
        return reply

    async def send_list_action(
        self, fields: list[tuple[str, str]], timeout: float | None = None
    ) -> list[Message]:
        """Send an event-list action (CoreShowChannels, Status); return the list's events."""
        name = fields[0][1]
        action_id = self._next_id()
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        pending = _Pending(name, fut, True)
        self._pending[action_id] = pending
        try:
            self._write(A.with_action_id(fields, action_id))
            last = await self._await(fut, name, timeout)
        except ActionTimeout:
            self._abandoned[action_id] = name
            if len(self._abandoned) > _MAX_ABANDONED:
                del self._abandoned[next(iter(self._abandoned))]
            # A list that never ends must not leave every later event paying for its ActionID.
            asyncio.get_running_loop().call_later(
                ABANDONED_SECONDS, self._abandoned.pop, action_id, None
            )
            raise
        finally:
            self._pending.pop(action_id, None)
        if last.event is None and (last.response or "").lower() == "error":
            raise ActionFailed(name, last.get("Message") or "the PBX gave no reason")
        return [m for m in pending.items if m.event is not None and not _ends_list(name, m)]

    async def subscribe_only(self, events: tuple[str, ...]) -> bool:
        """Ask the PBX (Asterisk 10+) to send this session only these events.

        Returns False, changing nothing, where the PBX has no `Filter` action (1.8 and older,
        by the banner) or refuses it (it needs the `system` write permission, which a
        least-privilege AMI user lacks): every event then still arrives, as before.
        """
        if not events or self.banner is None or not self.banner.has_filter:
            return False
        for index, event in enumerate(events):
            try:
                await self.send_action(A.event_filter(event))
            except ActionFailed as exc:
                if index == 0:
                    log.info("the PBX refused the event filter (%s): all events", exc.pbx_message)
                    return False
                # Filters cannot be removed; a later refusal of the same action is unheard of.
                log.warning("the PBX refused the event filter for %s: %s", event, exc.pbx_message)
        return True

    async def command(self, cli: str, timeout: float | None = None) -> list[str]:
        """Run a CLI command; its output lines (1.x Follows body or 14+ Output headers)."""
        reply = await self.send_action(A.command(cli), timeout)
        return reply.command_output()

    async def originate(
        self, fields: list[tuple[str, str]], timeout: float | None = None
    ) -> Message:
        """Async Originate: wait for the queued reply, then the OriginateResponse event."""
        pending = await self.originate_queued(fields, timeout)
        return await pending.response()

    async def originate_queued(
        self, fields: list[tuple[str, str]], timeout: float | None = None
    ) -> PendingOriginate:
        """Send an async Originate and return once the PBX has queued it (a refusal raises
        ActionFailed at once); the OriginateResponse is awaited through the result."""
        name = fields[0][1]
        action_id = self._next_id()
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Message] = loop.create_future()
        result: asyncio.Future[Message] = loop.create_future()
        self._pending[action_id] = _Pending(name, fut, False)
        self._event_waiters[action_id] = ("originateresponse", result)
        try:
            self._write(A.with_action_id(fields, action_id))
            reply = await self._await(fut, name, timeout)
            if (reply.response or "").lower() in ("error", "failure"):
                raise ActionFailed(name, reply.get("Message") or "the PBX gave no reason")
        except BaseException:
            self._event_waiters.pop(action_id, None)
            raise
        finally:
            self._pending.pop(action_id, None)
        ring_ms = next((int(v) for n, v in fields if n == "Timeout" and v.isdigit()), 30000)
        return PendingOriginate(
            self, action_id, result, ring_ms / 1000 + self.options.action_timeout
        )

    async def _await(
        self, fut: asyncio.Future[Message], name: str, timeout: float | None
    ) -> Message:
        seconds = self.options.action_timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(seconds):
                return await fut
        except TimeoutError:
            raise ActionTimeout(name, seconds) from None

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(self.options.ping_interval)
            try:
                await self.send_action(A.ping(), timeout=self.options.ping_timeout)
            except ActionTimeout:
                log.info(
                    "no Ping reply within %.1f s: treating the link as dead",
                    self.options.ping_timeout,
                )
                await self._abort(ConnectionLost("the PBX stopped answering (no Ping reply)"))
                return
            except ConnectionLost:
                return


class PendingOriginate:
    """A queued Originate whose OriginateResponse has not been read yet."""

    def __init__(
        self, client: AmiClient, action_id: str, result: asyncio.Future[Message], timeout: float
    ):
        self._client = client
        self._action_id = action_id
        self.result = result
        self.timeout = timeout

    async def response(self) -> Message:
        """The successful OriginateResponse; a failed one raises ActionFailed with the reason."""
        try:
            event = await self._client._await(self.result, "Originate", self.timeout)
        finally:
            self.discard()
        if (event.get("Response") or "").lower() != "success":
            raise ActionFailed("Originate", _originate_reason(event.get("Reason")))
        return event

    def discard(self) -> None:
        """Stop waiting for the response (the command returned when the phone rang)."""
        self._client._event_waiters.pop(self._action_id, None)


def _is_pong(msg: Message) -> bool:
    return (msg.get("Ping") or "").lower() == "pong" or (msg.response or "").lower() == "pong"


# Lists timed out whose late items are still recognised: how many, and for how long (a PBX
# that never ends them must not grow this without bound).
_MAX_ABANDONED = 32
ABANDONED_SECONDS = 120.0


def _ends_list(action: str, msg: Message) -> bool:
    if (msg.get("EventList") or "").lower() == "complete":
        return True
    event = (msg.event or "").lower()
    expected = _LIST_COMPLETE.get(action.lower())
    return event == expected if expected else event.endswith("complete")


_ORIGINATE_REASONS = {
    "0": "the phone could not be reached",
    "1": "the call was hung up",
    "3": "the phone rang but nobody answered",
    "5": "the line is busy",
    "8": "the network is congested",
}


def _originate_reason(code: str | None) -> str:
    return _ORIGINATE_REASONS.get(code or "", f"the PBX reported reason {code}")
