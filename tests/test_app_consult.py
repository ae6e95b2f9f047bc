"""The popup's consult state (announced transfer without Atxfer) and Take back (un-park), end
to end offscreen: simulator -> service -> bridge -> popup, and the clicks back to the PBX."""

from __future__ import annotations

import pytest
from appkit import make_controller
from conftest import run_async
from PySide6.QtCore import Qt

from screenpop.pbxsim import PbxSimulator

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

NAMES = {"201": "Anna Schmidt", "202": "Li Na 李娜", "203": "Wang Wei 王伟"}


@pytest.fixture(params=["1.8", "20"])
def sim_options(request):
    return {"extensions": NAMES, "extension_names": NAMES, "flavor": request.param}


@pytest.fixture
def app(sim, qtbot, tmp_path):
    controller = make_controller(tmp_path, sim, watch=("201",), favourites=("202", "203"))
    run_async(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.colleague_model.rowCount() == len(NAMES), timeout=5000)
    yield controller
    run_async(qtbot, controller.stop())


def actions(sim: PbxSimulator, name: str) -> list:
    return [m for m in sim.actions_received if m.get("Action") == name]


def answered_popup(sim, app, qtbot):
    with qtbot.waitSignal(app.popups.popup_shown, timeout=5000) as shown:
        call = run_async(qtbot, sim.incoming_call("13800138000", "张伟", ["201"]))
    popup = app.popups.popup_for(*shown.args)
    run_async(qtbot, sim.answer(call, "201"))
    qtbot.waitUntil(lambda: popup.state == "on_call", timeout=3000)
    return call, popup


def consult(sim, app, qtbot):
    sim.directory.atxfer_feature = False
    call, popup = answered_popup(sim, app, qtbot)
    popup.call_actions().announce.setChecked(True)
    popup.request_transfer("203")
    qtbot.waitUntil(lambda: popup.call_actions().held == "consult", timeout=5000)
    return call, popup


def test_consult_state_shows_the_slot_and_two_buttons_then_complete_closes(sim, app, qtbot):
    call, popup = consult(sim, app, qtbot)
    bar = popup.call_actions()
    assert (
        popup.status_text()
        == "Calling Wang Wei 王伟 (203) from your phone; the caller waits on 701"
    )
    assert bar.complete.isVisible() and bar.back.isVisible()
    assert not bar.park.isVisible() and not bar.announce.isVisible()
    assert not bar.unpark.isVisible()
    consult_call = next(c for c in sim.calls if c.caller.name.startswith("SIP/201-"))
    run_async(qtbot, sim.answer(consult_call, "203"))
    qtbot.waitUntil(lambda: app.colleague_model.state("203").value == "busy", timeout=3000)
    qtbot.mouseClick(bar.complete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Transferred to Wang Wei 王伟 (203)" in popup.status_text(), timeout=3000
    )
    assert actions(sim, "Bridge")[-1].get("Channel1") == call.caller.name
    qtbot.waitUntil(lambda: popup.state == "closed", timeout=5000)
    assert popup.close_reason == "transferred"


def test_back_to_caller_keeps_the_popup_on_the_call(sim, app, qtbot):
    _call, popup = consult(sim, app, qtbot)
    consult_call = next(c for c in sim.calls if c.caller.name.startswith("SIP/201-"))
    run_async(qtbot, sim.answer(consult_call, "203"))
    qtbot.waitUntil(lambda: app.colleague_model.state("203").value == "busy", timeout=3000)
    qtbot.mouseClick(popup.call_actions().back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Back with the caller" in popup.status_text(), timeout=3000)
    bar = popup.call_actions()
    assert popup.state == "on_call" and bar.held is None and popup.parked_slot is None
    assert bar.park.isVisible() and not bar.back.isVisible() and not bar.complete.isVisible()


def test_a_failed_complete_shows_the_reason_and_keeps_the_consult(sim, app, qtbot):
    _call, popup = consult(sim, app, qtbot)
    sim.directory.denied.update({"bridge", "redirect"})
    sim.directory.parked.clear()
    app.bridge.service.parked.clear()  # the caller gave up meanwhile: nobody is parked
    qtbot.mouseClick(popup.call_actions().complete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Transfer failed" in popup.status_text(), timeout=3000)
    assert "no longer parked on 701" in popup.status_text()
    assert popup.call_actions().held == "consult" and popup.call_actions().back.isEnabled()


def test_parked_call_has_take_back_which_rings_my_phone(sim, app, qtbot):
    call, popup = answered_popup(sim, app, qtbot)
    qtbot.mouseClick(popup.call_actions().park, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: popup.parked_slot == "701", timeout=3000)
    take_back = popup.call_actions().unpark
    qtbot.wait(200)  # the 1.8 zombie's hang-up has come: the popup is still there
    assert popup.state == "on_call" and take_back.isVisible() and take_back.isEnabled()
    assert not popup.call_actions().park.isVisible()
    qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Your phone rings with the caller" in popup.status_text(), timeout=3000)
    redirect = actions(sim, "Redirect")[-1]
    assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "201")
    assert popup.parked_slot is None and not take_back.isVisible()


def test_a_parked_caller_can_still_be_transferred_blind(sim, app, qtbot):
    call, popup = answered_popup(sim, app, qtbot)
    qtbot.mouseClick(popup.call_actions().park, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: popup.parked_slot == "701", timeout=3000)
    qtbot.wait(200)
    with qtbot.waitSignal(app.bridge.transfer_done, timeout=3000):
        popup.request_transfer("202")
    redirect = actions(sim, "Redirect")[-1]
    assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "202")
    qtbot.waitUntil(lambda: app.colleague_model.state("202").value == "ringing", timeout=3000)
