"""The call model: channels, Dial, answer, hangup, Redirect and Originate, as events.

Everything here is synchronous and deterministic: a step emits its events through `emit`
immediately, in the order the real servers sent them in the captures.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from .events import Event, EventBuilder
from .model import DOWN, RING, RINGING, UP, Call, CdrSegment, Channel, QueueSetup

DEFAULT_DAHDI_PORTS: dict[int, tuple[str | None, str]] = {
    5: ("601", "FXO Kewlstart"),
    1: (None, "FXS Kewlstart"),
}


@dataclass
class Target:
    """Where a Dial goes: an extension's phone, an analog port, or a trunk."""

    key: str  # the dialled extension or number
    device: str  # SIP/474, DAHDI/5, SIP/trunk-sps-test1
    dialstring: str
    context: str
    owner: str
    cid_num: str
    cid_name: str
    port: int | None = None


def _bucket(name: str) -> int:
    value = 5381
    for char in name.lower():
        value = (value * 33 ^ ord(char)) & 0xFFFFFFFF
    if value >= 2**31:
        value -= 2**32
    return abs(value) % 1567


def trunk_context(trunk: str) -> str:
    return "DLPN_Trunk_" + trunk.removeprefix("trunk-")


def parse_callerid(text: str) -> tuple[str | None, str | None]:
    """(name, number) from `"Name" <num>`, `Name <num>` or a bare number (ast_callerid_parse)."""
    text = text.strip()
    if "<" in text and text.endswith(">"):
        name, _, num = text[:-1].rpartition("<")
        return name.strip().strip('"') or None, num.strip() or None
    if text.replace("+", "").isdigit():
        return None, text
    return text or None, None


@dataclass
class RingingOriginate:
    """An Originate whose phone rings and has not answered yet."""

    channel: Channel
    extension: str
    requested: str  # the Channel header of the Originate action
    context: str
    exten: str
    action_id: str | None


