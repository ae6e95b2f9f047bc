"""The tray app end to end, offscreen: simulator -> client -> tracker -> bridge -> popups.

Everything is driven through signals and qtbot waits, never by sleeping.
"""

from __future__ import annotations

import pytest
from appkit import MemorySecrets, make_controller, settings_for
from conftest import run_async
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from screenpop.bridge import CallBridge
from screenpop.controller import AppController
from screenpop.net.client import ConnectOptions
from screenpop.pbxsim import PbxSimulator
from screenpop.settings_store import SettingsStore
from screenpop.ui.popup_stack import PopupStack

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def wired(sim, qtbot):
    """A bridge and a popup stack wired as the app wires them."""
    settings = settings_for(sim)
    bridge = CallBridge(settings, "password")
    stack = PopupStack(settings, keep_open_when_answered_here=True)
    bridge.ringing.connect(stack.show_ringing)
    bridge.ring_ended.connect(stack.on_ring_ended)
    bridge.answered.connect(stack.on_answered)
    bridge.ended.connect(stack.on_ended)
    bridge.transfer_failed.connect(stack.transfer_failed)
    stack.transfer_requested.connect(bridge.request_transfer)
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=lambda s, r: s == "connected"):
        bridge.start()
    yield bridge, stack
    stack.close_all("test over")
    run_async(qtbot, bridge.stop())


def test_ringing_call_pops_with_number_and_name(sim, wired, qtbot):
    _bridge, stack = wired
    with qtbot.waitSignal(stack.popup_shown, timeout=5000) as shown:
        run_async(qtbot, sim.incoming_call("13800138000", "张伟 <b>VIP</b>", ["201"]))
    call_id, ext = shown.args
    popup = stack.popup_for(call_id, ext)
    assert ext == "201" and popup.isVisible()
    assert popup.number == "13800138000"
    name = popup.findChild(QLabel, "name_label")
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert name.text() == "张伟 <b>VIP</b>"  # untrusted text shown literally


def test_transfer_click_redirects_the_caller_and_the_call_moves(sim, wired, qtbot):
    _bridge, stack = wired
    with qtbot.waitSignal(stack.popup_shown, timeout=5000) as shown:
        call = run_async(qtbot, sim.incoming_call("13800138000", "Li", ["201"]))
    popup = stack.popup_for(*shown.args)
    with qtbot.waitSignal(
        stack.popup_shown, timeout=5000, check_params_cb=lambda c, e: e == "306"
    ) as moved:
        popup.request_transfer("306")
    assert moved.args[0] == call.id  # same call, now ringing at 306
    (redirect,) = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
    assert redirect.get("Channel") == call.caller.name
    assert (redirect.get("Context"), redirect.get("Exten")) == ("DLPN_DialPlan306", "306")
    qtbot.waitUntil(lambda: stack.popup_for(call.id, "201") is None, timeout=5000)
    assert "306" in call.legs


def test_failed_transfer_shows_the_pbx_reason_and_keeps_the_popup(sim, wired, qtbot):
    bridge, stack = wired
    with qtbot.waitSignal(stack.popup_shown, timeout=5000) as shown:
        call = run_async(qtbot, sim.incoming_call("13800138000", "Li", ["201"]))
    popup = stack.popup_for(*shown.args)
    sim.drop_on_action("Redirect")  # the link drops before the PBX answers
    with qtbot.waitSignal(bridge.transfer_failed, timeout=5000) as failed:
        popup.request_transfer("306")
    assert failed.args[:2] == [call.id, "201"] and "not repeated" in failed.args[2]
    assert stack.popup_for(call.id, "201") is popup and popup.isVisible()
    assert "not repeated" in popup.status_text()


def test_popup_closes_when_answered_elsewhere_and_on_hangup(sim, wired, qtbot):
    _bridge, stack = wired
    with qtbot.waitSignal(stack.popup_shown, timeout=5000):
        call = run_async(qtbot, sim.incoming_call("0571888", "Li", ["201", "202", "203"]))
    qtbot.waitUntil(lambda: len(stack.open_popups()) == 3, timeout=5000)
    with qtbot.waitSignals(
        [stack.popup_closed, stack.popup_closed], timeout=6000, check_params_cbs=None
    ):
        run_async(qtbot, sim.answer(call, "202"))
    # The one who answered keeps theirs (CRM, transfer) until the call ends.
    assert [p.extension for p in stack.open_popups()] == ["202"]
    with qtbot.waitSignal(stack.popup_closed, timeout=6000):
        run_async(qtbot, sim.hangup(call))
    assert stack.open_popups() == []


