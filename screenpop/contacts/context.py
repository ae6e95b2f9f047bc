"""Caller context from the call history: "Called 3 times today, last answered by 203".

Pure: takes the caller's earlier calls (any objects with `started`, `answered_by`, `missed`
and `done`, newest first) and the current time; returns words and the missed-today flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class _Call(Protocol):
    call_id: str
    started: datetime
    answered_by: str | None
    missed: bool
    done: bool


@dataclass(frozen=True)
class CallerContext:
    text: str
    missed_today: int  # calls from this caller we failed today and nobody marked done


def caller_context(
    earlier: Sequence[_Call], now: datetime, current_call: str = ""
) -> CallerContext:
    """What the history says about a caller. `earlier` may include the ringing call itself."""
    calls = [c for c in earlier if c.call_id != current_call]
    if not calls:
        return CallerContext("New caller", 0)
    local_now = now.astimezone()
    today = [c for c in calls if c.started.astimezone().date() == local_now.date()]
    missed = sum(1 for c in today if c.missed and not c.done)
    if today:
        times = "once" if len(today) == 1 else f"{len(today)} times"
        last = today[0]
        if last.answered_by:
            tail = f", last answered by {last.answered_by}"
        elif last.missed:
            tail = ", last time missed"
        else:
            tail = ""
        return CallerContext(f"Called {times} today{tail}", missed)
    last_day = calls[0].started.astimezone()
    days = (local_now.date() - last_day.date()).days
    when = (
        "yesterday"
        if days == 1
        else f"{days} days ago"
        if days < 30
        else last_day.strftime("%Y-%m-%d")
    )
    return CallerContext(f"Last called {when}", 0)
