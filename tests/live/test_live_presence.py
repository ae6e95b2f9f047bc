"""Presence from the PBX beyond calls, on a real Asterisk: a phone that registers and
unregisters (PeerStatus -> free / offline) in `monitor --presence` and in the app, and DND
where the PBX can tell it (Asterisk 20: a presence state on the hint)."""

from __future__ import annotations

import pytest

from screenpop.presence.state import State

from .conftest import live_app
from .pbxconf import PHONES, UNREGISTERED, UNREGISTERED_SECRET

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
    with live_app(
        pbx,
        qtbot,
        tmp_path,
        lambda c: c.colleague_model.rowCount() == len(PHONES) + 1,
        watch=("201",),
        my_extension="201",
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