def test_caller_hangup_closes_the_popup(sim, wired, qtbot):
    _bridge, stack = wired
    with qtbot.waitSignal(stack.popup_shown, timeout=5000):
        call = run_async(qtbot, sim.incoming_call("0571888", "Li", ["203"]))
    with qtbot.waitSignal(stack.popup_closed, timeout=5000):
        run_async(qtbot, sim.hangup(call))
    assert stack.open_popups() == []


def test_do_not_disturb_shows_no_popups(sim, wired, qtbot):
    bridge, stack = wired
    stack.set_do_not_disturb(True)
    with qtbot.waitSignal(bridge.ringing, timeout=5000):
        run_async(qtbot, sim.incoming_call("0571888", "Li", ["201"]))
    assert stack.open_popups() == []


def test_wrong_secret_is_reported_by_test_connection(sim, wired, qtbot):
    bridge, _ = wired
    with qtbot.waitSignal(bridge.test_result, timeout=5000) as result:
        bridge.request_test(settings_for(sim), "not-the-secret")
    ok, message = result.args
    assert not ok and "refused the login" in message and "not-the-secret" not in message
    with qtbot.waitSignal(bridge.test_result, timeout=5000) as result:
        bridge.request_test(settings_for(sim), "password")
    assert result.args == [True, "Connected: Asterisk Call Manager/1.1"]


def test_bad_port_is_reported_by_test_connection(sim, wired, qtbot):
    bridge, _ = wired
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with qtbot.waitSignal(bridge.test_result, timeout=5000) as result:
        bridge.request_test(settings_for(sim, port=port), "password")
    ok, message = result.args
    assert not ok and "refused" in message and "AMI settings" in message


def test_history_records_answered_and_missed_calls_across_a_restart(sim, qtbot, tmp_path):
    app = make_controller(tmp_path, sim)
    run_async(qtbot, app.start())
    assert not app.demo
    qtbot.waitUntil(lambda: app.bridge.state[0] == "connected", timeout=5000)
    answered = run_async(qtbot, sim.incoming_call("13800138000", "张伟", ["201"]))
    qtbot.waitUntil(lambda: len(app.popups.open_popups()) == 1, timeout=5000)
    run_async(qtbot, sim.answer(answered, "201"))
    with qtbot.waitSignal(app.bridge.ended, timeout=5000):
        run_async(qtbot, sim.hangup(answered))
    missed = run_async(qtbot, sim.incoming_call("13912345678", "王芳", ["202"]))
    qtbot.waitUntil(lambda: len(app.popups.open_popups()) == 1, timeout=5000)
    with qtbot.waitSignal(app.bridge.ended, timeout=5000):
        run_async(qtbot, sim.hangup(missed))
    qtbot.waitUntil(lambda: app.tray.missed_count == 1, timeout=2000)  # badge follows in 100 ms
    run_async(qtbot, app.stop())

    again = make_controller(tmp_path, sim)
    run_async(qtbot, again.start())
    entries = {e.number: e for e in again.history.list_recent()}
    assert entries["13800138000"].answered_by == "201" and not entries["13800138000"].missed
    assert entries["13912345678"].missed and entries["13912345678"].name == "王芳"
    assert again.tray.missed_count == 1
    run_async(qtbot, again.stop())


def test_settings_applied_without_restart_and_persisted(sim, qtbot, tmp_path):
    app = make_controller(tmp_path, sim, watch=("201",))
    run_async(qtbot, app.start())
    qtbot.waitUntil(lambda: app.bridge.state[0] == "connected", timeout=5000)
    run_async(qtbot, app.apply_settings(settings_for(sim, watch=("203",)), None))
    with qtbot.waitSignal(app.popups.popup_shown, timeout=5000) as shown:
        run_async(qtbot, sim.incoming_call("0571888", "Li", ["201", "203"]))
    assert shown.args[1] == "203"
    assert [p.extension for p in app.popups.open_popups()] == ["203"]
    loaded, notice = SettingsStore(tmp_path / "settings.json").load()
    assert loaded.watch == ("203",) and notice is None
    run_async(qtbot, app.stop())


