"""Caller context from the call history: "Called 3 times today, last answered by 203".

Pure: takes the caller's earlier calls (any objects with `started`, `answered_by`, `missed`
and `done`, newest first) and the current time; returns words and the missed-today flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class _Call(Protocol):
    call_id: str
    started: datetime
    answered_by: str | None
    missed: bool
    done: bool


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's marker name, so lupdate finds it
    return text


@dataclass(frozen=True)
class CallerContext:
    text: str  # English, for logs and the command line
    missed_today: int  # calls from this caller we failed today and nobody marked done
    # For the popup: QCoreApplication.translate("CallerContext", template).format(**args).
    template: str = ""
    args: dict[str, str] = field(default_factory=dict)


def _context(template: str, missed: int, **args: object) -> CallerContext:
    values = {k: str(v) for k, v in args.items()}
    return CallerContext(template.format(**values), missed, template, values)


def caller_context(
    earlier: Sequence[_Call], now: datetime, current_call: str = ""
) -> CallerContext:
    """What the history says about a caller. `earlier` may include the ringing call itself."""
    calls = [c for c in earlier if c.call_id != current_call]
    if not calls:
        return _context(QT_TRANSLATE_NOOP("CallerContext", "New caller"), 0)
    local_now = now.astimezone()
    today = [c for c in calls if c.started.astimezone().date() == local_now.date()]
    missed = sum(1 for c in today if c.missed and not c.done)
    if today:
        last, once = today[0], len(today) == 1
        if last.answered_by:
            template = (
                QT_TRANSLATE_NOOP("CallerContext", "Called once today, last answered by {ext}")
                if once
                else QT_TRANSLATE_NOOP(
                    "CallerContext", "Called {n} times today, last answered by {ext}"
                )
            )
        elif last.missed:
            template = (
                QT_TRANSLATE_NOOP("CallerContext", "Called once today, last time missed")
                if once
                else QT_TRANSLATE_NOOP("CallerContext", "Called {n} times today, last time missed")
            )
        else:
            template = (
                QT_TRANSLATE_NOOP("CallerContext", "Called once today")
                if once
                else QT_TRANSLATE_NOOP("CallerContext", "Called {n} times today")
            )
        args = {"n": len(today)} | ({"ext": last.answered_by} if last.answered_by else {})
        return _context(template, missed, **args)
    last_day = calls[0].started.astimezone()
    days = (local_now.date() - last_day.date()).days
    if days == 1:
        return _context(QT_TRANSLATE_NOOP("CallerContext", "Last called yesterday"), 0)
    if days < 30:
        return _context(QT_TRANSLATE_NOOP("CallerContext", "Last called {n} days ago"), 0, n=days)
    return _context(
        QT_TRANSLATE_NOOP("CallerContext", "Last called on {date}"),
        0,
        date=last_day.strftime("%Y-%m-%d"),
    )
