"""`screenpop monitor | dial | transfer` as a user runs them: a real process, real sockets."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time

import pytest

from screenpop.cli import EXIT_ACTION, EXIT_AUTH, EXIT_CONNECT, EXIT_OK, EXIT_USAGE
from screenpop.pbxsim import PbxSimulator

SECRET = "password"


def env(secret: str | None = SECRET) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("SCREENPOP_")}
    if secret is not None:
        e["SCREENPOP_SECRET"] = secret
    return e


async def cli(*args: str, secret: str | None = SECRET) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "screenpop",
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env(secret),
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode, out.decode(), err.decode()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


def conn(sim: PbxSimulator) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(sim.port), "--username", "admin"]


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_monitor_prints_one_json_line_per_event_as_it_happens(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "screenpop",
                "monitor",
                *conn(sim),
                "--extension",
                "474",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env(),
            )
            line = await asyncio.wait_for(proc.stderr.readline(), 20)
            while b"connected" not in line or b"connecting" in line:
                line = await asyncio.wait_for(proc.stderr.readline(), 20)
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            ring = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
            assert ring["type"] == "ringing" and ring["call"] == call.id
            assert ring["extension"] == "474"
            assert ring["caller"] == {"number": "13800138000", "name": "张伟"}
            assert ring["channel"].startswith("SIP/474-")
            assert ring["caller_channel"] == call.caller.name
            assert ring["time"].endswith("+00:00")
            await sim.answer(call, "474")
            answered = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
            assert answered == {**answered, "type": "answered", "call": call.id, "extension": "474"}
            await sim.hangup(call)
            ended = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
            assert ended["type"] == "ended" and ended["call"] == call.id
            assert ended["disposition"] == "ANSWERED"
            assert isinstance(ended["duration"], int) and isinstance(ended["billable"], int)
            # One login: the credential check is made on the connection that is kept.
            actions = [(m.get("Action") or "").lower() for m in sim.actions_received]
            assert actions.count("login") == 1 and "logoff" not in actions, actions
            assert len(sim.sessions) == 1
            proc.terminate()
            await proc.wait()

    run(main())


def test_transfer_command_moves_the_caller():
    async def main():
        async with PbxSimulator() as sim:
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            code, out, err = await cli("transfer", call.caller.name, "306", *conn(sim))
            assert code == EXIT_OK, err
            assert json.loads(out)["type"] == "transferred"
            (redirect,) = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            assert (redirect.get("Channel"), redirect.get("Context"), redirect.get("Exten")) == (
                call.caller.name,
                "DLPN_DialPlan306",
                "306",
            )
            assert "306" in call.legs

    run(main())


@pytest.mark.parametrize("flavor", ["1.8", "20"])
@pytest.mark.parametrize("answered", [False, True], ids=["ringing", "answered"])
def test_transfer_to_an_outside_number_uses_the_calls_extension_dialplan(flavor, answered):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            call = await sim.incoming_call("13800138000", "张伟", ["474"], trunk="carrier")
            if answered:
                await sim.answer(call, "474")
            code, out, err = await cli("transfer", call.caller.name, "013800138000", *conn(sim))
            assert code == EXIT_OK, err
            assert json.loads(out)["type"] == "transferred"
            (redirect,) = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            assert (redirect.get("Context"), redirect.get("Exten")) == (
                "DLPN_DialPlan474",
                "013800138000",
            )
            assert not call.ended  # the caller was moved, not dropped

    run(main())


def test_transfer_to_an_outside_number_without_an_extension_is_refused_before_sending():
    async def main():
        async with PbxSimulator() as sim:
            code, out, err = await cli(
                "transfer", "SIP/carrier-0000001b", "013800138000", *conn(sim)
            )
            assert code == EXIT_USAGE and out == "" and err.count("\n") == 1
            assert "not transferring SIP/carrier-0000001b" in err and "--context" in err
            assert not [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            # With --context the user decides, and it is sent as given.
            code, out, err = await cli(
                "transfer",
                "SIP/carrier-0000001b",
                "013800138000",
                "--context",
                "DLPN_DialPlan474",
                *conn(sim),
            )
            assert code == EXIT_ACTION and "Channel does not exist" in err

    run(main())


def test_transfer_of_unknown_channel_prints_the_pbx_reason():
    async def main():
        async with PbxSimulator() as sim:
            code, out, err = await cli("transfer", "SIP/999-00000000", "306", *conn(sim))
            assert code == EXIT_ACTION and out == ""
            assert err.count("\n") == 1 and "Channel does not exist" in err

    run(main())


def test_dial_command():
    async def main():
        async with PbxSimulator() as sim:
            code, out, err = await cli("dial", "503", "13806012345", *conn(sim))
            assert code == EXIT_OK, err
            line = json.loads(out)
            assert line["type"] == "dialling" and line["channel"].startswith("SIP/503-")
            code, out, err = await cli(
                "dial", "601", "13806012345", "--channel", "DAHDI/5", *conn(sim)
            )
            assert code == EXIT_OK, err
            assert json.loads(out)["channel"] == "DAHDI/5-1"
            channels = [
                m.get("Channel") for m in sim.actions_received if m.get("Action") == "Originate"
            ]
            assert channels == ["SIP/503", "DAHDI/5"]

    run(main())


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_dial_returns_when_the_phone_rings_not_when_it_answers(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            sim.originate_ring_seconds = 25.0  # nobody picks up for longer than the test runs
            sim.originate_answers = False
            # Another call rings 503 at the same time: its leg is not the Originate's channel.
            other = await sim.incoming_call("13800138000", "张伟", ["503"])
            t0 = time.monotonic()
            code, out, err = await cli("dial", "503", "013800138000", *conn(sim))
            elapsed = time.monotonic() - t0
            assert code == EXIT_OK, err
            line = json.loads(out)
            assert set(line) == {"type", "extension", "number", "channel", "time"}
            assert (line["type"], line["extension"], line["number"]) == (
                "dialling",
                "503",
                "013800138000",
            )
            ringing = [ch for ch in sim.channels.values() if ch.state == 5]
            originated = [ch for ch in ringing if ch is not other.legs["503"]]
            assert [ch.name for ch in originated] == [line["channel"]]
            assert line["time"].endswith("+00:00")
            assert elapsed < 15, elapsed  # far below the 25 s the phone keeps ringing

    run(main())


def test_dial_wait_reports_that_nobody_answered():
    async def main():
        async with PbxSimulator() as sim:
            sim.originate_ring_seconds = 0.3
            sim.originate_answers = False
            code, out, err = await cli("dial", "503", "013800138000", "--wait", *conn(sim))
            assert code == EXIT_ACTION and out == ""
            assert err.count("\n") == 1 and "nobody answered" in err
            sim.originate_answers = True
            code, out, err = await cli("dial", "503", "013800138000", "--wait", *conn(sim))
            assert code == EXIT_OK, err
            line = json.loads(out)
            assert line["type"] == "dialled" and line["channel"].startswith("SIP/503-")

    run(main())


def test_dial_refused_by_the_pbx_exits_1_at_once():
    async def main():
        async with PbxSimulator(extensions=["201", "202"]) as sim:
            sim.originate_ring_seconds = 25.0
            t0 = time.monotonic()
            code, out, err = await cli("dial", "503", "013800138000", *conn(sim))
            assert code == EXIT_ACTION and out == "" and "Originate failed" in err
            assert time.monotonic() - t0 < 15

    run(main())


def test_wrong_secret_exit_code_and_no_secret_in_output():
    async def main():
        async with PbxSimulator(auth_fail_delay=0.05) as sim:
            code, out, err = await cli("monitor", *conn(sim), secret="s3cr3t-wrong")
            assert code == EXIT_AUTH
            assert "s3cr3t-wrong" not in out + err and "Traceback" not in err
            assert "refused the login" in err

    run(main())


def test_refused_connection_exit_code():
    async def main():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        code, out, err = await cli("dial", "503", "1", "--port", str(port))
        assert code == EXIT_CONNECT and out == ""
        assert "AMI settings" in err and "Traceback" not in err

    run(main())


@pytest.mark.parametrize(
    "args",
    [
        ["monitor", "--port", "99999"],
        ["monitor", "--port", "abc"],
        ["dial", "503", "12;34"],
        ["transfer", "not-a-channel", "306"],
        ["monitor", "--extension", "4x4"],
    ],
)
def test_bad_input_gets_one_clear_line(args):
    code, out, err = run(cli(*args))
    assert code == EXIT_USAGE and "Traceback" not in err and out == ""
    assert err.strip()


def test_no_secret_and_no_terminal_is_a_usage_error():
    code, out, err = run(cli("monitor", secret=None))
    assert code == EXIT_USAGE and "SCREENPOP_SECRET" in err and out == ""


def test_secret_is_not_an_argument():
    code, out, err = run(cli("monitor", "--secret", "x"))
    assert code == EXIT_USAGE and out == "" and "--secret" in err
