"""Fault injection for reliability tests of the AMI client.

Mixed into `PbxSimulator`; the switches live in `sim.faults` so a test can read them back.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session import Session

_HALF_FRAME = b"Event: Newstate\r\nPrivilege: call,all\r\nChannel: SIP/4"


@dataclass
class Faults:
    stalled: bool = False
    slow_drip: bool = False
    ignore_pings: bool = False
    drop_on_action: str | None = None  # lower-case action name, one-shot


class FaultsMixin:
    faults: Faults
    sessions: set[Session]

    async def flush(self) -> None:  # provided by PbxSimulator
        raise NotImplementedError

    async def drop_clients(self, mid_frame: bool = True) -> None:
        """Close every connection, after writing half a frame if `mid_frame`."""
        for session in list(self.sessions):
            if mid_frame:
                session.send(_HALF_FRAME)
            session.close_after_flush()
        await self.flush()
        await asyncio.sleep(0)

    def drop_on_action(self, action: str | None) -> None:
        """Close the connection that sends the next `action` (any case), before replying."""
        self.faults.drop_on_action = action.lower() if action else None

    def stall(self, on: bool = True) -> None:
        """Accept connections but send nothing at all (no banner, replies or events)."""
        self.faults.stalled = on
        if not on:
            for session in self.sessions:
                if session.banner_pending:
                    session.banner_pending = False
                    session.send(self.banner_bytes())

    def banner_bytes(self) -> bytes:  # provided by PbxSimulator
        raise NotImplementedError

    async def send_raw(self, data: bytes) -> None:
        """Write arbitrary bytes to every connected client (garbage, oversize, non-UTF-8)."""
        for session in list(self.sessions):
            session.send(data)
        await self.flush()

    def slow_drip(self, on: bool = True) -> None:
        """Write every byte separately, draining after each."""
        self.faults.slow_drip = on

    def ignore_pings(self, on: bool = True) -> None:
        """Half-open simulation: stay connected and answer everything except Ping."""
        self.faults.ignore_pings = on
