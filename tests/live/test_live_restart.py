"""Asterisk restarted in the middle of a ringing call: the popup does not stay open for a call
that no longer exists, and the monitor carries on with the restarted PBX."""

from __future__ import annotations

import time


def test_restart_mid_call_closes_the_ring_and_monitor_resumes(own_office, own_pbx):
    office, pbx = own_office, own_pbx
    mon = office.monitor("--extension", "201")
    office.phone("201", "uas_ring")
    first = office.call("trunk-sps", "5550100", "13800138000", "张伟", hold_ms=60000)
    ringing = mon.wait_event(type="ringing", extension="201")
    pbx.restart()  # every channel dies with the PBX
    gone = mon.wait_event(type="ring_ended", call=ringing["call"], timeout=45)
    # Seen live, or found gone by the resync after the reconnect; either way it closes.
    assert gone["reason"] in ("ended_offline", "cancelled", "no_answer")
    ended = mon.wait_event(type="ended", call=ringing["call"], timeout=10)
    assert ended["disposition"] in ("UNKNOWN", "NO ANSWER")
    _wait_connected_again(mon)
    # A new call after the restart pops as usual.
    first.stop()  # its dialog died with the old PBX; the trunk's port is needed again
    office.call("trunk-sps", "5550100", "13912345678", "Li Lei", hold_ms=60000)
    who = {"number": "13912345678", "name": "Li Lei"}
    # (1.8 restarted within the same second hands out the same Uniqueid again.)
    mon.wait_event(type="ringing", extension="201", caller=who, timeout=15)


def _wait_connected_again(mon, timeout: float = 45.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while sum(s.startswith("screenpop: connected") for s in mon.err.drain()) < 2:
        assert time.monotonic() < deadline, f"no reconnect: {mon.err.lines}"
        time.sleep(0.1)
