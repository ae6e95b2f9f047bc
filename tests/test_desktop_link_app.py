"""A second `screenpop tel:...` hands the link to the running instance (a real second process),
and the app asks before dialling it from the user's phone."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import replace

import pytest
from appkit import make_controller
from conftest import run_async
from PySide6.QtWidgets import QCheckBox, QMessageBox

from screenpop.app import SingleInstance

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _second_start(name: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "SCREENPOP_INSTANCE": name, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "screenpop", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def instance(qapp):
    shows: list[bool] = []
    links: list[str] = []
    single = SingleInstance(f"screenpop-test-{uuid.uuid4().hex[:10]}")
    single.listen(lambda: shows.append(True), links.append)
    yield single, shows, links
    single.close()


def _finish(proc: subprocess.Popen, qtbot) -> tuple[int, str]:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    _, err = proc.communicate()
    return proc.returncode, err


def _reap(proc: subprocess.Popen) -> None:
    """Leave no process behind, even when the test failed half-way."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def test_second_start_hands_the_link_to_the_running_one(instance, qtbot):
    single, shows, links = instance
    proc = _second_start(single.name, "tel:+8613800138000")
    try:
        qtbot.waitUntil(lambda: bool(links), timeout=20000)
        code, err = _finish(proc, qtbot)
    finally:
        _reap(proc)
    assert links == ["tel:+8613800138000"] and shows == []
    assert code == 0 and "handed the link" in err


def test_second_start_without_a_link_brings_it_forward(instance, qtbot):
    single, shows, links = instance
    proc = _second_start(single.name)
    try:
        qtbot.waitUntil(lambda: bool(shows), timeout=20000)
        code, _ = _finish(proc, qtbot)
    finally:
        _reap(proc)
    assert code == 0 and links == []


def test_line_breaks_in_a_link_arrive_encoded(instance, qtbot):
    single, _shows, links = instance
    assert single.notify_running("link tel:123\r\nAction: Hangup")
    qtbot.waitUntil(lambda: bool(links), timeout=5000)
    assert links == ["tel:123%0D%0AAction: Hangup"]


@pytest.fixture
def app(sim, qtbot, tmp_path):
    controller = make_controller(tmp_path, sim)
    run_async(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.bridge.state[0] == "connected", timeout=5000)
    notes: list[tuple[str, str]] = []
    controller.tray.notify = lambda title, text: notes.append((title, text))
    yield controller, notes
    run_async(qtbot, controller.stop())


def _originates(sim):
    return [m for m in sim.actions_received if m.get("Action") == "Originate"]


def test_link_asks_then_dials_from_my_phone(app, sim, qtbot):
    controller, _notes = app
    controller.desktop.handle_link("tel:+86 138-0013-8000")
    box = controller.desktop.confirm_box
    assert box is not None and box.isVisible()
    assert "+86 138 0013 8000" in box.text() and "201" in box.text()
    assert _originates(sim) == []
    call = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    call.click()
    qtbot.waitUntil(lambda: bool(_originates(sim)), timeout=5000)
    (orig,) = _originates(sim)
    assert orig.get("Channel") == "SIP/201" and orig.get("Exten") == "+8613800138000"
    assert controller.settings.confirm_dial_links  # still asks next time


def test_cancel_dials_nothing(app, sim, qtbot):
    controller, _ = app
    controller.desktop.handle_link("callto:0571888")
    box = controller.desktop.confirm_box
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(200)
    assert _originates(sim) == []


def test_do_not_ask_again_is_saved_and_next_link_dials_at_once(app, sim, qtbot):
    controller, _ = app
    controller.desktop.handle_link("sip:0571888@pbx")
    box = controller.desktop.confirm_box
    box.findChild(QCheckBox).setChecked(True)
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    qtbot.waitUntil(lambda: len(_originates(sim)) == 1, timeout=5000)
    assert controller.settings_store.load()[0].confirm_dial_links is False
    controller.desktop.handle_link("tel:306")
    assert controller.desktop.confirm_box is None
    qtbot.waitUntil(lambda: len(_originates(sim)) == 2, timeout=5000)


def test_hostile_link_is_refused_with_a_message(app, sim, qtbot):
    controller, notes = app
    controller.desktop.handle_link("tel:123%0D%0AAction: Hangup")
    controller.desktop.handle_link("javascript:alert(1)")
    assert controller.desktop.confirm_box is None
    assert [t for t, _ in notes] == ["Phone link refused"] * 2
    assert "control characters" in notes[0][1] and "tel:, callto: and sip:" in notes[1][1]
    qtbot.wait(100)
    assert _originates(sim) == []


def test_no_own_extension_says_what_to_set(app, sim, qtbot):
    controller, notes = app
    run_async(qtbot, controller.apply_settings(replace(controller.settings, my_extension=""), None))
    controller.desktop.handle_link("tel:306")
    assert notes[-1][0] == "Cannot dial the link" and "your own extension" in notes[-1][1]


def test_macos_style_open_url_event_reaches_the_link_handler(qapp):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent

    from screenpop.desktop_app import LinkOpenFilter

    got: list[str] = []
    link_filter = LinkOpenFilter(got.append)
    qapp.installEventFilter(link_filter)
    try:
        qapp.sendEvent(qapp, QFileOpenEvent(QUrl("tel:+8613800138000")))
        qapp.sendEvent(qapp, QFileOpenEvent(QUrl("file:///tmp/x.txt")))
    finally:
        qapp.removeEventFilter(link_filter)
    assert got == ["tel:+8613800138000"]
