"""Call events: what the tracker tells the rest of the program. Frozen and closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Caller:
    number: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Ringing:
    """An extension started ringing for a caller."""

    call: str
    extension: str
    caller: Caller
    channel: str  # the ringing extension's leg
    caller_channel: str  # the caller's channel: the one a transfer redirects
    trunk: str | None = None  # the line the call came in on, when known
    context: str | None = None  # dialplan context of the ringing extension, when known
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class RingEnded:
    """An extension stopped ringing. reason: answered_elsewhere, cancelled, no_answer,
    busy, transferred, failed, answered (by this extension itself)."""

    call: str
    extension: str
    reason: str
    channel: str | None = None
    answered_by: str | None = None
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class Answered:
    call: str
    extension: str
    channel: str | None = None
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class Outbound:
    """An extension dials out through a trunk: not an incoming call."""

    call: str
    extension: str
    number: str | None
    trunk: str | None
    channel: str | None = None
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class Ended:
    call: str
    disposition: str  # ANSWERED, NO ANSWER, BUSY, FAILED
    duration: int | None
    billable: int | None
    caller: Caller | None = None
    extensions: tuple[str, ...] = ()  # every extension that rang for this call
    answered_by: str | None = None
    time: datetime = field(default_factory=_now)


CallEvent = Ringing | RingEnded | Answered | Outbound | Ended
