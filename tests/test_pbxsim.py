"""The MyPBX simulator against raw sockets and the recorded captures of real servers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import socket
from pathlib import Path

import pytest

from screenpop.ami import AmiDecoder, Banner, Message
from screenpop.ami.actions import encode_action
from screenpop.pbxsim import PbxSimulator
from screenpop.pbxsim.__main__ import main as pbxsim_main
from screenpop.pbxsim.demo import run_demo

CAPTURES = Path(__file__).parent / "fixtures" / "captures"

# Events the simulator does not reproduce (device state, connected-line and dialplan noise).
NOISE = {
    "VarSet",
    "Newexten",
    "NewAccountCode",
    "NewCallerid",
    "NewConnectedLine",
    "DeviceStateChange",
    "SoftHangupRequest",
    "SuccessfulAuth",
}


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 8))


class Client:
    """A raw AMI client: bytes out, AmiDecoder in."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.decoder = AmiDecoder()
        self.raw = b""
        self.pending: list[Message | Banner] = []

    @classmethod
    async def connect(cls, sim: PbxSimulator) -> Client:
        return cls(*await asyncio.open_connection("127.0.0.1", sim.port))

    def send(self, *pairs: tuple[str, str]) -> None:
        self.writer.write(encode_action(list(pairs)))

    async def next(self, timeout: float = 2.0) -> Message | Banner | None:
        """The next message, or None at EOF."""
        while not self.pending:
            data = await asyncio.wait_for(self.reader.read(65536), timeout)
            if not data:
                return None
            self.raw += data
            self.decoder.receive_data(data)
            self.pending.extend(self.decoder.messages())
        return self.pending.pop(0)

    async def until(self, pred, timeout: float = 2.0) -> list[Message]:
        out = []
        while True:
            msg = await self.next(timeout)
            assert msg is not None, f"EOF before the expected message; got {out}"
            if isinstance(msg, Message):
                out.append(msg)
                if pred(msg):
                    return out

    async def reply(self, action_id: str) -> Message:
        msgs = await self.until(lambda m: m.response is not None and m.action_id == action_id)
        return msgs[-1]

    async def login(self, events: str = "on", action_id: str = "login") -> Message:
        banner = await self.next()
        assert isinstance(banner, Banner)
        self.send(
            ("Action", "Login"),
            ("Username", "admin"),
            ("Secret", "password"),
            ("Events", events),
            ("ActionID", action_id),
        )
        return await self.reply(action_id)

    async def read_to_eof(self, timeout: float = 2.0) -> list[Message]:
        out = []
        while (msg := await self.next(timeout)) is not None:
            if isinstance(msg, Message):
                out.append(msg)
        return out

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


def capture_messages(name: str) -> list[Message]:
    decoder = AmiDecoder()
    decoder.receive_data((CAPTURES / f"{name}.bin").read_bytes())
    return [m for m in decoder.messages() if isinstance(m, Message)]


def shape(messages: list[Message]) -> list[tuple[str, ...]]:
    """Kind and header names, in order, of every message that is not noise."""
    out = []
    for m in messages:
        if m.event in NOISE:
            continue
        out.append((m.headers[0][1], *(name for name, _ in m.headers)))
    return out


KEYS = ("Channel", "Destination", "DestChannel", "Dialstring", "DialString", "DialStatus")


def key_values(messages: list[Message]) -> list[tuple[str | None, ...]]:
    return [
        (m.headers[0][1], *(m.get(k) for k in KEYS), m.get("Cause"), m.get("Message"))
        for m in messages
        if m.event not in NOISE
    ]


def between(messages: list[Message], first_aid: str, last_aid: str) -> list[Message]:
    """From the reply to `first_aid` up to (not including) the reply to `last_aid`."""
    start = next(i for i, m in enumerate(messages) if m.action_id == first_aid)
    end = next(i for i, m in enumerate(messages) if m.action_id == last_aid)
    return messages[start:end]


