"""`PbxSimulator`: an asyncio AMI server that speaks like MyPBX (Asterisk 1.8) or Asterisk 20."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from screenpop.ami import AmiDecoder, Message, ProtocolError

from . import lists
from .calls import CallEngine, RingingOriginate
from .cli import run_command
from .events import Event
from .faults import Faults, FaultsMixin
from .frames import BANNERS, command_reply, frame, parse_event_mask, response
from .model import Call, Channel
from .presence import Directory
from .session import Session

MAX_FRAME = 256 * 1024


class PbxSimulator(FaultsMixin):
    """A simulated MyPBX AMI server.

    Args:
        host, port: where to listen; port 0 picks a free port (read `sim.port` after start).
        username, secret: the one AMI account (plaintext or MD5 login).
        flavor: "1.8" (MyPBX, AMI 1.1, default) or "20" (Asterisk 20, AMI 9.0.0).
        auth_fail_delay: seconds to wait before answering a failed login (Asterisk sleeps 1 s).
        dahdi_ports: {port: (extension or None, signalling)}; "FXO Kewlstart" is an analog
            extension port, "FXS Kewlstart" an analog trunk port.
        extensions: the extensions that exist; None accepts any 2-5 digit number.
        extension_names: caller names of extensions (default "Ext <n>", as the captures).
        originate_answers: whether the phone rung by Originate picks up.
        default_trunk: trunk used for numbers that are not extensions.
        clock: time source (epoch seconds) for Uniqueids, CDR times and durations.

    Attributes: `port`, `calls` (live Call objects), `channels` (live Channel objects by name),
    `actions_received` (every Message any client sent), `sessions`, `faults`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "admin",
        secret: str = "password",
        flavor: str = "1.8",
        auth_fail_delay: float = 1.0,
        dahdi_ports: Mapping[int, tuple[str | None, str]] | None = None,
        extensions: Iterable[str] | None = None,
        extension_names: Mapping[str, str] | None = None,
        originate_answers: bool = True,
        default_trunk: str = "trunk-sps-test1",
        clock: Callable[[], float] = time.time,
    ):
        if flavor not in BANNERS:
            raise ValueError(f"flavor must be one of {', '.join(BANNERS)}, not {flavor!r}")
        self.host = host
        self.port = port
        self.username = username
        self.secret = secret
        self.flavor = flavor
        self.auth_fail_delay = auth_fail_delay
        self.clock = clock
        self.engine = CallEngine(
            flavor,
            self._broadcast,
            clock=clock,
            extensions=extensions,
            extension_names=extension_names,
            dahdi_ports=dahdi_ports,
            default_trunk=default_trunk,
            originate_answers=originate_answers,
        )
        # Peers, hints, PeerStatus, Atxfer and Park (colleagues); extensions=None lists none.
        self.directory = Directory(self.engine, self._broadcast, extensions, default_trunk)
        self.actions_received: list[Message] = []
        self.sessions: set[Session] = set()
        self.faults = Faults()
        self._server: asyncio.Server | None = None
        self._started_at = clock()
        self._demo_task: asyncio.Task | None = None
        self._rng = random.Random()
        # Seconds an originated phone rings before it answers (or, with originate_answers
        # False, rings out); None: at once, in the same step as the Originate.
        self.originate_ring_seconds: float | None = None
        self._tasks: set[asyncio.Task] = set()
        # False: the Filter action is refused as for an AMI user without `system` write access.
        self.filter_allowed = True

    # -- lifecycle ----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        return self.engine.calls

    @property
    def channels(self) -> dict[str, Channel]:
        return self.engine.channels

    @property
    def originate_answers(self) -> bool:
        return self.engine.originate_answers

    @originate_answers.setter
    def originate_answers(self, value: bool) -> None:
        self.engine.originate_answers = value

    async def start(self) -> None:
        """Listen; raises OSError if the address is taken."""
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop the demo, close every connection and the listening socket."""
        if self._demo_task is not None:
            self._demo_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._demo_task
            self._demo_task = None
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self._close_all()

    async def _close_all(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        sessions = list(self.sessions)
        tasks = [s.task for s in sessions if s.task is not None]
        for session in sessions:
            session.abort()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for session in sessions:
            await session.shutdown()
        self.sessions.clear()
        if server is not None:
            await server.wait_closed()

    async def restart(self, keep_calls: bool = True) -> None:
        """Drop every connection and the listener, then listen again on the same port."""
        await self._close_all()
        if not keep_calls:
            self.engine.clear()
        self._server = await asyncio.start_server(self._handle, self.host, self.port)

    async def __aenter__(self) -> PbxSimulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def flush(self) -> None:
        """Wait until everything queued for every client has been written."""
        for session in list(self.sessions):
            await session.flushed()

    def banner_bytes(self) -> bytes:
        return (BANNERS[self.flavor] + "\r\n").encode("ascii")

    # -- scenarios (each emits its events, then waits until they are written) -----------

    async def incoming_call(
        self,
        number: str,
        name: str,
        extensions: list[str] | str,
        trunk: str = "trunk-sps-test1",
        did: str | None = None,
    ) -> Call:
        """A trunk caller rings `extensions` (several = a ring group, one Dial, many legs)."""
        exts = [extensions] if isinstance(extensions, str) else list(extensions)
        call = self.engine.incoming(number, name, exts, trunk, did)
        await self.flush()
        return call

    async def queue_call(
        self,
        number: str,
        name: str,
        members: list[str],
        trunk: str = "carrier",
        *,
        queue: str = "sales",
        strategy: str = "ringall",
        eventwhencalled: bool = True,
    ) -> Call:
        """A caller on trunk `trunk` (any name: `carrier`, `voip-provider`) into a queue.

        `strategy` "ringall" rings every member at once, "linear" one at a time (then
        `queue_next(call)` moves on); `eventwhencalled` False leaves out 1.8's AgentCalled.
        """
        call = self.engine.queue_call(
            number,
            name,
            members,
            trunk,
            queue=queue,
            strategy=strategy,
            eventwhencalled=eventwhencalled,
        )
        await self.flush()
        return call

    async def queue_next(self, call: Call) -> None:
        """The ringing queue member timed out; the next one rings."""
        self.engine.queue_next(call)
        await self.flush()

    async def analog_call(
        self, number: str, name: str, port: int = 5, trunk: str = "trunk-sps-test1"
    ) -> Call:
        """A trunk caller rings the analog extension on DAHDI port `port` (DAHDI/<port>-1)."""
        ext = self.engine.dahdi_ports[port][0]
        if ext is None:
            raise ValueError(f"DAHDI port {port} is a trunk port, not an extension")
        call = self.engine.incoming(number, name, [ext], trunk, kind="analog")
        await self.flush()
        return call

    async def internal_call(self, from_ext: str, to_ext: str) -> Call:
        call = self.engine.internal(from_ext, to_ext)
        await self.flush()
        return call

    async def outbound_call(
        self, from_ext: str, number: str, trunk: str = "trunk-sps-test1"
    ) -> Call:
        call = self.engine.internal(from_ext, number, trunk)
        await self.flush()
        return call

    async def answer(self, call: Call, ext: str | None = None) -> Channel:
        """`ext` (default: the first ringing) answers; the other ring-group legs stop."""
        leg = self.engine.answer(call, ext)
        await self.flush()
        return leg

    async def hangup(self, call: Call) -> None:
        """The caller hangs up (ringing: the legs are cancelled; answered: the call ends)."""
        self.engine.hangup(call)
        await self.flush()

    async def redirect(self, channel: str, context: str, exten: str) -> None:
        """What `Action: Redirect` does, without a client."""
        ch = self.engine.find_channel(channel)
        if ch is None:
            raise KeyError(channel)
        self.engine.redirect(ch, context, exten)
        await self.flush()

    async def run_demo(self, **kwargs) -> None:
        from .demo import run_demo

        await run_demo(self, **kwargs)

    def start_demo(self, **kwargs) -> asyncio.Task:
        """Run `run_demo` in a task owned by the simulator (cancelled by `stop()`)."""
        if self._demo_task is None or self._demo_task.done():
            self._demo_task = asyncio.get_running_loop().create_task(self.run_demo(**kwargs))
        return self._demo_task

    # -- events -------------------------------------------------------------------------

    def _broadcast(self, event: Event) -> None:
        if self.faults.stalled:
            return
        category, pairs = event
        data = frame(pairs)
        for session in self.sessions:
            if session.authenticated and category in session.event_mask and session.wants(data):
                session.send(data)
        directory = getattr(self, "directory", None)
        if directory is not None:
            directory.after_event(event)

    def _send_event(self, session: Session, event: Event) -> None:
        data = frame(event[1])
        if event[0] in session.event_mask and session.wants(data):
            session.send(data)

    # -- connections --------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = Session(reader, writer, lambda: self.faults.slow_drip)
        session.task = asyncio.current_task()
        self.sessions.add(session)
        try:
            if self.faults.stalled:
                session.banner_pending = True
            else:
                session.send(self.banner_bytes())
            decoder = AmiDecoder(expect_banner=False, max_frame=MAX_FRAME)
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                decoder.receive_data(data)
                try:
                    messages = decoder.messages()
                except ProtocolError:
                    break
                for message in messages:
                    if isinstance(message, Message) and not await self._dispatch(session, message):
                        return
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.sessions.discard(session)
            await session.shutdown()

    async def _dispatch(self, session: Session, msg: Message) -> bool:
        """Handle one action; False closes the connection."""
        self.actions_received.append(msg)
        action = (msg.get("Action") or "").strip()
        name = action.lower()
        aid = msg.action_id
        if self.faults.drop_on_action is not None and name == self.faults.drop_on_action:
            self.faults.drop_on_action = None
            session.abort()
            return False
        if self.faults.stalled or (name == "ping" and self.faults.ignore_pings):
            return True
        if name == "login":
            return await self._login(session, msg)
        if name == "logoff":
            session.send(response("Goodbye", aid, ("Message", "Thanks for all the fish.")))
            session.close_after_flush()
            await session.flushed()
            return False
        if name == "challenge":
            if (msg.get("AuthType") or "").lower() != "md5":
                session.send(response("Error", aid, ("Message", "Must specify AuthType")))
            else:
                session.challenge = str(self._rng.randrange(10**8, 2**31))
                session.send(response("Success", aid, ("Challenge", session.challenge)))
            return True
        if not session.authenticated:
            session.send(response("Error", aid, ("Message", "Permission denied")))
            return True
        if self.directory.handle(name, session, msg, aid):
            await session.flushed()
            return True
        handler = self._handlers.get(name)
        if handler is None:
            text = (
                f"Invalid/unknown command: {action}."
                " Use Action: ListCommands to show available commands."
            )
            session.send(response("Error", aid, ("Message", text)))
            return True
        handler(self, session, msg, aid)
        await session.flushed()
        return True

    async def _login(self, session: Session, msg: Message) -> bool:
        aid = msg.action_id
        if session.authenticated:
            session.send(response("Success", aid, ("Message", "Already authenticated")))
            return True
        user_ok = (msg.get("Username") or "") == self.username
        if (msg.get("AuthType") or "").lower() == "md5":
            expected = hashlib.md5(((session.challenge or "") + self.secret).encode()).hexdigest()
            ok = user_ok and session.challenge is not None and msg.get("Key") == expected
        else:
            ok = user_ok and msg.get("Secret") == self.secret
        if not ok:
            await asyncio.sleep(self.auth_fail_delay)
            session.send(response("Error", aid, ("Message", "Authentication failed")))
            session.close_after_flush()
            await session.flushed()
            return False
        session.authenticated = True
        session.event_mask = parse_event_mask(msg.get("Events"))
        session.send(response("Success", aid, ("Message", "Authentication accepted")))
        if not self.faults.stalled:
            uptime = int(self.clock() - self._started_at)
            self._send_event(session, self.engine.ev.fully_booted(uptime))
            if self.flavor != "1.8":
                self._send_event(session, self._successful_auth(session))
        await session.flushed()
        return True

    def _successful_auth(self, session: Session) -> Event:
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000+0000", time.gmtime(self.clock()))
        local = session.writer.get_extra_info("sockname") or ("127.0.0.1", self.port)
        remote = session.writer.get_extra_info("peername") or ("127.0.0.1", 0)
        return (
            "security",
            [
                ("Event", "SuccessfulAuth"),
                ("Privilege", "security,all"),
                ("EventTV", now),
                ("Severity", "Informational"),
                ("Service", "AMI"),
                ("EventVersion", "1"),
                ("AccountID", self.username),
                ("SessionID", hex(id(session))),
                ("LocalAddress", f"IPV4/TCP/{local[0]}/{local[1]}"),
                ("RemoteAddress", f"IPV4/TCP/{remote[0]}/{remote[1]}"),
                ("UsingPassword", "0"),
                ("SessionTV", now),
            ],
        )

    # -- actions after login ------------------------------------------------------------

    def _ping(self, session: Session, msg: Message, aid: str | None) -> None:
        now = self.clock()
        session.send(response("Success", aid, ("Ping", "Pong"), ("Timestamp", f"{now:.6f}")))

    def _events(self, session: Session, msg: Message, aid: str | None) -> None:
        session.event_mask = parse_event_mask(msg.get("EventMask"))
        state = "On" if session.event_mask else "Off"
        session.send(response("Success", aid, ("Events", state)))

    def _command(self, session: Session, msg: Message, aid: str | None) -> None:
        if "command" in self.directory.denied:  # an AMI user without write=command
            session.send(response("Error", aid, ("Message", "Permission denied")))
            return
        if (msg.get("Command") or "").split() == ["features", "show"]:
            lines, ok = self.directory.features_show(), True
        else:
            lines, ok = run_command(self.engine, msg.get("Command") or "")
        session.send(command_reply(self.flavor, aid, lines, ok))

    def _core_show_channels(self, session: Session, msg: Message, aid: str | None) -> None:
        session.send(lists.core_show_channels(self.engine, aid))

    def _status(self, session: Session, msg: Message, aid: str | None) -> None:
        session.send(lists.status(self.engine, aid, msg.get("Channel")))

    def _originate(self, session: Session, msg: Message, aid: str | None) -> None:
        channel = msg.get("Channel") or ""
        resolved = self.engine.originate_device(channel)
        if isinstance(resolved, str):
            session.send(response("Error", aid, ("Message", resolved)))
            return
        context, exten = msg.get("Context") or "", msg.get("Exten") or ""
        if not exten:
            session.send(response("Error", aid, ("Message", "Exten not specified")))
            return
        session.send(response("Success", aid, ("Message", "Originate successfully queued")))
        if self.originate_ring_seconds is None:
            self.engine.originate(channel, context, exten, msg.get("CallerID"), aid)
            return
        # The phone rings for a while before it answers (or rings out), as a real one does.
        ringing = self.engine.originate_ring(channel, context, exten, msg.get("CallerID"), aid)
        self._spawn(self._complete_originate(ringing))

    async def _complete_originate(self, ringing: RingingOriginate) -> None:
        await asyncio.sleep(self.originate_ring_seconds or 0.0)
        self.engine.originate_complete(ringing, self.originate_answers)
        await self.flush()

    def _spawn(self, coro) -> None:  # type: ignore[no-untyped-def]
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _redirect(self, session: Session, msg: Message, aid: str | None) -> None:
        name = msg.get("Channel") or ""
        for header, text in (
            ("Channel", "Channel not specified"),
            ("Context", "Context not specified"),
            ("Exten", "Exten not specified"),
        ):
            if not msg.get(header):
                session.send(response("Error", aid, ("Message", text)))
                return
        ch = self.engine.find_channel(name)
        if ch is None:
            session.send(response("Error", aid, ("Message", f"Channel does not exist: {name}")))
            return
        session.send(response("Success", aid, ("Message", "Redirect successful")))
        # A parked caller sent elsewhere has left its slot (the ParkedCalls list).
        parked = self.directory.parked
        for slot in [slot for slot, name in parked.items() if name == ch.name]:
            del parked[slot]
        self.engine.redirect(ch, msg.get("Context") or "", msg.get("Exten") or "")

    def _filter(self, session: Session, msg: Message, aid: str | None) -> None:
        if self.flavor == "1.8":  # the Filter action came with Asterisk 10
            text = (
                "Invalid/unknown command: Filter."
                " Use Action: ListCommands to show available commands."
            )
            session.send(response("Error", aid, ("Message", text)))
            return
        if not self.filter_allowed:  # Filter needs the `system` write permission
            session.send(response("Error", aid, ("Message", "Permission denied")))
            return
        pattern = msg.get("Filter") or ""
        if (msg.get("Operation") or "").lower() != "add" or not pattern.lstrip("!"):
            session.send(response("Error", aid, ("Message", "Unknown operation")))
            return
        try:
            compiled = re.compile(pattern.lstrip("!"))
        except re.error:
            session.send(response("Error", aid, ("Message", "Filter Add Failed")))
            return
        (session.exclude if pattern.startswith("!") else session.include).append(compiled)
        session.send(response("Success", aid, ("Message", "Filter Added Successfully")))

    def _hangup(self, session: Session, msg: Message, aid: str | None) -> None:
        ch = self.engine.find_channel(msg.get("Channel") or "")
        if ch is None:
            session.send(response("Error", aid, ("Message", "No such channel")))
            return
        session.send(response("Success", aid, ("Message", "Channel Hungup")))
        self.engine.hangup_channel(ch)

    _handlers: ClassVar[dict[str, Callable[[PbxSimulator, Session, Message, str | None], None]]] = {
        "ping": _ping,
        "events": _events,
        "command": _command,
        "coreshowchannels": _core_show_channels,
        "status": _status,
        "originate": _originate,
        "redirect": _redirect,
        "hangup": _hangup,
        "filter": _filter,
    }
