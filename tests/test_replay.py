"""Our client against the bytes of REAL servers: the captures replayed over TCP.

A replay server answers our login (whatever ActionIDs we use) and then sends what Asterisk
1.8.32.3 and 20.20.1 sent in the recording, in the same TCP read sizes (from the .txt logs).
The client, tracker and `screenpop monitor` must turn those bytes into the right call events.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import re
import sys

import pytest
from conftest import CAPTURES

from screenpop.ami import AmiDecoder
from screenpop.ami.actions import encode_action
from screenpop.calls.events import Ended, Outbound, Ringing
from screenpop.net.client import ConnectOptions
from screenpop.service import CallService

_LINE = re.compile(r"^\[\s*([\d.]+)\] (RX|TX) (b.*)$")


def rx_chunks(name: str) -> list[bytes]:
    """The server's bytes as they came, one entry per recv()."""
    out = []
    text = (CAPTURES / f"{name}.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        m = _LINE.match(line)
        if m and m.group(2) == "RX":
            out.append(ast.literal_eval(m.group(3)))
    assert b"".join(out) == (CAPTURES / f"{name}.bin").read_bytes()  # the log is the capture
    return out


def after_login(chunks: list[bytes]) -> tuple[bytes, list[bytes]]:
    """Split off the banner and the login reply; the rest is what we replay after our login."""
    banner = chunks[0]
    data = b"".join(chunks[1:])
    end = data.index(b"Message: Authentication accepted\r\n\r\n") + len(
        b"Message: Authentication accepted\r\n\r\n"
    )
    pos, replay = len(banner), []
    offset = len(banner) + end
    for chunk in chunks[1:]:
        start, stop = pos, pos + len(chunk)
        pos = stop
        if stop <= offset:
            continue
        replay.append(chunk[max(0, offset - start) :])
    return banner, replay


class ReplayServer:
    def __init__(self, name: str):
        self.banner, self.replay = after_login(rx_chunks(name))
        self.server: asyncio.AbstractServer | None = None
        self.port = 0
        self._writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> ReplayServer:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        assert self.server is not None
        self.server.close()
        for w in self._writers:
            w.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        dec = AmiDecoder(expect_banner=False)
        writer.write(self.banner)
        try:
            while True:
                data = await reader.read(4096)
                if not data:
                    return
                dec.receive_data(data)
                for msg in dec.messages():
                    action = (msg.get("Action") or "").lower()
                    aid = msg.get("ActionID") or ""
                    if action == "challenge":
                        writer.write(_reply(aid, ("Challenge", "123456789")))
                    elif action == "login":
                        writer.write(_reply(aid, ("Message", "Authentication accepted")))
                        for chunk in self.replay:
                            writer.write(chunk)
                            await writer.drain()
                    elif action in ("coreshowchannels", "status"):
                        # The recording's calls start after our login: nothing live yet.
                        writer.write(
                            _reply(aid, ("EventList", "start"), ("Message", "Channels will follow"))
                            + b"Event: CoreShowChannelsComplete\r\nEventList: Complete\r\n"
                            + b"ListItems: 0\r\nActionID: "
                            + aid.encode()
                            + b"\r\n\r\n"
                        )
                    elif action == "logoff":
                        writer.write(
                            _reply(aid, ("Message", "Thanks for all the fish."), kind="Goodbye")
                        )
                        return
                    else:
                        writer.write(_reply(aid, ("Message", "ok")))
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()


def _reply(aid: str, *fields: tuple[str, str], kind: str = "Success") -> bytes:
    pairs = [("Response", kind), ("ActionID", aid), *fields]
    return "".join(f"{k}: {v}\r\n" for k, v in pairs).encode() + b"\r\n"


async def replay_events(name: str, until) -> list:
    events: list = []
    done = asyncio.Event()

    def on_event(e) -> None:
        events.append(e)
        if until(events):
            done.set()

    async with ReplayServer(name) as server:
        service = CallService(
            ConnectOptions(host="127.0.0.1", port=server.port, username="admin", secret="password"),
            on_call_event=on_event,
        )
        task = asyncio.create_task(service.run())
        try:
            await asyncio.wait_for(done.wait(), 10)
        finally:
            await service.stop()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    return events


def _kinds(events):
    return [(type(e).__name__, getattr(e, "extension", None)) for e in events]


@pytest.mark.parametrize("gen", ["old", "new"])
def test_real_ringing_and_transfer_bytes(gen):
    events = asyncio.run(
        replay_events(
            f"{gen}_03_call_redirect_calling_channel", lambda ev: isinstance(ev[-1], Ended)
        )
    )
    assert _kinds(events) == [
        ("Ringing", "474"),
        ("RingEnded", "474"),
        ("Ringing", "306"),
        ("RingEnded", "306"),
        ("Ended", None),
    ]
    ring = events[0]
    assert (ring.caller.number, ring.caller_channel, ring.channel) == (
        "503",
        "SIP/503-00000000",
        "SIP/474-00000001",
    )
    assert {e.call for e in events} == {ring.call}
    # 1.8 cannot tell a transfer done by another program from a hang-up; 20 can.
    assert events[1].reason == ("cancelled" if gen == "old" else "transferred")


@pytest.mark.parametrize("gen", ["old", "new"])
def test_real_trunk_call_bytes_are_outbound(gen):
    events = asyncio.run(
        replay_events(f"{gen}_06_call_external_trunk", lambda ev: isinstance(ev[-1], Ended))
    )
    assert isinstance(events[0], Outbound) and events[0].number == "013800138000"
    assert not [e for e in events if isinstance(e, Ringing)]


@pytest.mark.parametrize("gen", ["old", "new"])
def test_real_answered_call_bytes(gen):
    events = asyncio.run(
        replay_events(f"{gen}_07_call_answered_then_hangup", lambda ev: isinstance(ev[-1], Ended))
    )
    assert _kinds(events) == [("Ringing", "474"), ("Answered", "474"), ("Ended", None)]
    assert events[-1].disposition == "ANSWERED"


def test_monitor_command_on_real_1_8_bytes():
    async def main():
        async with ReplayServer("old_07_call_answered_then_hangup") as server:
            env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENPOP_")}
            env["SCREENPOP_SECRET"] = "password"
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "screenpop",
                "monitor",
                "--port",
                str(server.port),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
            )
            lines = []
            try:
                while len(lines) < 3:
                    line = await asyncio.wait_for(proc.stdout.readline(), 15)
                    assert line, (await proc.stderr.read()).decode()
                    lines.append(json.loads(line))
            finally:
                proc.terminate()
                await proc.wait()
            return lines

    ring, answered, ended = asyncio.run(main())
    assert ring["type"] == "ringing" and ring["extension"] == "474"
    assert ring["caller"] == {"number": "503", "name": "503"}
    assert ring["channel"] == "SIP/474-0000000b" and ring["caller_channel"] == "SIP/503-0000000a"
    assert answered["type"] == "answered" and answered["call"] == ring["call"]
    assert ended["type"] == "ended" and ended["call"] == ring["call"]
    assert (ended["disposition"], ended["duration"], ended["billable"]) == ("ANSWERED", 5, 3)


def test_encode_action_is_what_real_servers_were_sent():
    # The recording client's Login, re-encoded by us, is byte-identical.
    sent = (CAPTURES / "old_01_login_ok.tx.bin").read_bytes()
    first = sent.split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    fields = [tuple(line.split(": ", 1)) for line in first.decode().split("\r\n") if line]
    assert encode_action(fields) == first
