"""HistoryStore: recording calls, surviving restarts, damaged files, privacy, the row cap."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta

import pytest

from screenpop.calls.events import Answered, Caller, Ended, Outbound, RingEnded, Ringing
from screenpop.history import SCHEMA_VERSION, HistoryEntry, HistoryStore

T0 = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


def ringing(call: str, ext: str = "601", number: str | None = "0612345678", name=None, t=T0):
    return Ringing(
        call=call,
        extension=ext,
        caller=Caller(number, name),
        channel=f"SIP/{ext}-0001",
        caller_channel="SIP/trunk-0001",
        trunk="trunk1",
        time=t,
    )


def answered_call(store: HistoryStore, call: str, ext: str = "601", t=T0) -> None:
    store.record(ringing(call, ext, t=t))
    store.record(Answered(call=call, extension=ext, time=t + timedelta(seconds=5)))
    store.record(
        Ended(
            call=call,
            disposition="ANSWERED",
            duration=65,
            billable=60,
            extensions=(ext,),
            answered_by=ext,
            time=t + timedelta(seconds=65),
        )
    )


def missed_call(store: HistoryStore, call: str, ext: str = "601", t=T0) -> None:
    store.record(ringing(call, ext, number="0799999999", name="Jan", t=t))
    store.record(RingEnded(call=call, extension=ext, reason="no_answer", time=t))
    store.record(
        Ended(
            call=call,
            disposition="NO ANSWER",
            duration=20,
            billable=0,
            extensions=(ext,),
            time=t + timedelta(seconds=20),
        )
    )


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "history.sqlite3"


def test_answered_and_missed_survive_restart(path):
    store = HistoryStore(path)
    answered_call(store, "c1")
    missed_call(store, "c2", t=T0 + timedelta(minutes=1))
    store.close()

    store = HistoryStore(path)
    assert store.notice is None
    entries = store.list_recent()
    assert [e.call_id for e in entries] == ["c2", "c1"]  # newest first
    missed, answered = entries
    assert answered == HistoryEntry(
        call_id="c1",
        started=T0,
        number="0612345678",
        name=None,
        extensions=("601",),
        answered_by="601",
        duration=65,
        missed=False,
        done=False,
        trunk="trunk1",
        ended=T0 + timedelta(seconds=65),
        disposition="ANSWERED",
        billable=60,
    )
    assert missed.missed and not missed.done and missed.answered_by is None
    assert missed.name == "Jan" and missed.duration == 20
    assert store.missed_count() == 1
    store.close()


def test_transfer_keeps_one_row(path):
    store = HistoryStore(path)
    store.record(ringing("c1", "601"))
    store.record(Answered(call="c1", extension="601"))
    store.record(ringing("c1", "602", t=T0 + timedelta(seconds=30)))  # transferred to 602
    store.record(Answered(call="c1", extension="602"))
    store.record(
        Ended(call="c1", disposition="ANSWERED", duration=90, billable=80, answered_by="601")
    )
    entries = store.list_recent()
    assert len(entries) == 1
    assert entries[0].extensions == ("601", "602")
    assert entries[0].answered_by == "602"
    assert entries[0].started == T0
    assert not entries[0].missed
    store.close()


def test_ringing_call_is_in_progress_and_not_missed(path):
    store = HistoryStore(path)
    store.record(ringing("c1"))
    (entry,) = store.list_recent()
    assert entry.in_progress and not entry.missed
    assert store.missed_count() == 0
    store.close()


def test_answered_elsewhere_counts_as_missed_here(path):
    store = HistoryStore(path)
    store.record(ringing("c1", "601"))
    store.record(RingEnded(call="c1", extension="601", reason="answered_elsewhere"))
    store.record(
        Ended(call="c1", disposition="ANSWERED", duration=30, billable=25, answered_by="699")
    )
    (entry,) = store.list_recent()
    assert entry.missed and entry.answered_by == "699"
    store.close()


def test_events_for_unknown_calls_and_outbound_are_ignored(path):
    store = HistoryStore(path)
    store.record(Answered(call="x", extension="601"))
    store.record(Ended(call="x", disposition="ANSWERED", duration=1, billable=1))
    store.record(Outbound(call="o", extension="601", number="123", trunk="t"))
    assert store.list_recent() == []
    store.close()


def test_mark_done_lowers_missed_count(path):
    store = HistoryStore(path)
    missed_call(store, "c1")
    missed_call(store, "c2", t=T0 + timedelta(minutes=1))
    assert store.missed_count() == 2
    store.mark_done("c1")
    assert store.missed_count() == 1
    assert {e.call_id: e.done for e in store.list_recent()} == {"c1": True, "c2": False}
    store.close()
    with HistoryStore(path) as again:
        assert again.missed_count() == 1


def test_garbage_file_is_kept_aside_and_a_fresh_one_started(path):
    path.parent.mkdir(parents=True)
    garbage = os.urandom(64) + b"this is not sqlite" * 100
    path.write_bytes(garbage)
    store = HistoryStore(path)
    assert store.notice is not None
    assert "damaged" in store.notice and "\n" not in store.notice
    aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].name in store.notice
    assert aside[0].read_bytes() == garbage  # the user's data is never deleted
    answered_call(store, "c1")
    assert [e.call_id for e in store.list_recent()] == ["c1"]
    store.close()


def test_failed_integrity_check_is_kept_aside(path):
    store = HistoryStore(path)
    for i in range(200):
        answered_call(store, f"c{i}", t=T0 + timedelta(seconds=i))
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[2 * page : 3 * page] = b"\xff" * page  # smash a b-tree page, keep the header
    path.write_bytes(bytes(data))
    store = HistoryStore(path)
    assert store.notice and "damaged" in store.notice
    assert any(".corrupt-" in p.name for p in path.parent.iterdir())
    assert store.list_recent() == []
    store.close()


def test_file_that_stays_locked_is_kept_aside(path):
    HistoryStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        store = HistoryStore(path, busy_timeout=0.05)
        assert store.notice and "kept as" in store.notice
        answered_call(store, "c1")
        assert len(store.list_recent()) == 1
        store.close()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_newer_schema_is_kept_aside(path):
    HistoryStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    store = HistoryStore(path)
    assert store.notice is not None
    assert any(".corrupt-" in p.name for p in path.parent.iterdir())
    store.close()


def test_schema_version_is_set(path):
    HistoryStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_file_is_private(path):
    store = HistoryStore(path)
    answered_call(store, "c1")
    store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_row_cap_keeps_newest(path):
    store = HistoryStore(path, max_rows=5)
    for i in range(12):
        store.record(ringing(f"c{i:02d}", t=T0 + timedelta(minutes=i)))
    entries = store.list_recent()
    assert [e.call_id for e in entries] == ["c11", "c10", "c09", "c08", "c07"]
    store.close()
    # a smaller cap applies when the file is opened again
    with HistoryStore(path, max_rows=2) as store:
        assert [e.call_id for e in store.list_recent()] == ["c11", "c10"]


def test_list_recent_limit(path):
    with HistoryStore(path) as store:
        for i in range(5):
            store.record(ringing(f"c{i}", t=T0 + timedelta(minutes=i)))
        assert len(store.list_recent(limit=3)) == 3


def test_never_raises_after_close(path):
    store = HistoryStore(path)
    store.close()
    store.record(ringing("c1"))
    assert store.list_recent() == []
    assert store.missed_count() == 0


def test_history_uses_wal_with_cheap_commits(path):
    # Each call event is a commit on the thread that shows the popups: no disk sync per commit.
    with HistoryStore(path) as store:
        answered_call(store, "c1")
        assert store._db is not None
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    with HistoryStore(path) as again:  # every row committed survives a normal close
        assert [e.call_id for e in again.list_recent()] == ["c1"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_wal_side_files_are_private(path):
    store = HistoryStore(path)
    answered_call(store, "c1")
    sides = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    try:
        for side in sides:
            assert side.exists(), side
            assert stat.S_IMODE(side.stat().st_mode) == 0o600, side
    finally:
        store.close()


def test_a_second_reader_sees_rows_while_the_app_runs(path):
    # Another process (the CLI, a backup) reading the file sees committed calls at once.
    with HistoryStore(path) as store:
        answered_call(store, "c1")
        other = sqlite3.connect(path)
        try:
            assert other.execute("SELECT call_id FROM calls").fetchall() == [("c1",)]
        finally:
            other.close()
