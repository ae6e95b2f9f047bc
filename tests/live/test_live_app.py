"""The tray app's controller against a real Asterisk (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_app_pops_and_transfers_a_real_call(app, office, pbx, qtbot):
    office.phone("201", "uas_ring")
    target = office.phone("306", "uas_answer", answer_ms=800)
    with qtbot.waitSignal(app.popups.popup_shown, timeout=10000) as shown:
        office.call("trunk-sps", "5550100", "13800138000", "张伟 <b>VIP</b>", hold_ms=60000)
    call_id, ext = shown.args
    assert ext == "201"
    popup = app.popups.popup_for(call_id, ext)
    assert popup.number == "13800138000"
    name = popup.findChild(QLabel, "name_label")
    assert name.textFormat() == Qt.TextFormat.PlainText and name.text() == "张伟 <b>VIP</b>"
    with qtbot.waitSignal(
        app.popups.popup_shown, timeout=10000, check_params_cb=lambda c, e: e == "306"
    ) as moved:
        popup.request_transfer("306")
    assert moved.args[0] == call_id
    qtbot.waitUntil(lambda: app.popups.popup_for(call_id, "201") is None, timeout=10000)
    qtbot.waitUntil(lambda: target.received("INVITE") == 1, timeout=10000)
    assert "13800138000" in target.received_list("INVITE")[0][1]


def test_app_records_a_missed_real_call(app, office, pbx, qtbot):
    office.phone("201", "uas_ring")
    with qtbot.waitSignal(app.popups.popup_shown, timeout=10000):
        office.call("trunk-sps", "5550100", "13912345678", "王芳", giveup_ms=2000)
    with qtbot.waitSignal(app.bridge.ended, timeout=15000):
        pass
    qtbot.waitUntil(lambda: not app.popups.open_popups(), timeout=5000)
    entries = {e.number: e for e in app.history.list_recent()}
    assert entries["13912345678"].missed and entries["13912345678"].name == "王芳"
    qtbot.waitUntil(lambda: app.tray.missed_count == 1, timeout=2000)  # badge follows in 100 ms
