"""Colleagues on a real Asterisk through the CLI: `screenpop colleagues` and `monitor --presence`.

The directory comes from SIPpeers + SIPshowpeer (caller-ID names, some CJK), the states from the
hints (`DLPN_Hints`) as SIPp phones ring and answer, offline from the unregistered peer 209.
"""

from __future__ import annotations

import json

from .asterisk import NOLIST
from .pbxconf import NAMES, PHONES, TRUNKS, UNREGISTERED


def _colleagues(office, **kw) -> tuple[list[dict], str]:  # type: ignore[no-untyped-def,type-arg]
    done = office.run_cli("colleagues", **kw)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()], done.stderr


def _states(mon, ext: str = "201") -> list[str]:  # type: ignore[no-untyped-def]
    return [e["state"] for e in mon.events() if e.get("type") == "state" and e["extension"] == ext]


def test_directory_has_the_extensions_with_their_names_and_no_trunks(office, pbx):
    rows, _err = _colleagues(office)
    by_ext = {r["extension"]: r for r in rows}
    assert set(by_ext) == {*PHONES, UNREGISTERED}
    assert not set(by_ext) & set(TRUNKS)
    for ext, name in NAMES.items():
        assert by_ext[ext]["name"] == name  # CJK straight from the PBX's caller ID
        assert by_ext[ext]["channel"] == f"SIP/{ext}"
    assert by_ext["503"]["name"] == "Ext 503"
    # Static peers on 127.0.0.1 are reachable (hint idle); 209 never registered.
    assert by_ext[UNREGISTERED]["state"] == "offline"
    assert {by_ext[e]["state"] for e in PHONES} == {"free"}
    # Sorted by name; 209 has no caller ID, so it has no name and comes last.
    names = [r["name"] for r in rows]
    assert names[-1] is None and rows[-1]["extension"] == UNREGISTERED
    assert names[:-1] == sorted(names[:-1], key=str.casefold)


def test_user_without_the_listing_right_gets_the_note(office, pbx):
    rows, err = _colleagues(office, user=NOLIST)
    assert rows == []
    assert "may not list the extensions" in err and "reporting" in err
    assert "Traceback" not in err
    # The PBX itself refused it.
    assert "SIPpeers" in err or "Permission denied" in err


def test_presence_follows_a_call_free_ringing_busy_free(office, pbx):
    mon = office.monitor("--extension", "201", "--presence")
    # The whole directory once after the connect, 209 offline.
    mon.wait_event(type="state", extension=UNREGISTERED, state="offline")
    mon.wait_event(type="state", extension="201", state="free")
    office.phone("201", "uas_answer", answer_ms=1500, hold_ms=600000)
    office.call("trunk-sps", "5550100", "13800138000", "张伟", hold_ms=2500)
    mon.wait_event(type="state", extension="201", state="ringing")
    busy = mon.wait_event(type="state", extension="201", state="busy", timeout=15)
    assert busy.get("with") in ("张伟", "13800138000")
    # wait_event finds the first match: the free line that counts is the one after busy.
    mon.out.wait_for(lambda _line: len(_states(mon)) >= 4, 15, "201 free again")
    states = _states(mon)
    # In this order, without a stale or invented state between them.
    assert states == ["free", "ringing", "busy", "free"], states
    # The PBX's own hint agreed at the end.
    assert "Idle" in pbx.rx("core show hint 201").stdout
