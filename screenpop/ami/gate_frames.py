"""What the call gate reads from a raw frame without decoding it.

The header lines that tie a call's frames together, per event the tracker reads, found by
plain byte search on the lowercased frame exactly as the tracker's header reads would find
them (screenpop.ami.gate has the rules and the proof: docs/performance.md, "The call gate").
Pure, stdlib.
"""

from __future__ import annotations

import re

SEP = b"\r\n\r\n"
# The tracker's events (screenpop.calls.tracker EVENTS_READ_*), and Masquerade, which ties a
# pickup's channels together on 1.x. Lowercase; the gate compares lowercased names.
GATED_EVENTS = frozenset(
    {
        "newchannel", "dial", "dialbegin", "dialend", "newstate", "bridge", "link",
        "bridgeenter", "hangup", "cdr", "rename", "agentcalled", "join", "leave", "masquerade",
    }
)  # fmt: skip
# Header names whose values tie frames together, and whether each names a channel's Uniqueid
# (a channel that will send a Hangup; Linkedid names the call, not a channel of this frame).
UID, LINK, CHANNEL = 0, 1, 2
KEY_HEADERS = {
    b"uniqueid": UID, b"uniqueid1": UID, b"uniqueid2": UID, b"destuniqueid": UID,
    b"srcuniqueid": UID, b"linkedid": LINK, b"destlinkedid": LINK,
    b"channel": CHANNEL, b"channel1": CHANNEL, b"channel2": CHANNEL,
    b"destination": CHANNEL, b"destchannel": CHANNEL, b"source": CHANNEL,
    b"channelcalling": CHANNEL, b"destinationchannel": CHANNEL, b"newname": CHANNEL,
    b"oldname": CHANNEL, b"clone": CHANNEL, b"original": CHANNEL,
}  # fmt: skip
# Every line the tracker's header reads could pick (Message.get: name stripped of blanks,
# any case, one space after the colon dropped), on the lowercased frame.
KEY_LINES = re.compile(
    rb"\n[^\S\n]*("
    + b"|".join(sorted(KEY_HEADERS, key=len, reverse=True))
    + rb")[^\S\n]*:[ ]?([^\n]*)"
)


# The header lines each event's handler in the tracker reads to find its call, by event:
# (header, kind, the header read when that one is missing). Lowercase.
READS: dict[str, tuple[tuple[str, int, str | None], ...]] = {
    "newchannel": (
        ("channel", CHANNEL, None), ("uniqueid", UID, None), ("linkedid", LINK, None),
    ),
    "dial": (
        ("channel", CHANNEL, "source"), ("uniqueid", UID, "srcuniqueid"),
        ("destination", CHANNEL, None), ("destuniqueid", UID, None),
    ),
    "dialbegin": (
        ("channel", CHANNEL, None), ("uniqueid", UID, None), ("destchannel", CHANNEL, None),
        ("destuniqueid", UID, None), ("linkedid", LINK, None), ("destlinkedid", LINK, None),
    ),
    "dialend": (
        ("channel", CHANNEL, None), ("uniqueid", UID, None), ("destchannel", CHANNEL, None),
        ("destuniqueid", UID, None), ("linkedid", LINK, None),
    ),
    # Newstate, Hangup and Cdr are tied to their call by the Uniqueid alone: the tracker
    # resolves no name from them (a Hangup's name only clears its own Uniqueid's entry).
    "newstate": (("uniqueid", UID, None),),
    "bridge": (
        ("channel1", CHANNEL, None), ("channel2", CHANNEL, None),
        ("uniqueid1", UID, None), ("uniqueid2", UID, None),
    ),
    "bridgeenter": (
        ("channel", CHANNEL, None), ("uniqueid", UID, None), ("linkedid", LINK, None),
    ),
    "hangup": (("uniqueid", UID, None),),
    "cdr": (("uniqueid", UID, None),),
    "rename": (
        ("channel", CHANNEL, "oldname"), ("newname", CHANNEL, None), ("uniqueid", UID, None),
    ),
    "agentcalled": (
        ("channelcalling", CHANNEL, None), ("uniqueid", UID, None),
        ("destinationchannel", CHANNEL, None),
    ),
    "join": (("channel", CHANNEL, None), ("uniqueid", UID, None)),
    "leave": (("channel", CHANNEL, None), ("uniqueid", UID, None)),
    "masquerade": (("clone", CHANNEL, None), ("original", CHANNEL, None)),
}  # fmt: skip
READS["link"] = READS["bridge"]
# Events with no handling of their own beyond grouping (not Hangup, Cdr, Join, Leave).
PLAIN_EVENTS = frozenset(GATED_EVENTS - {"hangup", "cdr", "join", "leave"})
NEEDLES: dict[str, tuple[str, tuple[tuple[bytes, int, bytes | None], ...]]] = {
    name: (
        name,
        tuple(
            (b"\r\n" + h.encode() + b":", kind, b"\r\n" + alt.encode() + b":" if alt else None)
            for h, kind, alt in headers
        ),
    )
    for name, headers in READS.items()
}
assert set(NEEDLES) == GATED_EVENTS
# Anything that makes plain search differ from the tracker's header reads (a blank before a
# colon or at a line's start, a lone CR): such a read is judged frame by frame, and such a
# frame passes.
CONTROL = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f")


def is_odd(low: bytes) -> bool:
    """A blank before a colon or at a line's start, or a control blank: plain search for
    `\\r\\nname:` could then miss a line the tracker's header read takes."""
    # `in` scans (memchr): a regex of these alternatives costs more than the rest of the gate.
    return b" :" in low or b"\n " in low or b"\t" in low or any(c in low for c in CONTROL)


ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz")
ALNUM_BYTES = frozenset(bytes([c]) for c in ALNUM)


def frame_keys(
    low: bytes, headers: tuple[tuple[bytes, int, bytes | None], ...]
) -> list[tuple[int, bytes]]:
    """The keys a frame's headers name, as the tracker's handler reads them (first line of
    each name; the fallback header when one is missing), with each Local channel's base."""
    values: list[tuple[int, bytes]] = []
    for needle, kind, alt in headers:
        i = low.find(needle)
        if i < 0:
            if alt is None:
                continue
            i = low.find(alt)
            if i < 0:
                continue
            i += len(alt)
        else:
            i += len(needle)
        j = low.find(b"\r\n", i)
        value = (low[i:j] if j >= 0 else low[i:]).strip()
        if value:
            values.append((kind, value))
            if kind == CHANNEL and b";" in value:
                values.append((LINK, value.rsplit(b";", 1)[0]))
    return values
