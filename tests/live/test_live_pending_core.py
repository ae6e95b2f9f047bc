"""Behaviours issue 8 asks of helper branch "core" (item 6), checked on real Asterisk.

They were written before that branch landed (marked xfail then) and now pass on both versions.
"""

from __future__ import annotations

import json
import re
import time

from .asterisk import SCREENPOP
from .test_live_outbound import _wait_for


def test_dial_returns_once_the_phone_rings(office, pbx):
    phone = office.phone("503", "uas_ring")  # nobody picks up
    t0 = time.monotonic()
    done = office.run_cli("dial", "503", "013800138000", timeout=15)
    took = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout.splitlines()[-1])
    assert reply["type"] == "dialling"
    assert (reply["extension"], reply["number"]) == ("503", "013800138000")
    assert reply["channel"].startswith("SIP/503-")
    assert took < 10 and phone.received("INVITE") == 1


def test_dial_wait_exits_1_when_nobody_answers(office, pbx):
    office.phone("503", "uas_ring")
    done = office.run_cli("dial", "503", "013800138000", "--wait", timeout=60)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_monitor_logs_in_once(office, pbx):
    pattern = re.compile(rf"Manager '{SCREENPOP[0]}' logged on")
    before = len(pattern.findall(pbx.log_text()))
    office.monitor("--extension", "201")
    time.sleep(1.0)  # a second login would follow the first at once
    assert len(pattern.findall(pbx.log_text())) - before == 1


def test_transfer_to_an_outside_number_never_drops_the_caller(office, pbx):
    mon = office.monitor("--extension", "201")
    office.phone("201", "uas_ring")
    trunk = office.phone("trunk-sps", "uas_answer", answer_ms=300)
    office.call("carrier", "5550100", "13800138000", "张伟", hold_ms=60000)
    ringing = mon.wait_event(type="ringing", extension="201")
    done = office.run_cli("transfer", ringing["caller_channel"], "013800138000")
    if done.returncode == 0:
        invites = _wait_for(lambda: trunk.received_list("INVITE"))
        assert invites[0][1].startswith("INVITE sip:013800138000@")
    else:
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1
        assert ringing["caller_channel"] in pbx.channels()  # the caller is still there
