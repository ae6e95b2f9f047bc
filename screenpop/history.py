"""Call history: every call the watched extensions saw, in a small SQLite file.

Pure Python (stdlib + platformdirs): no Qt, no asyncio. One row per call id, so a call that is
transferred from extension to extension stays one row. The store never raises to its caller: a
damaged or stuck file is renamed aside (never deleted), a fresh one is started, and a one-line
message is left in `HistoryStore.notice` for the UI to show.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screenpop.calls.events import Answered, CallEvent, Ended, RingEnded, Ringing
from screenpop.files import aside_path

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
MAX_ROWS = 10_000
FILE_NAME = "history.sqlite3"
_SIDE_FILES = ("-journal", "-wal", "-shm")


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One call as the history remembers it. Times are timezone-aware (UTC)."""

    call_id: str
    started: datetime
    number: str | None
    name: str | None
    extensions: tuple[str, ...]  # the watched extensions that rang, in order
    answered_by: str | None  # the extension that picked up, when known
    duration: int | None  # seconds, from the PBX's CDR; None until the call ended
    missed: bool  # ended without any watched extension answering
    done: bool  # a missed call the user has dealt with
    trunk: str | None = None
    ended: datetime | None = None
    disposition: str | None = None  # ANSWERED, NO ANSWER, BUSY, FAILED
    billable: int | None = None  # talk time in seconds
    contact_name: str | None = None  # from the contact lookup, when it found the caller
    contact_company: str | None = None
    contact_source: str | None = None

    @property
    def in_progress(self) -> bool:
        return self.ended is None


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("screenpop", appauthor=False)) / FILE_NAME


def _create_schema_v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE IF NOT EXISTS calls (
            call_id     TEXT PRIMARY KEY,
            started     TEXT NOT NULL,
            number      TEXT,
            name        TEXT,
            extensions  TEXT NOT NULL DEFAULT '',
            trunk       TEXT,
            answered_by TEXT,
            answered    INTEGER NOT NULL DEFAULT 0,
            disposition TEXT,
            duration    INTEGER,
            billable    INTEGER,
            ended       TEXT,
            missed      INTEGER NOT NULL DEFAULT 0,
            done        INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS calls_started ON calls (started)")


# Migration hook: MIGRATIONS[n] upgrades a file at user_version n to n + 1.
# Version 0 is a new, empty file. Add MIGRATIONS[1] together with SCHEMA_VERSION = 2.
def _add_contacts_v2(db: sqlite3.Connection) -> None:
    for column in ("contact_name", "contact_company", "contact_source"):
        db.execute(f"ALTER TABLE calls ADD COLUMN {column} TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS calls_number ON calls (number, started)")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _create_schema_v1,
    1: _add_contacts_v2,
}


class _Damaged(Exception):
    """The file can't be used as it is: carries the reason for the log."""


def _iso(t: datetime) -> str:
    if t.tzinfo is None:
        t = t.astimezone()  # naive: assume local time
    return t.astimezone(UTC).isoformat()


def _from_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(",") if x)


