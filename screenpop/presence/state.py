"""What state is 203 in: ONE place that decides, whatever the source.

Three sources feed it:
- hints: `ExtensionStatus` events and the ExtensionState / ExtensionStateList replies (only
  where the dialplan has `exten => 203,hint,SIP/203`);
- registration: `PeerStatus` (chan_sip, chan_iax2), `ContactStatus` (PJSIP) and the Status
  column of SIPpeers at load time;
- our own view of the channels: Newchannel / Newstate / Hangup / Rename and the
  CoreShowChannels snapshot after a reconnect. It needs nothing configured on the PBX.

Precedence, in `resolve()` and nowhere else:
1. a call seen by the hint OR by our channels -> busy (on hold where the hint says so), else
   ringing: a call is the freshest evidence, and either source may lag the other by an event;
2. DND said by the PBX (PresenceStatus `dnd`, 12+) -> dnd;
3. the hint's idle / unavailable -> free / offline (the PBX's own aggregate of the devices);
4. registration -> free when reachable, offline when not;
5. nothing known -> unknown.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from screenpop.ami.message import Message
from screenpop.calls.channels import clean, parse_channel, unescape_name


class State(enum.StrEnum):
    OFFLINE = "offline"
    FREE = "free"
    RINGING = "ringing"
    BUSY = "busy"
    DND = "dnd"
    UNKNOWN = "unknown"


# ast_extension_state values (pbx.h): bit flags INUSE 1, BUSY 2, UNAVAILABLE 4, RINGING 8,
# ONHOLD 16; -1 no hint, -2 hint removed.
def hint_state(status: str | None) -> tuple[State | None, bool]:
    """(state, on_hold) of an ExtensionStatus `Status:`; (None, False) when there is no hint."""
    try:
        code = int((status or "").strip())
    except ValueError:
        return None, False
    if code < 0:
        return None, False
    hold = bool(code & 16)
    if code & (1 | 2 | 16):
        return State.BUSY, hold
    if code & 8:
        return State.RINGING, False
    if code & 4:
        return State.OFFLINE, False
    return State.FREE, False


_PEER_OFFLINE = ("unregistered", "unreachable", "rejected", "unavailable", "removed")
_PEER_ONLINE = ("registered", "reachable", "ok", "lagged", "created", "not_in_use", "notinuse")


def peer_online(status: str | None) -> bool | None:
    """True/False for a PeerStatus / ContactStatus / SIPpeers Status word; None if unknown."""
    text = (status or "").strip().lower()
    if not text or text.startswith("unmonitored") or text == "unknown":
        return None
    if text.startswith(_PEER_OFFLINE):
        return False
    if text.startswith(_PEER_ONLINE) or text.startswith(("in_use", "inuse", "busy", "ringing")):
        return True
    return None


@dataclass(frozen=True, slots=True)
class Presence:
    extension: str
    state: State
    since: datetime
    with_whom: str | None = None  # the other party's number or name, from our channels
    on_hold: bool = False
    source: str = "none"  # hint, peer, channels, presence, none


@dataclass(frozen=True, slots=True)
class StateChanged:
    """One extension changed state (or was listed after a (re)connect)."""

    presence: Presence
    time: datetime


@dataclass
class _Live:
    state: int  # AMI ChannelState
    other: str | None = None


@dataclass
class _Known:
    hint: State | None = None
    hint_hold: bool = False
    online: bool | None = None
    dnd: bool = False
    channels: dict[str, _Live] = field(default_factory=dict)


def resolve(known: _Known) -> tuple[State, bool, str]:
    """The precedence table of the module docstring: (state, on_hold, source)."""
    # 5 Ringing is a phone ringing; 0 Down is a channel not yet set up; anything else (4 Ring
    # = dialling out, 6 Up) means the phone is off the hook.
    in_call = any(c.state not in (0, 5) for c in known.channels.values())
    ringing = any(c.state == 5 for c in known.channels.values())
    if known.hint is State.BUSY or in_call:
        return State.BUSY, known.hint_hold, "hint" if known.hint is State.BUSY else "channels"
    if known.hint is State.RINGING or ringing:
        return State.RINGING, False, "hint" if known.hint is State.RINGING else "channels"
    if known.dnd:
        return State.DND, False, "presence"
    if known.hint is not None:
        return known.hint, False, "hint"
    if known.online is not None:
        return (State.FREE if known.online else State.OFFLINE), False, "peer"
    return State.UNKNOWN, False, "none"


# Events PresenceBook.feed reads, and Colleagues.feed besides (Reload); kept when the PBX is
# asked to filter (Asterisk 10+ `Filter`), so presence sees what it needs.
PRESENCE_EVENTS: tuple[str, ...] = (
    "ExtensionStatus", "Newchannel", "Newstate", "Hangup", "Rename", "PeerStatus",
    "ContactStatus", "PresenceStatus", "Reload",
)  # fmt: skip


class PresenceBook:
    """Feed it AMI messages; it returns a StateChanged for each extension whose state moved.

    `devices` maps a device (`SIP/203`, `DAHDI/5`) to its extension: only those are tracked,
    so trunk channels never count as a colleague being busy.
    """

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self._devices: dict[str, str] = {}
        self._known: dict[str, _Known] = {}
        self._shown: dict[str, Presence] = {}
        self._chan_ext: dict[str, str] = {}
        # Channels that hung up after a snapshot was asked for: the snapshot must not revive them.
        self._gone: set[str] | None = None
        self.has_hints = False

    # -- the directory ------------------------------------------------------------------

    def set_extensions(self, devices: Mapping[str, str]) -> list[StateChanged]:
        """Device -> extension for every colleague; extensions that vanished are dropped."""
        self._devices = {d.lower(): e for d, e in devices.items()}
        for ext in set(devices.values()):
            self._known.setdefault(ext, _Known())
        gone = set(self._known) - set(devices.values())
        for ext in gone:
            del self._known[ext]
            self._shown.pop(ext, None)
        return self._refresh(set(devices.values()))

    def reset(self) -> None:
        """A new connection: every fact learnt on the old one may be stale."""
        for ext in self._known:
            self._known[ext] = _Known()
        self._chan_ext.clear()
        self._shown.clear()
        self.has_hints = False

    def snapshot(self) -> list[Presence]:
        return [self.presence(ext) for ext in self._known]

    def presence(self, extension: str) -> Presence:
        shown = self._shown.get(extension)
        if shown is not None:
            return shown
        state, hold, source = resolve(self._known.get(extension, _Known()))
        return Presence(extension, state, self._clock(), None, hold, source)

    def all_changes(self) -> list[StateChanged]:
        """The whole directory, as after a connect (for `monitor --presence`)."""
        now = self._clock()
        return [StateChanged(self.presence(ext), now) for ext in self._known]

    # -- loading after a connect ------------------------------------------------------------

    def load_peers(self, online: Mapping[str, bool | None]) -> list[StateChanged]:
        for ext, value in online.items():
            if ext in self._known and value is not None:
                self._known[ext].online = value
        return self._refresh(set(online))

    def load_hints(self, messages: Iterable[Message]) -> list[StateChanged]:
        """ExtensionState replies or ExtensionStateList items."""
        touched = set()
        for msg in messages:
            touched |= self._hint(msg)
        return self._refresh(touched)

    def mark_snapshot(self) -> None:
        """Call right before asking for CoreShowChannels; load_channels() then skips channels
        whose Hangup arrived while the list was on its way."""
        self._gone = set()

    def load_channels(self, messages: Iterable[Message]) -> list[StateChanged]:
        """The CoreShowChannel / Status items of the resync after a (re)connect."""
        touched = set()
        gone, self._gone = self._gone or set(), None
        for msg in messages:
            name = msg.get("Channel")
            if name in gone:
                continue
            state = msg.get("ChannelState")
            if state is None and msg.get("State"):  # 1.8 Status of a Dial leg: State: Ringing
                state = "5" if msg.get("State", "").lower() == "ringing" else "6"
            touched |= self._set_channel(name, state, _other_party(msg))
        return self._refresh(touched)

    # -- live events ------------------------------------------------------------------------

    def feed(self, msg: Message) -> list[StateChanged]:
        name = (msg.event or "").lower()
        if name == "extensionstatus":
            touched = self._hint(msg)
        elif name in ("newchannel", "newstate"):
            channel = msg.get("Channel")
            # Most channels on a busy PBX are no colleague's: the other party is read only
            # for those that are.
            touched = (
                self._set_channel(channel, msg.get("ChannelState"), _other_party(msg))
                if self._ext_of_channel(channel) is not None
                else set()
            )
        elif name == "hangup":
            touched = self._drop_channel(msg.get("Channel"))
        elif name == "rename":
            touched = self._rename(msg.get("Channel"), msg.get("Newname"))
        elif name == "peerstatus":
            touched = self._peer(msg.get("Peer"), msg.get("PeerStatus"))
        elif name == "contactstatus":
            touched = self._peer(f"PJSIP/{msg.get('EndpointName') or ''}", msg.get("ContactStatus"))
        elif name == "presencestatus":
            touched = self._presence(msg)
        else:
            return []
        return self._refresh(touched)

    # -- internals --------------------------------------------------------------------------

    def _ext_of_device(self, device: str | None) -> str | None:
        if not device:
            return None
        return self._devices.get(device.lower())

    def _ext_of_channel(self, name: str | None) -> str | None:
        if not name:
            return None
        known = self._chan_ext.get(name)
        if known is not None:
            return known
        ch = parse_channel(name)
        if ch is None or ch.dialled is not None or ch.local_half is not None:
            return None
        return self._ext_of_device(f"{ch.tech}/{ch.peer}")

    def _hint(self, msg: Message) -> set[str]:
        ext = (msg.get("Exten") or "").strip()
        if ext not in self._known:
            return set()
        state, hold = hint_state(msg.get("Status"))
        if state is not None:
            self.has_hints = True
        k = self._known[ext]
        k.hint, k.hint_hold = state, hold
        return {ext}

    def _set_channel(self, name: str | None, state: str | None, other: str | None) -> set[str]:
        ext = self._ext_of_channel(name)
        if ext is None or name is None:
            return set()
        try:
            code = int(state or "0")
        except ValueError:
            code = 0
        self._chan_ext[name] = ext
        live = self._known[ext].channels.get(name)
        if live is None:
            self._known[ext].channels[name] = _Live(code, other)
        else:
            live.state = code
            live.other = other or live.other
        return {ext}

    def _drop_channel(self, name: str | None) -> set[str]:
        if not name:
            return set()
        if self._gone is not None:
            self._gone.add(name)
        ext = self._chan_ext.pop(name, None)
        if ext is None or ext not in self._known:
            return set()
        self._known[ext].channels.pop(name, None)
        return {ext}

    def _rename(self, old: str | None, new: str | None) -> set[str]:
        if not old or not new:
            return set()
        ext = self._chan_ext.pop(old, None)
        if ext is None or ext not in self._known:
            return set()
        live = self._known[ext].channels.pop(old, None)
        if live is not None and not new.endswith(("<ZOMBIE>", "<MASQ>")):
            self._known[ext].channels[new] = live
            self._chan_ext[new] = ext
        return {ext}

    def _peer(self, peer: str | None, status: str | None) -> set[str]:
        ext = self._ext_of_device(peer)
        if ext is None:
            return set()
        online = peer_online(status)
        if online is None:
            return set()
        self._known[ext].online = online
        return {ext}

    def _presence(self, msg: Message) -> set[str]:
        ext = (msg.get("Exten") or "").strip()
        if ext not in self._known:
            return set()
        self._known[ext].dnd = (msg.get("Status") or "").strip().lower() == "dnd"
        return {ext}

    def _refresh(self, extensions: Iterable[str]) -> list[StateChanged]:
        out = []
        now = self._clock()
        for ext in extensions:
            k = self._known.get(ext)
            if k is None:
                continue
            state, hold, source = resolve(k)
            other = next((c.other for c in k.channels.values() if c.other), None)
            if state not in (State.BUSY, State.RINGING):
                other = None
            old = self._shown.get(ext)
            if old is not None and (old.state, old.on_hold, old.with_whom) == (state, hold, other):
                continue
            since = old.since if old is not None and old.state is state else now
            new = Presence(ext, state, since, other, hold, source)
            self._shown[ext] = new
            out.append(StateChanged(new, now))
        return out


def _other_party(msg: Message) -> str | None:
    name = clean(msg.get("ConnectedLineName"))
    num = clean(msg.get("ConnectedLineNum"))
    if name:
        return unescape_name(name)
    return num


def state_to_dict(change: StateChanged) -> dict[str, object]:
    """The `screenpop monitor --presence` line of one change."""
    p = change.presence
    out: dict[str, object] = {
        "type": "state",
        "extension": p.extension,
        "state": str(p.state),
        "time": change.time.isoformat(timespec="milliseconds"),
        "since": p.since.isoformat(timespec="milliseconds"),
    }
    if p.with_whom:
        out["with"] = p.with_whom
    if p.on_hold:
        out["on_hold"] = True
    return out