async def replay(sim: PbxSimulator, name: str) -> tuple[Client, list[Message]]:
    client = await Client.connect(sim)
    client.writer.write((CAPTURES / f"{name}.tx.bin").read_bytes())
    return client, await client.read_to_eof()


# -- login ------------------------------------------------------------------------------


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_login_and_logoff_match_capture(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client, got = await replay(sim, f"{prefix}_01_login_ok")
            await client.close()
            return client.raw, got

    raw, got = run(go())
    expected = (CAPTURES / f"{prefix}_01_login_ok.bin").read_bytes()
    if flavor == "1.8":
        assert raw == expected
    else:
        assert raw.split(b"\r\n", 1)[0] == b"Asterisk Call Manager/9.0.0"
        assert shape(got) == shape(capture_messages(f"{prefix}_01_login_ok"))
        booted = next(m for m in got if m.event == "FullyBooted")
        assert [n for n, _ in booted.headers] == [
            "Event",
            "Privilege",
            "Uptime",
            "LastReload",
            "Status",
        ]


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_failed_login_waits_then_closes_like_capture(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor, auth_fail_delay=0.05) as sim:
            loop = asyncio.get_running_loop()
            client = await Client.connect(sim)
            started = loop.time()
            client.writer.write((CAPTURES / f"{prefix}_02_login_failed.tx.bin").read_bytes())
            await client.read_to_eof()
            elapsed = loop.time() - started
            await client.close()
            return client.raw, elapsed

    raw, elapsed = run(go())
    assert raw == (CAPTURES / f"{prefix}_02_login_failed.bin").read_bytes()
    assert elapsed >= 0.04


def test_md5_login_and_wrong_key():
    async def go():
        async with PbxSimulator(auth_fail_delay=0.01) as sim:
            client = await Client.connect(sim)
            await client.next()
            client.send(("Action", "Challenge"), ("AuthType", "MD5"), ("ActionID", "c"))
            challenge = (await client.reply("c")).get("Challenge")
            assert challenge and challenge.isdigit()
            key = hashlib.md5((challenge + "password").encode()).hexdigest()
            client.send(
                ("Action", "Login"),
                ("AuthType", "MD5"),
                ("Username", "admin"),
                ("Key", key),
                ("ActionID", "l"),
            )
            ok = await client.reply("l")
            await client.close()

            bad = await Client.connect(sim)
            await bad.next()
            bad.send(("Action", "Challenge"), ("AuthType", "MD5"), ("ActionID", "c"))
            await bad.reply("c")
            bad.send(
                ("Action", "Login"),
                ("AuthType", "MD5"),
                ("Username", "admin"),
                ("Key", "0" * 32),
                ("ActionID", "l"),
            )
            failed = await bad.read_to_eof()
            await bad.close()
            return ok, failed

    ok, failed = run(go())
    assert ok.get("Response") == "Success"
    assert ok.get("Message") == "Authentication accepted"
    assert [m.get("Message") for m in failed] == ["Authentication failed"]


def test_permission_denied_unknown_action_and_bare_lf():
    async def go():
        async with PbxSimulator() as sim:
            client = await Client.connect(sim)
            await client.next()
            client.writer.write(b"Action: Ping\nActionID: early\n\n")
            denied = await client.reply("early")
            client.writer.write(
                b"Action: Login\nUsername: admin\nSecret: password\nEvents: off\nActionID: l\n\n"
            )
            await client.reply("l")
            client.writer.write(b"Action: Ping\nActionID: p\n\nAction: Frobnicate\nActionID: u\n\n")
            ping = await client.reply("p")
            unknown = await client.reply("u")
            await client.close()
            return denied, ping, unknown

    denied, ping, unknown = run(go())
    assert (denied.get("Response"), denied.get("Message")) == ("Error", "Permission denied")
    assert [n for n, _ in ping.headers] == ["Response", "ActionID", "Ping", "Timestamp"]
    assert ping.get("Ping") == "Pong"
    assert unknown.get("Message") == (
        "Invalid/unknown command: Frobnicate. Use Action: ListCommands to show available commands."
    )


def test_event_mask_filters_categories():
    async def go():
        async with PbxSimulator() as sim:
            off, cdr = await Client.connect(sim), await Client.connect(sim)
            await off.login("off")
            await cdr.login("cdr")
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            await sim.hangup(call)
            off.send(("Action", "Ping"), ("ActionID", "p"))
            cdr.send(("Action", "Ping"), ("ActionID", "p"))
            got_off, got_cdr = (
                await off.until(lambda m: m.action_id == "p"),
                await cdr.until(lambda m: m.action_id == "p"),
            )
            await off.close()
            await cdr.close()
            return got_off, got_cdr

    got_off, got_cdr = run(go())
    assert [m.event for m in got_off if m.event] == []
    assert [m.event for m in got_cdr if m.event] == ["Cdr"]


# -- Command ----------------------------------------------------------------------------


def _command_frame(raw: bytes, action_id: str) -> bytes:
    start = raw.index(b"ActionID: " + action_id.encode() + b"\r\n")
    start = raw.rindex(b"Response: ", 0, start)
    return raw[start : raw.index(b"\r\n\r\n", start) + 4]


def _normalise(data: bytes) -> list[bytes]:
    data = re.sub(rb"-[0-9a-f]{8}\b", b"-X", data)
    data = re.sub(rb"\d+ calls? processed", b"N processed", data)
    data = re.sub(rb"!\d+!(\(None\))?!\d+\.\d+", rb"!D!\1!UID", data)
    lines = data.split(b"\n")
    # Asterisk lists channels in hash order: compare the channel rows as a set.
    return lines[:1] + sorted(lines[1:])


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_command_replies_match_capture(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client = await Client.connect(sim)
            await client.login("off")
            client.send(
                ("Action", "Originate"),
                ("Channel", "SIP/503"),
                ("Context", "DLPN_DialPlan503"),
                ("Exten", "474"),
                ("Priority", "1"),
                ("CallerID", "503 <503>"),
                ("ActionID", "o"),
            )
            await client.reply("o")
            for aid, cmd in (
                ("cmd-1", "core show channels"),
                ("cmd-2", "core show channels concise"),
                ("cmd-5", "core show channel SIP/doesnotexist-00000000"),
                ("cmd-6", "core show version"),
            ):
                client.send(("Action", "Command"), ("Command", cmd), ("ActionID", aid))
                await client.reply(aid)
            await client.close()
            return client.raw

    raw = run(go())
    expected = (CAPTURES / f"{prefix}_05_command_core_show_channels.bin").read_bytes()
    for aid in ("cmd-1", "cmd-2"):
        assert _normalise(_command_frame(raw, aid)) == _normalise(_command_frame(expected, aid))
    for aid in ("cmd-5", "cmd-6"):
        assert _command_frame(raw, aid) == _command_frame(expected, aid)


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_dahdi_show_channel_and_unknown_command(flavor):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client = await Client.connect(sim)
            await client.login("off")
            out = {}
            for aid, cmd in (
                ("ext", "dahdi show channel 5"),
                ("trunk", "dahdi show channel 1"),
                ("none", "dahdi show channel 65"),
                ("bad", "core frob it"),
            ):
                client.send(("Action", "Command"), ("Command", cmd), ("ActionID", aid))
                out[aid] = await client.reply(aid)
            await client.close()
            return out

    out = run(go())
    assert "Signalling Type: FXO Kewlstart" in out["ext"].command_output()
    assert "Signalling Type: FXS Kewlstart" in out["trunk"].command_output()
    assert out["none"].command_output() == [
        "Unable to find given channel 65",
        "Command 'dahdi show channel 65' failed.",
    ]
    assert out["bad"].command_output() == [
        "No such command 'core frob it' (type 'core show help core frob it' for other possible"
        " commands)"
    ]
    if flavor == "20":
        assert out["none"].get("Response") == "Error"
    else:
        assert out["none"].get("Response") == "Follows"


# -- calls ------------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_incoming_call_ring_group_answer_and_hangup(flavor):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client = await Client.connect(sim)
            await client.login()
            call = await sim.incoming_call("13800138000", "张伟", ["474", "475"])
            assert len(sim.channels) == 3
            await sim.answer(call, "475")
            assert len(sim.channels) == 2
            await sim.hangup(call)
            assert not sim.calls and not sim.channels
            msgs = await client.until(
                lambda m: (
                    (m.event == "Cdr" and flavor == "1.8")
                    or (
                        m.event == "Hangup"
                        and m.get("Channel", "").startswith("SIP/475")
                        and flavor == "20"
                    )
                )
            )
            if flavor == "1.8":
                msgs += await client.until(
                    lambda m: m.event == "Hangup" and "trunk" in m.get("Channel", "")
                )
            await client.close()
            return call, [m for m in msgs if m.event not in NOISE and m.event != "FullyBooted"]

    call, msgs = run(go())
    names = [m.event for m in msgs]
    caller = call.caller
    assert re.fullmatch(r"SIP/trunk-sps-test1-[0-9a-f]{8}", caller.name)
    assert re.fullmatch(r"\d{10}\.\d+", caller.uniqueid)
    assert msgs[0].event == "Newchannel" and msgs[0].get("CallerIDName") == "张伟"
    assert msgs[1].event == "Newstate" and msgs[1].get("ChannelState") == "4"
    if flavor == "1.8":
        dials = [m for m in msgs if m.event == "Dial" and m.get("SubEvent") == "Begin"]
        assert [m.get("Dialstring") for m in dials] == ["474", "475"]
        assert {m.get("UniqueID") for m in dials} == {caller.uniqueid}
        assert all(m.get("CallerIDNum") == "13800138000" for m in dials)
        lost = next(m for m in msgs if m.event == "Hangup")
        assert lost.get("Channel").startswith("SIP/474-") and lost.get("Cause") == "26"
        assert "Bridge" in names and "Unlink" in names
        ends = [m.get("DialStatus") for m in msgs if m.get("SubEvent") == "End"]
        assert ends == ["ANSWER"]
    else:
        begins = [m for m in msgs if m.event == "DialBegin"]
        assert [m.get("DestChannel")[:8] for m in begins] == ["SIP/474-", "SIP/475-"]
        ends = [
            (m.get("DestChannel")[:8], m.get("DialStatus")) for m in msgs if m.event == "DialEnd"
        ]
        assert ends == [("SIP/475-", "ANSWER"), ("SIP/474-", "CANCEL")]
        i = names.index("DialEnd")
        assert names[i + 2] == "Hangup" and msgs[i + 2].get("Cause") == "26"
        assert names.count("BridgeEnter") == 2 and "BridgeDestroy" in names
    cdr = [m for m in msgs if m.event == "Cdr"][-1]  # 20: the answered leg's comes last
    assert cdr.get("Disposition") == "ANSWERED"
    assert cdr.get("UniqueID") == caller.uniqueid


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_caller_gives_up_cdr_no_answer(flavor):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client = await Client.connect(sim)
            await client.login("call,cdr")
            call = await sim.incoming_call("+34911234567", "José O'Brien", ["201"])
            await sim.hangup(call)
            msgs = await client.until(
                lambda m: (
                    m.event == "Cdr"
                    if flavor == "1.8"
                    else m.event == "Hangup" and "trunk" in m.get("Channel")
                )
            )
            await client.close()
            return msgs

    msgs = run(go())
    cdr = next(m for m in msgs if m.event == "Cdr")
    assert cdr.get("Disposition") == "NO ANSWER" and cdr.get("BillableSeconds") == "0"
    first = msgs[0]
    expected_name = "José O\\'Brien" if flavor == "20" else "José O'Brien"
    assert first.get("CallerIDName") == expected_name
    status = [m.get("DialStatus") for m in msgs if m.event in ("Dial", "DialEnd")]
    status = [s for s in status if s]
    assert status == ["CANCEL"]


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_redirect_of_calling_channel_matches_capture(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client, got = await replay(sim, f"{prefix}_03_call_redirect_calling_channel")
            await client.close()
            return sim, got

    sim, got = run(go())
    expected = capture_messages(f"{prefix}_03_call_redirect_calling_channel")
    mine = between(got, "orig-caller", "cmd-show-channels-after")
    theirs = between(expected, "orig-caller", "cmd-show-channels-after")
    assert shape(mine) == shape(theirs)
    assert key_values(mine) == key_values(theirs)
    redirect = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
    assert redirect[0].get("Channel") == "SIP/503-00000000"
    # Same caller Uniqueid before and after the transfer.
    dials = [m for m in mine if m.event == "DialBegin" or m.get("SubEvent") == "Begin"]
    dials = [m for m in dials if m.get("Channel")]
    uid = "UniqueID" if flavor == "1.8" else "Uniqueid"
    assert len({m.get(uid) for m in dials}) == 1 and len(dials) == 2


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_redirect_of_called_channel_matches_capture(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            # The capture was the second call on that server: line the counters up.
            sim.engine.channel_counter = sim.engine.uniqueid_counter = 3
            client, got = await replay(sim, f"{prefix}_04_call_redirect_called_channel")
            await client.close()
            return got

    got = run(go())
    expected = capture_messages(f"{prefix}_04_call_redirect_called_channel")
    mine = between(got, "redirect-callee", "cmd-show-channels-after")
    theirs = between(expected, "redirect-callee", "cmd-show-channels-after")
    if flavor == "20":
        # 20 reports the caller's Cdr/Hangup and 306's Newstate in a racy order.
        assert sorted(shape(mine)) == sorted(shape(theirs))
        assert sorted(key_values(mine), key=str) == sorted(key_values(theirs), key=str)
    else:
        assert shape(mine) == shape(theirs)
        assert key_values(mine) == key_values(theirs)
        renames = [m.get("Newname") for m in mine if m.event == "Rename"]
        assert renames == [
            "SIP/474-00000004<MASQ>",
            "SIP/474-00000004",
            "AsyncGoto/SIP/474-00000004<ZOMBIE>",
        ]


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_answered_call_matches_capture(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            sim.engine.channel_counter = 10
            sim.engine.uniqueid_counter = 11
            client = await Client.connect(sim)
            await client.login()
            client.send(
                ("Action", "Originate"),
                ("Channel", "SIP/503"),
                ("Context", "DLPN_DialPlan503"),
                ("Exten", "474"),
                ("Priority", "1"),
                ("CallerID", "503 <503>"),
                ("ActionID", "orig-ans"),
            )
            await client.reply("orig-ans")
            await client.until(
                lambda m: (
                    (
                        m.event in ("Newstate", "DialState")
                        and m.get("Channel", "").startswith("SIP/474")
                    )
                    or (
                        m.get("DialStatus") == "RINGING"
                        and m.get("DestChannel", "").startswith("SIP/474")
                    )
                )
            )
            await sim.answer(sim.calls[0], "474")
            client.send(
                ("Action", "Hangup"), ("Channel", "SIP/474-0000000b"), ("ActionID", "hangup-ans")
            )
            client.send(("Action", "Logoff"), ("ActionID", "logoff"))
            got = await client.read_to_eof()
            await client.close()
            return got

    got = run(go())
    expected = capture_messages(f"{prefix}_07_call_answered_then_hangup")

    def after_answer(messages):
        start = next(
            i
            for i, m in enumerate(messages)
            if m.get("ChannelState") == "6" and m.get("Channel", "").startswith("SIP/474")
        )
        return [m for m in messages[start:] if m.action_id not in ("list-ans-cleanup", "logoff")]

    got, theirs = after_answer(got), after_answer(expected)
    assert shape(got) == shape(theirs)
    assert key_values(got) == key_values(theirs)


def test_analog_and_outbound_calls():
    async def go():
        async with PbxSimulator() as sim:
            client = await Client.connect(sim)
            await client.login("call")
            analog = await sim.analog_call("13800138000", "Li", port=5)
            client.send(
                ("Action", "Command"), ("Command", "dahdi show channel 5"), ("ActionID", "d")
            )
            msgs = await client.until(lambda m: m.action_id == "d")
            await sim.hangup(analog)
            out = await sim.outbound_call("503", "013800138000", trunk="trunk-sps-test1")
            msgs += await client.until(lambda m: m.get("SubEvent") == "Begin")
            await sim.hangup(out)
            await client.close()
            return msgs

    msgs = run(go())
    dials = [m for m in msgs if m.get("SubEvent") == "Begin"]
    assert dials[0].get("Destination") == "DAHDI/5-1"
    assert dials[1].get("Dialstring") == "trunk-sps-test1/013800138000"
    assert re.fullmatch(r"SIP/trunk-sps-test1-[0-9a-f]{8}", dials[1].get("Destination"))
    assert (
        "Owner: DAHDI/5-1"
        in msgs[
            -len(msgs) + msgs.index(next(m for m in msgs if m.action_id == "d"))
        ].command_output()
    )


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_originate_failures_and_unknown_channels(flavor):
    async def go():
        async with PbxSimulator(flavor=flavor, extensions=["503", "474"]) as sim:
            client = await Client.connect(sim)
            await client.login("call")
            replies = {}
            for aid, action in (
                (
                    "bad-ext",
                    [
                        ("Action", "Originate"),
                        ("Channel", "SIP/999"),
                        ("Context", "x"),
                        ("Exten", "474"),
                    ],
                ),
                (
                    "bad-tech",
                    [
                        ("Action", "Originate"),
                        ("Channel", "Foo/503"),
                        ("Context", "x"),
                        ("Exten", "474"),
                    ],
                ),
                (
                    "redirect",
                    [
                        ("Action", "Redirect"),
                        ("Channel", "SIP/1-00000000"),
                        ("Context", "c"),
                        ("Exten", "306"),
                        ("Priority", "1"),
                    ],
                ),
                ("hangup", [("Action", "Hangup"), ("Channel", "SIP/1-00000000")]),
            ):
                client.send(*action, ("ActionID", aid))
                replies[aid] = await client.reply(aid)
            sim.originate_answers = False
            client.send(
                ("Action", "Originate"),
                ("Channel", "SIP/503"),
                ("Context", "c"),
                ("Exten", "474"),
                ("ActionID", "na"),
            )
            msgs = await client.until(lambda m: m.event == "OriginateResponse")
            await client.close()
            return replies, msgs[-1], sim.channels

    replies, failure, channels = run(go())
    assert replies["bad-ext"].get("Message") == "Originate failed"
    assert replies["bad-tech"].get("Message") == "Originate failed"
    assert replies["redirect"].get("Message") == "Channel does not exist: SIP/1-00000000"
    assert (replies["hangup"].get("Response"), replies["hangup"].get("Message")) == (
        "Error",
        "No such channel",
    )
    assert failure.headers[2] == ("ActionID", "na")
    assert (failure.get("Response"), failure.get("Reason")) == ("Failure", "3")
    assert not channels


@pytest.mark.parametrize("flavor,prefix", [("1.8", "old"), ("20", "new")])
def test_core_show_channels_and_status_lists(flavor, prefix):
    async def go():
        async with PbxSimulator(flavor=flavor) as sim:
            client = await Client.connect(sim)
            await client.login("off")
            await sim.internal_call("503", "474")
            client.send(("Action", "CoreShowChannels"), ("ActionID", "csc-1"))
            csc = await client.until(lambda m: m.event == "CoreShowChannelsComplete")
            client.send(("Action", "Status"), ("ActionID", "status-1"))
            status = await client.until(lambda m: m.event == "StatusComplete")
            await client.close()
            return csc, status

    csc, status = run(go())
    capture = capture_messages(f"{prefix}_05_command_core_show_channels")
    theirs = [m for m in capture if m.action_id == "csc-1"]
    assert [[n for n, _ in m.headers] for m in csc] == [[n for n, _ in m.headers] for m in theirs]
    assert csc[-1].get("ListItems") == "2"
    assert status[-1].get("Items") == "2"
    assert {m.get("Channel")[:8] for m in status if m.event == "Status"} == {"SIP/503-", "SIP/474-"}
    old = capture_messages(f"{prefix}_03_call_redirect_calling_channel")
    ack = next(m for m in old if m.action_id == "status-1")
    assert [n for n, _ in status[0].headers] == [n for n, _ in ack.headers]


# -- faults -----------------------------------------------------------------------------


def test_drop_clients_mid_frame_and_restart():
    async def go():
        async with PbxSimulator() as sim:
            client = await Client.connect(sim)
            await client.login()
            await sim.incoming_call("13800138000", "张伟", ["474"])
            await client.until(lambda m: m.event == "Newstate" and m.get("ChannelState") == "5")
            await sim.drop_clients(mid_frame=True)
            assert await client.read_to_eof() == []
            tail = client.raw[client.raw.rindex(b"\r\n\r\n") + 4 :]
            await client.close()
            port = sim.port
            again = await Client.connect(sim)
            await again.login("off")
            await sim.restart(keep_calls=True)
            assert await again.read_to_eof() == []
            await again.close()
            third = await Client.connect(sim)
            await third.login("off")
            third.send(("Action", "CoreShowChannels"), ("ActionID", "c"))
            listed = await third.until(lambda m: m.event == "CoreShowChannelsComplete")
            await third.close()
            await sim.restart(keep_calls=False)
            return tail, port, sim.port, listed, sim.channels

    tail, port, port_after, listed, channels = run(go())
    assert tail.startswith(b"Event: ") and not tail.endswith(b"\r\n")
    assert port == port_after
    assert listed[-1].get("ListItems") == "2"
    assert not channels


def test_drop_on_action_and_ignore_pings():
    async def go():
        async with PbxSimulator() as sim:
            client = await Client.connect(sim)
            await client.login("off")
            sim.drop_on_action("Redirect")
            client.send(
                ("Action", "Redirect"),
                ("Channel", "SIP/1-0"),
                ("Context", "c"),
                ("Exten", "1"),
                ("Priority", "1"),
                ("ActionID", "r"),
            )
            dropped = await client.read_to_eof()
            await client.close()

            quiet = await Client.connect(sim)
            await quiet.login("off")
            sim.ignore_pings(True)
            quiet.send(("Action", "Ping"), ("ActionID", "p"))
            quiet.send(("Action", "Command"), ("Command", "core show version"), ("ActionID", "v"))
            seen = await quiet.until(lambda m: m.action_id == "v")
            await quiet.close()
            return dropped, seen, sim.actions_received

    dropped, seen, received = run(go())
    assert dropped == []
    assert [m.action_id for m in seen] == ["v"]
    assert any(m.get("Action") == "Redirect" for m in received)


def test_stall_send_raw_and_slow_drip():
    async def go():
        async with PbxSimulator() as sim:
            sim.stall(True)
            client = await Client.connect(sim)
            with pytest.raises(asyncio.TimeoutError):
                await client.next(timeout=0.1)
            sim.stall(False)
            assert isinstance(await client.next(), Banner)
            client.send(
                ("Action", "Login"),
                ("Username", "admin"),
                ("Secret", "password"),
                ("ActionID", "l"),
            )
            await client.reply("l")
            await client.until(lambda m: m.event == "FullyBooted")
            sim.stall(True)
            client.send(("Action", "Ping"), ("ActionID", "p1"))
            await sim.incoming_call("1", "x", ["474"])
            with pytest.raises(asyncio.TimeoutError):
                await client.next(timeout=0.1)
            sim.stall(False)

            garbage = b"\xff\xfe garbage \xc0\r\n\r\n"
            await sim.send_raw(garbage)
            got = await client.next()
            assert client.raw.endswith(garbage) and isinstance(got, Message)

            sim.slow_drip(True)
            reads = 0
            client.send(("Action", "Ping"), ("ActionID", "p2"))
            decoder = AmiDecoder(expect_banner=False)
            while not (msgs := decoder.messages()):
                chunk = await asyncio.wait_for(client.reader.read(65536), 2)
                decoder.receive_data(chunk)
                reads += 1
            await client.close()
            return reads, msgs[0]

    reads, pong = run(go())
    assert pong.action_id == "p2"
    assert reads > 3


def test_multiple_clients_all_get_events():
    async def go():
        async with PbxSimulator() as sim:
            clients = [await Client.connect(sim) for _ in range(3)]
            for c in clients:
                await c.login("call")
            await sim.internal_call("503", "474")
            got = [await c.until(lambda m: m.get("SubEvent") == "Begin") for c in clients]
            for c in clients:
                await c.close()
            return got

    for msgs in run(go()):
        assert msgs[-1].get("Destination").startswith("SIP/474-")


# -- demo and command line ----------------------------------------------------------------


def test_demo_places_calls_and_cleans_up():
    import random

    async def go():
        async with PbxSimulator() as sim:
            client = await Client.connect(sim)
            await client.login("call")
            stop = asyncio.Event()
            demo = asyncio.get_running_loop().create_task(
                run_demo(
                    sim,
                    extensions=["201", "202"],
                    interval=0.05,
                    stop_event=stop,
                    rng=random.Random(7),
                )
            )
            first = await client.until(lambda m: m.get("SubEvent") == "Begin")
            await asyncio.sleep(0.2)
            stop.set()
            await demo
            await sim.flush()
            remaining = sim.channels
            await client.close()
            return first, remaining, " ".join(str(t.get_coro()) for t in asyncio.all_tasks())

    first, remaining, tasks = run(go())
    assert first
    assert not remaining
    assert "_one_call" not in tasks


def test_command_line_port_in_use(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert pbxsim_main(["--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot listen" in err and "Traceback" not in err


def test_demo_rings_only_free_extensions():
    import random

    from screenpop.pbxsim.demo import _one_call

    async def main():
        async with PbxSimulator() as sim:
            call = await sim.incoming_call("0571888", "Li", ["201"])
            await sim.answer(call, "201")
            before = len(sim.calls)
            # 201 is on a call: a demo call for 201 only must not ring it again.
            await asyncio.wait_for(_one_call(sim, ["201"], random.Random(1), "trunk-a"), 2)
            assert len(sim.calls) == before

    run(main())


def test_20_ring_group_sends_one_cdr_per_dialled_leg():
    # Live Asterisk 20: a ring group answered by one member ends with a Cdr per dialled leg,
    # the unanswered ones first, all with the same StartTime; 1.8 sends one.
    async def go(flavor):
        async with PbxSimulator(flavor=flavor) as sim:
            client = await Client.connect(sim)
            await client.login()
            call = await sim.incoming_call("13800138000", "张伟", ["474", "475"])
            await sim.answer(call, "475")
            await sim.hangup(call)
            msgs = await client.until(
                lambda m: m.event == "Hangup" and m.get("Channel", "").startswith("SIP/475")
                if flavor == "20" else m.event == "Hangup" and "trunk" in m.get("Channel", "")
            )  # fmt: skip
            await client.close()
            return [m for m in msgs if m.event == "Cdr"]

    cdrs = run(go("20"))
    got = [(m.get("DestinationChannel")[:8], m.get("Disposition")) for m in cdrs]
    assert got == [("SIP/474-", "NO ANSWER"), ("SIP/475-", "ANSWERED")]
    assert len({m.get("StartTime") for m in cdrs}) == 1
    assert [m.get("Disposition") for m in run(go("1.8"))] == ["ANSWERED"]
