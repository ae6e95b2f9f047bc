"""Tray controller, status window, icons and the dial dialog (offscreen: no system tray)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSystemTrayIcon

from screenpop.ui import icons
from screenpop.ui.dial_dialog import DialDialog
from screenpop.ui.status_window import StatusWindow
from screenpop.ui.tray import STATES, TrayController, describe_state

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def window_tray(qtbot):
    controller = TrayController(use_tray=False)
    qtbot.addWidget(controller.status_window)
    controller.show()
    return controller


@pytest.fixture
def real_tray(qtbot):
    # A QSystemTrayIcon even where none can be shown: the menu, tooltip and icon still work.
    controller = TrayController(use_tray=True)
    yield controller
    controller.hide()


def test_auto_picks_status_window_without_a_tray(qtbot):
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen
    controller = TrayController()
    qtbot.addWidget(controller.status_window)
    assert controller.tray_icon is None
    assert isinstance(controller.status_window, StatusWindow)


@pytest.mark.parametrize(
    ("state", "reason", "tip"),
    [
        ("connected", "192.168.1.10", "screenpop — connected to 192.168.1.10"),
        ("reconnecting", "connection refused", "screenpop — reconnecting: connection refused"),
        ("connecting", "192.168.1.10", "screenpop — connecting to 192.168.1.10…"),
        ("error", "login failed", "screenpop — error: login failed"),
        ("demo", "", "screenpop — demo mode (built-in simulator)"),
    ],
)
def test_state_tooltip(real_tray, state, reason, tip):
    real_tray.set_state(state, reason)
    assert real_tray.state == state
    assert real_tray.tooltip() == tip
    assert real_tray.tray_icon.toolTip() == tip
    assert not real_tray.tray_icon.icon().isNull()


def test_unknown_state_is_refused(real_tray):
    with pytest.raises(ValueError):
        real_tray.set_state("sleepy")


def test_missed_count_in_tooltip_and_icon_changes(real_tray):
    real_tray.set_state("connected", "pbx")
    plain = real_tray.icon().pixmap(32, 32).toImage()
    real_tray.set_missed_count(3)
    assert "3 missed calls" in real_tray.tooltip()
    assert real_tray.icon().pixmap(32, 32).toImage() != plain
    real_tray.set_missed_count(0)
    assert "missed" not in real_tray.tooltip()


@pytest.mark.parametrize(
    ("key", "signal"),
    [
        ("dial", "dial_dialog_requested"),
        ("history", "history_requested"),
        ("colleagues", "colleagues_requested"),
        ("settings", "settings_requested"),
        ("quit", "quit_requested"),
    ],
)
def test_menu_actions_emit(real_tray, qtbot, key, signal):
    texts = [a.text() for a in real_tray.menu().actions() if a.text()]
    assert texts[1:] == [
        "Dial a number…",
        "Recent calls",
        "Colleagues",
        "Do not disturb",
        "Settings…",
        "Quit",
    ]
    with qtbot.waitSignal(getattr(real_tray, signal)):
        real_tray.action(key).trigger()


def test_dnd_action_toggles(real_tray, qtbot):
    with qtbot.waitSignal(real_tray.dnd_toggled, check_params_cb=lambda on: on is True):
        real_tray.action("dnd").trigger()
    assert real_tray.do_not_disturb
    assert "Do not disturb is on" in real_tray.tooltip()
    with qtbot.waitSignal(real_tray.dnd_toggled, check_params_cb=lambda on: on is False):
        real_tray.action("dnd").trigger()


def test_set_do_not_disturb_does_not_emit(real_tray, qtbot):
    with qtbot.assertNotEmitted(real_tray.dnd_toggled):
        real_tray.set_do_not_disturb(True)
    assert real_tray.action("dnd").isChecked()


def test_tray_click_opens_history(real_tray, qtbot):
    with qtbot.waitSignal(real_tray.history_requested):
        real_tray.tray_icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_status_window_shows_state_and_missed(window_tray):
    window_tray.set_state("reconnecting", "connection refused")
    window_tray.set_missed_count(2)
    w = window_tray.status_window
    assert w.findChild(QLabel, "state_label").text() == "Reconnecting: connection refused"
    assert w.findChild(QLabel, "missed_label").text() == "2 missed calls"
    assert w.isVisible()


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("dial_button", "dial_dialog_requested"),
        ("history_button", "history_requested"),
        ("settings_button", "settings_requested"),
        ("quit_button", "quit_requested"),
    ],
)
def test_status_window_buttons_emit(window_tray, qtbot, button, signal):
    widget = window_tray.status_window.findChild(QPushButton, button)
    with qtbot.waitSignal(getattr(window_tray, signal)):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_status_window_dnd_button(window_tray, qtbot):
    button = window_tray.status_window.findChild(QPushButton, "dnd_button")
    with qtbot.waitSignal(window_tray.dnd_toggled, check_params_cb=lambda on: on is True):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and window_tray.action("dnd").isChecked()
    with qtbot.waitSignal(window_tray.dnd_toggled, check_params_cb=lambda on: on is False):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isChecked()


def test_notify_without_tray_shows_a_line(window_tray):
    window_tray.notify("Missed call", "13800138000 (张伟)")
    label = window_tray.status_window.findChild(QLabel, "notice_label")
    assert label.text() == "Missed call: 13800138000 (张伟)"


def test_notify_with_tray_does_not_fail(real_tray):
    real_tray.notify("Missed call", "from 13800138000")


def test_describe_every_state():
    for state in STATES:
        assert describe_state(state, "x")


def test_icons_every_size_and_state():
    for state in STATES:
        icon = icons.status_icon(state, missed=12, dnd=True)
        for size in (16, 22, 32, 64):
            pm = icon.pixmap(size, size)
            assert pm.width() == size
            image = pm.toImage()
            # The round badge is drawn (lower left: clear of the dot and the count), its corners
            # stay see-through.
            assert image.pixelColor(size * 3 // 10, size * 7 // 10).alpha() == 255
            assert image.pixelColor(0, size - 1).alpha() == 0


# -- dial dialog ------------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot):
    d = DialDialog(my_extension="474")
    qtbot.addWidget(d)
    d.show()
    return d


def test_dial_valid_number(dialog, qtbot):
    edit = dialog.findChild(QLineEdit, "number_edit")
    qtbot.keyClicks(edit, "+86 138-0013 8000")
    with qtbot.waitSignal(dialog.dial_requested, check_params_cb=lambda n: n == "+8613800138000"):
        qtbot.mouseClick(dialog.findChild(QPushButton, "dial_button"), Qt.MouseButton.LeftButton)
    assert dialog.result() == DialDialog.DialogCode.Accepted


@pytest.mark.parametrize("text", ["", "12a4", "1+2", "306; hangup"])
def test_dial_invalid_shows_inline_error(dialog, qtbot, text):
    dialog.set_number(text)
    with qtbot.assertNotEmitted(dialog.dial_requested):
        qtbot.keyClick(dialog.findChild(QLineEdit, "number_edit"), Qt.Key.Key_Return)
    assert dialog.error_text()
    assert dialog.isVisible()
    error = dialog.findChild(QLabel, "error_label")
    assert error.isVisible() and error.textFormat() == Qt.TextFormat.PlainText
    qtbot.keyClicks(dialog.findChild(QLineEdit, "number_edit"), "1")
    assert dialog.error_text() == ""


def test_dial_star_codes(dialog, qtbot):
    dialog.set_number("*72#")
    with qtbot.waitSignal(dialog.dial_requested, check_params_cb=lambda n: n == "*72#"):
        assert dialog.try_dial()


def test_the_status_windows_buttons_say_what_the_menu_says(window_tray):
    window = window_tray.status_window
    for key in ("dial", "history", "colleagues", "dnd", "settings", "quit"):
        text = window_tray.action(key).text()
        assert text and getattr(window, f"{key}_button").text() == text, key
