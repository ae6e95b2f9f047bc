"""The asyncio lookup the call service runs for every ringing call. Never delays a pop.

Local sources (files, CardDAV copies) answer from memory at once. Remote sources (LDAP, an
HTTP CRM) are asked together, each with the deadline (1.5 s): the first to find the caller
wins; a source still busy at the deadline is abandoned for this call and named in the
result. Answers are cached (found: 10 minutes, not found: 1 minute) so a ring group of five
phones asks once. The call history's last name for the number is the last fallback.

Files are re-read when they change (a cheap stat every 2 s, the read in a worker thread);
CardDAV books re-sync every 5 minutes. Every task started here is owned and stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from .carddav_source import CardDavSource
from .file_source import FileSource
from .http_source import HttpSource
from .ldap_source import LdapSource
from .model import Contact, LookupResult
from .numbers import NumberMatcher
from .source_url import SourceSpec

log = logging.getLogger(__name__)

DEADLINE = 1.5
FOUND_TTL = 600.0
MISS_TTL = 60.0
FILE_POLL = 2.0
CARDDAV_SYNC = 300.0

Source = FileSource | CardDavSource | LdapSource | HttpSource
SecretFor = Callable[[SourceSpec], str | None]
HistoryName = Callable[[str], str | None]


def make_source(spec: SourceSpec, matcher: NumberMatcher, secret: str | None = None) -> Source:
    if spec.kind in ("csv", "vcard"):
        return FileSource(spec, matcher)
    if spec.kind == "carddav":
        return CardDavSource(spec, matcher, secret)
    if spec.kind == "ldap":
        return LdapSource(spec, matcher, secret)
    return HttpSource(spec, matcher, secret)


async def check_source(spec: SourceSpec, matcher: NumberMatcher, secret: str | None) -> str:
    """What Settings' Test button shows: how many contacts, or the exact error (ValueError)."""
    source = make_source(spec, matcher, secret)
    try:
        if isinstance(source, FileSource):
            await asyncio.to_thread(source.load)
            if not source.ok:
                raise ValueError(source.status)
            return source.status
        if isinstance(source, CardDavSource):
            await source.sync()
            return source.status
        if isinstance(source, LdapSource):
            try:
                await asyncio.to_thread(source.test)
            except Exception:
                raise ValueError(source.status) from None
            return source.status
        try:
            await asyncio.wait_for(source.lookup("+10000000000"), 5.0)
        except Exception as exc:
            raise ValueError(source.status or str(exc)) from None
        return f"{spec.host}: the CRM answered as documented"
    finally:
        await _close(source)


async def _close(source: Source) -> None:
    if isinstance(source, CardDavSource | HttpSource):
        await source.close()
    elif isinstance(source, LdapSource):
        await asyncio.to_thread(source.close)


