"""Start the real CallService against a PBX: the built-in simulator or a live Asterisk.

One place for what test_client, test_faults, test_secrets, the soak and the benches each used to
write out: the connection options of a PBX, the fast timers fault tests need, a running service
that is stopped (and its task awaited) whatever happens, and a recorder of call events and
connection states that waits for them without sleeping blindly.

A live PBX is just another `Pbx(host, port, username, secret, flavor=...)`: nothing here knows
the simulator except `Pbx.of(sim)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from screenpop.net.client import ConnectOptions
from screenpop.service import CallService

# Timers for tests that drop links on purpose: a dead link is seen in a fraction of a second.
FAST_LINK = dict(ping_interval=0.2, ping_timeout=0.2, connect_timeout=0.5, action_timeout=2.0)
# Reconnect backoff for the same tests (the service's defaults are 1 s doubling to 30 s).
FAST_RECONNECT = dict(base_delay=0.05, max_delay=0.2)


@dataclass(frozen=True)
class Pbx:
    """Where a PBX's AMI listens and how to log in; `flavor` is "1.8", "20" or None (unknown)."""

    host: str
    port: int
    username: str = "admin"
    secret: str = field(default="password", repr=False)
    flavor: str | None = None
    tls: bool = False
    ca_file: str | None = None
    tls_fingerprint: str = ""

    @classmethod
    def of(cls, sim: Any) -> Pbx:
        """The simulator `sim` (a started PbxSimulator)."""
        return cls("127.0.0.1", sim.port, sim.username, sim.secret, sim.flavor)

    def options(self, **overrides: Any) -> ConnectOptions:
        base = ConnectOptions(
            host=self.host,
            port=self.port,
            username=self.username,
            secret=self.secret,
            tls=self.tls or bool(self.tls_fingerprint),
            tls_fingerprint=self.tls_fingerprint,
            ca_file=self.ca_file,
        )
        return replace(base, **overrides)

    def with_secret(self, secret: str) -> Pbx:
        return replace(self, secret=secret)


def options_for(sim: Any, **overrides: Any) -> ConnectOptions:
    """Connect options for the simulator `sim` (shortcut for `Pbx.of(sim).options(...)`)."""
    return Pbx.of(sim).options(**overrides)


async def wait_until(
    predicate: Callable[[], bool], timeout: float = 5.0, what: str = "", step: float = 0.01
) -> None:
    """Poll `predicate` until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout} s: {what or predicate}")
        await asyncio.sleep(step)


class Recorder:
    """Collects call events and state changes; waits for them without sleeping blindly."""

    def __init__(self) -> None:
        self.events: list = []
        self.states: list[tuple[str, str]] = []
        self._changed = asyncio.Event()

    def on_event(self, event: Any) -> None:
        self.events.append(event)
        self._changed.set()

    def on_state(self, state: str, reason: str) -> None:
        self.states.append((state, reason))
        self._changed.set()

    async def wait_for(self, predicate: Callable[[Any], bool], timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            for item in [*self.events, *self.states]:
                if predicate(item):
                    return item
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"not seen in {timeout} s; events={self.events} states={self.states}"
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    def of(self, cls: type, **match: Any) -> list:
        return [
            e
            for e in self.events
            if isinstance(e, cls) and all(getattr(e, k) == v for k, v in match.items())
        ]


class RunningService:
    """A CallService whose run() task is owned here; stop() always leaves nothing running."""

    def __init__(self, service: CallService) -> None:
        self.service = service
        self.task: asyncio.Task[None] | None = None

    @property
    def supervisor(self):  # type: ignore[no-untyped-def]
        return self.service.supervisor

    def start(self) -> RunningService:
        self.task = asyncio.get_running_loop().create_task(self.service.run())
        return self

    async def connected(self, after: int = 0, timeout: float = 5.0) -> None:
        """Wait until the service is connected (and resynced) more than `after` times."""
        sup = self.service.supervisor

        def ready() -> bool:
            if self.task is not None and self.task.done():
                self.task.result()  # a crash of run() is the test's failure, not a timeout
            return sup.connects > after and sup.state == "connected"

        await wait_until(ready, timeout, f"connected more than {after} times", step=0.02)

    async def stop(self) -> None:
        await self.service.stop()
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


def make_service(
    pbx: Pbx,
    on_event: Callable[[Any], None],
    on_state: Callable[[str, str], None] = lambda s, r: None,
    *,
    link: dict[str, Any] | None = None,
    **service_kw: Any,
) -> CallService:
    """A CallService for `pbx`; `link` overrides connect options (e.g. FAST_LINK)."""
    return CallService(
        pbx.options(**(link or {})), on_call_event=on_event, on_state=on_state, **service_kw
    )


async def start_service(
    pbx: Pbx,
    on_event: Callable[[Any], None],
    on_state: Callable[[str, str], None] = lambda s, r: None,
    *,
    link: dict[str, Any] | None = None,
    wait: bool = True,
    timeout: float = 5.0,
    **service_kw: Any,
) -> RunningService:
    """Start a CallService on `pbx` and (by default) wait until it is connected."""
    running = RunningService(make_service(pbx, on_event, on_state, link=link, **service_kw))
    running.start()
    if wait:
        try:
            await running.connected(0, timeout)
        except BaseException:
            await running.stop()
            raise
    return running


@contextlib.asynccontextmanager
async def service_on(
    pbx: Pbx,
    on_event: Callable[[Any], None],
    on_state: Callable[[str, str], None] = lambda s, r: None,
    **kw: Any,
) -> AsyncIterator[RunningService]:
    """`async with service_on(pbx, rec.on_event) as running:` stopped even when a test fails."""
    running = await start_service(pbx, on_event, on_state, **kw)
    try:
        yield running
    finally:
        await running.stop()
