"""Click-to-dial: when does the user's own phone ring for our Originate? Pure, fed AMI events.

An Originate's reply only says the PBX queued it; its OriginateResponse comes when the phone is
answered (or after the ring timeout). A command run from a CRM button should come back when the
phone rings, so this watches the events of the originated channel instead:

- a new channel of the phone's device (`SIP/474` -> `SIP/474-0000002a`) that no other call's Dial
  or queue claims (1.x `Dial` Begin / 12+ `DialBegin` with a calling channel / 1.x `AgentCalled`
  name it as their destination; an Originate's own 12+ `DialBegin` has no calling channel),
- reaching state Ringing (5) or Up (6, a phone that answers at once).

The OriginateResponse, when it comes first, settles the matter (see service.DialAttempt).
"""

from __future__ import annotations

from screenpop.ami.message import Message

_RINGING_OR_UP = ("5", "6")


class OriginateWatch:
    """Follows the channel an Originate to `device` creates until it rings."""

    def __init__(self, device: str):
        self.prefix = device.lower() + "-"
        self._candidates: dict[str, str] = {}  # Uniqueid -> channel name
        self.channel: str | None = None
        self.ringing = False

    def feed(self, msg: Message) -> bool:
        """Feed one event; True once (when the originated phone is seen ringing)."""
        if self.ringing:
            return False
        name = (msg.event or "").lower()
        uid = msg.get("Uniqueid") or ""
        if name == "newchannel":
            channel = msg.get("Channel") or ""
            if channel.lower().startswith(self.prefix) and uid:
                self._candidates[uid] = channel
        elif name in ("dial", "dialbegin"):
            caller = msg.get("Channel") or msg.get("Source")
            dest = msg.get("DestUniqueID") or msg.get("DestUniqueid")
            if caller and dest and (msg.get("SubEvent") or "begin").lower() == "begin":
                self._candidates.pop(dest, None)  # a leg of somebody's Dial, not ours
        elif name == "agentcalled":
            dest = msg.get("DestinationChannel")
            for key, channel in list(self._candidates.items()):
                if channel == dest:
                    del self._candidates[key]
        elif name == "newstate":
            if uid in self._candidates and msg.get("ChannelState") in _RINGING_OR_UP:
                self.channel = msg.get("Channel") or self._candidates[uid]
                self.ringing = True
                return True
        elif name == "rename":
            if uid in self._candidates and msg.get("Newname"):
                self._candidates[uid] = msg.get("Newname") or ""
        elif name == "hangup":
            self._candidates.pop(uid, None)
        return False
