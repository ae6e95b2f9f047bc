"""Colleague directory, hints, registration, Atxfer and Park for the simulator.

Shapes as Asterisk 1.8.32.3 and 20.20.1 send them (checked by hand; see
docs/colleagues.md). Kept apart from the call engine: it only reads the engine's
channels and emits through the same broadcast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screenpop.ami.message import Message

from .frames import frame, response
from .model import RINGING, UP

if TYPE_CHECKING:
    from .calls import CallEngine
    from .events import Event
    from .session import Session

_STATUS_TEXT = {-1: "Unknown", 0: "Idle", 1: "InUse", 4: "Unavailable", 8: "Ringing", 16: "Hold"}


@dataclass
class Peer:
    name: str
    registered: bool = True
    host: str | None = None  # a fixed host: a trunk
    tech: str = "SIP"

    @property
    def address(self) -> str:
        if self.host:
            return self.host
        if not self.registered:
            return "-none-"
        return f"192.168.1.{int(self.name) % 250 + 2}" if self.name.isdigit() else "192.168.1.2"


class Directory:
    """Peers, their caller IDs and hint states, as one simulated PBX would report them."""

    def __init__(
        self,
        engine: CallEngine,
        emit: Callable[[Event], None],
        extensions: Iterable[str] | None,
        trunk: str,
    ) -> None:
        self.engine = engine
        self.emit = emit
        self.peers: dict[str, Peer] = {}
        for ext in extensions or ():
            if ext.isdigit():
                self.peers[ext] = Peer(ext)
        self.peers[trunk] = Peer(trunk, host="203.0.113.5")
        self.hints = True  # the dialplan has `exten => N,hint,SIP/N`
        self.atxfer_feature = True  # features.conf [featuremap] atxfer => *2
        self.denied: set[str] = set()  # actions the AMI user lacks the write class for
        self._hint_state: dict[str, int] = {}
        self.parked: dict[str, str] = {}  # slot -> channel name
        self._next_slot = 701

    @property
    def modern(self) -> bool:
        return self.engine.ev.modern

    # -- state ---------------------------------------------------------------------------

    def extension_peers(self) -> list[Peer]:
        return [p for p in self.peers.values() if p.host is None]

    def hint_code(self, ext: str, without: str | None = None) -> int:
        peer = self.peers.get(ext)
        if not self.hints or peer is None or peer.host is not None:
            return -1
        states = [
            ch.state
            for ch in self.engine.channels.values()
            if ch.owner == ext and ch.name != without and ch.tech == "SIP"
        ]
        if any(s == UP or s in (2, 3, 4) for s in states):
            return 1
        if any(s == RINGING for s in states):
            return 8
        return 0 if peer.registered else 4

    def after_event(self, event: Event) -> None:
        """Called for every event the engine emits: hints follow the channels."""
        pairs = event[1]
        name = pairs[0][1] if pairs else ""
        if name not in ("Newchannel", "Newstate", "Hangup"):
            return
        channel = next((v for k, v in pairs if k == "Channel"), "")
        ch = self.engine.channels.get(channel)
        owner = ch.owner if ch is not None else channel.partition("/")[2].rpartition("-")[0]
        if owner in self.peers:
            self._update_hint(owner, channel if name == "Hangup" else None)

    def _update_hint(self, ext: str, without: str | None = None) -> None:
        code = self.hint_code(ext, without)
        if code < 0 or self._hint_state.get(ext) == code:
            return
        self._hint_state[ext] = code
        self.emit(("call", self._extension_status(ext, code, privilege=True)))

    def _extension_status(self, ext: str, code: int, privilege: bool) -> list[tuple[str, str]]:
        pairs = [("Event", "ExtensionStatus")]
        if privilege:
            pairs.append(("Privilege", "call,all"))
        pairs += [
            ("Exten", ext),
            ("Context", f"DLPN_DialPlan{ext}"),
            ("Hint", f"SIP/{ext}"),
            ("Status", str(code)),
        ]
        if self.modern:
            pairs.append(("StatusText", _STATUS_TEXT.get(code, "Unknown")))
        return pairs

    def set_registered(self, ext: str, registered: bool) -> None:
        """A phone registers or drops: PeerStatus (category system) and its hint."""
        peer = self.peers.setdefault(ext, Peer(ext, registered))
        peer.registered = registered
        status = "Registered" if registered else "Unregistered"
        pairs = [("Event", "PeerStatus"), ("Privilege", "system,all"), ("ChannelType", "SIP")]
        pairs += [("Peer", f"SIP/{ext}"), ("PeerStatus", status)]
        if registered:
            pairs.append(("Address", f"{peer.address}:5060"))
        self.emit(("system", pairs))
        self._update_hint(ext)

    # -- actions -------------------------------------------------------------------------

    def handle(self, name: str, session: Session, msg: Message, aid: str | None) -> bool:
        """Answer one of this module's actions; False if `name` is not one of them."""
        handler = _HANDLERS.get(name)
        if handler is None:
            return False
        if name in self.denied:
            session.send(response("Error", aid, ("Message", "Permission denied")))
            return True
        handler(self, session, msg, aid)
        return True

    def _aid(self, aid: str | None) -> list[tuple[str, str]]:
        return [("ActionID", aid)] if aid is not None else []

    def _sip_peers(self, session: Session, msg: Message, aid: str | None) -> None:
        ack = [("EventList", "start"), ("Message", "Peer status list will follow")]
        out = [response("Success", aid, *ack)]
        peers = sorted(self.peers.values(), key=lambda p: p.name)
        for p in peers:
            pairs = [("Event", "PeerEntry"), *self._aid(aid), ("Channeltype", "SIP")]
            pairs += [("ObjectName", p.name), ("ChanObjectType", "peer")]
            pairs += [("IPaddress", p.address), ("IPport", "5060" if p.registered else "0")]
            pairs += [("Dynamic", "no" if p.host else "yes"), ("Forcerport", "yes")]
            pairs += [("VideoSupport", "no"), ("TextSupport", "no"), ("ACL", "no")]
            pairs += [("Status", "Unmonitored"), ("RealtimeDevice", "no")]
            out.append(frame(pairs))
        end = [("Event", "PeerlistComplete")]
        if self.modern:
            end += [*self._aid(aid), ("EventList", "Complete"), ("ListItems", str(len(peers)))]
        else:
            end += [("EventList", "Complete"), ("ListItems", str(len(peers))), *self._aid(aid)]
        out.append(frame(end))
        session.send(b"".join(out))

    def _sip_show_peer(self, session: Session, msg: Message, aid: str | None) -> None:
        name = msg.get("Peer") or ""
        peer = self.peers.get(name)
        if peer is None:
            session.send(response("Error", aid, ("Message", "Peer not found")))
            return
        cid = "" if peer.host else f'"{self.engine.ext_name(name)}" <{name}>'
        pairs = [("Channeltype", "SIP"), ("ObjectName", name), ("ChanObjectType", "peer")]
        pairs += [("Context", f"DLPN_DialPlan{name}"), ("Dynamic", "N" if peer.host else "Y")]
        pairs += [("Callerid", cid), ("Status", "Unmonitored")]
        session.send(response("Success", aid, *pairs))

    def _iax_peer_list(self, session: Session, msg: Message, aid: str | None) -> None:
        ack = [("Message", "IAX Peer status list will follow")]
        if self.modern:
            ack.insert(0, ("EventList", "start"))
        end = [("Event", "PeerlistComplete"), *self._aid(aid)]
        if self.modern:
            end.append(("EventList", "Complete"))
        end.append(("ListItems", "0"))
        session.send(response("Success", aid, *ack) + frame(end))

    def _extension_state(self, session: Session, msg: Message, aid: str | None) -> None:
        ext = msg.get("Exten") or ""
        code = self.hint_code(ext)
        pairs = [("Message", "Extension Status"), ("Exten", ext)]
        hint = f"SIP/{ext}" if code >= 0 else ""
        pairs += [("Context", msg.get("Context") or ""), ("Hint", hint)]
        pairs.append(("Status", str(code)))
        if self.modern:
            pairs.append(("StatusText", _STATUS_TEXT.get(code, "Unknown")))
        session.send(response("Success", aid, *pairs))

    def _extension_state_list(self, session: Session, msg: Message, aid: str | None) -> None:
        if not self.modern:
            text = (
                "Invalid/unknown command: ExtensionStateList."
                " Use Action: ListCommands to show available commands."
            )
            session.send(response("Error", aid, ("Message", text)))
            return
        ack = [("EventList", "start"), ("Message", "Extension Statuses will follow")]
        out = [response("Success", aid, *ack)]
        listed = [p for p in self.extension_peers() if self.hints]
        for p in listed:
            pairs = self._extension_status(p.name, self.hint_code(p.name), privilege=False)
            out.append(frame([pairs[0], *self._aid(aid), *pairs[1:]]))
        end = [("Event", "ExtensionStateListComplete"), *self._aid(aid)]
        end += [("EventList", "Complete"), ("ListItems", str(len(listed)))]
        out.append(frame(end))
        session.send(b"".join(out))

    def _parked_calls(self, session: Session, msg: Message, aid: str | None) -> None:
        """The ParkedCalls list, in each version's spelling (1.8: no EventList headers)."""
        ack = [("Message", "Parked calls will follow")]
        out = [response("Success", aid, *([("EventList", "start")] if self.modern else []), *ack)]
        for slot, name in self.parked.items():
            ch = self.engine.find_channel(name)
            if ch is None:
                continue
            if self.modern:
                pairs = [("Event", "ParkedCall"), *self._aid(aid), ("ParkeeChannel", ch.name)]
                pairs += [("ParkeeUniqueid", ch.uniqueid), ("ParkingSpace", slot)]
                pairs += [("Parkinglot", "default")]
            else:
                pairs = [("Event", "ParkedCall"), ("Parkinglot", "default"), ("Exten", slot)]
                pairs += [("Channel", ch.name), ("Uniqueid", ch.uniqueid), *self._aid(aid)]
            out.append(frame(pairs))
        end = [("Event", "ParkedCallsComplete"), *self._aid(aid)]
        if self.modern:
            end += [("EventList", "Complete"), ("ListItems", str(len(out) - 1))]
        else:
            end += [("Total", str(len(out) - 1))]
        out.append(frame(end))
        session.send(b"".join(out))

    def _atxfer(self, session: Session, msg: Message, aid: str | None) -> None:
        ch = self.engine.find_channel(msg.get("Channel") or "")
        if ch is None:
            session.send(response("Error", aid, ("Message", "Channel specified does not exist")))
            return
        if not self.atxfer_feature:
            if self.modern:
                text = "No attended transfer feature code found"
                session.send(response("Error", aid, ("Message", text)))
            else:  # 1.8 queues the (empty) feature code and nothing happens: seen on 1.8.32.3
                session.send(response("Success", aid, ("Message", "Atxfer successfully queued")))
            return
        session.send(response("Success", aid, ("Message", "Atxfer successfully queued")))
        # The consult leg: the transferer's extension now dials the target.
        self.engine.internal(ch.owner, msg.get("Exten") or "")

    def features_show(self) -> list[str]:
        """`features show` as 1.8.32.3 and 20.20.1 print its first table (column widths kept)."""
        code = "*2" if self.atxfer_feature else ""
        rows = [
            ("Pickup", "*8", "*8"),
            ("Blind Transfer", "#", "#"),
            ("Attended Transfer", "", code),
        ]
        lines = ["Builtin Feature           Default Current"]
        lines.append("---------------           ------- -------")
        lines += [f"{name:<26}{default:<8}{current:<7}" for name, default, current in rows]
        return lines

    def _bridge(self, session: Session, msg: Message, aid: str | None) -> None:
        """The Bridge action as the consult fallback uses it: Channel1 a parked caller, Channel2
        a party of another call (the receptionist's consult leg or the colleague's), whose
        other party hangs up; Channel2 then talks to the parked caller."""
        engine = self.engine
        names = (msg.get("Channel1") or "", msg.get("Channel2") or "")
        found = [engine.find_channel(n) for n in names]
        for key, name, ch in zip(("Channel1", "Channel2"), names, found, strict=True):
            if ch is None:
                text = f"{key} does not exist: {name}"
                session.send(response("Error", aid, ("Message", text)))
                return
        parked, joining = found
        assert parked is not None and joining is not None
        call, other = engine.call_of(parked), engine.call_of(joining)
        if call is None or other is None or call is other or call.answered_by is not None:
            session.send(response("Error", aid, ("Message", "Unable to bridge channels")))
            return
        session.send(response("Success", aid, ("Message", "Channels have been bridged")))
        engine.take_into(call, joining)
        for slot, name in list(self.parked.items()):
            if name == parked.name:
                del self.parked[slot]

    def _park(self, session: Session, msg: Message, aid: str | None) -> None:
        name = msg.get("Channel") or ""
        ch = self.engine.find_channel(name)
        if ch is None:
            session.send(response("Error", aid, ("Message", f"Channel does not exist: {name}")))
            return
        slot = str(self._next_slot)
        self._next_slot = 701 if self._next_slot >= 720 else self._next_slot + 1
        session.send(response("Success", aid, ("Message", "Park successful")))
        self.parked[slot] = ch.name
        call = self.engine.call_of(ch)
        zombie = None
        if not self.modern and call is not None and call.caller is ch:
            # 1.8 moves the caller into a new channel (Parked/…, a new Uniqueid): seen live.
            zombie = self.engine.masquerade(ch, "Parked", hang_up=False)
        if self.modern:
            pairs = [("Event", "ParkedCall"), ("Privilege", "call,all")]
            pairs += [("ParkeeChannel", ch.name), ("ParkeeUniqueid", ch.uniqueid)]
            pairs += [("ParkeeCallerIDNum", ch.cid_num or "<unknown>")]
            pairs += [("Parkinglot", "default"), ("ParkingSpace", slot)]
            pairs += [("ParkingTimeout", "45"), ("ParkingDuration", "0")]
        else:
            pairs = [("Event", "ParkedCall"), ("Privilege", "call,all"), ("Exten", slot)]
            pairs += [("Channel", ch.name), ("Parkinglot", "default")]
            pairs += [("From", msg.get("Channel2") or ""), ("Timeout", "45")]
            pairs += [("CallerIDNum", ch.cid_num or "<unknown>"), ("Uniqueid", ch.uniqueid)]
        self.emit(("call", pairs))
        # The parker's leg leaves the call, as on the real servers.
        if call is not None and call.answered_by is not None and call.caller is ch:
            self.engine.park_leg(call, zombie)
        elif zombie is not None:
            self.emit(self.engine.ev.hangup(zombie, 16))


_HANDLERS: Mapping[str, Callable[[Directory, Session, Message, str | None], None]] = {
    "sippeers": Directory._sip_peers,
    "sipshowpeer": Directory._sip_show_peer,
    "iaxpeerlist": Directory._iax_peer_list,
    "extensionstate": Directory._extension_state,
    "extensionstatelist": Directory._extension_state_list,
    "atxfer": Directory._atxfer,
    "park": Directory._park,
    "parkedcalls": Directory._parked_calls,
    "bridge": Directory._bridge,
}
