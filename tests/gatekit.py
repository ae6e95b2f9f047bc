"""Run the real AmiClient read loop and CallService over a byte stream, with or without the
call gate, in-process: what the differential test and the gate's profile need.

The client reads from an asyncio StreamReader fed here (no socket), so the code under test is
the client's own `_read_loop` and the service's own `_on_message` / `_on_gated`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from screenpop.ami.gate import CallGate
from screenpop.ami.message import Banner
from screenpop.calls.serialize import event_to_dict
from screenpop.colleagues import DirectoryLoaded
from screenpop.net.client import AmiClient, ConnectOptions
from screenpop.service import CallService


class _Writer:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass

    async def wait_closed(self) -> None:
        pass

    def get_extra_info(self, name: str) -> Any:
        return None


def _published(event: Any) -> dict:
    out = event_to_dict(event)
    out.pop("time", None)
    out.pop("at", None)
    return out


async def digest(
    chunks: list[bytes],
    *,
    watch: tuple[str, ...] = ("474",),
    gate: bool = True,
    modern: bool = False,
    settle: bool = True,
    colleagues: dict[str, str] | None = None,
    presence: list | None = None,
) -> tuple[list[dict], CallService, CallGate | None]:
    """Feed `chunks` (one read each) to a client+service watching `watch`; the published
    call events (without their timestamps), the service, and the gate it used (or None).
    With `colleagues` (extension -> name) the service follows their presence too; each
    change (extension, state, with whom) is appended to `presence`."""
    published: list[dict] = []
    service = CallService(
        ConnectOptions(host="127.0.0.1"),
        on_call_event=lambda e: published.append(_published(e)),
        watch=watch,
        gate=gate,
        **(
            {}
            if colleagues is None
            else {
                "on_presence": lambda changes: (presence if presence is not None else []).extend(
                    (c.presence.extension, str(c.presence.state), c.presence.with_whom)
                    for c in changes
                ),
                "colleague_names": colleagues,
            }
        ),
    )
    service.tracker.modern = modern
    if service.colleagues is not None:
        # The directory as a load from the PBX would leave it (names from the settings).
        service.colleagues.configure(user_names=colleagues)
        service._directory_loaded(DirectoryLoaded(tuple(service.colleagues.directory), 0.0))
    reader = asyncio.StreamReader(limit=1 << 20)
    client = AmiClient(ConnectOptions(host="127.0.0.1"), reader, _Writer(), service._on_message)  # type: ignore[arg-type]
    client.banner = Banner(
        "Asterisk Call Manager/2.10.0" if modern else "Asterisk Call Manager/1.1"
    )
    client._decoder._expect_banner = False
    service._synced = client
    service.supervisor.client = client
    service._arm_gate(client)
    gate = client._gate
    task = asyncio.get_running_loop().create_task(client._read_loop())
    for chunk in chunks:
        reader.feed_data(chunk)
        await asyncio.sleep(0)
    reader.feed_eof()
    await task
    if settle:
        # Every call still waiting for its Cdr is reported as the expiry timer would.
        service._event_time = 1e12
        try:
            service._publish(service.tracker.expire())
        finally:
            service._event_time = None
    if service._expire_handle is not None:
        service._expire_handle.cancel()
        service._expire_handle = None
    await service._cancel_tasks()
    return published, service, gate
