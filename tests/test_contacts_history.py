"""The history as a contact source and as caller context; Recent calls' contact column/search."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from screenpop.calls.events import Answered, Caller, Ended, Ringing
from screenpop.contacts.context import caller_context
from screenpop.history import SCHEMA_VERSION, HistoryStore
from screenpop.ui.history_window import COL_CONTACT, RecentCallsWindow, matches

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def ring(store, call, number, name="", ext="201", when=None):
    store.record(
        Ringing(
            call, ext, Caller(number, name), f"SIP/{ext}-1", "SIP/trunk-1",
            time=when or datetime.now(UTC),
        )
    )  # fmt: skip


def end(store, call, answered_by=None):
    if answered_by:
        store.record(Answered(call, answered_by))
    store.record(
        Ended(call, "ANSWERED" if answered_by else "NO ANSWER", 10, 5, answered_by=answered_by)
    )


def test_contact_is_recorded_and_is_the_last_name_seen(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3")
    ring(store, "c1", "13800138000", "13800138000")
    assert store.last_name_for("13800138000") is None  # the number as its own name is no name
    store.record_contact("c1", "王小明", "深圳华强", "ldap")
    assert store.last_name_for("13800138000") is None  # c1 still rings: its popup has the name
    end(store, "c1", "201")
    ring(store, "c2", "13800138000", "")
    assert store.last_name_for("13800138000") == "王小明"
    store.record_contact("c2", "guess", "", "history")  # the history's guess is not stored
    assert store.list_recent()[0].contact_name is None
    store.close()


def test_schema_1_files_are_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE calls (call_id TEXT PRIMARY KEY, started TEXT NOT NULL, number TEXT,"
        " name TEXT, extensions TEXT NOT NULL DEFAULT '', trunk TEXT, answered_by TEXT,"
        " answered INTEGER NOT NULL DEFAULT 0, disposition TEXT, duration INTEGER,"
        " billable INTEGER, ended TEXT, missed INTEGER NOT NULL DEFAULT 0,"
        " done INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute("INSERT INTO calls (call_id, started, number, name) VALUES ('old', ?, '1', 'A')",
               (datetime.now(UTC).isoformat(),))  # fmt: skip
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = HistoryStore(path)
    assert store.notice is None
    assert [e.call_id for e in store.list_recent()] == ["old"]
    store.record_contact("old", "Anna", "", "csv")
    assert store.list_recent()[0].contact_name == "Anna"
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_caller_context_words(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3")
    now = datetime.now(UTC)
    assert caller_context(store.calls_from("555"), now).text == "New caller"
    ring(store, "a", "555", when=now - timedelta(days=3))
    end(store, "a", "202")
    assert caller_context(store.calls_from("555"), now).text == "Last called 3 days ago"
    ring(store, "b", "555", when=now - timedelta(minutes=30))
    end(store, "b")  # missed
    ring(store, "c", "555", when=now - timedelta(minutes=10))
    end(store, "c", "203")
    ring(store, "d", "555", when=now)  # the ringing call itself is not counted
    context = caller_context(store.calls_from("555"), now, "d")
    assert context.text == "Called 2 times today, last answered by 203"
    assert context.missed_today == 1
    # The popup shows it translated: the template and its values, not the English words.
    assert context.template == "Called {n} times today, last answered by {ext}"
    assert context.args == {"n": "2", "ext": "203"}
    store.mark_done("b")
    assert caller_context(store.calls_from("555"), now, "d").missed_today == 0
    store.close()


def test_recent_calls_contact_column_and_search(qtbot, tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3")
    ring(store, "c1", "13800138000", "")
    store.record_contact("c1", "王小明", "深圳华强电子", "ldap")
    ring(store, "c2", "+49301234567", "Anna Schmidt")
    store.record_contact("c2", "Anna Schmidt", "Müller GmbH", "csv")
    ring(store, "c3", "0571888", "Li")
    window = RecentCallsWindow()
    qtbot.addWidget(window)
    window.set_entries(store.list_recent())
    row = window.model.row_of("c1")
    assert window.model.index(row, COL_CONTACT).data(Qt.ItemDataRole.DisplayRole) == (
        "王小明 · 深圳华强电子"
    )

    def shown():
        return {
            window.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).call_id
            for r in range(window.proxy.rowCount())
        }

    for query, expected in (
        ("138 0013", {"c1"}),
        ("华强", {"c1"}),
        ("müller", {"c2"}),
        ("anna 3012", {"c2"}),
        ("li", {"c3"}),
        ("", {"c1", "c2", "c3"}),
        ("nobody", set()),
    ):
        window.search.setText(query)
        assert shown() == expected, query
    store.close()


def test_matches_needs_every_word():
    class E:
        number, name, contact_name, contact_company = "+8613800138000", None, "王小明", "Acme"

    assert matches(E, "acme 8000") and not matches(E, "acme 9999")
