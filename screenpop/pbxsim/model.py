"""Live channels and calls of the simulated PBX."""

from __future__ import annotations

from dataclasses import dataclass, field

STATE_DESC = {
    0: "Down",
    1: "Rsrvd",
    2: "OffHook",
    3: "Dialing",
    4: "Ring",
    5: "Ringing",
    6: "Up",
    7: "Busy",
}
DOWN, RING, RINGING, UP = 0, 4, 5, 6

CAUSES = {
    0: "Unknown",
    16: "Normal Clearing",
    17: "User busy",
    19: "User alerting, no answer",
    21: "Call Rejected",
    26: "Answered elsewhere",
}


@dataclass(eq=False)
class Channel:
    """One Asterisk channel as the simulator tracks it.

    `has_pbx` marks a channel running dialplan (a caller running Dial); legs created by Dial
    have none, which changes how Status, Redirect and `core show channels` treat them.
    """

    name: str
    uniqueid: str
    linkedid: str
    created: float
    cid_num: str = ""
    cid_name: str = ""
    conn_num: str = ""
    conn_name: str = ""
    context: str = ""
    exten: str = ""
    priority: int = 1
    state: int = DOWN
    application: str = ""
    app_data: str = ""
    has_pbx: bool = False
    bridged: Channel | None = None
    owner: str = ""  # the extension, trunk or DAHDI port the channel belongs to

    @property
    def state_desc(self) -> str:
        return STATE_DESC.get(self.state, "Unknown")

    @property
    def tech(self) -> str:
        return self.name.split("/", 1)[0]


@dataclass
class CdrSegment:
    """What one `Event: Cdr` reports; a transferred call may produce several on flavor 20."""

    destination: str
    dest_context: str
    last_app: str = "Dial"
    last_data: str = ""
    dest_channel: str = ""
    start: float = 0.0
    answer: float | None = None
    disposition: str = "NO ANSWER"
    # Every leg this stretch dialled in parallel (a ring group rings several).
    dialled: list[str] = field(default_factory=list)


@dataclass
class QueueSetup:
    """An app_queue queue: `ringall` rings every member at once, `linear` one by one."""

    name: str
    members: list[str]
    strategy: str = "ringall"
    eventwhencalled: bool = True  # 1.8 only: AgentCalled per member ring (12+ always sends it)
    next_member: int = 0


@dataclass(eq=False)
class Call:
    """A caller channel and the legs it dials.

    `kind` is one of inbound, internal, outbound, analog, originate. `legs` maps the
    dialled extension (or trunk) to the ringing or answered leg channel.
    """

    kind: str
    caller: Channel
    legs: dict[str, Channel] = field(default_factory=dict)
    answered_by: Channel | None = None
    segments: list[CdrSegment] = field(default_factory=list)
    ended: bool = False
    # 20 flavor only: the bridge an answered call sits in.
    bridge_id: str = ""
    # A queue call (kind "queue"): the queue, its members in order, how they ring.
    queue: QueueSetup | None = None

    @property
    def id(self) -> str:
        """The caller's Uniqueid: what clients key a call by."""
        return self.caller.uniqueid

    @property
    def state(self) -> str:
        if self.ended:
            return "ended"
        return "up" if self.answered_by is not None else "ringing"

    @property
    def segment(self) -> CdrSegment:
        return self.segments[-1]
