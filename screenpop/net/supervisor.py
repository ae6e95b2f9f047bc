"""Keeps one AMI connection alive: reconnect with capped exponential backoff and jitter.

Runs until stopped. A refused login is not retried in a tight loop: it waits for new
settings (`update_options`) or a long backoff, and the state says why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable

from screenpop.ami.errors import AmiError
from screenpop.ami.message import Message

from .client import AmiClient, ConnectOptions
from .errors import AuthenticationFailed

log = logging.getLogger(__name__)

StateCallback = Callable[[str, str], None]


class Supervisor:
    """States reported through `on_state(state, reason)`: connecting, connected,
    reconnecting, error (login refused: waits for new settings), stopped."""

    def __init__(
        self,
        options: ConnectOptions,
        *,
        on_event: Callable[[Message], None],
        on_state: StateCallback,
        on_connected: Callable[[AmiClient], Awaitable[None]] | None = None,
        base_delay: float = 1.0,
        max_delay: float = 30.0,
        auth_delay: float = 300.0,
        rng: Callable[[], float] = random.random,
    ):
        self.options = options
        self._on_event = on_event
        self._on_state = on_state
        self._on_connected = on_connected
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.auth_delay = auth_delay
        self._rng = rng
        self._wake = asyncio.Event()
        self._stopping = False
        self.client: AmiClient | None = None
        self._adopted: AmiClient | None = None
        self._closers: set[asyncio.Task[None]] = set()
        self.connects = 0
        self.failures = 0
        self.state = "stopped"
        self.reason = ""

    def _set_state(self, state: str, reason: str = "") -> None:
        self.state, self.reason = state, reason
        try:
            self._on_state(state, reason)
        except Exception:
            log.exception("state callback failed")

    def update_options(self, options: ConnectOptions) -> None:
        """New settings: drop the current link (if any) and connect with these at once."""
        self.options = options
        self._wake.set()
        if self.client is not None:
            # Closing ends run()'s wait on this link; the task is kept so stop() can await it.
            task = asyncio.get_running_loop().create_task(self.client.close())
            self._closers.add(task)
            task.add_done_callback(self._closers.discard)

    def adopt(self, client: AmiClient) -> None:
        """Use a connection that is already logged in as the current (and first) link.

        The command line checks the credentials by logging in; handing that connection over
        avoids a second login (each shows in the PBX's log and manager session list). If run()
        is never called (one-shot commands) the link is still closed by stop().
        """
        client.set_event_handler(self._on_event)
        self.client = self._adopted = client

    def backoff(self, attempt: int) -> float:
        """Full-jitter-ish delay: half fixed, half random, so a whole office doesn't
        reconnect in the same second after the PBX restarts."""
        cap = min(self.max_delay, self.base_delay * (2 ** min(attempt, 16)))
        return cap / 2 + cap / 2 * self._rng()

    async def run(self) -> None:
        attempt = 0
        first = True
        while not self._stopping:
            self._set_state(
                "connecting" if first else "reconnecting", self.reason if not first else ""
            )
            self._wake.clear()
            adopted, self._adopted = self._adopted, None
            try:
                if adopted is not None and not adopted.closed:
                    client = adopted
                else:
                    client = await AmiClient.connect(self.options, on_event=self._on_event)
            except asyncio.CancelledError:
                raise
            except AuthenticationFailed as exc:
                self.failures += 1
                self._set_state("error", str(exc))
                await self._sleep(self.auth_delay)
                first = False
                continue
            except AmiError as exc:
                self.failures += 1
                delay = self.backoff(attempt)
                attempt += 1
                self._set_state("reconnecting", f"{exc} (retrying in {delay:.0f} s)")
                await self._sleep(delay)
                first = False
                continue
            self.client = client
            self.connects += 1
            attempt = 0
            first = False
            try:
                if self._on_connected is not None:
                    await self._on_connected(client)
                if not client.closed:
                    banner = client.banner.text if client.banner else "AMI"
                    self._set_state(
                        "connected", f"{self.options.host}:{self.options.port} ({banner})"
                    )
                reason = await client.wait_closed()
            except asyncio.CancelledError:
                await client.close()
                raise
            except AmiError as exc:
                reason = exc
                await client.close()
            finally:
                self.client = None
            if self._stopping:
                break
            self.reason = str(reason) if reason else "the connection was closed"
            log.info("AMI link lost: %s", self.reason)
            # Reconnect at once the first time: most drops are a PBX restart or a blip.
            await self._sleep(self.backoff(0) / 4)
        self._set_state("stopped", "")

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self.client is not None:
            await self.client.close()
        for task in list(self._closers):
            with contextlib.suppress(BaseException):
                await task
