"""Contacts in the UI: the popup, the Contacts settings tab, and the app end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from appkit import MemorySecrets, make_controller
from conftest import run_async
from PySide6.QtWidgets import QLabel
from test_ui_popup import ringing

from screenpop.config import Settings
from screenpop.contact_settings import ContactSecrets
from screenpop.contacts.model import Contact, ContactFound
from screenpop.settings_store import SettingsStore, validate
from screenpop.ui.popup import CallPopup
from screenpop.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")
FIX = Path(__file__).parent / "fixtures" / "contacts"


def found_for(popup, **kw) -> ContactFound:
    contact = Contact(
        name=kw.pop("name", "王小明"),
        company=kw.pop("company", "深圳华强电子有限公司"),
        source=kw.pop("source", "ldap"),
        url=kw.pop("url", "https://crm.example/c/1"),
    )
    return ContactFound(popup.call_id, "13800138000", contact, popup.extension, **kw)


@pytest.fixture
def popup(qtbot):
    settings = Settings(
        crm_url_template="https://crm/x?n={e164}&who={name}&c={company}&u={contact_url}"
    )
    p = CallPopup(ringing(), replace(settings, home_region="CN"))
    qtbot.addWidget(p)
    return p


def test_popup_fills_in_the_contact(popup):
    popup.set_contact(found_for(popup))
    assert popup.name_text() == "王小明"
    assert popup.company_text() == "深圳华强电子有限公司"
    assert popup.context_text() == "from LDAP"
    assert popup.findChild(QLabel, "number_label").text() == "138 0013 8000"
    assert popup.crm_url() == (
        "https://crm/x?n=%2B8613800138000&who=%E7%8E%8B%E5%B0%8F%E6%98%8E"
        "&c=%E6%B7%B1%E5%9C%B3%E5%8D%8E%E5%BC%BA%E7%94%B5%E5%AD%90%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"
        "&u=https%3A%2F%2Fcrm.example%2Fc%2F1"
    )


def test_contact_names_are_plain_text(popup):
    popup.set_contact(found_for(popup, name="<b>Evil</b><img src=x>", company="<i>co</i>"))
    for name in ("name_label", "company_label", "context_label"):
        label = popup.findChild(QLabel, name)
        assert label.textFormat() == label.textFormat().PlainText
    assert popup.name_text() == "<b>Evil</b><img src=x>"


def test_abandoned_lookup_says_so_in_a_tooltip_only(popup):
    before = popup.name_text()
    popup.set_contact(ContactFound(popup.call_id, "13800138000", None, popup.extension, ("CRM",)))
    assert popup.name_text() == before and popup.context_text() == ""
    tip = popup.findChild(QLabel, "number_label").toolTip()
    assert tip == "No contact: CRM did not answer within 1.5 s"


def test_caller_context_and_missed_badge(popup):
    popup.set_caller_context("Called 3 times today, last answered by 203", missed_today=2)
    assert popup.context_text() == "Called 3 times today, last answered by 203"
    assert popup.missed_badge_text() == "Missed 2 times today"
    popup.set_contact(found_for(popup, source="csv"))
    assert popup.context_text() == "from contacts file · Called 3 times today, last answered by 203"
    popup.set_caller_context("New caller")
    assert popup.missed_badge_text() == ""


def test_contacts_tab_add_test_remove_and_validation(qtbot):
    dialog = SettingsDialog(Settings(contact_sources=("a.csv",)), validator=validate)
    qtbot.addWidget(dialog)
    tab = dialog.contacts_tab
    assert tab.source_texts() == ("a.csv",)
    tab.source_edit.setText("book.xlsx")
    assert "is not a contact source" in tab.source_error.text()
    assert not tab.add_button.isEnabled() and not tab.test_button.isEnabled()
    tab.source_edit.setText("ldap://reader@dc1/ou=people,dc=example,dc=com")
    tab.secret_edit.setText("pw-typed")
    with qtbot.waitSignal(tab.test_requested) as test:
        tab.test_button.click()
    assert test.args == ["ldap://reader@dc1/ou=people,dc=example,dc=com", "pw-typed"]
    tab.add_button.click()
    assert tab.source_texts()[-1].startswith("ldap://reader@dc1/")
    assert tab.secret_edit.text() == ""  # never shown again
    tab.home_region.setText("zz")
    assert "Home region" in dialog.summary.text() and not dialog.save_button.isEnabled()
    tab.home_region.setText("cn")
    tab.outside_prefix.setText("0")
    assert dialog.save_button.isEnabled()
    tab.show_test_result(tab.source_texts()[-1], False, "dc1: login refused for reader")
    assert tab.test_result.text() == "✗ dc1: login refused for reader"
    secrets = []
    dialog.contact_secret_entered.connect(lambda text, secret: secrets.append(secret))
    with qtbot.waitSignal(dialog.settings_saved):
        dialog.save_button.click()
    settings = dialog.current_settings()
    assert settings.home_region == "CN" and settings.outside_prefix == "0"
    assert len(settings.contact_sources) == 2
    assert secrets == ["pw-typed"]


def test_contact_settings_are_saved_and_checked(tmp_path):
    store = SettingsStore(tmp_path / "s.json")
    s = Settings(contact_sources=("x.vcf", "https://crm/?n={e164}"), home_region="DE")
    store.save(s)
    loaded, _ = store.load()
    assert loaded.contact_sources == s.contact_sources and loaded.home_region == "DE"
    assert not validate(s)
    bad = validate(replace(s, contact_sources=("ldap://u:pw@h/dc=x",)))
    assert bad and "put no password" in str(bad[0]) and "pw@" not in str(bad[0])
    assert validate(replace(s, crm_url_template="https://crm/?who={name}&n={e164}")) == []


def test_app_pops_then_fills_in_the_contact_and_records_it(sim, qtbot, tmp_path):
    app = make_controller(tmp_path, sim)
    app.contact_secrets = ContactSecrets(MemorySecrets())
    settings = replace(
        app.settings,
        contact_sources=(str(FIX / "google.csv"),),
        home_region="CN",
        outside_prefix="0",
    )
    run_async(qtbot, app.start())
    qtbot.waitUntil(lambda: app.bridge.state[0] == "connected", timeout=5000)
    run_async(qtbot, app.apply_settings(settings, None))
    with qtbot.waitSignal(app.bridge.contact_found, timeout=5000) as found:
        run_async(qtbot, sim.incoming_call("013800138000", "", ["201"]))
    assert found.args[0].contact.name == "王小明"
    (popup,) = app.popups.open_popups()
    assert popup.name_text() == "王小明" and popup.company_text() == "深圳华强电子有限公司"
    assert "from contacts file" in popup.context_text() and "New caller" in popup.context_text()
    entry = app.history.list_recent()[0]
    assert entry.contact_name == "王小明" and entry.contact_source == "csv"
    run_async(qtbot, app.stop())


def test_tray_tooltip_lists_failing_sources(qtbot):
    from screenpop.ui.tray import TrayController

    tray = TrayController(use_tray=False)
    tray.set_state("connected", "127.0.0.1")
    tray.set_contact_problems(["dc1: login refused for reader\nsecond line"])
    assert "Contacts: dc1: login refused for reader" in tray.tooltip()
    assert "second line" not in tray.tooltip()
    tray.set_contact_problems([])
    assert "Contacts:" not in tray.tooltip()
    tray.hide()
