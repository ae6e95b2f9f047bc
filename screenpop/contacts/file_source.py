"""A CSV or vCard file, indexed in memory and reloaded when it changes or comes back.

Blocking (reads the file): the lookup runs `refresh()` in a worker thread. A lookup only ever
reads `index`, which is replaced whole, so it never sees a half-built directory.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from .csv_reader import preview_csv, read_csv_records
from .index import ContactIndex
from .model import LoadReport, count_of
from .numbers import NumberMatcher
from .source_url import SourceSpec
from .vcard_reader import read_vcard_records

log = logging.getLogger(__name__)
PREVIEW_BYTES = 64 * 1024  # the column editor shows a file's first rows, not all of it


def read_csv_preview(path: str, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header and first rows of a CSV file, for the column editor in Settings.

    Reads only the start of the file. ValueError carries a one-line message for the user.
    """
    file = Path(os.path.expanduser(path))
    try:
        with open(file, "rb") as f:
            data = f.read(PREVIEW_BYTES + 1)
    except OSError as exc:
        reason = "file not found" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise ValueError(f"{file.name}: {reason or exc}") from None
    if len(data) > PREVIEW_BYTES:
        # Cut at a line end, never inside a character (which could change the guessed
        # encoding); UTF-16 text is cut at an even byte.
        data = data[:PREVIEW_BYTES]
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data[: len(data) // 2 * 2]
        else:
            data = data[: data.rfind(b"\n") + 1] or data
    header, first = preview_csv(data, rows)
    if not header:
        raise ValueError(f"{file.name}: the file is empty")
    return header, first


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """A directory load makes ~1M small acyclic objects; the cyclic collector would scan them
    again and again while they are made (a third of a 100,000-contact load). Reference
    counting still frees everything; the collector resumes right after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
            # One young-generation pass here, in the loading thread, rather than on some
            # later allocation in the UI thread: it also stops tracking the index's tuples.
            gc.collect(0)


class FileSource:
    """One contact file. `status` is the one line Settings and the tray tooltip show."""

    remote = False

    def __init__(self, spec: SourceSpec, matcher: NumberMatcher) -> None:
        self.spec = spec
        self.matcher = matcher
        self.path = Path(os.path.expanduser(spec.path))
        self.index = ContactIndex(matcher)
        self.report = LoadReport()
        self.ok = False
        self.status = "not read yet"
        self._stamp: tuple[int, int] | None = None
        self.generation = 0  # counts successful loads: cached answers of older ones are stale

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def refresh(self) -> bool:
        """Read the file again if it changed since the last read; True when it was read."""
        stamp = self._stat()
        if stamp is None:
            self.ok = False
            kept = (
                f" (still using the {count_of(len(self.index), 'contact')} read before)"
                if len(self.index)
                else ""
            )
            self.status = f"{self.path.name}: file not found{kept}"
            self._stamp = None
            return False
        if stamp == self._stamp:
            return False
        self.load()
        return True

    def load(self) -> int:
        """Read the whole file now. Never raises: problems end up in `status`."""
        stamp = self._stat()
        try:
            with _no_cyclic_gc():
                data = self.path.read_bytes()
                if self.spec.kind == "csv":
                    records, report = read_csv_records(
                        data, self.spec.mapping_dict(), source=self.spec.kind
                    )
                else:
                    records, report = read_vcard_records(data, source=self.spec.kind)
                index = ContactIndex(self.matcher)
                index.add_records(records)
                # Gone before the collector's pass at the end: only the index is left to look at.
                del records, data
        except OSError as exc:
            self.ok = False
            self.status = f"{self.path.name}: cannot read the file ({exc.strerror or exc})"
            return 0
        except ValueError as exc:
            self.ok = False
            self.status = f"{self.path.name}: {exc}"
            self._stamp = stamp  # the same bad file is not re-read every poll
            return 0
        self.index = index
        self.generation += 1
        self.report = report
        self._stamp = stamp
        self.ok = True
        self.status = f"{self.path.name}: {report.summary()}"
        log.info("contacts %s", self.status)
        return report.loaded

    def lookup(self, number: str):  # type: ignore[no-untyped-def]
        return self.index.lookup(number)
