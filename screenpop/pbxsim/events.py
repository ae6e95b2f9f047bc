"""Event frames in the header order real servers use (captures old_* for 1.8, new_* for 20).

Each builder returns `(category, pairs)`; the category decides which sessions get it, the
pairs start with `Event` and `Privilege`.
"""

from __future__ import annotations

import time

from .frames import escape_c
from .model import CAUSES, Call, CdrSegment, Channel

Event = tuple[str, list[tuple[str, str]]]


def _unknown(value: str) -> str:
    return value or "<unknown>"


def cdr_time(t: float | None) -> str:
    return "" if t is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


class EventBuilder:
    """Builds the events of one flavor ("1.8" or "20")."""

    def __init__(self, flavor: str):
        self.flavor = flavor
        self.modern = flavor != "1.8"

    @staticmethod
    def _ev(name: str, category: str, pairs: list[tuple[str, str]]) -> Event:
        return category, [("Event", name), ("Privilege", f"{category},all"), *pairs]

    def display_name(self, text: str) -> str:
        return escape_c(text) if self.modern else text

    def snapshot(self, ch: Channel, prefix: str = "") -> list[tuple[str, str]]:
        """The 12+ channel snapshot (13:main/manager_channels.c); caller-ID blanks are <unknown>."""
        pairs = [
            ("Channel", ch.name),
            ("ChannelState", str(ch.state)),
            ("ChannelStateDesc", ch.state_desc),
            ("CallerIDNum", _unknown(ch.cid_num)),
            ("CallerIDName", _unknown(self.display_name(ch.cid_name))),
            ("ConnectedLineNum", _unknown(ch.conn_num)),
            ("ConnectedLineName", _unknown(self.display_name(ch.conn_name))),
            ("Language", "en"),
            ("AccountCode", ""),
            ("Context", ch.context),
            ("Exten", ch.exten),
            ("Priority", str(ch.priority)),
            ("Uniqueid", ch.uniqueid),
            ("Linkedid", ch.linkedid),
        ]
        return [(prefix + name, value) for name, value in pairs]

    # -- channel lifecycle --------------------------------------------------------------

    def newchannel(self, ch: Channel) -> Event:
        if self.modern:
            return self._ev("Newchannel", "call", self.snapshot(ch))
        return self._ev(
            "Newchannel",
            "call",
            [
                ("Channel", ch.name),
                ("ChannelState", str(ch.state)),
                ("ChannelStateDesc", ch.state_desc),
                ("CallerIDNum", ch.cid_num),
                ("CallerIDName", ch.cid_name),
                ("AccountCode", ""),
                ("Exten", ch.exten),
                ("Context", ch.context),
                ("Uniqueid", ch.uniqueid),
            ],
        )

    def newstate(self, ch: Channel) -> Event:
        if self.modern:
            return self._ev("Newstate", "call", self.snapshot(ch))
        return self._ev(
            "Newstate",
            "call",
            [
                ("Channel", ch.name),
                ("ChannelState", str(ch.state)),
                ("ChannelStateDesc", ch.state_desc),
                ("CallerIDNum", ch.cid_num),
                ("CallerIDName", ch.cid_name),
                ("ConnectedLineNum", ch.conn_num),
                ("ConnectedLineName", ch.conn_name),
                ("Uniqueid", ch.uniqueid),
            ],
        )

    def hangup(self, ch: Channel, cause: int = 16, name: str | None = None) -> Event:
        cause_pairs = [("Cause", str(cause)), ("Cause-txt", CAUSES.get(cause, "Unknown"))]
        if self.modern:
            return self._ev("Hangup", "call", self.snapshot(ch) + cause_pairs)
        return self._ev(
            "Hangup",
            "call",
            [
                ("Channel", name or ch.name),
                ("Uniqueid", ch.uniqueid),
                ("CallerIDNum", _unknown(ch.cid_num)),
                ("CallerIDName", _unknown(ch.cid_name)),
                ("ConnectedLineNum", _unknown(ch.conn_num)),
                ("ConnectedLineName", _unknown(ch.conn_name)),
                *cause_pairs,
            ],
        )

    def varset(self, ch: Channel, variable: str, value: str) -> Event:
        if self.modern:
            pairs = [*self.snapshot(ch), ("Variable", variable), ("Value", value)]
            return self._ev("VarSet", "dialplan", pairs)
        return self._ev(
            "VarSet",
            "dialplan",
            [
                ("Channel", ch.name),
                ("Variable", variable),
                ("Value", value),
                ("Uniqueid", ch.uniqueid),
            ],
        )

    def newexten(self, ch: Channel, application: str, app_data: str) -> Event:
        if self.modern:
            pairs = [
                *self.snapshot(ch),
                ("Extension", ch.exten),
                ("Application", application),
                ("AppData", app_data),
            ]
            return self._ev("Newexten", "dialplan", pairs)
        return self._ev(
            "Newexten",
            "dialplan",
            [
                ("Channel", ch.name),
                ("Context", ch.context),
                ("Extension", ch.exten),
                ("Priority", str(ch.priority)),
                ("Application", application),
                ("AppData", app_data),
                ("Uniqueid", ch.uniqueid),
            ],
        )

    # -- dialling -----------------------------------------------------------------------

    def dial_begin(self, caller: Channel | None, leg: Channel, dialstring: str) -> Event:
        """`caller` None is an Originate ringing its first channel (flavor 20 only)."""
        if self.modern:
            pairs = self.snapshot(caller) if caller is not None else []
            pairs += self.snapshot(leg, "Dest")
            pairs.append(("DialString", dialstring))
            return self._ev("DialBegin", "call", pairs)
        assert caller is not None
        return self._ev(
            "Dial",
            "call",
            [
                ("SubEvent", "Begin"),
                ("Channel", caller.name),
                ("Destination", leg.name),
                ("CallerIDNum", _unknown(caller.cid_num)),
                ("CallerIDName", _unknown(caller.cid_name)),
                ("ConnectedLineNum", _unknown(caller.conn_num)),
                ("ConnectedLineName", _unknown(caller.conn_name)),
                ("UniqueID", caller.uniqueid),
                ("DestUniqueID", leg.uniqueid),
                ("Dialstring", dialstring),
            ],
        )

    def dial_state(self, caller: Channel | None, leg: Channel) -> Event:
        pairs = self.snapshot(caller) if caller is not None else []
        pairs += [*self.snapshot(leg, "Dest"), ("DialStatus", "RINGING")]
        return self._ev("DialState", "call", pairs)

    def dial_end(self, caller: Channel | None, leg: Channel | None, status: str) -> Event:
        """1.8: one End per Dial (no Destination); 20: one DialEnd per leg."""
        if self.modern:
            assert leg is not None
            pairs = self.snapshot(caller) if caller is not None else []
            pairs += [*self.snapshot(leg, "Dest"), ("DialStatus", status)]
            return self._ev("DialEnd", "call", pairs)
        assert caller is not None
        return self._ev(
            "Dial",
            "call",
            [
                ("SubEvent", "End"),
                ("Channel", caller.name),
                ("UniqueID", caller.uniqueid),
                ("DialStatus", status),
            ],
        )

    # -- bridging (1.8) -----------------------------------------------------------------

    def bridge_link(self, a: Channel, b: Channel) -> Event:
        return self._ev(
            "Bridge",
            "call",
            [("Bridgestate", "Link"), ("Bridgetype", "core"), *self._pair(a, b)],
        )

    def unlink(self, a: Channel, b: Channel) -> Event:
        return self._ev("Unlink", "call", self._pair(a, b))

    @staticmethod
    def _pair(a: Channel, b: Channel) -> list[tuple[str, str]]:
        return [
            ("Channel1", a.name),
            ("Channel2", b.name),
            ("Uniqueid1", a.uniqueid),
            ("Uniqueid2", b.uniqueid),
            ("CallerID1", a.cid_num),
            ("CallerID2", b.cid_num),
        ]

    # -- bridging (20) ------------------------------------------------------------------

    def bridge(self, name: str, bridge_id: str, count: int, ch: Channel | None = None) -> Event:
        """BridgeCreate / BridgeEnter / BridgeLeave / BridgeDestroy."""
        tech = "simple_bridge" if name in ("BridgeCreate", "BridgeEnter") else "native_rtp"
        pairs = [
            ("BridgeUniqueid", bridge_id),
            ("BridgeType", "basic"),
            ("BridgeTechnology", tech),
            ("BridgeCreator", "<unknown>"),
            ("BridgeName", "<unknown>"),
            ("BridgeNumChannels", str(count)),
            ("BridgeVideoSourceMode", "none"),
        ]
        if ch is not None:
            pairs += self.snapshot(ch)
        return self._ev(name, "call", pairs)

    # -- masquerade (1.8 Redirect of a channel without a PBX) ----------------------------

    def masquerade(self, clone: Channel, original: str) -> Event:
        state = clone.state_desc
        return self._ev(
            "Masquerade",
            "call",
            [
                ("Clone", clone.name),
                ("CloneState", state),
                ("Original", original),
                ("OriginalState", state),
            ],
        )

    def rename(self, old: str, new: str, uniqueid: str) -> Event:
        return self._ev(
            "Rename", "call", [("Channel", old), ("Newname", new), ("Uniqueid", uniqueid)]
        )

    def new_callerid(self, ch: Channel) -> Event:
        tail = [("CID-CallingPres", "0 (Presentation Allowed, Not Screened)")]
        if self.modern:
            return self._ev("NewCallerid", "call", self.snapshot(ch) + tail)
        pairs = [
            ("Channel", ch.name),
            ("CallerIDNum", ch.cid_num),
            ("CallerIDName", ch.cid_name),
            ("Uniqueid", ch.uniqueid),
            *tail,
        ]
        return self._ev("NewCallerid", "call", pairs)

    # -- queues -------------------------------------------------------------------------

    def queue_join(self, caller: Channel, queue: str, count: int) -> Event:
        """1.8 `Join` (call class); 12+ `QueueCallerJoin` (agent class, with a snapshot)."""
        if self.modern:
            pairs = [*self.snapshot(caller), ("Queue", queue), ("Position", "1")]
            return self._ev("QueueCallerJoin", "agent", [*pairs, ("Count", str(count))])
        return self._ev(
            "Join",
            "call",
            [
                ("Channel", caller.name),
                ("CallerIDNum", _unknown(caller.cid_num)),
                ("CallerIDName", _unknown(caller.cid_name)),
                ("ConnectedLineNum", _unknown(caller.conn_num)),
                ("ConnectedLineName", _unknown(caller.conn_name)),
                ("Queue", queue),
                ("Position", "1"),
                ("Count", str(count)),
                ("Uniqueid", caller.uniqueid),
            ],
        )

    def queue_leave(self, caller: Channel, queue: str) -> Event:
        if self.modern:
            pairs = [*self.snapshot(caller), ("Queue", queue), ("Position", "1")]
            return self._ev("QueueCallerLeave", "agent", [*pairs, ("Count", "0")])
        return self._ev(
            "Leave",
            "call",
            [
                ("Channel", caller.name),
                ("Queue", queue),
                ("Count", "0"),
                ("Position", "1"),
                ("Uniqueid", caller.uniqueid),
            ],
        )

    def queue_abandon(self, caller: Channel, queue: str) -> Event:
        pairs = self.snapshot(caller) if self.modern else [("Uniqueid", caller.uniqueid)]
        pairs += [("Queue", queue), ("Position", "1"), ("OriginalPosition", "1")]
        return self._ev("QueueCallerAbandon", "agent", [*pairs, ("HoldTime", "0")])

    def agent_called(self, caller: Channel, leg: Channel, queue: str, member: str) -> Event:
        if self.modern:
            pairs = self.snapshot(caller) + self.snapshot(leg, "Dest")
            pairs += [("Queue", queue), ("MemberName", member), ("Interface", member)]
            return self._ev("AgentCalled", "agent", pairs)
        return self._ev(
            "AgentCalled",
            "agent",
            [
                ("Queue", queue),
                ("AgentCalled", member),
                ("AgentName", member),
                ("ChannelCalling", caller.name),
                ("DestinationChannel", leg.name),
                ("CallerIDNum", _unknown(caller.cid_num)),
                ("CallerIDName", _unknown(caller.cid_name)),
                ("ConnectedLineNum", _unknown(caller.conn_num)),
                ("ConnectedLineName", _unknown(caller.conn_name)),
                ("Context", caller.context),
                ("Extension", caller.exten),
                ("Priority", str(caller.priority)),
                ("Uniqueid", caller.uniqueid),
            ],
        )

    # -- the rest -----------------------------------------------------------------------

    def originate_response(
        self,
        action_id: str | None,
        ok: bool,
        channel: str,
        context: str,
        exten: str,
        reason: int,
        uniqueid: str,
        cid_num: str,
        cid_name: str,
    ) -> Event:
        pairs = [("ActionID", action_id)] if action_id is not None else []
        pairs += [
            ("Response", "Success" if ok else "Failure"),
            ("Channel", channel),
            ("Context", context),
            ("Exten", exten),
            ("Reason", str(reason)),
            ("Uniqueid", uniqueid),
            ("CallerIDNum", _unknown(cid_num)),
            ("CallerIDName", _unknown(self.display_name(cid_name))),
        ]
        return self._ev("OriginateResponse", "call", pairs)

    def fully_booted(self, uptime: int) -> Event:
        pairs = [("Uptime", str(uptime)), ("LastReload", str(uptime))] if self.modern else []
        return self._ev("FullyBooted", "system", [*pairs, ("Status", "Fully Booted")])

    def cdr(self, call: Call, seg: CdrSegment, end: float, user_field: str) -> Event:
        caller = call.caller
        answer = seg.answer
        return self._ev(
            "Cdr",
            "cdr",
            [
                ("AccountCode", ""),
                ("Source", caller.cid_num),
                ("Destination", seg.destination),
                ("DestinationContext", seg.dest_context),
                ("CallerID", f'"{caller.cid_name}" <{caller.cid_num}>'),
                ("Channel", caller.name),
                ("DestinationChannel", seg.dest_channel),
                ("LastApplication", seg.last_app),
                ("LastData", seg.last_data),
                ("StartTime", cdr_time(seg.start)),
                ("AnswerTime", cdr_time(answer)),
                ("EndTime", cdr_time(end)),
                ("Duration", str(max(0, int(end - seg.start)))),
                ("BillableSeconds", str(0 if answer is None else max(0, int(end - answer)))),
                ("Disposition", seg.disposition),
                ("AMAFlags", "DOCUMENTATION"),
                ("UniqueID", caller.uniqueid),
                ("UserField", user_field),
            ],
        )
