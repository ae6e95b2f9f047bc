"""The app's popup on a PBX that is busy with other calls (correctness here; timing: bench/).

A SIPp carrier keeps 5 new calls a second going to 202 (answers), 203 (busy) and 204 (rings until
the caller gives up) while three callers ring 201: each must pop on 201 with its own number and
a plain-text name, close when the caller gives up, and nothing else may pop.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

LOAD_PREFIX = "7100"


def _load_cdrs(pbx) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for row in pbx.cdr_rows() if row.get("src", "").startswith(LOAD_PREFIX))


def test_app_pops_each_watched_call_under_background_load(app, office, pbx, qtbot):
    office.phone("201", "uas_ring")
    office.phone("202", "uas_answer", answer_ms=150, hold_ms=600000)
    office.phone("203", "uas_busy")
    office.phone("204", "uas_ring")
    shown: list[tuple[str, str]] = []
    app.popups.popup_shown.connect(lambda call, ext: shown.append((call, ext)))
    before = _load_cdrs(pbx)
    load = office.callers(
        "carrier", ["202", "203", "204"], rate=5, count=50, prefix=LOAD_PREFIX,
        caller_name="Load", giveup_ms=800, hold_ms=500,
    )  # fmt: skip
    # The PBX is busy before the first watched call: some background calls already finished.
    qtbot.waitUntil(lambda: _load_cdrs(pbx) - before >= 3, timeout=10000)
    started = time.monotonic()
    for i in range(3):
        number = f"1390000{i}"
        with qtbot.waitSignal(
            app.popups.popup_shown, timeout=10000, check_params_cb=lambda c, e: e == "201"
        ) as sig:
            caller = office.call("trunk-sps", "5550100", number, f"张伟 <i>{i}</i>", giveup_ms=1200)
        popup = app.popups.popup_for(*sig.args)
        assert popup is not None and popup.number == number
        name = popup.findChild(QLabel, "name_label")
        assert name.textFormat() == Qt.TextFormat.PlainText and name.text() == f"张伟 <i>{i}</i>"
        assert caller.wait(15) == 0
        qtbot.waitUntil(lambda: app.popups.popup_for(*sig.args) is None, timeout=10000)
    elapsed = time.monotonic() - started
    assert load.running(), "the background load ended before the watched calls did"
    # The load really ran alongside: about 5 calls a second finished while 201 rang.
    done = _load_cdrs(pbx) - before
    assert done >= 3 * elapsed, (done, elapsed)
    assert [ext for _call, ext in shown] == ["201"] * 3
