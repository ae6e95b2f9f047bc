"""The call tracker: AMI messages in, call events out. Pure: no I/O, clock injected.

A call is keyed by the caller channel's Uniqueid at first sight, and every leg's Uniqueid maps
to it, so a transfer (the same caller channel dialling a new target) keeps the call id. Local
channel halves (queues, follow-me) and, on 12+, the Linkedid tie inner legs to the outer call.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from screenpop.ami.message import Message

from .channels import (
    Channel,
    Kind,
    classify,
    clean,
    dialled_number,
    parse_channel,
    unescape_name,
)
from .events import Answered, Caller, CallEvent, Ended, Outbound, RingEnded, Ringing

log = logging.getLogger(__name__)

# How long an ended call waits for its Cdr before it is reported from the Hangup alone.
CDR_GRACE_SECONDS = 2.0
# Asterisk 12+ sends one Cdr per dialled leg, all in a burst after the hangup: an ended call is
# reported once no further Cdr came for this long.
CDR_SETTLE_SECONDS = 0.3
_RECENTLY_ENDED = 512
MAX_CALL_AGE = 12 * 3600.0
_MAX_CHANNELS = 20000

_DIALSTATUS_REASON = {
    "CANCEL": "cancelled",
    "NOANSWER": "no_answer",
    "BUSY": "busy",
    "CONGESTION": "failed",
    "CHANUNAVAIL": "failed",
    "DONTCALL": "failed",
    "TORTURE": "failed",
    "INVALIDARGS": "failed",
}
_CAUSE_REASON = {"17": "busy", "19": "no_answer", "18": "no_answer", "21": "cancelled"}


@dataclass
class _Leg:
    uid: str
    channel: str
    extension: str
    context: str | None
    caller_place: tuple[str | None, str | None] = (None, None)  # caller's context, exten
    state: str = "ringing"  # ringing, answered, ended


@dataclass
class _Call:
    id: str
    caller_uid: str
    caller_channel: str
    caller: Caller
    trunk: str | None
    started: float
    legs: dict[str, _Leg] = field(default_factory=dict)
    answered_by: str | None = None
    answered_at: float | None = None
    rung: list[str] = field(default_factory=list)
    cdrs: list[Message] = field(default_factory=list)
    hung_up_at: float | None = None
    redirect_target: str | None = None
    outbound: bool = False
    # Every Uniqueid and Local base mapped to this call, so dropping it touches only its own.
    uids: set[str] = field(default_factory=set)
    local_bases: set[str] = field(default_factory=set)


@dataclass
class _PendingDial:
    """A Dial to a DAHDI port whose kind is not known yet."""

    call_id: str
    uid: str
    channel: Channel
    context: str | None


# The events feed() reads, by server generation: what a PBX that can filter is asked for
# (as `Event: <name>` patterns, unanchored: `Dial` is 1.x's Dial only, 12+ has no `Dial`).
EVENTS_READ_1X = (
    "Newchannel", "Dial", "Newstate", "Bridge", "Link", "Hangup", "Cdr", "Rename", "AgentCalled",
    "Join", "Leave", "Masquerade",
)  # fmt: skip
EVENTS_READ_MODERN = ("DialBegin", "DialEnd", "Newstate", "BridgeEnter", "Hangup", "Cdr", "Rename")


class CallTracker:
    """Feed it every AMI message; it returns the call events each one causes."""

    def __init__(
        self,
        *,
        modern: bool = False,
        trunk_prefixes: tuple[str, ...] = ("trunk",),
        analog_extensions: dict[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wallclock: Callable[[], datetime] | None = None,
        context_prefix: str = "DLPN_DialPlan",
    ):
        self.modern = modern
        self.trunk_prefixes = trunk_prefixes
        self.context_prefix = context_prefix
        # Peer names the PBX lists as phones (SIPpeers, filled on connect); None: not known.
        self.known_extensions: frozenset[str] | None = None
        # 1.x queue callers waiting for a member (Join), by Uniqueid: channel, number, name.
        self._queue_callers: dict[str, tuple[str, str | None, str | None]] = {}
        # DAHDI port -> extension number, from the settings' channel overrides.
        self.analog_extensions = dict(analog_extensions or {})
        self._clock = clock
        self._wallclock = wallclock or (lambda: datetime.now(UTC))
        self.calls: dict[str, _Call] = {}
        self._uid_call: dict[str, str] = {}
        self._channel_uid: dict[str, str] = {}
        self._local_call: dict[str, str] = {}
        self._dahdi_kind: dict[str, Kind] = {}
        self._dahdi_pending: dict[str, list[_PendingDial]] = {}
        self._lookups: list[str] = []
        self._ended: OrderedDict[str, None] = OrderedDict()
        # Calls whose caller hung up and that wait (briefly) for their Cdr: call id -> time.
        self._hung_up: dict[str, float] = {}
        self.unknown_events = 0
        self._ignored_names: set[str] = set()

    # -- public API ------------------------------------------------------------------

    def feed(self, msg: Message) -> list[CallEvent]:
        name = msg.event
        if name is None:
            return []
        handler = _BY_NAME.get(name)
        if handler is None:
            handler = _HANDLERS.get(name.lower())
            if handler is not None and len(_BY_NAME) < 1000:
                _BY_NAME[name] = handler  # the spelling seen, so the next one skips lower()
        if handler is None:
            self.unknown_events += 1
            if name not in self._ignored_names and len(self._ignored_names) < 1000:
                # Once per name: most events (VarSet, Newexten...) say nothing about calls.
                self._ignored_names.add(name)
                log.debug("ignoring AMI event %r: not used for calls", name)
            return []
        return handler(self, msg)

    def events_read(self) -> tuple[str, ...]:
        """Names of the events this tracker acts on for the server generation it was told."""
        return EVENTS_READ_MODERN if self.modern else EVENTS_READ_1X

    def take_dahdi_lookups(self) -> list[str]:
        """DAHDI ports the caller must look up (`dahdi show channel N`), then resolve_dahdi()."""
        ports, self._lookups = self._lookups, []
        return ports

    def resolve_dahdi(
        self, port: str, kind: Kind | None, extension: str | None = None
    ) -> list[CallEvent]:
        """Record what a DAHDI port is (None: unknown, treated as a trunk) and replay dials."""
        kind = kind or Kind.TRUNK
        self._dahdi_kind[port] = kind
        if kind is Kind.EXTENSION and extension and port not in self.analog_extensions:
            self.analog_extensions[port] = extension
        events: list[CallEvent] = []
        for pending in self._dahdi_pending.pop(port, []):
            call = self.calls.get(pending.call_id)
            if call is None or pending.uid not in self._uid_call:
                continue
            events += self._dial_to(call, pending.uid, pending.channel, kind, None, pending.context)
        return events

    def note_redirect(self, caller_channel: str, target: str) -> None:
        """We are about to move this caller: its ringing legs end as 'transferred'."""
        uid = self._channel_uid.get(caller_channel)
        call = self.calls.get(self._uid_call.get(uid or "", ""))
        if call is not None:
            call.redirect_target = target

    def extension_for_channel(self, channel: str) -> str | None:
        """The extension a channel's call is answered by or rings on (its own, for a leg)."""
        uid = self._channel_uid.get(channel)
        call = self._call_for(uid)
        if call is None:
            return None
        if uid in call.legs:
            return call.legs[uid].extension  # type: ignore[index]
        if call.answered_by is not None:
            return call.answered_by
        live = [leg.extension for leg in call.legs.values() if leg.state != "ended"]
        return live[0] if live else None

    def known_keys(self) -> list[list[str]]:
        """Every Uniqueid and channel name this tracker holds state for, grouped by call: what
        a call gate started now must let through (screenpop/ami/gate.py)."""
        groups: list[list[str]] = []
        for call in self.calls.values():
            keys = [*call.uids, *call.local_bases, call.caller_uid, call.caller_channel]
            keys += [leg.channel for leg in call.legs.values()]
            groups.append(keys)
        groups += [[name, uid] for name, uid in self._channel_uid.items()]
        groups += [[uid, q[0]] for uid, q in self._queue_callers.items()]
        groups += [[p.uid, p.channel.raw] for ps in self._dahdi_pending.values() for p in ps]
        return groups

    def queue_caller_ids(self) -> list[str]:
        """1.x queue callers waiting for a member (Join seen, no Leave yet)."""
        return list(self._queue_callers)

    def find_call(self, call_id: str) -> _Call | None:
        return self.calls.get(call_id)

    def expire(self) -> list[CallEvent]:
        """Report calls that hung up and whose Cdr did not come within the grace period."""
        now = self._clock()
        events: list[CallEvent] = []
        for call_id, hung_up_at in list(self._hung_up.items()):
            if now - hung_up_at >= CDR_GRACE_SECONDS:
                events += self._finish(self.calls[call_id])
        for call in list(self.calls.values()):
            if call.hung_up_at is None and now - call.started > MAX_CALL_AGE:
                # Its Hangup was lost (events off for a while): do not keep it all day.
                self._drop(call)
        if len(self._channel_uid) > _MAX_CHANNELS:
            for name in list(self._channel_uid)[: len(self._channel_uid) - _MAX_CHANNELS]:
                del self._channel_uid[name]
        return events

    def next_deadline(self) -> float | None:
        """Clock time at which expire() has something to do, or None."""
        # Called after every message: look only at the few calls waiting for a Cdr.
        hung_up = self._hung_up
        return min(hung_up.values()) + CDR_GRACE_SECONDS if hung_up else None

    def resync(self, channels: list[Message]) -> list[CallEvent]:
        """Rebuild live state from a CoreShowChannels/Status list taken after a reconnect.

        Calls we track whose caller channel is gone ended while we were away: their popups are
        closed. Channels ringing now that we do not know start new calls, so they still pop.
        """
        from .resync import rebuild

        return rebuild(self, channels)

    # -- helpers ---------------------------------------------------------------------

    def _name(self, value: str | None) -> str | None:
        value = clean(value)
        if value is not None and self.modern:
            value = unescape_name(value)
        return value

    def _call_for(self, uid: str | None) -> _Call | None:
        if not uid:
            return None
        call_id = self._uid_call.get(uid)
        return self.calls.get(call_id) if call_id else None

    def _kind(self, ch: Channel, dialstring: str | None = None, context: str | None = None) -> Kind:
        return classify(
            ch, dialstring, self.trunk_prefixes, self.known_extensions, context, self.context_prefix
        )

    def _new_call(
        self, uid: str, channel: str, caller: Caller, context: str | None = None
    ) -> _Call:
        ch = parse_channel(channel)
        trunk = None
        if ch is not None:
            kind = self._kind(ch, None, context)
            if kind is Kind.TRUNK:
                trunk = ch.peer
            elif kind is Kind.ANALOG_PORT and self._dahdi_kind.get(ch.peer) is Kind.TRUNK:
                trunk = f"{ch.tech}/{ch.peer}"
        call = _Call(uid, uid, channel, caller, trunk, self._clock())
        self.calls[uid] = call
        self._map_uid(uid, call)
        self._channel_uid[channel] = uid
        return call

    def _outer_call(self, uid: str, channel: str, linkedid: str | None) -> _Call | None:
        """The call a dialling channel belongs to: itself, a Local half, or its Linkedid."""
        call = self._call_for(uid)
        if call is not None:
            return call
        ch = parse_channel(channel)
        if ch is not None and ch.local_half:
            call_id = self._local_call.get(ch.base)
            if call_id in self.calls:
                call = self.calls[call_id]  # type: ignore[index]
                self._map_uid(uid, call)
                return call
        if linkedid and linkedid != uid:
            call = self._call_for(linkedid)
            if call is not None:
                self._map_uid(uid, call)
                return call
        return None

    def _begin_dial(
        self,
        caller_uid: str,
        caller_channel: str,
        number: str | None,
        name: str | None,
        dest: str,
        dest_uid: str | None,
        dialstring: str | None,
        linkedid: str | None,
        dest_context: str | None,
        caller_place: tuple[str | None, str | None] = (None, None),
    ) -> list[CallEvent]:
        if caller_uid in self._ended:
            return []
        events: list[CallEvent] = []
        owner = self._call_for(caller_uid)
        if owner is not None and caller_uid in owner.legs:
            # A ringing leg that dials on its own was redirected (the vendor guide's transfer):
            # it no longer carries the caller, so it starts a call of its own.
            events += self._end_leg(owner, owner.legs.pop(caller_uid), "transferred")
            self._forget_uid(caller_uid)
            linkedid = None
        call = self._outer_call(caller_uid, caller_channel, linkedid)
        if call is None:
            call = self._new_call(caller_uid, caller_channel, Caller(number, name), caller_place[0])
        elif call.caller.number is None and number:
            call.caller = Caller(number, name)
        ch = parse_channel(dest)
        if ch is None or not dest_uid:
            return events
        self._map_uid(dest_uid, call)
        self._channel_uid[dest] = dest_uid
        kind = self._kind(ch, dialstring, dest_context)
        if kind is Kind.ANALOG_PORT:
            known = self._dahdi_kind.get(ch.peer)
            if ch.peer in self.analog_extensions:
                known = Kind.EXTENSION  # the user's port map wins over a lookup
            if known is None:
                self._dahdi_pending.setdefault(ch.peer, []).append(
                    _PendingDial(call.id, dest_uid, ch, dest_context)
                )
                if ch.peer not in self._lookups and len(self._dahdi_pending[ch.peer]) == 1:
                    self._lookups.append(ch.peer)
                return events
            kind = known
        events += self._dial_to(call, dest_uid, ch, kind, dialstring, dest_context)
        if dest_uid in call.legs:
            call.legs[dest_uid].caller_place = caller_place
        return events

    def _dial_to(
        self,
        call: _Call,
        uid: str,
        ch: Channel,
        kind: Kind,
        dialstring: str | None,
        context: str | None,
    ) -> list[CallEvent]:
        now = self._wallclock()
        if kind is Kind.LOCAL:
            self._local_call[ch.base] = call.id
            call.local_bases.add(ch.base)
            return []
        if kind is Kind.TRUNK:
            caller_ch = parse_channel(call.caller_channel)
            extension = caller_ch.peer if caller_ch is not None else call.caller_channel
            if caller_ch is not None and call.trunk is not None:
                return []  # trunk to trunk: nothing for a receptionist to see
            call.outbound = True
            number = dialled_number(ch, dialstring)
            trunk = ch.peer if ch.tech.lower() != "dahdi" else f"{ch.tech}/{ch.peer}"
            return [Outbound(call.id, extension, number, trunk, ch.raw, now)]
        if kind is not Kind.EXTENSION:
            if kind is Kind.OTHER and ch.tech not in self._ignored_names:
                self._ignored_names.add(ch.tech)
                log.debug("ignoring a Dial to %s: unknown channel technology", ch.raw)
            return []
        extension = ch.peer
        if ch.tech.lower() in ("dahdi", "zap"):
            extension = self.analog_extensions.get(ch.peer, f"{ch.tech}/{ch.peer}")
        if uid in call.legs:
            return []
        leg = _Leg(uid, ch.raw, extension, context)
        call.legs[uid] = leg
        if extension not in call.rung:
            call.rung.append(extension)
        call.redirect_target = None
        return [
            Ringing(
                call.id,
                extension,
                call.caller,
                ch.raw,
                call.caller_channel,
                call.trunk,
                context or None,
                now,
            )
        ]

    def _answer_leg(self, call: _Call, leg: _Leg) -> list[CallEvent]:
        if leg.state != "ringing":
            return []
        leg.state = "answered"
        events: list[CallEvent] = []
        if call.answered_by is None:
            call.answered_by = leg.extension
            call.answered_at = self._clock()
        events.append(Answered(call.id, leg.extension, leg.channel, self._wallclock()))
        return events

    def _end_leg(self, call: _Call, leg: _Leg, reason: str) -> list[CallEvent]:
        if leg.state == "ringing":
            leg.state = "ended"
            if reason == "cancelled":
                if call.answered_by is not None and call.answered_by != leg.extension:
                    reason = "answered_elsewhere"
                elif call.redirect_target is not None:
                    reason = "transferred"
            answered_by = call.answered_by if reason == "answered_elsewhere" else None
            return [
                RingEnded(
                    call.id, leg.extension, reason, leg.channel, answered_by, self._wallclock()
                )
            ]
        leg.state = "ended"
        return []

    def _map_uid(self, uid: str, call: _Call) -> None:
        self._uid_call[uid] = call.id
        call.uids.add(uid)

    def _forget_uid(self, uid: str) -> None:
        self._uid_call.pop(uid, None)

    def _finish(self, call: _Call) -> list[CallEvent]:
        events: list[CallEvent] = []
        for leg in call.legs.values():
            events += self._end_leg(call, leg, "cancelled")
        events += self._ended_event(call, *self._figures(call))
        self._drop(call)
        return events

    def _ended_event(
        self, call: _Call, disposition: str, duration: int | None, billable: int | None
    ) -> list[CallEvent]:
        """The Ended event of a call someone was shown (rang a watched phone or dialled out)."""
        if not (call.rung or call.outbound):
            return []
        return [
            Ended(
                call.id,
                disposition,
                duration,
                billable,
                call.caller,
                tuple(call.rung),
                call.answered_by,
                self._wallclock(),
            )
        ]

    def _figures(self, call: _Call) -> tuple[str, int | None, int | None]:
        if call.cdrs:
            dispositions = [(c.get("Disposition") or "").upper() for c in call.cdrs]
            disposition = (
                "ANSWERED" if "ANSWERED" in dispositions else dispositions[-1] or "NO ANSWER"
            )
            spans = _cdr_spans(call.cdrs)
            duration = _sum_int(c.get("Duration") for c in spans)
            billable = _sum_int(c.get("BillableSeconds") for c in spans)
            return disposition, duration, billable
        end = call.hung_up_at if call.hung_up_at is not None else self._clock()
        duration = max(0, round(end - call.started))
        if call.answered_at is not None:
            return "ANSWERED", duration, max(0, round(end - call.answered_at))
        return "NO ANSWER", duration, 0

    def _drop(self, call: _Call) -> None:
        self.calls.pop(call.id, None)
        self._hung_up.pop(call.id, None)
        for uid in call.uids:
            if self._uid_call.get(uid) == call.id:
                del self._uid_call[uid]
        for base in call.local_bases:
            if self._local_call.get(base) == call.id:
                del self._local_call[base]
        self._channel_uid.pop(call.caller_channel, None)
        for leg in call.legs.values():
            self._channel_uid.pop(leg.channel, None)
        self._ended[call.id] = None
        if len(self._ended) > _RECENTLY_ENDED:
            self._ended.popitem(last=False)

    # -- message handlers ------------------------------------------------------------

    def _on_newchannel(self, msg: Message) -> list[CallEvent]:
        if self.modern:
            # Only 1.x AgentCalled looks a channel's Uniqueid up by name (12+ names both
            # in DialBegin); calls record their own channels. Most events of a busy PBX
            # are about other calls: skip the lines.
            return []
        channel, uid = msg.get("Channel"), msg.get("Uniqueid")
        if channel and uid:
            self._channel_uid[channel] = uid
        return []

    def _on_dial(self, msg: Message) -> list[CallEvent]:
        sub = (msg.get("SubEvent") or "").lower()
        if sub == "end":
            return self._on_dial_end_1x(msg)
        if sub and sub != "begin":
            return []
        # 1.6/1.8 `Dial` Begin, or 1.4 `Dial` with Source/SrcUniqueID.
        msg.prefetch()
        caller_channel = msg.get("Channel") or msg.get("Source")
        caller_uid = msg.get("UniqueID") or msg.get("SrcUniqueID")
        dest = msg.get("Destination")
        if not caller_channel or not caller_uid or not dest:
            return []
        return self._begin_dial(
            caller_uid,
            caller_channel,
            clean(msg.get("CallerIDNum") or msg.get("CallerID")),
            self._name(msg.get("CallerIDName")),
            dest,
            msg.get("DestUniqueID"),
            msg.get("Dialstring"),
            None,
            None,
        )

    def _on_dial_end_1x(self, msg: Message) -> list[CallEvent]:
        call = self._call_for(msg.get("UniqueID"))
        if call is None:
            return []
        reason = _DIALSTATUS_REASON.get((msg.get("DialStatus") or "").upper(), "cancelled")
        events: list[CallEvent] = []
        for leg in call.legs.values():
            events += self._end_leg(call, leg, reason)
        return events

    def _on_dial_begin(self, msg: Message) -> list[CallEvent]:
        msg.prefetch()
        caller_channel, caller_uid = msg.get("Channel"), msg.get("Uniqueid")
        if not caller_channel or not caller_uid:
            # No calling channel: the PBX rings a phone for an Originate (click-to-dial).
            return []
        return self._begin_dial(
            caller_uid,
            caller_channel,
            clean(msg.get("CallerIDNum")),
            self._name(msg.get("CallerIDName")),
            msg.get("DestChannel") or "",
            msg.get("DestUniqueid"),
            msg.get("DialString"),
            clean(msg.get("Linkedid")),
            clean(msg.get("DestContext")),
            (clean(msg.get("Context")), clean(msg.get("Exten"))),
        )

    def _on_dial_end(self, msg: Message) -> list[CallEvent]:
        leg_uid = msg.get("DestUniqueid")
        call = self._call_for(leg_uid)
        if call is None or leg_uid not in call.legs:
            return []
        leg = call.legs[leg_uid]
        status = (msg.get("DialStatus") or "").upper()
        if status == "ANSWER":
            return self._answer_leg(call, leg)
        if status == "CANCEL" and call.redirect_target is None and leg.caller_place[0]:
            # 12+ shows the caller already at its new place when it was redirected.
            place = (clean(msg.get("Context")), clean(msg.get("Exten")))
            if place[0] and place != leg.caller_place:
                call.redirect_target = place[1] or place[0]
        return self._end_leg(call, leg, _DIALSTATUS_REASON.get(status, "cancelled"))

    def _on_newstate(self, msg: Message) -> list[CallEvent]:
        # Most Newstates are about channels that are not a ringing leg of a call: ask that
        # first, by the one header it needs.
        uid = msg.get("Uniqueid")
        leg = self._ringing_leg(uid)
        if leg is None:
            # A 1.x queue member's phone rings with no Dial event (eventwhencalled off).
            if self._queue_callers and msg.get("ChannelState") == "5":
                return self._queue_member_ringing(msg)
            return []
        if msg.get("ChannelState") != "6" and (msg.get("State") or "").lower() != "up":
            return []
        return self._answer_leg(self.calls[self._uid_call[uid]], leg)  # type: ignore[index]

    def _ringing_leg(self, uid: str | None) -> _Leg | None:
        call = self._call_for(uid)
        if call is None:
            return None
        leg = call.legs.get(uid)  # type: ignore[arg-type]
        return leg if leg is not None and leg.state == "ringing" else None

    def _on_queue_join(self, msg: Message) -> list[CallEvent]:
        # 1.x `Join` (call class): a caller waits in a queue. Its members ring without Dial
        # events, and without AgentCalled when the queue has eventwhencalled off.
        uid, channel = msg.get("Uniqueid"), msg.get("Channel")
        if not self.modern and uid and channel and len(self._queue_callers) < 1000:
            number = clean(msg.get("CallerIDNum") or msg.get("CallerID"))
            self._queue_callers[uid] = (channel, number, self._name(msg.get("CallerIDName")))
        return []

    def _on_queue_leave(self, msg: Message) -> list[CallEvent]:
        self._queue_callers.pop(msg.get("Uniqueid") or "", None)
        return []

    def _queue_member_ringing(self, msg: Message) -> list[CallEvent]:
        """A 1.x phone rings for nobody we know: a queue member, if exactly one waiting
        caller matches the number the phone shows (never a guess between several)."""
        uid, channel = msg.get("Uniqueid"), msg.get("Channel")
        ch = parse_channel(channel)
        if not uid or uid in self._uid_call or ch is None or self._kind(ch) is not Kind.EXTENSION:
            return []
        shown = clean(msg.get("ConnectedLineNum"))
        waiting = [(q_uid, q) for q_uid, q in self._queue_callers.items() if q[1] == shown]
        if len(waiting) != 1:
            return []
        caller_uid, (caller_channel, number, name) = waiting[0]
        return self._begin_dial(
            caller_uid, caller_channel, number, name, channel or "", uid, None, None, None
        )

    def _answer_uid(self, uid: str | None) -> list[CallEvent]:
        """The leg with this Uniqueid is up (answered), if it is one of our ringing legs."""
        call = self._call_for(uid)
        if call is None or uid not in call.legs:
            return []
        return self._answer_leg(call, call.legs[uid])  # type: ignore[index]

    def _on_bridge(self, msg: Message) -> list[CallEvent]:
        uid1, uid2 = msg.get("Uniqueid1"), msg.get("Uniqueid2")
        if self._ringing_leg(uid1) is None and self._ringing_leg(uid2) is None:
            return []  # answers nothing we follow (usually: Newstate Up came first)
        state = (msg.get("Bridgestate") or "link").lower()
        if msg.event and msg.event.lower() == "link":
            state = "link"
        if state != "link":
            return []
        return self._answer_uid(uid1) + self._answer_uid(uid2)

    def _on_bridge_enter(self, msg: Message) -> list[CallEvent]:
        return self._answer_uid(msg.get("Uniqueid"))

    def _on_hangup(self, msg: Message) -> list[CallEvent]:
        uid = msg.get("Uniqueid") or ""
        if self._queue_callers:
            self._queue_callers.pop(uid, None)
        channel = msg.get("Channel")
        if channel and self._channel_uid.get(channel) == uid:
            del self._channel_uid[channel]
        for pendings in self._dahdi_pending.values():
            pendings[:] = [p for p in pendings if p.uid != uid]
        call = self._call_for(uid)
        if call is None:
            return []
        if uid in call.legs:
            leg = call.legs[uid]
            cause = msg.get("Cause") or ""
            reason = (
                "answered_elsewhere" if cause == "26" else _CAUSE_REASON.get(cause, "cancelled")
            )
            self._forget_uid(uid)
            if leg.state == "answered" and call.redirect_target is not None:
                # We moved the caller away from the extension that had answered: its call
                # there is over although the call goes on elsewhere.
                leg.state = "ended"
                return [
                    RingEnded(
                        call.id, leg.extension, "transferred", leg.channel, None, self._wallclock()
                    )
                ]
            return self._end_leg(call, leg, reason)
        if uid != call.caller_uid:
            # A Local half or other helper channel of this call.
            self._forget_uid(uid)
            return []
        call.hung_up_at = self._hung_up[call.id] = self._clock()
        events: list[CallEvent] = []
        for leg in call.legs.values():
            events += self._end_leg(call, leg, "cancelled")
        if call.cdrs:
            if self.modern:
                # 12+ may post the other legs' Cdr after the caller's Hangup (seen live on 20).
                self._hung_up[call.id] = self._clock() - CDR_GRACE_SECONDS + CDR_SETTLE_SECONDS
            else:
                events += self._finish(call)
        return events

    def _on_cdr(self, msg: Message) -> list[CallEvent]:
        uid = msg.get("UniqueID")
        call = self._call_for(uid)
        if call is None:
            return []
        call.cdrs.append(msg)
        if call.hung_up_at is not None:
            self._hung_up[call.id] = self._clock() - CDR_GRACE_SECONDS + CDR_SETTLE_SECONDS
        return []

    def _on_rename(self, msg: Message) -> list[CallEvent]:
        old, new, uid = (
            msg.get("Channel") or msg.get("Oldname"),
            msg.get("Newname"),
            msg.get("Uniqueid"),
        )
        if not new or not uid:
            return []
        if old and self._channel_uid.get(old) == uid:
            del self._channel_uid[old]
        self._channel_uid[new] = uid
        call = self._call_for(uid)
        if call is not None:
            if call.caller_uid == uid:
                call.caller_channel = new
            elif uid in call.legs:
                call.legs[uid].channel = new
        return []

    def _on_masquerade(self, msg: Message) -> list[CallEvent]:
        """1.x moves a caller into a new channel (Park, the Bridge action, a Redirect of a
        bridged caller): `Original` takes over the caller and the old channel hangs up as a
        ZOMBIE. The call follows the caller into `Original`, so a parked call stays on screen."""
        clone_uid = self._channel_uid.get(msg.get("Clone") or "")
        call = self._call_for(clone_uid)
        new_uid = self._channel_uid.get(msg.get("Original") or "")
        if call is None or clone_uid != call.caller_uid or not new_uid or new_uid in self._uid_call:
            return []  # not a caller we follow (a leg, a helper, or a channel we never saw)
        call.caller_uid = new_uid
        self._map_uid(new_uid, call)
        return []

    def _on_agent_called(self, msg: Message) -> list[CallEvent]:
        # 1.x queues ring members without Dial events; AgentCalled names the ringing leg.
        if self.modern:
            return []  # 12+ also sends DialBegin for each member
        caller_channel = msg.get("ChannelCalling")
        caller_uid = msg.get("Uniqueid")
        dest = msg.get("DestinationChannel")
        if not caller_channel or not caller_uid or not dest:
            return []
        return self._begin_dial(
            caller_uid,
            caller_channel,
            clean(msg.get("CallerIDNum")),
            self._name(msg.get("CallerIDName")),
            dest,
            self._channel_uid.get(dest),
            None,
            None,
            clean(msg.get("Context")),
        )