class ContactLookup:
    def __init__(
        self,
        specs: Sequence[SourceSpec],
        matcher: NumberMatcher,
        *,
        secret_for: SecretFor = lambda spec: None,
        history_name: HistoryName | None = None,
        deadline: float = DEADLINE,
        on_status: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.matcher = matcher
        self.deadline = deadline
        self.history_name = history_name
        self.sources: list[Source] = [make_source(s, matcher, secret_for(s)) for s in specs]
        self._on_status = on_status
        self._clock = clock
        # number key -> (expiry, answer, generation of the local directories it was made with)
        self._cache: dict[str, tuple[float, Contact | None, int]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._maintainer: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self.lookups = 0

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        if self._maintainer is None:
            self._maintainer = asyncio.get_running_loop().create_task(self._maintain())

    async def wait_ready(self) -> None:
        """Until every local source was read or synced once (tests, the CLI)."""
        await self._ready.wait()

    async def stop(self) -> None:
        tasks = [t for t in (self._maintainer, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        self._maintainer = None
        self._tasks.clear()
        for source in self.sources:
            with contextlib.suppress(Exception):
                await _close(source)

    async def _maintain(self) -> None:
        if not any(isinstance(s, (FileSource, CardDavSource)) for s in self.sources):
            # Nothing to re-read or sync: no wake-up every FILE_POLL seconds for nothing.
            self._ready.set()
            return
        next_sync: dict[int, float] = {}
        while True:
            changed = False
            for i, source in enumerate(self.sources):
                before = (source.ok, source.status)
                if isinstance(source, FileSource):
                    if await asyncio.to_thread(source.refresh):
                        changed = True
                elif isinstance(source, CardDavSource) and self._clock() >= next_sync.get(i, 0):
                    next_sync[i] = self._clock() + CARDDAV_SYNC
                    with contextlib.suppress(ValueError):
                        if await source.sync():
                            changed = True
                if (source.ok, source.status) != before:
                    self._status_changed()
            if changed:
                self._cache.clear()  # a new directory may know callers we had missed
            self._ready.set()
            await asyncio.sleep(FILE_POLL)

    def _status_changed(self) -> None:
        try:
            self._on_status()
        except Exception:
            log.exception("contact status consumer failed")

    def statuses(self) -> list[tuple[str, bool, str]]:
        """(source text, ok, status line) per source, for Settings and the tray tooltip."""
        return [(s.spec.text, s.ok, s.status) for s in self.sources]

    def failing(self) -> list[str]:
        return [s.status for s in self.sources if not s.ok]

    # -- lookups ---------------------------------------------------------------------

    def _generation(self) -> int:
        return sum(s.generation for s in self.sources if isinstance(s, FileSource | CardDavSource))

    def lookup_local(self, number: str) -> Contact | None:
        for source in self.sources:
            if isinstance(source, FileSource | CardDavSource):
                found = source.lookup(number)
                if found is not None:
                    return found
        return None

    async def lookup(self, number: str | None) -> LookupResult:
        """Who `number` is: from memory at once, else the remote sources within the deadline."""
        if not number:
            return LookupResult(None)
        self.lookups += 1
        keys = self.matcher.lookup_keys(number)
        cache_key = keys[0] if keys else number
        generation = self._generation()
        hit = self._cache.get(cache_key)
        if hit is not None and hit[0] > self._clock() and hit[2] == generation:
            return LookupResult(hit[1])
        found = self.lookup_local(number)
        abandoned: tuple[str, ...] = ()
        errors: tuple[str, ...] = ()
        complete = True
        if found is None:
            found, abandoned, errors = await self._ask_remote(number)
            complete = not abandoned and not errors
        if found is None and self.history_name is not None:
            name = None
            try:
                name = self.history_name(number)
            except Exception:
                log.exception("history name lookup failed")
            if name:
                found = Contact(name=name, source="history")
        if found is not None:
            self._cache[cache_key] = (self._clock() + FOUND_TTL, found, generation)
        elif complete:
            # A miss is cached only when every source really answered.
            self._cache[cache_key] = (self._clock() + MISS_TTL, None, generation)
        return LookupResult(found, abandoned, errors)

    async def _ask_remote(
        self, number: str
    ) -> tuple[Contact | None, tuple[str, ...], tuple[str, ...]]:
        remote = [s for s in self.sources if isinstance(s, LdapSource | HttpSource)]
        if not remote:
            return None, (), ()
        loop = asyncio.get_running_loop()
        pending: dict[asyncio.Task[Contact | None], Source] = {}
        for source in remote:
            if isinstance(source, LdapSource):
                coro = asyncio.to_thread(source.lookup, number)
            else:
                coro = source.lookup(number, timeout=self.deadline + 0.5)
            task = loop.create_task(coro)
            pending[task] = source
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        end = loop.time() + self.deadline
        errors: list[str] = []
        found: Contact | None = None
        try:
            while pending and found is None:
                left = end - loop.time()
                if left <= 0:
                    break
                done, _ = await asyncio.wait(
                    pending, timeout=left, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    source = pending.pop(task)
                    try:
                        result = task.result()
                    except Exception:
                        errors.append(source.status)
                        self._status_changed()
                        continue
                    if result is not None and found is None:
                        found = result
        finally:
            # An LDAP thread cannot be interrupted; its task ends on its own and is forgotten.
            for task, source in pending.items():
                task.cancel()
                source.ok = False
                source.status = f"{source.spec.host}: no answer within {self.deadline:g} s"
            if pending:
                self._status_changed()
        abandoned = () if found is not None else tuple(s.spec.label for s in pending.values())
        return found, abandoned, tuple(errors)
