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
from .events import CallEvent

if TYPE_CHECKING:
    from .tracker import CallTracker

_RINGING = "5"
_DIALLING_APPS = ("dial", "queue", "followme")


def _uid(msg: Message) -> str | None:
    return clean(msg.get("UniqueID"))


def _uid_key(uid: str | None) -> tuple[int, int]:
    sec, _, seq = (uid or "").partition(".")
    return (int(sec) if sec.isdigit() else 0, int(seq) if seq.isdigit() else 0)


def _find_caller(
    leg: Message,
    callers: list[Message],
    by_uid: dict[str, Message],
    used: set[tuple[str, str]],
) -> Message | None:
    """The channel that dials `leg`. Exact on 12+ (Linkedid); on 1.x a caller whose Dial
    data names the leg's peer, never one already given a leg to that peer, and of several
    the one created last before the leg (a Dial creates its legs right after its caller)."""
    linked = clean(leg.get("Linkedid"))
    if linked and linked != _uid(leg) and linked in by_uid:
        return by_uid[linked]
    ch = parse_channel(leg.get("Channel"))
    if ch is None:
        return None
    peer = f"{ch.tech}/{ch.peer}".lower()
    connected = clean(leg.get("ConnectedLineNum"))
    leg_key = _uid_key(_uid(leg))

    def rank(caller: Message) -> tuple[bool, tuple[int, int]]:
        key = _uid_key(_uid(caller))
        before = key <= leg_key
        # Nearest earlier caller first; callers created after the leg last.
        return (not before, (-key[0], -key[1]) if before else key)

    def free(caller: Message) -> bool:
        return (_uid(caller) or "", peer) not in used and caller is not leg

    named = [
        c
        for c in callers
        if peer in (c.get("ApplicationData") or c.get("Data") or "").lower() and free(c)
    ]
    same_number = [
        c for c in named if connected is None or clean(c.get("CallerIDNum")) == connected
    ]
    for group in (same_number, named):
        if group:
            return min(group, key=rank)
    if connected is not None:
        # Status (no Application): the caller is the channel whose number the leg shows.
        by_number = [c for c in callers if clean(c.get("CallerIDNum")) == connected and free(c)]
        if by_number:
            return min(by_number, key=rank)
    return None


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
        if call.hung_up_at is not None:
            # It ended before the link broke and only waited for (more) Cdr: what we know stands.
            events += tracker._finish(call)
            continue
        for leg in call.legs.values():
            events += tracker._end_leg(call, leg, "ended_offline")
        events += tracker._ended_event(call, "UNKNOWN", None, None)
        tracker._drop(call)
    known = set(tracker._uid_call)
    callers = [
        m
        for m in channels
        if (m.get("Application") or "").lower() in _DIALLING_APPS or m.get("Application") is None
    ]
    used: set[tuple[str, str]] = set()
    for msg in channels:
        uid = _uid(msg)
        if not uid or uid in known or msg.get("ChannelState") != _RINGING:
            continue
        channel = msg.get("Channel") or ""
        tracker._channel_uid[channel] = uid
        caller = _find_caller(msg, callers, by_uid, used)
        if caller is None:
            continue
        caller_uid = _uid(caller)
        if caller_uid is None:
            continue
        leg_ch = parse_channel(channel)
        if leg_ch is not None:
            used.add((caller_uid, f"{leg_ch.tech}/{leg_ch.peer}".lower()))
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
    # A new connection brings no late events of calls that ended before it, and a restarted
    # PBX counts Uniqueids from <start second>.0 again: a quick restart reuses ended calls' ids.
    tracker._ended.clear()
    return events