def _cdr_spans(cdrs: list[Message]) -> list[Message]:
    """One Cdr per stretch of the call: parallel legs of one ring (a ring group on 12+, one Cdr
    per leg with the same StartTime) count once, the answered or longest one; consecutive
    stretches (before and after a transfer) are kept, to be added up."""
    groups: dict[str, list[Message]] = {}
    for i, cdr in enumerate(cdrs):
        groups.setdefault(cdr.get("StartTime") or f"#{i}", []).append(cdr)

    def rank(cdr: Message) -> tuple[bool, int]:
        answered = (cdr.get("Disposition") or "").upper() == "ANSWERED"
        return answered, _sum_int([cdr.get("Duration")]) or 0

    return [max(group, key=rank) for group in groups.values()]


def _sum_int(values) -> int | None:  # type: ignore[no-untyped-def]
    total = None
    for value in values:
        try:
            total = (total or 0) + int(value or "")
        except ValueError:
            continue
    return total


# Handlers by the exact spelling of the event name seen on the wire (filled from _HANDLERS).
_BY_NAME: dict[str, Callable[[CallTracker, Message], list[CallEvent]]] = {}
_HANDLERS: dict[str, Callable[[CallTracker, Message], list[CallEvent]]] = {
    "newchannel": CallTracker._on_newchannel,
    "dial": CallTracker._on_dial,
    "dialbegin": CallTracker._on_dial_begin,
    "dialend": CallTracker._on_dial_end,
    "newstate": CallTracker._on_newstate,
    "bridge": CallTracker._on_bridge,
    "link": CallTracker._on_bridge,
    "bridgeenter": CallTracker._on_bridge_enter,
    "hangup": CallTracker._on_hangup,
    "cdr": CallTracker._on_cdr,
    "rename": CallTracker._on_rename,
    "agentcalled": CallTracker._on_agent_called,
    "masquerade": CallTracker._on_masquerade,
    "join": CallTracker._on_queue_join,
    "leave": CallTracker._on_queue_leave,
}
