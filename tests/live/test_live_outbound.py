"""Outbound calls, click-to-dial and analog mapping on a real Asterisk."""

from __future__ import annotations

import json


def test_outbound_via_trunk_is_an_outbound_line_not_a_pop(office, pbx):
    mon = office.monitor("--extension", "503")
    trunk = office.phone("trunk-sps", "uas_answer", answer_ms=500)
    phone = office.call("503", "013800138000", "503", "Ext 503", hold_ms=1500)
    out = mon.wait_event(type="outbound", extension="503")
    assert out["number"] == "013800138000" and out["trunk"] == "trunk-sps"
    ended = mon.wait_event(type="ended", call=out["call"], timeout=15)
    assert phone.wait(10) == 0
    assert ended["disposition"] == "ANSWERED"
    assert not [e for e in mon.events() if e["type"] == "ringing"]
    (invite,) = trunk.received_list("INVITE")
    assert invite[1].startswith("INVITE sip:013800138000@")  # the carrier got the number


def test_click_to_dial_rings_the_phone_first_then_the_number(office, pbx):
    phone = office.phone("503", "uas_answer", answer_ms=700)
    trunk = office.phone("trunk-sps", "uas_answer", answer_ms=500)
    done = office.run_cli("dial", "503", "013800138000")
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout.splitlines()[-1])
    assert reply["channel"].startswith("SIP/503-")
    (first,) = phone.received_list("INVITE")
    trunk_invites = _wait_for(lambda: trunk.received_list("INVITE"))
    assert trunk_invites[0][1].startswith("INVITE sip:013800138000@")
    # The user's phone first; the number only once the phone answered (it rings 0.7 s).
    assert (trunk_invites[0][0] - first[0]).total_seconds() >= 0.6


def test_analog_extension_dialled_through_the_channel_given(office, pbx):
    # No DAHDI in the builds: the analog phone 601 is SIP/208 here. What is checked: the override
    # is the channel that rings, and the number is dialled in 601's own context.
    analog = office.phone("208", "uas_answer", answer_ms=300)
    trunk = office.phone("trunk-sps", "uas_answer", answer_ms=300)
    done = office.run_cli("dial", "601", "013800138000", "--channel", "SIP/208")
    assert done.returncode == 0, done.stderr
    assert analog.received("INVITE") == 1
    _wait_for(lambda: trunk.received_list("INVITE"))
    assert "Executing [013800138000@DLPN_DialPlan601:1]" in _wait_for(
        lambda: "013800138000@DLPN_DialPlan601" in pbx.log_text() and pbx.log_text()
    )


def _wait_for(fn, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            assert value, "timed out"
            return value
        time.sleep(0.1)
