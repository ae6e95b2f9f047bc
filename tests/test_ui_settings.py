"""SettingsDialog driven through its widgets and signals, validated by the store's validate()."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from screenpop.config import Settings
from screenpop.settings_store import validate
from screenpop.ui.settings_dialog import SettingsDialog, parse_list, parse_overrides

GOOD = Settings(
    host="192.168.1.10",
    username="screenpop",
    watch=("601", "602"),
    my_extension="601",
    channel_overrides={"605": "DAHDI/5"},
    favourites=("602",),
    crm_url_template="https://crm.example/search?phone={number}",
)


def make(qtbot, settings=GOOD, **kwargs):
    kwargs.setdefault("validator", validate)
    d = SettingsDialog(settings, **kwargs)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_fields_filled_and_save_enabled(qtbot):
    d = make(qtbot)
    assert d.host.text() == "192.168.1.10"
    assert d.port.value() == 5038
    assert d.watch.text() == "601, 602"
    assert d.channel_overrides.toPlainText() == "605 = DAHDI/5"
    assert d.context_prefix.text() == "DLPN_DialPlan"
    assert d.secret.text() == ""
    assert d.secret.echoMode() == d.secret.EchoMode.Password
    assert d.save_button.isEnabled()
    assert d.errors() == {}
    assert d.current_settings() == GOOD


def test_bad_port_shows_error_and_disables_save(qtbot):
    d = make(qtbot)
    # The spin box can't hold 0; a bad stored port is clamped, so test the validator path
    # with a value the user can type: the port range itself is enforced by the widget.
    assert (d.port.minimum(), d.port.maximum()) == (1, 65535)
    d.port.lineEdit().selectAll()
    qtbot.keyClicks(d.port.lineEdit(), "70000")
    assert d.port.value() <= 65535
    bad = make(qtbot, validator=lambda s: validate(Settings(port=0)))
    assert "65535" in bad.error_text("port")
    assert not bad.save_button.isEnabled()


def test_bad_extension_shows_error_next_to_field_and_disables_save(qtbot):
    d = make(qtbot)
    d.watch.clear()
    qtbot.keyClicks(d.watch, "601, 6o2")
    assert "6o2" in d.error_text("watch")
    assert d.error_text("host") == ""
    assert not d.save_button.isEnabled()
    assert "⚠" in d.tabs.tabText(1)
    assert "Extensions" in d.summary.text()
    d.watch.clear()
    qtbot.keyClicks(d.watch, "601 602 603")
    assert d.error_text("watch") == ""
    assert d.save_button.isEnabled()
    assert "⚠" not in d.tabs.tabText(1)


def test_host_required_with_username(qtbot):
    d = make(qtbot)
    d.host.clear()
    assert d.error_text("host")
    assert not d.save_button.isEnabled()
    assert not d.test_button.isEnabled()


def test_bad_override_line_and_crm(qtbot):
    d = make(qtbot)
    d.channel_overrides.setPlainText("605 DAHDI/5")
    assert "601 = DAHDI/5" in d.error_text("channel_overrides")
    d.channel_overrides.setPlainText("605 = DAHDI 5")
    assert "SIP/601" in d.error_text("channel_overrides")
    d.channel_overrides.setPlainText("605 = DAHDI/5\n\n606=IAX2/606")
    assert d.error_text("channel_overrides") == ""
    d.crm_url_template.setText("https://crm.example/search")
    assert "{number}" in d.error_text("crm_url_template")
    assert not d.save_button.isEnabled()


def test_save_emits_settings_and_unchanged_secret(qtbot):
    d = make(qtbot, secret_stored=True)
    assert d.secret.placeholderText() == "stored in the system keyring"
    d.host.setText("pbx.office.lan")
    d.tls.setChecked(True)  # suggests the TLS port
    d.watch.setText("601,602 603")
    d.channel_overrides.setPlainText("605 = DAHDI/5\n606 = IAX2/606")
    d.auto_close_seconds.setValue(20)
    d.sound_on_ring.setChecked(True)
    with qtbot.waitSignal(d.settings_saved, timeout=1000) as blocker:
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    settings, secret = blocker.args
    assert secret is None
    assert settings == Settings(
        host="pbx.office.lan",
        port=5039,
        username="screenpop",
        tls=True,
        watch=("601", "602", "603"),
        my_extension="601",
        channel_overrides={"605": "DAHDI/5", "606": "IAX2/606"},
        favourites=("602",),
        auto_close_seconds=20,
        sound_on_ring=True,
        crm_url_template="https://crm.example/search?phone={number}",
    )
    assert d.result() == d.DialogCode.Accepted


def test_save_emits_new_secret(qtbot):
    d = make(qtbot)
    qtbot.keyClicks(d.secret, "n3w-secret")
    with qtbot.waitSignal(d.settings_saved, timeout=1000) as blocker:
        d.save_button.click()
    assert blocker.args[1] == "n3w-secret"


def test_invalid_dialog_never_saves(qtbot):
    d = make(qtbot)
    d.context_prefix.setText("DLPN Dial")
    with qtbot.assertNotEmitted(d.settings_saved):
        d.buttons.accepted.emit()
    assert d.isVisible()


def test_test_button_emits_and_shows_result(qtbot):
    d = make(qtbot)
    qtbot.keyClicks(d.secret, "pw")
    with qtbot.waitSignal(d.test_requested, timeout=1000) as blocker:
        qtbot.mouseClick(d.test_button, Qt.MouseButton.LeftButton)
    settings, secret = blocker.args
    assert settings == GOOD and secret == "pw"
    assert d.test_result.text() == "Testing…"
    d.show_test_result(True, "Connected: Asterisk Call Manager/1.1")
    assert d.test_result.text() == "✓ Connected: Asterisk Call Manager/1.1"
    d.show_test_result(False, "Authentication failed: check the username and secret.\n<b>x</b>")
    assert d.test_result.text() == (
        "✗ Authentication failed: check the username and secret. <b>x</b>"
    )
    assert d.test_result.textFormat() == Qt.TextFormat.PlainText


def test_no_keyring_note(qtbot):
    d = make(qtbot, keyring_available=False)
    assert d.keyring_note.isVisible()
    assert d.keyring_note.text() == (
        "No system keyring found: the secret will be asked at each start and is never "
        "written to disk."
    )
    assert not make(qtbot).keyring_note.isVisible()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", ()), ("601, 602", ("601", "602")), (" 601 ,602;603\n604 ", ("601", "602", "603", "604"))],
)
def test_parse_list(text, expected):
    assert parse_list(text) == expected


def test_parse_overrides():
    assert parse_overrides("601 = DAHDI/5\n# note\n\n602=SIP/602") == (
        {"601": "DAHDI/5", "602": "SIP/602"},
        None,
    )
    assert (
        parse_overrides("601 = DAHDI/5\n601 = DAHDI/6")[1]
        == "Line 2: extension 601 is listed twice."
    )
