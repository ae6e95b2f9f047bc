"""The asyncio client and the call service against the simulator on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from servicekit import Pbx, Recorder, RunningService, make_service, options_for, start_service

from screenpop.calls.events import Answered, Ended, Outbound, RingEnded, Ringing
from screenpop.net.client import AmiClient, ConnectOptions
from screenpop.net.errors import (
    AMI_HINT,
    ActionFailed,
    ActionTimeout,
    AuthenticationFailed,
    ConnectionLost,
    ConnectRefused,
    ConnectTimeout,
)
from screenpop.pbxsim import PbxSimulator
from screenpop.service import TransferRefused

FLAVORS = ["1.8", "20"]


def run(coro, timeout: float = 20):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- connection and login -------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
def test_login_prefers_md5_and_never_sends_the_secret(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            client = await AmiClient.connect(options_for(sim))
            assert client.banner.modern == (flavor == "20")
            await client.close()
            logins = [m for m in sim.actions_received if (m.get("Action") or "").lower() == "login"]
            assert logins and logins[0].get("AuthType") == "MD5"
            assert logins[0].get("Secret") is None and len(logins[0].get("Key")) == 32
            assert any((m.get("Action") or "").lower() == "logoff" for m in sim.actions_received)

    run(main())


def test_plaintext_login_when_md5_not_preferred():
    async def main():
        async with PbxSimulator() as sim:
            client = await AmiClient.connect(options_for(sim, prefer_md5=False))
            await client.close()
            (login,) = [m for m in sim.actions_received if m.get("Action") == "Login"]
            assert login.get("Secret") == "password" and login.get("Events") == "call,cdr,agent"

    run(main())


def test_wrong_secret_is_authentication_failed():
    async def main():
        async with PbxSimulator(auth_fail_delay=0.05) as sim:
            with pytest.raises(AuthenticationFailed) as info:
                await AmiClient.connect(options_for(sim, secret="wrong-secret-xyz"))
            text = str(info.value)
            assert "admin" in text and "wrong-secret-xyz" not in text and "\n" not in text

    run(main())


def test_refused_port_names_the_mypbx_setting():
    async def main():
        port = free_port()
        with pytest.raises(ConnectRefused) as info:
            await AmiClient.connect(
                ConnectOptions(host="127.0.0.1", port=port, username="a", secret="b")
            )
        assert AMI_HINT in str(info.value) and str(port) in str(info.value)

    run(main())


def test_silent_server_times_out():
    async def main():
        async with PbxSimulator() as sim:
            sim.stall(True)
            t0 = time.monotonic()
            with pytest.raises(ConnectTimeout):
                await AmiClient.connect(options_for(sim, connect_timeout=0.3))
            assert time.monotonic() - t0 < 2

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_command_and_event_list(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            await sim.incoming_call("13800138000", "张伟", ["474"])
            client = await AmiClient.connect(options_for(sim))
            lines = await client.command("dahdi show channel 5")
            assert "Signalling Type: FXO Kewlstart" in lines
            assert await client.command("core show channel 65") == ["65 is not a known channel"]
            channels = await client.send_list_action([("Action", "CoreShowChannels")])
            assert {m.event for m in channels} == {"CoreShowChannel"}
            assert len(channels) == 2
            with pytest.raises(ActionFailed, match="Invalid/unknown command"):
                await client.send_action([("Action", "NoSuchThing")])
            await client.close()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_list_that_timed_out_never_reaches_the_event_handler(flavor):
    # Its items arriving late are answers to a question given up on, not PBX news: fed to the
    # tracker they would read as calls (CoreShowChannel) or break a check that every event
    # carries its Privilege (ParkedCallsComplete).
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            await sim.incoming_call("13800138000", "张伟", ["474"])
            seen = []
            client = await AmiClient.connect(options_for(sim), on_event=seen.append)
            sim.slow_drip(True)  # about 1 ms per byte: the list takes far longer than 50 ms
            with pytest.raises(ActionTimeout):
                await client.send_list_action([("Action", "CoreShowChannels")], timeout=0.05)
            sim.slow_drip(False)
            # Replies come in order: once the Ping is answered the list has arrived in full.
            await client.send_action([("Action", "Ping")], timeout=10)
            assert [m.event for m in seen if m.event.lower().startswith("coreshow")] == []
            assert client._abandoned == {}  # the list's end was recognised
            # A list asked again is read whole, and events still flow.
            channels = await client.send_list_action([("Action", "CoreShowChannels")])
            assert len(channels) == 2
            seen.clear()
            await sim.incoming_call("13900000000", "李娜", ["475"])
            await asyncio.sleep(0.2)
            assert any(m.event == "Newchannel" for m in seen)
            await client.close()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_list_that_never_ends_is_forgotten_after_a_while(flavor, monkeypatch):
    # While one is remembered every event pays for reading its ActionID: not for ever.
    from screenpop.net import client as client_module

    monkeypatch.setattr(client_module, "ABANDONED_SECONDS", 0.2)

    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            await sim.incoming_call("13800138000", "张伟", ["474"])
            client = await AmiClient.connect(options_for(sim))
            sim.slow_drip(True)  # the list takes well over a second to arrive
            with pytest.raises(ActionTimeout):
                await client.send_list_action([("Action", "CoreShowChannels")], timeout=0.05)
            assert len(client._abandoned) == 1
            await asyncio.sleep(0.4)
            assert client._abandoned == {}
            sim.slow_drip(False)
            await client.close()

    run(main())


# -- calls through the service --------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
def test_incoming_call_rings_answers_and_ends(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            assert (ring.call, ring.extension) == (call.id, "474")
            assert (ring.caller.number, ring.caller.name) == ("13800138000", "张伟")
            assert ring.caller_channel == call.caller.name and ring.trunk == "trunk-sps-test1"
            await sim.answer(call, "474")
            await rec.wait_for(lambda e: isinstance(e, Answered))
            await sim.hangup(call)
            end = await rec.wait_for(lambda e: isinstance(e, Ended))
            assert (
                end.call == call.id and end.disposition == "ANSWERED" and end.answered_by == "474"
            )
            assert service.tracker.calls == {}
            await running.stop()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_ring_group_answer_closes_the_others(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            call = await sim.incoming_call("0571888", "Li", ["201", "202", "203"])
            await rec.wait_for(lambda e: len(rec.of(Ringing)) == 3)
            await sim.answer(call, "202")
            await rec.wait_for(lambda e: len(rec.of(RingEnded)) == 2)
            assert {e.extension for e in rec.of(RingEnded)} == {"201", "203"}
            assert {e.reason for e in rec.of(RingEnded)} == {"answered_elsewhere"}
            assert rec.of(Answered)[0].extension == "202"
            await running.stop()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("answered", [False, True])
def test_transfer_redirects_the_callers_channel_and_the_call_moves(flavor, answered):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            if answered:
                await sim.answer(call, "474")
                await rec.wait_for(lambda e: isinstance(e, Answered))
            await service.transfer(ring.call, "474", "306")
            moved = await rec.wait_for(lambda e: isinstance(e, Ringing) and e.extension == "306")
            assert moved.call == ring.call  # the same call, across the transfer
            (redirect,) = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            assert redirect.get("Channel") == ring.caller_channel
            assert (redirect.get("Context"), redirect.get("Exten"), redirect.get("Priority")) == (
                "DLPN_DialPlan306",
                "306",
                "1",
            )
            if not answered:
                ended = rec.of(RingEnded, extension="474")
                assert ended and ended[0].reason == "transferred"
            await running.stop()

    run(main())


def test_transfer_to_an_outside_number_uses_the_ringing_extensions_context():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            await sim.incoming_call("13800138000", "张伟", ["474"])
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            await service.transfer(ring.call, "474", "0138 0013 8000")
            (redirect,) = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            assert (redirect.get("Context"), redirect.get("Exten")) == (
                "DLPN_DialPlan474",
                "013800138000",
            )
            await running.stop()

    run(main())


def test_transfer_of_an_ended_call_is_refused_without_sending():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            with pytest.raises(ActionFailed, match="already ended"):
                await service.transfer("1.2", "474", "306")
            with pytest.raises(ValueError, match="not a phone number"):
                await service.transfer("1.2", "474", "306\r\nAction: Hangup")
            assert not [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            await running.stop()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_click_to_dial_originates_as_the_guide_shows(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(
                Pbx.of(sim), rec.on_event, rec.on_state, channel_overrides={"601": "DAHDI/5"}
            )
            service = running.service
            result = await service.dial("503", "13806012345")
            assert result.get("Response") == "Success"
            await service.dial("601", "13806012345")
            sip, analog = [m for m in sim.actions_received if m.get("Action") == "Originate"]
            assert (sip.get("Channel"), sip.get("Context"), sip.get("Exten")) == (
                "SIP/503",
                "DLPN_DialPlan503",
                "13806012345",
            )
            assert (sip.get("Priority"), sip.get("Timeout"), sip.get("CallerID")) == (
                "1",
                "30000",
                "503",
            )
            assert sip.get("ActionID")
            assert (analog.get("Channel"), analog.get("Context")) == ("DAHDI/5", "DLPN_DialPlan601")
            # The 12+ DialBegin that rings the user's own phone is not an incoming call.
            await rec.wait_for(lambda e: isinstance(e, Outbound))
            assert not [e for e in rec.of(Ringing) if e.extension in ("503", "601")]
            await running.stop()

    run(main())


def test_originate_failure_gives_the_reason():
    async def main():
        async with PbxSimulator() as sim:
            sim.originate_answers = False
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            with pytest.raises(ActionFailed, match="Originate failed"):
                await service.dial("503", "13806012345")
            await running.stop()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_analog_extension_resolved_with_dahdi_show_channel(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            await sim.analog_call("13800138000", "Li", port=5)
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            assert ring.extension == "601" and ring.channel.startswith("DAHDI/5-")
            cmds = [m.get("Command") for m in sim.actions_received if m.get("Action") == "Command"]
            assert cmds == ["dahdi show channel 5"]
            # Cached per port: a second call needs no lookup.
            await sim.analog_call("13900000000", "Wang", port=5)
            await rec.wait_for(lambda e: len(rec.of(Ringing)) == 2)
            cmds = [m for m in sim.actions_received if m.get("Action") == "Command"]
            assert len(cmds) == 1
            await running.stop()

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_outbound_call_is_not_a_pop(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            await sim.outbound_call("503", "013800138000")
            out = await rec.wait_for(lambda e: isinstance(e, Outbound))
            assert (out.extension, out.number, out.trunk) == (
                "503",
                "013800138000",
                "trunk-sps-test1",
            )
            assert rec.of(Ringing) == []
            await running.stop()

    run(main())


def test_watch_list_filters_events():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state, watch=["202"])
            call = await sim.incoming_call("0571888", "Li", ["201", "202"])
            await rec.wait_for(lambda e: isinstance(e, Ringing))
            await sim.hangup(call)
            await rec.wait_for(lambda e: isinstance(e, Ended))
            assert {getattr(e, "extension", "202") for e in rec.events} == {"202"}
            await running.stop()

    run(main())


# -- link loss ------------------------------------------------------------------------


def test_action_in_flight_when_the_link_drops_fails_and_is_not_resent():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            sim.drop_on_action("Redirect")
            with pytest.raises(ConnectionLost, match="not repeated"):
                await service.transfer(ring.call, "474", "306")
            connects = service.supervisor.connects
            await rec.wait_for(
                lambda s: (
                    service.supervisor.connects > connects
                    and service.supervisor.state == "connected"
                )
            )
            redirects = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            assert len(redirects) == 1  # never replayed after the reconnect
            assert call.legs["474"].state == 5  # still ringing at 474: nothing moved
            await running.stop()

    run(main())


def test_restart_with_a_call_ringing_pops_it_after_reconnect():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            connects = service.supervisor.connects
            sim.stall(True)
            await sim.drop_clients(mid_frame=True)
            # While we are away a call starts ringing; its events go nowhere.
            await sim.incoming_call("13800138000", "张伟", ["474"])
            sim.stall(False)
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing), timeout=10)
            assert service.supervisor.connects > connects
            assert ring.extension == "474" and ring.caller.number == "13800138000"
            await running.stop()

    run(main())


def test_call_that_ended_during_the_outage_is_closed_after_reconnect():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            await rec.wait_for(lambda e: isinstance(e, Ringing))
            sim.stall(True)
            await sim.drop_clients(mid_frame=True)
            await sim.hangup(call)
            sim.stall(False)
            end = await rec.wait_for(lambda e: isinstance(e, Ended), timeout=10)
            assert end.disposition == "UNKNOWN"
            assert rec.of(RingEnded)[0].reason == "ended_offline"
            await running.stop()

    run(main())


def test_unanswered_pings_mean_a_dead_link():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(
                Pbx.of(sim),
                rec.on_event,
                rec.on_state,
                link=dict(ping_interval=0.2, ping_timeout=0.2),
            )
            sim.ignore_pings(True)
            state = await rec.wait_for(
                lambda s: isinstance(s, tuple) and s[0] == "reconnecting" and "Ping" in s[1],
                timeout=5,
            )
            assert "no Ping reply" in state[1]
            sim.ignore_pings(False)
            await running.stop()

    run(main())


def test_authentication_failure_is_not_retried_in_a_tight_loop():
    async def main():
        async with PbxSimulator(auth_fail_delay=0.01) as sim:
            rec = Recorder()
            pbx = Pbx.of(sim).with_secret("nope")
            running = await start_service(pbx, rec.on_event, rec.on_state, wait=False)
            await rec.wait_for(lambda s: isinstance(s, tuple) and s[0] == "error")
            await asyncio.sleep(0.5)
            logins = [m for m in sim.actions_received if m.get("Action") == "Login"]
            assert len(logins) == 1
            await running.stop()

    run(main())


def test_new_settings_reconnect_to_the_new_pbx_at_once():
    async def main():
        async with PbxSimulator() as first, PbxSimulator(flavor="20") as second:
            rec = Recorder()
            running = await start_service(Pbx.of(first), rec.on_event, rec.on_state)
            service = running.service
            service.configure(options=options_for(second))
            await rec.wait_for(
                lambda s: isinstance(s, tuple) and s[0] == "connected" and str(second.port) in s[1]
            )
            await second.incoming_call("0571888", "Li", ["474"])
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            assert ring.extension == "474" and service.tracker.modern
            await running.stop()

    run(main())


# -- one login per start ----------------------------------------------------------------------


def _logins(sim: PbxSimulator) -> list[str]:
    return [m.get("Action") for m in sim.actions_received if m.get("Action") in ("Login", "Logoff")]


@pytest.mark.parametrize("flavor", FLAVORS)
def test_attached_connection_is_the_first_link_no_second_login(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            await sim.incoming_call("13800138000", "张伟", ["474"])
            client = await AmiClient.connect(options_for(sim))
            running = RunningService(make_service(Pbx.of(sim), rec.on_event, rec.on_state))
            running.service.attach(client)
            assert running.service.client is client and running.service.tracker.modern == (
                flavor == "20"
            )
            await running.start().connected()
            assert running.service.client is client
            # The resync on the adopted link pops the call that was already ringing.
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            assert ring.extension == "474"
            assert _logins(sim) == ["Login"] and len(sim.sessions) == 1
            # It still reconnects (a new login) when that link drops.
            await sim.drop_clients()
            await running.connected(after=1)
            assert running.service.client is not client
            assert _logins(sim) == ["Login", "Login"]
            await running.stop()

    run(main())


def test_service_start_logs_in_once():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            assert _logins(sim) == ["Login"]
            await running.stop()
            assert _logins(sim) == ["Login", "Logoff"]

    run(main())


def test_attached_connection_serves_one_shot_actions_and_stop_closes_it():
    async def main():
        async with PbxSimulator() as sim:
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            service = make_service(Pbx.of(sim), lambda e: None)
            client = await AmiClient.connect(options_for(sim))
            service.attach(client)
            await service.redirect_channel(call.caller.name, "306")
            assert "306" in call.legs
            await service.stop()
            assert client.closed and _logins(sim) == ["Login", "Logoff"]

    run(main())


def test_app_transfer_to_an_outside_number_needs_an_extensions_dialplan():
    async def main():
        async with PbxSimulator() as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            await sim.incoming_call("13800138000", "张伟", ["474"])
            ring = await rec.wait_for(lambda e: isinstance(e, Ringing))
            with pytest.raises(TransferRefused, match="no extension's dialplan"):
                await running.service.transfer(ring.call, "", "013800138000")
            with pytest.raises(TransferRefused):
                await running.service.transfer(ring.call, "DAHDI/5", "013800138000")
            assert not [m for m in sim.actions_received if m.get("Action") == "Redirect"]
            await running.stop()

    run(main())