def test_demo_mode_when_no_pbx_is_configured(qloop, qtbot, tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    app = AppController(
        settings_store=store,
        secret_store=MemorySecrets(),
        history_path=tmp_path / "history.sqlite3",
        demo_interval=0.3,
        ask_secret=False,
    )
    run_async(qtbot, app.start())
    assert app.demo and app.sim is not None
    assert "No PBX is configured" in app.notices[0]
    with qtbot.waitSignal(app.popups.popup_shown, timeout=8000):
        pass
    assert app.tray.state == "demo"
    run_async(qtbot, app.stop())


def test_connect_options_repr_hides_the_secret():
    assert "password" not in repr(ConnectOptions(host="h", secret="password"))


def test_answered_here_keeps_the_popup_and_transfer_closes_it(sim, wired, qtbot):
    _bridge, stack = wired
    with qtbot.waitSignal(stack.popup_shown, timeout=5000) as shown:
        call = run_async(qtbot, sim.incoming_call("13800138000", "张伟", ["201"]))
    popup = stack.popup_for(*shown.args)
    run_async(qtbot, sim.answer(call, "201"))
    qtbot.waitUntil(lambda: popup.state == "on_call", timeout=5000)
    assert popup.isVisible() and "On call" in popup.findChild(QLabel, "ringing_on_label").text()
    with qtbot.waitSignal(
        stack.popup_shown, timeout=5000, check_params_cb=lambda c, e: e == "306"
    ) as moved:
        popup.request_transfer("306")
    assert moved.args[0] == call.id
    (redirect,) = [m for m in sim.actions_received if m.get("Action") == "Redirect"]
    assert redirect.get("Channel") == call.caller.name  # the other party of 201: the caller
    qtbot.waitUntil(lambda: stack.popup_for(call.id, "201") is None, timeout=5000)


def test_second_start_brings_the_first_forward(qapp, qtbot):
    import uuid

    from screenpop.app import SingleInstance

    name = f"screenpop-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert SingleInstance(name).notify_running() is False  # nobody is running yet
    shown = []
    first.listen(lambda: shown.append(True))
    try:
        assert SingleInstance(name).notify_running() is True
        qtbot.waitUntil(lambda: shown == [True], timeout=3000)
    finally:
        first.close()


def test_demo_calls_go_to_their_own_history_file(tmp_path):
    app = AppController(
        settings_store=SettingsStore(tmp_path / "settings.json"),
        secret_store=MemorySecrets(),
        ask_secret=False,
    )
    assert app.demo  # nothing configured
    assert app._history_file().name == "demo-history.sqlite3"


def _logins(sim: PbxSimulator) -> list[str]:
    return [m.get("Action") for m in sim.actions_received if m.get("Action") in ("Login", "Logoff")]


def test_app_start_logs_in_once_and_a_wrong_secret_is_red_at_once(sim, qtbot, tmp_path):
    app = make_controller(tmp_path, sim)
    run_async(qtbot, app.start())
    qtbot.waitUntil(lambda: app.tray.state == "connected", timeout=5000)
    assert _logins(sim) == ["Login"]
    run_async(qtbot, app.stop())
    sim.actions_received.clear()
    wrong = MemorySecrets()
    wrong.set("127.0.0.1", "admin", "not-the-secret")
    store = SettingsStore(tmp_path / "settings.json")
    bad = AppController(
        settings_store=store,
        secret_store=wrong,
        history_path=tmp_path / "history.sqlite3",
        ask_secret=False,
    )
    run_async(qtbot, bad.start())
    qtbot.waitUntil(lambda: bad.tray.state == "error", timeout=5000)
    assert _logins(sim) == ["Login"]
    run_async(qtbot, bad.stop())


def test_call_back_says_at_once_that_the_phone_rings_and_later_that_it_failed(sim, qtbot, tmp_path):
    sim.originate_ring_seconds = 1.0
    sim.originate_answers = False
    app = make_controller(tmp_path, sim)
    run_async(qtbot, app.start())
    qtbot.waitUntil(lambda: app.bridge.state[0] == "connected", timeout=5000)
    notes: list[tuple[str, str]] = []
    # The colleague directory loads alongside and may say once what the PBX lacks (no hints):
    # only the dial's own messages are looked at here.
    app.tray.notify = lambda title, text: (
        notes.append((title, text)) if title != "Colleagues" else None
    )
    with qtbot.waitSignal(app.bridge.dial_ringing, timeout=5000) as ringing:
        app.bridge.request_dial("013800138000")
    assert ringing.args[0] == "013800138000" and ringing.args[1].startswith("SIP/201-")
    assert notes == [("Your phone is ringing", "Pick it up to call 013800138000.")]
    assert sim.channels[ringing.args[1]].state == 5  # still ringing: nobody has answered
    with qtbot.waitSignal(app.bridge.dial_failed, timeout=5000):
        pass
    assert notes[-1] == (
        "Call to 013800138000 failed",
        "Originate failed: the phone rang but nobody answered",
    )
    run_async(qtbot, app.stop())
