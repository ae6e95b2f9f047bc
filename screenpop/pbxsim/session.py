"""One client connection: an ordered output queue written by a single sender task.

Everything for a client (replies, broadcast events, raw fault bytes) goes through one queue,
so frames never interleave, and `slow_drip` can write byte by byte without reordering.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import deque
from collections.abc import Callable

from .frames import ALL

_CLOSE = object()


class Session:
    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        slow_drip: Callable[[], bool],
    ):
        self.reader = reader
        self.writer = writer
        self.authenticated = False
        self.event_mask: frozenset[str] = ALL
        # `Filter` action (Asterisk 10+): whitelist and blacklist regexes on the event text.
        self.include: list[re.Pattern[str]] = []
        self.exclude: list[re.Pattern[str]] = []
        self.challenge: str | None = None
        self.banner_pending = False
        self.task: asyncio.Task | None = None
        self._slow_drip = slow_drip
        self._queue: deque[object] = deque()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._closed = False
        self._sender = asyncio.get_running_loop().create_task(self._send_loop())

    @property
    def peer(self) -> str:
        info = self.writer.get_extra_info("peername")
        return f"{info[0]}:{info[1]}" if info else "?"

    def wants(self, data: bytes) -> bool:
        """Whether this session's filters let an event through (manager.c's match_filter)."""
        if not self.include and not self.exclude:
            return True
        text = data.decode("utf-8", errors="replace")
        if self.include and not any(p.search(text) for p in self.include):
            return False
        return not any(p.search(text) for p in self.exclude)

    def send(self, data: bytes) -> None:
        if self._closed or not data:
            return
        self._queue.append(data)
        self._idle.clear()
        self._wake.set()

    def close_after_flush(self) -> None:
        """Close the connection once everything queued so far is written."""
        if not self._closed:
            self._queue.append(_CLOSE)
            self._idle.clear()
            self._wake.set()

    async def flushed(self) -> None:
        await self._idle.wait()

    def abort(self) -> None:
        """Drop the connection now, discarding what is queued."""
        self._closed = True
        self._queue.clear()
        self._idle.set()
        self.writer.transport.abort()

    async def _send_loop(self) -> None:
        writer = self.writer
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._queue:
                    item = self._queue.popleft()
                    if item is _CLOSE:
                        self._closed = True
                        self._queue.clear()
                        writer.close()
                        return
                    assert isinstance(item, bytes)
                    if self._slow_drip():
                        for i in range(len(item)):
                            writer.write(item[i : i + 1])
                            await writer.drain()
                            # drain() does not yield below the high-water mark; let the
                            # byte leave as its own segment.
                            await asyncio.sleep(0.001)
                    else:
                        writer.write(item)
                        await writer.drain()
                self._idle.set()
        except (ConnectionError, asyncio.CancelledError):
            self._closed = True
        finally:
            self._idle.set()

    async def shutdown(self) -> None:
        """Stop the sender and close the socket; safe to call more than once."""
        self._closed = True
        self._sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._sender
        self.writer.close()
        with contextlib.suppress(ConnectionError, asyncio.CancelledError, OSError):
            await self.writer.wait_closed()
