"""RecentCallsWindow driven through its widget API and signals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from screenpop.history import HistoryEntry
from screenpop.ui.history_window import (
    COL_ANSWERED,
    COL_DURATION,
    COL_NAME,
    COL_NUMBER,
    COL_TIME,
    RecentCallsWindow,
    format_duration,
    format_time,
    missed_colour,
)

NOW = datetime.now(UTC)


def entry(call_id, number="0612345678", name="Anna", missed=False, done=False, minutes=0):
    return HistoryEntry(
        call_id=call_id,
        started=NOW - timedelta(minutes=minutes),
        number=number,
        name=name,
        extensions=("601",),
        answered_by=None if missed else "601",
        duration=125,
        missed=missed,
        done=done,
        ended=NOW - timedelta(minutes=minutes) + timedelta(seconds=125),
    )


ENTRIES = [
    entry("c3", number="0799999999", name="<b>Evil</b> & Co", missed=True, minutes=1),
    entry("c2", number="0711111111", name="Bob", minutes=5),
    entry("c1", number="0722222222", name="Old", missed=True, done=True, minutes=9),
]


@pytest.fixture
def window(qtbot):
    w = RecentCallsWindow()
    qtbot.addWidget(w)
    w.set_entries(ENTRIES)
    w.show()
    qtbot.waitExposed(w)
    return w


def cell(w, row, col, role=Qt.ItemDataRole.DisplayRole):
    return w.table.model().index(row, col).data(role)


def row_rect_center(w, row):
    return w.table.visualRect(w.table.model().index(row, COL_NUMBER)).center()


def test_empty_state(qtbot):
    w = RecentCallsWindow()
    qtbot.addWidget(w)
    assert w.stack.currentIndex() == 1
    assert w.empty_label.text() == "No calls yet"
    w.set_entries(ENTRIES)
    assert w.stack.currentIndex() == 0


def test_rows_shown(window):
    assert window.table.model().rowCount() == 3
    assert cell(window, 1, COL_NUMBER) == "0711111111"
    assert cell(window, 1, COL_NAME) == "Bob"
    assert cell(window, 1, COL_ANSWERED) == "601"
    assert cell(window, 1, COL_DURATION) == "2:05"
    assert cell(window, 1, COL_TIME).startswith(("Today", "Yesterday"))
    assert window.missed_label.text() == "1 missed"


def test_missed_rows_stand_out(window):
    assert cell(window, 0, COL_ANSWERED) == "Missed"
    font = cell(window, 0, COL_NAME, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    colour = cell(window, 0, COL_NUMBER, Qt.ItemDataRole.ForegroundRole)
    assert colour == missed_colour(window.palette())
    assert cell(window, 1, COL_NAME, Qt.ItemDataRole.FontRole) is None  # answered: plain
    assert cell(window, 2, COL_ANSWERED) == "Missed · done"  # dealt with: not bold
    assert cell(window, 2, COL_NAME, Qt.ItemDataRole.FontRole) is None


def test_html_in_name_shows_literally(window):
    assert cell(window, 0, COL_NAME) == "<b>Evil</b> & Co"
    assert window.table.textElideMode() == Qt.TextElideMode.ElideRight


def test_double_click_dials_number(window, qtbot):
    index = window.table.model().index(1, COL_NAME)
    with qtbot.waitSignal(window.dial_requested, timeout=1000) as blocker:
        window.table.doubleClicked.emit(index)
    assert blocker.args == ["0711111111"]


def test_double_click_with_the_mouse(window, qtbot):
    viewport = window.table.viewport()
    pos = row_rect_center(window, 0)
    # QTest's double click is only the second click: an item view needs the press first.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    with qtbot.waitSignal(window.dial_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == ["0799999999"]


def test_unknown_number_does_not_dial(qtbot):
    w = RecentCallsWindow()
    qtbot.addWidget(w)
    w.set_entries([entry("x", number=None, missed=True)])
    assert cell(w, 0, COL_NUMBER) == "Unknown"
    with qtbot.assertNotEmitted(w.dial_requested):
        w.table.doubleClicked.emit(w.table.model().index(0, 0))


def test_mark_done_button(window, qtbot):
    assert window.select_call("c2")
    assert not window.mark_done_button.isEnabled()  # answered call
    assert window.select_call("c1")
    assert not window.mark_done_button.isEnabled()  # already done
    assert window.select_call("c3")
    assert window.mark_done_button.isEnabled()
    with qtbot.waitSignal(window.mark_done_requested, timeout=1000) as blocker:
        qtbot.mouseClick(window.mark_done_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["c3"]


def test_refresh_keeps_selection_and_updates_count(window):
    window.select_call("c2")
    done = [
        e if e.call_id != "c3" else entry("c3", missed=True, done=True, minutes=1) for e in ENTRIES
    ]
    window.set_entries([entry("c4", minutes=0), *done])
    assert window.selected_entry().call_id == "c2"
    assert window.missed_label.text() == "No missed calls"


def test_missed_only_filter(window, qtbot):
    window.missed_only.setChecked(True)
    model = window.table.model()
    assert [
        model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).call_id
        for r in range(model.rowCount())
    ] == ["c3", "c1"]
    window.set_entries([entry("c9")])
    assert window.stack.currentIndex() == 1
    assert window.empty_label.text() == "No missed calls"
    window.missed_only.setChecked(False)
    assert window.stack.currentIndex() == 0


def test_context_menu_actions(window, qtbot):
    menu = window.context_menu_for(ENTRIES[0])
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == ["Copy number", "Call back", "Mark done"]
    with qtbot.waitSignal(window.dial_requested, timeout=1000) as blocker:
        actions["Call back"].trigger()
    assert blocker.args == ["0799999999"]
    with qtbot.waitSignal(window.mark_done_requested, timeout=1000) as blocker:
        actions["Mark done"].trigger()
    assert blocker.args == ["c3"]
    actions["Copy number"].trigger()
    assert QGuiApplication.clipboard().text() == "0799999999"
    answered_menu = window.context_menu_for(ENTRIES[1])
    assert not next(a for a in answered_menu.actions() if a.text() == "Mark done").isEnabled()


def test_formatting():
    now = datetime(2024, 5, 6, 15, 0).astimezone()
    assert format_time(now.replace(hour=14, minute=2), now) == "Today 14:02"
    assert format_time(now - timedelta(days=1), now) == "Yesterday 15:00"
    assert format_time(now - timedelta(days=5), now).endswith("15:00")
    assert "2023" in format_time(now.replace(year=2023), now)
    assert format_duration(None) == ""
    assert format_duration(5) == "0:05"
    assert format_duration(125) == "2:05"
    assert format_duration(3725) == "1:02:05"


def test_invalid_index_is_harmless(window, qtbot):
    with qtbot.assertNotEmitted(window.dial_requested):
        window.table.doubleClicked.emit(QModelIndex())