class CallEngine:
    """Live channels and calls; every state change is reported through `emit`.

    `extensions` None accepts any 2-5 digit number as an extension; a collection limits the
    extensions that exist (Originate from another one fails).
    """

    def __init__(
        self,
        flavor: str,
        emit: Callable[[Event], None],
        *,
        clock: Callable[[], float] = time.time,
        extensions: Iterable[str] | None = None,
        extension_names: Mapping[str, str] | None = None,
        dahdi_ports: Mapping[int, tuple[str | None, str]] | None = None,
        default_trunk: str = "trunk-sps-test1",
        originate_answers: bool = True,
    ):
        self.flavor = flavor
        self.ev = EventBuilder(flavor)
        self.emit = emit
        self.clock = clock
        self.extensions = None if extensions is None else set(extensions)
        self.extension_names = dict(extension_names or {})
        self.dahdi_ports = dict(DEFAULT_DAHDI_PORTS if dahdi_ports is None else dahdi_ports)
        self.default_trunk = default_trunk
        self.originate_answers = originate_answers
        self.channels: dict[str, Channel] = {}
        self.calls: list[Call] = []
        self.calls_processed = 0
        self.uniqueid_counter = 0
        self.channel_counter = 0

    # -- identities ---------------------------------------------------------------------

    def next_uniqueid(self) -> str:
        uid = f"{int(self.clock())}.{self.uniqueid_counter}"
        self.uniqueid_counter += 1
        return uid

    def is_extension(self, number: str) -> bool:
        if self.analog_port(number) is not None:
            return True
        if self.extensions is not None:
            return number in self.extensions
        return number.isdigit() and 2 <= len(number) <= 5

    def ext_name(self, number: str) -> str:
        return self.extension_names.get(number, f"Ext {number}")

    def analog_port(self, number: str) -> int | None:
        for port, (ext, _sig) in self.dahdi_ports.items():
            if ext == number:
                return port
        return None

    def find_channel(self, name: str) -> Channel | None:
        """Exact name, any case, as `ast_channel_get_by_name` matches it."""
        found = self.channels.get(name)
        if found is None:
            lowered = name.lower()
            found = next((c for n, c in self.channels.items() if n.lower() == lowered), None)
        return found

    def listed_channels(self) -> list[Channel]:
        """Channels in the order Asterisk iterates its channel container.

        That container hashes names into 1567 buckets (ast_str_case_hash); following it makes
        listings come out in the same order as on the real servers in the captures.
        """
        return sorted(self.channels.values(), key=lambda ch: _bucket(ch.name))

    def call_of(self, ch: Channel) -> Call | None:
        for call in self.calls:
            if call.caller is ch or any(leg is ch for leg in call.legs.values()):
                return call
        return None

    def target(self, number: str, trunk: str | None = None) -> Target | None:
        port = self.analog_port(number)
        if port is not None:
            return Target(
                number,
                f"DAHDI/{port}",
                str(port),
                f"DLPN_DialPlan{number}",
                number,
                number,
                self.ext_name(number),
                port,
            )
        if trunk is None and self.is_extension(number):
            return Target(
                number,
                f"SIP/{number}",
                number,
                f"DLPN_DialPlan{number}",
                number,
                number,
                self.ext_name(number),
            )
        if number.isdigit() or trunk is not None:
            trunk = trunk or self.default_trunk
            return Target(
                number, f"SIP/{trunk}", f"{trunk}/{number}", trunk_context(trunk), trunk, "", ""
            )
        return None

    def _new_channel(
        self,
        device: str,
        owner: str,
        *,
        cid_num: str = "",
        cid_name: str = "",
        context: str = "",
        exten: str = "",
        linkedid: str | None = None,
        port: int | None = None,
    ) -> Channel:
        if port is not None:
            # chan_dahdi names calls on a port DAHDI/<port>-<n>, n counting from 1.
            n = 1
            while f"{device}-{n}" in self.channels:
                n += 1
            name = f"{device}-{n}"
        else:
            name = f"{device}-{self.channel_counter:08x}"
            self.channel_counter += 1
        uid = self.next_uniqueid()
        ch = Channel(
            name=name,
            uniqueid=uid,
            linkedid=linkedid or uid,
            created=self.clock(),
            cid_num=cid_num,
            cid_name=cid_name,
            context=context,
            exten=exten,
            owner=owner,
        )
        self.channels[name] = ch
        return ch

    def _drop(self, ch: Channel) -> None:
        if self.channels.get(ch.name) is ch:
            del self.channels[ch.name]

    def _empty_exten(self) -> str:
        # 12+ creates channels in exten "s"; 1.8 leaves it empty (captures' Newchannel).
        return "s" if self.ev.modern else ""

    # -- placing calls ------------------------------------------------------------------

    def _start_caller(
        self, kind: str, device: str, owner: str, num: str, name: str, context: str, exten: str
    ) -> Call:
        ch = self._new_channel(device, owner, cid_num=num, cid_name=name, context=context)
        ch.exten = exten if not self.ev.modern else "s"
        self.emit(self.ev.newchannel(ch))
        ch.exten, ch.has_pbx, ch.state = exten, True, RING
        self.emit(self.ev.newstate(ch))
        call = Call(kind=kind, caller=ch)
        call.segments.append(CdrSegment(exten, context, start=self.clock()))
        self.calls.append(call)
        self.calls_processed += 1
        return call

    def incoming(
        self,
        number: str,
        name: str,
        extensions: list[str],
        trunk: str,
        did: str | None = None,
        kind: str = "inbound",
    ) -> Call:
        did = did or (extensions[0] if len(extensions) == 1 else "s")
        call = self._start_caller(
            kind, f"SIP/{trunk}", trunk, number, name, trunk_context(trunk), did
        )
        targets = [self.target(ext) for ext in extensions]
        self.dial(call, [t for t in targets if t is not None])
        return call

    def queue_call(
        self,
        number: str,
        name: str,
        members: list[str],
        trunk: str,
        *,
        queue: str = "sales",
        strategy: str = "ringall",
        eventwhencalled: bool = True,
    ) -> Call:
        """A trunk caller into an app_queue queue: members ring as app_queue rings them."""
        call = self._start_caller("queue", f"SIP/{trunk}", trunk, number, name, "from-trunk", "800")
        caller = call.caller
        caller.priority, caller.application, caller.app_data = 2, "Queue", queue
        call.queue = QueueSetup(queue, list(members), strategy, eventwhencalled)
        seg = call.segment
        seg.last_app, seg.last_data = "Queue", queue
        self.emit(self.ev.queue_join(caller, queue, 1))
        if strategy == "ringall":
            for member in members:
                self._ring_member(call, member)
        else:
            self.queue_next(call)
        return call

    def queue_next(self, call: Call) -> None:
        """One-by-one: the member ringing now times out, the next one rings (round robin)."""
        setup = call.queue
        assert setup is not None
        for key, leg in list(call.legs.items()):
            if self.ev.modern:
                self.emit(self.ev.dial_end(call.caller, leg, "NOANSWER"))
            self.emit(self.ev.hangup(leg, 16))
            self._drop(leg)
            del call.legs[key]
        member = setup.members[setup.next_member % len(setup.members)]
        setup.next_member += 1
        self._ring_member(call, member)

    def _ring_member(self, call: Call, member: str) -> None:
        caller, ev = call.caller, self.ev
        setup = call.queue
        assert setup is not None
        leg = self._new_channel(
            f"SIP/{member}",
            member,
            cid_num=member,
            cid_name=self.ext_name(member),
            context=caller.context,
            exten=self._empty_exten(),
            linkedid=caller.linkedid,
        )
        self.emit(ev.newchannel(leg))
        leg.application, leg.app_data = "AppQueue", "(Outgoing Line)"
        leg.conn_num, leg.conn_name = caller.cid_num, caller.cid_name
        if ev.modern:
            self.emit(ev.dial_begin(caller, leg, f"SIP/{member}"))
        if ev.modern or setup.eventwhencalled:
            self.emit(ev.agent_called(caller, leg, setup.name, f"SIP/{member}"))
        leg.state = RINGING
        self.emit(ev.newstate(leg))
        if ev.modern:
            self.emit(ev.dial_state(caller, leg))
        call.legs[member] = leg
        call.segment.dest_channel = leg.name

    def internal(self, from_ext: str, to: str, trunk: str | None = None) -> Call:
        kind = "internal" if trunk is None else "outbound"
        port = self.analog_port(from_ext)
        device = f"DAHDI/{port}" if port is not None else f"SIP/{from_ext}"
        call = self._start_caller(
            kind,
            device,
            from_ext,
            from_ext,
            self.ext_name(from_ext),
            f"DLPN_DialPlan{from_ext}",
            to,
        )
        target = self.target(to, trunk)
        self.dial(call, [target] if target else [])
        return call

    def dial(self, call: Call, targets: list[Target]) -> None:
        """The caller runs Dial() to every target at once (one leg each: a ring group)."""
        caller = call.caller
        if not targets:
            self._finish(call, None)
            return
        caller.priority = 3
        caller.application = "Dial"
        caller.app_data = "&".join(f"{t.device.split('/')[0]}/{t.dialstring}" for t in targets)
        caller.app_data += ",30"
        self.emit(self.ev.newexten(caller, "Dial", caller.app_data))
        self.emit(self.ev.varset(caller, "DIALSTATUS", ""))
        seg = call.segment
        seg.last_app, seg.last_data = "Dial", caller.app_data
        for t in targets:
            leg = self._new_channel(
                t.device,
                t.owner,
                cid_num=t.cid_num,
                cid_name=t.cid_name,
                context=t.context,
                exten=self._empty_exten(),
                linkedid=caller.linkedid,
                port=t.port,
            )
            self.emit(self.ev.newchannel(leg))
            leg.exten, leg.application, leg.app_data = t.key, "AppDial", "(Outgoing Line)"
            leg.conn_num, leg.conn_name = caller.cid_num, caller.cid_name
            if t.device.startswith("SIP/trunk") or not t.cid_num:
                leg.cid_num, leg.cid_name = t.key, caller.cid_num
                self.emit(self.ev.new_callerid(leg))
            self.emit(self.ev.varset(leg, "DIALEDPEERNUMBER", t.dialstring))
            self.emit(self.ev.dial_begin(caller, leg, t.dialstring))
            caller.conn_num, caller.conn_name = leg.cid_num, leg.cid_name
            leg.state = RINGING
            self.emit(self.ev.newstate(leg))
            if self.ev.modern:
                self.emit(self.ev.dial_state(caller, leg))
            call.legs[t.key] = leg
            seg.dest_channel = leg.name
            seg.dialled.append(leg.name)

    # -- answering and ending -----------------------------------------------------------

    def answer(self, call: Call, ext: str | None = None) -> Channel:
        if call.ended or call.answered_by is not None:
            raise ValueError("the call is not ringing")
        if not call.legs:
            raise ValueError("no extension is ringing for this call")
        key = ext if ext is not None else next(iter(call.legs))
        leg = call.legs[key]
        caller, ev = call.caller, self.ev
        leg.state = UP
        self.emit(ev.newstate(leg))
        if ev.modern:
            self.emit(ev.dial_end(caller, leg, "ANSWER"))
        for other_key, other in list(call.legs.items()):
            if other is leg:
                continue
            if ev.modern:
                self.emit(ev.dial_end(caller, other, "CANCEL"))
            self.emit(ev.hangup(other, 26))
            self._drop(other)
            del call.legs[other_key]
        if caller.state != UP:
            caller.state = UP
            self.emit(ev.newstate(caller))
        if call.queue is not None:
            self.emit(ev.queue_leave(caller, call.queue.name))
        caller.conn_num, caller.conn_name = leg.cid_num, leg.cid_name
        caller.bridged, leg.bridged = leg, caller
        if ev.modern:
            call.bridge_id = str(uuid.uuid4())
            self.emit(ev.bridge("BridgeCreate", call.bridge_id, 0))
            self.emit(ev.bridge("BridgeEnter", call.bridge_id, 1, leg))
            self.emit(ev.bridge("BridgeEnter", call.bridge_id, 2, caller))
        else:
            self.emit(ev.bridge_link(caller, leg))
        seg = call.segment
        if seg.answer is None:
            seg.answer = self.clock()
        seg.disposition, seg.dest_channel = "ANSWERED", leg.name
        call.answered_by = leg
        return leg

    def _unbridge(self, call: Call, destroy_now: bool = True) -> Channel:
        leg = call.answered_by
        assert leg is not None
        caller, ev = call.caller, self.ev
        if ev.modern:
            self.emit(ev.bridge("BridgeLeave", call.bridge_id, 1, leg))
            self.emit(ev.bridge("BridgeLeave", call.bridge_id, 0, caller))
            if destroy_now:
                self.emit(ev.bridge("BridgeDestroy", call.bridge_id, 0))
        else:
            self.emit(ev.unlink(caller, leg))
        caller.bridged = leg.bridged = None
        return leg

    def _cancel_legs(self, call: Call, status: str, cause: int = 16) -> None:
        """Dial() gives up on every leg still ringing (caller gone, redirected or timeout)."""
        caller, ev = call.caller, self.ev
        for leg in call.legs.values():
            if ev.modern:
                self.emit(ev.dial_end(caller, leg, status))
            self.emit(ev.hangup(leg, cause))
            self._drop(leg)
        call.legs.clear()
        if call.queue is not None:
            # app_queue runs no Dial: no DIALSTATUS, no 1.8 Dial End; the caller leaves.
            self.emit(ev.queue_abandon(caller, call.queue.name))
            self.emit(ev.queue_leave(caller, call.queue.name))
            call.queue = None
            return
        self.emit(ev.varset(caller, "DIALSTATUS", status))
        if not ev.modern:
            self.emit(ev.dial_end(caller, None, status))

    def hangup(self, call: Call, cause: int = 16, status: str = "CANCEL") -> None:
        """The call ends: the caller hangs up (ringing: legs cancelled) or the parties do."""
        if call.ended:
            return
        caller, ev = call.caller, self.ev
        if call.answered_by is not None:
            if ev.modern:
                leg = self._unbridge(call, destroy_now=False)
                self.emit(ev.hangup(caller, cause))
                self.emit(ev.bridge("BridgeDestroy", call.bridge_id, 0))
                self._emit_cdrs(call)
                self.emit(ev.hangup(leg, cause))
            else:
                leg = self._unbridge(call)
                self._emit_cdrs(call)
                self.emit(ev.hangup(leg, cause))
                if call.queue is None:
                    self.emit(ev.varset(caller, "DIALSTATUS", "ANSWER"))
                    self.emit(ev.dial_end(caller, None, "ANSWER"))
                self.emit(ev.hangup(caller, cause))
            self._drop(leg)
            call.legs.clear()
            self._close(call)
            return
        self._cancel_legs(call, status, cause)
        self._finish(call, cause)

    def _finish(self, call: Call, cause: int | None) -> None:
        """The caller's channel hangs up after its Dial ended without a bridge."""
        if self.ev.modern:
            self._emit_cdrs(call)
            self.emit(self.ev.hangup(call.caller, cause or 16))
        else:
            self.emit(self.ev.hangup(call.caller, cause or 16))
            self._emit_cdrs(call)
        self._close(call)

    def _close(self, call: Call) -> None:
        self._drop(call.caller)
        call.ended = True
        if call in self.calls:
            self.calls.remove(call)

    def _emit_cdrs(self, call: Call) -> None:
        end = self.clock()
        user_field = self._user_field(call)
        if self.ev.modern:
            # Real Asterisk 20: one Cdr per dialled leg, the legs that did not answer first, all
            # with the stretch's StartTime (seen live with a ring group).
            for seg in call.segments:
                for name in seg.dialled:
                    if name != seg.dest_channel:
                        lost = replace(seg, dest_channel=name, answer=None, disposition="NO ANSWER")
                        self.emit(self.ev.cdr(call, lost, end, user_field))
                self.emit(self.ev.cdr(call, seg, end, user_field))
            return
        # 1.8 keeps one CDR across a transfer: first destination, last channel and answer.
        first, last = call.segments[0], call.segments[-1]
        answers = [s.answer for s in call.segments if s.answer is not None]
        merged = CdrSegment(
            first.destination,
            first.dest_context,
            last.last_app,
            last.last_data,
            last.dest_channel,
            first.start,
            answers[0] if answers else None,
            last.disposition,
        )
        self.emit(self.ev.cdr(call, merged, end, user_field))

    @staticmethod
    def _user_field(call: Call) -> str:
        # MyPBX fills UserField with the call direction (vendor guide: "UserField: Outbound").
        if call.kind in ("inbound", "analog", "queue"):
            return "Inbound"
        if any("/trunk" in seg.dest_channel for seg in call.segments):
            return "Outbound"
        return "Internal"

    def hangup_channel(self, ch: Channel) -> None:
        """`Action: Hangup` on any channel."""
        call = self.call_of(ch)
        ev = self.ev
        if call is None:
            self.emit(ev.hangup(ch, 16))
            self._drop(ch)
            return
        if ch is call.caller or ch is call.answered_by:
            self.hangup(call)
            return
        # A ringing leg hung up: the others keep ringing; the last one ends the Dial.
        key = next(k for k, leg in call.legs.items() if leg is ch)
        if len(call.legs) > 1:
            if ev.modern:
                self.emit(ev.dial_end(call.caller, ch, "NOANSWER"))
            self.emit(ev.hangup(ch, 16))
            self._drop(ch)
            del call.legs[key]
            return
        self.hangup(call, 16, "NOANSWER")

    # -- Redirect -----------------------------------------------------------------------

    def redirect(self, ch: Channel, context: str, exten: str) -> None:
        call = self.call_of(ch)
        if call is None:
            ch.context, ch.exten, ch.priority = context, exten, 1
            new = Call(kind="internal", caller=ch)
            new.segments.append(CdrSegment(exten, context, start=self.clock()))
            self.calls.append(new)
            target = self.target(exten)
            self.dial(new, [target] if target else [])
        elif ch is call.caller:
            self._redirect_caller(call, context, exten)
        else:
            self._redirect_leg(call, ch, context, exten)

    def park_leg(self, call: Call, zombie: Channel | None = None) -> None:
        """The caller was parked: the extension's leg leaves; the caller waits in a slot.
        On 1.8 the caller's old channel (`zombie`) ends its Dial and hangs up after it."""
        leg = call.answered_by
        assert leg is not None
        if zombie is not None:
            self.emit(self.ev.unlink(zombie, leg))
            call.caller.bridged = leg.bridged = None
        else:
            self._unbridge(call)
        self.emit(self.ev.hangup(leg, 16))
        self._drop(leg)
        call.legs.clear()
        call.answered_by = None
        if zombie is not None:
            self.emit(self.ev.dial_end(zombie, None, "ANSWER"))
            self.emit(self.ev.hangup(zombie, 16))

    def take_into(self, call: Call, joining: Channel) -> None:
        """The Bridge action: `joining` leaves its own call (whose other party hangs up) and
        talks to `call`'s waiting caller."""
        other = self.call_of(joining)
        assert other is not None
        ev = self.ev
        if other.answered_by is not None:
            partner = other.answered_by if joining is other.caller else other.caller
            self._unbridge(other)
            self.emit(ev.hangup(partner, 16))
            self._drop(partner)
        other.legs.clear()
        other.answered_by = None
        other.ended = True
        self.calls.remove(other)
        if not ev.modern:
            self.masquerade(call.caller, "Bridge")
            self.masquerade(joining, "Bridge")
        key = joining.owner or joining.name
        call.legs = {key: joining}
        call.caller.bridged, joining.bridged = joining, call.caller
        call.answered_by = joining
        if ev.modern:
            call.bridge_id = str(uuid.uuid4())
            self.emit(ev.bridge("BridgeCreate", call.bridge_id, 0))
            self.emit(ev.bridge("BridgeEnter", call.bridge_id, 1, joining))
            self.emit(ev.bridge("BridgeEnter", call.bridge_id, 2, call.caller))
        else:
            self.emit(ev.bridge_link(call.caller, joining))

    def _redirect_caller(self, call: Call, context: str, exten: str) -> None:
        """The working transfer: the same caller channel and Uniqueid dials the new target."""
        caller, ev = call.caller, self.ev
        if call.answered_by is not None:
            leg = self._unbridge(call)
            self.emit(ev.hangup(leg, 16))
            self._drop(leg)
            call.legs.clear()
            call.answered_by = None
            if not ev.modern:
                self.emit(ev.varset(caller, "DIALSTATUS", "ANSWER"))
                self.emit(ev.dial_end(caller, None, "ANSWER"))
        else:
            self._cancel_legs(call, "CANCEL")
        caller.context, caller.exten, caller.priority = context, exten, 1
        self.emit(ev.newexten(caller, "NoOp", f"MyPBX-sim: {caller.cid_num} calls {exten}"))
        call.segments.append(CdrSegment(exten, context, start=self.clock()))
        target = self.target(exten)
        self.dial(call, [target] if target else [])

    def _redirect_leg(self, call: Call, leg: Channel, context: str, exten: str) -> None:
        """Redirect of the CALLED leg, as old_04/new_04 show: the caller is hung up."""
        caller, ev = call.caller, self.ev
        if call.answered_by is leg:
            self._unbridge(call)
            call.answered_by = None
        others = [other for other in call.legs.values() if other is not leg]
        call.legs.clear()
        if not ev.modern:
            self._masquerade(leg)
        leg.context, leg.exten, leg.priority = context, exten, 1
        leg.has_pbx = True
        self.emit(ev.newexten(leg, "NoOp", f"MyPBX-sim: {leg.cid_num} calls {exten}"))
        for other in others:
            if ev.modern:
                self.emit(ev.dial_end(caller, other, "CANCEL"))
            self.emit(ev.hangup(other, 16))
            self._drop(other)
        self.emit(ev.varset(caller, "DIALSTATUS", "NOANSWER"))
        if not ev.modern:
            self.emit(ev.dial_end(caller, None, "NOANSWER"))
        self._finish(call, 16)
        self.channels[leg.name] = leg
        orphan = Call(kind="internal", caller=leg)
        orphan.segments.append(CdrSegment(exten, context, start=self.clock()))
        self.calls.append(orphan)
        self.calls_processed += 1
        target = self.target(exten)
        self.dial(orphan, [target] if target else [])

    def _masquerade(self, leg: Channel) -> None:
        """1.8 ast_async_goto on a channel without a PBX: AsyncGoto clone, MASQ and ZOMBIE."""
        self.masquerade(leg, "AsyncGoto")

    def masquerade(self, leg: Channel, prefix: str, hang_up: bool = True) -> Channel:
        """1.8 moves `leg` into a new channel `<prefix>/<name>` (a new Uniqueid) that takes
        its name; the old one is the returned ZOMBIE, hung up here unless `hang_up` is False."""
        ev = self.ev
        name, old_uid = leg.name, leg.uniqueid
        goto_name = f"{prefix}/{name}"
        new_uid = self.next_uniqueid()
        clone = Channel(
            name=goto_name,
            uniqueid=new_uid,
            linkedid=new_uid,
            created=self.clock(),
            context=leg.context,
            exten=leg.exten,
            state=leg.state,
        )
        self.emit(ev.newchannel(clone))
        self.emit(ev.masquerade(leg, goto_name))
        self.emit(ev.rename(name, f"{name}<MASQ>", old_uid))
        self.emit(ev.rename(goto_name, name, new_uid))
        self.emit(ev.rename(f"{name}<MASQ>", f"{goto_name}<ZOMBIE>", old_uid))
        leg.uniqueid = new_uid
        self.emit(ev.new_callerid(leg))
        zombie = Channel(name=f"{goto_name}<ZOMBIE>", uniqueid=old_uid, linkedid=old_uid, created=0)
        if hang_up:
            self.emit(ev.hangup(zombie, 16))
        return zombie

    # -- Originate ----------------------------------------------------------------------

    def originate_device(self, channel: str) -> tuple[str, str, int | None] | str:
        """(device, extension, DAHDI port) for an Originate `Channel`, or an error message."""
        tech, sep, data = channel.partition("/")
        if not sep:
            return "Invalid channel"
        tech_u = tech.upper()
        if tech_u == "DAHDI" and data.isdigit():
            ext = self.dahdi_ports.get(int(data), (None, ""))[0]
            if ext is not None:
                return f"DAHDI/{int(data)}", ext, int(data)
        elif tech_u in ("SIP", "IAX2") and self.is_extension(data):
            return f"{tech_u}/{data}", data, None
        return "Originate failed"

    def originate(
        self,
        channel: str,
        context: str,
        exten: str,
        caller_id: str | None,
        action_id: str | None,
    ) -> Call | None:
        """Ring `channel`, answer it (if `originate_answers`), then dial `exten` from it."""
        ringing = self.originate_ring(channel, context, exten, caller_id, action_id)
        return self.originate_complete(ringing, self.originate_answers)

    def originate_ring(
        self,
        channel: str,
        context: str,
        exten: str,
        caller_id: str | None,
        action_id: str | None,
    ) -> RingingOriginate:
        """The first half of an Originate: the phone's channel is created and rings."""
        resolved = self.originate_device(channel)
        assert not isinstance(resolved, str)
        device, ext, port = resolved
        ev = self.ev
        ch = self._new_channel(
            device,
            ext,
            cid_num=ext,
            cid_name=self.ext_name(ext),
            context=context,
            exten=self._empty_exten(),
            port=port,
        )
        self.emit(ev.newchannel(ch))
        if caller_id:
            name, num = parse_callerid(caller_id)
            ch.cid_name = name if name is not None else ch.cid_name
            ch.cid_num = num if num is not None else ch.cid_num
            self.emit(ev.new_callerid(ch))
        ch.conn_num, ch.conn_name = ch.cid_num, ch.cid_name
        if ev.modern:
            self.emit(ev.dial_begin(None, ch, ext if port is None else str(port)))
        ch.state = RINGING
        self.emit(ev.newstate(ch))
        if ev.modern:
            self.emit(ev.dial_state(None, ch))
        return RingingOriginate(ch, ext, channel, context, exten, action_id)

    def originate_complete(self, ringing: RingingOriginate, answered: bool) -> Call | None:
        """The second half: the phone answers (the number is dialled) or rings out."""
        ch, ev = ringing.channel, self.ev
        context, exten, action_id = ringing.context, ringing.exten, ringing.action_id
        if self.channels.get(ch.name) is not ch:
            return None  # hung up meanwhile
        if not answered:
            if ev.modern:
                self.emit(ev.dial_end(None, ch, "NOANSWER"))
            self.emit(ev.hangup(ch, 19))
            self._drop(ch)
            self.emit(
                ev.originate_response(
                    action_id, False, ringing.requested, context, exten, 3, "<null>", "", ""
                )
            )
            return None
        ch.state = UP
        if not ev.modern:
            self.emit(ev.newstate(ch))
        self.emit(
            ev.originate_response(
                action_id, True, ch.name, context, exten, 4, ch.uniqueid, ch.cid_num, ch.cid_name
            )
        )
        if ev.modern:
            self.emit(ev.newstate(ch))
            self.emit(ev.dial_end(None, ch, "ANSWER"))
        ch.exten, ch.priority, ch.has_pbx = exten, 1, True
        self.emit(ev.newexten(ch, "NoOp", f"MyPBX-sim: {ringing.extension} calls {exten}"))
        call = Call(kind="originate", caller=ch)
        now = self.clock()
        call.segments.append(CdrSegment(exten, context, start=now, answer=now))
        self.calls.append(call)
        self.calls_processed += 1
        target = self.target(exten)
        self.dial(call, [target] if target else [])
        return call

    def clear(self) -> None:
        """Forget every call without events (a restart that drops calls)."""
        self.calls.clear()
        self.channels.clear()


__all__ = ["DOWN", "CallEngine", "Target", "parse_callerid", "trunk_context"]
