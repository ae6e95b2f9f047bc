"""The CSV column editor: the mapping syntax it writes, the preview it shows, and the
Contacts tab and app around it (the file is read by the controller, never by the widget)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from appkit import make_controller
from conftest import run_async
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from screenpop.config import Settings
from screenpop.contacts.csv_reader import (
    ROLES,
    effective_mapping,
    format_mapping,
    parse_mapping,
    preview_csv,
    read_csv,
)
from screenpop.contacts.file_source import PREVIEW_BYTES, read_csv_preview
from screenpop.contacts.source_url import parse_source, with_mapping
from screenpop.ui.contacts_tab import ContactsTab

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")
FIX = Path(__file__).parent / "fixtures" / "contacts"
OUTLOOK_HEADER = ["First Name", "Last Name", "Company", "Business Phone", "Mobile Phone", "Notes"]

names = st.text(min_size=1, max_size=12).filter(lambda n: n.strip() == n and n.strip())


@given(st.dictionaries(st.sampled_from(ROLES), st.lists(names, max_size=3), max_size=4))
def test_mapping_text_round_trips_any_column_name(mapping):
    text = format_mapping(mapping)
    assert parse_mapping(text) == mapping
    # And through a source as Settings and --contacts read it.
    spec = parse_source(with_mapping("Book.csv", mapping))
    assert spec.mapping_dict() == mapping and spec.path == "Book.csv"


def test_with_mapping_replaces_the_fragment_and_drops_an_empty_one():
    text = with_mapping("C:\\Users\\anna\\book.csv#name=Old", {"phone": ["Tel; work", "50%"]})
    assert text == "C:\\Users\\anna\\book.csv#phone=Tel%3B work,50%25"
    assert with_mapping(text, {}) == "C:\\Users\\anna\\book.csv"


def test_a_phone_column_chosen_by_hand_keeps_the_label_the_guess_knew():
    data = (FIX / "google.csv").read_bytes()
    guessed, _ = read_csv(data)
    chosen, _ = read_csv(data, {"phone": ["Phone 1 - Value"]})
    assert [p.kind for p in chosen[0].phones] == [guessed[0].phones[0].kind] == ["cell"]


def test_preview_and_guess_of_an_outlook_export():
    header, rows = preview_csv((FIX / "outlook.csv").read_bytes(), rows=2)
    assert len(rows) == 2 and "Business Phone" in header
    guess = effective_mapping(header)
    assert guess["first"] == ["First Name"] and guess["company"] == ["Company"]
    assert "Business Phone" in guess["phone"] and "Mobile Phone" in guess["phone"]


def test_preview_reads_only_the_start_of_a_big_file_and_cuts_at_a_line(tmp_path):
    path = tmp_path / "big.csv"
    line = "王小明,深圳华强电子有限公司,+86 138 0013 8000\n"
    path.write_bytes(("姓名,公司,手机\n" + line * 20_000).encode("gb18030"))
    assert path.stat().st_size > 4 * PREVIEW_BYTES
    header, rows = read_csv_preview(str(path))
    assert header == ["姓名", "公司", "手机"]  # still read as GB18030 after the cut
    assert rows[0] == ["王小明", "深圳华强电子有限公司", "+86 138 0013 8000"] and len(rows) == 5


def test_preview_errors_are_one_line(tmp_path):
    with pytest.raises(ValueError, match=r"^gone\.csv: file not found$"):
        read_csv_preview(str(tmp_path / "gone.csv"))
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty\.csv: the file is empty"):
        read_csv_preview(str(tmp_path / "empty.csv"))


# -- the widget --------------------------------------------------------------------------


def open_columns(qtbot, source: str) -> tuple[ContactsTab, object]:
    tab = ContactsTab(Settings(contact_sources=(source,)))
    qtbot.addWidget(tab)
    tab.sources.setCurrentItem(tab.sources.topLevelItem(0))
    assert tab.columns_button.isEnabled()
    with qtbot.waitSignal(tab.preview_requested) as asked:
        tab.columns_button.click()
    assert asked.args == [source.partition("#")[0]]
    return tab, tab.columns_dialog


ROWS = [
    ["Anna", "Schmidt", "<b>Müller</b> & Söhne", "+49 30 1234 5678", "+49 171 1234567", "VIP"],
    ["Bob", "O'Neil", "", "", "+1 212 555 0100", ""],
]


def test_columns_button_only_for_csv_sources(qtbot):
    tab = ContactsTab(Settings())
    qtbot.addWidget(tab)
    tab.source_edit.setText("ldap://dc1/ou=people,dc=example,dc=com")
    assert not tab.columns_button.isEnabled()
    tab.source_edit.setText("Contacts.vcf")
    assert not tab.columns_button.isEnabled()
    tab.source_edit.setText("Outlook contacts.csv")
    assert tab.columns_button.isEnabled()


def test_editor_shows_rows_as_plain_text_with_the_guess_prefilled(qtbot):
    tab, dialog = open_columns(qtbot, "/data/outlook.csv")
    assert not dialog.ok_button.isEnabled()  # nothing to choose from before the rows come
    tab.show_csv_preview("/elsewhere/other.csv", ["X"], [], "")  # another file's answer
    assert dialog.table.columnCount() == 0
    tab.show_csv_preview("/data/outlook.csv", OUTLOOK_HEADER, ROWS, "")
    table = dialog.table
    assert [table.horizontalHeaderItem(c).text() for c in range(6)] == OUTLOOK_HEADER
    assert table.rowCount() == 2 and table.item(0, 2).text() == "<b>Müller</b> & Söhne"
    assert dialog.combos["first"].currentText() == "First Name"
    assert dialog.combos["last"].currentText() == "Last Name"
    assert dialog.combos["company"].currentText() == "Company"
    assert dialog.combos["name"].currentText() == "(none)"
    assert dialog.phone_columns() == ["Business Phone", "Mobile Phone"]
    assert dialog.overrides() == {} and dialog.ok_button.isEnabled()


def test_choices_go_into_the_source_text_and_the_selected_source(qtbot):
    tab, dialog = open_columns(qtbot, "/data/outlook.csv")
    tab.show_csv_preview("/data/outlook.csv", OUTLOOK_HEADER, ROWS, "")
    dialog.combos["notes"].setCurrentIndex(0)  # (none)
    dialog.combos["company"].setCurrentText("Notes")
    dialog.phones.item(3).setCheckState(Qt.CheckState.Unchecked)  # Business Phone
    assert dialog.overrides() == {"company": ["Notes"], "notes": [], "phone": ["Mobile Phone"]}
    with qtbot.waitSignal(tab.changed):
        dialog.ok_button.click()
    expected = "/data/outlook.csv#company=Notes;phone=Mobile Phone;notes="
    assert tab.source_edit.text() == expected
    assert tab.source_texts() == (expected,)
    assert parse_source(expected).mapping_dict() == {
        "company": ["Notes"],
        "phone": ["Mobile Phone"],
        "notes": [],
    }


def test_an_existing_mapping_is_shown_and_a_bad_choice_is_refused(qtbot):
    tab, dialog = open_columns(qtbot, "/data/outlook.csv#company=Notes;phone=Gone,Mobile Phone")
    tab.show_csv_preview("/data/outlook.csv", OUTLOOK_HEADER, ROWS, "")
    assert dialog.combos["company"].currentText() == "Notes"
    assert dialog.phone_columns() == ["Mobile Phone"]  # a column the file lost is dropped
    dialog.phones.item(4).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem_text() == "Tick at least one column that holds phone numbers."
    dialog.phones.item(3).setCheckState(Qt.CheckState.Checked)
    for role in ("first", "last", "company"):
        dialog.combos[role].setCurrentIndex(0)
    assert dialog.problem_text() == "Choose the column of the name or of the company."
    assert not dialog.ok_button.isEnabled()


def test_an_unreadable_file_says_why_in_the_editor(qtbot):
    tab, dialog = open_columns(qtbot, "/data/gone.csv")
    tab.show_csv_preview("/data/gone.csv", [], [], "gone.csv: file not found")
    assert dialog.status.text() == "gone.csv: file not found"
    assert not dialog.ok_button.isEnabled()


def test_the_app_reads_the_rows_for_the_editor(sim, qtbot, tmp_path):
    app = make_controller(tmp_path, sim)
    csv_path = tmp_path / "Google contacts.csv"
    csv_path.write_bytes((FIX / "google.csv").read_bytes())
    run_async(qtbot, app.start())
    try:
        app.show_settings()
        tab = app.settings_dialog.contacts_tab
        tab.source_edit.setText(str(csv_path))
        tab.columns_button.click()
        dialog = tab.columns_dialog
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)
        assert [dialog.table.item(0, c).text() for c in (0, 2, 10)] == [
            "小明",
            "王",
            "深圳华强电子有限公司",
        ]
        assert dialog.combos["company"].currentText() == "Organization Name"
        assert dialog.phone_columns() == ["Phone 1 - Value", "Phone 2 - Value"]
        dialog.reject()
    finally:
        app.settings_dialog.reject()
        run_async(qtbot, app.stop())
        run_async(qtbot, asyncio.sleep(0))