class HistoryStore:
    """Call history in SQLite. `record()` every call event; the UI reads `list_recent()`.

    Never raises on I/O problems: they are logged, the file is set aside when it is damaged or
    stays locked, and `notice` holds a one-line message for the user (None when all is well).
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        max_rows: int = MAX_ROWS,
        busy_timeout: float = 1.0,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.max_rows = max_rows
        self.busy_timeout = busy_timeout
        self.notice: str | None = None
        self._db: sqlite3.Connection | None = None
        self._open()

    # -- public API ---------------------------------------------------------------------------

    def record(self, event: CallEvent) -> None:
        """Store what a call event says. Events for calls never seen ringing are ignored."""
        self._write(lambda db: self._apply(db, event))

    def list_recent(self, limit: int = 200) -> list[HistoryEntry]:
        """The newest calls first."""
        rows = self._read(
            "SELECT call_id, started, number, name, extensions, answered_by, duration, missed,"
            " done, trunk, ended, disposition, billable, contact_name, contact_company,"
            " contact_source FROM calls"
            " ORDER BY started DESC, rowid DESC LIMIT ?",
            (max(0, int(limit)),),
        )
        return self._entries(rows)

    def calls_from(self, number: str, limit: int = 50) -> list[HistoryEntry]:
        """The newest calls from `number` (as the PBX wrote it), newest first."""
        rows = self._read(
            "SELECT call_id, started, number, name, extensions, answered_by, duration, missed,"
            " done, trunk, ended, disposition, billable, contact_name, contact_company,"
            " contact_source FROM calls WHERE number = ?"
            " ORDER BY started DESC, rowid DESC LIMIT ?",
            (number, max(0, int(limit))),
        )
        return self._entries(rows)

    def last_name_for(self, number: str) -> str | None:
        """The name last seen with `number` in an earlier call: a contact found then, else the
        PBX's caller name. Calls still in progress do not count: the ringing call's own name is
        already on its popup, and "from call history" would only repeat it."""
        for entry in self.calls_from(number, 20):
            if entry.ended is None:
                continue
            for name in (entry.contact_name, entry.name):
                if name and name.strip() and name.strip() != number:
                    return name.strip()
        return None

    def record_contact(self, call_id: str, name: str, company: str, source: str) -> None:
        """Remember who a call was from (the Recent calls list shows and searches it)."""
        if source == "history":
            return  # the history's own guess is not new knowledge
        self._write(
            lambda db: db.execute(
                "UPDATE calls SET contact_name = ?, contact_company = ?, contact_source = ?"
                " WHERE call_id = ?",
                (name, company or None, source, call_id),
            )
        )

    @staticmethod
    def _entries(rows: list[tuple]) -> list[HistoryEntry]:  # type: ignore[type-arg]
        entries = []
        for r in rows:
            started = _from_iso(r[1]) or datetime.fromtimestamp(0, UTC)
            entries.append(
                HistoryEntry(
                    call_id=r[0],
                    started=started,
                    number=r[2],
                    name=r[3],
                    extensions=_split(r[4]),
                    answered_by=r[5],
                    duration=r[6],
                    missed=bool(r[7]),
                    done=bool(r[8]),
                    trunk=r[9],
                    ended=_from_iso(r[10]),
                    disposition=r[11],
                    billable=r[12],
                    contact_name=r[13],
                    contact_company=r[14],
                    contact_source=r[15],
                )
            )
        return entries

    def missed_count(self) -> int:
        """Missed calls the user has not marked done."""
        rows = self._read("SELECT COUNT(*) FROM calls WHERE missed = 1 AND done = 0", ())
        return int(rows[0][0]) if rows else 0

    def mark_done(self, call_id: str) -> None:
        self._write(
            lambda db: db.execute("UPDATE calls SET done = 1 WHERE call_id = ?", (call_id,))
        )

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"HistoryStore({str(self.path)!r})"

    # -- applying events ----------------------------------------------------------------------

    def _apply(self, db: sqlite3.Connection, event: CallEvent) -> None:
        if isinstance(event, Ringing):
            row = db.execute(
                "SELECT extensions FROM calls WHERE call_id = ?", (event.call,)
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO calls (call_id, started, number, name, extensions, trunk)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        event.call,
                        _iso(event.time),
                        event.caller.number,
                        event.caller.name,
                        event.extension,
                        event.trunk,
                    ),
                )
                self._prune(db)
            else:
                extensions = _split(row[0])
                if event.extension not in extensions:
                    extensions += (event.extension,)
                db.execute(
                    "UPDATE calls SET extensions = ?, number = COALESCE(number, ?),"
                    " name = COALESCE(name, ?), trunk = COALESCE(trunk, ?) WHERE call_id = ?",
                    (
                        ",".join(extensions),
                        event.caller.number,
                        event.caller.name,
                        event.trunk,
                        event.call,
                    ),
                )
        elif isinstance(event, Answered):
            db.execute(
                "UPDATE calls SET answered_by = ?, answered = 1 WHERE call_id = ?",
                (event.extension, event.call),
            )
        elif isinstance(event, RingEnded):
            if event.reason == "answered":
                db.execute(
                    "UPDATE calls SET answered_by = ?, answered = 1 WHERE call_id = ?",
                    (event.extension, event.call),
                )
        elif isinstance(event, Ended):
            row = db.execute(
                "SELECT extensions, answered, answered_by FROM calls WHERE call_id = ?",
                (event.call,),
            ).fetchone()
            if row is None:
                return
            extensions, answered, answered_by = _split(row[0]), bool(row[1]), row[2]
            if event.answered_by and event.answered_by in extensions:
                answered = True
            if event.answered_by and not answered_by:
                answered_by = event.answered_by
            number = event.caller.number if event.caller else None
            name = event.caller.name if event.caller else None
            db.execute(
                "UPDATE calls SET disposition = ?, duration = ?, billable = ?, ended = ?,"
                " answered = ?, answered_by = ?, missed = ?, number = COALESCE(number, ?),"
                " name = COALESCE(name, ?) WHERE call_id = ?",
                (
                    event.disposition,
                    event.duration,
                    event.billable,
                    _iso(event.time),
                    int(answered),
                    answered_by,
                    int(not answered),
                    number,
                    name,
                    event.call,
                ),
            )
        # Outbound calls are not part of the incoming-call history.

    def _prune(self, db: sqlite3.Connection) -> None:
        db.execute(
            "DELETE FROM calls WHERE call_id IN (SELECT call_id FROM calls"
            " ORDER BY started DESC, rowid DESC LIMIT -1 OFFSET ?)",
            (self.max_rows,),
        )

    # -- robust I/O ---------------------------------------------------------------------------

    def _write(self, action: Callable[[sqlite3.Connection], object]) -> None:
        for attempt in (1, 2):
            db = self._db
            if db is None:
                return
            try:
                with db:  # commits, or rolls back on error
                    action(db)
                return
            except sqlite3.Error as exc:
                log.warning("call history write failed: %s", exc)
                if attempt == 1:
                    self._recover(exc)

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        for attempt in (1, 2):
            db = self._db
            if db is None:
                return []
            try:
                return db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.warning("call history read failed: %s", exc)
                if attempt == 1:
                    self._recover(exc)
        return []

    def _recover(self, exc: sqlite3.Error) -> None:
        """A query failed on an open file: set it aside when it is damaged or stuck."""
        if self.path == Path(":memory:") or not isinstance(exc, sqlite3.DatabaseError):
            return
        self.close()
        self._set_aside(str(exc))
        self._open_fresh()

    def _open(self) -> None:
        try:
            self._db = self._connect(check=True)
        except _Damaged as exc:
            log.warning("call history %s unusable: %s", self.path, exc)
            self.close()
            self._set_aside(str(exc))
            self._open_fresh()
        except (OSError, sqlite3.Error) as exc:
            log.warning("call history %s could not be opened: %s", self.path, exc)
            self.close()
            self._open_memory(
                f"The call history could not be opened ({exc}); calls are kept "
                "only until the app closes."
            )

    def _open_fresh(self) -> None:
        try:
            self._db = self._connect(check=False)
        except (OSError, sqlite3.Error, _Damaged) as exc:
            log.warning("a new call history could not be started: %s", exc)
            self.close()
            self._open_memory(
                f"The call history could not be saved ({exc}); calls are kept "
                "only until the app closes."
            )

    def _open_memory(self, message: str) -> None:
        self.notice = message
        db = sqlite3.connect(":memory:")
        self._migrate(db)
        self._db = db

    def _connect(self, *, check: bool) -> sqlite3.Connection:
        if self.path != Path(":memory:"):
            self._create_private_file()
        db = sqlite3.connect(self.path, timeout=self.busy_timeout)
        self._db = db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            if check:
                result = db.execute("PRAGMA quick_check").fetchall()
                if result != [("ok",)]:
                    raise _Damaged(f"integrity check failed: {result[:3]}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _Damaged(f"made by a newer version of screenpop (schema {version})")
            self._migrate(db)
            self._prune_now(db)
            if self.path != Path(":memory:"):
                self._use_wal(db)
        except sqlite3.DatabaseError as exc:  # not a database, malformed, locked, I/O error
            raise _Damaged(str(exc)) from exc
        return db

    def _prune_now(self, db: sqlite3.Connection) -> None:
        count = db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        if count > self.max_rows:
            with db:
                self._prune(db)

    @staticmethod
    def _use_wal(db: sqlite3.Connection) -> None:
        """Make a commit cheap: writes run on the thread that shows the popups.

        The default rollback journal syncs the disk on every commit (3-15 ms on a desk VM, each
        call event is a commit); WAL with synchronous=NORMAL syncs only at checkpoints. A
        committed row still survives the app crashing, only a power cut can take the last few.
        SQLite gives the -wal/-shm files the main file's mode, so they stay private (0600).
        """
        with contextlib.suppress(sqlite3.OperationalError):  # e.g. a share without shared memory
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        # WAL readers ignore another writer's lock: ask for the write lock now so a file that
        # stays locked is still set aside at start, not at the first call.
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        while version < SCHEMA_VERSION:
            with db:
                MIGRATIONS[version](db)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")

    def _create_private_file(self) -> None:
        """Create the directory (0700) and the file (0600) before SQLite opens it."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.path, flags, 0o600))
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)

    def _set_aside(self, reason: str) -> None:
        aside = aside_path(self.path)
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return
        except OSError as exc:  # e.g. still open elsewhere on Windows
            log.warning("could not set the call history aside: %s", exc)
            self.notice = (
                "The call history file could not be used and could not be set aside; "
                "calls are kept only until the app closes."
            )
            self.path = Path(":memory:")
            return
        for suffix in _SIDE_FILES:
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                os.replace(side, aside.with_name(aside.name + suffix))
        log.warning("call history set aside as %s (%s)", aside, reason)
        self.notice = (
            f"The call history file was damaged; it was kept as {aside.name} "
            "and a new one was started."
        )
