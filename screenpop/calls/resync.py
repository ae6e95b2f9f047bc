"""Rebuild the tracker's live calls from a channel snapshot taken after (re)connecting.

The snapshot is the event list of CoreShowChannels (Asterisk 1.6+) or Status (older). It says
what is alive now, not what happened meanwhile: calls that rang and ended during an outage are
not invented; calls we knew whose caller channel is gone are reported ended with an UNKNOWN
disposition, so their popups close.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from screenpop.ami.message import Message

from .channels import clean, parse_channel
from .events import CallEvent, Ended

if TYPE_CHECKING:
    from .tracker import CallTracker

_RINGING = "5"
_DIALLING_APPS = ("dial", "queue", "followme")


def _uid(msg: Message) -> str | None:
    return clean(msg.get("UniqueID"))


def _find_caller(
    leg: Message, callers: list[Message], by_uid: dict[str, Message]
) -> Message | None:
    linked = clean(leg.get("Linkedid"))
    if linked and linked != _uid(leg) and linked in by_uid:
        return by_uid[linked]
    ch = parse_channel(leg.get("Channel"))
    if ch is None:
        return None
    wanted = f"{ch.tech}/{ch.peer}".lower()
    connected = clean(leg.get("ConnectedLineNum"))
    best = None
    for caller in callers:
        data = (caller.get("ApplicationData") or caller.get("Data") or "").lower()
        if wanted in data:
            number = clean(caller.get("CallerIDNum"))
            if connected is None or number == connected:
                return caller
            best = best or caller
    if best is None and connected is not None:
        # Status (no Application): the caller is the channel whose number the leg shows.
        for caller in callers:
            if clean(caller.get("CallerIDNum")) == connected and caller is not leg:
                return caller
    return best


def rebuild(tracker: CallTracker, channels: list[Message]) -> list[CallEvent]:
    by_uid = {uid: m for m in channels if (uid := _uid(m))}
    events: list[CallEvent] = []
    for call in list(tracker.calls.values()):
        if call.caller_uid in by_uid:
            for uid, leg in list(call.legs.items()):
                snap = by_uid.get(uid)
                if snap is None:
                    events += tracker._end_leg(call, leg, "cancelled")
                elif snap.get("ChannelState") == "6":
                    events += tracker._answer_leg(call, leg)
            continue
        for leg in call.legs.values():
            events += tracker._end_leg(call, leg, "ended_offline")
        if call.rung or call.outbound:
            events.append(
                Ended(
                    call.id,
                    "UNKNOWN",
                    None,
                    None,
                    call.caller,
                    tuple(call.rung),
                    call.answered_by,
                    tracker._wallclock(),
                )
            )
        tracker._drop(call)
    known = set(tracker._uid_call)
    callers = [
        m
        for m in channels
        if (m.get("Application") or "").lower() in _DIALLING_APPS or m.get("Application") is None
    ]
    for msg in channels:
        uid = _uid(msg)
        if not uid or uid in known or msg.get("ChannelState") != _RINGING:
            continue
        channel = msg.get("Channel") or ""
        tracker._channel_uid[channel] = uid
        caller = _find_caller(msg, callers, by_uid)
        if caller is None:
            continue
        caller_uid = _uid(caller)
        if caller_uid is None:
            continue
        tracker._channel_uid[caller.get("Channel") or ""] = caller_uid
        number = clean(caller.get("CallerIDNum")) or clean(msg.get("ConnectedLineNum"))
        name = tracker._name(caller.get("CallerIDName") or msg.get("ConnectedLineName"))
        events += tracker._begin_dial(
            caller_uid,
            caller.get("Channel") or "",
            number,
            name,
            channel,
            uid,
            None,
            clean(caller.get("Linkedid")),
            clean(msg.get("Context")),
        )
    return events
