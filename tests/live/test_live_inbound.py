"""Inbound calls on a real Asterisk, seen through `screenpop monitor`, checked against the PBX."""

from __future__ import annotations

import re
import time

CALLER = ("13800138000", "张伟")


def cdr_for(pbx, uniqueid: str, timeout: float = 5.0) -> list[dict[str, str]]:
    """The PBX's own CDR rows (Master.csv) of one call; cdr_csv writes when the call ends."""
    deadline = time.monotonic() + timeout
    while True:
        rows = [r for r in pbx.cdr_rows() if r.get("uniqueid") == uniqueid]
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def test_inbound_ringing_then_answered(office, pbx):
    mon = office.monitor("--extension", "201")
    phone = office.phone("201", "uas_answer", answer_ms=1500)
    caller = office.call("trunk-sps", "5550100", *CALLER, hold_ms=2500)
    ringing = mon.wait_event(type="ringing", extension="201")
    assert ringing["caller"] == {"number": CALLER[0], "name": CALLER[1]}
    assert ringing["trunk"] == "trunk-sps"
    assert ringing["caller_channel"].startswith("SIP/trunk-sps-")
    mon.wait_event(type="answered", call=ringing["call"], extension="201")
    ended = mon.wait_event(type="ended", call=ringing["call"], timeout=15)
    assert caller.wait(10) == 0
    assert ended["disposition"] == "ANSWERED" and ended["answered_by"] == "201"
    # What the PBX did: the phone got the call and its end; the CDR agrees with `ended`.
    assert phone.received("INVITE") == 1 and phone.received("BYE") == 1
    (row,) = [r for r in cdr_for(pbx, ringing["call"]) if r["dstchannel"]]
    assert row["disposition"] == "ANSWERED" and row["dst"] == "201"
    assert abs(int(row["duration"]) - ended["duration"]) <= 1
    assert abs(int(row["billsec"]) - ended["billable"]) <= 1
    assert ended["billable"] >= 2


def test_inbound_missed_caller_gives_up(office, pbx):
    mon = office.monitor("--extension", "201")
    phone = office.phone("201", "uas_ring")
    caller = office.call("trunk-sps", "5550100", "13912345678", "Wang Fang", giveup_ms=2000)
    ringing = mon.wait_event(type="ringing", extension="201")
    assert ringing["caller"] == {"number": "13912345678", "name": "Wang Fang"}
    ended_ring = mon.wait_event(type="ring_ended", call=ringing["call"], timeout=10)
    assert ended_ring["reason"] == "cancelled"
    ended = mon.wait_event(type="ended", call=ringing["call"], timeout=10)
    assert caller.wait(10) == 0
    assert phone.received("INVITE") == 1 and phone.received("CANCEL") == 1
    rows = cdr_for(pbx, ringing["call"])
    assert rows and all(r["disposition"] == "NO ANSWER" for r in rows)
    assert ended["disposition"] == "NO ANSWER" and ended["answered_by"] is None
    assert abs(max(int(r["duration"]) for r in rows) - ended["duration"]) <= 1


def test_unregistered_extension_never_pops(office, pbx):
    # 209 is a dynamic peer nobody registered: Asterisk cannot ring it at all.
    mon = office.monitor("--extension", "209")
    caller = office.call("carrier", "209", "13800138000", "张伟", hold_ms=2000)
    assert caller.wait(15) == 0
    finals = [m for _, m in caller.messages() if re.match(r"SIP/2\.0 [3-6]\d\d", m)]
    assert finals and not [m for _, m in caller.messages() if m.startswith("SIP/2.0 200")]
    assert "209" in pbx.rx("sip show peer 209").stdout and "Unspecified" in _peer_addr(pbx)
    time.sleep(0.5)
    assert not [e for e in mon.events() if e["type"] in ("ringing", "answered")]


def _peer_addr(pbx) -> str:  # type: ignore[no-untyped-def]
    return next(
        (line for line in pbx.rx("sip show peers").stdout.splitlines() if line.startswith("209 ")),
        "",
    )
