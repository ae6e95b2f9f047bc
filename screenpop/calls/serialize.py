"""Call events as JSON-ready dicts: the `screenpop monitor` line format."""

from __future__ import annotations

from typing import Any

from .events import Answered, CallEvent, Ended, Outbound, RingEnded, Ringing


def event_to_dict(event: CallEvent) -> dict[str, Any]:
    time = event.time.isoformat(timespec="milliseconds")
    if isinstance(event, Ringing):
        return {
            "type": "ringing",
            "call": event.call,
            "extension": event.extension,
            "caller": {"number": event.caller.number, "name": event.caller.name},
            "channel": event.channel,
            "caller_channel": event.caller_channel,
            "trunk": event.trunk,
            "time": time,
        }
    if isinstance(event, RingEnded):
        return {
            "type": "ring_ended",
            "call": event.call,
            "extension": event.extension,
            "reason": event.reason,
            "answered_by": event.answered_by,
            "time": time,
        }
    if isinstance(event, Answered):
        return {"type": "answered", "call": event.call, "extension": event.extension, "time": time}
    if isinstance(event, Outbound):
        return {
            "type": "outbound",
            "call": event.call,
            "extension": event.extension,
            "number": event.number,
            "trunk": event.trunk,
            "time": time,
        }
    if isinstance(event, Ended):
        return {
            "type": "ended",
            "call": event.call,
            "disposition": event.disposition,
            "duration": event.duration,
            "billable": event.billable,
            "extensions": list(event.extensions),
            "answered_by": event.answered_by,
            "time": time,
        }
    raise TypeError(f"not a call event: {event!r}")
