"""Presence from the PBX beyond calls, on a real Asterisk: a phone that registers and
unregisters (PeerStatus -> free / offline) in `monitor --presence` and in the app, and DND
where the PBX can tell it (Asterisk 20: a presence state on the hint)."""

from __future__ import annotations

import time

import pytest

from screenpop.presence.state import State

from .conftest import receptionist_app
from .pbxconf import PRESENCE_EXT, UNREGISTERED, UNREGISTERED_SECRET

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _states(mon, ext: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["state"] for e in mon.events() if e.get("type") == "state" and e["extension"] == ext]


def test_register_then_unregister_in_monitor_presence(office, pbx):
    mon = office.monitor("--extension", "201", "--presence")
    mon.wait_event(type="state", extension=UNREGISTERED, state="offline")
    phone = office.register(UNREGISTERED, UNREGISTERED_SECRET, hold_ms=3000)
    mon.wait_event(type="state", extension=UNREGISTERED, state="free", timeout=15)
    assert phone.wait(20) == 0, phone.screen.read_text()[-500:]  # unregistered and exited
    mon.out.wait_for(
        lambda _line: (
            _states(mon, UNREGISTERED)[-1:] == ["offline"] and "free" in _states(mon, UNREGISTERED)
        ),
        15,
        "209 offline again",
    )
    assert _states(mon, UNREGISTERED) == ["offline", "free", "offline"]
    log = pbx.log_text()
    assert "Registered SIP '209'" in log or "Registered SIP '209' at" in log
    assert "Unregistered SIP '209'" in log


def test_register_then_unregister_in_the_app(pbx, office, qloop, qtbot, tmp_path):
    with receptionist_app(
        pbx,
        qtbot,
        tmp_path,
    ) as app:
        model = app.colleague_model
        assert model.state(UNREGISTERED) is State.OFFLINE
        seen: list[State] = []
        app.bridge.presence_changed.connect(
            lambda changes: seen.extend(c.state for c in changes if c.extension == UNREGISTERED)
        )
        phone = office.register(UNREGISTERED, UNREGISTERED_SECRET, hold_ms=3000)
        qtbot.waitUntil(lambda: model.state(UNREGISTERED) is State.FREE, timeout=15000)
        assert phone.wait(20) == 0
        qtbot.waitUntil(lambda: model.state(UNREGISTERED) is State.OFFLINE, timeout=15000)
        assert [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] is not s] == [
            State.FREE,
            State.OFFLINE,
        ]


@pytest.fixture
def presence_205(pbx):  # type: ignore[no-untyped-def]
    """205's hint has a presence provider (pbxconf, 12+ only); reset to available after."""
    if pbx.version == "1.8":
        # 1.8 has no presence state (it came with 11): no command, no PresenceStatus, so a
        # DND set on the phone or by a MyPBX feature code never reaches AMI.
        out = pbx.rx(f"presencestate change CustomPresence:{PRESENCE_EXT} DND").stdout
        assert "No such command" in out, out
        yield None
        return
    assert f"CustomPresence:{PRESENCE_EXT}" in pbx.rx(f"core show hint {PRESENCE_EXT}").stdout
    try:
        yield f"presencestate change CustomPresence:{PRESENCE_EXT} "
    finally:
        pbx.rx(f"presencestate change CustomPresence:{PRESENCE_EXT} AVAILABLE")


def test_dnd_from_the_pbx_presence_state(presence_205, office, pbx):
    mon = office.monitor("--extension", "201", "--presence")
    mon.wait_event(type="state", extension="205", state="free")
    if presence_205 is None:  # 1.8: nothing to set; 205 stays free
        time.sleep(1)
        assert _states(mon, "205") == ["free"]
        return
    pbx.rx(presence_205 + "DND")
    mon.wait_event(type="state", extension="205", state="dnd", timeout=10)
    pbx.rx(presence_205 + "AVAILABLE")
    mon.out.wait_for(
        lambda _line: _states(mon, "205")[-1:] == ["free"] and "dnd" in _states(mon, "205"),
        10,
        "205 free again",
    )
    assert _states(mon, "205") == ["free", "dnd", "free"]


def test_dnd_from_the_pbx_in_the_app(presence_205, pbx, qloop, qtbot, tmp_path):
    with receptionist_app(
        pbx,
        qtbot,
        tmp_path,
        favourites=("205",),
    ) as app:
        model = app.colleague_model
        assert model.state("205") is State.FREE
        if presence_205 is None:  # 1.8: no presence state
            return
        pbx.rx(presence_205 + "DND")
        qtbot.waitUntil(lambda: model.state("205") is State.DND, timeout=10000)
        pbx.rx(presence_205 + "AVAILABLE")
        qtbot.waitUntil(lambda: model.state("205") is State.FREE, timeout=10000)
